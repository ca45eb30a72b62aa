"""Shared fixtures: a tiny corpus and a tiny baseline bundle built in a temp dir, ../shared/data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# (text, lang, labels) — written for the tests; labels: hateful, offensive, polarising, violent
# (None = the "source" does not annotate it).
_TINY = [
    ("die moslims zijn allemaal ratten en moeten weg", "nl", (1, 1, None, 0)),
    ("ik ga jullie allemaal afmaken vuile honden", "nl", (1, 1, None, 1)),
    ("wat een mooie dag vandaag in gent", "nl", (0, 0, None, 0)),
    ("lekker gegeten met mijn buren 😂", "nl", (0, 0, None, 0)),
    ("les arabes sont des parasites qui envahissent la france", "fr", (1, 1, 1, 0)),
    ("je vais tous vous tuer bande de sales chiens", "fr", (1, 1, None, 1)),
    ("bonjour à tous, belle journée au marché", "fr", (0, 0, 0, 0)),
    ("merci pour votre aide les amis ❤️", "fr", (0, 0, 0, 0)),
    ("اليهود كلاب ويجب طردهم من البلاد", "ar", (1, 1, None, 0)),
    ("سوف اقتلكم جميعا يا خونة", "ar", (None, 1, None, 1)),
    ("صباح الخير يا اصدقاء 🌹", "ar", (0, 0, None, 0)),
    ("مباراة رائعة اليوم والحمد لله", "ar", (0, 0, None, 0)),
    ("the left are traitors destroying our nation", "en", (None, None, 1, None)),
    ("the weather is lovely today", "en", (None, None, 0, None)),
]
LABELS = ("hateful", "offensive", "polarising", "violent")


def tiny_rows() -> list[dict]:
    from polarscan.models.normalize import normalize

    rows = []
    for copy in range(3):  # three slightly different copies so min_df and splits have material
        for i, (text, lang, labels) in enumerate(_TINY):
            raw = text if copy == 0 else f"{text} {['!', '??', '...'][copy]}"
            split = ("train", "dev", "test")[copy]
            rows.append(
                {
                    "id": f"tiny:{copy}:{i}",
                    "text": normalize(raw),
                    "raw_text": raw,
                    "lang": lang,
                    "script": "Arab" if lang == "ar" else "Latn",
                    "source": "tiny",
                    "split": split,
                    "labels": dict(zip(LABELS, labels)),
                    "targets": [],
                    "meta": {},
                }
            )
    return rows


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in tiny_rows()), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_bundle(tiny_corpus, tmp_path_factory) -> Path:
    """A real baseline bundle trained on the tiny corpus (seconds)."""
    from polarscan.pipelines.train import train_baseline
    from polarscan.training.baseline import BaselineConfig

    out = tmp_path_factory.mktemp("bundle") / "baseline"
    config = BaselineConfig.model_validate(
        {
            "kind": "baseline",
            "data": {"corpus": str(tiny_corpus), "max_train_rows_per_source": None},
            "features": {"char_ngram_range": [1, 4], "char_max_features": 5000, "word_max_features": 2000, "min_df": 1},
            "output": {"bundle": str(out), "model_id": "tiny-baseline", "model_version": "0"},
        }
    )
    return train_baseline(config).bundle_dir


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public data sets beside the repo (present in CI). Missing data is an error, not a skip."""
    path = Path(os.environ.get("POLARSCAN_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    if not (path / "README.md").is_file():
        pytest.fail(f"../shared/data not found at {path}; set POLARSCAN_SHARED_DATA")
    return path


def unigram_tokenizer(words: list[str], chars: str):
    """A tiny Unigram (SentencePiece-style) tokenizer built in the test: ``<s> <pad> </s> <unk>``,
    then the word pieces, single characters and ``<mask>``; ``<s> $A </s>`` around each text.
    Returns (tokenizer, vocabulary size)."""
    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    chars = sorted(set(chars.replace(" ", "")) | set("abcdefghijklmnopqrstuvwxyz"))
    vocab = [(p, 0.0) for p in specials] + [("▁", -2.0)] + [("▁" + w, -3.0) for w in words]
    vocab += [(c, -5.0) for c in chars] + [("▁" + c, -6.0) for c in chars] + [("<mask>", 0.0)]
    tok = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Replace(Regex(" {2,}"), " ")
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    return tok, len(vocab)
