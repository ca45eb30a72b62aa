"""What every language's synthetic generator (training.synthetic.<lang>) must do alike."""

import collections
import importlib
import random

import pytest

from polarscan.training.synthetic import generate_posts


@pytest.mark.parametrize("lang", ["nl", "fr", "ar"])
def test_deterministic(lang):
    module = importlib.import_module(f"polarscan.training.synthetic.{lang}")
    a = module.generate(random.Random(f"13:{lang}"))
    b = module.generate(random.Random(f"13:{lang}"))
    assert [p["text"] for p in a] == [p["text"] for p in b]
    c = module.generate(random.Random(f"14:{lang}"))
    assert [p["text"] for p in a] != [p["text"] for p in c]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_groups_have_hateful_and_benign_posts(lang):
    groups = importlib.import_module(f"polarscan.training.synthetic.{lang}").GROUPS
    by_group = collections.defaultdict(set)
    for p in generate_posts([lang]):
        if p.target in groups:
            by_group[p.target].add(p.labels["hateful"])
    assert len(by_group) >= 12
    assert all(v == {0, 1} for v in by_group.values())
