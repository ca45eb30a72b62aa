"""Exact and near-duplicate removal across sources (run before splitting).

- **Exact key**: the normalised text with placeholders (``@user``, ``httpurl``), a leading
  ``rt``, digits, punctuation, emoji and spaces removed: only letters remain. Two rows with the
  same key are duplicates ("RT @x: text!!" and "text" collapse).
- **Near duplicates**: MinHash over character shingles of the key (numpy, 64 permutations by
  default), LSH banding to find candidates, and a candidate pair counts when the estimated Jaccard
  similarity of the shingle sets reaches ``threshold``. Keys shorter than ``min_chars`` are only
  deduplicated exactly (short texts share too many shingles by chance). Contrast-pair sources
  (``keep_near_within``) keep their near pairs within the source.
- Each cluster keeps one row (``choose_keeper``): evaluation-only rows first (imsypp_nl), then
  rows from an upstream test split, then dev, then the row with the most known labels, then the
  source listed first. Labels the keeper leaves unknown are filled from the dropped rows when
  those agree; conflicting known labels keep the keeper's value and are counted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

_PLACEHOLDERS = re.compile(r"@user|httpurl|^rt\b")
_NON_LETTERS = re.compile(r"[\W\d_]+", re.UNICODE)


def dedup_key(normalised_text: str) -> str:
    """Letters only: the exact-duplicate key of a normalised text."""
    return _NON_LETTERS.sub("", _PLACEHOLDERS.sub(" ", normalised_text))


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, i: int) -> int:
        p = self.parent
        root = i
        while p[root] != root:
            root = p[root]
        while p[i] != root:
            p[i], i = root, p[i]
        return int(root)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def minhash_signatures(keys: Sequence[str], shingle_size: int, num_perm: int, seed: int,
                       progress: Callable | None = None) -> np.ndarray:
    """[N, num_perm] uint32 MinHash signatures of character shingles (all-ones for short keys)."""
    rng = np.random.default_rng(seed)
    a = (rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1))
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    base = np.uint64(1_000_003)
    powers = np.array([base ** np.uint64(k) for k in range(shingle_size - 1, -1, -1)], dtype=np.uint64)
    sig = np.full((len(keys), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    iterator = progress(range(len(keys))) if progress else range(len(keys))
    with np.errstate(over="ignore"):
        for i in iterator:
            key = keys[i]
            if len(key) < shingle_size:
                continue
            cps = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
            win = np.lib.stride_tricks.sliding_window_view(cps, shingle_size)
            h = np.unique((win * powers).sum(axis=1))
            mixed = (h[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
            sig[i] = mixed.min(axis=0).astype(np.uint32)
    return sig


@dataclass
class DedupResult:
    keep: list[int]  # indices of kept rows
    cluster_of: dict[int, list[int]] = field(default_factory=dict)  # keeper -> dropped indices
    exact_dropped: int = 0
    near_dropped: int = 0


def find_clusters(keys: Sequence[str], near: bool = True, shingle_size: int = 5, num_perm: int = 64,
                  bands: int = 16, threshold: float = 0.8, min_chars: int = 25, seed: int = 13,
                  progress: Callable | None = None, sources: Sequence[str] | None = None,
                  keep_near_within: frozenset[str] = frozenset()) -> tuple[UnionFind, int, int]:
    """Union-find over rows: same key, or near-duplicate keys. Returns (uf, exact_unions, near_unions).

    Near pairs of two rows from the same source in ``keep_near_within`` are not joined: those
    sources (DynaHate, GAHD) pair each text with a minimal edit that flips its label on purpose.
    """
    n = len(keys)
    uf = UnionFind(n)
    first: dict[str, int] = {}
    exact = 0
    for i, k in enumerate(keys):
        j = first.setdefault(k, i)
        if j != i:
            uf.union(i, j)
            exact += 1
    near_unions = 0
    if near:
        reps = [i for k, i in first.items() if len(k) >= min_chars]
        sig = minhash_signatures([keys[i] for i in reps], shingle_size, num_perm, seed, progress)
        rows = num_perm // bands
        for band in range(bands):
            buckets: dict[bytes, int] = {}
            block = np.ascontiguousarray(sig[:, band * rows : (band + 1) * rows])
            for local, vec in enumerate(block):
                bkey = vec.tobytes()
                other = buckets.setdefault(bkey, local)
                if other == local:
                    continue
                i, j = reps[local], reps[other]
                if uf.find(i) == uf.find(j):
                    continue
                if sources is not None and sources[i] == sources[j] and sources[i] in keep_near_within:
                    continue
                if float(np.mean(sig[local] == sig[other])) >= threshold:
                    uf.union(i, j)
                    near_unions += 1
    return uf, exact, near_unions


def resolve(labels: Sequence[dict], rank: Sequence[tuple], uf: UnionFind) -> tuple[DedupResult, list[dict], int]:
    """Pick one keeper per cluster, merge labels into it. Returns (result, merged labels, conflicts)."""
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(labels)):
        clusters[uf.find(i)].append(i)
    keep: list[int] = []
    merged = [dict(lab) for lab in labels]
    cluster_of: dict[int, list[int]] = {}
    conflicts = 0
    for members in clusters.values():
        keeper = min(members, key=lambda i: rank[i])
        keep.append(keeper)
        if len(members) == 1:
            continue
        others = [i for i in members if i != keeper]
        cluster_of[keeper] = others
        for name, value in labels[keeper].items():
            known = {labels[i][name] for i in others if labels[i][name] is not None}
            if value is None and len(known) == 1:
                merged[keeper][name] = known.pop()
            elif value is not None and known - {value}:
                conflicts += 1
    keep.sort()
    return DedupResult(keep=keep, cluster_of=cluster_of), merged, conflicts
