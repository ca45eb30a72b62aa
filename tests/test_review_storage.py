"""Review storage and workflow functions, on SQLite and on PostgreSQL (see review_support.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from review_support import StubPredictor, database, db_url  # noqa: F401  (fixtures)
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

from polarscan.serving.errors import Conflict, ValidationFailed
from polarscan.serving import keys
from polarscan.serving.review import privacy, service, watch
from polarscan.serving.review.export import export_decisions
from polarscan.serving.review.models import Annotation, AuditEntry, Base, Claim, Post, Suggestion

CFG = service.ReviewConfig(pseudonym_secret="test-secret-0123456789", lease_seconds=300)


def post(external_id: str, text_: str, author: str = "@Someone", platform: str = "x", **kw) -> service.PostIn:
    return service.PostIn(platform=platform, external_id=external_id, author=author, text=text_, **kw)


def ingest(db, *posts, predictor=None):
    with db.session() as s:
        return service.ingest(s, predictor or StubPredictor(), list(posts), CFG, actor="ingester")


def test_migrations_create_exactly_the_models(database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    from polarscan.serving.review.db import upgrade

    upgrade(database.engine)  # running again is a no-op
    from alembic import command
    from sqlalchemy import inspect

    from polarscan.serving.review.db import alembic_config

    config = alembic_config()
    with database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    upgrade(database.engine)
    assert {t.name for t in Base.metadata.sorted_tables} <= set(inspect(database.engine).get_table_names())
    if database.engine.dialect.name == "sqlite":
        with database.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_ingest_pseudonymises_scores_explains_and_queues(database):
    predictor = StubPredictor()
    report = ingest(database, post("1", "die mensen zijn ratten", author="@Jan_Peeters", url="https://x.com/1"), post("2", "mooie dag in gent"), predictor=predictor)
    assert [r["status"] for r in report] == ["created", "created"]
    assert report[0]["queued"] is True and report[1]["queued"] is False
    assert report[0]["reasons"] == [{"kind": "model", "label": "hateful", "score": 0.9, "threshold": 0.5}]
    # one classify call for the batch, then one occlusion call for the flagged post (full text + 4 variants)
    assert predictor.proba_calls == [2, 5]
    with database.session() as s:
        p1 = s.get(Post, report[0]["id"])
        assert p1.author_pseudonym == service.pseudonymise("jan_peeters", CFG.pseudonym_secret)
        assert p1.status == "queued" and p1.severity == 3 and p1.lang == "nl"
        sugg = s.scalar(select(Suggestion).where(Suggestion.post_id == p1.id))
        assert (sugg.model_id, sugg.model_version, sugg.flagged) == ("stub-model", "1", ["hateful"])
        top = sugg.explanation["labels"]["hateful"][0]
        assert (top["word"], top["start"], top["end"]) == ("ratten", 16, 22) and top["weight"] > 0.8
        assert s.get(Post, report[1]["id"]).status == "unflagged"
    # the raw handle is stored nowhere
    with database.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                assert "jan_peeters" not in json.dumps([str(v) for v in row]).lower()


def test_ingest_is_idempotent_and_reports_per_item(database):
    first = ingest(database, post("1", "die mensen zijn ratten"))
    again = ingest(database, post("1", "other text now"), post("2", "jullie idioot"), post("2", "jullie idioot"), post("1", "x", platform="facebook"))
    assert [(r["status"], r["id"]) for r in again] == [
        ("duplicate", first[0]["id"]),
        ("created", again[1]["id"]),
        ("duplicate", again[1]["id"]),
        ("created", again[3]["id"]),
    ]
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Post)) == 3
        assert s.get(Post, first[0]["id"]).text == "die mensen zijn ratten"


def test_watch_terms_survive_obfuscation_and_flag(database):
    with database.session() as s:
        watch.add_term(s, term="#remigratie", lang="nl", kind="hashtag", label="polarising", actor="rev")
        watch.add_term(s, term="sale race", lang="fr", actor="rev")
        watch.add_term(s, term="🐸", lang="any", kind="symbol", actor="rev")
        with pytest.raises(Conflict, match="already listed"):
            watch.add_term(s, term="#REMIGRATIE", lang="nl", kind="hashtag", actor="rev")
        with pytest.raises(ValidationFailed, match="kind 'symbol'"):
            watch.add_term(s, term="🐸🐸", lang="nl", actor="rev")
    report = ingest(
        database,
        post("a", "tijd voor R 3 M I G R A T I E nu"),
        post("b", "#r3miiigratie!!"),
        post("c", "je dis s@le    raaace"),
        post("d", "remigratie"),
        post("e", "les remigratie eux"),  # fr post: the nl-only term does not apply
        post("f", "kijk 🐸 daar"),
        post("g", "gewoon een tekst"),
    )
    terms = [[r["term"] for r in item["reasons"] if r["kind"] == "watch_term"] for item in report]
    assert terms == [["#remigratie"], ["#remigratie"], ["sale race"], ["#remigratie"], [], ["🐸"], []]
    assert [item["queued"] for item in report] == [True, True, True, True, True, True, False]  # e: model flags "eux"
    with database.session() as s:
        assert s.get(Post, report[0]["id"]).severity == 2  # the term's label (polarising)
        assert s.get(Post, report[5]["id"]).severity == 1  # a term without label


def test_queue_order_filters_pagination(database):
    now = dt.datetime.now(dt.timezone.utc)
    ingest(database, post("low", "jullie idioot"), post("violent", "ik ga jou afmaken"), post("hate-old", "zij zijn ratten"), post("hate-new", "ratten"), post("fr", "je vais tuer"))
    with database.session() as s:  # make "hate-new" the newest
        s.execute(update(Post).where(Post.external_id == "hate-new").values(ingested_at=now + dt.timedelta(minutes=5)))
        s.commit()
        q = service.queue(s, "ann", take=False, limit=10)
        assert [i["external_id"] for i in q["items"]] == ["violent", "fr", "hate-old", "hate-new", "low"]
        assert q["total"] == 5
        assert [i["external_id"] for i in service.queue(s, "ann", take=False, lang="fr")["items"]] == ["fr"]
        assert [i["external_id"] for i in service.queue(s, "ann", take=False, label="hateful")["items"]] == ["hate-old", "hate-new"]
        assert service.queue(s, "ann", take=False, platform="facebook")["items"] == []
        page2 = service.queue(s, "ann", take=False, limit=2, offset=2)
        assert [i["external_id"] for i in page2["items"]] == ["hate-old", "hate-new"] and page2["total"] == 5
        with pytest.raises(ValidationFailed, match="unknown label 'spam'"):
            service.queue(s, "ann", label="spam")


def test_claims_never_give_two_reviewers_the_same_post(database):
    ingest(database, *[post(str(i), f"ratten {i}") for i in range(5)])
    with database.session() as s:
        a = [i["id"] for i in service.queue(s, "ann", limit=3)["items"]]
    with database.session() as s:
        b = [i["id"] for i in service.queue(s, "bob", limit=3)["items"]]
    assert len(a) == 3 and len(b) == 2 and not set(a) & set(b)
    with database.session() as s:
        assert service.claim(s, a[0], "bob", 300) is None
        assert service.claim(s, a[0], "ann", 300).reviewer == "ann"  # renewing your own lease
        with pytest.raises(Conflict, match="claimed by 'ann'"):
            service.decide(s, a[0], service.DecisionIn(action="confirm"), "bob")
        # an expired lease can be taken over
        s.execute(update(Claim).where(Claim.post_id == a[1]).values(expires_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)))
        s.commit()
        assert service.claim(s, a[1], "bob", 300).reviewer == "bob"
        assert a[1] in [i["id"] for i in service.queue(s, "bob", limit=10)["items"]]


def test_decisions_are_audited_and_never_overwritten_by_the_model(database):
    report = ingest(database, post("1", "zij zijn ratten"), post("2", "ik ga je afmaken"))
    p1, p2 = report[0]["id"], report[1]["id"]
    with database.session() as s:
        d = service.decide(s, p1, service.DecisionIn(action="confirm", labels={"polarising": False}, note="clear case"), "ann")
        # confirm: the flagged labels true, the explicit "not polarising" false, untouched labels unknown
        assert d.labels == {"hateful": True, "offensive": None, "polarising": False, "violent": None}
        assert (d.labels_set, d.labels_seen, d.labels_version) == (["hateful", "polarising"], ["hateful", "offensive", "polarising", "violent"], 2)
        service.decide(s, p2, service.DecisionIn(action="escalate", note="threat, call police?"), "ann")
        with pytest.raises(ValidationFailed, match="relabel needs labels"):
            service.decide(s, p2, service.DecisionIn(action="relabel"), "ann")
        with pytest.raises(ValidationFailed, match="unknown labels"):
            service.decide(s, p2, service.DecisionIn(action="relabel", labels={"spam": True}), "ann")
        assert [p.status for p in s.scalars(select(Post).order_by(Post.id))] == ["reviewed", "escalated"]
        log = [(e.actor, e.action, e.object_id) for e in s.scalars(select(AuditEntry).where(AuditEntry.action.like("decision.%")))]
        assert log == [("ann", "decision.confirm", str(p1)), ("ann", "decision.escalate", str(p2))]
    # re-ingesting and re-scoring with a new model version touches no decision
    ingest(database, post("1", "zij zijn ratten"))
    with database.session() as s:
        assert service.rescore(s, StubPredictor(version="2"), CFG, actor="admin", batch_size=1) == 2
    with database.session() as s:
        annotations = list(s.scalars(select(Annotation).order_by(Annotation.id)))
        assert [(a.post_id, a.action, a.reviewer) for a in annotations] == [(p1, "confirm", "ann"), (p2, "escalate", "ann")]
        assert annotations[0].labels["hateful"] is True
        assert [p.status for p in s.scalars(select(Post).order_by(Post.id))] == ["reviewed", "escalated"]
        versions = [x.model_version for x in s.scalars(select(Suggestion).where(Suggestion.post_id == p1).order_by(Suggestion.id))]
        assert versions == ["1", "2"]
        view = service.get_post(s, p1)
        assert view["decision"]["action"] == "confirm" and view["suggestion"]["model_version"] == "2"


def test_annotations_and_audit_log_are_append_only(database):
    report = ingest(database, post("1", "ratten"))
    with database.session() as s:
        service.decide(s, report[0]["id"], service.DecisionIn(action="reject"), "ann")
    for statement in ("UPDATE annotations SET action = 'confirm'", "DELETE FROM annotations", "UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with database.engine.connect() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text(statement))


def test_retention_purge_keeps_decisions_and_audit(database):
    report = ingest(database, post("old", "zij zijn ratten", url="https://x.com/old"), post("old2", "ratten hier"), post("new", "ratten daar"))
    old, old2, new = (r["id"] for r in report)
    with database.session() as s:
        service.decide(s, old, service.DecisionIn(action="confirm"), "ann")
        past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=40)
        s.execute(update(Post).where(Post.id.in_([old, old2])).values(ingested_at=past))
        s.commit()
        assert privacy.purge_text(s, 30, actor="cron", dry_run=True) == 2
        assert privacy.purge_text(s, 30, actor="cron") == 2
        assert privacy.purge_text(s, 30, actor="cron") == 0
    with database.session() as s:
        p_old, p_old2, p_new = (s.get(Post, i) for i in (old, old2, new))
        assert (p_old.text, p_old.url, p_old.status) == (None, None, "reviewed")
        assert (p_old2.text, p_old2.status) == (None, "expired") and p_new.text == "ratten daar"
        assert all(x.explanation is None for x in s.scalars(select(Suggestion).where(Suggestion.post_id.in_([old, old2]))))
        assert s.scalar(select(func.count()).select_from(Annotation)) == 1
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "retention.purge")).detail == {"older_than_days": 30, "posts": 2}
        assert [i["id"] for i in service.queue(s, "ann", take=False)["items"]] == [new]


def test_erase_by_author_handle_or_pseudonym(database):
    report = ingest(database, post("1", "ratten", author="@Target"), post("2", "ratten", author="target"), post("3", "ratten", author="@other"))
    with database.session() as s:
        service.decide(s, report[0]["id"], service.DecisionIn(action="confirm"), "ann")
        assert privacy.erase_author(s, handle="@TARGET", secret=CFG.pseudonym_secret, actor="dpo") == 2
        assert privacy.erase_author(s, pseudonym=service.pseudonymise("other", CFG.pseudonym_secret), actor="dpo") == 1
        with pytest.raises(ValidationFailed, match="exactly one"):
            privacy.erase_author(s, actor="dpo")
    with database.session() as s:
        posts = list(s.scalars(select(Post).order_by(Post.id)))
        assert [(p.text, p.author_pseudonym, p.external_id) for p in posts] == [(None, "erased", f"erased:{p.id}") for p in posts]
        assert s.scalar(select(func.count()).select_from(Annotation)) == 1
        entries = [(e.actor, e.action, e.detail) for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.erase"))]
        assert entries == [("dpo", "privacy.erase", {"posts": 2}), ("dpo", "privacy.erase", {"posts": 1})]


def test_export_writes_reviewed_decisions_as_corpus(database, tmp_path):
    report = ingest(database, post("1", "@jan zij zijn ratten https://t.co/x"), post("2", "ik ga je afmaken"), post("3", "jullie idioot"), post("4", "je vais tuer"))
    with database.session() as s:
        service.decide(s, report[0]["id"], service.DecisionIn(action="confirm"), "ann")
        service.decide(s, report[1]["id"], service.DecisionIn(action="escalate"), "ann")  # says nothing about labels
        service.decide(s, report[2]["id"], service.DecisionIn(action="confirm"), "ann")
        service.decide(s, report[2]["id"], service.DecisionIn(action="relabel", labels={"offensive": False}), "bob")  # latest wins
        n = export_decisions(s, tmp_path / "review.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert n == 2 and len(rows) == 2
    first = rows[0]
    assert first["raw_text"] == "@USER zij zijn ratten URL"
    assert first["text"] == "@user zij zijn ratten httpurl"
    assert first["labels"] == {"hateful": 1, "offensive": None, "polarising": 1, "violent": None}
    assert first["meta"]["labels_set"] == ["hateful", "polarising"]
    assert first["source"] == "review" and first["split"] in ("train", "dev", "test")
    assert first["id"] == f"review:{first['split']}:{report[0]['id']}"
    assert (first["lang"], first["script"], first["targets"]) == ("nl", "Latn", [])
    assert first["meta"]["model_version"] == "1" and first["meta"]["decision"] == "confirm"
    assert rows[1]["labels"] == {"hateful": None, "offensive": 0, "polarising": None, "violent": None}


def test_api_keys_are_hashed_and_revocable(database):
    with database.session() as s:
        key, token = keys.create_key(s, "ann", "reviewer", actor="admin")
        s.commit()
        assert token.startswith("psk_") and key.token_hash == keys.hash_token(token) and token not in key.token_hash
        assert keys.authenticate(s, token) == keys.Principal(key.id, "ann", "reviewer")
        assert keys.authenticate(s, token + "x") is None
        with pytest.raises(Conflict, match="a key named 'ann' exists"):
            keys.create_key(s, "ann", "admin", actor="admin")
        with pytest.raises(ValidationFailed, match="unknown role 'root'"):
            keys.create_key(s, "root", "root", actor="admin")
        keys.revoke_key(s, "ann", actor="admin")
        s.commit()
        assert keys.authenticate(s, token) is None
        assert [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))] == ["key.create", "key.revoke"]


def test_concurrent_reviewers_never_get_the_same_post(database):
    import threading

    ingest(database, *[post(str(i), f"ratten {i}") for i in range(12)])
    got: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def take(name: str) -> None:
        try:
            barrier.wait()
            with database.session() as s:
                got[name] = [i["id"] for i in service.queue(s, name, limit=5)["items"]]
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=take, args=(f"reviewer-{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    taken = [pid for ids in got.values() for pid in ids]
    assert len(taken) == len(set(taken))  # nobody got a post another reviewer holds
    with database.session() as s:
        holders = {c.post_id: c.reviewer for c in s.scalars(select(Claim))}
    assert all(holders[pid] == name for name, ids in got.items() for pid in ids)


def test_confirm_without_model_flags_needs_labels(database):
    with database.session() as s:
        watch.add_term(s, term="remigratie", lang="nl", actor="rev")
    report = ingest(database, post("1", "tijd voor remigratie"))
    with database.session() as s:
        with pytest.raises(ValidationFailed, match="the model flagged no label on this post"):
            service.decide(s, report[0]["id"], service.DecisionIn(action="confirm"), "ann")
        d = service.decide(s, report[0]["id"], service.DecisionIn(action="confirm", labels={"polarising": True}), "ann")
        assert d.labels == {"hateful": None, "offensive": None, "polarising": True, "violent": None}
