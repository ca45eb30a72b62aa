"""The reviewers' web UI: static HTML/JS/CSS served at ``/ui/``, no build step, nothing loaded
from the internet (a Content-Security-Policy of 'self' makes the browser enforce it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

STATIC = Path(__file__).resolve().parent / "static"
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"


def mount_ui(app: Any) -> None:
    from fastapi.staticfiles import StaticFiles

    app.mount("/ui", StaticFiles(directory=STATIC, html=True), name="ui")

    @app.middleware("http")
    async def _ui_headers(request, call_next):
        response = await call_next(request)
        if request.url.path.startswith("/ui"):
            response.headers["Content-Security-Policy"] = CSP
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["Referrer-Policy"] = "no-referrer"
        return response
