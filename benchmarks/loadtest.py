"""Loopback load test of the served API, with the in-process predictor as the yardstick.

Starts ``polarscan serve`` on 127.0.0.1 (a free port, a throw-away SQLite database, the bundle
given), then runs, one after the other, bounded scenarios of concurrent clients on kept-alive
connections (a minimal asyncio HTTP/1.1 client, so the load generator costs little CPU):

* 1, 8 and 32 clients each sending single posts (``{"text": ...}``) to ``/v1/classify``;
* 1 and 4 clients each sending batches of 32 posts (``{"texts": [...]}``);

and prints posts/s, p50/p99 latency per request, errors and the server's RSS (current and peak)
per scenario, then the in-process ``Predictor.classify`` at batch 32 (same posts, same threads)
and the ratio of 32 single-post clients to it. Every scenario stops after ``--seconds`` or
``--requests``, whichever comes first; the whole run after ``--max-seconds``; the server is
stopped at the end whatever happens. Loopback only: it never connects anywhere else.

    .venv/bin/python benchmarks/loadtest.py --bundle models/default
    .venv/bin/python benchmarks/loadtest.py --bundle models/default --server-env POLARSCAN_BATCHING=false   # before
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

HOST = "127.0.0.1"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(q / 100 * (len(values) - 1)))))]


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of ``pid`` in MB (Linux /proc)."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                out[key] = int(value.split()[0]) / 1024
    except OSError:
        return float("nan"), float("nan")
    return out.get("VmRSS", float("nan")), out.get("VmHWM", float("nan"))


class Client:
    """One kept-alive HTTP/1.1 connection to the loopback server."""

    def __init__(self, port: int, key: str) -> None:
        self.port, self.key = port, key
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(HOST, self.port)

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.writer is None or self.writer.is_closing():
            await self.connect()
        head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nX-API-Key: {self.key}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        self.writer.write(head + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.writer.close()
            self.writer = None
        return status, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except Exception:
                pass


async def scenario(port: int, key: str, posts: list[str], clients: int, per_request: int, seconds: float, max_requests: int) -> dict:
    latencies: list[float] = []
    errors = 0
    sent = 0
    stop_at = time.perf_counter() + seconds
    counter = iter(range(10**9))

    async def one(c: int) -> None:
        nonlocal errors, sent
        client = Client(port, key)
        try:
            while time.perf_counter() < stop_at and sent < max_requests:
                sent += 1
                i = next(counter)
                if per_request == 1:
                    body = json.dumps({"text": posts[i % len(posts)]}).encode()
                else:
                    start = (i * per_request) % len(posts)
                    batch = (posts[start:] + posts)[:per_request]
                    body = json.dumps({"texts": batch}).encode()
                t = time.perf_counter()
                try:
                    status, data = await asyncio.wait_for(client.post("/v1/classify", body), timeout=60)
                    ok = status == 200 and data.count(b'"index"') == per_request
                except Exception:
                    ok = False
                    await client.close()
                    client = Client(port, key)
                latencies.append((time.perf_counter() - t) * 1000)
                if not ok:
                    errors += 1
        finally:
            await client.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(one(c) for c in range(clients)))
    wall = time.perf_counter() - t0
    done = len(latencies)
    return {"requests": done, "posts": done * per_request, "seconds": wall, "posts_per_s": done * per_request / wall,
            "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99), "errors": errors}


def predictor_class(repo: Path):
    """``Predictor`` of the checkout ``repo`` (first on sys.path): ``polarscan.models.predictor``, or
    ``models.predictor`` in a checkout from before the ``polarscan.*`` import name (no package-dir
    mapping in its pyproject.toml). Refuses a module loaded from anywhere else (e.g. this checkout's
    editable install standing in for a name the other checkout lacks)."""
    import importlib

    mapped = '"polarscan.models" = "models"' in (repo / "pyproject.toml").read_text(encoding="utf-8")
    module = importlib.import_module("polarscan.models.predictor" if mapped else "models.predictor")
    if not Path(module.__file__).resolve().is_relative_to(repo.resolve()):
        raise SystemExit(f"{module.__name__} was loaded from {module.__file__}, not from the server's checkout {repo}")
    return module.Predictor


def in_process(bundle: str, posts: list[str], threads: int, seconds: float) -> dict:
    import resource

    Predictor = predictor_class(Path(sys.path[0]))
    predictor = Predictor.from_bundle(bundle, threads=threads)
    predictor.classify(posts[:32])
    latencies = []
    n = 0
    t0 = time.perf_counter()
    stop_at = t0 + seconds
    i = 0
    while time.perf_counter() < stop_at:
        batch = (posts[i:] + posts)[:32]
        t = time.perf_counter()
        predictor.classify(batch)
        latencies.append((time.perf_counter() - t) * 1000)
        n += 32
        i = (i + 32) % len(posts)
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"requests": len(latencies), "posts": n, "seconds": wall, "posts_per_s": n / wall,
            "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99), "errors": 0, "rss_mb": rss, "peak_rss_mb": rss}


def in_process_subprocess(repo: Path, bundle: str, posts: list[str], threads: int, seconds: float) -> dict:
    """``in_process`` in a fresh process importing the predictor of ``repo`` (the server's checkout)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(posts, fh, ensure_ascii=False)
    try:
        out = subprocess.run([sys.executable, __file__, "--_inprocess", str(repo.resolve()), bundle, fh.name, str(threads), str(seconds)],
                             capture_output=True, text=True, check=True)
    finally:
        os.unlink(fh.name)
    return json.loads(out.stdout.strip().splitlines()[-1])


def parse_args(argv) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bundle", default=str(REPO / "models" / "default"))
    ap.add_argument("--corpus", default=str(REPO / "data" / "corpus" / "corpus.jsonl"))
    ap.add_argument("--posts", type=int, default=2000, help="distinct posts to send (sampled from dev+test)")
    ap.add_argument("--seconds", type=float, default=15.0, help="each scenario stops after this long")
    ap.add_argument("--requests", type=int, default=5000, help="... or after this many requests")
    ap.add_argument("--max-seconds", type=float, default=600.0, help="the whole run stops after this long")
    ap.add_argument("--single", default="1,8,32", help="concurrent single-post clients, one scenario each")
    ap.add_argument("--batch-clients", default="1,4", help="concurrent batch-32 clients, one scenario each")
    ap.add_argument("--threads", type=int, default=0, help="in-process predictor threads (0: every available core)")
    ap.add_argument("--server-env", action="append", default=[], help="KEY=VALUE for the server (e.g. POLARSCAN_BATCHING=false)")
    ap.add_argument("--server-repo", type=Path, default=REPO,
                    help="run the server from this checkout (e.g. an older commit from `git archive`, for a before/after table): "
                         "`python -m polarscan serve` with PYTHONPATH and cwd set to it, whose polarscan/__init__.py maps "
                         "polarscan.models etc. to its own folders (older checkouts: their bare models/serving on PYTHONPATH)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    return ap.parse_args(argv)


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_inprocess"]:
        repo, bundle, posts_file, threads, seconds = argv[1:6]
        sys.path.insert(0, repo)
        print(json.dumps(in_process(bundle, json.loads(Path(posts_file).read_text(encoding="utf-8")), int(threads), float(seconds))))
        return
    from benchmarks.bench import load_posts

    args = parse_args(argv)

    from polarscan.models.predictor import available_cores

    sys.path.insert(0, str(REPO / "tests"))
    from live_server import free_port, wait_ready  # the test suite's server helpers (tests/live_server.py), as soak.py

    threads = args.threads or available_cores()
    posts, source = load_posts(Path(args.corpus), args.posts, args.seed)
    posts = [p[:5000] for p in posts if p.strip()]
    start_all = time.perf_counter()
    port = free_port()
    tmp = tempfile.TemporaryDirectory()
    env = {**os.environ, "POLARSCAN_DATABASE_URL": f"sqlite:///{Path(tmp.name) / 'load.db'}", "POLARSCAN_ENVIRONMENT": "development",
           "POLARSCAN_HOST": HOST, "POLARSCAN_PORT": str(port), "POLARSCAN_BUNDLE_PATH": args.bundle}
    for item in args.server_env:
        key, _, value = item.partition("=")
        env[key] = value
    key = env.get("POLARSCAN_DEV_ADMIN_KEY", "polarscan-dev-admin")  # not rate-limited (demo keys are)
    log = open(Path(tmp.name) / "server.log", "w")
    env["PYTHONPATH"] = str(args.server_repo.resolve())
    server = subprocess.Popen([sys.executable, "-m", "polarscan", "serve"], cwd=args.server_repo, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    rows = []
    try:
        try:
            wait_ready(f"http://{HOST}:{port}", timeout=300, proc=server)
        except (RuntimeError, TimeoutError) as exc:
            raise SystemExit(f"{exc}; see {log.name}") from None
        asyncio.run(scenario(port, key, posts, 4, 1, 3, 100))  # warm-up
        plan = [(f"{n} single-post client{'s' if n > 1 else ''}", n, 1) for n in map(int, filter(None, args.single.split(",")))]
        plan += [(f"{n} batch-32 client{'s' if n > 1 else ''}", n, 32) for n in map(int, filter(None, args.batch_clients.split(",")))]
        for name, clients, per_request in plan:
            if time.perf_counter() - start_all > args.max_seconds:
                print(f"stopping: --max-seconds {args.max_seconds:.0f} reached")
                break
            result = asyncio.run(scenario(port, key, posts, clients, per_request, args.seconds, args.requests))
            result["rss_mb"], result["peak_rss_mb"] = rss_mb(server.pid)
            rows.append((name, result))
            print(f"{name}: {json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()})}", flush=True)
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/readyz", timeout=5) as r:
                ready = json.loads(r.read())
        except Exception:
            ready = {}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
        log.close()
        server_log = (Path(tmp.name) / "server.log").read_text(errors="replace")
        tmp.cleanup()
    inproc = in_process_subprocess(args.server_repo, args.bundle, posts, threads, args.seconds)
    rows.append((f"in-process Predictor.classify, batch 32 ({threads} threads)", inproc))

    chars = sorted(len(p) for p in posts)
    print()
    print(f"bundle {args.bundle} ({ready.get('model', {}).get('id', '?')}); {len(posts)} posts from {source}, chars p50 "
          f"{chars[len(chars) // 2]} p90 {chars[int(len(chars) * 0.9)]}; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs ({available_cores()} available); server {args.server_repo}, env: {' '.join(args.server_env) or 'defaults'}; "
          f"each scenario {args.seconds:.0f} s or {args.requests} requests")
    print("| clients | requests | posts/s | p50 ms | p99 ms | errors | server RSS MB (peak) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        print(f"| {name} | {r['requests']} | {r['posts_per_s']:.1f} | {r['p50_ms']:.0f} | {r['p99_ms']:.0f} | {r['errors']} | "
              f"{r['rss_mb']:.0f} ({r['peak_rss_mb']:.0f}) |")
    by_name = dict(rows)
    single32 = next((r for n, r in rows if n.startswith("32 single")), None)
    if single32:
        print(f"32 single-post clients / in-process batch 32: {single32['posts_per_s'] / inproc['posts_per_s']:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"rows": by_name, "bundle": args.bundle, "server_env": args.server_env}, indent=2))
    if any(r["errors"] for _, r in rows):
        print("errors: see the server log tail below\n" + server_log[-3000:])


if __name__ == "__main__":
    main()
