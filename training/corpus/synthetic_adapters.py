"""Adapters for our own synthetic / team-written posts (``training.synthetic``), one source per
language (``synthetic_nl``, ``synthetic_fr``, ``synthetic_ar``; cards ``datasets/cards/synthetic_<lang>.yaml``).

Rows are generated deterministically by code in this repository (no file in ``../shared/data``);
they are training data only: the build keeps their upstream split ``train`` (``TRAIN_ONLY``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from training.corpus.adapters import mask_identities
from training.corpus.registry import Row, adapter

SYNTHETIC_SOURCES = {f"synthetic_{lang}": lang for lang in ("nl", "fr", "ar")}


def synthetic_rows(lang: str, seed: int = 13) -> Iterator[Row]:
    from training.synthetic import generate_posts

    source = f"synthetic_{lang}"
    for post in generate_posts([lang], seed=seed):
        digest = hashlib.sha1(post.text.encode("utf-8")).hexdigest()[:16]
        meta = {"kind": post.kind, "variety": post.variety, "origin": post.origin, "synthetic": True}
        if post.pair:
            meta["pair"] = f"{source}:{post.pair}"
        yield Row(source=source, local_id=digest, raw_text=mask_identities(post.text), labels=dict(post.labels), lang=lang,
                  split="train", targets=[post.target] if post.target else [], meta=meta)


def _register(name: str, lang: str) -> None:
    @adapter(name)
    def _fn(folder: Path, options: dict) -> Iterator[Row]:
        return synthetic_rows(lang, int(options.get("seed", 13)))

    _fn.__doc__ = f"Synthetic and team-written {lang} posts (training.synthetic.{lang}); split train."


for _name, _lang in SYNTHETIC_SOURCES.items():
    _register(_name, _lang)
