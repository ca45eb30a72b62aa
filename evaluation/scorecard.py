"""``polarscan scorecard``: the quality gate of issue 8, several bundles side by side, everything
through the served path (``Predictor.classify``: ONNX, calibration, per-language thresholds and
the measured-pairs rule), one Markdown table per question.

* challenge sets (``--challenge``, HateCheck format, language detected as when served): macro-F1
  of the hateful/non-hateful decision (the ``hateful`` flag), accuracy on identity neutral /
  positive cases, counter-speech, negated hate, threats; the ``violent`` flag on threat cases and
  on figurative look-alikes (``threat_figurative``);
* held-back sets (``--fresh``): the same, reported apart (used for the final check only);
* corpus test rows (``--data``, nl/fr/ar, the corpus language passed as known): F1 of the
  ``hateful`` and ``offensive`` flags on rows where the label is annotated;
* false flags on natural Dutch posts: share of ``imsypp_nl`` test posts typed ``appropriate``
  flagged ``hateful``/``offensive``/``violent``, ``hateful``, and ``polarising``, beside the team's
  polarisation labels for the same posts where they exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

LANGS = ("nl", "fr", "ar")
FAMILIES = {
    "identity neutral/positive": ("identity_neutral", "identity_positive"),
    "counter-speech": ("counter_speech_quote", "counter_speech_report"),
    "negated hate": ("negated_hate",),
    "threats (hateful flag)": ("threat",),
}


def _f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """F1 of the positive class (``evaluation.metrics``), 0.0 where it is undefined."""
    from polarscan.evaluation.metrics import confusion, f1

    return f1(confusion(gold, pred)) or 0.0


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    return (_f1(gold, pred) + _f1(~gold, ~pred)) / 2


@dataclass
class Scorecard:
    bundle: str
    challenge: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang -> metric -> value
    fresh: dict[str, dict[str, Any]] = field(default_factory=dict)
    corpus: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang -> "hateful F1" ...
    imsypp: dict[str, Any] = field(default_factory=dict)


def suite_metrics(cases, outputs: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per language: n, macro-F1, accuracy per family, violent flag rates on threats/look-alikes."""
    out: dict[str, dict[str, Any]] = {}
    for lang in sorted({c.lang for c in cases}):
        idx = [i for i, c in enumerate(cases) if c.lang == lang]
        gold = np.array([cases[i].label_gold == "hateful" for i in idx])
        pred = np.array([bool(outputs[i]["labels"]["hateful"]["flagged"]) for i in idx])
        m: dict[str, Any] = {"n": len(idx), "macro-F1": macro_f1(gold, pred)}
        for name, funcs in FAMILIES.items():
            sel = [k for k, i in enumerate(idx) if cases[i].functionality in funcs]
            m[name] = float(np.mean(gold[sel] == pred[sel])) if sel else None
            m[f"{name} n"] = len(sel)
        for func in ("threat", "threat_figurative"):
            sel = [i for i in idx if cases[i].functionality == func]
            flags = [bool(outputs[i]["labels"].get("violent", {}).get("flagged")) for i in sel]
            m[f"violent on {func}"] = float(np.mean(flags)) if sel else None
            m[f"violent on {func} n"] = len(sel)
        out[lang] = m
    return out


def corpus_metrics(predictor, rows: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """F1 of hateful/offensive flags per language on test rows; imsypp_nl appropriate flag rates."""
    outputs = predictor.classify([r["raw_text"] or r["text"] for r in rows], langs=[r["lang"] for r in rows])
    per_lang: dict[str, dict[str, Any]] = {}
    for lang in LANGS:
        idx = [i for i, r in enumerate(rows) if r["lang"] == lang]
        m: dict[str, Any] = {}
        for label in ("hateful", "offensive"):
            known = [i for i in idx if rows[i]["labels"].get(label) is not None]
            gold = np.array([rows[i]["labels"][label] == 1 for i in known])
            pred = np.array([bool(outputs[i]["labels"][label]["flagged"]) for i in known])
            m[f"{label} F1"] = _f1(gold, pred) if known else None
            m[f"{label} n (pos)"] = f"{len(known)} ({int(gold.sum()) if known else 0})"
        per_lang[lang] = m
    app = [i for i, r in enumerate(rows) if r["source"] == "imsypp_nl" and (r.get("meta") or {}).get("type") == "appropriate"]
    flag = lambda i, label: bool(outputs[i]["labels"][label]["flagged"])  # noqa: E731
    team = [i for i in app if "polarising" in ((rows[i].get("meta") or {}).get("team_labels") or {})]
    imsypp = {
        "n appropriate": len(app),
        "hateful|offensive|violent": float(np.mean([flag(i, "hateful") or flag(i, "offensive") or flag(i, "violent") for i in app])) if app else None,
        "hateful": float(np.mean([flag(i, "hateful") for i in app])) if app else None,
        "polarising": float(np.mean([flag(i, "polarising") for i in app])) if app else None,
        "team-labelled appropriate posts": len(team),
        "polarising flagged among them": float(np.mean([flag(i, "polarising") for i in team])) if team else None,
        "team polarising=1 among them": float(np.mean([rows[i]["labels"]["polarising"] == 1 for i in team])) if team else None,
    }
    return per_lang, imsypp


def read_test_rows(corpus: Path) -> list:
    """The corpus's test rows in the scorecard's languages (``models.corpus.read_corpus``)."""
    from polarscan.evaluation.data import DataError
    from polarscan.models.corpus import CorpusError, read_corpus

    try:
        return [r for r in read_corpus(corpus, splits=["test"]) if r.lang in LANGS]
    except CorpusError as exc:
        raise DataError(str(exc)) from None


def scorecard(bundle: str | Path, challenge: Sequence[Path] = (), fresh: Sequence[Path] = (), corpus: Path | None = None,
              test_rows: list[dict[str, Any]] | None = None) -> Scorecard:
    from polarscan.evaluation.functional import load_suite
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(bundle)
    card = Scorecard(str(bundle))
    for paths, target in ((challenge, card.challenge), (fresh, card.fresh)):
        if paths:
            cases = load_suite(paths)
            target.update(suite_metrics(cases, predictor.classify([c.test_case for c in cases])))
    if corpus is not None or test_rows is not None:
        rows = test_rows if test_rows is not None else read_test_rows(corpus)
        card.corpus, card.imsypp = corpus_metrics(predictor, rows)
    return card


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def markdown(cards: Sequence[Scorecard]) -> str:
    names = [Path(c.bundle).name or c.bundle for c in cards]
    lines: list[str] = []

    def table(title: str, rows: list[tuple[str, list[Any]]]) -> None:
        lines.extend([f"### {title}", "", "| | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)])
        lines.extend(f"| {k} | " + " | ".join(_fmt(v) for v in vals) + " |" for k, vals in rows)
        lines.append("")

    for attr, title in (("challenge", "Challenge sets (datasets/challenge)"), ("fresh", "Held-back fresh sets (datasets/challenge/fresh)")):
        if any(getattr(c, attr) for c in cards):
            keys = [k for k in next(getattr(c, attr) for c in cards if getattr(c, attr))[LANGS[0]] if not k.endswith(" n")]
            rows = [(f"{lang} {k}", [getattr(c, attr).get(lang, {}).get(k) for c in cards]) for lang in LANGS for k in keys]
            table(title, rows)
    if any(c.corpus for c in cards):
        keys = ["hateful F1", "offensive F1", "hateful n (pos)", "offensive n (pos)"]
        table("Corpus test rows (served flags, corpus language)", [(f"{lang} {k}", [c.corpus.get(lang, {}).get(k) for c in cards]) for lang in LANGS for k in keys])
        keys = list(next(c.imsypp for c in cards if c.imsypp))
        table("imsypp_nl test posts typed `appropriate`: share flagged", [(k, [c.imsypp.get(k) for c in cards]) for k in keys])
    return "\n".join(lines)
