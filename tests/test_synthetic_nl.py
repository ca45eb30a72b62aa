"""training.synthetic.nl: size, determinism, label rules per kind, minimal pairs, threats and look-alikes."""

import collections
import random

import pytest

from polarscan.training.synthetic import KINDS, generate_posts
from polarscan.training.synthetic import nl


@pytest.fixture(scope="module")
def posts():
    return generate_posts(["nl"])


def test_count_and_balance(posts):
    assert len(posts) >= 3500
    hateful = sum(p.labels["hateful"] == 1 for p in posts)
    assert 0.3 * len(posts) <= hateful <= 0.6 * len(posts)
    assert len({p.target for p in posts if p.labels["hateful"] == 1}) >= 12


def test_every_kind_present_with_its_labels(posts):
    by_kind = collections.defaultdict(list)
    for p in posts:
        by_kind[p.kind].append(p)
    assert set(by_kind) == set(KINDS)
    for kind in ("identity_neutral", "negated_hate", "counter_speech_quote", "counter_speech_report",
                 "civil_disagreement", "violence_figurative", "violence_sport", "violence_news"):
        assert all(p.labels == {"hateful": 0, "offensive": 0, "polarising": 0, "violent": 0} for p in by_kind[kind]), kind
    for kind in ("hateful_derog", "hateful_slur", "hateful_stereotype", "hateful_question"):
        assert all(p.labels == {"hateful": 1, "offensive": 1, "polarising": 1, "violent": 0} for p in by_kind[kind]), kind
    for kind in ("threat_group", "call_violence_group"):
        assert all(p.labels["violent"] == 1 and p.labels["hateful"] == 1 for p in by_kind[kind])
    for kind in ("threat_individual", "threat_conditional", "threat_veiled"):
        assert all(p.labels == {"hateful": 0, "offensive": 1, "polarising": 0, "violent": 1} for p in by_kind[kind])
    assert all(p.labels["polarising"] == 1 and p.labels["hateful"] == 0 for p in by_kind["polarising_vilification"])


def test_minimal_pairs_have_both_sides(posts):
    pairs = collections.defaultdict(set)
    for p in posts:
        if p.pair:
            pairs[p.pair].add(p.labels["hateful"])
    group_pairs = [k for k in pairs if not k.startswith(("nl:threat:", "nl:pol:"))]
    both = [k for k in group_pairs if pairs[k] == {0, 1}]
    assert len(both) >= 0.9 * len(group_pairs) and len(both) >= 1000


def test_threats_and_look_alikes(posts):
    violent = [p for p in posts if p.labels["violent"] == 1]
    look_alikes = [p for p in posts if p.kind in ("violence_figurative", "violence_sport", "violence_news")]
    assert len(violent) >= 400
    assert len(look_alikes) >= 400
    assert sum(p.kind.startswith("threat_") and p.target is None for p in violent) >= 100


def test_slurs_both_hateful_and_quoted(posts):
    slurs = {s.lower() for g in nl.T.GROUPS.values() for s in g["slurs"]}
    hate = [p for p in posts if p.kind == "hateful_slur"]
    quoted = [p for p in posts if p.kind in ("counter_speech_quote", "counter_speech_report")
              and any(s in p.text.lower() for s in slurs)]
    assert len(hate) >= 200 and len(quoted) >= 100


def test_style_lengths_and_written(posts):
    lengths = [len(p.text.split()) for p in posts]
    assert min(lengths) >= 3 and max(lengths) <= 60
    assert sum(n >= 40 for n in lengths) >= 200
    assert sum(p.origin == "written" for p in posts) >= 200
    assert {p.variety for p in posts} >= {"flemish", "nl_nl", "straattaal"}


def test_obfuscate_changes_word():
    rng = random.Random(0)
    variants = {nl.obfuscate("makakken", rng) for _ in range(50)}
    assert len(variants) > 5
