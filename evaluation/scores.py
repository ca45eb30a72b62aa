"""Raw (uncalibrated) model scores in batches, with an on-disk cache keyed by the model files and
the texts: calibration, finalising and evaluation score the same dev rows once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

import numpy as np

SCORE_BATCH = 256  # a TF-IDF graph makes a dense [batch, n_features] matrix: keep batches small


def _cache_key(predictor, texts: Sequence[str]) -> str | None:
    """Raw scores depend only on the model files and the texts (not on calibration/thresholds)."""
    files = getattr(getattr(predictor, "bundle", None), "manifest", {}).get("files")
    if not files:
        return None
    digest = hashlib.sha256()
    for name in sorted(files):
        if name.endswith((".onnx", "tokenizer.json")):
            digest.update(f"{name}={files[name]}\n".encode())
    digest.update(str(len(texts)).encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()[:32]


def _cache_path(predictor, texts: Sequence[str], cache_dir: str | Path | None) -> Path | None:
    """``<cache_dir>/<key>.npy`` for these texts, or None (no cache dir, or no model files to key on)."""
    key = _cache_key(predictor, texts) if cache_dir is not None else None
    return Path(cache_dir) / f"{key}.npy" if key else None


def _read_cache(path: Path | None, predictor, texts: Sequence[str]) -> np.ndarray | None:
    if path is None or not path.is_file():
        return None
    cached = np.load(path)
    return cached if cached.shape == (len(texts), len(predictor.labels)) else None


def cached_scores(predictor, texts: Sequence[str], cache_dir: str | Path | None) -> np.ndarray | None:
    """Cached raw scores of exactly these texts, or ``None`` (nothing is scored here)."""
    return _read_cache(_cache_path(predictor, texts, cache_dir), predictor, texts)


def raw_scores(predictor, texts: Sequence[str], batch_size: int = SCORE_BATCH, cache_dir: str | Path | None = None) -> np.ndarray:
    """``predictor.raw_proba`` in batches, as float64 [N, L]; with ``cache_dir``, scores of the same
    model files on the same texts are read from ``<cache_dir>/<key>.npy`` instead of recomputed."""
    path = _cache_path(predictor, texts, cache_dir)  # the texts are hashed once, for the read and the write
    cached = _read_cache(path, predictor, texts)
    if cached is not None:
        return cached
    from tqdm.auto import tqdm

    out = np.zeros((len(texts), len(predictor.labels)), dtype=float)
    # a bar on a terminal only (disable=None: off when stderr is not a TTY, e.g. in logs and tests)
    with tqdm(total=len(texts), desc="scoring", unit=" rows", disable=None if len(texts) > batch_size else True,
              mininterval=1.0, leave=False) as bar:
        for start in range(0, len(texts), batch_size):
            out[start : start + batch_size] = predictor.raw_proba(list(texts[start : start + batch_size]))
            bar.update(min(batch_size, len(texts) - start))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, out)
        tmp.replace(path)
    return out
