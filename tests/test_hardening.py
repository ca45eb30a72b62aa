"""The red-team reproductions of issue 11, each now answered 4xx (or refused by the database), on
SQLite and on PostgreSQL. One test per finding; the curl line of the issue is quoted above each."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from review_support import StubPredictor, db_url  # noqa: F401  (fixture)
from sqlalchemy import func, select

from serving.app import create_app
from serving.review.models import Post
from serving.settings import DEV_ADMIN_KEY, DEV_DEMO_KEY, Settings

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
                from serving.review.models import ApiKey, AuditEntry

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
            from serving.review import keys

            keys.ensure_key(s, "dev-admin", "admin", DEV_ADMIN_KEY)
            s.commit()
        assert c.get("/v1/me", headers=ADMIN).status_code == 401
