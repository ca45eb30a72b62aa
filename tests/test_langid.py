"""Language identification: scripts, the five languages, Arabizi as Arabic, and the committed weights."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from polarscan.models.langid import LANGS, WEIGHTS_PATH, detect, script_of

REPO = Path(__file__).resolve().parent.parent

# Sentences written for these tests (not taken from any data set).
SENTENCES = [
    ("Ik vind het echt schandalig hoe die mensen hier behandeld worden", "nl"),
    ("Wat een kutweer vandaag, ik blijf lekker binnen", "nl"),
    ("Ge moet da ni doen, dat is hier ni toegelaten allee", "nl"),  # Flemish
    ("Die politiekers in Brussel zijn allemaal zakkenvullers", "nl"),
    ("C'est vraiment n'importe quoi ce que fait le gouvernement", "fr"),
    ("Franchement je sais pas pourquoi tu dis ça mdr", "fr"),
    ("jsuis trop content de vous voir ce soir zebi", "fr"),  # one Darija swear word in French
    ("This is the worst thing I have ever seen in my life", "en"),
    ("They should all go back to where they came from", "en"),
    ("Das ist doch völlig absurd, was die Regierung da macht", "de"),
    ("Ich habe keine Lust mehr auf diese ganze Diskussion", "de"),
    ("wach nta hmar wla chno, sir t9awed", "ar"),
    ("khoya rah bezaf 3lik had chi, mashi mzyan", "ar"),
    ("3lach katdir haka a sahbi, rak 7mar", "ar"),
    ("ana ma bghitch nmchi m3ak l dar", "ar"),
    ("wallah ya khouya had lblad mchat fiha", "ar"),
    ("la3nat allah 3la had nass li kaydiro had chi", "ar"),
    ("السلام عليكم ورحمة الله", "ar"),
    ("ياخي هذا الكلام ما يصير", "ar"),
    ("¿Qué está pasando con el gobierno de este país?", "other"),
    ("Questo governo è una vergogna per tutti noi", "other"),
]


@pytest.mark.parametrize("text,lang", SENTENCES)
def test_detects_written_sentences(text, lang):
    res = detect(text)
    assert res.lang == lang, (text, res)
    assert res.lang in LANGS and 0.0 <= res.confidence <= 1.0


def test_arabizi_is_arabic_in_latin_script():
    res = detect("wach nta hmar wla chno, sir t9awed")
    assert (res.lang, res.script) == ("ar", "Latn")
    assert detect("السلام عليكم").script == "Arab"


def test_texts_without_letters_are_other():
    assert detect("😂😂😂").lang == "other"
    assert detect("   ").lang == "other"
    assert detect("@user httpurl 123").lang == "other"
    assert detect("Привет, как дела у тебя сегодня").lang == "other"


def test_placeholders_do_not_make_english():
    assert detect("@user @user httpurl jullie zijn echt niet goed bij je hoofd").lang == "nl"


def test_script_of():
    assert script_of("abc") == ("Latn", 1.0)
    assert script_of("!!") == ("None", 0.0)
    assert script_of("مرحبا abc")[0] == "Arab"


def test_rule_fallback_without_weights(tmp_path):
    res = detect("wach nta hmar wla chno", model_path=tmp_path / "missing.npz")
    assert res.lang == "ar"
    assert detect("de het een en van ik je niet", model_path=tmp_path / "missing.npz").lang == "nl"


def test_weights_are_small_and_langid_imports_no_training_stack():
    assert WEIGHTS_PATH.is_file() and WEIGHTS_PATH.stat().st_size <= 2_000_000
    code = ("import sys, models.langid as L; L.detect('dit is een test'); "
            "bad = [m for m in ('torch', 'sklearn', 'transformers', 'pandas') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_cue_rules_label_arabizi_and_french():
    from polarscan.training.corpus.langid_train import cue_label

    assert cue_label("wach nta mrid wla chno khoya") == "ar"
    assert cue_label("je vais me réveiller à 6h au lieu de 7h pour réviser") == "fr"
    assert cue_label("ok") is None


@pytest.mark.shared_data
def test_hand_labelled_id11_sample(shared_data):
    """The 114 hand-labelled Latin-script ID11 rows (never trained on): Arabizi must not become fr/en."""
    from polarscan.training.corpus.langid_train import load_gold
    from polarscan.training.corpus.adapters import get_adapter

    gold = load_gold()
    rows = [r for r in get_adapter("ar_offensive_taxonomy").rows(shared_data, {"files": ["ID11"]})
            if r.local_id in gold]
    assert len(rows) == len(gold) >= 100
    arabizi = [r for r in rows if gold[r.local_id] == "ar"]
    got = [detect(r.raw_text).lang for r in arabizi]
    assert got.count("ar") / len(arabizi) >= 0.9, got
    assert sum(g in ("fr", "en") for g in got) / len(arabizi) <= 0.05
    correct = sum(detect(r.raw_text).lang == gold[r.local_id] for r in rows)
    assert correct / len(rows) >= 0.9
