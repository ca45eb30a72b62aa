"""Promote a new bundle to the served path, only when it is not worse beyond the configured margins.

``judge(comparison, config) -> Verdict`` reads a comparison (``pipelines.compare``) and lists every
regression: a language x label cell of a judged set (``configs/promotion.yaml``: test, reviewed,
challenge by default; dev is what calibration was fitted on and is reported only) whose F1 or
PR-AUC drops by more than ``max_drop``, or a challenge language whose accuracy drops by more than
``max_drop_challenge``. Cells with fewer than ``min_positives`` positives or ``min_negatives``
negatives (or challenge languages with fewer than ``min_cases`` cases) are listed as not judged:
they are noise, not evidence.

``promote(new, served, ...)`` refuses a bundle with regressions (``PromotionRefused`` names each
one) unless forced with a reason; otherwise it copies the bundle next to the served folder,
verifies the copy, keeps the served one as ``<served>.previous`` and swaps the folders, then
records ``model.promote`` in the review database's audit log (``serving.review.audit``). A running
server serves it after ``POST /v1/admin/reload-model`` or SIGHUP (``serving/admin.py``).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from polarscan.models.bundle import BundleError, load_bundle
from polarscan.models.config import ConfigError, StrictModel, read_yaml, validate

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = REPO_ROOT / "configs" / "promotion.yaml"


class PromotionConfig(StrictModel):
    """``configs/promotion.yaml`` (every field commented there)."""

    served: Path = Path("models/default")
    judge: list[Literal["dev", "test", "reviewed", "challenge"]] = ["test", "reviewed", "challenge"]
    metrics: list[Literal["f1", "pr_auc", "precision", "recall"]] = ["f1", "pr_auc"]
    max_drop: float = Field(0.02, ge=0, le=1)
    max_drop_challenge: float = Field(0.02, ge=0, le=1)
    min_positives: int = Field(10, ge=1)
    min_negatives: int = Field(10, ge=1)
    min_cases: int = Field(20, ge=1)
    languages: list[str] | None = None  # judge only these (null: every language, and the pooled `all`)


class PromotionError(ValueError):
    """Promotion cannot go ahead; the message says why and what to do."""


class PromotionRefused(PromotionError):
    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.summary + "\n" + "\n".join(f"  {r['where']}" for r in verdict.regressions))
        self.verdict = verdict


def load_promotion_config(path: Path | str | None = None, **overrides: Any) -> PromotionConfig:
    """The promotion margins (``models.config``'s reader and error format; no file: the defaults)."""
    path = Path(path) if path is not None else DEFAULT_CONFIG
    try:
        raw = read_yaml(path) if path.is_file() else {}
        raw.update({k: v for k, v in overrides.items() if v is not None})
        config = validate(PromotionConfig, raw, str(path))
    except ConfigError as exc:
        raise PromotionError(str(exc)) from None
    if not config.served.is_absolute():  # config paths are relative to the repository root, like the other configs
        config.served = REPO_ROOT / config.served
    return config


@dataclass
class Verdict:
    ok: bool
    summary: str
    regressions: list[dict[str, Any]] = field(default_factory=list)
    not_judged: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "summary": self.summary, "regressions": self.regressions, "not_judged": self.not_judged}


def judge(comparison: dict[str, Any], config: PromotionConfig) -> Verdict:
    """Every regression beyond the margins in the judged sets (see the module docstring)."""
    regressions: list[dict[str, Any]] = []
    not_judged: list[str] = []
    judged = 0
    for name in config.judge:
        block = comparison["sets"].get(name)
        if block is None:
            continue
        if name == "challenge":
            for lang, c in block["languages"].items():
                if config.languages is not None and lang not in config.languages:
                    continue
                if c["n"] < config.min_cases:
                    not_judged.append(f"challenge {lang} ({c['n']} cases)")
                    continue
                old, new = c["served"]["accuracy"], c["new"]["accuracy"]
                judged += 1
                if old is not None and new is not None and old - new > config.max_drop_challenge:
                    regressions.append({"set": name, "lang": lang, "label": None, "metric": "accuracy", "served": old, "new": new,
                                        "drop": old - new, "margin": config.max_drop_challenge,
                                        "where": f"challenge {lang}: accuracy {old:.3f} -> {new:.3f} "
                                                 f"(-{old - new:.3f} > margin {config.max_drop_challenge})"})
            continue
        for lang, per_label in block["cells"].items():
            if config.languages is not None and lang not in config.languages:
                continue
            for label, c in per_label.items():
                if c["positives"] < config.min_positives or c["negatives"] < config.min_negatives:
                    not_judged.append(f"{name} {lang} {label} ({c['positives']} pos / {c['negatives']} neg)")
                    continue
                judged += 1
                for metric in config.metrics:
                    old, new = c["served"][metric], c["new"][metric]
                    if old is None or new is None or old - new <= config.max_drop:
                        continue
                    regressions.append({"set": name, "lang": lang, "label": label, "metric": metric, "served": old, "new": new,
                                        "drop": old - new, "margin": config.max_drop,
                                        "where": f"{name} {lang} {label}: {metric} {old:.3f} -> {new:.3f} "
                                                 f"(-{old - new:.3f} > margin {config.max_drop})"})
    new, served = comparison["new"], comparison["served"]
    name = f"{new['model_id']}@{new['model_version']}"
    if regressions:
        summary = (f"refused: {name} is worse than the served {served['model_id']}@{served['model_version']} beyond the "
                   f"margins in {len(regressions)} place(s) (of {judged} judged cells)")
    elif judged == 0:
        summary = (f"refused: nothing could be judged (every cell below min_positives={config.min_positives} / "
                   f"min_negatives={config.min_negatives} / min_cases={config.min_cases}); add data or lower the minimums")
    else:
        summary = f"ok: {name} is within the margins on all {judged} judged cells ({', '.join(config.judge)})"
    return Verdict(ok=not regressions and judged > 0, summary=summary, regressions=regressions, not_judged=not_judged)


@dataclass
class PromoteResult:
    new: dict[str, Any]
    previous: dict[str, Any] | None
    served: Path
    backup: Path | None
    verdict: Verdict
    forced: bool
    audit_id: int | None = None


def read_comparison(path: Path | str, new: Path, served: Path) -> dict[str, Any]:
    """A comparison file, checked to be about exactly these two bundles (same manifests)."""
    from polarscan.pipelines.compare import fingerprint

    comparison = json.loads(Path(path).read_text(encoding="utf-8"))
    for side, bundle in (("new", new), ("served", served)):
        if comparison[side]["fingerprint"] != fingerprint(bundle):
            raise PromotionError(f"{path} compares another {side} bundle than {bundle} (its manifest changed since); "
                                 "compare again: polarscan promote NEW --data CORPUS [--challenge ...]")
    return comparison


def _swap(new: Path, served: Path) -> Path | None:
    """Copy ``new`` beside ``served``, verify the copy, keep ``served`` as ``<served>.previous``, swap."""
    incoming = served.with_name(f".{served.name}.incoming")
    backup = served.with_name(f"{served.name}.previous")
    if incoming.exists():
        shutil.rmtree(incoming)
    shutil.copytree(new, incoming)
    load_bundle(incoming)  # hashes verified on the copy before anything is replaced
    kept = None
    if served.exists():
        if backup.exists():
            shutil.rmtree(backup)
        served.rename(backup)
        kept = backup
    incoming.rename(served)
    return kept


def promote(new: Path | str, served: Path | str, comparison: dict[str, Any], config: PromotionConfig, *,
            database_url: str | None, actor: str, force: bool = False, reason: str | None = None) -> PromoteResult:
    """Judge, then (unless refused) replace the served bundle and audit it (module docstring)."""
    new, served = Path(new), Path(served)
    try:
        new_bundle = load_bundle(new)
    except BundleError as exc:
        raise PromotionError(f"new bundle: {exc}") from None
    if new.resolve() == served.resolve():
        raise PromotionError(f"{new} is already the served bundle")
    previous = None
    if served.exists():
        b = load_bundle(served)
        previous = {"model_id": b.model_id, "model_version": str(b.model_version)}
    verdict = judge(comparison, config)
    if not verdict.ok and not force:
        raise PromotionRefused(verdict)
    if force and not (reason or "").strip():
        raise PromotionError("--force needs --reason: the audit log records why a refused bundle was promoted")
    backup = _swap(new, served)
    ref = {"model_id": new_bundle.model_id, "model_version": str(new_bundle.model_version)}
    result = PromoteResult(new=ref, previous=previous, served=served, backup=backup, verdict=verdict,
                           forced=force and not verdict.ok)
    if database_url:
        from polarscan.serving.review import audit
        from polarscan.serving.review.db import open_database

        db = open_database(database_url)
        try:
            with db.session() as session:
                entry = audit.record(session, actor, "model.promote", "model", f"{ref['model_id']}@{ref['model_version']}",
                                     served_path=str(served), previous=previous, verdict=verdict.summary,
                                     regressions=[r["where"] for r in verdict.regressions], forced=result.forced,
                                     reason=reason, backup=str(backup) if backup else None)
                session.commit()
                result.audit_id = entry.id
        finally:
            db.close()
    return result
