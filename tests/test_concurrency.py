"""Concurrent reviewers over real HTTP: 6 reviewer threads on one server over SQLite, and 8 reviewer
threads on two server processes sharing one PostgreSQL database (issue 11, item 3).

Each reviewer takes posts from the queue and decides every post it is handed. Counted: posts
handed out to more than one reviewer, posts decided more than once, decisions answered 200 but not
stored, and posts left undecided. All must be 0.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections import Counter, defaultdict

import httpx
import pytest
from live_server import child_server, postgres_database
from sqlalchemy import create_engine, text

from polarscan.serving.settings import DEV_ADMIN_KEY

ADMIN = {"X-API-Key": DEV_ADMIN_KEY}


def _ingest(base: str, n: int) -> None:
    for start in range(0, n, 50):
        posts = [{"platform": "x", "external_id": str(i), "author": f"@a{i % 7}", "text": f"zij zijn ratten {i}"} for i in range(start, min(n, start + 50))]
        r = httpx.post(f"{base}/v1/posts", json={"posts": posts}, headers=ADMIN, timeout=60)
        assert r.status_code == 200 and r.json()["created"] == len(posts), r.text


def _reviewer_keys(base: str, n: int) -> list[str]:
    tokens = []
    for i in range(n):
        r = httpx.post(f"{base}/v1/keys", json={"name": f"reviewer-{i}", "role": "reviewer"}, headers=ADMIN, timeout=30)
        assert r.status_code == 201, r.text
        tokens.append(r.json()["token"])
    return tokens


def run_reviewers(bases: list[str], tokens: list[str], *, seconds: float = 300) -> dict:
    handed: dict[int, set[str]] = defaultdict(set)
    accepted: list[tuple[int, str]] = []
    statuses: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(tokens))
    deadline = time.monotonic() + seconds

    def reviewer(i: int, token: str) -> None:
        name, base = f"reviewer-{i}", bases[i % len(bases)]
        rng = random.Random(i)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            barrier.wait()
            while time.monotonic() < deadline:
                r = client.get("/v1/review/queue", params={"limit": rng.choice([1, 3, 5])})
                with lock:
                    statuses[r.status_code] += 1
                if r.status_code != 200:
                    errors.append(f"queue {r.status_code} {r.text[:200]}")
                    return
                page = r.json()
                if not page["items"]:
                    if page["total"] == 0:
                        return
                    time.sleep(0.05)  # others hold the rest
                    continue
                for item in page["items"]:
                    with lock:
                        handed[item["id"]].add(name)
                    body = rng.choice([{"action": "confirm"}, {"action": "reject"}, {"action": "relabel", "labels": {"violent": False}}])
                    d = client.post(f"/v1/review/{item['id']}/decision", json=body)
                    with lock:
                        statuses[d.status_code] += 1
                        if d.status_code == 200:
                            accepted.append((item["id"], name))
                        elif d.status_code != 409:
                            errors.append(f"decision {d.status_code} {d.text[:200]}")

    threads = [threading.Thread(target=reviewer, args=(i, t)) for i, t in enumerate(tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"handed": handed, "accepted": accepted, "statuses": statuses, "errors": errors}


def check(result: dict, database_url: str, n_posts: int, label: str) -> None:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        stored = Counter((pid, who) for pid, who in conn.execute(text("SELECT post_id, reviewer FROM annotations")))
        per_post = Counter(pid for pid, _ in stored.elements())
        undecided = conn.execute(text("SELECT count(*) FROM posts WHERE status = 'queued'")).scalar()
    engine.dispose()
    handed_twice = sum(1 for who in result["handed"].values() if len(who) > 1)
    decided_twice = sum(1 for n in per_post.values() if n > 1)
    lost = sum((Counter(result["accepted"]) - stored).values())
    print(
        f"\n{label}: {n_posts} posts, {len(result['accepted'])} decisions accepted, statuses {dict(result['statuses'])}; "
        f"handed out twice {handed_twice}, decided twice {decided_twice}, lost decisions {lost}, undecided {undecided}"
    )
    assert result["errors"] == []
    assert (handed_twice, decided_twice, lost, undecided) == (0, 0, 0, 0)
    assert len(result["accepted"]) == n_posts == sum(per_post.values())


def test_six_reviewers_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'review.db'}"
    with child_server(url) as (base, _):
        _ingest(base, 150)
        tokens = _reviewer_keys(base, 6)
        result = run_reviewers([base], tokens)
    check(result, url, 150, "sqlite, 1 instance, 6 reviewers")


@pytest.mark.postgres
def test_eight_reviewers_on_two_instances_sharing_postgres():
    with postgres_database("conc") as url:
        with contextlib.ExitStack() as stack:
            first, _ = stack.enter_context(child_server(url))
            second, _ = stack.enter_context(child_server(url))
            _ingest(first, 250)
            tokens = _reviewer_keys(first, 8)
            result = run_reviewers([first, second], tokens)
        check(result, url, 250, "postgres, 2 instances, 8 reviewers")
