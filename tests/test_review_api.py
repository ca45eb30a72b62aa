"""The review HTTP API: who may call what (a table over every route x role), ingest, queue, claims,
decisions, watch terms, the demo key's limits, /metrics, and the production secret checks."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from review_support import StubPredictor, db_url  # noqa: F401  (fixture)
from sqlalchemy import func, select

from polarscan.serving.app import create_app
from polarscan.serving import keys
from polarscan.serving.review.models import AuditEntry, Post
from polarscan.serving.settings import DEV_ADMIN_KEY, DEV_DEMO_KEY, Settings

ROLES = ("admin", "reviewer", "ingest", "demo")
POST = {"platform": "x", "external_id": "seed", "author": "@seed", "text": "zij zijn ratten", "timestamp": "2026-11-20T10:00:00Z"}


def make_client(url: str, **overrides) -> TestClient:
    settings = Settings(database_url=url, **overrides)
    return TestClient(create_app(settings, predictor=StubPredictor()))


def add_keys(client: TestClient) -> dict[str, str]:
    tokens = {}
    with client.app.state.review_db.session() as s:
        for role in ROLES:
            _, tokens[role] = keys.create_key(s, f"{role}-user", role, actor="test")
        keys.create_key(s, "victim", "reviewer", actor="test")
        s.commit()
    return tokens


@pytest.fixture()
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'api.db'}"


@pytest.fixture()
def client(sqlite_url):
    with make_client(sqlite_url) as c:
        c.tokens = add_keys(c)
        yield c


def h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- access table ----------------------------------------------------------------------------------

ANY = ROLES
REVIEW = ("admin", "reviewer")
INGEST = ("admin", "ingest")
ADMIN = ("admin",)
OPEN = "open"

# (method, route template, concrete path, json body, roles allowed, status when allowed)
ACCESS = [
    ("GET", "/healthz", "/healthz", None, OPEN, 200),
    ("GET", "/readyz", "/readyz", None, OPEN, 200),
    ("GET", "/v1/model", "/v1/model", None, OPEN, 200),
    ("GET", "/", "/", None, OPEN, 200),
    ("GET", "/docs", "/docs", None, OPEN, 200),
    ("GET", "/redoc", "/redoc", None, OPEN, 200),
    ("GET", "/openapi.json", "/openapi.json", None, OPEN, 200),
    ("GET", "/ui", "/ui/", None, OPEN, 200),
    ("GET", "/v1/me", "/v1/me", None, ANY, 200),
    ("POST", "/v1/classify", "/v1/classify", {"text": "bonjour"}, ANY, 200),
    ("POST", "/v1/posts", "/v1/posts", {**POST, "external_id": "new"}, INGEST, 200),
    ("GET", "/v1/posts/{post_id}", "/v1/posts/1", None, REVIEW, 200),
    ("POST", "/v1/posts/rescore", "/v1/posts/rescore", {}, ADMIN, 200),
    ("GET", "/v1/review/queue", "/v1/review/queue", None, REVIEW, 200),
    ("POST", "/v1/review/{post_id}/claim", "/v1/review/1/claim", None, REVIEW, 200),
    ("DELETE", "/v1/review/{post_id}/claim", "/v1/review/1/claim", None, REVIEW, 204),
    ("POST", "/v1/review/{post_id}/decision", "/v1/review/1/decision", {"action": "confirm"}, REVIEW, 200),
    ("GET", "/v1/review/dashboard", "/v1/review/dashboard", None, REVIEW, 200),
    ("POST", "/v1/review/{post_id}/undo", "/v1/review/1/undo", {}, REVIEW, 409),  # post 1 has no decision to undo
    ("GET", "/v1/watch-terms", "/v1/watch-terms", None, REVIEW, 200),
    ("POST", "/v1/watch-terms", "/v1/watch-terms", {"term": "#nieuw", "lang": "nl", "kind": "hashtag"}, REVIEW, 201),
    ("DELETE", "/v1/watch-terms/{term_id}", "/v1/watch-terms/1", None, REVIEW, 204),
    ("GET", "/v1/keys", "/v1/keys", None, ADMIN, 200),
    ("POST", "/v1/keys", "/v1/keys", {"name": "new-key", "role": "ingest"}, ADMIN, 201),
    ("DELETE", "/v1/keys/{key_id}", "/v1/keys/VICTIM", None, ADMIN, 204),
    ("GET", "/v1/audit", "/v1/audit", None, ADMIN, 200),
    ("GET", "/metrics", "/metrics", None, ADMIN, 200),
    ("POST", "/v1/admin/reload-model", "/v1/admin/reload-model", None, ADMIN, 200),
]
CALLERS = ("no-key", "bad-key") + ROLES


def _expected(allowed, ok: int, caller: str) -> int:
    if allowed == OPEN:
        return ok
    if caller in ("no-key", "bad-key"):
        return 401
    return ok if caller in allowed else 403


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A database with a key per role, a 'victim' key, post 1 and watch term 1, copied per test."""
    path = tmp_path_factory.mktemp("seeded") / "seed.db"
    with make_client(f"sqlite:///{path}") as c:
        tokens = add_keys(c)
        seed = c.post("/v1/posts", json=POST, headers=h(tokens["ingest"]))
        assert seed.json()["items"][0]["id"] == 1
        assert c.post("/v1/watch-terms", json={"term": "ratten", "lang": "nl"}, headers=h(tokens["reviewer"])).json()["id"] == 1
        with c.app.state.review_db.session() as s:
            victim = next(k.id for k in keys.list_keys(s) if k.name == "victim")
    return path, tokens, victim


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("method, template, path, body, allowed, ok", ACCESS, ids=[f"{m} {t}" for m, t, *_ in ACCESS])
def test_access_table(seeded, tmp_path, method, template, path, body, allowed, ok, caller):
    import shutil

    seed_db, tokens, victim = seeded
    shutil.copy(seed_db, tmp_path / "api.db")
    with make_client(f"sqlite:///{tmp_path / 'api.db'}") as c:
        headers = {} if caller == "no-key" else h("psk_wrong") if caller == "bad-key" else h(tokens[caller])
        r = c.request(method, path.replace("VICTIM", str(victim)), json=body, headers=headers)
        assert r.status_code == _expected(allowed, ok, caller), r.text
        if r.status_code in (401, 403):
            assert r.json()["error"]["code"] in ("unauthorized", "forbidden")


def test_access_table_covers_every_route(client):
    routes = {(m, r.path) for r in client.app.routes if isinstance(r, APIRoute) for m in r.methods}
    routes |= {("GET", "/ui")}  # the static mount
    documented = {(m, t) for m, t, *_ in ACCESS}
    missing = routes - documented - {("GET", "/docs/oauth2-redirect"), ("GET", "/redoc")}
    assert missing == set(), f"add these routes to ACCESS: {sorted(missing)}"


def test_x_api_key_header_and_revoked_key(sqlite_url):
    with make_client(sqlite_url, auth_cache_s=0) as client:  # no cache: every request reads the key table
        tokens = add_keys(client)
        assert client.get("/v1/me", headers={"X-API-Key": tokens["reviewer"]}).json() == {"name": "reviewer-user", "role": "reviewer"}
        r = client.get("/v1/me")
        assert r.status_code == 401 and "Authorization: Bearer" in r.json()["error"]["message"]
        with client.app.state.review_db.session() as s:
            keys.revoke_key(s, "reviewer-user", actor="test")
            s.commit()
        assert client.get("/v1/me", headers=h(tokens["reviewer"])).status_code == 401


def test_key_revoked_through_the_api_stops_at_once_despite_the_cache(client):
    me = client.get("/v1/me", headers=h(client.tokens["reviewer"]))
    assert me.status_code == 200  # now cached
    key_id = next(k["id"] for k in client.get("/v1/keys", headers=h(client.tokens["admin"])).json()["items"] if k["name"] == "reviewer-user")
    assert client.delete(f"/v1/keys/{key_id}", headers=h(client.tokens["admin"])).status_code == 204
    assert client.get("/v1/me", headers=h(client.tokens["reviewer"])).status_code == 401


def test_key_revoked_elsewhere_stops_within_auth_cache_s(sqlite_url):
    now = [100.0]
    with make_client(sqlite_url, auth_cache_s=5) as client:
        tokens = add_keys(client)
        client.app.state.key_cache.clock = lambda: now[0]
        assert client.get("/v1/me", headers=h(tokens["reviewer"])).status_code == 200
        with client.app.state.review_db.session() as s:  # as the CLI or another server process would
            keys.revoke_key(s, "reviewer-user", actor="test")
            s.commit()
        now[0] += 4.9
        assert client.get("/v1/me", headers=h(tokens["reviewer"])).status_code == 200  # still remembered
        now[0] += 0.2
        assert client.get("/v1/me", headers=h(tokens["reviewer"])).status_code == 401
        # unknown tokens are never remembered: the cache holds only keys that authenticated
        assert client.get("/v1/me", headers=h("no-such-token")).status_code == 401
        assert len(client.app.state.key_cache._entries) == 0


# --- the demo key ----------------------------------------------------------------------------------


def test_dev_keys_exist_in_development_and_demo_is_rate_limited_and_stores_nothing(sqlite_url):
    with make_client(sqlite_url, demo_burst=2, demo_rate_per_minute=1) as c:
        assert c.get("/v1/me", headers=h(DEV_ADMIN_KEY)).json()["role"] == "admin"
        demo = h(DEV_DEMO_KEY)
        assert [c.post("/v1/classify", json={"text": "zij zijn ratten"}, headers=demo).status_code for _ in range(2)] == [200, 200]
        r = c.post("/v1/classify", json={"text": "zij zijn ratten"}, headers=demo)
        assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited" and int(r.headers["Retry-After"]) >= 59
        assert c.post("/v1/posts", json=POST, headers=demo).status_code == 403
        assert c.post("/v1/classify", json={"text": "x"}, headers=h(DEV_ADMIN_KEY)).status_code == 200  # others are not limited
        with c.app.state.review_db.session() as s:
            assert s.scalar(select(func.count()).select_from(Post)) == 0
            assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor == "demo")) == 0


def test_production_refuses_default_secrets_and_has_no_dev_admin(tmp_path):
    with pytest.raises(ValueError, match="POLARSCAN_PSEUDONYM_SECRET"):
        Settings(environment="production")
    with pytest.raises(ValueError, match="POLARSCAN_DEMO_KEY"):
        Settings(environment="production", pseudonym_secret="s" * 32)
    with make_client(f"sqlite:///{tmp_path / 'p.db'}", environment="production", pseudonym_secret="s" * 32, demo_key="") as c:
        assert c.get("/v1/me", headers=h(DEV_ADMIN_KEY)).status_code == 401
        assert c.get("/v1/me", headers=h(DEV_DEMO_KEY)).status_code == 401


# --- the workflow over HTTP, on SQLite and PostgreSQL ------------------------------------------------


def test_review_flow_over_http(db_url):
    with make_client(db_url, review_lease_seconds=60) as c:
        t = add_keys(c)
        with c.app.state.review_db.session() as s:
            _, t["reviewer2"] = keys.create_key(s, "reviewer-2", "reviewer", actor="test")
            s.commit()
        batch = {
            "posts": [
                {**POST, "external_id": "1", "author": "@a", "text": "ik ga jou afmaken"},
                {**POST, "external_id": "2", "author": "@b", "text": "zij zijn ratten"},
                {**POST, "external_id": "3", "author": "@c", "text": "سوف اقتلكم جميعا"},
                {**POST, "external_id": "4", "author": "@d", "text": "mooie dag"},
                {**POST, "external_id": "5", "text": ""},
                {"platform": "x", "external_id": "6"},
                {**POST, "external_id": "1"},
            ]
        }
        r = c.post("/v1/posts", json=batch, headers=h(t["ingest"]))
        assert r.status_code == 200, r.text
        body = r.json()
        assert [i["status"] for i in body["items"]] == ["created"] * 4 + ["invalid", "invalid", "duplicate"]
        assert (body["created"], body["duplicate"], body["invalid"]) == (4, 1, 2)
        assert "author: Field required" in body["items"][5]["error"]
        assert c.post("/v1/posts", json={**POST, "text": 5}, headers=h(t["ingest"])).status_code == 422

        first = c.get("/v1/review/queue?limit=2", headers=h(t["reviewer"])).json()
        assert [i["external_id"] for i in first["items"]] == ["1", "3"]  # violent first, oldest first
        item = first["items"][0]
        assert item["claim"]["reviewer"] == "reviewer-user"
        assert item["reasons"][0] == {"kind": "model", "label": "violent", "score": 0.9, "threshold": 0.5}
        assert item["suggestion"]["explanation"]["labels"]["violent"][0]["word"] == "afmaken"
        assert item["author_pseudonym"] != "@a" and len(item["author_pseudonym"]) == 32
        second = c.get("/v1/review/queue", headers=h(t["reviewer2"])).json()
        assert [i["external_id"] for i in second["items"]] == ["2"]  # never a post reviewer-user holds

        pid = item["id"]
        r = c.post(f"/v1/review/{pid}/decision", json={"action": "reject"}, headers=h(t["reviewer2"]))
        assert r.status_code == 409 and "claimed by 'reviewer-user'" in r.json()["error"]["message"]
        r = c.post(f"/v1/review/{pid}/decision", json={"action": "confirm", "note": "bedreiging"}, headers=h(t["reviewer"]))
        assert r.status_code == 200 and r.json()["decision"]["labels"]["violent"] is True
        assert c.post(f"/v1/review/{pid}/decision", json={"action": "maybe"}, headers=h(t["reviewer"])).status_code == 422
        assert c.post("/v1/review/999/decision", json={"action": "reject"}, headers=h(t["reviewer"])).status_code == 404
        post = c.get(f"/v1/posts/{pid}", headers=h(t["reviewer"])).json()
        assert post["status"] == "reviewed" and [d["action"] for d in post["decisions"]] == ["confirm"]
        audit = c.get("/v1/audit?object_type=post", headers=h(t["admin"])).json()["items"]
        assert (audit[0]["actor"], audit[0]["action"], audit[0]["object_id"]) == ("reviewer-user", "decision.confirm", str(pid))

        # rescoring with the served model leaves the human decision alone
        assert c.post("/v1/posts/rescore", json={}, headers=h(t["admin"])).json()["rescored"] == 4
        post = c.get(f"/v1/posts/{pid}", headers=h(t["reviewer"])).json()
        assert post["status"] == "reviewed" and post["decision"]["action"] == "confirm"

        metrics = c.get("/metrics", headers=h(t["admin"])).text
        assert 'polarscan_review_decisions_total{label="violent",value="true"} 1.0' in metrics
        assert 'polarscan_review_queue_depth{lang="nl",status="queued"} 1.0' in metrics
        assert 'polarscan_http_requests_total{method="POST",route="/v1/review/{post_id}/decision",status="200"} 1.0' in metrics
        assert 'polarscan_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v1/review/queue"}' in metrics
        c.get("/ui/")
        assert 'polarscan_http_requests_total{method="GET",route="/ui",status="200"} 1.0' in c.get("/metrics", headers=h(t["admin"])).text


def test_watch_terms_api_flags_new_posts(client):
    t = client.tokens
    r = client.post("/v1/watch-terms", json={"term": "#remigratie", "lang": "nl", "kind": "hashtag", "label": "polarising"}, headers=h(t["reviewer"]))
    assert r.status_code == 201 and r.json()["folded"] == "remigratie"
    dup = client.post("/v1/watch-terms", json={"term": "#REMIGRATIE", "lang": "nl", "kind": "hashtag"}, headers=h(t["reviewer"]))
    assert dup.status_code == 409
    assert client.post("/v1/watch-terms", json={"term": "x", "lang": "de"}, headers=h(t["reviewer"])).status_code == 422
    r = client.post("/v1/posts", json={**POST, "text": "nu r.e.m.i.g.r.a.t.i.e!!!"}, headers=h(t["ingest"]))
    item = r.json()["items"][0]
    assert item["queued"] and item["reasons"] == [
        {"kind": "watch_term", "term_id": 1, "term": "#remigratie", "term_kind": "hashtag", "lang": "nl", "label": "polarising"}
    ]
    assert [w["term"] for w in client.get("/v1/watch-terms?lang=nl", headers=h(t["reviewer"])).json()["items"]] == ["#remigratie"]
    assert client.delete("/v1/watch-terms/1", headers=h(t["reviewer"])).status_code == 204
    assert client.delete("/v1/watch-terms/1", headers=h(t["reviewer"])).status_code == 404


def test_ui_is_served_with_a_self_only_csp(client):
    r = client.get("/ui/")
    assert r.status_code == 200 and "default-src 'self'" in r.headers["content-security-policy"]
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"


def test_token_bucket_refills_at_the_configured_rate():
    from polarscan.serving.auth import TokenBucket

    now = [0.0]
    bucket = TokenBucket(rate_per_minute=6, burst=2, clock=lambda: now[0])
    assert [bucket.take(1), bucket.take(1)] == [0.0, 0.0]
    assert bucket.take(1) == pytest.approx(10.0)  # 6/min: one token every 10 s
    assert bucket.take(2) == 0.0  # buckets are per key
    now[0] = 10.0
    assert bucket.take(1) == 0.0 and bucket.take(1) > 0
