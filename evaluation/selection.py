"""Dev scores for choosing a checkpoint, and the cost of trimming or quantising measured on dev.

``dev_report`` is what fine-tuning evaluates after every round (``training.transformer.train``
takes it as an argument: training does not import evaluation; ``pipelines.train`` passes it in).
``compare_on_dev`` scores the same dev rows with several bundles through the served ONNX models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from polarscan.evaluation.metrics import metrics_table
from polarscan.evaluation.thresholds import choose_threshold
from polarscan.models.corpus import label_matrix, read_corpus, select_rows
from polarscan.models.langid import NAMED_LANGS, ordered_languages


def dev_report(y: np.ndarray, mask: np.ndarray, scores: np.ndarray, langs: list[str], labels: tuple[str, ...],
               select_languages: list[str] | tuple[str, ...] = NAMED_LANGS) -> dict[str, Any]:
    """Per language x label metrics at the dev-optimal threshold (per label x language) and at 0.5,
    plus the selection score: mean over ``select_languages`` of the macro-F1 over labels with
    positives (a catch-all language such as ``other`` with two positives would only add noise)."""
    y_nan = np.where(mask > 0, y, np.nan)
    langs_arr = np.asarray(langs)
    languages = ordered_languages(langs)
    best_t: dict[tuple[str, str], float] = {}
    for lang in languages:
        sel = langs_arr == lang
        for j, label in enumerate(labels):
            col = y_nan[sel, j]
            if np.nansum(col) > 0:
                best_t[(label, lang)] = choose_threshold(col, scores[sel, j]).threshold
    tuned = metrics_table(y_nan, scores, langs, labels, lambda label, lang: best_t.get((label, lang), 0.5), languages=languages)
    at_half = metrics_table(y_nan, scores, langs, labels, lambda label, lang: 0.5, languages=languages, pooled=False)
    per_lang = {}
    for lang in languages:
        f1s = [m.f1 for label, m in tuned.cells[lang].items() if m.positives > 0 and m.f1 is not None]
        if f1s:
            per_lang[lang] = float(np.mean(f1s))
    selected = [v for lang, v in per_lang.items() if lang in select_languages] or list(per_lang.values())
    score = float(np.mean(selected)) if selected else 0.0
    return {"score": score, "macro_f1_tuned": per_lang, "tuned": tuned.to_dict(), "at_0.5": at_half.to_dict()}


def compare_on_dev(bundles: dict[str, Path | str], corpus: Path | str, max_rows_per_source: int | None = 400,
                   keep_all: tuple[str, ...] = ("imsypp_nl",), seed: int = 13) -> dict[str, Any]:
    """Score the same (capped) dev rows with several bundles (e.g. full vs trimmed vocabulary) and
    return per language x label F1 at the dev-optimal threshold and PR-AUC for each: the cost of
    trimming (or quantising) on dev, measured through the served ONNX models."""
    from polarscan.models.predictor import Predictor
    from polarscan.models.taxonomy import label_names

    rows = select_rows(read_corpus(corpus, splits=["dev"]), "dev", cap=max_rows_per_source, seed=seed, keep_all=keep_all)
    labels = label_names()
    y, mask = label_matrix(rows, labels)
    langs = [r.lang for r in rows]
    texts = [r.raw_text or r.text for r in rows]
    out: dict[str, Any] = {"rows": len(rows), "models": {}}
    for name, path in bundles.items():
        scores = Predictor.from_bundle(path).predict_proba(texts)
        rep = dev_report(y, mask, np.asarray(scores), langs, labels)
        cells = {lang: {label: {"f1": m["f1"], "pr_auc": m["pr_auc"], "positives": m["positives"]}
                        for label, m in per.items() if m["positives"]}
                 for lang, per in rep["tuned"]["per_language"].items()}
        out["models"][name] = {"score": rep["score"], "macro_f1_tuned": rep["macro_f1_tuned"], "cells": cells}
    return out
