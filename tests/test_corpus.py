"""The data layer: adapters over ../shared/data, label mapping, dedup, splits, the build and its CLI."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from polarscan.models.normalize import normalize
from polarscan.models.taxonomy import label_names
from polarscan.training.corpus.config import DataConfig, load_config
from polarscan.training.corpus.dedup import dedup_key, find_clusters, resolve
from polarscan.training.corpus.adapters import get_adapter
from polarscan.training.corpus.registry import ADAPTERS, make_labels
from polarscan.training.corpus.splits import assign_splits

REPO = Path(__file__).resolve().parent.parent
CONFIG = load_config(REPO / "configs" / "data.yaml")
LANGS = {"nl", "fr", "ar", "en", "de", "other", None}


def _rows(shared_data: Path, name: str, n: int | None = None, **options):
    rows = get_adapter(name).rows(shared_data, options)
    return list(itertools.islice(rows, n)) if n else list(rows)


# --------------------------------------------------------------------------------------------
# registry, cards, layout
# --------------------------------------------------------------------------------------------


def test_every_configured_source_has_an_adapter_and_a_card():
    get_adapter("mlma")
    for name in [*CONFIG.sources, "corpus_jsonl"]:
        assert name in ADAPTERS
        assert (REPO / "datasets" / "cards" / f"{name}.yaml").is_file(), f"no card for {name}"
    assert (REPO / "datasets" / "cards" / "hurtlex.yaml").is_file()


def test_datasets_folder_is_never_a_package():
    assert not list((REPO / "datasets").rglob("__init__.py"))


def test_unknown_adapter_names_the_known_ones():
    with pytest.raises(KeyError, match="known sources"):
        get_adapter("no_such_source")


def test_make_labels_defaults_to_unknown_and_rejects_typos():
    assert make_labels(offensive=1) == {"hateful": None, "offensive": 1, "polarising": None, "violent": None}
    with pytest.raises(KeyError, match="hatefull"):
        make_labels(hatefull=1)


@pytest.mark.shared_data
@pytest.mark.parametrize("name", CONFIG.sources)
def test_adapter_reads_rows_in_the_contract_shape(shared_data, name):
    rows = _rows(shared_data, name, 300)
    assert len(rows) >= 100
    for r in rows:
        assert r.raw_text.strip()
        assert tuple(r.labels) == label_names()
        assert all(v in (0, 1, None) for v in r.labels.values())
        assert any(v is not None for v in r.labels.values()), r
        assert r.lang in LANGS
        assert r.split in (None, "train", "dev", "test")
        assert not re.search(r"@(?!USER\b)\w", r.raw_text), f"unmasked handle in {r.id}: {r.raw_text!r}"
    assert len({r.id for r in rows}) == len(rows)


# --------------------------------------------------------------------------------------------
# label mapping and quirks, on the real files
# --------------------------------------------------------------------------------------------


@pytest.mark.shared_data
def test_imsypp_mapping_and_counts(shared_data):
    rows = _rows(shared_data, "imsypp_nl")
    assert len(rows) == 2858
    by_type = {}
    for r in rows:
        by_type.setdefault(r.meta["type"], []).append(r)
        assert "http" not in json.dumps(r.meta)  # the uri column is dropped
    assert {r.labels["offensive"] for r in by_type["inappropriate"]} == {None}  # not offensive, not inoffensive
    assert {r.labels["hateful"] for r in by_type["appropriate"]} == {0}
    assert {(r.labels["offensive"], r.labels["violent"]) for r in by_type["violent"]} == {(1, 1)}
    racism = [r for r in by_type["offensive"] if r.meta["target"] == "racism"]
    politics = [r for r in by_type["offensive"] if r.meta["target"] == "politics"]
    assert racism and {r.labels["hateful"] for r in racism} == {1}
    assert politics and {r.labels["hateful"] for r in politics} == {0}
    assert all(r.labels["polarising"] is None for r in rows)


@pytest.mark.shared_data
def test_unknown_is_not_negative(shared_data):
    polar = _rows(shared_data, "polar_arb", 500)
    assert {r.labels["hateful"] for r in polar} == {None} and {r.labels["polarising"] for r in polar} == {0, 1}
    gahd = _rows(shared_data, "gahd", 2000)
    assert {r.labels["offensive"] for r in gahd if r.labels["hateful"] == 0} == {None}
    germ = _rows(shared_data, "germeval2018", 2000)
    offensive = [r for r in germ if r.labels["offensive"] == 1]
    assert offensive and {r.labels["hateful"] for r in offensive} == {None}
    assert {r.labels["hateful"] for r in germ if r.labels["offensive"] == 0} == {0}


@pytest.mark.shared_data
def test_osact_linebreaks_and_hate_types(shared_data):
    rows = _rows(shared_data, "osact2022")
    assert len(rows) == 8557 + 1266
    assert not any("<LF>" in r.raw_text for r in rows)
    assert any("\n" in r.raw_text for r in rows)
    ideology = [r for r in rows if r.meta["hate"] == "HS3"]  # mostly football-club rivalry (card audit)
    assert ideology and all(r.labels["hateful"] is None and r.labels["polarising"] is None for r in ideology)
    assert {r.labels["polarising"] for r in rows} == {None}
    assert {r.labels["hateful"] for r in rows if r.meta["hate"] == "HS6"} == {1}
    assert {r.split for r in rows} == {"train", "dev"}


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["lhsab", "thsab"])
def test_normal_abusive_hate_audit_mapping(shared_data, name):
    """Audit 2026-12-01: abusive holds group hate (hateful unknown, not 0); hate is hateful 1
    only when it names a protected group; normal stays all-0."""
    rows = _rows(shared_data, name)
    by = {k: [r for r in rows if r.meta["label"] == k] for k in ("normal", "abusive", "hate")}
    assert all(r.labels == make_labels(hateful=0, offensive=0, violent=0) for r in by["normal"])
    assert by["abusive"] and all(r.labels == make_labels(offensive=1) for r in by["abusive"])
    hate = by["hate"]
    assert {r.labels["offensive"] for r in hate} == {1} and {r.labels["violent"] for r in hate} == {None}
    assert all(r.labels["hateful"] == (1 if r.meta["group_term"] else None) for r in hate)
    named = sum(r.meta["group_term"] for r in hate) / len(hate)
    assert 0.35 < named < 0.75, named  # about half of their "hate" is political/individual


def test_group_terms_gate_hate_rows():
    from polarscan.training.corpus.adapters import _AR_GROUP_TERMS

    # our own phrases, not data set rows
    assert _AR_GROUP_TERMS.search("الله يقرفكم يا شيعة")
    assert _AR_GROUP_TERMS.search("برا على بلدكن يا لاجئين")
    assert _AR_GROUP_TERMS.search("النسوان ما بيفهموا")
    assert not _AR_GROUP_TERMS.search("يا وزير يا حرامي انت وتيارك")
    assert not _AR_GROUP_TERMS.search("الله يلعنك يا كذاب")


@pytest.mark.shared_data
def test_mlma_arabic_hateful_needs_a_protected_target(shared_data):
    rows = [r for r in _rows(shared_data, "mlma") if r.lang == "ar"]
    hateful = [r for r in rows if r.labels["hateful"] == 1]
    assert hateful and all(r.targets or r.meta["group"] not in ("individual", "other") for r in hateful)
    gated = [r for r in rows if "hateful" in r.meta["sentiment"].split("_") and "normal" not in r.meta["sentiment"]
             and r.meta["group"] in ("individual", "other") and not r.targets]
    assert gated and {r.labels["hateful"] for r in gated} == {None} and {r.labels["offensive"] for r in gated} == {1}
    fr = [r for r in _rows(shared_data, "mlma") if r.lang == "fr"]  # French part not gated
    assert any(r.labels["hateful"] == 1 and not r.targets and r.meta["group"] in ("individual", "other") for r in fr)


@pytest.mark.shared_data
def test_polar_arb_other_only_positives_are_unknown(shared_data):
    rows = _rows(shared_data, "polar_arb")
    assert len(rows) == 3380 + 169 - 193 - 7  # polarised rows aimed only at `other` skipped
    assert not [r for r in rows if r.targets == ["other"]]
    assert {r.labels["polarising"] for r in rows if r.targets} == {1}
    assert {r.split for r in rows if r.labels["polarising"] == 0} == {"train", "dev"}


@pytest.mark.shared_data
def test_ar_offensive_taxonomy_audit_mapping(shared_data):
    id2 = _rows(shared_data, "ar_offensive_taxonomy", files=["ID2", "ID14"])
    offensive = [r for r in id2 if r.labels["offensive"] == 1]
    assert offensive and {r.labels["hateful"] for r in offensive} == {None}
    assert all(not r.targets for r in id2) and any("fine_topics" in r.meta for r in offensive)
    assert {r.labels["hateful"] for r in id2 if r.labels["offensive"] == 0} == {0}
    id12 = _rows(shared_data, "ar_offensive_taxonomy", files=["ID12"])
    assert id12 and {r.labels["offensive"] for r in id12} == {1}  # its "not offensive" rows hold sectarian hate


@pytest.mark.shared_data
def test_ar_offensive_taxonomy_drops_bad_rows(shared_data):
    id15 = _rows(shared_data, "ar_offensive_taxonomy", files=["ID15"])
    assert 8900 < len(id15) < 9196 - 200  # 220 fractional labels dropped
    id16 = _rows(shared_data, "ar_offensive_taxonomy", files=["ID16"])
    arabic = re.compile("[\u0600-\u06ff]")
    assert all(arabic.search(r.raw_text) for r in id16)
    assert not any("ãÚä" in r.raw_text or r.raw_text == "#NAME?" for r in id16)
    id11 = _rows(shared_data, "ar_offensive_taxonomy", files=["ID11"])
    latin = [r for r in id11 if not arabic.search(r.raw_text)]
    assert len(latin) > 4000 and all(r.lang is None for r in latin)  # left to langid


@pytest.mark.shared_data
def test_file_format_quirks(shared_data):
    g18 = _rows(shared_data, "germeval2018")
    assert len(g18) == 8541  # quoting off: tweets with stray quotes do not swallow lines
    assert not any("|LBR|" in r.raw_text for r in g18)
    cyber = _rows(shared_data, "cyberagressionado")
    assert all(r.raw_text == r.raw_text.strip() for r in cyber)
    davidson = _rows(shared_data, "davidson", 3000)
    assert any("@USER" in r.raw_text for r in davidson)
    ethos = _rows(shared_data, "ethos")
    assert len(ethos) == 998 and {r.labels["hateful"] for r in ethos} == {0, 1}
    assert any(r.labels["violent"] == 1 for r in ethos)


# --------------------------------------------------------------------------------------------
# dedup, splits (tiny fixtures)
# --------------------------------------------------------------------------------------------


def test_dedup_key_ignores_case_punctuation_placeholders_and_retweets():
    assert dedup_key(normalize("RT @someone: Hello, World!! http://x.co/abc")) == dedup_key(normalize("hello world"))
    assert dedup_key(normalize("hello world")) != dedup_key(normalize("hello word"))


def test_near_duplicates_found_and_different_texts_kept():
    base = "the council meeting about the new mosque turned into a shouting match between neighbours"
    keys = [dedup_key(base), dedup_key(base.replace("shouting", "yelling")), dedup_key("a completely different post "
            "about the weather in ghent and the tram strike that lasted all week long")]
    uf, exact, near = find_clusters(keys, near=True, shingle_size=5, num_perm=64, bands=16, threshold=0.6, min_chars=10)
    assert uf.find(0) == uf.find(1) and uf.find(0) != uf.find(2)
    assert (exact, near) == (0, 1)
    uf, _, near = find_clusters(keys, near=False)
    assert near == 0 and uf.find(0) != uf.find(1)


def test_resolve_prefers_rank_and_merges_unknown_labels():
    labels = [make_labels(hateful=None, offensive=1), make_labels(hateful=1, offensive=0)]
    uf, _, _ = find_clusters(["same", "same"], near=False)
    result, merged, conflicts = resolve(labels, rank=[(0,), (1,)], uf=uf)
    assert result.keep == [0] and result.cluster_of == {0: [1]}
    assert merged[0]["hateful"] == 1  # filled from the duplicate
    assert merged[0]["offensive"] == 1 and conflicts == 1  # keeper's known value wins


def test_splits_are_deterministic_and_keep_upstream_test():
    ids = [f"s:{i}" for i in range(2000)]
    sources = ["s"] * 2000
    upstream = ["test" if i % 10 == 0 else "train" for i in range(2000)]
    a = assign_splits(ids, sources, upstream, [""] * 2000, seed=1, dev_fraction=0.1, test_fraction=0.1)
    b = assign_splits(ids, sources, upstream, [""] * 2000, seed=1, dev_fraction=0.1, test_fraction=0.1)
    c = assign_splits(ids, sources, upstream, [""] * 2000, seed=2, dev_fraction=0.1, test_fraction=0.1)
    assert a == b and a != c
    assert all(s == "test" for s, up in zip(a, upstream) if up == "test")
    # upstream has a test split: train rows are only carved into dev, never into test
    assert {s for s, up in zip(a, upstream) if up == "train"} == {"train", "dev"}
    none = assign_splits(ids, sources, [None] * 2000, [""] * 2000, seed=1, dev_fraction=0.1, test_fraction=0.1)
    share = {s: none.count(s) / 2000 for s in ("train", "dev", "test")}
    assert 0.75 < share["train"] < 0.85 and 0.07 < share["dev"] < 0.13 and 0.07 < share["test"] < 0.13


def test_imsypp_never_in_train_and_stratified():
    ids = [f"imsypp_nl:{i}" for i in range(300)]
    strata = ["appropriate"] * 200 + ["violent"] * 100
    out = assign_splits(ids, ["imsypp_nl"] * 300, [None] * 300, strata, seed=13, dev_fraction=0.1,
                        test_fraction=0.1, eval_dev_fraction=0.5)
    assert set(out) == {"dev", "test"}
    assert out[:200].count("dev") == 100 and out[200:].count("dev") == 50


# --------------------------------------------------------------------------------------------
# the build: tiny corpus_jsonl sources, a real subset, the CLI
# --------------------------------------------------------------------------------------------


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_build_dedups_across_sources_before_splitting(tmp_path):
    long = "de gemeenteraad heeft gisteren urenlang vergaderd over de nieuwe moskee in de wijk"
    a = _write_jsonl(tmp_path / "a.jsonl", [
        {"id": "1", "raw_text": "RT @jan: " + long + "!!", "labels": {"offensive": 0}, "lang": "nl", "split": "train"},
        {"id": "2", "raw_text": "Wat een prachtige dag aan zee", "labels": {"offensive": 0}, "lang": "nl", "split": "train"},
    ])
    b = _write_jsonl(tmp_path / "b.jsonl", [
        {"id": "1", "raw_text": long, "labels": {"offensive": 0, "hateful": 0}, "lang": "nl", "split": "test"},
        {"id": "2", "raw_text": long.replace("urenlang", "uren lang"), "labels": {"offensive": 0}, "lang": "nl",
         "split": "train"},
    ])
    config = DataConfig(sources=[], out=tmp_path / "out", corpus_jsonl=[
        {"name": "a", "path": a}, {"name": "b", "path": b}])
    from polarscan.models.corpus import read_corpus
    from polarscan.training.corpus.build import build_corpus

    result = build_corpus(config)
    rows = read_corpus(result.corpus_path)
    assert result.read == 4 and len(rows) == 2
    kept = next(r for r in rows if "moskee" in r["text"])
    assert kept["id"] == "b:1" and kept["split"] == "test"  # the upstream test row wins the cluster
    assert sorted(kept["meta"]["duplicates"]) == ["a:1", "b:2"]
    assert result.dropped_exact + result.dropped_near == 2
    assert (result.out_dir / "table.md").read_text().startswith("## Rows per language")


@pytest.mark.shared_data
def test_build_subset_on_real_data(shared_data, tmp_path):
    from polarscan.models.corpus import read_corpus
    from polarscan.training.corpus.build import build_corpus

    config = CONFIG.model_copy(update={"out": tmp_path})
    result = build_corpus(config, sources=["imsypp_nl", "cyberagressionado"])
    rows = read_corpus(result.corpus_path)
    assert len(rows) == result.rows > 5000
    for r in rows[:500]:
        assert set(r.to_dict()) == {"id", "text", "raw_text", "lang", "script", "source", "split", "labels", "targets", "meta"}
        assert r["text"] == normalize(r["raw_text"])
        assert list(r["labels"]) == list(label_names())
    ims = [r for r in rows if r["source"] == "imsypp_nl"]
    assert {r["split"] for r in ims} == {"dev", "test"}
    assert abs(sum(r["split"] == "dev" for r in ims) - len(ims) / 2) <= 4
    table = json.loads((tmp_path / "table.json").read_text())
    assert table["by"]["lang"]["nl"]["all"]["rows"] == len(ims)
    again = build_corpus(config, sources=["imsypp_nl", "cyberagressionado"], write=False)
    assert again.rows == result.rows and again.table == result.table  # deterministic


def test_config_errors_name_the_field(tmp_path):
    bad = tmp_path / "data.yaml"
    bad.write_text("sources: [mlma]\nseeed: 3\n")
    with pytest.raises(ValueError, match=r"seeed: unknown field; known fields here: .*\bseed\b"):
        load_config(bad)
    bad.write_text("sources: [mlmaa]\n")
    with pytest.raises(ValueError, match=r"unknown sources \['mlmaa'\]; known: \[.*'mlma'"):
        load_config(bad)


def test_cli_data_build_through_the_runner(tmp_path):
    from polarscan.cli import cli

    src = _write_jsonl(tmp_path / "own.jsonl", [
        {"id": "1", "raw_text": "Wat een prachtige dag aan zee", "labels": {"offensive": 0}, "lang": "nl"},
        {"id": "2", "raw_text": "C'est une belle journée", "labels": {"offensive": 0}, "lang": "fr"},
    ])
    cfg = tmp_path / "data.yaml"
    cfg.write_text(f"sources: []\ncorpus_jsonl:\n  - {{name: own, path: {src}}}\n")
    res = CliRunner().invoke(cli, ["data", "build", "--config", str(cfg), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "| nl | all | 1 |" in res.output and "wrote 2 rows" in res.output
    res = CliRunner().invoke(cli, ["data", "build", "--config", str(cfg), "--sources", "nope"])
    assert res.exit_code != 0 and "nope" in res.output


def test_contrast_pairs_inside_one_source_are_kept():
    # an original minimal pair of the kind DynaHate contains (one edit flips the label)
    a = dedup_key("those people from the other side of the river should all be thrown out of our town, every last one")
    b = dedup_key("those people from the other side of the river should all be welcomed into our town, every last one")
    kw = dict(near=True, shingle_size=5, num_perm=64, bands=16, threshold=0.6, min_chars=10)
    uf, _, near = find_clusters([a, b], sources=["dynahate", "dynahate"], keep_near_within=frozenset({"dynahate"}), **kw)
    assert near == 0 and uf.find(0) != uf.find(1)
    uf, _, near = find_clusters([a, b], sources=["dynahate", "gab_hate_corpus"], keep_near_within=frozenset({"dynahate"}), **kw)
    assert near == 1 and uf.find(0) == uf.find(1)


def test_cli_shared_data_override_is_checked(tmp_path):
    from polarscan.cli import cli

    empty = tmp_path / "empty"
    empty.mkdir()
    res = CliRunner().invoke(cli, ["data", "build", "--sources", "imsypp_nl", "--shared-data", str(empty),
                                   "--out", str(tmp_path / "out")])
    assert res.exit_code != 0
    assert "imsypp_nl" in res.output and "POLARSCAN_SHARED_DATA" in res.output


@pytest.mark.shared_data
def test_hatexplain_targets_map_onto_taxonomy_groups(shared_data):
    from polarscan.models.taxonomy import load_taxonomy

    rows = _rows(shared_data, "hatexplain")
    groups = set(load_taxonomy().target_groups)
    assert all(set(r.targets) <= groups for r in rows)
    assert sum("religion" in r.targets for r in rows) > 100


def test_shared_data_precedence(tmp_path, monkeypatch):
    config = DataConfig(sources=[], shared_data=Path("/from/config"))
    monkeypatch.delenv("POLARSCAN_SHARED_DATA", raising=False)
    assert config.resolved_shared_data() == Path("/from/config")
    monkeypatch.setenv("POLARSCAN_SHARED_DATA", str(tmp_path))
    assert config.resolved_shared_data() == tmp_path
    assert config.resolved_shared_data(Path("/flag")) == Path("/flag")
