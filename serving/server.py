"""Run the app with uvicorn, with deadlines for slow clients and a cap on connections.

uvicorn has a keep-alive timeout but no deadline for a request's headers or body, so a client that
opens a connection and sends nothing (or a few bytes at a time) holds it forever. The protocol
class below closes a connection whose request line and headers are not complete
``header_timeout_s`` after its first byte (or after the connection opened), and one whose body is
not complete ``body_timeout_s`` after its headers. ``max_connections`` caps open connections:
beyond it uvicorn answers 503. Behind a reverse proxy, set the proxy's own limits too
(docs/review.md, "Deployment").
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("polarscan.server")


def guarded_protocol(header_timeout_s: float, body_timeout_s: float) -> type:
    """uvicorn's h11 protocol with a header deadline and a body deadline per request."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._deadline: Any = None
            self._phase: str | None = None

        def _arm(self, phase: str, seconds: float) -> None:
            self._disarm()
            self._phase = phase
            self._deadline = self.loop.call_later(seconds, self._expired)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            self._deadline, self._phase = None, None

        def _expired(self) -> None:
            phase, self._deadline, self._phase = self._phase, None, None
            if self.transport is None or self.transport.is_closing():
                return
            log.info("closing a stalled connection from %s: %s not complete in time", self.client, "request headers" if phase == "header" else "request body")
            self.transport.close()

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm("header", header_timeout_s)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.transport.is_closing():
                self._disarm()
                return
            state = self.conn.their_state
            if state is h11.SEND_BODY:
                if self._phase != "body":
                    self._arm("body", body_timeout_s)
            elif state is h11.IDLE:
                if self._phase != "header":  # the first bytes of a new request on a kept-alive connection
                    self._arm("header", header_timeout_s)
            else:  # the request is complete (the app runs; keep-alive covers the time after it)
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return GuardedH11Protocol


def make_config(app: Any, settings: Any, **overrides: Any):
    """The uvicorn configuration for ``app`` from ``settings`` (host, port, deadlines, caps)."""
    import uvicorn

    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": "info",
        "http": guarded_protocol(settings.header_timeout_s, settings.body_timeout_s),
        "limit_concurrency": settings.max_connections,
        "timeout_keep_alive": settings.keepalive_timeout_s,
        "backlog": 2048,
    }
    options.update(overrides)
    return uvicorn.Config(app, **options)


def run(app: Any, settings: Any, **overrides: Any) -> None:
    import uvicorn

    uvicorn.Server(make_config(app, settings, **overrides)).run()
