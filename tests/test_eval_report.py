"""evaluate / calibrate / compare / report writers end to end on the tiny bundle and corpus."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from polarscan.evaluation.config import ConfigError, load_config
from polarscan.evaluation.report import Document
from polarscan.evaluation.robustness import names, obfuscate

SUITE = """functionality,test_case,label_gold,target_ident,lang
derog_explicit,die moslims zijn allemaal ratten,hateful,muslims,nl
identity_neutral,ik ben moslim en woon in gent,non-hateful,muslims,nl
threat,je vais tous vous tuer,hateful,-,fr
identity_positive,les arabes sont mes voisins adorés,non-hateful,arabs,fr
"""


@pytest.fixture
def suite(tmp_path):
    path = tmp_path / "suite.csv"
    path.write_text(SUITE, encoding="utf-8")
    return path


@pytest.fixture
def bundle_copy(tiny_bundle, tmp_path):
    dst = tmp_path / "bundle"
    shutil.copytree(tiny_bundle, dst)
    return dst


def test_evaluate_report(tiny_bundle, tiny_corpus, suite, tmp_path):
    from polarscan.evaluation import evaluate

    report = evaluate(tiny_bundle, tiny_corpus, splits=("dev", "test"), challenge=[suite])
    assert list(report.metrics) == ["dev", "test"]
    dev = report.metrics["dev"]
    assert list(dev.cells)[:3] == ["nl", "fr", "ar"] and "all" in dev.cells
    # tiny dev split: 4 nl rows, 2 hateful; the en rows have hateful unknown
    assert dev.cells["nl"]["hateful"].support == 4 and dev.cells["nl"]["hateful"].positives == 2
    assert dev.cells["en"]["hateful"].support == 0 and dev.cells["en"]["hateful"].f1 is None
    assert report.ece["dev"]["nl"]["hateful"]["n"] == 4
    assert report.functional.per_language["nl"].n == 2
    assert any(b.source == "challenge" for b in report.bias)
    assert {r.obfuscation for r in report.robustness} <= set(names()) and report.robustness

    paths = report.write(tmp_path / "out")
    assert [p.name for p in paths] == ["report.md", "report.html", "report.json"]
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| nl | hateful | 4 | 2 |" in md and "plots/pr_dev_nl.png" in md and "Functional tests" in md
    assert (tmp_path / "out" / "plots" / "reliability_test.png").stat().st_size > 1000
    assert (tmp_path / "out" / "plots" / "functional_fr.png").is_file()
    assert "<table>" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["metrics"]["dev"]["per_language"]["nl"]["hateful"]["support"] == 4


def test_calibrate_writes_a_verified_bundle(bundle_copy, tiny_corpus):
    from polarscan.evaluation.calibrate import calibrate_bundle
    from polarscan.models.bundle import load_bundle

    config = load_config(
        overrides={
            "calibration.min_positives": 2,
            "calibration.min_positives_per_language": 2,
            "calibration.method": "temperature",
            "thresholds.min_positives_per_language": 2,
        }
    )
    result = calibrate_bundle(bundle_copy, tiny_corpus, config)
    bundle = load_bundle(bundle_copy)  # hashes still verify
    assert bundle.manifest["calibration"] == result.calibration
    assert bundle.manifest["thresholds"] == result.thresholds
    assert set(bundle.manifest["thresholds"]["hateful"]) >= {"default", "nl", "fr"}
    fit = bundle.manifest["calibration_fit"]
    assert fit["fitted_on"]["split"] == "dev" and fit["fitted_on"]["rows"] == 14
    assert fit["labels"]["hateful"]["method"] in ("identity", "temperature", "isotonic")
    # the served scores use the new maps and thresholds
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(bundle_copy)
    raw = predictor.raw_proba(["die moslims zijn allemaal ratten"])
    from polarscan.models.calibration import apply_calibration

    # hateful: 2 positives / 2 negatives in nl and fr dev rows -> maps of their own; ar has 1 positive
    assert set(result.calibration["hateful"]["languages"]) == {"fr", "nl"}
    assert np.allclose(predictor.predict_proba(["die moslims zijn allemaal ratten"]), apply_calibration(raw, predictor.labels, result.calibration))
    served = predictor.classify(["die moslims zijn allemaal ratten"], langs=["nl"])[0]["labels"]["hateful"]["score"]
    nl_map = result.calibration["hateful"]["languages"]["nl"]
    assert served == pytest.approx(float(apply_calibration(raw[:, :1], ["hateful"], {"hateful": nl_map})[0, 0]), abs=1e-6)
    assert fit["labels"]["hateful"]["languages"]["nl"]["method"] == "temperature"


def test_score_cache_is_reused_and_keyed_by_texts(tiny_bundle, tmp_path):
    from polarscan.evaluation.scores import raw_scores
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(tiny_bundle)
    texts = ["die moslims zijn allemaal ratten", "wat een mooie dag"]
    first = raw_scores(predictor, texts, cache_dir=tmp_path)
    (cached,) = tmp_path.glob("*.npy")
    np.save(cached, np.full_like(first, 0.25))  # a cache hit returns the stored array
    assert np.all(raw_scores(predictor, texts, cache_dir=tmp_path) == 0.25)
    assert np.allclose(raw_scores(predictor, texts[:1], cache_dir=tmp_path), first[:1])  # other texts, other key
    assert len(list(tmp_path.glob("*.npy"))) == 2


def test_sampled_evaluation_reuses_cached_full_split(tiny_bundle, tiny_corpus, tmp_path):
    from polarscan.evaluation import evaluate
    from polarscan.evaluation.data import load_corpus
    from polarscan.evaluation.scores import raw_scores
    from polarscan.models.predictor import Predictor

    predictor = Predictor.from_bundle(tiny_bundle)
    dev = load_corpus(tiny_corpus, predictor.labels, splits=["dev"]).split("dev")
    full = raw_scores(predictor, dev.texts, cache_dir=tmp_path)
    (cached,) = tmp_path.glob("*.npy")
    np.save(cached, full * 0 + 0.125)  # visible if the sample is cut from the cached full split
    report = evaluate(predictor, tiny_corpus, splits=("dev",), max_rows_per_language=2, cache_dir=tmp_path, robustness=False, bias=False)
    assert len(report.scores["dev"].data) == 8  # 2 per language: nl, fr, ar, en
    assert np.all(report.scores["dev"].raw == 0.125)
    assert "at most 2 rows per language" in report.data_source


def test_sample_per_language_is_seeded_and_capped(tiny_corpus):
    from polarscan.evaluation.data import load_corpus

    data = load_corpus(tiny_corpus, ("hateful", "offensive", "polarising", "violent"))
    a = data.sample_per_language(3, seed=1)
    assert {lang: a.langs.count(lang) for lang in set(a.langs)} == {"nl": 3, "fr": 3, "ar": 3, "en": 3}
    assert a.ids == data.sample_per_language(3, seed=1).ids  # same rows for every bundle
    assert a.ids == sorted(a.ids, key=data.ids.index)  # corpus order kept


def test_compare_same_bundle_has_zero_deltas(tiny_bundle, tiny_corpus):
    from polarscan.evaluation import evaluate
    from polarscan.evaluation.compare import compare, metric_rows

    a = evaluate(tiny_bundle, tiny_corpus, splits=("test",), robustness=False, bias=False)
    headers, rows = metric_rows([a, a], "test")
    delta_cols = [i for i, h in enumerate(headers) if h.startswith("Δ")]
    assert len(delta_cols) == 3
    deltas = [rows[r][c] for r in range(len(rows)) for c in delta_cols]
    assert set(deltas) <= {"+0.000", "–"}
    assert "+0.000" in deltas  # some cell was measured: a table of dashes only would prove nothing
    assert compare([a, a]).title.startswith("Comparison: tiny-baseline@0 vs tiny-baseline@0")


def test_cli_evaluate_calibrate_functional(tiny_bundle, bundle_copy, tiny_corpus, suite, tmp_path, monkeypatch):
    import polarscan.evaluation.cli as evaluation_cli
    from polarscan.cli import cli

    monkeypatch.setattr(evaluation_cli, "CACHE", tmp_path / "cache")
    runner = CliRunner()
    out = tmp_path / "r"
    res = runner.invoke(cli, ["evaluate", str(tiny_bundle), "--data", str(tiny_corpus), "--split", "dev", "--out", str(out), "--no-plots", "--no-robustness"])
    assert res.exit_code == 0, res.output
    assert "dev: per language x label" in res.output and (out / "report.md").is_file()

    res = runner.invoke(cli, ["evaluate", "--compare", str(tiny_bundle), str(bundle_copy), "--data", str(tiny_corpus), "--out", str(tmp_path / "c"), "--no-plots", "--no-robustness", "--no-bias"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "c" / "report.md").read_text(encoding="utf-8").count("Δf1 B-A") == 2

    assert list((tmp_path / "cache").glob("*.npy"))  # raw scores kept for the next run
    res = runner.invoke(cli, ["calibrate", str(bundle_copy), "--data", str(tiny_corpus), "--set", "thresholds.strategy=target_precision"])
    assert res.exit_code == 0, res.output
    assert "thresholds (target_precision)" in res.output
    res = runner.invoke(cli, ["calibrate", str(bundle_copy), "--data", str(tiny_corpus), "--set", "thresholds.strategy=best"])
    assert res.exit_code == 1 and "thresholds.strategy" in res.output

    res = runner.invoke(cli, ["functional", "--bundle", str(tiny_bundle), str(suite), "--out", str(tmp_path / "f")])
    assert res.exit_code == 0, res.output
    assert "accuracy per functionality" in res.output

    res = runner.invoke(cli, ["functional", str(suite)])
    assert res.exit_code != 0 and "exactly one of --bundle PATH or --url URL" in res.output
    res = runner.invoke(cli, ["evaluate", str(tiny_bundle), "--data", str(tmp_path / "missing.jsonl")])
    assert res.exit_code == 2 and "does not exist" in res.output  # checked by click before anything is scored


def test_config_rejects_unknown_fields(tmp_path):
    bad = tmp_path / "e.yaml"
    bad.write_text("version: 1\nthresholds:\n  stratgy: max_f1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="thresholds.stratgy: unknown field"):
        load_config(bad)
    bad.write_text("version: 1\nrobustness:\n  obfuscations: [leet, rot13]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown obfuscations \\['rot13'\\]"):
        load_config(bad)
    assert load_config().thresholds.strategy == "max_f1"  # the shipped config validates


def test_obfuscations_are_deterministic_and_change_text():
    text = "die vuile varkens moeten allemaal weg uit ons land"
    for name in names():
        once = obfuscate(text, name, seed=13, key="row-1")
        assert once == obfuscate(text, name, seed=13, key="row-1")
        assert once != text, name
    assert obfuscate(text, "swap", 13, "row-1") != obfuscate(text, "swap", 14, "row-1")
    assert obfuscate(text, "emoji", 13, "k") == "die vuile 🐷 moeten allemaal weg uit ons land"
    assert obfuscate("الخنازير", "emoji", 13, "k") == "🐷"
    assert obfuscate("هؤلاء", "leet", 13, "k") == "هؤلاء"  # Arabic script has no leet form
    assert obfuscate("kanker", "spaces", 1, "k", rate=1.0) == "k a n k e r"


def test_unknown_report_format():
    with pytest.raises(ValueError, match="unknown report formats \\['pdf'\\]"):
        Document("t").write("/tmp/never", ["pdf"])
