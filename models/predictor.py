"""Scoring posts with a bundle through ONNX Runtime (no torch).

Backends are registered by the bundle's ``kind``:
- ``tfidf-linear``: the ONNX graph takes normalised text (string tensor [N, 1]).
- ``transformer``: ``tokenizer.json`` (Hugging Face ``tokenizers``) makes ``input_ids`` and
  ``attention_mask`` (int64 [N, T]) for the graph.
Both graphs output ``probabilities`` float32 [N, n_labels] in the bundle's label order; the
bundle's calibration maps are applied after, and thresholds per label and language decide flags.

Whole posts (transformer): a post longer than the model's window (``max_length`` tokens, minus
``<s>``/``</s>``) is read as overlapping windows of whole words, ``windows.stride`` tokens apart
(bundle manifest; half the window when absent), each window normalised and scored on its own; a
post's raw score per label is the **max over its windows** (calibration maps are monotone, so this
is also the max of the calibrated window scores). A post that fits one window is scored exactly as
before windows existed. ``classify`` reports how many windows were read.

Batch independence: every model call goes through ``Predictor.runner`` (a function from
normalised window texts to raw probabilities; the server's micro-batcher replaces it with
``with_runner``). With a batch-independent bundle (``runtime.batch_independent`` in the manifest,
e.g. ``weight_only``), a post's scores do not depend on the other posts of the call; a
batch-dependent one (dynamic int8, ``batch_dependent``) is run one window per ONNX call, so that
its scores do not either.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from polarscan.models.bundle import Bundle, load_bundle
from polarscan.models.calibration import apply_calibration
from polarscan.models.normalize import normalize
from polarscan.models.registry import registrar

_BACKENDS: dict[str, Callable[..., "Backend"]] = {}
_WORD = re.compile(r"\S+")
DEFAULT_MAX_WINDOWS = 256  # per post; the server's character limit (POLARSCAN_MAX_TEXT_CHARS) stays far below


backend = registrar(_BACKENDS)  # @backend("onnx") registers the backend of a bundle kind


def available_cores() -> int:
    """CPU cores this process may run on (affinity mask, else ``os.cpu_count``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _session(path: Path, threads: int | None, session_config: dict[str, str] | None = None, spinning: bool | None = None):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    threads = threads or int(os.environ.get("POLARSCAN_ORT_THREADS", "0") or 0)
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    if spinning is not None:  # idle intra-op threads spin-waiting steal the cores request threads need
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    for key, value in (session_config or {}).items():  # e.g. weight_only_dequant folds int8 weights at load
        options.add_session_config_entry(str(key), str(value))
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def batch_dependent(bundle: Bundle) -> bool:
    """Whether the bundle's model gives a row different scores in different batches: what its export
    measured (``runtime.batch_independent``), else (bundles exported before it was measured) whether
    it was dynamically quantised (``training.onnx.int8``)."""
    runtime = bundle.manifest.get("runtime") or {}
    if "batch_independent" in runtime:
        return not runtime["batch_independent"]
    onnx_info = (bundle.manifest.get("training") or {}).get("onnx") or {}
    return bool(onnx_info.get("int8")) or onnx_info.get("quantize") == "dynamic"


class Backend:
    windowed = False  # whether long posts are split into windows

    def __init__(self, bundle: Bundle, threads: int | None = None, spinning: bool | None = None) -> None:
        self.bundle = bundle
        self.session = _session(bundle.file("model.onnx"), threads, bundle.session_config, spinning)

    def raw_proba(self, normalised: Sequence[str]) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def count_tokens(self, normalised: Sequence[str]) -> list[int]:  # pragma: no cover - interface
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
    batch_size = 32  # rows per ONNX call at most
    pad_tolerance = 1.25  # a bucket's longest row has at most 1.25 x (+2) the tokens of its shortest
    windowed = True

    def __init__(self, bundle: Bundle, threads: int | None = None, spinning: bool | None = None) -> None:
        super().__init__(bundle, threads, spinning)
        from tokenizers import Tokenizer

        self.max_length = int(bundle.manifest.get("max_length", 128))
        self.tokenizer = Tokenizer.from_file(str(bundle.file("tokenizer.json")))
        self.tokenizer.enable_truncation(max_length=self.max_length)  # padding: raw_proba pads each bucket
        self.tokenizer.no_padding()
        self.pad_id = int(bundle.manifest.get("pad_token_id", 1))
        self.counter = Tokenizer.from_file(str(bundle.file("tokenizer.json")))  # no truncation, no padding
        self.counter.no_truncation()
        self.counter.no_padding()
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.prefix = bundle.manifest.get("text_prefix", "")
        if batch_dependent(bundle):
            # dynamic int8 computes its activation scales over the whole call: one window per call,
            # so a window's scores depend on nothing but the window (slower, but reproducible)
            self.batch_size = 1
        specials = len(self.counter.encode("x").ids) - len(self.counter.encode("x", add_special_tokens=False).ids)
        prefix_tokens = len(self.counter.encode(self.prefix, add_special_tokens=False).ids) if self.prefix else 0
        self.window_tokens = max(1, self.max_length - specials - prefix_tokens)  # content tokens one window holds

    def count_tokens(self, normalised: Sequence[str]) -> list[int]:
        return [len(e.ids) for e in self.counter.encode_batch(list(normalised), add_special_tokens=False)]

    def raw_proba(self, normalised: Sequence[str]) -> np.ndarray:
        """Raw probabilities for window texts (each truncated to ``max_length`` tokens).

        Windows are tokenised, sorted by token count and cut into buckets of at most
        ``batch_size`` rows whose lengths stay within ``pad_tolerance`` of the bucket's shortest
        (padding is compute: a batch of 32 padded to its longest post cost more than scoring the
        posts one by one). With a batch-independent model a row's result does not depend on its
        bucket, its neighbours or its padding."""
        texts = [self.prefix + t for t in normalised]
        out = np.empty((len(texts), len(self.bundle.labels)), dtype=np.float32)
        if not texts:
            return out
        enc = self.tokenizer.encode_batch(texts)
        lengths = [len(e.ids) for e in enc]
        order = sorted(range(len(texts)), key=lambda i: lengths[i])
        buckets: list[list[int]] = []
        for i in order:
            if buckets and len(buckets[-1]) < self.batch_size and lengths[i] <= self.pad_tolerance * lengths[buckets[-1][0]] + 2:
                buckets[-1].append(i)
            else:
                buckets.append([i])
        for idx in buckets:
            width = lengths[idx[-1]]
            ids = np.full((len(idx), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                ids[r, : lengths[i]] = enc[i].ids
                mask[r, : lengths[i]] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            (probs,) = self.session.run(["probabilities"], feeds)
            out[idx] = probs
        return out


class _ReadsLikeADict(Mapping):
    """Read access by key (``result["labels"]``, ``{**result}``), so code and stubs written against
    the JSON objects keep working; equal to a dict with the same items."""

    def __getitem__(self, key: str) -> Any:
        if key not in self._keys():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self):
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    @classmethod
    def _keys(cls) -> tuple[str, ...]:
        return _field_names(cls)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, worked out once per class (read on every key access)."""
    return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, eq=False)
class LabelResult(_ReadsLikeADict):
    """One label of one post: calibrated score, the threshold for the post's language, whether the
    label is flagged, and whether dev data measured this language x label (else never flagged)."""

    score: float
    flagged: bool
    threshold: float
    measured: bool

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "flagged": self.flagged, "threshold": self.threshold, "measured": self.measured}


@dataclass(frozen=True, eq=False)
class ClassifyResult(_ReadsLikeADict):
    """What ``Predictor.classify`` returns for one post; ``to_dict()`` is the JSON object."""

    lang: str
    script: str
    lang_confidence: float
    labels: dict[str, LabelResult]
    flagged: bool
    windows: int
    windows_total: int
    truncated: bool

    def to_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "script": self.script, "lang_confidence": self.lang_confidence,
                "labels": {name: value.to_dict() for name, value in self.labels.items()}, "flagged": self.flagged,
                "windows": self.windows, "windows_total": self.windows_total, "truncated": self.truncated}


@dataclass(frozen=True)
class Windows:
    """How one post is read: ``spans`` are character spans of the raw text (whole words), ``texts``
    the normalised text of each span (what the model scores). ``tokens``: content tokens of the
    whole post; ``truncated``: the post had more than ``max_windows`` windows (or a single word
    longer than a window) and was not read to the end."""

    spans: tuple[tuple[int, int], ...]
    texts: tuple[str, ...]
    tokens: int
    truncated: bool = False
    planned: int = 0  # windows the whole post needs (more than len(spans) when truncated); 0: len(spans)

    def __len__(self) -> int:
        return len(self.spans)


def plan_windows(word_tokens: Sequence[int], size: int, stride: int) -> list[tuple[int, int]]:
    """Word ranges ``[a, b)`` covering every word, each at most ``size`` tokens (a single longer word
    is a window of its own), consecutive starts at least ``stride`` tokens apart (or at the previous
    window's end, so there is no gap); the last window is extended to the left to fill ``size``."""
    n = len(word_tokens)
    if n == 0:
        return [(0, 0)]
    out: list[tuple[int, int]] = []
    start = 0
    while True:
        end, used = start, 0
        while end < n and (end == start or used + word_tokens[end] <= size):
            used += word_tokens[end]
            end += 1
        if end >= n:
            while start > 0 and used + word_tokens[start - 1] <= size:  # fill the last window with context
                start -= 1
                used += word_tokens[start]
            if not out or out[-1][0] < start or out[-1][1] < end:
                out.append((start, end))
            return out
        out.append((start, end))
        nxt, moved = start, 0
        while nxt < end and moved < stride:
            moved += word_tokens[nxt]
            nxt += 1
        start = max(nxt, start + 1)


class Predictor:
    """A loaded, verified bundle ready to score raw posts."""

    def __init__(self, bundle: Bundle, threads: int | None = None, *, spinning: bool | None = None,
                 max_windows: int | None = None) -> None:
        if bundle.kind not in _BACKENDS:
            raise ValueError(f"no predictor backend for bundle kind {bundle.kind!r}; known: {sorted(_BACKENDS)}")
        self.bundle = bundle
        self.labels: list[str] = bundle.labels
        self.backend = _BACKENDS[bundle.kind](bundle, threads, spinning)
        self.runner: Callable[[Sequence[str]], np.ndarray] = self.backend.raw_proba
        window = bundle.window_config
        self.window_tokens: int | None = getattr(self.backend, "window_tokens", None)
        self.window_stride: int | None = None
        if self.window_tokens:
            self.window_stride = max(1, min(int(window.get("stride") or self.window_tokens // 2), self.window_tokens))
        self.max_windows = int(max_windows or window.get("max_windows") or DEFAULT_MAX_WINDOWS)

    @classmethod
    def from_bundle(cls, path: Path | str, threads: int | None = None, **kwargs: Any) -> "Predictor":
        return cls(load_bundle(path), threads=threads, **kwargs)

    def with_runner(self, runner: Callable[[Sequence[str]], np.ndarray]) -> "Predictor":
        """A predictor sharing this one's model whose model calls go through ``runner`` (normalised
        window texts -> raw probabilities [M, L]), e.g. the server's micro-batcher."""
        other = copy.copy(self)
        other.runner = runner
        return other

    @property
    def model_id(self) -> str:
        return self.bundle.model_id

    @property
    def model_version(self) -> str:
        return self.bundle.model_version

    @property
    def batch_independent(self) -> bool | None:
        """What the bundle's export measured: True when a post scores the same alone and in any
        batch (within 1e-4), False for e.g. dynamic int8, None when not recorded."""
        return self.bundle.manifest.get("runtime", {}).get("batch_independent")

    # --- windows ---------------------------------------------------------------------------------

    def windows(self, text: str) -> Windows:
        return self.windows_batch([text])[0]

    def windows_batch(self, texts: Sequence[str]) -> list[Windows]:
        """How each raw post is read (see ``Windows``); a post that fits one window is one window
        over the whole text, normalised as a whole."""
        normalised = [normalize(t) for t in texts]
        if not self.window_tokens:
            return [Windows(((0, len(t)),), (n,), 0) for t, n in zip(texts, normalised)]
        totals = self.backend.count_tokens(normalised)
        out: list[Windows] = []
        for text, norm, total in zip(texts, normalised, totals):
            if total <= self.window_tokens:
                out.append(Windows(((0, len(text)),), (norm,), total))
                continue
            words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
            counts = self.backend.count_tokens([normalize(text[a:b]) for a, b in words])
            ranges = plan_windows(counts, self.window_tokens, self.window_stride or self.window_tokens)
            truncated = any(c > self.window_tokens for c in counts) or len(ranges) > self.max_windows
            planned = len(ranges)
            ranges = ranges[: self.max_windows]
            spans = tuple((words[a][0], words[b - 1][1]) for a, b in ranges)
            out.append(Windows(spans, tuple(normalize(text[a:b]) for a, b in spans), total, truncated, planned))
        return out

    def score_windows(self, normalised: Sequence[str]) -> np.ndarray:
        """Raw probabilities [M, L] for normalised window texts, through ``runner``."""
        if len(normalised) == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return np.asarray(self.runner(list(normalised)), dtype=np.float32)

    def raw_windows(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Windows], list[np.ndarray]]:
        """(raw post scores [N, L] = max over windows, the windows, raw scores per window of each
        post); every window of every post in one ``runner`` call."""
        plans = self.windows_batch(texts)
        flat = [w for plan in plans for w in plan.texts]
        scores = self.score_windows(flat)
        per_post, start = [], 0
        for plan in plans:
            per_post.append(scores[start : start + len(plan)])
            start += len(plan)
        raw = np.stack([s.max(axis=0) for s in per_post]) if per_post else np.zeros((0, len(self.labels)), np.float32)
        return raw, plans, per_post

    # --- scores ----------------------------------------------------------------------------------

    def raw_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated probabilities [N, L] for raw posts (normalised here; max over windows)."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self.raw_windows(texts)[0]

    def calibrate(self, raw: np.ndarray, langs: Sequence[str | None] | None = None) -> np.ndarray:
        """The bundle's calibration maps (per language where given) applied to raw scores [N, L]."""
        return apply_calibration(raw, self.labels, self.bundle.manifest.get("calibration"), langs)

    def predict_proba(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> np.ndarray:
        """Calibrated probabilities [N, L] for raw posts; ``langs`` (one per post) selects the
        per-language calibration maps where the bundle has them (``classify`` passes them)."""
        return self.calibrate(self.raw_proba(texts), langs)

    def classify(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[ClassifyResult]:
        """Scores, per-language thresholds and flags for raw posts.

        ``langs`` may give a known language per post; otherwise it is detected. ``windows``: how
        many windows of the post the model read, ``windows_total`` how many the whole post needs;
        ``truncated``: the post was not read to the end. Each result is a ``ClassifyResult``
        (``to_dict()`` is the API's JSON object).
        """
        from polarscan.models.langid import detect

        detections = [detect(text) for text in texts]
        row_langs = [(langs[i] if langs is not None and langs[i] else None) or d.lang for i, d in enumerate(detections)]
        if len(texts):
            raw, plans, _ = self.raw_windows(texts)
        else:
            raw, plans = np.zeros((0, len(self.labels)), np.float32), []
        scores = self.calibrate(raw, row_langs)
        results = []
        for i, detected in enumerate(detections):
            lang = row_langs[i]
            labels = {}
            for j, label in enumerate(self.labels):
                threshold = self.bundle.threshold(label, lang)
                score = float(scores[i, j])
                measured = self.bundle.flag_enabled(label, lang)
                labels[label] = LabelResult(score=round(score, 6), flagged=measured and score >= threshold,
                                            threshold=round(threshold, 6), measured=measured)
            results.append(ClassifyResult(
                lang=lang, script=detected.script, lang_confidence=round(float(detected.confidence), 4), labels=labels,
                flagged=any(v.flagged for v in labels.values()), windows=len(plans[i]),
                windows_total=max(plans[i].planned, len(plans[i])), truncated=plans[i].truncated,
            ))
        return results
