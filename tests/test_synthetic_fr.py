"""training.synthetic.fr: size, determinism, label rules, minimal pairs, threats and look-alikes."""

import collections

import pytest

from polarscan.training.synthetic import generate_posts
from polarscan.training.synthetic import fr


@pytest.fixture(scope="module")
def posts():
    return generate_posts(["fr"])


def test_count_and_balance(posts):
    assert len(posts) >= 3500
    hateful = sum(1 for p in posts if p.labels["hateful"] == 1)
    assert 0.3 < hateful / len(posts) < 0.6


def test_lengths(posts):
    words = [len(p.text.split()) for p in posts]
    assert min(words) >= 3 and max(words) <= 60
    assert sum(1 for w in words if w >= 40) >= 100


def test_label_rules_per_kind(posts):
    zero = {"identity_neutral", "identity_positive", "identity_news", "identity_personal", "negated_hate",
            "denounced_hate", "counter_speech_quote", "counter_speech_report", "civil_disagreement",
            "violence_figurative", "violence_sport", "violence_news"}
    for p in posts:
        lab = p.labels
        if p.kind in zero:
            assert lab == {"hateful": 0, "offensive": 0, "polarising": 0, "violent": 0}, p
        elif p.kind.startswith("hateful_"):
            assert (lab["hateful"], lab["offensive"], lab["polarising"], lab["violent"]) == (1, 1, 1, 0), p
        elif p.kind in ("threat_group", "call_violence_group"):
            assert all(v == 1 for v in lab.values()), p
        elif p.kind in ("threat_individual", "threat_conditional", "threat_veiled"):
            assert (lab["hateful"], lab["offensive"], lab["violent"]) == (0, 1, 1), p
        elif p.kind.startswith("offensive_"):
            assert (lab["hateful"], lab["offensive"], lab["violent"]) == (0, 1, 0), p
        elif p.kind == "polarising_vilification":
            assert lab["polarising"] == 1 and lab["hateful"] == 0 and lab["violent"] == 0, p


def test_every_kind_present(posts):
    from polarscan.training.synthetic import KINDS
    kinds = collections.Counter(p.kind for p in posts)
    for k in KINDS:
        assert kinds[k] >= 20, k


def test_minimal_pairs(posts):
    pairs = collections.defaultdict(set)
    for p in posts:
        if p.pair:
            pairs[p.pair].add((p.labels["hateful"], p.labels["violent"]))
    mixed = [k for k, v in pairs.items() if len({h for h, _ in v}) == 2 or len({x for _, x in v}) == 2]
    assert len(mixed) >= 500


def test_threats_and_lookalikes(posts):
    threats = [p for p in posts if p.labels["violent"] == 1]
    assert len(threats) >= 400
    assert sum(1 for p in threats if p.kind in ("threat_individual", "threat_conditional", "threat_veiled")) >= 100
    look = [p for p in posts if p.kind in ("violence_figurative", "violence_sport", "violence_news")]
    assert len(look) >= 300


def test_slurs_hateful_and_quoted(posts):
    slurs = {pl for g in fr.T.GROUPS.values() for _, pl in g["slurs"] if " " not in pl}
    hateful = [p for p in posts if p.kind == "hateful_slur"]
    quoted = [p for p in posts if p.kind.startswith("counter_speech") and any(s in p.text.lower() for s in slurs)]
    assert len(hateful) >= 200 and len(quoted) >= 50


def test_spelling_variants_on_both_sides(posts):
    def odd(t):
        return any(c in t for c in "0134$7*⭕🅰🅱") or "." in t.replace(". ", " ").rstrip(".")
    assert sum(1 for p in posts if p.labels["hateful"] == 1 and odd(p.text)) >= 100
    assert sum(1 for p in posts if p.labels["hateful"] == 0 and odd(p.text)) >= 100


def test_written_posts_read(posts):
    written = [p for p in posts if p.origin == "written"]
    assert len(written) >= 150
    assert {p.labels["hateful"] for p in written} == {0, 1}
    assert any(p.labels["offensive"] is None for p in written)  # empty cell = unknown


def test_spelling_variant_flags(posts):
    flagged = [p for p in posts if p.meta.get("obfuscated_group")]
    assert {p.labels["hateful"] for p in flagged} == {0, 1}
    slur = [p for p in posts if p.meta.get("obfuscated_slur")]
    assert any(p.kind == "hateful_slur" for p in slur) and any(p.kind.startswith("counter_speech") for p in slur)
