"""The `polarscan` commands end to end through click's test runner, on tiny data built here:
train (baseline and transformer), export, finalize, classify, and serve (its command path, with
the server loop replaced by a TestClient call). Transformer `train` and `export` through the CLI
are in ``tests/test_transformer_train.py`` (they need its tiny base model). Also: the lazy
command table is complete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from polarscan.cli import COMMANDS, cli


def test_every_command_in_the_table_is_registered_by_its_module():
    import importlib

    import click

    group = click.Group()
    for module in sorted(set(COMMANDS.values())):
        importlib.import_module(module).register(group)
    assert set(group.commands) == set(COMMANDS)
    res = CliRunner().invoke(cli, ["--help"])
    assert res.exit_code == 0 and all(name in res.output for name in COMMANDS)


def _baseline_config(tmp_path: Path, corpus: Path) -> Path:
    cfg = tmp_path / "baseline.yaml"
    cfg.write_text(
        "kind: baseline\n"
        f"data:\n  corpus: {corpus}\n  max_train_rows_per_source: null\n"
        "features:\n  char_ngram_range: [1, 3]\n  char_max_features: 2000\n  word_max_features: 500\n  min_df: 1\n"
        f"output:\n  bundle: {tmp_path / 'out' / 'bundle'}\n  model_id: cli-baseline\n  model_version: '0'\n",
        encoding="utf-8")
    return cfg


def test_train_finalize_classify_through_the_cli(tiny_corpus, tmp_path):
    runner = CliRunner()
    cfg = _baseline_config(tmp_path, tiny_corpus)
    res = runner.invoke(cli, ["train", str(cfg), "--set", "classifier.C=3"])
    assert res.exit_code == 0, res.output
    bundle = tmp_path / "out" / "bundle"
    assert f"bundle {bundle}" in res.output
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["training"]["config"]["classifier"]["C"] == 3.0  # the override reached the run
    assert manifest["calibration_fit"]["fitted_on"]["split"] == "all"  # finalised: calibrated on dev
    assert set(json.loads((bundle / "metrics.json").read_text())) == {"dev", "test"}

    res = runner.invoke(cli, ["classify", "--bundle", str(bundle), "die moslims zijn allemaal ratten", "bonjour à tous"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.output.splitlines()]
    assert [(x["text"], x["lang"], x["model"]["id"]) for x in lines] == [
        ("die moslims zijn allemaal ratten", "nl", "cli-baseline"), ("bonjour à tous", "fr", "cli-baseline")]
    assert set(lines[0]["labels"]) == {"hateful", "offensive", "polarising", "violent"}

    assert "A finalize test description" not in (bundle / "MODEL_CARD.md").read_text()
    res = runner.invoke(cli, ["finalize", str(bundle), "--data", str(tiny_corpus), "--description", "A finalize test description."])
    assert res.exit_code == 0, res.output
    card = (bundle / "MODEL_CARD.md").read_text()
    assert "A finalize test description." in card and "polarscan train" in card  # reproduce text kept from the manifest

    res = runner.invoke(cli, ["train", str(cfg), "--classifier.CC", "3"])
    assert res.exit_code == 1 and "classifier.CC: unknown field" in res.output
    res = runner.invoke(cli, ["train", str(cfg), "--set", "classifier.CC=3"])
    assert res.exit_code == 1 and "classifier.CC: unknown field" in res.output
    res = runner.invoke(cli, ["train", str(cfg), "--set", "classifier.C"])
    assert res.exit_code == 1 and "--set expects section.key=VALUE" in res.output
    (tmp_path / "m").mkdir()
    res = runner.invoke(cli, ["train", str(_baseline_config(tmp_path / "m", tmp_path / "nope.jsonl"))])
    assert res.exit_code == 1 and "no such file" in res.output and "polarscan data build" in res.output


def test_serve_command_builds_the_app_on_the_bundle(tiny_bundle, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    import polarscan.serving.server as server

    seen = {}

    def run(app, settings):
        with TestClient(app, headers={"X-API-Key": settings.dev_admin_key}) as client:
            r = client.post("/v1/classify", json={"texts": ["bonjour à tous"]})
            seen["status"], seen["lang"] = r.status_code, r.json()["results"][0]["lang"]

    monkeypatch.setattr(server, "run", run)
    monkeypatch.setenv("POLARSCAN_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    res = CliRunner().invoke(cli, ["serve", "--bundle", str(tiny_bundle), "--port", "8765"])
    assert res.exit_code == 0, res.output
    assert f"serving {tiny_bundle} on http://127.0.0.1:8765" in res.output
    assert seen == {"status": 200, "lang": "fr"}
    res = CliRunner().invoke(cli, ["serve", "--bundle", str(tmp_path / "no_bundle")])
    assert res.exit_code == 1 and "no_bundle" in res.output

