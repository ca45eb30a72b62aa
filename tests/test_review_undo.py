"""Undo as a new decision (append-only stays), and how the model read a post (windows), stored
with the suggestion for the UI's "read N of M windows" note. SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from review_support import StubPredictor, database, db_url  # noqa: F401  (fixtures)
from sqlalchemy import func, select

from polarscan.serving.errors import Conflict
from polarscan.serving.review import service
from polarscan.serving.review.export import export_decisions
from polarscan.serving.review.models import Annotation, AuditEntry

CFG = service.ReviewConfig(pseudonym_secret="test-secret-0123456789")


def ingest(db, texts, predictor=None, prefix=""):
    posts = [service.PostIn(platform="x", external_id=f"{prefix}{i}", author="@a", text=t) for i, t in enumerate(texts)]
    with db.session() as s:
        return [r["id"] for r in service.ingest(s, predictor or StubPredictor(), posts, CFG, actor="test")]


def decide(db, pid, action, reviewer="ann", **labels):
    with db.session() as s:
        return service.decide(s, pid, service.DecisionIn(action=action, labels=labels), reviewer)


def test_undo_brings_back_the_decision_before_or_the_queue(database, tmp_path):
    a, b = ingest(database, ["ik ga jou afmaken", "zij zijn ratten"])
    first = decide(database, a, "confirm")
    second = decide(database, a, "reject", reviewer="bob")
    with database.session() as s:
        u = service.undo(s, a, "bob", note="verkeerde knop")
        assert (u.action, u.undoes, u.note) == ("undo", second.id, "verkeerde knop")
        post = service.get_post(s, a)
    assert post["status"] == "reviewed" and post["decision"]["id"] == first.id and post["decision"]["action"] == "confirm"
    assert [(d["action"], d["undoes"]) for d in post["decisions"]] == [("confirm", None), ("reject", None), ("undo", second.id)]
    with database.session() as s:
        service.undo(s, a, "ann")  # takes back the confirm too: the post is back in the queue
        post = service.get_post(s, a)
        assert (post["status"], post["decision"]) == ("queued", None)
        with pytest.raises(Conflict, match="no decision to undo"):
            service.undo(s, a, "ann")
        assert s.scalar(select(func.count()).select_from(Annotation).where(Annotation.post_id == a)) == 4  # nothing deleted
        assert [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "decision.undo"))] == ["decision.undo"] * 2
    # an escalation taken back: the post goes back to queued; the export has no row for an undone post
    decide(database, b, "escalate", hateful=True)
    with database.session() as s:
        service.undo(s, b, "ann")
        assert service.get_post(s, b)["status"] == "queued"
        export_decisions(s, tmp_path / "r.jsonl")
    assert (tmp_path / "r.jsonl").read_text() == ""
    decide(database, b, "relabel", hateful=True)
    with database.session() as s:
        export_decisions(s, tmp_path / "r.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [(r["meta"]["decision"], r["labels"]["hateful"]) for r in rows] == [("relabel", 1)]


def test_undo_respects_someone_elses_lease(database):
    (a,) = ingest(database, ["ik ga jou afmaken"])
    decide(database, a, "reject")
    with database.session() as s:
        assert service.claim(s, a, "bob", 300) is not None
        with pytest.raises(Conflict, match="claimed by 'bob'"):
            service.undo(s, a, "ann")


class WindowedStub(StubPredictor):
    """The stub, reporting that it read 3 of the 5 windows a long post needs."""

    def classify(self, texts, langs=None):
        return [{**r, "windows": 3, "windows_total": 5, "truncated": True} for r in super().classify(texts, langs)]


def test_suggestions_keep_how_many_windows_the_model_read(database):
    long_post, plain = ingest(database, ["ik ga jou afmaken " * 3], WindowedStub())[0], ingest(database, ["zij zijn ratten"], StubPredictor(), prefix="p")[0]
    with database.session() as s:
        assert service.get_post(s, long_post)["suggestion"]["reading"] == {"windows": 3, "windows_total": 5, "truncated": True}
        assert service.get_post(s, plain)["suggestion"]["reading"] is None  # a scorer without windows says nothing
