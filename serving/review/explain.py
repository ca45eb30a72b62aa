"""Leave-one-word-out occlusion: which words drove each flagged label, over the whole post.

A word's weight for a label is the drop in the post's calibrated probability when the word is
removed. The post's score is the max over its windows (``models.predictor``), so removing a word
only changes the windows that contain it, and only a word inside the label's best window can lower
the max: every other word's drop is exactly 0. So the variants scored are, for each word of a
flagged label's best window, each window containing that word with the word removed, all in ONE
model call (one ONNX batch; with a batch-independent bundle each variant scores as it would
alone). A post that fits one window is the classic case: the whole text minus one word.
Offsets point into the text as posted, so the UI can highlight.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

_WORD = re.compile(r"\S+")


def explain(
    predictor: Any, text: str, labels: Sequence[str], *, top_k: int = 5, max_words: int | None = None, lang: str | None = None
) -> dict[str, Any]:
    """Top words per label in ``labels`` (those with a positive weight, strongest first).

    ``lang`` is the post's language: every variant is calibrated with that language's map, as the
    score being explained was (``classify`` calibrates per language). ``max_words``: consider only
    the first words (None: every word of the post).
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if max_words is not None:
        spans = spans[:max_words]
    result: dict[str, Any] = {"method": "occlusion", "words_considered": len(spans), "labels": {}}
    if not labels or not spans:
        return result
    if not hasattr(predictor, "windows"):  # a plain scorer: whole-text variants
        return _explain_whole(predictor, text, labels, spans, top_k, lang, result)
    from polarscan.models.normalize import normalize

    import numpy as np

    model_labels = list(predictor.labels)
    cols = [model_labels.index(label) for label in labels]
    plan = predictor.windows(text)
    result["windows"] = len(plan)
    window_raw = predictor.score_windows(list(plan.texts))  # [M, L]
    # words of each label's best window, and for each such word the windows that contain it
    candidates: dict[int, list[int]] = {}
    for j in cols:
        best = int(np.argmax(window_raw[:, j]))
        ws, we = plan.spans[best]
        for i, (a, b) in enumerate(spans):
            if ws <= a and b <= we and i not in candidates:
                candidates[i] = [m for m, (s, e) in enumerate(plan.spans) if s <= a and b <= e]
    variant_index: dict[tuple[int, int], int] = {}
    variant_texts: list[str] = []
    for i, windows in candidates.items():
        a, b = spans[i]
        for m in windows:
            s, e = plan.spans[m]
            variant_index[(i, m)] = len(variant_texts)
            variant_texts.append(normalize(text[s:a] + text[b:e]))
    variant_raw = predictor.score_windows(variant_texts)
    words = sorted(candidates)
    new_raw = np.repeat(window_raw.max(axis=0, keepdims=True), len(words), axis=0)
    for r, i in enumerate(words):
        inside = set(candidates[i])
        rows = [window_raw[m] for m in range(len(plan)) if m not in inside]
        rows += [variant_raw[variant_index[(i, m)]] for m in candidates[i]]
        new_raw[r] = np.max(np.stack(rows), axis=0)
    full = predictor.calibrate(window_raw.max(axis=0, keepdims=True), [lang] if lang else None)[0]
    without = predictor.calibrate(new_raw, [lang] * len(words) if lang else None) if words else new_raw
    for label, j in zip(labels, cols):
        drops = {i: float(full[j] - without[r, j]) for r, i in enumerate(words)}
        order = sorted(drops, key=lambda i: (-drops[i], i))
        result["labels"][label] = [
            {"word": text[spans[i][0] : spans[i][1]], "start": spans[i][0], "end": spans[i][1], "weight": round(drops[i], 4)}
            for i in order[:top_k]
            if drops[i] > 0
        ]
    return result


def _explain_whole(predictor: Any, text: str, labels: Sequence[str], spans: list[tuple[int, int]], top_k: int,
                   lang: str | None, result: dict[str, Any]) -> dict[str, Any]:
    variants = [text] + [(text[:start] + text[end:]) for start, end in spans]
    probs = predictor.predict_proba(variants, [lang] * len(variants)) if lang else predictor.predict_proba(variants)
    model_labels = list(predictor.labels)
    for label in labels:
        j = model_labels.index(label)
        drops = [float(probs[0, j] - probs[i + 1, j]) for i in range(len(spans))]
        order = sorted(range(len(spans)), key=lambda i: drops[i], reverse=True)
        result["labels"][label] = [
            {"word": text[spans[i][0] : spans[i][1]], "start": spans[i][0], "end": spans[i][1], "weight": round(drops[i], 4)}
            for i in order[:top_k]
            if drops[i] > 0
        ]
    return result
