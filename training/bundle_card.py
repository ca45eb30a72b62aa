"""Writing a trained model as a verified bundle with metrics and a model card.

Used by the baseline and the transformer alike: the bundle is written first, then scored through
the *exported* ONNX model with ``models.predictor.Predictor`` (so the metrics describe what is
served, not the training framework), then metrics.json and MODEL_CARD.md are added and the
manifest is rehashed.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from models.bundle import Bundle, load_bundle, write_bundle, write_manifest
from models.taxonomy import load_taxonomy
from training.config import REPO_ROOT

CARDS_DIR = REPO_ROOT / "datasets" / "cards"
LANGS_FIRST = ("nl", "fr", "ar", "en", "de")


def _card(source: str) -> dict[str, Any]:
    path = CARDS_DIR / f"{source}.yaml"
    if not path.is_file():
        return {}
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"dataset card {path} is not valid YAML: {exc}") from None


def data_provenance(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows per source and split, with each source's licence and origin from its dataset card."""
    counts: dict[str, Counter] = {}
    for row in rows:
        counts.setdefault(row["source"], Counter())[row["split"]] += 1
    sources = []
    for name in sorted(counts):
        card = _card(name)
        sources.append(
            {
                "name": name,
                "licence": card.get("licence") or card.get("license") or "see datasets/cards",
                "url": card.get("url") or card.get("homepage"),
                "languages": card.get("languages") or card.get("language"),
                "rows": dict(counts[name]),
            }
        )
    return {"sources": sources, "rows": sum(sum(c.values()) for c in counts.values())}


def score_rows(bundle: Bundle, rows: list[dict[str, Any]], cache_dir: Path | None = None):
    """Evaluate a bundle on corpus rows: returns ``evaluation.metrics.MetricsTable``.

    Scores are the served ones: raw model scores, then the bundle's per-language calibration maps.
    With ``cache_dir``, raw scores already computed for these texts (e.g. by calibration) are reused.
    """
    from evaluation.data import rows_to_data
    from evaluation.metrics import metrics_table
    from evaluation.run import raw_scores
    from models.calibration import apply_calibration
    from models.predictor import Predictor

    data = rows_to_data(rows, bundle.labels, source="bundle-eval")
    raw = raw_scores(Predictor(bundle), data.texts, cache_dir=cache_dir)
    scores = apply_calibration(raw, bundle.labels, bundle.manifest.get("calibration"), data.langs)
    languages = [lang for lang in LANGS_FIRST if lang in set(data.langs)] + sorted(set(data.langs) - set(LANGS_FIRST))
    return metrics_table(data.y, scores, data.langs, bundle.labels, bundle.threshold, languages=languages)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def metrics_markdown(table: dict[str, Any], labels: list[str]) -> str:
    """A per language x label Markdown table from ``MetricsTable.to_dict()``."""
    lines = ["| lang | label | support (pos) | P | R | F1 | PR-AUC | ROC-AUC |", "|---|---|---|---|---|---|---|---|"]
    for lang, per_label in table["per_language"].items():
        for label in labels:
            m = per_label.get(label)
            if not m or not m.get("support"):
                continue
            lines.append(
                f"| {lang} | {label} | {m['support']} ({m['positives']}) | {_fmt(m['precision'])} | {_fmt(m['recall'])} "
                f"| {_fmt(m['f1'])} | {_fmt(m['pr_auc'])} | {_fmt(m['roc_auc'])} |"
            )
    return "\n".join(lines)


def _flag_section(manifest: dict[str, Any]) -> list[str]:
    """Which language x label pairs are flagged (measured on dev data) and which never are."""
    allowed = manifest.get("flag_languages")
    if allowed is None:
        return []
    langs = ["nl", "fr", "ar", "en", "de", "other"]
    lines = ["## Flags only where data measured them",
             "A label is flagged in a language only when that language's dev rows have enough positives and "
             "negatives of it. For the other pairs the score is returned, but `flagged` is always false "
             "(`measured: false` in the API).", ""]
    for label in manifest["labels"]:
        on = allowed.get(label) or []
        off = [lang for lang in langs if lang not in on]
        lines.append(f"- `{label}`: flagged in {', '.join(on) or 'no language'}; never flagged in {', '.join(off) or '-'}")
    return lines + [""]


def model_card(manifest: dict[str, Any], metrics: dict[str, Any], description: str, reproduce: str) -> str:
    taxonomy = load_taxonomy()
    label_lines = "\n".join(f"- `{l.name}`: {l.description}" for l in taxonomy.labels if l.name in manifest["labels"])
    source_lines = "\n".join(
        f"- `{s['name']}` ({s.get('languages') or '?'}), licence: {s['licence']}; rows {s['rows']}" for s in manifest["data"]["sources"]
    )
    derived = manifest["data"].get("derived_from") or []
    if derived:
        source_lines += "\n\nDerived from word lists (used in training augmentation; their licence applies to the model):\n" + "\n".join(
            f"- `{d['name']}`, licence: {d.get('licence', '?')} ({d.get('url', '')})" for d in derived)
    threshold_lines = "\n".join(f"- `{label}`: {json.dumps(t)}" for label, t in manifest["thresholds"].items())
    sections = [
        f"# Model card: {manifest['model_id']} v{manifest['model_version']}",
        "",
        f"Kind: `{manifest['kind']}`. {description}",
        "",
        "## Intended use",
        "Ranking and explaining public social-media posts in Dutch (incl. Flemish), French and Arabic "
        "(incl. Darija/Arabizi) for review by trained prevention workers. **People decide; the model only "
        "ranks.** Not for automated moderation, sanctions, or profiling of individuals.",
        "",
        "## Labels",
        label_lines,
        "",
        "## Training data and licences",
        "No public Dutch training set exists here: Dutch training posts, where any, are our own synthetic and "
        "team-written ones (`synthetic_nl`, card in `datasets/cards/`), and `imsypp_nl` is used only for dev "
        "(thresholds) and test. Labels a source does not annotate were masked, not treated as negative.",
        "",
        source_lines,
        "",
        "## Thresholds (chosen on dev, per label and language where dev has enough positives)",
        threshold_lines,
        "",
        *_flag_section(manifest),
    ]
    for split in ("dev", "test"):
        if split in metrics:
            sections += [f"## {split.capitalize()} metrics (per language x label, through the exported ONNX model)", metrics_markdown(metrics[split], manifest["labels"]), ""]
    sections += [
        "## Limitations",
        "Public data sets are keyword-sampled Twitter/YouTube data with their own annotation guidelines; "
        "the label mapping onto this taxonomy is documented in `datasets/cards/`. Expect lower quality on "
        "Dutch (no training data), on Arabizi, on counter-speech that quotes hate, and on obfuscated text. "
        "See the evaluation report for functional tests, robustness and bias measurements.",
        "",
        "## Reproduce",
        reproduce if "```" in reproduce else f"```\n{reproduce}\n```",
        "",
    ]
    return "\n".join(sections)


def write_trained_bundle(
    out: Path,
    *,
    onnx_path: Path,
    kind: str,
    model_id: str,
    model_version: str,
    labels: list[str],
    splits: dict[str, list[dict[str, Any]]],
    training: dict[str, Any],
    data: dict[str, Any],
    description: str,
    reproduce: str,
    extra_files: dict[str, Path] | None = None,
    **manifest_extra: Any,
) -> Bundle:
    """Write the bundle, then ``finalize_bundle`` it (calibration, thresholds, metrics, card)."""
    write_bundle(
        out,
        model_onnx=onnx_path,
        kind=kind,
        model_id=model_id,
        model_version=model_version,
        labels=labels,
        thresholds={label: {"default": 0.5} for label in labels},  # replaced by finalize_bundle
        extra_files=extra_files,
        training=training,
        data=data,
        **manifest_extra,
    )
    return finalize_bundle(out, splits=splits, description=description, reproduce=reproduce)


def finalize_bundle(
    out: Path, *, splits: dict[str, list[dict[str, Any]]], description: str | None = None, reproduce: str | None = None
) -> Bundle:
    """Make a written bundle self-describing and its scores meaningful.

    1. calibration maps per label and thresholds per label x language fitted on the dev rows
       (``evaluation.calibrate.calibrate_bundle`` with ``configs/evaluation.yaml``);
    2. dev/test metrics per language x label through the exported model as served;
    3. metrics.json, MODEL_CARD.md, rehashed manifest.
    """
    from evaluation.calibrate import calibrate_bundle
    from evaluation.data import rows_to_data

    out = Path(out)
    card_text = load_bundle(out).manifest.get("card", {})
    description = description or card_text.get("description")
    reproduce = reproduce or card_text.get("reproduce")
    if not description or not reproduce:
        raise ValueError(f"{out}: give the model card's description and reproduce text (the manifest has none stored)")
    if not splits.get("dev"):
        raise ValueError("finalize_bundle needs dev rows to fit calibration and thresholds")
    with tempfile.TemporaryDirectory() as cache:  # dev is scored once: for calibration and for metrics
        calibrate_bundle(out, rows_to_data(splits["dev"], load_bundle(out).labels, source="dev"), split="all", cache_dir=cache)
        bundle = load_bundle(out)
        metrics = {split: score_rows(bundle, rows, Path(cache)).to_dict() for split, rows in splits.items() if rows}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = {
        split: {lang: {"macro_f1": m["f1"], "macro_pr_auc": m["pr_auc"], "rows": table["rows"].get(lang)} for lang, m in table["macro"].items()}
        for split, table in metrics.items()
    }
    manifest = {**bundle.manifest, "metrics_summary": summary, "card": {"description": description, "reproduce": reproduce}}
    (out / "MODEL_CARD.md").write_text(model_card(manifest, metrics, description, reproduce), encoding="utf-8")
    write_manifest(out, manifest)
    return load_bundle(out)
