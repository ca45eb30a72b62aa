"""Scoring posts with a bundle through ONNX Runtime (no torch).

Backends are registered by the bundle's ``kind``:
- ``tfidf-linear``: the ONNX graph takes normalised text (string tensor [N, 1]).
- ``transformer``: ``tokenizer.json`` (Hugging Face ``tokenizers``) makes ``input_ids`` and
  ``attention_mask`` (int64 [N, T]) for the graph.
Both graphs output ``probabilities`` float32 [N, n_labels] in the bundle's label order; the
bundle's calibration maps are applied after, and thresholds per label and language decide flags.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.bundle import Bundle, load_bundle
from models.calibration import apply_calibration
from models.normalize import normalize

_BACKENDS: dict[str, Callable[[Bundle, Any], "Backend"]] = {}


def backend(kind: str):
    def register(cls):
        _BACKENDS[kind] = cls
        return cls

    return register


def _session(path: Path, threads: int | None):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    threads = threads or int(os.environ.get("POLARSCAN_ORT_THREADS", "0") or 0)
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


class Backend:
    def __init__(self, bundle: Bundle, threads: int | None = None) -> None:
        self.bundle = bundle
        self.session = _session(bundle.file("model.onnx"), threads)

    def raw_proba(self, normalised: Sequence[str]) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError


@backend("tfidf-linear")
class TfidfBackend(Backend):
    # The ONNX TfIdfVectorizer output is dense [batch, n_features] float32: 200k features make
    # 800 kB per text, so 26k texts in one run need 21 GB. Batches keep it at ~200 MB.
    batch_size = 256

    def raw_proba(self, normalised: Sequence[str]) -> np.ndarray:
        texts = list(normalised)
        name = self.session.get_inputs()[0].name
        out = np.empty((len(texts), len(self.bundle.labels)), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            inputs = np.asarray(texts[start : start + self.batch_size], dtype=object).reshape(-1, 1)
            (probs,) = self.session.run(["probabilities"], {name: inputs})
            out[start : start + len(inputs)] = probs
        return out


@backend("transformer")
class TransformerBackend(Backend):
    batch_size = 32

    def __init__(self, bundle: Bundle, threads: int | None = None) -> None:
        super().__init__(bundle, threads)
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(bundle.file("tokenizer.json")))
        self.tokenizer.enable_truncation(max_length=int(bundle.manifest.get("max_length", 128)))
        pad_id = int(bundle.manifest.get("pad_token_id", 1))
        self.tokenizer.enable_padding(pad_id=pad_id, pad_token=self.tokenizer.id_to_token(pad_id) or "<pad>")
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.prefix = bundle.manifest.get("text_prefix", "")

    def raw_proba(self, normalised: Sequence[str]) -> np.ndarray:
        texts = [self.prefix + t for t in normalised]
        # Sort by length so each batch pads to similar lengths, then restore order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), len(self.bundle.labels)), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            enc = self.tokenizer.encode_batch([texts[i] for i in idx])
            feeds = {
                "input_ids": np.asarray([e.ids for e in enc], dtype=np.int64),
                "attention_mask": np.asarray([e.attention_mask for e in enc], dtype=np.int64),
            }
            if "token_type_ids" in self.input_names:
                feeds["token_type_ids"] = np.zeros_like(feeds["input_ids"])
            (probs,) = self.session.run(["probabilities"], feeds)
            out[idx] = probs
        return out


class Predictor:
    """A loaded, verified bundle ready to score raw posts."""

    def __init__(self, bundle: Bundle, threads: int | None = None) -> None:
        if bundle.kind not in _BACKENDS:
            raise ValueError(f"no predictor backend for bundle kind {bundle.kind!r}; known: {sorted(_BACKENDS)}")
        self.bundle = bundle
        self.labels: list[str] = bundle.labels
        self.backend = _BACKENDS[bundle.kind](bundle, threads)

    @classmethod
    def from_bundle(cls, path: Path | str, threads: int | None = None) -> "Predictor":
        return cls(load_bundle(path), threads=threads)

    @property
    def model_id(self) -> str:
        return self.bundle.model_id

    @property
    def model_version(self) -> str:
        return self.bundle.model_version

    def raw_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated probabilities [N, L] for raw posts (normalised here)."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self.backend.raw_proba([normalize(t) for t in texts])

    def predict_proba(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> np.ndarray:
        """Calibrated probabilities [N, L] for raw posts; ``langs`` (one per post) selects the
        per-language calibration maps where the bundle has them (``classify`` passes them)."""
        return apply_calibration(self.raw_proba(texts), self.labels, self.bundle.manifest.get("calibration"), langs)

    def classify(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[dict[str, Any]]:
        """Scores, per-language thresholds and flags for raw posts.

        ``langs`` may give a known language per post; otherwise it is detected.
        """
        from models.langid import detect

        detections = [detect(text) for text in texts]
        row_langs = [(langs[i] if langs is not None and langs[i] else None) or d.lang for i, d in enumerate(detections)]
        scores = self.predict_proba(texts, row_langs)
        results = []
        for i, detected in enumerate(detections):
            lang = row_langs[i]
            labels = {}
            for j, label in enumerate(self.labels):
                threshold = self.bundle.threshold(label, lang)
                score = float(scores[i, j])
                labels[label] = {"score": round(score, 6), "flagged": score >= threshold, "threshold": round(threshold, 6)}
            results.append(
                {
                    "lang": lang,
                    "script": detected.script,
                    "lang_confidence": round(float(detected.confidence), 4),
                    "labels": labels,
                    "flagged": any(v["flagged"] for v in labels.values()),
                }
            )
        return results
