"""Own data in (issue 10, item 6): `data add` for CSV/JSONL/Parquet, `data build` with user sources
and `--with-reviews`, `evaluate --data` and `classify --file` on tables. Tiny files built here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from polarscan.cli import cli

POSTS = """post_id,message,hate,abuse,language,part
1,"die moslims zijn allemaal ratten, weg ermee",1,1,nl,train
2,wat een mooie dag vandaag in gent,0,0,nl,dev
3,les arabes sont des parasites qui envahissent,1,,fr,test
4,bonjour à tous belle journée au marché,0,0,,train
5,,1,1,nl,train
"""


def _data_config(tmp_path: Path) -> Path:
    config = tmp_path / "data.yaml"
    config.write_text(yaml.safe_dump({"out": str(tmp_path / "out"), "sources": [], "near_dup": {"enabled": False}}))
    return config


def _run(*args: str):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def _add(tmp_path: Path, file: Path, *extra: str):
    return _run("data", "add", file, "--text-col", "message", "--label-col", "hateful=hate", "--label-col", "offensive=abuse",
                "--config", _data_config(tmp_path), "--card-dir", tmp_path / "cards", *extra)


def _corpus(tmp_path: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in (tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r for r in rows}


def test_data_add_then_build_keeps_empty_labels_unknown(tmp_path):
    csv_path = tmp_path / "posts.csv"
    csv_path.write_text(POSTS, encoding="utf-8")
    result = _add(tmp_path, csv_path, "--id-col", "post_id", "--lang-col", "language", "--split-col", "part", "--name", "my_posts")
    assert result.exit_code == 0, result.output
    assert "my_posts: 4 rows" in result.output and "1 rows with an empty text skipped" in result.output
    card = yaml.safe_load((tmp_path / "cards" / "my_posts.yaml").read_text(encoding="utf-8"))
    assert card["name"] == "my_posts" and card["label_counts"]["offensive"] == {"1": 1, "0": 2, "unknown": 1}
    assert card["unknown_labels"] == ["polarising", "violent"]
    entry = yaml.safe_load((tmp_path / "user_sources.yaml").read_text(encoding="utf-8"))["sources"][0]
    assert entry["labels"] == {"hateful": "hate", "offensive": "abuse"} and entry["split_col"] == "part"

    built = _run("data", "build", "--config", tmp_path / "data.yaml")
    assert built.exit_code == 0, built.output
    rows = _corpus(tmp_path)
    assert set(rows) == {"my_posts:1", "my_posts:2", "my_posts:3", "my_posts:4"}
    assert rows["my_posts:3"]["labels"] == {"hateful": 1, "offensive": None, "polarising": None, "violent": None}
    assert rows["my_posts:2"]["split"] == "dev" and rows["my_posts:3"]["split"] == "test"
    assert rows["my_posts:4"]["lang"] == "fr"  # empty language cell: detected
    assert rows["my_posts:1"]["source"] == "my_posts"


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_data_add_reads_jsonl_and_parquet(tmp_path, fmt):
    records = [{"message": "je vais tous vous tuer", "hate": None, "abuse": 1},
               {"message": "merci pour votre aide", "hate": 0, "abuse": 0}]
    path = tmp_path / f"posts.{fmt}"
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(records), path)
    result = _add(tmp_path, path, "--lang", "fr", "--split", "train")
    assert result.exit_code == 0, result.output
    assert _run("data", "build", "--config", tmp_path / "data.yaml").exit_code == 0
    rows = sorted(_corpus(tmp_path).values(), key=lambda r: r["id"])
    assert [r["labels"]["hateful"] for r in rows] == [None, 0]  # null in JSON / Parquet is unknown, never 0
    assert {r["split"] for r in rows} == {"train"} and {r["lang"] for r in rows} == {"fr"}


def test_data_add_names_the_row_and_column_of_bad_input(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("message,hate,abuse\nhallo,1,0\ndag,yes please,0\n", encoding="utf-8")
    result = _add(tmp_path, bad)
    assert result.exit_code == 1
    assert "bad.csv line 3, column 'hate': label value 'yes please' is not 1, 0 or empty" in result.output
    missing = _run("data", "add", bad, "--text-col", "body", "--label-col", "hateful=hate", "--config", _data_config(tmp_path),
                   "--card-dir", tmp_path / "cards")
    assert missing.exit_code == 1 and "text column 'body' not found; the file has columns ['message', 'hate', 'abuse']" in missing.output
    wrong_label = _run("data", "add", bad, "--text-col", "message", "--label-col", "hate=hate", "--config",
                       _data_config(tmp_path), "--card-dir", tmp_path / "cards")
    assert wrong_label.exit_code == 1 and "unknown label(s) ['hate']" in wrong_label.output
    assert not (tmp_path / "user_sources.yaml").exists()  # nothing registered on error


def test_build_with_reviews_reads_the_export_without_config_edits(tmp_path):
    export = tmp_path / "review.jsonl"
    export.write_text(json.dumps({"id": "review:train:7", "text": "vuile honden allemaal", "raw_text": "vuile honden allemaal",
                                  "lang": "nl", "split": "train", "source": "review",
                                  "labels": {"hateful": 1, "offensive": 1, "polarising": None, "violent": None}}) + "\n",
                      encoding="utf-8")
    config = _data_config(tmp_path)
    before = config.read_text()
    result = _run("data", "build", "--config", config, "--with-reviews", export)
    assert result.exit_code == 0, result.output
    rows = _corpus(tmp_path)
    assert rows["review:train:7"]["source"] == "review" and rows["review:train:7"]["labels"]["violent"] is None
    assert config.read_text() == before


def test_classify_file_csv_skips_the_header_and_reads_the_text_column(tiny_bundle, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text('id,body\n1,"hallo, wereld"\n2,bonjour\n', encoding="utf-8")
    result = _run("classify", "--bundle", tiny_bundle, "--file", path, "--text-col", "body")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["text"] for line in result.output.splitlines()] == ["hallo, wereld", "bonjour"]
    wrong = _run("classify", "--bundle", tiny_bundle, "--file", path)
    assert wrong.exit_code == 1 and "text column 'text' not found; the file has columns ['id', 'body']" in wrong.output


def test_evaluate_reads_a_csv_and_refuses_unusable_data(tiny_bundle, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("text,hateful\ndie moslims zijn allemaal ratten en moeten weg,1\nwat een mooie dag vandaag in gent,0\n"
                    "les arabes sont des parasites,1\nbonjour à tous,\n", encoding="utf-8")
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["evaluate", str(tiny_bundle), "--data", str(path), "--out", str(out), "--no-plots",
                                      "--no-robustness"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    test = report["metrics"]["test"]
    assert test["rows"]["all"] == 4  # the file has no split column: all rows are the test split
    assert "data: 4 rows (dev 0, test 4)" in result.output and "scored test: 4 rows" in result.output  # progress lines

    no_labels = tmp_path / "none.csv"
    no_labels.write_text("text,hateful\nhallo,\n", encoding="utf-8")
    result = _run("evaluate", tiny_bundle, "--data", no_labels, "--out", tmp_path / "r2")
    assert result.exit_code == 1 and "has a known label" in result.output
    minimal = tmp_path / "min.jsonl"
    minimal.write_text(json.dumps({"text": "hallo", "lang": "nl", "labels": {"hateful": 0}, "split": "train"}) + "\n")
    result = _run("evaluate", tiny_bundle, "--data", minimal, "--out", tmp_path / "r3")
    assert result.exit_code == 1 and "no rows in split(s) ['dev', 'test']" in result.output
    assert not (tmp_path / "r3").exists()


def test_evaluate_checks_every_path_before_scoring(tiny_bundle, tiny_corpus, tmp_path):
    result = _run("evaluate", tiny_bundle, "--data", tiny_corpus, "--challenge", tmp_path / "missing")
    assert result.exit_code == 2 and "'--challenge'" in result.output and "does not exist" in result.output
    result = _run("evaluate", "--compare", tiny_bundle, tmp_path / "no-bundle", "--data", tiny_corpus)
    assert result.exit_code == 1 and "no-bundle" in result.output and "scoring" not in result.output
