"""Helpers for the review tests: a keyword stub predictor and a database fixture over SQLite and
PostgreSQL. PostgreSQL comes from ``POLARSCAN_TEST_PG_URL``; without it the postgres cases FAIL
unless ``POLARSCAN_ALLOW_NO_PG=1`` (so CI cannot skip them silently)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from polarscan.models.normalize import normalize
from polarscan.models.taxonomy import label_names

KEYWORDS = {
    "hateful": ("ratten", "parasites", "كلاب"),
    "offensive": ("idioot", "connard", "honden"),
    "polarising": ("zij", "eux", "خونة"),
    "violent": ("afmaken", "tuer", "اقتلكم"),
}


class StubPredictor:
    """Scores 0.9 for a label when one of its keywords is a word of the normalised text, else 0.05."""

    model_id = "stub-model"
    model_version = "1"

    def __init__(self, version: str = "1") -> None:
        self.model_version = version
        self.labels = list(label_names())
        self.bundle = SimpleNamespace(
            kind="stub",
            manifest={"thresholds": {label: {"default": 0.5} for label in self.labels}, "normalizer": {}},
            file=lambda name: Path("/nonexistent") / name,
        )
        self.proba_calls: list[int] = []

    def predict_proba(self, texts, langs=None):
        self.proba_calls.append(len(texts))
        out = np.full((len(texts), len(self.labels)), 0.05, dtype=np.float32)
        for i, text in enumerate(texts):
            words = set(normalize(text).split())
            for j, label in enumerate(self.labels):
                if words & set(KEYWORDS[label]):
                    out[i, j] = 0.9
        return out

    def classify(self, texts, langs=None):
        probs = self.predict_proba(texts)
        results = []
        for i, text in enumerate(texts):
            lang = "ar" if re.search("[\u0600-\u06ff]", text) else "fr" if re.search(r"\b(les|je|eux|bonjour|tuer)\b", text) else "nl"
            labels = {
                label: {"score": float(probs[i, j]), "flagged": bool(probs[i, j] >= 0.5), "threshold": 0.5}
                for j, label in enumerate(self.labels)
            }
            results.append(
                {"lang": lang, "script": "Arab" if lang == "ar" else "Latn", "lang_confidence": 1.0, "labels": labels, "flagged": any(v["flagged"] for v in labels.values())}
            )
        return results


def _postgres_url() -> str:
    base = os.environ.get("POLARSCAN_TEST_PG_URL")
    if not base:
        if os.environ.get("POLARSCAN_ALLOW_NO_PG") == "1":
            pytest.skip("PostgreSQL storage tests skipped: POLARSCAN_ALLOW_NO_PG=1 and no POLARSCAN_TEST_PG_URL")
        pytest.fail(
            "POLARSCAN_TEST_PG_URL is not set: the review storage tests must also run on PostgreSQL. "
            "Set it, e.g. POLARSCAN_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/polarscan_test "
            "(a throwaway database is created next to it and dropped), or set POLARSCAN_ALLOW_NO_PG=1 to skip locally."
        )
    return base


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A fresh, empty database URL: a SQLite file, or a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'review.db'}"
        return
    from live_server import postgres_database

    with postgres_database("db") as url:
        yield url


@pytest.fixture()
def database(db_url):
    from polarscan.serving.review.db import open_database

    db = open_database(db_url)
    try:
        yield db
    finally:
        db.close()
