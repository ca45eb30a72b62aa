"""Applying per-label calibration maps stored in a bundle manifest (fitting lives in evaluation/).

Each label maps to one of:
- ``{"method": "identity"}``
- ``{"method": "temperature", "T": float}``: p' = sigmoid(logit(p) / T)
- ``{"method": "isotonic", "x": [...], "y": [...]}``: p' = interp(p, x, y), x increasing

A label's map may also carry ``"languages": {"nl": <map>, ...}``: rows whose language is listed
use that map instead (base rates differ per language, so one pooled map leaves per-language
scores off); rows of other languages, or calls without languages, use the pooled map.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

_EPS = 1e-7


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p) - np.log1p(-p)


def apply_one(scores: np.ndarray, spec: dict[str, Any]) -> np.ndarray:
    method = spec.get("method", "identity")
    scores = np.asarray(scores, dtype=np.float64)
    if method == "identity":
        return scores
    if method == "temperature":
        temperature = float(spec["T"])
        if temperature <= 0:
            raise ValueError(f"temperature must be > 0, got {temperature}")
        return 1.0 / (1.0 + np.exp(-_logit(scores) / temperature))
    if method == "isotonic":
        x = np.asarray(spec["x"], dtype=np.float64)
        y = np.asarray(spec["y"], dtype=np.float64)
        if x.ndim != 1 or x.shape != y.shape or x.size < 2 or np.any(np.diff(x) < 0):
            raise ValueError("isotonic calibration needs increasing x and y of equal length >= 2")
        return np.interp(scores, x, y)
    raise ValueError(f"unknown calibration method {method!r}; use identity, temperature or isotonic")


def apply_calibration(
    scores: np.ndarray,
    labels: list[str],
    calibration: dict[str, dict[str, Any]] | None,
    langs: Sequence[str | None] | None = None,
) -> np.ndarray:
    """Calibrate a [N, L] score matrix column by column. Missing labels stay as they are.

    ``langs`` (one per row) selects a label's per-language map where it has one.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if not calibration:
        return scores.astype(np.float32)
    if langs is not None and len(langs) != scores.shape[0]:
        raise ValueError(f"{len(langs)} languages for {scores.shape[0]} rows")
    langs_arr = np.asarray(list(langs), dtype=object) if langs is not None else None
    out = np.empty_like(scores)
    for j, label in enumerate(labels):
        spec = calibration.get(label, {"method": "identity"})
        out[:, j] = apply_one(scores[:, j], spec)
        if langs_arr is not None:
            for lang, lang_spec in (spec.get("languages") or {}).items():
                rows = langs_arr == lang
                if rows.any():
                    out[rows, j] = apply_one(scores[rows, j], lang_spec)
    return np.clip(out, 0.0, 1.0).astype(np.float32)
