"""Retrain -> compare -> promote (issue 10, item 7) on tiny data: a researcher's CSV goes through
`data add` -> `retrain` -> `promote`, a running app serves the new bundle after
`POST /v1/admin/reload-model` without a restart, and every suggestion keeps the model that made it."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from polarscan.models.bundle import load_bundle, write_manifest
from polarscan.pipelines.compare import fingerprint
from polarscan.pipelines.promote import PromotionConfig, judge
from polarscan.cli import cli
from polarscan.serving.app import create_app
from polarscan.serving.review.db import open_database
from polarscan.serving.review.models import AuditEntry
from polarscan.serving.settings import DEV_ADMIN_KEY, Settings

ADMIN = {"X-API-Key": DEV_ADMIN_KEY}
SUITE = """functionality,test_case,label_gold,target_ident,lang
derog_explicit,die moslims zijn allemaal ratten,hateful,muslims,nl
identity_neutral,ik ben moslim en woon in gent,non-hateful,muslims,nl
threat,je vais tous vous tuer,hateful,-,fr
identity_positive,les arabes sont mes voisins adorés,non-hateful,arabs,fr
"""
LOOSE = {"judge": ["test", "reviewed", "challenge"], "max_drop": 1.0, "max_drop_challenge": 1.0,
         "min_positives": 1, "min_negatives": 1, "min_cases": 1}


def researcher_csv(path: Path) -> Path:
    """Distinct labelled posts in nl/fr/ar (no duplicates, so the build keeps every row), a split column."""
    hate = {"nl": ("die {g} zijn allemaal {i}", ["moslims", "joden", "marokkanen", "vluchtelingen"], ["ratten", "honden", "parasieten"]),
            "fr": ("les {g} sont tous des {i}", ["arabes", "juifs", "migrants", "musulmans"], ["rats", "chiens", "parasites"]),
            "ar": ("{g} كلهم {i}", ["اليهود", "المهاجرين", "الشيعة", "النصارى"], ["كلاب", "خنازير", "حشرات"])}
    calm = {"nl": ("wat een mooie {g} vandaag in {i}", ["dag", "markt", "wandeling", "zon"], ["gent", "antwerpen", "brugge"]),
            "fr": ("une belle {g} aujourd'hui à {i}", ["journée", "balade", "fête", "soirée"], ["paris", "lyon", "lille"]),
            "ar": ("{g} جميل اليوم في {i}", ["صباح", "يوم", "لقاء", "جو"], ["الرباط", "تونس", "عمان"])}
    rows, n = [], 0
    for lang in ("nl", "fr", "ar"):
        for table, value in ((hate, 1), (calm, 0)):
            template, groups, items = table[lang]
            for g in groups:
                for i in items:
                    n += 1
                    split = ("train", "train", "train", "dev", "test")[n % 5]
                    rows.append({"post": template.format(g=g, i=i), "hate": value, "abuse": value if n % 4 else "",
                                 "polar": value, "threat": int(value and i == items[0]), "language": lang, "part": split,
                                 "id": f"r{n}"})
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _files(tmp_path: Path, tiny_bundle: Path) -> dict[str, Path]:
    data_config = tmp_path / "configs" / "data.yaml"
    data_config.parent.mkdir()
    data_config.write_text(yaml.safe_dump({"out": str(tmp_path / "data"), "sources": [], "near_dup": {"enabled": False}}))
    train_config = tmp_path / "configs" / "baseline.yaml"
    train_config.write_text(yaml.safe_dump({
        "kind": "baseline", "data": {"max_train_rows_per_source": None},
        "features": {"char_ngram_range": [1, 4], "char_max_features": 3000, "word_max_features": 1000, "min_df": 1},
        "output": {"model_id": "tiny-retrained"}}))
    promotion = tmp_path / "configs" / "promotion.yaml"
    promotion.write_text(yaml.safe_dump(LOOSE))
    suite = tmp_path / "challenge.csv"
    suite.write_text(SUITE, encoding="utf-8")
    served = tmp_path / "served" / "default"
    shutil.copytree(tiny_bundle, served)
    reviews = tmp_path / "review.jsonl"
    reviews.write_text("".join(json.dumps({
        "id": f"review:{split}:{i}", "raw_text": text, "lang": lang, "split": split, "source": "review",
        "labels": {"hateful": value, "offensive": None, "polarising": None, "violent": None}}) + "\n"
        for i, (text, lang, value, split) in enumerate([
            ("vuile honden moeten allemaal weg uit ons land", "nl", 1, "test"),
            ("fijne verjaardag gewenst aan mijn zus", "nl", 0, "test"),
            ("ces gens sont des rats à chasser", "fr", 1, "dev"),
            ("merci beaucoup pour le café", "fr", 0, "dev")])), encoding="utf-8")
    return {"data_config": data_config, "train_config": train_config, "promotion": promotion, "suite": suite,
            "served": served, "reviews": reviews, "db": tmp_path / "review.db"}


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_researcher_csv_add_retrain_promote_and_reload(tiny_bundle, tmp_path):
    f = _files(tmp_path, tiny_bundle)
    csv_path = researcher_csv(tmp_path / "mine.csv")
    added = _invoke("data", "add", csv_path, "--text-col", "post", "--label-col", "hateful=hate", "--label-col", "offensive=abuse",
                    "--label-col", "polarising=polar", "--label-col", "violent=threat", "--lang-col", "language", "--split-col", "part", "--id-col", "id", "--name", "mine",
                    "--config", f["data_config"], "--card-dir", tmp_path / "cards")
    assert added.exit_code == 0, added.output

    db_url = f"sqlite:///{f['db']}"
    settings = Settings(database_url=db_url, bundle_path=f["served"])
    with TestClient(create_app(settings)) as client:  # the server runs the old model throughout
        assert client.get("/readyz").json()["model"]["version"] == "0"
        first = client.post("/v1/posts", json={"platform": "x", "external_id": "1", "author": "@a",
                                               "text": "die moslims zijn allemaal ratten"}, headers=ADMIN)
        first_id = first.json()["items"][0]["id"]

        out = tmp_path / "runs" / "r1"
        retrained = _invoke("retrain", f["train_config"], "--out", out, "--data-config", f["data_config"], "--served", f["served"],
                            "--with-reviews", f["reviews"], "--challenge", f["suite"], "--promotion-config", f["promotion"],
                            "--model-version", "7", "--set", "classifier.C=3")
        assert retrained.exit_code == 0, retrained.output
        manifest = json.loads((out / "bundle" / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["training"]["config"]["classifier"]["C"] == 3.0  # --set reached the training run
        comparison = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
        assert set(comparison["sets"]) == {"dev", "test", "reviewed", "challenge"}
        assert comparison["sets"]["reviewed"]["rows"] == 4  # the reviewed posts in dev/test, scored by both bundles
        assert comparison["sets"]["test"]["cells"]["nl"]["hateful"]["served"]["f1"] is not None
        assert comparison["new"]["model_version"] == "7" and comparison["served"]["model_version"] == "0"
        assert comparison["verdict"]["ok"] is True
        corpus = [json.loads(line) for line in (out / "corpus" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
        assert {r["source"] for r in corpus} == {"mine", "review"}
        assert "| nl | hateful |" in (out / "comparison.md").read_text(encoding="utf-8")

        promoted = _invoke("promote", out / "bundle", "--served", f["served"], "--promotion-config", f["promotion"],
                           "--database-url", db_url)
        assert promoted.exit_code == 0, promoted.output
        assert load_bundle(f["served"]).model_version == "7"
        assert load_bundle(f["served"].with_name("default.previous")).model_version == "0"
        assert client.get("/readyz").json()["model"]["version"] == "0"  # not yet: the server has the old model loaded

        reloaded = client.post("/v1/admin/reload-model", headers=ADMIN)
        assert reloaded.status_code == 200, reloaded.text
        assert reloaded.json()["previous"]["version"] == "0" and reloaded.json()["model"]["version"] == "7"
        assert client.get("/readyz").json()["model"] == {"id": "tiny-retrained", "version": "7", "kind": "tfidf-linear"}
        second = client.post("/v1/posts", json={"platform": "x", "external_id": "2", "author": "@b",
                                                "text": "les arabes sont tous des rats"}, headers=ADMIN)
        second_id = second.json()["items"][0]["id"]
        views = {pid: client.get(f"/v1/posts/{pid}", headers=ADMIN).json()["suggestion"] for pid in (first_id, second_id)}
        assert (views[first_id]["model_id"], views[first_id]["model_version"]) == ("tiny-baseline", "0")
        assert (views[second_id]["model_id"], views[second_id]["model_version"]) == ("tiny-retrained", "7")

    db = open_database(db_url)
    with db.session() as s:
        actions = {e.action: e for e in s.scalars(select(AuditEntry))}
    db.close()
    assert actions["model.promote"].object_id == "tiny-retrained@7"
    assert actions["model.promote"].detail["previous"] == {"model_id": "tiny-baseline", "model_version": "0"}
    assert actions["model.reload"].actor == "dev-admin"


def _comparison(new: Path, served: Path, new_f1: float) -> dict:
    cell = {"support": 40, "positives": 20, "negatives": 20,
            "served": {"f1": 0.80, "pr_auc": 0.85, "precision": 0.8, "recall": 0.8},
            "new": {"f1": new_f1, "pr_auc": 0.86, "precision": 0.8, "recall": 0.8}}
    small = {**cell, "positives": 3, "new": {**cell["new"], "f1": 0.1}}
    return {"new": {"model_id": "n", "model_version": "2", "path": str(new), "fingerprint": fingerprint(new), "kind": "x"},
            "served": {"model_id": "s", "model_version": "1", "path": str(served), "fingerprint": fingerprint(served), "kind": "x"},
            "sets": {"dev": {"rows": 80, "cells": {"nl": {"hateful": {**cell, "new": {**cell["new"], "f1": 0.0}}}}},
                     "test": {"rows": 80, "cells": {"nl": {"hateful": cell, "violent": small}, "fr": {"offensive": cell}}},
                     "challenge": {"cases": 50, "positive_labels": ["hateful"],
                                   "languages": {"ar": {"n": 50, "served": {"accuracy": 0.9, "macro_f1": 0.9},
                                                        "new": {"accuracy": 0.8, "macro_f1": 0.8}}}}}}


def test_judge_names_each_regression_beyond_the_margins(tiny_bundle, tmp_path):
    doc = _comparison(tiny_bundle, tiny_bundle, new_f1=0.75)
    verdict = judge(doc, PromotionConfig())
    assert not verdict.ok
    assert [r["where"] for r in verdict.regressions] == [
        "test nl hateful: f1 0.800 -> 0.750 (-0.050 > margin 0.02)",
        "test fr offensive: f1 0.800 -> 0.750 (-0.050 > margin 0.02)",
        "challenge ar: accuracy 0.900 -> 0.800 (-0.100 > margin 0.02)",
    ]  # dev is not judged (calibration was fitted there); nl violent has 3 positives: not judged
    assert verdict.not_judged == ["test nl violent (3 pos / 20 neg)"]
    assert judge(_comparison(tiny_bundle, tiny_bundle, new_f1=0.79), PromotionConfig(max_drop_challenge=0.2)).ok


def test_promote_refuses_a_worse_bundle_and_changes_nothing(tiny_bundle, tmp_path):
    served = tmp_path / "served"
    shutil.copytree(tiny_bundle, served)
    new = tmp_path / "new" / "bundle"
    shutil.copytree(tiny_bundle, new)
    manifest = {**load_bundle(new).manifest, "model_version": "2"}
    write_manifest(new, manifest)
    comparison = tmp_path / "new" / "comparison.json"
    comparison.write_text(json.dumps(_comparison(new, served, new_f1=0.5)), encoding="utf-8")
    db = tmp_path / "a.db"
    result = _invoke("promote", new, "--served", served, "--database-url", f"sqlite:///{db}")
    assert result.exit_code == 1
    assert "refused: n@2 is worse than the served s@1 beyond the margins in 3 place(s)" in result.output
    assert "test nl hateful: f1 0.800 -> 0.500 (-0.300 > margin 0.02)" in result.output
    assert load_bundle(served).model_version == "0" and not (tmp_path / "served.previous").exists()
    forced = _invoke("promote", new, "--served", served, "--database-url", f"sqlite:///{db}", "--force")
    assert forced.exit_code == 1 and "--force needs --reason" in forced.output
    write_manifest(new, {**manifest, "model_version": "3"})  # the comparison is about another manifest now
    stale = _invoke("promote", new, "--served", served, "--database-url", f"sqlite:///{db}")
    assert stale.exit_code == 1 and "compares another new bundle" in stale.output


def test_reload_refuses_a_broken_bundle_and_keeps_serving(tiny_bundle, tmp_path):
    served = tmp_path / "served"
    shutil.copytree(tiny_bundle, served)
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}", bundle_path=served))) as client:
        (served / "model.onnx").write_bytes(b"tampered")
        r = client.post("/v1/admin/reload-model", headers=ADMIN)
        assert r.status_code == 409 and "still serving the previous model" in r.json()["error"]["message"]
        assert client.post("/v1/classify", json={"text": "bonjour"}, headers=ADMIN).json()["model"]["version"] == "0"


@pytest.mark.parametrize("role", ["reviewer", "ingest"])
def test_reload_needs_an_admin_key(tiny_bundle, tmp_path, role):
    from polarscan.serving import keys

    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", bundle_path=tiny_bundle))) as client:
        with client.app.state.review_db.session() as s:
            _, token = keys.create_key(s, "someone", role, actor="test")
            s.commit()
        assert client.post("/v1/admin/reload-model", headers={"X-API-Key": token}).status_code == 403


def test_sighup_reloads_the_model(tiny_bundle, tmp_path):
    """`polarscan serve` runs the app's loop in the main thread: SIGHUP there reloads the bundle."""
    import asyncio
    import os
    import signal
    from types import SimpleNamespace

    from polarscan.models.predictor import Predictor
    from polarscan.serving.admin import install_reload_signal, remove_reload_signal

    served = tmp_path / "served"
    shutil.copytree(tiny_bundle, served)
    app = SimpleNamespace(state=SimpleNamespace(settings=Settings(bundle_path=served, batching=False),
                                                predictor=Predictor.from_bundle(served), batcher=None, review_db=None))
    write_manifest(served, {**load_bundle(served).manifest, "model_version": "9"})

    async def main() -> str:
        assert install_reload_signal(app)
        try:
            os.kill(os.getpid(), signal.SIGHUP)
            for _ in range(200):
                await asyncio.sleep(0.02)
                if app.state.predictor.model_version == "9":
                    break
            return app.state.predictor.model_version
        finally:
            remove_reload_signal()

    assert asyncio.run(main()) == "9"
