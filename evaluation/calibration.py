"""Calibration measurement (ECE, reliability diagrams) and fitting (temperature, isotonic).

The maps fitted here are the dicts that ``models.calibration.apply_calibration`` applies at
serving time, so a fitted map and a served score cannot disagree:

* ``{"method": "identity"}``
* ``{"method": "temperature", "T": t}``: ``sigmoid(logit(p) / t)``; ``t`` is found by a 1-D
  golden-section search on ``log t`` minimising the log-loss (convex in ``1 / t``).
* ``{"method": "isotonic", "x": [...], "y": [...]}``: knots of scikit-learn's
  ``IsotonicRegression`` blended with a 0.1 % identity so that the map is strictly increasing
  (ranking kept), applied with ``np.interp``.

``method: auto`` picks, per label, the method with the lowest cross-validated dev log-loss
(an isotonic map always wins in-sample, so in-sample log-loss would be no test at all).

With ``per_language`` a label also gets a map per language with enough dev positives and
negatives, stored under the label's ``languages`` key and served for rows of that language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Sequence

import numpy as np

from polarscan.evaluation.config import CalibrationConfig

_EPS = 1e-7
METHODS = ("identity", "temperature", "isotonic")


def _known(y, p) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    if y.shape != p.shape:
        raise ValueError(f"y has {y.size} values but p has {p.size}")
    keep = ~np.isnan(y)
    return y[keep], p[keep]


def bin_index(p: np.ndarray, n_bins: int) -> np.ndarray:
    """Equal-width bins over [0, 1]; bin b holds [b/n, (b+1)/n), the last one includes 1.0."""
    return np.minimum((np.asarray(p, dtype=float) * n_bins).astype(int), n_bins - 1)


@dataclass(frozen=True)
class ReliabilityBin:
    lo: float
    hi: float
    count: int
    mean_predicted: float | None
    fraction_positive: float | None

    def to_dict(self) -> dict:
        return asdict(self)


def reliability(y, p, n_bins: int = 10) -> list[ReliabilityBin]:
    """Reliability diagram data: per equal-width bin, count, mean score and observed positive rate."""
    y, p = _known(y, p)
    idx = bin_index(p, n_bins)
    out = []
    for b in range(n_bins):
        in_bin = idx == b
        n = int(in_bin.sum())
        out.append(
            ReliabilityBin(
                lo=b / n_bins,
                hi=(b + 1) / n_bins,
                count=n,
                mean_predicted=float(p[in_bin].mean()) if n else None,
                fraction_positive=float(y[in_bin].mean()) if n else None,
            )
        )
    return out


def expected_calibration_error(y, p, n_bins: int = 10) -> float | None:
    """ECE = sum over bins of (n_b / N) * |positive rate_b - mean score_b|; ``None`` without rows."""
    y, p = _known(y, p)
    if y.size == 0:
        return None
    total = 0.0
    for b in reliability(y, p, n_bins):
        if b.count:
            total += b.count / y.size * abs(b.fraction_positive - b.mean_predicted)
    return float(total)


def log_loss(y, p, eps: float = 1e-6) -> float | None:
    y, p = _known(y, p)
    if y.size == 0:
        return None
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def logit(p) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), _EPS, 1 - _EPS)
    return np.log(p) - np.log1p(-p)


def sigmoid(z) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def fit_temperature(y, p, lo: float = 0.01, hi: float = 100.0, tol: float = 1e-6) -> float:
    """Temperature ``T`` minimising the log-loss of ``sigmoid(logit(p) / T)`` (golden section on log T)."""
    y, p = _known(y, p)
    if y.size == 0:
        raise ValueError("fit_temperature needs at least one row with a known label")
    z = logit(p)

    def nll(log_t: float) -> float:
        q = np.clip(sigmoid(z / np.exp(log_t)), 1e-12, 1 - 1e-12)
        return float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))

    a, b = np.log(lo), np.log(hi)
    g = (np.sqrt(5.0) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = nll(c), nll(d)
    while b - a > tol:
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = nll(c)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = nll(d)
    return float(np.exp((a + b) / 2))


def fit_isotonic(y, p, eps: float = 1e-3, blend: float = 1e-3) -> dict:
    """Isotonic map as knots over [0, 1].

    The fitted step function's values are clipped to [eps, 1 - eps] and blended with the identity,
    ``(1 - blend) * iso(p) + blend * p``, with knots added at 0 and 1: the map is then strictly
    increasing, so calibration never ties two posts that the model ranked apart (a plain isotonic
    map flattens runs of scores and lowers PR-AUC within a language); it moves a probability by at
    most ``blend``.
    """
    from sklearn.isotonic import IsotonicRegression

    y, p = _known(y, p)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(p, y)
    xs = np.asarray(iso.X_thresholds_, dtype=float)
    ys = np.clip(np.asarray(iso.y_thresholds_, dtype=float), eps, 1 - eps)
    if xs[0] > 0.0:
        xs, ys = np.r_[0.0, xs], np.r_[ys[0], ys]
    if xs[-1] < 1.0:
        xs, ys = np.r_[xs, 1.0], np.r_[ys, ys[-1]]
    ys = (1 - blend) * ys + blend * xs
    return {"method": "isotonic", "x": [float(v) for v in xs], "y": [float(v) for v in ys]}


def fit_method(method: str, y, p, config: CalibrationConfig | None = None) -> dict:
    config = config or CalibrationConfig()
    if method == "identity":
        return {"method": "identity"}
    if method == "temperature":
        return {"method": "temperature", "T": fit_temperature(y, p)}
    if method == "isotonic":
        return fit_isotonic(y, p, eps=config.isotonic_eps)
    raise ValueError(f"unknown calibration method {method!r}; choose from {list(METHODS)}")


def apply_one(calibration: dict, p) -> np.ndarray:
    """Apply one label's map through the serving code (``models.calibration``)."""
    from polarscan.models.calibration import apply_one as _apply

    return np.clip(np.asarray(_apply(np.asarray(p, dtype=float), calibration), dtype=float), 0.0, 1.0)


def _stratified_folds(y: np.ndarray, k: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    folds = np.empty(y.size, dtype=int)
    for cls in (0.0, 1.0):
        idx = np.flatnonzero(y == cls)
        rng.shuffle(idx)
        folds[idx] = np.arange(idx.size) % k
    return folds


@dataclass
class LabelCalibrationFit:
    label: str
    method: str
    calibration: dict
    positives: int
    support: int
    reason: str
    cv_log_loss: dict[str, float | None]
    dev_log_loss_before: float | None
    dev_log_loss_after: float | None
    languages: dict[str, "LabelCalibrationFit"] = field(default_factory=dict)  # per-language fits

    def to_dict(self) -> dict:
        return asdict(self)

    def served_map(self) -> dict:
        """The manifest entry: the pooled map plus ``languages`` where a language has its own."""
        if not self.languages:
            return dict(self.calibration)
        return {**self.calibration, "languages": {lang: fit.calibration for lang, fit in self.languages.items()}}


def fit_label(label: str, y, p, config: CalibrationConfig) -> LabelCalibrationFit:
    """Fit one label's map on dev rows (unknown labels dropped)."""
    y, p = _known(y, p)
    pos, neg = int((y == 1).sum()), int((y == 0).sum())
    before = log_loss(y, p)
    cv: dict[str, float | None] = {}
    if min(pos, neg) < config.min_positives:
        method = "identity"
        reason = f"{pos} positives / {neg} negatives < min_positives {config.min_positives}"
    elif config.method != "auto":
        method, reason = config.method, "forced by config"
    else:
        folds = _stratified_folds(y, config.cv_folds, config.seed)
        for m in METHODS:
            pred = np.empty_like(p)
            for f in range(config.cv_folds):
                held = folds == f
                cal = fit_method(m, y[~held], p[~held], config)
                pred[held] = apply_one(cal, p[held])
            cv[m] = log_loss(y, pred)
        method = min(METHODS, key=lambda m: cv[m])
        reason = f"lowest {config.cv_folds}-fold CV log-loss"
    calibration = fit_method(method, y, p, config)
    after = log_loss(y, apply_one(calibration, p)) if y.size else None
    return LabelCalibrationFit(label, method, calibration, pos, int(y.size), reason, cv, before, after)


def fit_calibration(
    y: np.ndarray,
    raw: np.ndarray,
    labels: Sequence[str],
    config: CalibrationConfig | None = None,
    langs: Sequence[str] | None = None,
) -> dict[str, LabelCalibrationFit]:
    """One map per label on all dev rows (languages pooled) and, with ``langs`` and
    ``config.per_language``, one per label x language that has at least
    ``min_positives_per_language`` dev positives and negatives."""
    config = config or CalibrationConfig()
    y = np.asarray(y, dtype=float)
    raw = np.asarray(raw, dtype=float)
    fits = {label: fit_label(label, y[:, j], raw[:, j], config) for j, label in enumerate(labels)}
    if langs is None or not config.per_language:
        return fits
    langs_arr = np.asarray(list(langs), dtype=object)
    for j, label in enumerate(labels):
        for lang in sorted(set(langs_arr.tolist())):
            rows = langs_arr == lang
            col = y[rows, j]
            if min(int(np.sum(col == 1)), int(np.sum(col == 0))) < config.min_positives_per_language:
                continue
            fits[label].languages[lang] = fit_label(label, col, raw[rows, j], config)
    return fits


def served_maps(fits: dict[str, LabelCalibrationFit]) -> dict[str, dict]:
    """``{label: map}`` for the bundle manifest (see ``models/calibration.py``)."""
    return {label: fit.served_map() for label, fit in fits.items()}
