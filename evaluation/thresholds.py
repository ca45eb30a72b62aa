"""Decision thresholds per label x language, chosen on dev scores (calibrated ones, when the bundle
is calibrated: thresholds apply to the scores the server returns).

Stored in the bundle manifest as ``{label: {"default": t, "nl": t, ...}}``. ``default`` is chosen on
all dev rows pooled; a language gets its own value only with at least
``min_positives_per_language`` dev positives for that label, otherwise it uses ``default``
(the language key is left out, which is how ``Bundle.threshold`` falls back).

A row is flagged when ``score >= t``. A threshold chosen at a dev score ``s_k`` is stored as the
midpoint between ``s_k`` and the next lower distinct dev score, so that it does not sit exactly on
one dev example.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Sequence

import numpy as np

from evaluation.config import ThresholdConfig
from evaluation.metrics import threshold_counts


@dataclass
class ThresholdChoice:
    threshold: float
    strategy: str  # what actually decided it: max_f1, target_precision, fallback, default
    positives: int
    support: int
    precision: float | None
    recall: float | None
    f1: float | None
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def choose_threshold(y_true, scores, config: ThresholdConfig | None = None) -> ThresholdChoice:
    """Best threshold for one label on known rows (NaN gold labels dropped)."""
    config = config or ThresholdConfig()
    y = np.asarray(y_true, dtype=float).ravel()
    s = np.asarray(scores, dtype=float).ravel()
    keep = ~np.isnan(y)
    y, s = y[keep], s[keep]
    n_pos = int(y.sum())
    if n_pos == 0:
        return ThresholdChoice(config.fallback, "fallback", 0, int(y.size), None, None, None, "no dev positives")
    thr, tps, predicted = threshold_counts(y, s)
    prec = tps / predicted
    rec = tps / n_pos
    f1 = 2 * tps / (predicted + n_pos)  # 2tp / (2tp + fp + fn)
    note = ""
    k = None
    if config.strategy == "target_precision":
        ok = np.flatnonzero(prec >= config.target_precision)
        if ok.size:
            # most recall at the target precision; among equal recall, the higher precision
            k = int(ok[np.lexsort((-prec[ok], -rec[ok]))[0]])
            strategy = "target_precision"
        else:
            note = f"no threshold reaches precision {config.target_precision}; used max F1"
    if k is None:
        best = f1.max()
        k = int(np.flatnonzero(f1 == best)[0])  # thresholds descend: the highest one with the best F1
        strategy = "max_f1"
    t = float(thr[k]) if k + 1 == thr.size else float((thr[k] + thr[k + 1]) / 2)
    return ThresholdChoice(t, strategy, n_pos, int(y.size), float(prec[k]), float(rec[k]), float(f1[k]), note)


def fit_thresholds(
    y: np.ndarray,
    scores: np.ndarray,
    langs: Sequence[str],
    labels: Sequence[str],
    config: ThresholdConfig | None = None,
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, ThresholdChoice]]]:
    """Thresholds for the manifest, and how each was chosen (``choices[label][lang or "default"]``)."""
    config = config or ThresholdConfig()
    y = np.asarray(y, dtype=float)
    scores = np.asarray(scores, dtype=float)
    langs_arr = np.asarray(langs, dtype=object)
    thresholds: dict[str, dict[str, float]] = {}
    choices: dict[str, dict[str, ThresholdChoice]] = {}
    for j, label in enumerate(labels):
        default = choose_threshold(y[:, j], scores[:, j], config)
        thresholds[label] = {"default": round(default.threshold, 6)}
        choices[label] = {"default": default}
        for lang in sorted(set(langs_arr.tolist())):
            mask = langs_arr == lang
            col = y[mask, j]
            positives = int(np.nansum(col))
            if positives >= config.min_positives_per_language:
                choice = choose_threshold(col, scores[mask, j], config)
                thresholds[label][lang] = round(choice.threshold, 6)
            else:
                choice = ThresholdChoice(
                    default.threshold,
                    "default",
                    positives,
                    int((~np.isnan(col)).sum()),
                    None,
                    None,
                    None,
                    f"{positives} dev positives < min_positives_per_language {config.min_positives_per_language}",
                )
            choices[label][lang] = choice
    return thresholds, choices
