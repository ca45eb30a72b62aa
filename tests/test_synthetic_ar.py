"""Arabic synthetic contrastive posts (training/synthetic/ar.py): size, determinism, labels, pairs, threats."""

import collections

import pytest

from polarscan.training.synthetic import generate_posts
from polarscan.training.synthetic import ar


@pytest.fixture(scope="module")
def posts():
    return generate_posts(["ar"])


def test_count_and_varieties(posts):
    assert len(posts) >= 3000
    varieties = collections.Counter(p.variety for p in posts)
    assert set(varieties) == {"msa", "darija", "arabizi"}
    for n in varieties.values():
        assert n >= len(posts) / 5


def test_roughly_balanced(posts):
    hateful = sum(p.labels["hateful"] == 1 for p in posts)
    assert 0.35 <= hateful / len(posts) <= 0.6


def test_label_rules_per_kind(posts):
    for p in posts:
        h, o, pol, v = (p.labels[k] for k in ("hateful", "offensive", "polarising", "violent"))
        if p.kind.startswith(("identity_", "negated", "denounced", "counter_speech", "civil")) or \
                p.kind in ("violence_figurative", "violence_sport", "violence_news"):
            assert (h, o, pol, v) == (0, 0, 0, 0), p
        elif p.kind.startswith("hateful_"):
            assert (h, o, pol, v) == (1, 1, 1, 0), p
        elif p.kind in ("threat_group", "call_violence_group"):
            assert (h, o, pol, v) == (1, 1, 1, 1), p
        elif p.kind in ("threat_individual", "threat_conditional", "threat_veiled"):
            assert v == 1 and o == 1, p
        elif p.kind.startswith("offensive_"):
            assert (h, o, pol, v) == (0, 1, 0, 0), p
        elif p.kind == "polarising_vilification":
            assert pol == 1 and h == 0 and v == 0, p


def test_minimal_pairs(posts):
    pairs = collections.defaultdict(set)
    for p in posts:
        if p.pair:
            pairs[p.pair].add(p.labels["hateful"] if p.labels["violent"] != 1 else "violent")
    mixed = [k for k, v in pairs.items() if len(v) > 1]
    assert len(mixed) >= 500
    assert any(":gthreat" in k for k in mixed)


def test_threats_and_lookalikes(posts):
    kinds = collections.Counter(p.kind for p in posts)
    threats = sum(kinds[k] for k in ("threat_group", "call_violence_group", "threat_individual",
                                      "threat_conditional", "threat_veiled"))
    assert threats >= 400
    for k in ("violence_figurative", "violence_sport", "violence_news", "threat_veiled", "threat_conditional"):
        assert kinds[k] >= 20, k


def test_slurs_hateful_and_quoted(posts):
    slur_hate = {p.meta.get("slur") for p in posts if p.kind == "hateful_slur" and p.origin == "template"}
    slur_quoted = {p.meta.get("slur") for p in posts if p.kind.startswith("counter_speech") and p.meta.get("slur")}
    assert slur_hate and slur_hate == slur_quoted


def test_lengths_and_style(posts):
    lengths = [len(p.text.split()) for p in posts]
    assert min(lengths) >= 3 and max(lengths) <= 60
    assert sum(n >= 40 for n in lengths) >= 50
    assert any("@USER" in p.text for p in posts)
    assert any("#" in p.text for p in posts)


def test_written_rows_read():
    written = ar._written()  # datasets/synthetic/written_ar.csv is in the repository
    assert len(written) >= 200 and all(p["origin"] == "written" for p in written)
    assert {p["variety"] for p in written} == {"msa", "darija", "arabizi"}
