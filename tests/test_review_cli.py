"""The review CLI through click's runner: keys, export (read back by `data build`'s adapter),
retention purge, erase."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from review_support import StubPredictor
from sqlalchemy import select, update

from polarscan.cli import cli
from polarscan.serving.review import service
from polarscan.serving.review.db import open_database
from polarscan.serving.keys import authenticate
from polarscan.serving.review.models import AuditEntry, Post
from polarscan.serving.settings import DEV_PSEUDONYM_SECRET


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result


def seed(url: str) -> list[int]:
    db = open_database(url)
    cfg = service.ReviewConfig(pseudonym_secret=DEV_PSEUDONYM_SECRET)
    with db.session() as s:
        report = service.ingest(
            s,
            StubPredictor(),
            [
                service.PostIn(platform="x", external_id="1", author="@Target", text="zij zijn ratten"),
                service.PostIn(platform="x", external_id="2", author="@other", text="ik ga jou afmaken"),
            ],
            cfg,
            actor="test",
        )
        ids = [r["id"] for r in report]
        service.decide(s, ids[0], service.DecisionIn(action="confirm"), "ann")
        service.decide(s, ids[1], service.DecisionIn(action="relabel", labels={"violent": True, "hateful": False}), "ann")
    db.close()
    return ids


def test_keys_create_list_revoke(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("POLARSCAN_DATABASE_URL", url)
    r = run("keys", "create", "--name", "ann", "--role", "reviewer")
    assert r.exit_code == 0, r.output
    token = r.output.strip().splitlines()[-1]
    assert token.startswith("psk_")
    assert run("keys", "create", "--name", "ann", "--role", "admin").exit_code == 1
    assert "ann" in run("keys", "list").output and token not in run("keys", "list").output
    db = open_database(url)
    with db.session() as s:
        assert authenticate(s, token).role == "reviewer"
    assert run("keys", "revoke", "ann").output.startswith("revoked key 1 'ann'")
    assert "revoked" in run("keys", "list").output
    with db.session() as s:
        assert authenticate(s, token) is None
        assert [e.actor.startswith("cli") for e in s.scalars(select(AuditEntry))] == [True, True]
    r = run("keys", "revoke", "nobody")
    assert r.exit_code == 1 and "no key with id or name 'nobody'" in r.output


def test_export_is_read_by_data_build_adapter(tmp_path):
    from polarscan.training.corpus.adapters import get_adapter

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    ids = seed(url)
    out = tmp_path / "review.jsonl"
    r = run("review", "export", "--out", str(out), "--database-url", url)
    assert r.exit_code == 0 and "wrote 2 reviewed posts" in r.output
    rows = list(get_adapter("corpus_jsonl").rows(tmp_path, {"path": out, "name": "review"}))
    assert [row.source for row in rows] == ["review", "review"]
    assert rows[0].labels == {"hateful": 1, "offensive": None, "polarising": 1, "violent": None}  # confirm: untouched labels unknown
    assert rows[1].labels == {"hateful": 0, "offensive": None, "polarising": None, "violent": 1}
    assert [row.split for row in rows] == [json.loads(line)["split"] for line in out.read_text().splitlines()]
    assert rows[0].local_id.endswith(str(ids[0]))


def test_retention_purge_and_erase(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("POLARSCAN_DATABASE_URL", url)
    ids = seed(url)
    db = open_database(url)
    with db.session() as s:
        s.execute(update(Post).where(Post.id == ids[1]).values(ingested_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=100)))
        s.commit()
    assert "how many days?" in run("retention", "purge").output
    assert run("retention", "purge", "--days", "90", "--dry-run").output.strip() == "would purge the text of 1 posts older than 90 days"
    monkeypatch.setenv("POLARSCAN_RETENTION_DAYS", "90")
    assert run("retention", "purge").output.strip() == "purged the text of 1 posts older than 90 days"
    r = run("erase", "--author", "@TARGET", "--yes")
    assert r.exit_code == 0 and r.output.strip() == "erased 1 posts"
    assert "exactly one" in run("erase", "--yes").output
    with db.session() as s:
        assert [p.text for p in s.scalars(select(Post).order_by(Post.id))] == [None, None]
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions[-2:] == ["retention.purge", "privacy.erase"]
