"""Team labels (`team_labels:` in configs/data.yaml): our own labels by corpus id, applied by the build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polarscan.models.corpus import read_corpus
from polarscan.training.corpus.build import apply_team_labels, build_corpus
from polarscan.training.corpus.config import DataConfig, load_config

REPO = Path(__file__).resolve().parent.parent

# Written for this test. Source "posts" leaves polarising unknown except on p3.
_POSTS = [
    {"id": "p1", "raw_text": "Die partij wil ons land kapotmaken, het zijn allemaal verraders", "lang": "nl",
     "split": "dev", "labels": {"offensive": 1, "polarising": None}},
    {"id": "p2", "raw_text": "De gemeenteraad stemt donderdag over het nieuwe fietsplan", "lang": "nl",
     "split": "test", "labels": {"offensive": 0, "polarising": None}},
    {"id": "p3", "raw_text": "Ces gens-là ne changeront jamais, c'est eux contre nous", "lang": "fr",
     "split": "dev", "labels": {"offensive": 0, "polarising": 1}},
    {"id": "p4", "raw_text": "Belle journée au marché de Schaerbeek ce matin", "lang": "fr",
     "split": "test", "labels": {"offensive": 0, "polarising": None}},
    {"id": "p5", "raw_text": "Belle journée au marché de Schaerbeek ce matin !!", "lang": "fr",
     "split": "test", "labels": {"offensive": 0}},  # exact duplicate of p4 after normalisation: dropped
]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _config(tmp_path: Path, *label_files: Path, other: bool = False) -> DataConfig:
    posts = _write(tmp_path / "posts.jsonl", "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in _POSTS))
    sources = [{"name": "posts", "path": posts, "priority": 10}]
    if other:
        other_file = _write(tmp_path / "other.jsonl", json.dumps(
            {"id": "o1", "raw_text": "Een heel ander bericht over het weer", "lang": "nl", "split": "dev",
             "labels": {"offensive": 0}}) + "\n")
        sources.append({"name": "other", "path": other_file})
    return DataConfig(sources=[], out=tmp_path / "out", corpus_jsonl=sources,
                      team_labels=[{"path": p} for p in label_files])


def _by_id(result) -> dict[str, dict]:
    return {r["id"]: r for r in read_corpus(result.corpus_path)}


def test_team_labels_fill_unknowns_and_never_overwrite_the_source(tmp_path):
    labels = _write(tmp_path / "polarisation.csv",
                    "id,polarising,note\nposts:p1,1,party as traitors\nposts:p2,0,\nposts:p3,0,\nposts:p4,0,\n")
    result = build_corpus(_config(tmp_path, labels))
    rows = _by_id(result)
    assert set(rows) == {"posts:p1", "posts:p2", "posts:p3", "posts:p4"}
    assert rows["posts:p1"]["labels"]["polarising"] == 1
    assert rows["posts:p2"]["labels"]["polarising"] == 0
    assert rows["posts:p3"]["labels"]["polarising"] == 1  # the source's own value stays
    assert rows["posts:p1"]["meta"]["team_labels"] == {"polarising": "polarisation.csv"}
    assert "team_labels" not in rows["posts:p3"]["meta"]
    assert rows["posts:p1"]["labels"]["offensive"] == 1  # other labels untouched
    assert result.team_labels == {"set": 3, "agree": 0, "conflict": 1, "not_built": 0}
    assert json.loads((result.out_dir / "build.json").read_text())["team_labels"]["set"] == 3
    # the table counts the labels set here
    table = json.loads((result.out_dir / "table.json").read_text())
    assert table["by"]["lang"]["nl"]["all"]["rows"] == 2


def test_an_id_not_in_the_corpus_is_an_error_naming_it(tmp_path):
    labels = _write(tmp_path / "t.csv", "id,polarising,note\nposts:p1,1,\nposts:nope,0,\nposts:p5,0,\n")
    with pytest.raises(ValueError) as err:
        build_corpus(_config(tmp_path, labels), write=False)
    msg = str(err.value)
    assert "t.csv: 2 id(s) not in the corpus" in msg
    assert "posts:nope (line 3)" in msg
    assert "posts:p5 (line 4, dropped as a duplicate of posts:p4)" in msg


def test_a_subset_build_skips_ids_of_sources_it_did_not_read(tmp_path):
    labels = _write(tmp_path / "t.csv", "id,polarising,note\nposts:p1,1,\nother:o1,0,\n")
    config = _config(tmp_path, labels, other=True)
    result = build_corpus(config, sources=["posts"], write=False)
    assert result.team_labels["set"] == 1 and result.team_labels["not_built"] == 1
    full = build_corpus(config, write=False)
    assert full.team_labels["set"] == 2 and full.team_labels["not_built"] == 0


@pytest.mark.parametrize("text, match", [
    ("id,polarizing,note\nposts:p1,1,\n", r"expected columns id,<label>...,note .* found \['id', 'polarizing', 'note'\]"),
    ("id,note\nposts:p1,x\n", r"expected columns id,<label>"),
    ("id,polarising,note\nposts:p1,yes,\n", r"line 2: polarising must be 0 or 1, found 'yes'"),
    ("id,polarising,note\nposts:p1,,\n", r"line 2: polarising must be 0 or 1, found ''"),
    ("id,polarising,note\nposts:p1,1,\nposts:p1,0,\n", r"line 3: id posts:p1 appears twice"),
])
def test_malformed_files_are_errors_with_the_line(tmp_path, text, match):
    labels = _write(tmp_path / "t.csv", text)
    with pytest.raises(ValueError, match=match):
        build_corpus(_config(tmp_path, labels), write=False)


def test_missing_file_and_config_typos_are_named(tmp_path):
    with pytest.raises(ValueError, match=r"team_labels: .*nope.csv does not exist"):
        build_corpus(_config(tmp_path, tmp_path / "nope.csv"), write=False)
    cfg = _write(tmp_path / "data.yaml", "sources: []\nteam_labels:\n  - {path: a.csv, paht: b.csv}\n")
    with pytest.raises(ValueError, match=r"team_labels.0.paht: unknown field; known fields here: path"):
        load_config(cfg)


def test_apply_team_labels_on_records_directly(tmp_path):
    records = [{"id": "s:1", "labels": {"hateful": None, "offensive": 1, "polarising": None, "violent": None},
                "meta": {}}]
    labels = _write(tmp_path / "t.csv", "id,polarising,hateful,note\ns:1,1,0,two labels\n")
    assert apply_team_labels(records, [labels]) == {"set": 2, "agree": 0, "conflict": 0, "not_built": 0}
    assert records[0]["labels"] == {"hateful": 0, "offensive": 1, "polarising": 1, "violent": None}


def test_configured_team_label_files_are_well_formed():
    """The repo's own files: header id,polarising,note, unique ids, 0/1, short notes, no texts."""
    config = load_config(REPO / "configs" / "data.yaml")
    import csv

    for entry in config.team_labels:
        path = REPO / entry.path
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, path
        assert list(rows[0]) == ["id", "polarising", "note"], path
        assert len({r["id"] for r in rows}) == len(rows), path
        assert all(r["polarising"] in ("0", "1") for r in rows), path
        assert all(len(r["note"]) <= 80 for r in rows), path
