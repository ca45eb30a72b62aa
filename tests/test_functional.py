"""The HateCheck-format runner on a 6-row suite against a stub classifier (expectations by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from polarscan.evaluation.bias import challenge_bias
from polarscan.evaluation.functional import FunctionalError, HttpClassifier, load_suite, run_functional

SUITE = """functionality,test_case,label_gold,target_ident,lang
derog,I hate group A,hateful,group_a,nl
derog,group B are vermin,hateful,group_b,nl
counter_speech,saying 'I hate A' is wrong,non-hateful,group_a,nl
identity_neutral,I am a member of A,non-hateful,group_a,nl
identity_neutral,B people hate nothing,non-hateful,group_b,fr
threat,I hate B and will hurt them,hateful,group_b,fr
"""


class Stub:
    """Flags `hateful` when the text contains "hate"; records the language hints it got."""

    def __init__(self):
        self.langs_seen = []

    def classify(self, texts, langs=None):
        self.langs_seen.append(langs)
        out = []
        for t in texts:
            hit = "hate" in t
            out.append(
                {
                    "lang": "nl",
                    "labels": {
                        "hateful": {"score": 0.9 if hit else 0.1, "flagged": hit},
                        "offensive": {"score": 0.8, "flagged": True},
                    },
                }
            )
        return out


@pytest.fixture
def suite(tmp_path) -> Path:
    path = tmp_path / "suite.csv"
    path.write_text(SUITE, encoding="utf-8")
    return path


def test_six_rows_by_hand(suite):
    result = run_functional(Stub(), load_suite([suite]), batch_size=4)
    nl, fr = result.per_language["nl"], result.per_language["fr"]
    # nl: row 1 tp, row 2 fn, row 3 fp (quotes "hate"), row 4 tn
    assert nl.counts == {"tp": 1, "fp": 1, "fn": 1, "tn": 1}
    assert nl.accuracy == 0.5 and nl.f1_hateful == 0.5 and nl.f1_non_hateful == 0.5 and nl.macro_f1 == 0.5
    # fr: row 5 fp ("hate nothing"), row 6 tp -> F1 hateful 2/3, F1 non-hateful 0 -> macro 1/3
    assert fr.counts == {"tp": 1, "fp": 1, "fn": 0, "tn": 0}
    assert fr.f1_hateful == pytest.approx(2 / 3) and fr.f1_non_hateful == 0.0 and fr.macro_f1 == pytest.approx(1 / 3)
    assert fr.lang_agreement == 0.0 and nl.lang_agreement == 1.0  # the stub always says nl

    fn = result.per_functionality
    assert (fn["nl"]["derog"].n, fn["nl"]["derog"].correct, fn["nl"]["derog"].accuracy) == (2, 1, 0.5)
    assert fn["nl"]["counter_speech"].accuracy == 0.0 and fn["nl"]["identity_neutral"].accuracy == 1.0
    assert fn["fr"]["identity_neutral"].accuracy == 0.0 and fn["fr"]["threat"].accuracy == 1.0
    tg = result.per_target
    assert (tg["nl"]["group_a"].n, tg["nl"]["group_a"].correct, tg["nl"]["group_a"].gold) == (3, 2, "mixed")
    assert (tg["nl"]["group_b"].accuracy, tg["nl"]["group_b"].gold) == (0.0, "hateful")
    assert [f["test_case"] for f in result.to_dict()["failures"]] == [
        "group B are vermin",
        "saying 'I hate A' is wrong",
        "B people hate nothing",
    ]

    bias = challenge_bias(result, ["identity_neutral"], ["nl", "fr"])
    assert [(b.lang, b.group, b.n, b.false_positives, b.fpr) for b in bias] == [
        ("nl", "group_a", 1, 0, 0.0),
        ("nl", "(all groups)", 1, 0, 0.0),
        ("fr", "group_b", 1, 1, 1.0),
        ("fr", "(all groups)", 1, 1, 1.0),
    ]


def test_functionality_with_both_gold_labels_is_split(tmp_path):
    path = tmp_path / "nl.csv"
    path.write_text(
        "functionality,test_case,label_gold,target_ident\n"
        "obfuscated,h4te them,hateful,x\n"
        "obfuscated,I hate mondays,non-hateful,-\n"
        "obfuscated,l0ve them,non-hateful,x\n",
        encoding="utf-8",
    )
    groups = run_functional(Stub(), load_suite([path])).per_functionality["nl"]
    assert {k: (g.n, g.correct, g.gold) for k, g in groups.items()} == {
        "obfuscated [hateful]": (1, 0, "hateful"),  # "h4te" evades the stub
        "obfuscated [non-hateful]": (2, 1, "non-hateful"),  # "I hate mondays" is flagged
    }


def test_positive_labels_any(suite):
    result = run_functional(Stub(), load_suite([suite]), positive_labels=["hateful", "offensive"])
    assert all(r.predicted == "hateful" for r in result.results)  # the stub always flags offensive
    assert result.per_language["nl"].accuracy == 0.5


def test_lang_hint_is_passed_only_when_asked(suite):
    stub = Stub()
    run_functional(stub, load_suite([suite]))
    assert stub.langs_seen == [None]
    run_functional(stub, load_suite([suite]), lang_hint=True)
    assert stub.langs_seen[-1] == ["nl", "nl", "nl", "nl", "fr", "fr"]


def test_lang_from_file_name_without_lang_column(tmp_path):
    path = tmp_path / "fr.csv"
    path.write_text("functionality,test_case,label_gold,target_ident\nslur,x,hateful,\n", encoding="utf-8")
    (case,) = load_suite([tmp_path])
    assert case.lang == "fr" and case.target_ident == "-"


def test_bad_columns_and_labels_are_named(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("functionality,text,label_gold\nx,y,hateful\n", encoding="utf-8")
    with pytest.raises(FunctionalError, match=r"missing \['test_case', 'target_ident'\]"):
        load_suite([bad])
    bad.write_text("functionality,test_case,label_gold,target_ident\nx,y,hate,\n", encoding="utf-8")
    with pytest.raises(FunctionalError, match=r"bad.csv:2: label_gold must be one of \['hateful', 'non-hateful'\], found 'hate'"):
        load_suite([bad])


def test_unknown_positive_label_is_an_error(suite):
    with pytest.raises(FunctionalError, match="no labels \\['violent'\\]"):
        run_functional(Stub(), load_suite([suite]), positive_labels=["violent"])


def test_http_classifier_posts_texts(suite, monkeypatch):
    import httpx

    sent = []

    def fake_post(url, json, timeout, headers):
        sent.append((url, json))
        return httpx.Response(200, json={"results": Stub().classify(json["texts"]), "model": {}})

    monkeypatch.setattr(httpx, "post", fake_post)
    result = run_functional(HttpClassifier("http://server:8000/"), load_suite([suite]), batch_size=5)
    assert [u for u, _ in sent] == ["http://server:8000/v1/classify"] * 2
    assert sent[0][1] == {"texts": ["I hate group A", "group B are vermin", "saying 'I hate A' is wrong", "I am a member of A", "B people hate nothing"]}
    assert result.per_language["nl"].accuracy == 0.5
    with pytest.raises(FunctionalError, match="drop --lang-hint"):
        run_functional(HttpClassifier("http://server:8000"), load_suite([suite]), lang_hint=True)


class ViolentStub:
    """Flags `hateful` on "hate" and `violent` on "kill"."""

    def classify(self, texts, langs=None):
        return [
            {
                "lang": "nl",
                "labels": {
                    "hateful": {"score": 0.9 if "hate" in t else 0.1, "flagged": "hate" in t},
                    "violent": {"score": 0.9 if "kill" in t else 0.1, "flagged": "kill" in t},
                },
            }
            for t in texts
        ]


VIOLENT_SUITE = """functionality,test_case,label_gold,target_ident,lang
threat,we will kill group A,hateful,group_a,nl
threat,group A will pay for this,hateful,group_a,nl
threat_figurative,I'll kill you if you're late again,non-hateful,,nl
threat_figurative,we crushed them 4-0 tonight,non-hateful,,nl
threat_figurative,mom will kill me when she sees this,non-hateful,,nl
threat,I hate B and will kill them,hateful,group_b,fr
derog,I hate group A,hateful,group_a,ar
"""


def test_violent_view_per_language(tmp_path):
    path = tmp_path / "suite.csv"
    path.write_text(VIOLENT_SUITE, encoding="utf-8")
    result = run_functional(ViolentStub(), load_suite([path]))
    v = result.violent
    assert set(v) == {"nl", "fr"}  # ar has neither threat nor threat_figurative cases
    assert (v["nl"]["threat"].n, v["nl"]["threat"].flagged, v["nl"]["threat"].share) == (2, 1, 0.5)
    assert (v["nl"]["threat_figurative"].n, v["nl"]["threat_figurative"].flagged) == (3, 2)
    assert v["nl"]["threat_figurative"].share == pytest.approx(2 / 3)
    assert (v["fr"]["threat"].share, v["fr"]["threat_figurative"].n, v["fr"]["threat_figurative"].share) == (1.0, 0, None)
    # the hateful decision is unchanged: figurative "kill" cases are not hateful for this stub
    assert result.per_functionality["nl"]["threat_figurative"].accuracy == 1.0
    d = result.to_dict()["violent"]
    assert d["nl"]["threat_figurative"] == {"n": 3, "flagged": 2, "share": pytest.approx(2 / 3)}
    assert d["fr"]["threat_figurative"] == {"n": 0, "flagged": 0, "share": None}
    headers, rows = result.violent_rows()
    assert headers == ["lang", "threat n", "threat flagged violent", "threat_figurative n", "threat_figurative flagged violent"]
    assert rows[0] == ["fr", 1, 1.0, 0, None] and rows[1][:3] == ["nl", 2, 0.5]

    from polarscan.evaluation.config import load_config
    from polarscan.evaluation.run import Report

    report = Report(model={"model_id": "stub"}, labels=["hateful"], languages=[], config=load_config(), functional=result)
    (md,) = report.write(tmp_path / "out", formats=("markdown",), plots=False)
    text = md.read_text(encoding="utf-8")
    assert "violent view" in text and "threat_figurative flagged violent" in text
    assert "| nl | 2 | 0.500 | 3 | 0.667 |" in text


def test_violent_view_empty_without_violent_label(suite):
    result = run_functional(Stub(), load_suite([suite]))  # the stub has no `violent` label
    assert result.violent == {} and result.to_dict()["violent"] == {}
    assert result.violent_rows()[1] == []
