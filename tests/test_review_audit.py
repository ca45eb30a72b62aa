"""Audit sample and the dashboard's estimates (issue 10, item 2): a reproducible share of the posts
the model did not flag enters the queue as `audit`; precision and recall per language x label are
estimated from reviewed posts, audit posts weighted by 1/p, unknown labels never counted."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from review_support import StubPredictor, database, db_url  # noqa: F401  (fixtures)

from polarscan.serving.app import create_app
from polarscan.serving.review import dashboard, service
from polarscan.serving.review.models import Post
from polarscan.serving.settings import DEV_ADMIN_KEY, Settings

SECRET = "test-secret-0123456789"


def cfg(**kw) -> service.ReviewConfig:
    return service.ReviewConfig(pseudonym_secret=SECRET, **kw)


def ingest(db, texts, config, prefix="p"):
    posts = [service.PostIn(platform="x", external_id=f"{prefix}{i}", author="@a", text=t) for i, t in enumerate(texts)]
    with db.session() as s:
        return [r["id"] for r in service.ingest(s, StubPredictor(), posts, config, actor="test")]


def decide(db, post_id, action, reviewer="rev-a", **labels):
    with db.session() as s:
        return service.decide(s, post_id, service.DecisionIn(action=action, labels=labels), reviewer)


def test_audit_draw_is_reproducible_and_uniform():
    draws = [service.audit_draw("x", str(i), "seed") for i in range(4000)]
    assert draws == [service.audit_draw("x", str(i), "seed") for i in range(4000)]
    assert all(0.0 <= u < 1.0 for u in draws)
    share = sum(u < 0.1 for u in draws) / len(draws)
    assert 0.08 < share < 0.12  # 4000 draws: a 10 % rate gives 10 % +- 1.5 points (3 sigma)
    assert draws != [service.audit_draw("x", str(i), "other-seed") for i in range(4000)]


def test_unflagged_posts_enter_the_queue_as_audit_by_the_hash(database):
    texts = [f"mooie dag {i} in gent" for i in range(30)] + ["ik ga jou afmaken"]
    ids = ingest(database, texts, cfg(audit_rate=0.5, audit_seed="s1"))
    expected = {f"p{i}" for i in range(30) if service.audit_draw("x", f"p{i}", "s1") < 0.5}
    assert 0 < len(expected) < 30
    with database.session() as s:
        posts = {p.external_id: p for p in s.query(Post)}
        assert {e for e, p in posts.items() if p.audit_probability is not None} == expected
        assert posts["p30"].status == "queued" and posts["p30"].audit_probability is None  # flagged: not a sample
        for e in expected:
            assert (posts[e].status, posts[e].audit_stratum, posts[e].audit_probability) == ("queued", "rest", 0.5)
        for e in set(posts) - expected - {"p30"}:
            assert posts[e].status == "unflagged"
        q = service.queue(s, "rev-a", limit=100, take=False)
    reasons = {item["external_id"]: item["reasons"] for item in q["items"]}
    assert set(reasons) == expected | {"p30"}
    assert all(reasons[e] == [{"kind": "audit", "stratum": "rest", "rate": 0.5}] for e in expected)
    assert [r["kind"] for r in reasons["p30"]] == ["model"]
    # the flagged post first (severity), audit posts after it
    assert q["items"][0]["external_id"] == "p30"

    # rescoring draws the same posts; a decided audit post keeps its sample
    first = next(iter(sorted(expected)))
    decide(database, posts[first].id, "reject")
    with database.session() as s:
        service.rescore(s, StubPredictor(), cfg(audit_rate=0.0), actor="test")
        after = {p.external_id: p for p in s.query(Post)}
    assert after[first].audit_probability == 0.5 and after[first].status == "reviewed"
    assert {e for e, p in after.items() if p.audit_probability is not None} == {first}
    assert {e for e, p in after.items() if p.status == "queued"} == {"p30"}


def test_near_threshold_stratum_has_its_own_rate(database):
    # the stub scores 0.05 against thresholds 0.5: within a margin of 0.46 every label is "near"
    ingest(database, ["mooie dag in gent", "nog een dag"], cfg(audit_rate=0.0, audit_near_rate=1.0, audit_near_margin=0.46))
    ingest(database, ["een derde dag"], cfg(audit_rate=0.0, audit_near_rate=1.0, audit_near_margin=0.4), prefix="q")
    with database.session() as s:
        posts = {p.external_id: p for p in s.query(Post)}
    assert [(posts[e].audit_stratum, posts[e].audit_probability) for e in ("p0", "p1")] == [("near", 1.0), ("near", 1.0)]
    assert (posts["q0"].status, posts["q0"].audit_probability) == ("unflagged", None)


def test_wilson_interval_matches_the_textbook_values():
    assert dashboard.wilson(0, 0) is None
    assert dashboard.wilson(3, 4) == pytest.approx([0.3006, 0.9544], abs=1e-4)  # Wilson 1927; Newcombe 1998, table I
    lo, hi = dashboard.wilson(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.2775, abs=1e-4)


def test_precision_and_recall_estimates_weight_audit_posts_and_skip_unknown_labels(database):
    config = cfg(audit_rate=0.5, audit_seed="est")
    threats = ingest(database, [f"ik ga jou afmaken {i}" for i in range(5)], config, prefix="t")
    calm = ingest(database, [f"mooie dag {i} in gent" for i in range(12)], config, prefix="c")
    with database.session() as s:
        sampled = [p.id for p in s.query(Post).filter(Post.id.in_(calm), Post.audit_probability.is_not(None)).order_by(Post.id)]
    assert len(sampled) >= 3, "the seed must draw at least three of the twelve"
    # flagged violent: 3 confirmed, 1 rejected -> precision 3/4; the fifth escalated without labels:
    # its violent is unknown and must not count
    for pid in threats[:3]:
        decide(database, pid, "confirm")
    decide(database, threats[3], "reject")
    decide(database, threats[4], "escalate")
    # audit: one post was a threat the model missed, one was labelled hateful only (violent unknown:
    # left out), the others are rejected (violent false)
    decide(database, sampled[0], "relabel", violent=True)
    decide(database, sampled[1], "relabel", hateful=True)
    for pid in sampled[2:]:
        decide(database, pid, "reject")
    with database.session() as s:
        rows = {(r["lang"], r["label"]): r for r in dashboard.estimates(s, seed=1)}
    violent = rows[("nl", "violent")]
    assert violent["precision"] == {
        "estimate": 0.75, "ci95": dashboard.wilson(3, 4), "method": "Wilson score interval", "positives": 3, "labelled": 4, "flagged_posts": 5,
    }
    # TP = 5 flagged x 3/4 = 3.75; FN = (drawn / 0.5) x 1/(drawn - 1) labelled audit posts
    drawn = len(sampled)
    fn = drawn / 0.5 * 1 / (drawn - 1)
    recall = violent["recall"]
    assert recall["estimate"] == pytest.approx(3.75 / (3.75 + fn), abs=1e-4)
    lo, hi = recall["ci95"]
    assert 0 < lo < recall["estimate"] < hi < 1
    strata = {s["name"]: s for s in recall["strata"]}
    assert strata["audit_rest"] == {"name": "audit_rest", "posts": drawn, "estimated_size": drawn * 2.0, "labelled": drawn - 1, "positives": 1,
                                    "weighted_share": round(1 / (drawn - 1), 4)}
    assert recall["reason"] is None and recall["uncovered"] == []
    # hateful: never flagged, one audit positive: recall is exactly 0; precision has no sample
    hateful = rows[("nl", "hateful")]
    assert hateful["precision"]["estimate"] is None and hateful["precision"]["labelled"] == 0
    assert hateful["recall"]["estimate"] == 0.0
    # no reviewer set offensive on any flagged post (no flagged post at all) and only the rejects
    # say "not offensive": recall has nothing to be a share of
    assert rows[("nl", "offensive")]["recall"]["estimate"] is None


def test_recall_of_one_has_an_interval_that_reaches_one(database):
    config = cfg(audit_rate=1.0)
    (threat,) = ingest(database, ["ik ga jou afmaken"], config, prefix="t")
    calm = ingest(database, ["mooie dag in gent", "nog een mooie dag"], config, prefix="c")
    decide(database, threat, "confirm")
    for pid in calm:
        decide(database, pid, "reject")
    with database.session() as s:
        violent = next(r for r in dashboard.estimates(s) if (r["lang"], r["label"]) == ("nl", "violent"))["recall"]
    assert violent["estimate"] == 1.0 and violent["ci95"][1] == 1.0 and 0 < violent["ci95"][0] < 1


def test_recall_needs_an_audit_sample(database):
    ids = ingest(database, ["ik ga jou afmaken", "mooie dag in gent"], cfg(audit_rate=0.0))
    decide(database, ids[0], "confirm")
    with database.session() as s:
        violent = next(r for r in dashboard.estimates(s) if (r["lang"], r["label"]) == ("nl", "violent"))
    assert violent["precision"]["estimate"] == 1.0
    assert violent["recall"]["estimate"] is None and violent["recall"]["reason"].startswith("no audit sample")


def test_dashboard_endpoint_counts_queue_decisions_and_agreement(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'd.db'}", audit_rate=0.0, audit_near_rate=0.0)
    with TestClient(create_app(settings, predictor=StubPredictor())) as c:
        admin = {"X-API-Key": DEV_ADMIN_KEY}
        tokens = {}
        for name in ("ann", "bob"):
            tokens[name] = {"X-API-Key": c.post("/v1/keys", json={"name": name, "role": "reviewer"}, headers=admin).json()["token"]}
        posts = [{"platform": "x", "external_id": str(i), "author": "@a", "text": t} for i, t in enumerate(["ik ga jou afmaken", "zij zijn ratten", "mooie dag"])]
        ids = [item["id"] for item in c.post("/v1/posts", json={"posts": posts}, headers=admin).json()["items"]]
        assert c.post(f"/v1/review/{ids[0]}/decision", json={"action": "confirm", "labels": {"hateful": False}}, headers=tokens["ann"]).status_code == 200
        assert c.post(f"/v1/review/{ids[0]}/decision", json={"action": "confirm", "labels": {"hateful": True}}, headers=tokens["bob"]).status_code == 200
        assert c.post(f"/v1/review/{ids[1]}/decision", json={"action": "reject"}, headers=tokens["ann"]).status_code == 200
        body = c.get("/v1/review/dashboard", headers=tokens["bob"]).json()
    queue = {(r["status"], r["lang"], r["label"]): r["posts"] for r in body["queue"]}
    assert queue == {("reviewed", "nl", "violent"): 1, ("reviewed", "nl", "hateful"): 1, ("reviewed", "nl", "polarising"): 1, ("unflagged", "nl", None): 1}
    days = {(r["reviewer"], r["decisions"]) for r in body["decisions_per_day"]}
    assert days == {("ann", 2), ("bob", 1)}
    agreement = body["agreement"]
    assert (agreement["posts"], agreement["pairs"], agreement["action_agreement"]) == (1, 1, 1.0)
    assert agreement["labels"]["violent"] == {"pairs": 1, "agree": 1, "rate": 1.0}
    assert agreement["labels"]["hateful"] == {"pairs": 1, "agree": 0, "rate": 0.0}
    assert agreement["labels"]["offensive"] == {"pairs": 0, "agree": 0, "rate": None}  # unknown on both: not a pair
    assert {(r["lang"], r["label"]) for r in body["estimates"]} == {("nl", label) for label in ("hateful", "offensive", "polarising", "violent")}
