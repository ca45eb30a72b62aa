"""Compare a new bundle with the served one on the same rows, as served, before promoting it.

``compare_bundles(new, served, splits, reviewed, cases) -> dict`` scores both bundles through
``models.predictor.Predictor`` with their own calibration maps and thresholds
(``pipelines.finalize.score_rows``) on

* the same dev and test rows (of the corpus the new bundle was built from),
* the reviewed posts: rows of source ``review`` (reviewer decisions, ``data build --with-reviews``)
  in dev or test, so that no judged row was trained on,
* the challenge sets (``datasets/challenge/``, HateCheck format; ``evaluation.functional``),

and returns one JSON-ready comparison per language x label (support, positives, F1, PR-AUC,
precision, recall of each bundle) and per challenge language (accuracy, macro-F1). ``pipelines.promote``
judges it against the margins in ``configs/promotion.yaml``; ``markdown(comparison)`` renders it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Sequence

from polarscan.models.bundle import Bundle, load_bundle

METRICS = ("f1", "pr_auc", "precision", "recall")
REVIEW_SOURCE = "review"


def fingerprint(bundle: Bundle | Path | str) -> str:
    """sha256 of the bundle's manifest.json (which holds the hash of every other file)."""
    path = bundle.path if isinstance(bundle, Bundle) else Path(bundle)
    return hashlib.sha256((path / "manifest.json").read_bytes()).hexdigest()


def bundle_ref(bundle: Bundle) -> dict[str, str]:
    return {"model_id": bundle.model_id, "model_version": str(bundle.model_version), "kind": bundle.kind,
            "path": str(bundle.path), "fingerprint": fingerprint(bundle)}


def sample_per_language(rows: Sequence[Any], max_rows: int | None, seed: int = 13) -> list[Any]:
    """At most ``max_rows`` rows per language, drawn with ``seed`` (file order kept); None keeps all.
    The draw is ``evaluation.data.language_sample_mask``, the one ``polarscan evaluate`` samples with."""
    if max_rows is None:
        return list(rows)
    from polarscan.evaluation.data import language_sample_mask

    keep = language_sample_mask([row["lang"] for row in rows], max_rows, seed)
    return [row for row, kept in zip(rows, keep) if kept]


def _metric_set(new: Bundle, served: Bundle, rows: Sequence[Any]) -> dict[str, Any]:
    from polarscan.pipelines.finalize import score_rows

    tables = {"new": score_rows(new, list(rows)), "served": score_rows(served, list(rows))}
    cells: dict[str, dict[str, Any]] = {}
    for lang, per_label in tables["served"].cells.items():
        for label, m in per_label.items():
            if m.support == 0:
                continue
            n = tables["new"].cells.get(lang, {}).get(label)
            cells.setdefault(lang, {})[label] = {
                "support": m.support, "positives": m.positives, "negatives": m.negatives,
                "served": {k: getattr(m, k) for k in METRICS},
                "new": {k: (getattr(n, k) if n is not None else None) for k in METRICS},
            }
    return {"rows": len(rows), "cells": cells}


def _challenge_set(new: Bundle, served: Bundle, cases: Sequence[Any], positive_labels: Sequence[str]) -> dict[str, Any]:
    from polarscan.evaluation.functional import run_functional
    from polarscan.models.predictor import Predictor

    results = {name: run_functional(Predictor(b), cases, positive_labels) for name, b in (("new", new), ("served", served))}
    languages = {}
    for lang, s in results["served"].per_language.items():
        n = results["new"].per_language.get(lang)
        languages[lang] = {"n": s.n,
                           "served": {"accuracy": s.accuracy, "macro_f1": s.macro_f1},
                           "new": {"accuracy": n.accuracy if n else None, "macro_f1": n.macro_f1 if n else None}}
    return {"cases": len(cases), "positive_labels": list(positive_labels), "languages": languages}


def compare_bundles(new: Bundle | Path | str, served: Bundle | Path | str, *, splits: dict[str, Sequence[Any]],
                    cases: Sequence[Any] = (), positive_labels: Sequence[str] = ("hateful",),
                    max_rows_per_language: int | None = None, seed: int = 13, progress=None) -> dict[str, Any]:
    """The comparison (see the module docstring). ``splits``: ``{"dev": rows, "test": rows}`` corpus
    rows; the reviewed set is taken from their rows of source ``review``."""
    say = progress or (lambda line: None)
    new = new if isinstance(new, Bundle) else load_bundle(new)
    served = served if isinstance(served, Bundle) else load_bundle(served)
    if tuple(new.labels) != tuple(served.labels):
        raise ValueError(f"the bundles have different labels: new {list(new.labels)}, served {list(served.labels)}")
    sets: dict[str, Any] = {}
    reviewed = [r for split in ("dev", "test") for r in splits.get(split, ()) if r["source"] == REVIEW_SOURCE]
    named = {**{k: v for k, v in splits.items() if v}, **({"reviewed": reviewed} if reviewed else {})}
    for name, rows in named.items():
        rows = sample_per_language(rows, max_rows_per_language, seed)
        say(f"compare on {name}: {len(rows):,} rows, both bundles ...")
        sets[name] = _metric_set(new, served, rows)
    if cases:
        say(f"compare on the challenge sets: {len(cases):,} cases, both bundles ...")
        sets["challenge"] = _challenge_set(new, served, cases, positive_labels)
    return {"new": bundle_ref(new), "served": bundle_ref(served), "sets": sets,
            "sample": None if max_rows_per_language is None else {"max_rows_per_language": max_rows_per_language, "seed": seed}}


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _d(new: float | None, old: float | None) -> str:
    return "–" if new is None or old is None else f"{new - old:+.3f}"


def markdown(comparison: dict[str, Any], verdict: dict[str, Any] | None = None) -> str:
    """The comparison as a Markdown report: verdict first, then one table per set."""
    new, served = comparison["new"], comparison["served"]
    lines = [f"# New bundle vs served bundle", "",
             f"- new: `{new['model_id']}@{new['model_version']}` ({new['path']})",
             f"- served: `{served['model_id']}@{served['model_version']}` ({served['path']})", ""]
    if comparison.get("sample"):
        lines += [f"Rows sampled: at most {comparison['sample']['max_rows_per_language']} per language and set "
                  f"(seed {comparison['sample']['seed']}).", ""]
    if verdict is not None:
        lines += ["## Verdict", "", verdict["summary"], ""]
        for r in verdict["regressions"]:
            lines.append(f"- {r['where']}")
        if verdict.get("not_judged"):
            lines += ["", f"Not judged (fewer than the minimum positives/negatives/cases): {', '.join(verdict['not_judged'][:40])}"
                      + (" ..." if len(verdict["not_judged"]) > 40 else "")]
        lines.append("")
    for name, block in comparison["sets"].items():
        if name == "challenge":
            lines += [f"## challenge sets ({block['cases']} cases; positive = any of {block['positive_labels']})", "",
                      "| lang | n | accuracy served | accuracy new | Δ | macro-F1 served | macro-F1 new | Δ |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
            for lang, c in block["languages"].items():
                s, n = c["served"], c["new"]
                lines.append(f"| {lang} | {c['n']} | {_f(s['accuracy'])} | {_f(n['accuracy'])} | {_d(n['accuracy'], s['accuracy'])} | "
                             f"{_f(s['macro_f1'])} | {_f(n['macro_f1'])} | {_d(n['macro_f1'], s['macro_f1'])} |")
            lines.append("")
            continue
        lines += [f"## {name} ({block['rows']} rows)", "",
                  "| lang | label | n | pos | F1 served | F1 new | ΔF1 | PR-AUC served | PR-AUC new | ΔPR-AUC |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for lang, per_label in block["cells"].items():
            for label, c in per_label.items():
                s, n = c["served"], c["new"]
                lines.append(f"| {lang} | {label} | {c['support']} | {c['positives']} | {_f(s['f1'])} | {_f(n['f1'])} | "
                             f"{_d(n['f1'], s['f1'])} | {_f(s['pr_auc'])} | {_f(n['pr_auc'])} | {_d(n['pr_auc'], s['pr_auc'])} |")
        lines.append("")
    return "\n".join(lines)
