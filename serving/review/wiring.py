"""How the review workflow plugs into ``create_app``: routes, metrics, UI, and the database that
the lifespan opens (migrated to head) and closes."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from polarscan.serving.auth import KeyCache, TokenBucket

log = logging.getLogger("polarscan.review")
UI_DIR = Path(__file__).resolve().parent.parent / "ui"


def install_review(app: Any, settings: Any) -> None:
    """Routes, the demo rate limiter, ``/metrics`` and the web UI at ``/ui/``."""
    from fastapi.responses import RedirectResponse

    from polarscan.serving.review.api import router
    from polarscan.serving.review.metrics import install_metrics
    from polarscan.serving.ui import mount_ui

    app.state.review_db = None
    app.state.demo_rate_limiter = TokenBucket(settings.demo_rate_per_minute, settings.demo_burst)
    app.state.key_cache = KeyCache(settings.auth_cache_s)
    app.include_router(router)
    install_metrics(app)
    mount_ui(app)

    @app.get("/", include_in_schema=False)
    def _root() -> RedirectResponse:
        return RedirectResponse("/ui/")


def open_review(app: Any, settings: Any) -> None:
    """Open (and migrate) the database; in development make the documented dev keys exist."""
    from polarscan.serving import keys
    from polarscan.serving.review.db import open_database
    from polarscan.serving.settings import DEV_TOKENS

    db = open_database(settings.database_url)
    with db.session() as session:
        if settings.environment == "production":
            for key in keys.revoke_development_keys(session, DEV_TOKENS):
                log.warning("production: revoked API key %d %r (a development default; audited)", key.id, key.name)
        if settings.demo_key:
            keys.ensure_key(session, "demo", "demo", settings.demo_key)
        if settings.environment == "development" and settings.dev_admin_key:
            keys.ensure_key(session, "dev-admin", "admin", settings.dev_admin_key)
        session.commit()
    app.state.review_db = db


def close_review(app: Any) -> None:
    db = getattr(app.state, "review_db", None)
    if db is not None:
        db.close()
    app.state.review_db = None
