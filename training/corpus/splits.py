"""Deterministic splits: a hash of (seed, row id) decides, never a random state.

- Upstream splits are kept (test stays test, dev stays dev).
- A source that lacks an upstream dev and/or test split gets it carved out of its upstream
  train rows (or all rows when it has no splits at all) with ``dev_fraction``/``test_fraction``.
- ``imsypp_nl`` (the only Dutch set) goes to dev and test only: within each ``type`` the rows
  are ordered by hash and the first ``dev_fraction`` go to dev, the rest to test.
- Sources in ``keep_upstream`` (our own ``corpus_jsonl`` files) keep the split they state.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

EVAL_ONLY_SOURCES = frozenset({"imsypp_nl"})


def unit_hash(seed: int, key: str) -> float:
    """A number in [0, 1) from ``seed`` and ``key``; stable across runs and machines."""
    digest = hashlib.blake2b(f"{seed}:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def assign_splits(ids: Sequence[str], sources: Sequence[str], upstream: Sequence[str | None],
                  strata: Sequence[str], seed: int, dev_fraction: float, test_fraction: float,
                  eval_dev_fraction: float = 0.5, keep_upstream: frozenset[str] = frozenset()) -> list[str]:
    """One split per row (see module docstring). ``strata`` is used for eval-only sources."""
    present: dict[str, set[str]] = defaultdict(set)
    for src, up in zip(sources, upstream):
        if up:
            present[src].add(up)
    out: list[str] = [""] * len(ids)
    eval_rows: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (rid, src, up) in enumerate(zip(ids, sources, upstream)):
        if src in EVAL_ONLY_SOURCES:
            eval_rows[(src, strata[i])].append(i)
            continue
        if up in ("dev", "test") or (up == "train" and src in keep_upstream):
            out[i] = up
            continue
        u = unit_hash(seed, rid)
        has = present[src]
        test_p = 0.0 if "test" in has else test_fraction
        dev_p = 0.0 if "dev" in has else dev_fraction
        out[i] = "test" if u < test_p else ("dev" if u < test_p + dev_p else "train")
    for members in eval_rows.values():
        members.sort(key=lambda i: unit_hash(seed, ids[i]))
        n_dev = round(len(members) * eval_dev_fraction)
        for rank, i in enumerate(members):
            out[i] = "dev" if rank < n_dev else "test"
    return out
