"""No synthetic or team-written training post equals or near-duplicates a challenge case.

"Near duplicate" is the corpus build's own definition (``training.corpus.dedup``): the same
letters-only key, or MinHash-estimated Jaccard >= 0.8 over character 5-shingles of the key.
Covers ``datasets/challenge/*.csv`` and the held-back ``datasets/challenge/fresh/*.csv``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from polarscan.models.normalize import normalize
from polarscan.training.corpus.dedup import dedup_key, find_clusters
from polarscan.training.synthetic import generate_posts

CHALLENGE = Path(__file__).resolve().parent.parent / "datasets" / "challenge"


def overlaps(posts: list[str], cases: list[str]) -> list[tuple[str, str]]:
    keys = [dedup_key(normalize(t)) for t in cases] + [dedup_key(normalize(t)) for t in posts]
    uf, _, _ = find_clusters(keys, near=True, threshold=0.8)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        clusters[uf.find(i)].append(i)
    out = []
    for members in clusters.values():
        c = [i for i in members if i < len(cases)]
        p = [i - len(cases) for i in members if i >= len(cases)]
        if c and p:
            out.append((cases[c[0]], posts[p[0]]))
    return out


def test_overlap_check_catches_copies_and_near_copies():
    cases = ["Die mensen zijn allemaal hetzelfde en horen hier niet thuis", "bonjour"]
    posts = ["die mensen zijn allemaal hetzelfde en horen hier niet thuis!!", "Die mensen zijn allemaal hetzelfde en horen hier niet thuis hoor",
             "iets heel anders over voetbal in Mechelen"]
    found = overlaps(posts, cases)
    assert len(found) == 1 and found[0][0] == cases[0]


def test_no_synthetic_post_copies_a_challenge_case():
    cases = [row["test_case"] for f in sorted(CHALLENGE.glob("*.csv")) + sorted(CHALLENGE.glob("fresh/*.csv"))
             for row in csv.DictReader(f.open(encoding="utf-8"))]
    assert len(cases) > 1500  # the three sets and the three fresh sets
    posts = [p.text for p in generate_posts()]
    assert len(posts) > 9000
    assert overlaps(posts, cases) == []
