"""The issue-8 scorecard: its metrics by hand on a fake classifier's outputs, and the CLI end to
end on the tiny baseline bundle."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from polarscan.evaluation.functional import Case
from polarscan.evaluation.scorecard import corpus_metrics, macro_f1, suite_metrics


def _out(hateful: bool, violent: bool = False, **others: bool) -> dict:
    labels = {"hateful": hateful, "offensive": others.get("offensive", False), "polarising": others.get("polarising", False),
              "violent": violent}
    return {"labels": {k: {"flagged": v, "score": float(v)} for k, v in labels.items()}}


def test_macro_f1_by_hand():
    gold = np.array([True, True, False, False])
    pred = np.array([True, False, False, True])
    # hateful: tp 1 fp 1 fn 1 -> 0.5; non-hateful: the same -> 0.5
    assert macro_f1(gold, pred) == pytest.approx(0.5)
    assert macro_f1(gold, gold) == 1.0


def test_suite_metrics_families_and_violent_rates():
    cases = [Case("threat", "t1", "hateful", "g", "nl"), Case("threat", "t2", "hateful", "g", "nl"),
             Case("threat_figurative", "f1", "non-hateful", "", "nl"), Case("identity_neutral", "n1", "non-hateful", "g", "nl"),
             Case("counter_speech_quote", "c1", "non-hateful", "g", "nl"), Case("negated_hate", "x", "non-hateful", "g", "fr")]
    outs = [_out(True, violent=True), _out(False), _out(False, violent=True), _out(True), _out(False), _out(False)]
    m = suite_metrics(cases, outs)
    nl = m["nl"]
    assert nl["n"] == 5 and nl["violent on threat"] == 0.5 and nl["violent on threat_figurative"] == 1.0
    assert nl["identity neutral/positive"] == 0.0 and nl["counter-speech"] == 1.0 and nl["threats (hateful flag)"] == 0.5
    # nl: gold H H N N N, pred H N N H N -> hateful F1 0.5, non-hateful F1 2*2/(4+1+1)=0.667
    assert nl["macro-F1"] == pytest.approx((0.5 + 2 / 3) / 2)
    assert m["fr"]["negated hate"] == 1.0 and m["fr"]["violent on threat"] is None


def test_corpus_metrics_f1_and_imsypp_false_flags():
    rows = [
        {"raw_text": "a", "text": "a", "lang": "nl", "source": "imsypp_nl", "meta": {"type": "appropriate", "team_labels": {"polarising": "f"}},
         "labels": {"hateful": 0, "offensive": 0, "polarising": 1, "violent": 0}},
        {"raw_text": "b", "text": "b", "lang": "nl", "source": "imsypp_nl", "meta": {"type": "appropriate"},
         "labels": {"hateful": 0, "offensive": 0, "polarising": None, "violent": 0}},
        {"raw_text": "c", "text": "c", "lang": "nl", "source": "imsypp_nl", "meta": {"type": "offensive"},
         "labels": {"hateful": 1, "offensive": 1, "polarising": None, "violent": 0}},
        {"raw_text": "d", "text": "d", "lang": "fr", "source": "x", "meta": {},
         "labels": {"hateful": None, "offensive": 1, "polarising": None, "violent": None}},
    ]
    outs = {"a": _out(False, polarising=True), "b": _out(True, offensive=True), "c": _out(True, offensive=True), "d": _out(False)}

    class Fake:
        def classify(self, texts, langs=None):
            assert langs == ["nl", "nl", "nl", "fr"]  # the corpus language is passed as known
            return [outs[t] for t in texts]

    per_lang, imsypp = corpus_metrics(Fake(), rows)
    assert per_lang["nl"]["hateful F1"] == pytest.approx(2 / 3)  # tp c, fp b
    assert per_lang["fr"]["hateful F1"] is None and per_lang["fr"]["offensive F1"] == 0.0
    assert imsypp["n appropriate"] == 2 and imsypp["hateful"] == 0.5 and imsypp["hateful|offensive|violent"] == 0.5
    assert imsypp["polarising"] == 0.5 and imsypp["team-labelled appropriate posts"] == 1
    assert imsypp["polarising flagged among them"] == 1.0 and imsypp["team polarising=1 among them"] == 1.0


def test_scorecard_cli_on_the_tiny_bundle(tiny_bundle, tiny_corpus, tmp_path):
    from polarscan.evaluation.cli import scorecard_cmd

    suite = tmp_path / "nl.csv"
    suite.write_text("functionality,test_case,label_gold,target_ident,lang\n"
                     "threat,ik ga jullie allemaal afmaken,hateful,muslims,nl\n"
                     "identity_neutral,mijn buren zijn moslims,non-hateful,muslims,nl\n", encoding="utf-8")
    result = CliRunner().invoke(scorecard_cmd, [str(tiny_bundle), str(tiny_bundle), "--data", str(tiny_corpus),
                                                "--challenge", str(suite), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "### Challenge sets" in result.output and "nl macro-F1" in result.output
    cards = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    assert len(cards) == 2 and cards[0]["challenge"]["nl"]["n"] == 2 and cards[0] == cards[1]
    bad = CliRunner().invoke(scorecard_cmd, [str(tiny_bundle), "--challenge", str(tmp_path / "missing.csv")])
    assert bad.exit_code != 0 and "does not exist" in bad.output
