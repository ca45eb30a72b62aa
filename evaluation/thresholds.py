"""Decision thresholds per label x language, chosen on dev scores (calibrated ones, when the bundle
is calibrated: thresholds apply to the scores the server returns).

Stored in the bundle manifest as ``{label: {"default": t, "nl": t, ...}}``. ``default`` is chosen on
all dev rows pooled; a language gets its own value only with at least
``min_positives_per_language`` dev positives for that label, otherwise it uses ``default``
(the language key is left out, which is how ``Bundle.threshold`` falls back).

Strategies (``configs/evaluation.yaml`` ``thresholds``, overridable per label under
``thresholds.labels``): ``max_f1``; ``max_fbeta`` (F-beta, ``beta`` > 1 favours recall: used for
``violent``, where a missed threat costs more than a false flag a reviewer dismisses);
``target_precision``. ``max_benign_flag_rate`` caps the share of *benign* dev rows (every annotated
label negative) that a threshold flags: the strategy picks among the thresholds under the cap;
``cap_languages`` limits the cap to those languages' thresholds (the pooled default then stays uncapped).

A row is flagged when ``score >= t``. A threshold chosen at a dev score ``s_k`` is stored as the
midpoint between ``s_k`` and the next lower distinct dev score, so that it does not sit exactly on
one dev example.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Sequence

import numpy as np

from polarscan.evaluation.config import ThresholdConfig
from polarscan.evaluation.metrics import threshold_counts


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


def benign_rows(y: np.ndarray) -> np.ndarray:
    """Rows with at least one annotated label and every annotated label negative."""
    y = np.asarray(y, dtype=float)
    known = ~np.isnan(y)
    return known.any(axis=1) & ~(np.nan_to_num(y, nan=0.0) > 0).any(axis=1)


def choose_threshold(y_true, scores, config: ThresholdConfig | None = None,
                     benign_scores: np.ndarray | None = None) -> ThresholdChoice:
    """Best threshold for one label on known rows (NaN gold labels dropped).

    ``benign_scores``: this label's scores on the benign rows, for ``max_benign_flag_rate``."""
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
    beta2 = config.beta**2 if config.strategy == "max_fbeta" else 1.0
    fbeta = (1 + beta2) * tps / (predicted + beta2 * n_pos)  # (1+b²)tp / ((1+b²)tp + b²fn + fp)
    f1 = 2 * tps / (predicted + n_pos)
    # the served threshold of candidate k: half-way to the next lower dev score (the lowest: itself)
    cut = np.r_[(thr[:-1] + thr[1:]) / 2, thr[-1:]]
    notes = []
    allowed = np.ones(thr.size, dtype=bool)
    if config.max_benign_flag_rate is not None:
        benign = np.sort(np.asarray(benign_scores if benign_scores is not None else [], dtype=float).ravel())
        if benign.size >= config.min_benign_rows:
            # benign rows at or above each served cut
            rate = (benign.size - np.searchsorted(benign, cut, side="left")) / benign.size
            allowed = rate <= config.max_benign_flag_rate
            if not allowed.any():
                allowed[0] = True
                notes.append(f"every threshold flags more than {config.max_benign_flag_rate:.0%} of benign dev rows; used the highest")
            elif not allowed.all():
                notes.append(f"capped: at most {config.max_benign_flag_rate:.0%} of {benign.size} benign dev rows flagged")
        else:
            notes.append(f"benign cap not applied: {benign.size} benign dev rows < min_benign_rows {config.min_benign_rows}")
    k = None
    if config.strategy == "target_precision":
        ok = np.flatnonzero((prec >= config.target_precision) & allowed)
        if ok.size:
            # most recall at the target precision; among equal recall, the higher precision
            k = int(ok[np.lexsort((-prec[ok], -rec[ok]))[0]])
            strategy = "target_precision"
        else:
            notes.append(f"no threshold reaches precision {config.target_precision}; used max F1")
    if k is None:
        objective = np.where(allowed, fbeta, -1.0)
        k = int(np.flatnonzero(objective == objective.max())[0])  # thresholds descend: the highest one with the best score
        strategy = f"max_fbeta(beta={config.beta:g})" if config.strategy == "max_fbeta" else "max_f1"
    return ThresholdChoice(float(cut[k]), strategy, n_pos, int(y.size), float(prec[k]), float(rec[k]), float(f1[k]), "; ".join(notes))


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
    benign = benign_rows(y)
    thresholds: dict[str, dict[str, float]] = {}
    choices: dict[str, dict[str, ThresholdChoice]] = {}
    for j, label in enumerate(labels):
        label_config = config.for_label(label)
        uncapped = label_config.model_copy(update={"max_benign_flag_rate": None})
        capped = label_config.cap_languages  # None: the cap binds everywhere

        def policy(lang: str | None) -> ThresholdConfig:
            return label_config if capped is None or (lang is not None and lang in capped) else uncapped

        default = choose_threshold(y[:, j], scores[:, j], policy(None), benign_scores=scores[benign, j])
        thresholds[label] = {"default": round(default.threshold, 6)}
        choices[label] = {"default": default}
        for lang in sorted(set(langs_arr.tolist())):
            mask = langs_arr == lang
            col = y[mask, j]
            positives = int(np.nansum(col))
            if positives >= config.min_positives_per_language:
                choice = choose_threshold(col, scores[mask, j], policy(lang), benign_scores=scores[mask & benign, j])
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
