"""Soak test: the real server on loopback under a steady, bounded load for a fixed time.

Starts `polarscan serve` (the shipped bundle unless --bundle; a fresh SQLite database unless
--database-url) as a child process and sends requests at a fixed rate (open loop: a request is
sent on schedule whether or not earlier ones have returned, at most --max-in-flight at once),
mixing:

* classify  (demo-style single texts and small lists)
* ingest    (batches of 1-5 new posts, as the ingest key)
* queue     (a reviewer takes up to 5 posts)
* decision  (a reviewer decides a post the queue handed to it)

It reports, per kind and overall: requests, errors (5xx, connection failures, timeouts, and any
status a correct client should not see), p50/p95/p99 latency; requests not sent on time because
--max-in-flight were busy; and the server's RSS: after warm-up, at the end, peak, growth.
Texts are generated from a few templates (no data set rows). Not a test: run it by hand, on an
otherwise idle machine:

    .venv/bin/python benchmarks/soak.py --duration 600 --rate 8 [--out reports/soak.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TEMPLATES = {
    "nl": ["wat een mooie dag in {city}", "die {group} moeten allemaal weg uit {city}", "ik ga naar de markt in {city} met mijn buren",
           "{group} zijn ratten en parasieten", "het debat over {topic} was weer eens zinloos", "ik maak jullie allemaal af"],
    "fr": ["belle journée au marché de {city}", "les {group} sont des parasites", "le débat sur {topic} hier soir était long",
           "je vais tous vous tuer", "merci à tous pour votre aide à {city}", "eux contre nous, toujours les {group}"],
    "ar": ["صباح الخير يا اصدقاء", "مباراة رائعة اليوم في {city}", "هؤلاء خونة ويجب طردهم", "سوف اقتلكم جميعا", "شكرا لكم على المساعدة"],
}
FILL = {"city": ["Gent", "Antwerpen", "Bruxelles", "Liège", "Molenbeek"], "group": ["migranten", "moslims", "flamands", "wallons", "linksen"],
        "topic": ["de begroting", "l'école", "het verkeer", "la police"]}
MIX = (("classify", 0.4), ("ingest", 0.2), ("queue", 0.2), ("decision", 0.2))


def text(rng: random.Random) -> str:
    lang = rng.choice(list(TEMPLATES))
    template = rng.choice(TEMPLATES[lang])
    return template.format(**{k: rng.choice(v) for k, v in FILL.items()}) + rng.choice(["", " !", " ?!", " 😡", " ...", f" #{rng.randint(1, 99)}"])


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=600, help="seconds of load (default 600)")
    parser.add_argument("--rate", type=float, default=8, help="requests per second, fixed (default 8)")
    parser.add_argument("--max-in-flight", type=int, default=16, help="requests outstanding at most (default 16)")
    parser.add_argument("--warmup", type=float, default=30, help="seconds before the RSS baseline is taken (default 30)")
    parser.add_argument("--bundle", default=None, help="bundle to serve (default: the shipped default)")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file in a temp dir")
    parser.add_argument("--threads", type=int, default=1, help="POLARSCAN_ORT_THREADS for the server (default 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=None, help="write the report as JSON here too")
    args = parser.parse_args()

    import httpx

    from polarscan.serving.settings import DEV_ADMIN_KEY, DEV_DEMO_KEY

    sys.path.insert(0, str(REPO / "tests"))
    from live_server import free_port, wait_ready  # the test suite's server helpers (tests/live_server.py)

    workdir = Path(tempfile.mkdtemp(prefix="polarscan-soak-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "POLARSCAN_DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'soak.db'}", "POLARSCAN_ORT_THREADS": str(args.threads),
           "POLARSCAN_DEMO_RATE_PER_MINUTE": "1000000", "POLARSCAN_DEMO_BURST": "1000000"}
    cmd = [sys.executable, "-c", "from polarscan.cli import main; main()", "serve", "--port", str(port)] + (["--bundle", args.bundle] if args.bundle else [])
    server = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=open(workdir / "server.log", "wb"), stderr=subprocess.STDOUT)
    try:
        try:
            wait_ready(base, timeout=180, proc=server)
        except (RuntimeError, TimeoutError) as exc:
            raise SystemExit(f"{exc}; see {workdir / 'server.log'}") from None
        admin = {"X-API-Key": DEV_ADMIN_KEY}
        reviewers = [httpx.post(f"{base}/v1/keys", json={"name": f"soak-reviewer-{i}", "role": "reviewer"}, headers=admin).json()["token"] for i in range(4)]
        ingester = httpx.post(f"{base}/v1/keys", json={"name": "soak-ingest", "role": "ingest"}, headers=admin).json()["token"]
        report = run_load(args, base, reviewers, ingester, DEV_DEMO_KEY, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    print_report(report)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def run_load(args, base: str, reviewers: list[str], ingester: str, demo: str, pid: int) -> dict:
    """Drive the mixed load (ingest, queue/claim/decide, classify, demo) from a thread pool and count
    latencies, statuses and errors per kind. One function on purpose: the worker closures share its
    counters, lock and the hand-over list of claimed posts; split up, they would need a state object
    passed everywhere for no gain in a benchmark script."""
    import httpx

    rng = random.Random(args.seed)
    lock = threading.Lock()
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    attempts: dict[str, int] = defaultdict(int)
    handed: list[tuple[int, str]] = []  # (post id, reviewer token) waiting for a decision
    in_flight = threading.Semaphore(args.max_in_flight)
    late = [0]
    counter = [0]
    client = httpx.Client(base_url=base, timeout=httpx.Timeout(60.0), limits=httpx.Limits(max_connections=args.max_in_flight))

    def request(kind: str, n: int) -> None:
        local = random.Random(args.seed * 1_000_003 + n)
        with lock:
            attempts[kind] += 1
        started = time.perf_counter()
        try:
            if kind == "classify":
                body = {"text": text(local)} if local.random() < 0.7 else {"texts": [text(local) for _ in range(local.randint(2, 8))]}
                r = client.post("/v1/classify", json=body, headers={"X-API-Key": demo})
                ok = r.status_code == 200
            elif kind == "ingest":
                posts = [{"platform": "soak", "external_id": f"{n}-{i}", "author": f"@user{local.randint(1, 500)}", "text": text(local),
                          "url": f"https://x.com/user{local.randint(1, 500)}/status/{n}{i}"} for i in range(local.randint(1, 5))]
                r = client.post("/v1/posts", json={"posts": posts}, headers={"X-API-Key": ingester})
                ok = r.status_code == 200 and r.json()["created"] == len(posts)
            elif kind == "queue":
                token = local.choice(reviewers)
                r = client.get("/v1/review/queue", params={"limit": 5}, headers={"X-API-Key": token})
                ok = r.status_code == 200
                if ok:
                    with lock:
                        handed.extend((item["id"], token) for item in r.json()["items"])
            else:
                with lock:
                    job = handed.pop(0) if handed else None
                if job is None:  # nothing handed out yet: take one first
                    token = local.choice(reviewers)
                    r = client.get("/v1/review/queue", params={"limit": 1}, headers={"X-API-Key": token})
                    items = r.json()["items"] if r.status_code == 200 else []
                    job = (items[0]["id"], token) if items else None
                if job is None:
                    ok, r = True, None
                else:
                    post_id, token = job
                    action = local.choice([{"action": "confirm"}, {"action": "reject"}, {"action": "relabel", "labels": {"polarising": True}}, {"action": "escalate"}])
                    r = client.post(f"/v1/review/{post_id}/decision", json=action, headers={"X-API-Key": token})
                    ok = r.status_code in (200, 422)  # 422: confirm on a post the model did not flag (watch term): a client error by design
            elapsed = time.perf_counter() - started
            with lock:
                latencies[kind].append(elapsed)
                if r is not None:
                    statuses[kind][r.status_code] += 1
                if not ok:
                    errors[kind][f"status {r.status_code}" if r is not None else "no response"] += 1
        except Exception as exc:  # connection failures, timeouts
            with lock:
                errors[kind][type(exc).__name__] += 1
        finally:
            in_flight.release()

    rss: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample_rss() -> None:
        t0 = time.monotonic()
        while not stop.is_set():
            try:
                rss.append((time.monotonic() - t0, rss_mb(pid)))
            except OSError:
                return
            stop.wait(2.0)

    sampler = threading.Thread(target=sample_rss, daemon=True)
    sampler.start()
    kinds, weights = zip(*MIX)
    interval = 1.0 / args.rate
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.max_in_flight) as pool:
        n = 0
        while True:
            due = start + n * interval
            now = time.monotonic()
            if due - start >= args.duration:
                break
            if due > now:
                time.sleep(due - now)
            if not in_flight.acquire(timeout=max(0.0, interval)):
                late[0] += 1  # all slots busy: this request is skipped, counted as late
                n += 1
                continue
            counter[0] += 1
            pool.submit(request, rng.choices(kinds, weights)[0], n)
            n += 1
    stop.set()
    sampler.join()
    client.close()
    elapsed = time.monotonic() - start
    warm = [m for t, m in rss if t >= args.warmup] or [m for _, m in rss]
    per_kind = {}
    for kind in kinds:
        values = latencies[kind]
        per_kind[kind] = {
            "requests": attempts[kind],
            "errors": dict(errors[kind]),
            "statuses": {str(k): v for k, v in sorted(statuses[kind].items())},
            "p50_ms": round(percentile(values, 50) * 1000, 1),
            "p95_ms": round(percentile(values, 95) * 1000, 1),
            "p99_ms": round(percentile(values, 99) * 1000, 1),
        }
    every = [v for values in latencies.values() for v in values]
    return {
        "duration_s": round(elapsed, 1),
        "rate_per_s": args.rate,
        "requests_sent": counter[0],
        "skipped_in_flight_full": late[0],
        "errors": sum(sum(e.values()) for e in errors.values()),
        "p50_ms": round(percentile(every, 50) * 1000, 1),
        "p99_ms": round(percentile(every, 99) * 1000, 1),
        "per_kind": per_kind,
        "rss_mb": {
            "after_warmup": round(warm[0], 1) if warm else None,
            "end": round(rss[-1][1], 1) if rss else None,
            "peak": round(max(m for _, m in rss), 1) if rss else None,
            "growth_after_warmup": round(rss[-1][1] - warm[0], 1) if warm else None,
        },
    }


def print_report(r: dict) -> None:
    print(f"\nsoak: {r['duration_s']} s at {r['rate_per_s']}/s: {r['requests_sent']} requests, {r['errors']} errors, "
          f"{r['skipped_in_flight_full']} skipped (all slots busy); p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms")
    print(f"{'kind':<10}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for kind, k in r["per_kind"].items():
        print(f"{kind:<10}{k['requests']:>10}{sum(k['errors'].values()):>8}{k['p50_ms']:>9}{k['p95_ms']:>9}{k['p99_ms']:>9}  {k['statuses']} {k['errors'] or ''}")
    m = r["rss_mb"]
    print(f"server RSS: {m['after_warmup']} MB after warm-up, {m['end']} MB at the end, peak {m['peak']} MB, growth {m['growth_after_warmup']} MB")


if __name__ == "__main__":
    main()
