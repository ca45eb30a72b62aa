"""`kill -9` during batched ingest (issue 11): a child server ingesting batches is killed mid-way.
After a restart on the same database every acknowledged post is there with its text and its
suggestion, the database passes its integrity check, and re-ingest is idempotent. SQLite and
PostgreSQL."""

from __future__ import annotations

import contextlib
import signal
import threading
import time

import httpx
import pytest
from live_server import child_server, postgres_database
from sqlalchemy import create_engine, text

from polarscan.serving.settings import DEV_ADMIN_KEY

ADMIN = {"X-API-Key": DEV_ADMIN_KEY}
BATCH = 20


def batch(n: int) -> list[dict]:
    return [{"platform": "x", "external_id": f"{n}-{i}", "author": f"@a{i}", "text": f"zij zijn ratten {n} {i}"} for i in range(BATCH)]


def ingest_until_killed(base: str, proc, kill_after: int) -> tuple[dict[tuple[str, str], int], int]:
    """Send batches from a thread; SIGKILL the server once ``kill_after`` posts are acknowledged.
    Returns the acknowledged posts ((platform, external_id) -> id) and the number of batches sent."""
    acked: dict[tuple[str, str], int] = {}
    sent = [0]
    stop = threading.Event()

    def sender() -> None:
        with httpx.Client(base_url=base, headers=ADMIN, timeout=30) as client:
            n = 0
            while not stop.is_set():
                posts = batch(n)
                sent[0] = n + 1
                try:
                    r = client.post("/v1/posts", json={"posts": posts})
                except httpx.HTTPError:
                    return  # the server died with this batch in flight: not acknowledged
                assert r.status_code == 200, r.text
                for post, item in zip(posts, r.json()["items"]):
                    assert item["status"] == "created"
                    acked[(post["platform"], post["external_id"])] = item["id"]
                n += 1

    thread = threading.Thread(target=sender)
    thread.start()
    deadline = time.monotonic() + 120
    while len(acked) < kill_after:
        assert thread.is_alive() and time.monotonic() < deadline, f"the sender stopped after {len(acked)} acknowledged posts"
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)  # mid-way: the sender is in the middle of its next batch
    proc.wait(timeout=30)
    stop.set()
    thread.join(timeout=60)
    return acked, sent[0]


def integrity(url: str) -> dict:
    engine = create_engine(url)
    with engine.connect() as conn:
        out = {
            "posts": conn.execute(text("SELECT count(*) FROM posts")).scalar(),
            "posts_without_suggestion": conn.execute(text("SELECT count(*) FROM posts p WHERE NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.post_id = p.id)")).scalar(),
            "rows": {(p, e): (i, t) for i, p, e, t in conn.execute(text("SELECT id, platform, external_id, text FROM posts"))},
        }
        if engine.dialect.name == "sqlite":
            out["integrity_check"] = conn.execute(text("PRAGMA integrity_check")).scalar()
            out["foreign_key_check"] = conn.execute(text("PRAGMA foreign_key_check")).all()
        else:  # amcheck: every table's heap, and every btree index against its heap
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            problems = []
            for (table,) in conn.execute(text("SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'")):
                problems += [f"{table}: {row}" for row in conn.execute(text("SELECT * FROM verify_heapam(CAST(:t AS regclass))"), {"t": table})]
            indexes = conn.execute(text(
                "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND a.amname = 'btree'"
            )).scalars().all()
            for index in indexes:
                conn.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": index})  # raises on corruption
            conn.commit()
            out["integrity_check"] = "ok" if not problems else "; ".join(problems)
            out["foreign_key_check"] = conn.execute(text("SELECT id FROM suggestions s WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = s.post_id)")).all()
    engine.dispose()
    return out


def crash_and_recover(url: str, label: str, kill_after: int = 300) -> None:
    with child_server(url) as (base, proc):
        acked, sent = ingest_until_killed(base, proc, kill_after)
    assert proc.returncode == -signal.SIGKILL
    after = integrity(url)
    missing = [key for key in acked if key not in after["rows"]]
    wrong = [key for key, pid in acked.items() if key in after["rows"] and (after["rows"][key][0] != pid or after["rows"][key][1] is None)]
    assert (after["integrity_check"], after["foreign_key_check"], after["posts_without_suggestion"]) == ("ok", [], 0)
    assert missing == [] and wrong == []
    # restart on the same database and send every batch again, the one in flight included
    with child_server(url) as (base, _):
        statuses: dict[str, int] = {}
        with httpx.Client(base_url=base, headers=ADMIN, timeout=60) as client:
            for n in range(sent):
                r = client.post("/v1/posts", json={"posts": batch(n)})
                assert r.status_code == 200, r.text
                for post, item in zip(batch(n), r.json()["items"]):
                    statuses[item["status"]] = statuses.get(item["status"], 0) + 1
                    key = (post["platform"], post["external_id"])
                    if key in acked:
                        assert (item["status"], item["id"]) == ("duplicate", acked[key])
            again = client.post("/v1/posts", json={"posts": batch(0)}).json()
            assert again["duplicate"] == BATCH and again["created"] == 0
    final = integrity(url)
    assert final["posts"] == sent * BATCH and final["integrity_check"] == "ok" and final["posts_without_suggestion"] == 0
    print(
        f"\n{label}: {len(acked)} posts acknowledged before kill -9, {len(acked) - len(missing)} present after restart "
        f"({after['posts']} stored: the batch in flight {'was' if after['posts'] > len(acked) else 'was not'} committed); "
        f"integrity check ({'PRAGMA integrity_check' if url.startswith('sqlite') else 'amcheck: heaps and btree indexes'}) {after['integrity_check']}; re-ingest of {sent} batches: {statuses}; {final['posts']} posts, no duplicates"
    )


def test_kill_9_during_ingest_sqlite(tmp_path):
    crash_and_recover(f"sqlite:///{tmp_path / 'review.db'}", "sqlite")


@pytest.mark.postgres
def test_kill_9_during_ingest_postgres():
    with postgres_database("crash") as url:
        crash_and_recover(url, "postgres", kill_after=320)
