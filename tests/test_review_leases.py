"""Per-post leases (issue 10, item 3) and queue search: the UI lists the queue without claiming it,
sees what others hold (who, until when), claims only the post it shows, renews and releases it.
On SQLite and PostgreSQL (the hand-out lock is the same ``service.claim``)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from review_support import StubPredictor, database, db_url  # noqa: F401  (fixtures)

from polarscan.serving.app import create_app
from polarscan.serving.review import service
from polarscan.serving.settings import DEV_ADMIN_KEY, Settings

CFG = service.ReviewConfig(pseudonym_secret="test-secret-0123456789")


def ingest(db, texts):
    posts = [service.PostIn(platform="x", external_id=str(i), author="@a", text=t) for i, t in enumerate(texts)]
    with db.session() as s:
        return [r["id"] for r in service.ingest(s, StubPredictor(), posts, CFG, actor="test")]


def test_listing_claims_nothing_and_shows_the_holds_of_others(database):
    a, b, c = ingest(database, ["ik ga jou afmaken", "zij zijn ratten", "wat een idioot"])
    with database.session() as s:
        listed = service.queue(s, "ann", take=False, include_held=True)
        assert [i["id"] for i in listed["items"]] == [a, b, c] and all(i["claim"] is None for i in listed["items"])
        first = service.claim(s, a, "ann", 300)
        assert first is not None and first.reviewer == "ann"
    with database.session() as s:
        bob = service.queue(s, "bob", take=False, include_held=True)
        assert (bob["total"], bob["held"]) == (3, 1)
        view = {i["id"]: i for i in bob["items"]}
        assert view[a]["claim"]["reviewer"] == "ann" and view[a]["claim"]["expires_at"] == first.expires_at.isoformat()
        assert view[b]["claim"] is None
        # without held=true the post Ann holds is left out, as before
        plain = service.queue(s, "bob", take=False)
        assert [i["id"] for i in plain["items"]] == [b, c] and plain["held"] == 1
        assert service.claim(s, a, "bob", 300) is None
        assert service.claim(s, b, "bob", 300) is not None
    with database.session() as s:
        ann = service.queue(s, "ann", take=False, include_held=True)
        assert ann["held"] == 1 and {i["id"]: i["claim"]["reviewer"] for i in ann["items"] if i["claim"]} == {a: "ann", b: "bob"}
        # a listing with take=True and held=True claims only what nobody else holds
        taken = service.queue(s, "ann", take=True, include_held=True)
        assert {i["id"]: (i["claim"] or {}).get("reviewer") for i in taken["items"]} == {a: "ann", b: "bob", c: "ann"}


def test_a_lease_is_renewed_and_released(database):
    (a,) = ingest(database, ["ik ga jou afmaken"])
    with database.session() as s:
        first = service.claim(s, a, "ann", 60).expires_at
        renewed = service.claim(s, a, "ann", 600).expires_at
        assert (renewed - first).total_seconds() > 500
        assert service.claim(s, a, "bob", 60) is None
        service.release(s, a, "bob")  # someone else's release does nothing
        assert service.holder(s, a).reviewer == "ann"
        service.release(s, a, "ann")
        assert service.holder(s, a) is None
        assert service.claim(s, a, "bob", 60).reviewer == "bob"


def test_search_finds_text_case_insensitively_and_escapes_wildcards(database):
    ids = ingest(database, ["Zij zijn RATTEN 100%", "zij zijn ratten 1000", "ik ga jou afmaken nu_ok"])
    with database.session() as s:
        found = lambda q: [i["id"] for i in service.queue(s, "ann", take=False, search=q)["items"]]  # noqa: E731
        assert found("ratten") == [ids[0], ids[1]]
        assert found("100%") == [ids[0]]  # % is a character, not a wildcard
        assert found("n_n") == []  # _ is a character too ("afmaken nu" would match a wildcard)
        assert found("u_o") == [ids[2]]
        assert len(found("  ")) == 3  # blank: no filter


def test_claim_conflict_names_the_holder_over_http(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'l.db'}"), predictor=StubPredictor())) as client:
        admin = {"X-API-Key": DEV_ADMIN_KEY}
        bob = {"X-API-Key": client.post("/v1/keys", json={"name": "bob", "role": "reviewer"}, headers=admin).json()["token"]}
        pid = client.post("/v1/posts", json={"platform": "x", "external_id": "1", "author": "@a", "text": "ik ga jou afmaken"}, headers=admin).json()["items"][0]["id"]
        listed = client.get("/v1/review/queue?claim=false&held=true", headers=bob).json()
        assert [i["id"] for i in listed["items"]] == [pid] and listed["items"][0]["claim"] is None
        mine = client.post(f"/v1/review/{pid}/claim", headers=admin).json()
        assert mine["reviewer"] == "dev-admin" and mine["lease_seconds"] == 300
        r = client.post(f"/v1/review/{pid}/claim", headers=bob)
        assert r.status_code == 409 and f"claimed by 'dev-admin' until {mine['expires_at']}" in r.json()["error"]["message"]
        listed = client.get("/v1/review/queue?claim=false&held=true", headers=bob).json()
        assert listed["held"] == 1 and listed["items"][0]["claim"] == {"reviewer": "dev-admin", "expires_at": mine["expires_at"]}
        assert client.get("/v1/review/queue?claim=false", headers=bob).json()["items"] == []
        assert client.post(f"/v1/review/{pid}/decision", json={"action": "reject"}, headers=bob).status_code == 409
        assert client.delete(f"/v1/review/{pid}/claim", headers=admin).status_code == 204
        assert client.post(f"/v1/review/{pid}/claim", headers=bob).json()["reviewer"] == "bob"
        assert client.get("/v1/review/queue?claim=false&q=AFMAKEN", headers=bob).json()["total"] == 1
        assert client.get("/v1/review/queue?claim=false&q=gent", headers=bob).json()["total"] == 0
