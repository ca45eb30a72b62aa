"""``create_app(settings)``: the FastAPI application. Nothing is loaded at import time."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from polarscan.serving.errors import error_body, install_error_handlers
from polarscan.serving.inputs import bad_url_target
from polarscan.serving.review.wiring import close_review, install_review, open_review
from polarscan.serving.settings import Settings

DESCRIPTION = """
polarscan scores Dutch (incl. Flemish), French and Arabic (incl. Darija/Arabizi) posts for
**hateful**, **offensive**, **polarising** and **violent** content, to rank them for human review.
People decide; the model only ranks and explains.

```
curl -s http://127.0.0.1:8000/v1/classify -H 'X-API-Key: polarscan-demo' -H 'content-type: application/json' \\
  -d '{"texts": ["Ik vind dit echt grappig", "Bonjour à tous", "هذا منشور عادي"]}'
```
"""


def create_app(settings: Settings | None = None, predictor=None) -> FastAPI:
    """Build the app. ``predictor`` may be injected (tests); otherwise the lifespan loads
    ``settings.bundle_path`` and refuses to start on a missing or tampered bundle."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from polarscan.serving.admin import install_reload_signal, load_bundle, remove_reload_signal, stop_retiring, with_batcher

        # every model call through one worker (serving/batcher.py); a reload builds the same (serving/admin.py)
        app.state.predictor, app.state.batcher = await with_batcher(settings, predictor if predictor is not None else load_bundle(settings))

        hup = install_reload_signal(app)  # SIGHUP reloads the bundle (serving/admin.py), as POST /v1/admin/reload-model
        try:
            open_review(app, settings)
            yield
            close_review(app)
        finally:
            if hup:
                remove_reload_signal()
            app.state.predictor = None
            await stop_retiring(app)
            if app.state.batcher is not None:  # the current one: a reload may have replaced the first
                await app.state.batcher.stop()

    # docs_url/redoc_url None: FastAPI's pages load Swagger UI/ReDoc from CDNs; serving/docs.py serves them offline
    app = FastAPI(title="polarscan", version="0.1.0", description=DESCRIPTION, lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.predictor = None
    app.state.batcher = None
    install_error_handlers(app)

    @app.middleware("http")
    async def limit_body_size(request: Request, call_next):
        refused = bad_url_target(request.scope.get("raw_path") or b"", request.scope.get("query_string") or b"")
        if refused is not None:
            return JSONResponse(error_body("bad_request", refused), status_code=400)
        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return JSONResponse(error_body("bad_request", "invalid Content-Length header"), status_code=400)
            if int(length) > settings.max_body_bytes:
                return JSONResponse(
                    error_body("payload_too_large", f"request body of {length} bytes exceeds {settings.max_body_bytes} (POLARSCAN_MAX_BODY_BYTES)"),
                    status_code=413,
                )
        elif request.method in ("POST", "PUT", "PATCH"):
            # Chunked body without a length: read it with a cap.
            body = b""
            async for chunk in request.stream():
                body += chunk
                if len(body) > settings.max_body_bytes:
                    return JSONResponse(error_body("payload_too_large", f"request body exceeds {settings.max_body_bytes} bytes"), status_code=413)
            request._body = body  # starlette reuses it for .json()
        return await call_next(request)

    from polarscan.serving.admin import router as admin_router
    from polarscan.serving.api import router

    app.include_router(router)
    app.include_router(admin_router)
    install_review(app, settings)
    from polarscan.serving.docs import install_docs

    install_docs(app)
    return app
