"""Classification metrics per language x label, with support beside every number.

Conventions (all tested on hand-computed cases in ``tests/test_metrics.py``):

* Unknown gold labels (NaN) are dropped per label before anything is counted.
* A row is predicted positive when ``score >= threshold``.
* precision = tp / (tp + fp), ``None`` when nothing is predicted positive;
  recall = tp / (tp + fn), ``None`` when there are no positives;
  F1 = 2tp / (2tp + fp + fn), ``None`` when there are neither positives nor predicted positives.
* PR-AUC is average precision (step-wise, no interpolation, as in scikit-learn):
  ``sum_k (R_k - R_{k-1}) * P_k`` over distinct score thresholds, ``None`` without positives.
* ROC-AUC is the Mann-Whitney statistic (ties count one half), ``None`` unless both classes occur.
* Macro over labels averages only the labels where the value is defined and says how many.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, ClassVar, Iterable, Sequence

import numpy as np

ALL = "all"  # the pooled row, next to the per-language rows


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int
    tn: int


def confusion(y_true: np.ndarray, y_pred: np.ndarray) -> Counts:
    y_true = np.asarray(y_true).astype(bool)
    y_pred = np.asarray(y_pred).astype(bool)
    return Counts(
        tp=int(np.sum(y_true & y_pred)),
        fp=int(np.sum(~y_true & y_pred)),
        fn=int(np.sum(y_true & ~y_pred)),
        tn=int(np.sum(~y_true & ~y_pred)),
    )


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else float(num) / float(den)


class CountShare:
    """Mixin for a dataclass row that counts ``n`` items: ``SHARE = (name, field)`` names the share
    ``field / n`` (None when n is 0: no items is unknown, not 0) that ``to_dict()`` adds to the fields.
    Read it as ``row.share_of()`` or through a property named like it."""

    SHARE: ClassVar[tuple[str, str]]

    def share_of(self) -> float | None:
        return _ratio(getattr(self, self.SHARE[1]), self.n)

    def to_dict(self) -> dict:
        return {**asdict(self), self.SHARE[0]: self.share_of()}


def precision(c: Counts) -> float | None:
    return _ratio(c.tp, c.tp + c.fp)


def recall(c: Counts) -> float | None:
    return _ratio(c.tp, c.tp + c.fn)


def f1(c: Counts) -> float | None:
    return _ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn)


def _check(y_true, scores) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y_true, dtype=float).ravel()
    s = np.asarray(scores, dtype=float).ravel()
    if y.shape != s.shape:
        raise ValueError(f"y_true has {y.size} values but scores has {s.size}")
    if np.isnan(y).any():
        raise ValueError("y_true contains unknown (NaN) labels; drop them first (see known_mask)")
    return y, s


def threshold_counts(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At each distinct score, descending: the threshold, true positives and predicted positives
    when rows with ``score >= threshold`` are flagged."""
    y, s = _check(y_true, scores)
    order = np.argsort(-s, kind="mergesort")
    y, s = y[order], s[order]
    # last index of each run of equal scores
    last = np.r_[np.flatnonzero(np.diff(s) != 0), s.size - 1] if s.size else np.array([], dtype=int)
    return s[last], np.cumsum(y)[last], (last + 1).astype(float)


def pr_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and threshold at each distinct score (descending thresholds)."""
    thr, tps, predicted = threshold_counts(y_true, scores)
    n_pos = float(np.sum(np.asarray(y_true, dtype=float)))
    prec = tps / predicted
    rec = tps / n_pos if n_pos > 0 else np.full_like(tps, np.nan)
    return prec, rec, thr


def average_precision(y_true, scores) -> float | None:
    """Average precision (PR-AUC); ``None`` when there are no positives."""
    y, s = _check(y_true, scores)
    if y.sum() == 0:
        return None
    prec, rec, _ = pr_curve(y, s)
    gains = np.diff(np.r_[0.0, rec])
    return float(np.sum(gains * prec))


def roc_auc(y_true, scores) -> float | None:
    """ROC-AUC as P(score_pos > score_neg) + 0.5 P(tie); ``None`` unless both classes occur."""
    y, s = _check(y_true, scores)
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = _average_ranks(s)
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ties sharing their average rank."""
    order = np.argsort(values, kind="mergesort")
    sorted_vals = values[order]
    ranks = np.empty(values.size, dtype=float)
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_vals) != 0) + 1]
    ends = np.r_[starts[1:], values.size]
    for start, end in zip(starts, ends):
        ranks[order[start:end]] = (start + 1 + end) / 2.0
    return ranks


@dataclass(frozen=True)
class LabelMetrics:
    """One label in one language. ``support`` = rows with a known gold label."""

    support: int
    positives: int
    negatives: int
    threshold: float | None  # None in the pooled row, where each language keeps its own
    tp: int
    fp: int
    fn: int
    tn: int
    precision: float | None
    recall: float | None
    f1: float | None
    pr_auc: float | None
    roc_auc: float | None

    @property
    def predicted_positives(self) -> int:
        return self.tp + self.fp

    def to_dict(self) -> dict:
        return asdict(self)


def label_metrics(y_true, scores, threshold: float | np.ndarray) -> LabelMetrics:
    """Metrics of one label; rows whose gold label is unknown (NaN) are excluded.

    ``threshold`` is one value, or one per row (the pooled row, where each row keeps its
    language's threshold; ``LabelMetrics.threshold`` is then None).
    """
    y = np.asarray(y_true, dtype=float).ravel()
    s = np.asarray(scores, dtype=float).ravel()
    t = np.asarray(threshold, dtype=float)
    per_row = t.ndim > 0
    known = ~np.isnan(y)
    y, s = y[known], s[known]
    c = confusion(y == 1, s >= (t.ravel()[known] if per_row else t))
    pos = int(np.sum(y == 1))
    return LabelMetrics(
        support=int(y.size),
        positives=pos,
        negatives=int(y.size - pos),
        threshold=None if per_row else float(threshold),
        tp=c.tp,
        fp=c.fp,
        fn=c.fn,
        tn=c.tn,
        precision=precision(c),
        recall=recall(c),
        f1=f1(c),
        pr_auc=average_precision(y, s),
        roc_auc=roc_auc(y, s),
    )


@dataclass(frozen=True)
class MacroMetrics:
    """Mean over the labels where each value is defined; ``n_*`` says over how many."""

    f1: float | None
    n_f1: int
    pr_auc: float | None
    n_pr_auc: int
    roc_auc: float | None
    n_roc_auc: int
    support: int

    def to_dict(self) -> dict:
        return asdict(self)


def macro(per_label: dict[str, LabelMetrics]) -> MacroMetrics:
    def mean(values: list[float | None]) -> tuple[float | None, int]:
        kept = [v for v in values if v is not None]
        return (float(np.mean(kept)) if kept else None), len(kept)

    f, nf = mean([m.f1 for m in per_label.values()])
    p, np_ = mean([m.pr_auc for m in per_label.values()])
    r, nr = mean([m.roc_auc for m in per_label.values()])
    return MacroMetrics(f, nf, p, np_, r, nr, support=sum(m.support for m in per_label.values()))


ThresholdFn = Callable[[str, str], float]  # (label, lang) -> threshold


@dataclass
class MetricsTable:
    """``cells[lang][label]`` plus ``macro[lang]``; ``lang == "all"`` pools every language."""

    cells: dict[str, dict[str, LabelMetrics]]
    macro: dict[str, MacroMetrics]
    rows: dict[str, int]  # rows per language (any label known)

    def to_dict(self) -> dict:
        return {
            "per_language": {
                lang: {label: m.to_dict() for label, m in per_label.items()} for lang, per_label in self.cells.items()
            },
            "macro": {lang: m.to_dict() for lang, m in self.macro.items()},
            "rows": dict(self.rows),
        }


def metrics_table(
    y: np.ndarray,
    scores: np.ndarray,
    langs: Sequence[str],
    labels: Sequence[str],
    threshold: ThresholdFn,
    languages: Iterable[str] | None = None,
    pooled: bool = True,
) -> MetricsTable:
    """Per language x label metrics. The pooled row uses each row's own language threshold."""
    y = np.asarray(y, dtype=float)
    scores = np.asarray(scores, dtype=float)
    langs_arr = np.asarray(langs, dtype=object)
    if y.shape != scores.shape:
        raise ValueError(f"gold labels have shape {y.shape} but scores {scores.shape}")
    languages = list(languages) if languages is not None else sorted(set(langs))
    cells: dict[str, dict[str, LabelMetrics]] = {}
    rows: dict[str, int] = {}
    for lang in languages:
        mask = langs_arr == lang
        rows[lang] = int(mask.sum())
        cells[lang] = {
            label: label_metrics(y[mask, j], scores[mask, j], threshold(label, lang)) for j, label in enumerate(labels)
        }
    if pooled and len(langs_arr):
        rows[ALL] = int(len(langs_arr))
        cells[ALL] = {}
        for j, label in enumerate(labels):
            per_row_t = np.array([threshold(label, lang) for lang in langs_arr])
            cells[ALL][label] = label_metrics(y[:, j], scores[:, j], per_row_t)
    return MetricsTable(cells=cells, macro={lang: macro(per) for lang, per in cells.items()}, rows=rows)


@dataclass
class GroupTable:
    """``cells[group][label]`` for rows grouped by something other than language (e.g. the Arabic
    source / dialect group); each row is thresholded with its own language's threshold."""

    cells: dict[str, dict[str, LabelMetrics]]
    macro: dict[str, MacroMetrics]
    rows: dict[str, int]  # rows per group (any label known or not)

    def to_dict(self) -> dict:
        return {
            "per_group": {g: {label: m.to_dict() for label, m in per.items()} for g, per in self.cells.items()},
            "macro": {g: m.to_dict() for g, m in self.macro.items()},
            "rows": dict(self.rows),
        }


def group_table(
    y: np.ndarray,
    scores: np.ndarray,
    groups: Sequence[str | None],
    langs: Sequence[str],
    labels: Sequence[str],
    threshold: ThresholdFn,
) -> GroupTable:
    """Per group x label metrics over the rows whose group is not ``None`` (groups sorted by
    name). Thresholds are per row (its language), as in the pooled ``all`` row."""
    y = np.asarray(y, dtype=float)
    scores = np.asarray(scores, dtype=float)
    if y.shape != scores.shape or len(groups) != len(y) or len(langs) != len(y):
        raise ValueError(f"gold {y.shape}, scores {scores.shape}, {len(groups)} groups, {len(langs)} languages")
    groups_arr = np.asarray(groups, dtype=object)
    langs_arr = np.asarray(langs, dtype=object)
    cells: dict[str, dict[str, LabelMetrics]] = {}
    rows: dict[str, int] = {}
    for group in sorted({g for g in groups if g is not None}):
        mask = groups_arr == group
        rows[group] = int(mask.sum())
        cells[group] = {}
        for j, label in enumerate(labels):
            per_row_t = np.array([threshold(label, lang) for lang in langs_arr[mask]], dtype=float)
            cells[group][label] = label_metrics(y[mask, j], scores[mask, j], per_row_t)
    return GroupTable(cells=cells, macro={g: macro(per) for g, per in cells.items()}, rows=rows)
