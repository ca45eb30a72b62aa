"""Leave-one-word-out occlusion: which words drove each flagged label.

For a post with W words, the full text and the W texts with one word removed are scored in ONE
``predict_proba`` call (one ONNX batch); a word's weight for a label is the drop in calibrated
probability when it is removed. Offsets point into the text as posted, so the UI can highlight.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

_WORD = re.compile(r"\S+")


def explain(
    predictor: Any, text: str, labels: Sequence[str], *, top_k: int = 5, max_words: int = 64, lang: str | None = None
) -> dict[str, Any]:
    """Top words per label in ``labels`` (those with a positive weight, strongest first).

    ``lang`` is the post's language: every variant is calibrated with that language's map, as the
    score being explained was (``classify`` calibrates per language).
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)][:max_words]
    result: dict[str, Any] = {"method": "occlusion", "words_considered": len(spans), "labels": {}}
    if not labels or not spans:
        return result
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
