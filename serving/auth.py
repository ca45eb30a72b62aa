"""API-key authentication, role checks and the demo rate limit, as FastAPI dependencies.

A key is sent as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``. Which roles may call
which endpoint is declared next to each route with ``Depends(require(...))``; the full table is in
``docs/review.md`` and is tested endpoint by endpoint in ``tests/test_review_api.py``.

Serving-wide: the public classify route, the admin routes and the review API all depend on it.
Keys are rows of the server's database (``serving.review.models.ApiKey``, opened by
``serving.review.db``); ``serving.keys`` creates, checks and revokes them.
"""

from __future__ import annotations

import threading
import time
from typing import Annotated, Callable, Iterator

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from polarscan.serving.errors import Forbidden, RateLimited, Unauthorized, Unavailable
from polarscan.serving.review.db import Database
from polarscan.serving.keys import Principal, authenticate, hash_token
from polarscan.serving.settings import DEV_TOKENS

CLASSIFY_ROLES = ("admin", "reviewer", "ingest", "demo")
REVIEW_ROLES = ("admin", "reviewer")
INGEST_ROLES = ("admin", "ingest")
ADMIN_ROLES = ("admin",)


class TokenBucket:
    """In-memory token buckets per key: ``burst`` requests at once, refilled at ``rate_per_minute``."""

    def __init__(self, rate_per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: int) -> float:
        """0.0 when a request may pass, else the seconds to wait before the next one."""
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate if self.rate > 0 else float("inf")


class KeyCache:
    """Keys that authenticated recently, by token hash, for ``ttl_s`` seconds (0 turns it off).

    Without it every request reads the key table; with many single-post clients that read is a
    measurable share of a classify call (``benchmarks/loadtest.py``). Only successful look-ups are
    kept (an unknown token is looked up every time, so garbage tokens cannot fill the cache), at
    most ``max_entries``. Revoking a key through this process's API clears the cache at once; a key
    revoked elsewhere (the CLI, another server process) stops working within ``ttl_s``."""

    def __init__(self, ttl_s: float, max_entries: int = 1024, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = float(ttl_s)
        self.max_entries = max_entries
        self.clock = clock
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def get(self, token_hash: str) -> Principal | None:
        if self.ttl_s <= 0:
            return None
        with self._lock:
            hit = self._entries.get(token_hash)
            if hit is None:
                return None
            if self.clock() >= hit[1]:
                del self._entries[token_hash]
                return None
            return hit[0]

    def put(self, token_hash: str, principal: Principal) -> None:
        if self.ttl_s <= 0:
            return
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[token_hash] = (principal, self.clock() + self.ttl_s)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def get_database(request: Request) -> Database:
    db = getattr(request.app.state, "review_db", None)
    if db is None:
        raise Unavailable("the review database is not open yet")
    return db


def get_session(db: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    with db.session() as session:
        yield session


# Declared as security schemes so that /docs shows which routes need a key and offers "Authorize".
_bearer = HTTPBearer(auto_error=False, description="an API key: `Authorization: Bearer <key>`")
_x_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="an API key: `X-API-Key: <key>`")


async def current_principal(
    request: Request,
    db: Annotated[Database, Depends(get_database)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    x_api_key: Annotated[str | None, Depends(_x_api_key)],
) -> Principal:
    """The caller's key, from the cache (no thread hop, no database read) or the key table."""
    token = (bearer.credentials.strip() if bearer else None) or x_api_key or None
    if token is None:
        raise Unauthorized("this endpoint needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
    if request.app.state.settings.environment == "production" and token in DEV_TOKENS:
        raise Unauthorized("development default keys are refused in production; ask an admin for a key (`polarscan keys create`)")
    cache: KeyCache | None = getattr(request.app.state, "key_cache", None)
    token_hash = hash_token(token)
    principal = cache.get(token_hash) if cache is not None else None
    if principal is None:

        def lookup() -> Principal | None:
            with db.session() as session:
                return authenticate(session, token)

        principal = await run_in_threadpool(lookup)
        if principal is not None and cache is not None:
            cache.put(token_hash, principal)
    if principal is None:
        raise Unauthorized("unknown or revoked API key; ask an admin for a key (`polarscan keys create`)")
    request.state.principal = principal
    return principal


def require(*roles: str) -> Callable[..., Principal]:
    """A dependency that lets only ``roles`` through (403 otherwise); demo keys are rate-limited."""

    async def dependency(request: Request, principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in roles:
            raise Forbidden(f"role {principal.role!r} may not call this endpoint; it needs one of {list(roles)}")
        if principal.role == "demo":
            wait = request.app.state.demo_rate_limiter.take(principal.key_id)
            if wait > 0:
                raise RateLimited(f"demo keys are rate-limited; retry in {wait:.1f} s", details={"retry_after_s": round(wait, 1)})
        return principal

    dependency.__name__ = "require_" + "_".join(roles)
    return dependency
