"""The red-team reproductions of issue 11, each now answered 4xx (or refused by the database), on
SQLite and on PostgreSQL. One test per finding; the curl line of the issue is quoted above each."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from review_support import StubPredictor, database, db_url  # noqa: F401  (fixtures)
from sqlalchemy import func, select

from polarscan.serving.app import create_app
from polarscan.serving.review.models import Post
from polarscan.serving.settings import DEV_ADMIN_KEY, DEV_DEMO_KEY, Settings

ADMIN = {"X-API-Key": DEV_ADMIN_KEY}
JSON = {"content-type": "application/json"}
POST = {"platform": "x", "external_id": "1", "author": "@someone", "text": "zij zijn ratten"}


def make_client(url: str, **overrides) -> TestClient:
    return TestClient(create_app(Settings(database_url=url, **overrides), predictor=StubPredictor()))


def count_posts(client: TestClient) -> int:
    with client.app.state.review_db.session() as s:
        return s.scalar(select(func.count()).select_from(Post))


# --- 1. no 5xx -------------------------------------------------------------------------------------


def test_lone_surrogate_is_a_422_for_classify_and_ingest(db_url):
    # curl :8000/v1/classify -H 'X-API-Key: polarscan-demo' $J -d '{"text":"\ud800"}'  -> was 500
    with make_client(db_url) as c:
        for key in (DEV_DEMO_KEY, DEV_ADMIN_KEY):
            r = c.post("/v1/classify", content=b'{"text": "\\ud800"}', headers={**JSON, "X-API-Key": key})
            assert r.status_code == 422 and "surrogate" in r.json()["error"]["message"], r.text
        r = c.post("/v1/classify", content=b'{"texts": ["ok", "a\\udfffb"]}', headers={**JSON, **ADMIN})
        assert r.status_code == 422 and "text 1" in r.json()["error"]["message"]
        r = c.post("/v1/posts", content=b'{"platform": "x", "external_id": "1", "author": "a", "text": "\\ud800"}', headers={**JSON, **ADMIN})
        assert r.status_code == 422


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("GET", "/v1/posts/9223372036854775808", None),
        ("GET", "/v1/posts/2147483648", None),
        ("GET", "/v1/posts/0", None),
        ("POST", "/v1/review/2147483648/claim", None),
        ("DELETE", "/v1/review/2147483648/claim", None),
        ("POST", "/v1/review/2147483648/decision", {"action": "reject"}),
        ("DELETE", "/v1/watch-terms/2147483648", None),
        ("DELETE", "/v1/keys/9223372036854775808", None),
        ("GET", "/v1/review/queue?offset=9223372036854775808", None),
        ("GET", "/v1/review/queue?offset=2147483648", None),
        ("GET", "/v1/audit?offset=2147483648", None),
        ("POST", "/v1/posts/rescore", {"ids": [9223372036854775808]}),
        ("POST", "/v1/posts/rescore", {"ids": [2147483648]}),
    ],
)
def test_ids_and_offsets_out_of_range_are_a_422(db_url, method, path, body):
    # GET /v1/posts/9223372036854775808 -> was 500 on SQLite; /v1/posts/2147483648 -> was 500 on PostgreSQL
    with make_client(db_url) as c:
        r = c.request(method, path, json=body, headers=ADMIN)
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("timestamp", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_extreme_timestamps_are_a_422(db_url, timestamp):
    with make_client(db_url) as c:
        r = c.post("/v1/posts", json={**POST, "timestamp": timestamp}, headers=ADMIN)
        assert r.status_code == 422 and "out of range" in r.json()["error"]["message"], r.text
        batch = c.post("/v1/posts", json={"posts": [{**POST, "timestamp": timestamp}, {**POST, "external_id": "2"}]}, headers=ADMIN)
        assert batch.status_code == 200 and [i["status"] for i in batch.json()["items"]] == ["invalid", "created"]
        # the extremes that still fit in UTC are stored as given
        ok = c.post("/v1/posts", json={**POST, "external_id": "3", "timestamp": "9999-12-31T23:59:59+00:00"}, headers=ADMIN)
        assert ok.status_code == 200, ok.text


@pytest.mark.parametrize("field", ["text", "platform", "external_id", "author", "url"])
def test_nul_in_a_batch_item_is_reported_and_the_valid_post_stored(db_url, field):
    # a batch with "text":"a\u0000b" next to a valid post -> was 500 on PostgreSQL, nothing stored
    with make_client(db_url) as c:
        bad = {**POST, "url": "https://example.org/a", field: "https://example.org/a\x00b" if field == "url" else "a\x00b"}
        r = c.post("/v1/posts", json={"posts": [bad, {**POST, "external_id": "2"}]}, headers=ADMIN)
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        assert items[0]["status"] == "invalid" and "NUL" in items[0]["error"]
        assert items[1]["status"] == "created"
        assert count_posts(c) == 1
        assert c.post("/v1/posts", json=bad, headers=ADMIN).status_code == 422


def test_nul_elsewhere_is_a_4xx(db_url):
    with make_client(db_url) as c:
        pid = c.post("/v1/posts", json=POST, headers=ADMIN).json()["items"][0]["id"]
        assert c.post(f"/v1/review/{pid}/decision", json={"action": "reject", "note": "a\x00b"}, headers=ADMIN).status_code == 422
        assert c.post(f"/v1/review/{pid}/decision", json={"action": "re\x00ject"}, headers=ADMIN).status_code == 422
        assert c.post(f"/v1/review/{pid}/decision", json={"action": "relabel", "labels": {"hate\x00ful": True}}, headers=ADMIN).status_code == 422
        assert c.post("/v1/watch-terms", json={"term": "a\x00b"}, headers=ADMIN).status_code == 422
        assert c.post("/v1/watch-terms", json={"term": "ab", "note": "\x00"}, headers=ADMIN).status_code == 422
        assert c.post("/v1/watch-terms", json={"term": "ab", "label": "\x00"}, headers=ADMIN).status_code == 422
        assert c.post("/v1/keys", json={"name": "a\x00b", "role": "reviewer"}, headers=ADMIN).status_code == 422
        for path in ("/v1/review/queue?lang=%00", "/v1/review/queue?platform=a%00", "/v1/audit?object_type=%00", "/v1/audit?object_id=%00",
                     "/v1/watch-terms?lang=%00", "/v1/review/queue?label=%ff", "/ui/%00", "/v1/posts/%00"):
            r = c.get(path, headers=ADMIN)
            assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request", (path, r.text)
        # nothing of the above reached the database
        assert c.get(f"/v1/posts/{pid}", headers=ADMIN).json()["decisions"] == []


# --- 6. only http(s) URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript://x.com/%0aalert(1)", "data:text/html,<b>x</b>", "vbscript:x", "//x.com/a", "x.com/a", "ftp://x.com/a", "https://", "https://x.com/a b", "http://[::1"])
def test_only_http_urls_are_accepted(db_url, url):
    with make_client(db_url) as c:
        r = c.post("/v1/posts", json={**POST, "url": url}, headers=ADMIN)
        assert r.status_code == 422, (url, r.text)
        assert count_posts(c) == 0
        assert c.post("/v1/posts", json={**POST, "url": "HTTPS://Example.org/a?b=c"}, headers=ADMIN).status_code == 200


# --- 2. production refuses the development keys ------------------------------------------------------


def test_production_refuses_and_revokes_development_keys(db_url, caplog):
    # run once in development, then start production on the same database -> dev keys were still 200
    with make_client(db_url) as c:
        assert c.get("/v1/me", headers=ADMIN).json()["role"] == "admin"
        assert c.post("/v1/classify", json={"text": "bonjour"}, headers={"X-API-Key": DEV_DEMO_KEY}).status_code == 200
    production = {"environment": "production", "pseudonym_secret": "a-production-secret-0123456789"}
    with caplog.at_level("WARNING", logger="polarscan.review"):
        with make_client(db_url, demo_key="", **production) as c:
            assert c.get("/v1/me", headers=ADMIN).status_code == 401
            assert c.post("/v1/classify", json={"text": "bonjour"}, headers={"X-API-Key": DEV_DEMO_KEY}).status_code == 401
            with c.app.state.review_db.session() as s:
                from polarscan.serving.review.models import ApiKey, AuditEntry

                keys_ = {k.name: k.revoked_at for k in s.scalars(select(ApiKey))}
                assert keys_["dev-admin"] is not None and keys_["demo"] is not None
                revoked = [e.detail for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "key.revoke"))]
                assert sorted(d["name"] for d in revoked) == ["demo", "dev-admin"]
                assert all(d["reason"] == "development default key refused in production" for d in revoked)
    assert sum("production: revoked API key" in r.getMessage() for r in caplog.records) == 2
    # a production demo key with its own secret works; the default token stays refused, even if a
    # development instance on the same database brings the dev keys back
    with make_client(db_url):
        pass
    with make_client(db_url, demo_key="a-secret-demo-token", **production) as c:
        assert c.post("/v1/classify", json={"text": "bonjour"}, headers={"X-API-Key": "a-secret-demo-token"}).status_code == 200
        assert c.post("/v1/classify", json={"text": "bonjour"}, headers={"X-API-Key": DEV_DEMO_KEY}).status_code == 401
        assert c.get("/v1/me", headers=ADMIN).status_code == 401
        with c.app.state.review_db.session() as s:  # a development instance re-activates it meanwhile
            from polarscan.serving import keys

            keys.ensure_key(s, "dev-admin", "admin", DEV_ADMIN_KEY)
            s.commit()
        assert c.get("/v1/me", headers=ADMIN).status_code == 401


# --- 4. append-only cannot be bypassed --------------------------------------------------------------


def _decided(database):
    from review_support import StubPredictor as Stub

    from polarscan.serving.review import service

    cfg = service.ReviewConfig(pseudonym_secret="test-secret-0123456789")
    with database.session() as s:
        pid = service.ingest(s, Stub(), [service.PostIn(**POST)], cfg, actor="ingest")[0]["id"]
        service.decide(s, pid, service.DecisionIn(action="reject"), "ann")
    return pid


def test_append_only_tables_refuse_replace_and_truncate(database):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    _decided(database)
    if database.engine.dialect.name == "sqlite":
        statements = [
            "INSERT OR REPLACE INTO annotations (id, post_id, reviewer, action, labels, created_at) VALUES (1, 1, 'mallory', 'confirm', '{}', '2026-01-01')",
            "REPLACE INTO annotations (id, post_id, reviewer, action, labels, created_at) VALUES (1, 1, 'mallory', 'confirm', '{}', '2026-01-01')",
            "INSERT OR REPLACE INTO audit_log (id, at, actor, action, object_type, detail) VALUES (1, '2026-01-01', 'mallory', 'x', 'x', '{}')",
            "INSERT INTO annotations (id, post_id, reviewer, action, labels, created_at) VALUES (1, 1, 'm', 'confirm', '{}', '2026-01-01') ON CONFLICT (id) DO UPDATE SET reviewer = 'm'",
        ]
    else:
        statements = ["TRUNCATE annotations", "TRUNCATE audit_log", "TRUNCATE posts CASCADE", "TRUNCATE annotations, audit_log RESTART IDENTITY"]
    for statement in statements:
        with database.engine.connect() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text(statement))
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT reviewer, action FROM annotations")).all() == [("ann", "reject")]
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 2


@pytest.mark.postgres
def test_documented_production_role_runs_the_app_but_cannot_truncate_or_alter(tmp_path):
    """The role of docs/review.md: the app works as it; TRUNCATE and DDL are refused."""
    import re
    import uuid
    from pathlib import Path

    from live_server import postgres_database
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from polarscan.serving.review.db import open_database

    doc = (Path(__file__).resolve().parent.parent / "docs" / "review.md").read_text(encoding="utf-8")
    grants = re.search(r"```sql\n(.*?)```", doc[doc.index("## Production database role"):], re.S).group(1)
    role = f"polarscan_app_{uuid.uuid4().hex[:8]}"
    with postgres_database("role") as owner_url:
        open_database(owner_url).close()  # migrations, as the owner (`polarscan review migrate`)
        owner = create_engine(owner_url, isolation_level="AUTOCOMMIT")
        with owner.connect() as conn:
            conn.execute(text(f"CREATE ROLE {role} LOGIN"))
            for statement in grants.replace("polarscan_app", role).split(";"):
                if statement.strip() and not statement.strip().startswith("--"):
                    conn.execute(text(statement))
        try:
            app_url = make_url(owner_url).set(username=role).render_as_string(hide_password=False)
            with make_client(app_url) as c:  # start-up (migration check, dev keys) as the app role
                pid = c.post("/v1/posts", json=POST, headers=ADMIN).json()["items"][0]["id"]
                assert [i["id"] for i in c.get("/v1/review/queue", headers=ADMIN).json()["items"]] == [pid]
                assert c.post(f"/v1/review/{pid}/decision", json={"action": "reject"}, headers=ADMIN).status_code == 200
                assert c.post("/v1/watch-terms", json={"term": "ratten"}, headers=ADMIN).status_code == 201
                assert c.delete("/v1/watch-terms/1", headers=ADMIN).status_code == 204
                assert c.post("/v1/keys", json={"name": "ann", "role": "reviewer"}, headers=ADMIN).status_code == 201
                assert c.post("/v1/posts/rescore", json={}, headers=ADMIN).status_code == 200
                with c.app.state.review_db.session() as s:
                    from polarscan.serving.review import privacy

                    assert privacy.erase_author(s, handle="@someone", secret=c.app.state.settings.pseudonym_secret, actor="dpo") == 1
            engine = create_engine(app_url)
            for statement in ("TRUNCATE annotations", "TRUNCATE audit_log", "TRUNCATE posts CASCADE", "DELETE FROM annotations", "UPDATE audit_log SET actor = 'x'",
                              "ALTER TABLE annotations DISABLE TRIGGER USER", "DROP TABLE audit_log CASCADE", "CREATE TABLE evil (id int)", "DROP TRIGGER annotations_append_only ON annotations"):
                with engine.connect() as conn:
                    with pytest.raises(DBAPIError):
                        conn.execute(text(statement))
            engine.dispose()
        finally:
            with owner.connect() as conn:
                conn.execute(text(f"DROP OWNED BY {role}"))
                conn.execute(text(f"DROP ROLE {role}"))
            owner.dispose()


# --- 8. stalled connections are closed; connections are capped ----------------------------------------


def _closed_within(sock, seconds: float) -> float | None:
    """Seconds until the server closed ``sock`` (recv returns b''), or None if it stayed open."""
    import socket
    import time

    start = time.monotonic()
    sock.settimeout(seconds)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return time.monotonic() - start
    except (socket.timeout, TimeoutError):
        return None
    except ConnectionResetError:
        return time.monotonic() - start


def test_stalled_connections_are_closed_and_connections_capped(tmp_path):
    import socket
    import time

    import httpx
    from live_server import thread_server

    def status_within(base: str, expected: int, seconds: float = 10.0) -> int:
        deadline = time.monotonic() + seconds
        while True:
            status = httpx.get(f"{base}/healthz").status_code
            if status == expected or time.monotonic() > deadline:
                return status
            time.sleep(0.1)

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}", header_timeout_s=1.0, body_timeout_s=1.0, keepalive_timeout_s=1.0, max_connections=6)
    app = create_app(settings, predictor=StubPredictor())
    with thread_server(app) as base:
        host, port = base.removeprefix("http://").split(":")
        address = (host, int(port))
        silent = socket.create_connection(address)  # sends nothing
        partial = socket.create_connection(address)  # half a request line and headers
        partial.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        slow_body = socket.create_connection(address)  # headers, then a body that never completes
        slow_body.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nX-API-Key: polarscan-demo\r\n\r\n{\"text\":")
        for sock in (silent, partial, slow_body):
            waited = _closed_within(sock, 15.0)  # 1 s deadline; slack for a busy machine (plain uvicorn: never)
            assert waited is not None, "a stalled connection was not closed"
            sock.close()
        # a normal request is unaffected, also on a kept-alive connection
        with httpx.Client(base_url=base) as client:
            assert client.get("/healthz").status_code == 200
            assert client.post("/v1/classify", json={"text": "bonjour"}, headers={"X-API-Key": DEV_DEMO_KEY}).status_code == 200
    # the cap: with 6 connections open, the next request gets 503 at once instead of queueing (on a
    # server whose header deadline does not free the held connections meanwhile)
    capped = create_app(settings.model_copy(update={"header_timeout_s": 60.0}), predictor=StubPredictor())
    with thread_server(capped) as base:
        host, port = base.removeprefix("http://").split(":")
        held = [socket.create_connection((host, int(port))) for _ in range(6)]
        try:
            assert status_within(base, 503) == 503
        finally:
            for sock in held:
                sock.close()
        assert status_within(base, 200) == 200


# --- 5. privacy: handles in URLs, erase that sticks, no text left in the SQLite WAL ------------------


@pytest.mark.parametrize(
    "url, stored",
    [
        ("https://x.com/someone/status/1790000000000000001", "https://x.com/i/status/1790000000000000001"),
        ("https://twitter.com/Some_One/statuses/17?s=20#frag", "https://twitter.com/i/status/17"),
        ("https://mobile.twitter.com/someone", "https://mobile.twitter.com/@user"),
        ("https://www.tiktok.com/@some.one/video/7301?lang=nl", "https://www.tiktok.com/@user/video/7301"),
        ("https://www.instagram.com/someone/p/Cx1/", "https://www.instagram.com/@user/p/Cx1/"),
        ("https://www.instagram.com/p/Cx1/", "https://www.instagram.com/p/Cx1/"),
        ("https://www.facebook.com/some.one/posts/123?comment_id=9", "https://www.facebook.com/@user/posts/123"),
        ("https://www.facebook.com/permalink.php?story_fbid=5&id=100000123", "https://www.facebook.com/permalink.php?story_fbid=5"),
        ("https://www.facebook.com/profile.php?id=100000123", "https://www.facebook.com/@user"),
        ("https://t.me/somechannel/42", "https://t.me/@user/42"),
        ("https://www.youtube.com/@someone", "https://www.youtube.com/@user"),
        ("https://www.youtube.com/watch?v=abc&ab_channel=Someone", "https://www.youtube.com/watch?v=abc"),
        ("https://www.reddit.com/user/someone/comments/1a/x", "https://www.reddit.com/user/@user/comments/1a/x"),
        ("https://forum.example.org/@someone/thread/1", "https://forum.example.org/@user/thread/1"),
        ("https://someone:secret@example.org/a?b=c", "https://example.org/a?b=c"),
    ],
)
def test_handles_in_urls_are_masked(url, stored):
    from polarscan.serving.review.urls import mask_url

    assert mask_url(url) == stored


def test_the_documented_example_stores_no_handle(db_url):
    with make_client(db_url) as c:
        example = {**POST, "author": "@someone", "url": "https://x.com/someone/status/1790000000000000001"}
        pid = c.post("/v1/posts", json=example, headers=ADMIN).json()["items"][0]["id"]
        assert c.get(f"/v1/posts/{pid}", headers=ADMIN).json()["url"] == "https://x.com/i/status/1790000000000000001"
        assert [i["url"] for i in c.get("/v1/review/queue", headers=ADMIN).json()["items"]] == ["https://x.com/i/status/1790000000000000001"]
        with c.app.state.review_db.engine.connect() as conn:
            from sqlalchemy import text

            for table in ("posts", "suggestions", "audit_log", "claims"):
                assert "someone" not in str(conn.execute(text(f"SELECT * FROM {table}")).all()).lower()


def test_erased_posts_are_not_ingested_again(db_url):
    from polarscan.serving.review import privacy

    with make_client(db_url) as c:
        r = c.post("/v1/posts", json={"posts": [{**POST, "author": "@target"}, {**POST, "external_id": "2", "author": "@target"}]}, headers=ADMIN)
        assert r.json()["created"] == 2
        with c.app.state.review_db.session() as s:
            assert privacy.erase_author(s, handle="@target", secret=c.app.state.settings.pseudonym_secret, actor="dpo") == 2
        # re-sending the same (platform, external_id): refused, nothing stored
        again = c.post("/v1/posts", json={**POST, "author": "@target"}, headers=ADMIN)
        assert again.status_code == 410 and again.json()["error"]["code"] == "gone", again.text
        batch = c.post("/v1/posts", json={"posts": [{**POST, "author": "@other"}, {**POST, "external_id": "3"}, {**POST, "external_id": "2"}]}, headers=ADMIN)
        assert [(i["status"], i["id"]) for i in batch.json()["items"]][::2] == [("erased", None), ("erased", None)]
        assert (batch.json()["created"], batch.json()["erased"]) == (1, 2)
        with c.app.state.review_db.session() as s:
            texts = sorted(p.text or "-" for p in s.scalars(select(Post)))
            assert texts == ["-", "-", POST["text"]]  # two erased, the new post 3
            from polarscan.serving.review.models import ErasedPost

            tombstones = [t.key_hash for t in s.scalars(select(ErasedPost))]
            assert len(tombstones) == 2 and all(len(h) == 64 and "1" != h for h in tombstones)
        # the same external id on another platform is another post
        assert c.post("/v1/posts", json={**POST, "platform": "facebook"}, headers=ADMIN).json()["created"] == 1


def test_erased_and_purged_text_leaves_no_trace_in_the_sqlite_files(tmp_path):
    import datetime as dt

    from sqlalchemy import update

    from polarscan.serving.review import privacy

    path = tmp_path / "review.db"
    with make_client(f"sqlite:///{path}") as c:
        c.post("/v1/posts", json={"posts": [
            {**POST, "external_id": "1", "author": "@target", "text": "canaryerase ratten", "url": "https://example.org/canaryurl"},
            {**POST, "external_id": "2", "author": "@old", "text": "canarypurge ratten"},
            {**POST, "external_id": "3", "author": "@keep", "text": "canarykeep ratten"},
        ]}, headers=ADMIN)
        with c.app.state.review_db.session() as s:
            s.execute(update(Post).where(Post.external_id == "2").values(ingested_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=60)))
            s.commit()
            assert privacy.erase_author(s, handle="@target", secret=c.app.state.settings.pseudonym_secret, actor="dpo") == 1
            assert privacy.purge_text(s, 30, actor="cron") == 1
        files = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("review.db"))
        assert b"canarykeep" in files  # the check can see text at all
        for canary in (b"canaryerase", b"canarypurge", b"canaryurl"):
            assert canary not in files, canary
        wal = tmp_path / "review.db-wal"
        assert not wal.exists() or wal.stat().st_size == 0


# --- 3. a post decided after a reviewer's queue query is not handed to that reviewer ------------------


def test_a_post_decided_after_the_queue_query_is_not_handed_out(database, monkeypatch):
    """The race of the red-team run, made deterministic: ann's queue query has read post P, then bob
    takes and decides P, then ann's hand-out runs. Before the fix ann was handed P and could decide
    it again without a 409."""
    from review_support import StubPredictor as Stub

    from polarscan.serving.review import service

    cfg = service.ReviewConfig(pseudonym_secret="test-secret-0123456789")
    with database.session() as s:
        ids = [r["id"] for r in service.ingest(s, Stub(), [service.PostIn(**{**POST, "external_id": str(i)}) for i in range(3)], cfg, actor="ingest")]
    real_claim = service.claim

    def claim_after_bob_decided(session, post_id, reviewer, lease_seconds, **kw):
        if reviewer == "ann" and post_id == ids[0]:
            with database.session() as other:  # bob, on his own connection, between ann's query and her hand-out
                assert real_claim(other, post_id, "bob", 300) is not None
                service.decide(other, post_id, service.DecisionIn(action="reject"), "bob")
        return real_claim(session, post_id, reviewer, lease_seconds, **kw)

    monkeypatch.setattr(service, "claim", claim_after_bob_decided)
    with database.session() as s:
        handed = [i["id"] for i in service.queue(s, "ann", limit=3)["items"]]
    assert handed == ids[1:]
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Post).where(Post.status == "reviewed")) == 1
        from polarscan.serving.review.models import Annotation, Claim

        assert [a.reviewer for a in s.scalars(select(Annotation))] == ["bob"]
        assert s.get(Claim, ids[0]) is None
