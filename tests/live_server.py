"""Helpers for tests that talk to a real HTTP server: a uvicorn server in a thread of the test
process, a child server process (killable with SIGKILL), and throwaway PostgreSQL databases."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Iterator

import httpx

TESTS = Path(__file__).resolve().parent
REPO_ROOT = TESTS.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base_url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server process exited with {proc.returncode} before it was ready")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{base_url} not ready after {timeout} s")


@contextlib.contextmanager
def thread_server(app, **config) -> Iterator[str]:
    """Run ``app`` in a background thread with the production uvicorn configuration
    (``serving.server.make_config``; ``config`` overrides it); yields the base URL."""
    import uvicorn

    from polarscan.serving.server import make_config

    port = free_port()
    server = uvicorn.Server(make_config(app, app.state.settings, **{"host": "127.0.0.1", "port": port, "log_level": "warning", **config}))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@contextlib.contextmanager
def child_server(database_url: str, *, env: dict[str, str] | None = None, predictor: str = "stub", extra: list[str] | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """A child process serving the app (stub predictor) through ``serving.server.run``; yields (base URL, process).

    The process is killed (SIGKILL) if still alive on exit.
    """
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": f"{TESTS}{os.pathsep}{REPO_ROOT}", **(env or {})}
    cmd = [sys.executable, str(TESTS / "stub_server.py"), "--database-url", database_url, "--port", str(port), "--predictor", predictor, *(extra or [])]
    proc = subprocess.Popen(cmd, env=environment, cwd=str(REPO_ROOT), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, timeout=180, proc=proc)  # generous: CI machines may be busy
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()


@contextlib.contextmanager
def postgres_database(tag: str) -> Iterator[str]:
    """A throwaway PostgreSQL database beside ``POLARSCAN_TEST_PG_URL`` (dropped afterwards)."""
    from review_support import _postgres_url
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(_postgres_url())
    name = f"{url.database or 'polarscan_test'}_{tag}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
