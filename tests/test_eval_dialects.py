"""Arabic metrics per source / dialect group: ``evaluation.metrics.group_table`` and the report section."""

from __future__ import annotations

import json

import numpy as np
import pytest

from polarscan.evaluation.data import EvalData
from polarscan.evaluation.metrics import group_table
from polarscan.evaluation.run import AR_DIALECTS, dialect_group, dialect_groups

LABELS = ("hateful", "offensive", "polarising", "violent")
NAN = np.nan


def test_group_table_counts_by_hand():
    # two groups of ar rows and one nl row (group None: left out); thresholds per language
    y = np.array([[1, 1, NAN, NAN], [0, 1, NAN, NAN], [1, 1, NAN, NAN], [0, 0, NAN, NAN], [1, 1, NAN, NAN]], dtype=float)
    s = np.array([[0.9, 0.8, 0, 0], [0.6, 0.4, 0, 0], [0.2, 0.9, 0, 0], [0.1, 0.1, 0, 0], [0.9, 0.9, 0, 0]], dtype=float)
    groups = ["lhsab", "lhsab", "thsab", "thsab", None]
    langs = ["ar", "ar", "ar", "ar", "nl"]
    t = group_table(y, s, groups, langs, LABELS, lambda label, lang: 0.5 if lang == "ar" else 0.95)
    assert list(t.cells) == ["lhsab", "thsab"] and t.rows == {"lhsab": 2, "thsab": 2}
    h = t.cells["lhsab"]["hateful"]  # 0.9 >= .5 tp, 0.6 >= .5 fp
    assert (h.tp, h.fp, h.fn, h.tn) == (1, 1, 0, 0) and h.precision == 0.5 and h.recall == 1.0
    h = t.cells["thsab"]["hateful"]  # 0.2 < .5 fn, 0.1 tn
    assert (h.tp, h.fp, h.fn, h.tn) == (0, 0, 1, 1) and h.precision is None and h.recall == 0.0 and h.f1 == 0.0
    o = t.cells["lhsab"]["offensive"]
    assert (o.tp, o.fn) == (1, 1) and o.f1 == pytest.approx(2 / 3)
    assert t.cells["thsab"]["polarising"].support == 0 and t.macro["thsab"].n_f1 == 2
    assert set(t.to_dict()) == {"per_group", "macro", "rows"}
    with pytest.raises(ValueError):
        group_table(y, s, groups[:2], langs, LABELS, lambda label, lang: 0.5)


def test_dialect_group_from_source_and_id():
    assert dialect_group("lhsab", "lhsab:12", "يا زلمة") == "lhsab"
    assert dialect_group("ar_offensive_taxonomy", "ar_offensive_taxonomy:ID11:7", "شنو هادشي") == "ar_offensive_taxonomy:ID11"
    assert dialect_group("ar_offensive_taxonomy", "ar_offensive_taxonomy:ID11:8", "wach nta mskhot") == "ar_offensive_taxonomy:ID11 [Latn]"
    assert dialect_group("", "x", "") == "(no source)"
    assert "ar_offensive_taxonomy:ID16" in AR_DIALECTS and AR_DIALECTS["thsab"] == "Tunisian"


def _data() -> EvalData:
    # our own short texts; ar rows from three dialect groups, plus nl rows that are not grouped
    rows = [
        ("ar", "lhsab", "lhsab:1", "انتو كلاب وما بتستحوا", [1, 1, None, None]),
        ("ar", "lhsab", "lhsab:2", "صباح الخير يا جماعة", [0, 0, None, 0]),
        ("ar", "ar_offensive_taxonomy", "ar_offensive_taxonomy:ID11:1", "الله يعطيك الصحة", [0, 0, None, 0]),
        ("ar", "ar_offensive_taxonomy", "ar_offensive_taxonomy:ID11:2", "nta hmar w mskhot", [None, 1, None, None]),
        ("ar", "polar_arb", "polar_arb:a", "هم ضدنا دائما وكلهم خونة", [None, None, 1, None]),
        ("nl", "imsypp_nl", "imsypp_nl:1", "die moslims zijn allemaal ratten", [1, 1, None, None]),
        ("nl", "imsypp_nl", "imsypp_nl:2", "ik woon graag in gent", [0, 0, None, 0]),
    ]
    y = np.array([[NAN if v is None else v for v in r[4]] for r in rows], dtype=float)
    return EvalData(
        texts=[r[3] for r in rows], langs=[r[0] for r in rows], y=y, labels=LABELS,
        ids=[r[2] for r in rows], splits=["dev"] * len(rows), sources=[r[1] for r in rows], targets=[[] for _ in rows],
    )


def test_dialect_groups_only_for_arabic_rows():
    groups = dialect_groups(_data())
    assert groups == ["lhsab", "lhsab", "ar_offensive_taxonomy:ID11", "ar_offensive_taxonomy:ID11 [Latn]", "polar_arb", None, None]


def test_evaluate_reports_arabic_dialect_groups(tiny_bundle, tmp_path):
    from polarscan.evaluation import evaluate

    report = evaluate(tiny_bundle, _data(), splits=("dev",), robustness=False, bias=False)
    t = report.dialects["dev"]
    assert list(t.cells) == ["ar_offensive_taxonomy:ID11", "ar_offensive_taxonomy:ID11 [Latn]", "lhsab", "polar_arb"]
    assert t.rows["lhsab"] == 2 and t.cells["lhsab"]["hateful"].support == 2 and t.cells["lhsab"]["hateful"].positives == 1
    assert t.cells["polar_arb"]["polarising"].positives == 1 and t.cells["polar_arb"]["hateful"].support == 0
    headers, rows = report.dialect_rows("dev")
    assert headers[:4] == ["group", "dialect", "label", "rows"]
    assert ["lhsab", "Levantine", "hateful", 2, 2, 1] == rows[[r[0] for r in rows].index("lhsab")][:6]
    assert not any(r[0] == "polar_arb" and r[2] == "hateful" for r in rows)  # unannotated cells left out
    report.write(tmp_path / "out", formats=("markdown", "json"), plots=False)
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "Arabic rows per source / dialect group" in md and "| lhsab | Levantine | hateful | 2 | 2 | 1 |" in md
    assert "| ar_offensive_taxonomy:ID11 [Latn] | Moroccan (Darija, Arabizi) | offensive | 1 | 1 | 1 |" in md
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["dialects"]["dev"]["per_group"]["lhsab"]["hateful"]["support"] == 2


def test_no_arabic_rows_no_dialect_section(tiny_bundle, tmp_path):
    from polarscan.evaluation import evaluate

    data = _data()
    report = evaluate(tiny_bundle, data.subset([lang == "nl" for lang in data.langs]), splits=("dev",), robustness=False, bias=False)
    assert report.dialects == {} and report.dialect_rows("dev") == (report.dialect_rows("dev")[0], [])
    report.write(tmp_path / "out", formats=("markdown",), plots=False)
    assert "dialect group" not in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
