"""Honest human labels (issue 10, item 1): confirm means "the flagged labels are right"; a label the
reviewer did not touch is unknown in storage and in `polarscan review export`, never 0; an explicit
"not this label" is 0. Decisions made before migration 0003 are read the same way."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from review_support import StubPredictor, database, db_url  # noqa: F401  (fixtures)
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from polarscan.cli import cli
from polarscan.serving.review import service
from polarscan.serving.review.db import make_engine, open_database, upgrade
from polarscan.serving.review.export import export_decisions
from polarscan.serving.settings import DEV_PSEUDONYM_SECRET

CFG = service.ReviewConfig(pseudonym_secret=DEV_PSEUDONYM_SECRET)


def _ingest(db, *texts):
    posts = [service.PostIn(platform="x", external_id=str(i), author="@a", text=t) for i, t in enumerate(texts)]
    with db.session() as s:
        return [r["id"] for r in service.ingest(s, StubPredictor(), posts, CFG, actor="test")]


def _export(db, tmp_path):
    with db.session() as s:
        export_decisions(s, tmp_path / "review.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "review.jsonl").read_text(encoding="utf-8").splitlines()]
    return {int(r["id"].rsplit(":", 1)[1]): r for r in rows}


def test_confirm_keeps_unflagged_labels_unknown_and_explicit_negatives_zero(database, tmp_path):
    # "ik ga jou afmaken": the stub flags violent only; hateful/offensive/polarising are unflagged
    plain, negative, seen_some = _ingest(database, "ik ga jou afmaken", "ik ga jou afmaken nu", "ik ga jou afmaken straks")
    with database.session() as s:
        a = service.decide(s, plain, service.DecisionIn(action="confirm"), "ann")
        assert a.labels == {"hateful": None, "offensive": None, "polarising": None, "violent": True}
        assert a.labels_set == ["violent"] and a.labels_seen == ["hateful", "offensive", "polarising", "violent"]
        b = service.decide(s, negative, service.DecisionIn(action="confirm", labels={"hateful": False, "offensive": None}), "ann")
        assert b.labels == {"hateful": False, "offensive": None, "polarising": None, "violent": True}
        assert b.labels_set == ["hateful", "violent"]
        c = service.decide(s, seen_some, service.DecisionIn(action="confirm", seen=["violent", "hateful"]), "bob")
        assert c.labels_seen == ["hateful", "violent"]
        view = service.get_post(s, negative)["decision"]
        assert view["labels"]["offensive"] is None and view["labels_set"] == ["hateful", "violent"] and view["labels_version"] == 2
        with pytest.raises(Exception, match="unknown labels"):
            service.decide(s, plain, service.DecisionIn(action="confirm", seen=["spam"]), "ann")
    rows = _export(database, tmp_path)
    assert rows[plain]["labels"] == {"hateful": None, "offensive": None, "polarising": None, "violent": 1}
    assert rows[negative]["labels"] == {"hateful": 0, "offensive": None, "polarising": None, "violent": 1}
    assert rows[negative]["meta"]["labels_set"] == ["hateful", "violent"]
    assert rows[seen_some]["meta"]["labels_seen"] == ["hateful", "violent"]


def test_reject_and_relabel(database, tmp_path):
    rejected, relabelled = _ingest(database, "zij zijn ratten", "jullie idioot")
    with database.session() as s:
        service.decide(s, rejected, service.DecisionIn(action="reject"), "ann")  # "none of these": every label 0
        with pytest.raises(Exception, match="relabel needs labels"):
            service.decide(s, relabelled, service.DecisionIn(action="relabel", labels={"hateful": None}), "ann")
        service.decide(s, relabelled, service.DecisionIn(action="relabel", labels={"offensive": True, "violent": False}), "ann")
    rows = _export(database, tmp_path)
    assert rows[rejected]["labels"] == {"hateful": 0, "offensive": 0, "polarising": 0, "violent": 0}
    assert rows[relabelled]["labels"] == {"hateful": None, "offensive": 1, "polarising": None, "violent": 0}


def test_cli_export_of_a_confirm_with_an_unflagged_label(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    db = open_database(url)
    (pid,) = _ingest(db, "ik ga jou afmaken")
    with db.session() as s:
        service.decide(s, pid, service.DecisionIn(action="confirm"), "ann")
    db.close()
    out = tmp_path / "review.jsonl"
    r = CliRunner().invoke(cli, ["review", "export", "--out", str(out), "--database-url", url], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["labels"] == {"hateful": None, "offensive": None, "polarising": None, "violent": 1}


def test_migration_0003_reads_old_confirms_honestly_and_keeps_append_only(tmp_path):
    """A database at 0002 with a decision stored the old way (every unflagged label false on
    confirm) is migrated: the row is not rewritten (append-only), but read and exported with the
    unflagged falses as unknown; a false on a flagged label (the reviewer's untick) stays 0."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    upgrade(engine, "0002")
    now = dt.datetime(2026, 11, 30, 12, 0, 0)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO posts (id, platform, external_id, author_pseudonym, text, ingested_at, lang, script, status, severity, score, flag_labels) "
            "VALUES (1, 'x', '1', 'p', 'zij zijn ratten', :t, 'nl', 'Latn', 'reviewed', 3, 0.9, ',hateful,polarising,')"
        ), {"t": now})
        conn.execute(text(
            "INSERT INTO suggestions (post_id, model_id, model_version, scores, thresholds, flagged, created_at) "
            "VALUES (1, 'stub-model', '1', :scores, :th, :flagged, :t)"
        ), {"scores": json.dumps({"hateful": 0.9, "offensive": 0.05, "polarising": 0.9, "violent": 0.05}),
            "th": json.dumps(dict.fromkeys(("hateful", "offensive", "polarising", "violent"), 0.5)),
            "flagged": json.dumps(["hateful", "polarising"]), "t": now})
        # old confirm with "polarising": false as the reviewer's override
        conn.execute(text(
            "INSERT INTO annotations (post_id, reviewer, action, labels, note, created_at) VALUES (1, 'ann', 'confirm', :labels, NULL, :t)"
        ), {"labels": json.dumps({"hateful": True, "offensive": False, "polarising": False, "violent": False}), "t": now + dt.timedelta(minutes=1)})
    upgrade(engine)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT labels, labels_set, labels_seen, labels_version FROM annotations")).one()
        assert json.loads(stored[0])["offensive"] is False and stored[1:] == (None, None, 1)  # not rewritten
    for statement in ("UPDATE annotations SET labels_version = 2", "DELETE FROM annotations"):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text(statement))
    engine.dispose()
    db = open_database(url)
    try:
        with db.session() as s:
            view = service.get_post(s, 1)["decision"]
            assert view["labels"] == {"hateful": True, "offensive": None, "polarising": False, "violent": None}
            assert view["labels_set"] == ["hateful", "polarising"] and view["labels_version"] == 1
        rows = _export(db, tmp_path)
        assert rows[1]["labels"] == {"hateful": 1, "offensive": None, "polarising": 0, "violent": None}
    finally:
        db.close()
