"""What every language's synthetic generator (training.synthetic.<lang>) must do alike."""

import collections
import importlib
import inspect
import random
import re

import pytest

from polarscan.training import synthetic
from polarscan.training.synthetic import by_draw, generate_posts, templates, written_rows


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
    groups = importlib.import_module(f"polarscan.training.synthetic.{lang}").T.GROUPS
    by_group = collections.defaultdict(set)
    for p in generate_posts([lang]):
        if p.target in groups:
            by_group[p.target].add(p.labels["hateful"])
    assert len(by_group) >= 12
    assert all(v == {0, 1} for v in by_group.values())


def test_by_draw_takes_the_first_step_whose_threshold_is_above_the_draw():
    steps = ((0.2, str.upper), (0.5, str.title))
    assert [by_draw(r, "ab cd", *steps) for r in (0.0, 0.2, 0.49, 0.5, 0.99)] == ["AB CD", "Ab Cd", "Ab Cd", "ab cd", "ab cd"]


def test_written_rows_leave_an_empty_label_cell_unknown(tmp_path, monkeypatch):
    (tmp_path / "written_xx.csv").write_text("text,kind,hateful,offensive,polarising,violent\n"
                                            "hallo,identity_neutral,0,,1, 1 \n", encoding="utf-8")
    monkeypatch.setattr(synthetic, "DATA", tmp_path)
    rows = written_rows("xx")
    assert [r["text"] for r in rows] == ["hallo"]
    assert rows[0]["labels"] == {"hateful": 0, "offensive": None, "polarising": 1, "violent": 1}
    assert written_rows("yy") == []  # no file, no rows


@pytest.mark.parametrize("lang", ["nl", "fr", "ar"])
def test_templates_read_every_word_list_the_module_uses(lang):
    module = importlib.import_module(f"polarscan.training.synthetic.{lang}")
    names = set(re.findall(r"\bT\.([A-Z_]+)", inspect.getsource(module)))
    assert names and names <= set(vars(templates(lang)))
