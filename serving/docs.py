"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) that work with no internet.

FastAPI's own pages load their JavaScript and CSS (and ReDoc its Google fonts) from CDNs, so an
air-gapped server showed a blank page. Here both pages are FastAPI's HTML with every asset URL on
this server: the files come from the ``fastapi-offline`` wheel (a dependency; MIT; it ships
``swagger-ui-bundle.js``/``swagger-ui.css`` of Swagger UI, Apache-2.0, and
``redoc.standalone.js`` of ReDoc, MIT, with their licence notes in its dist-info), mounted at
``/docs-static``. ReDoc's vendor logo URL (cdn.redoc.ly) is replaced in the served script, so
neither page makes a request off this server. Nothing is read at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

DOCS_STATIC = "/docs-static"
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")


def assets_dir() -> Path:
    """The folder holding the Swagger UI and ReDoc files (from the installed ``fastapi-offline``)."""
    import fastapi_offline

    folder = Path(fastapi_offline.__file__).resolve().parent / "static"
    missing = [name for name in ASSETS if not (folder / name).is_file()]
    if missing:
        raise RuntimeError(f"fastapi-offline at {folder} lacks {missing}: reinstall it (pip install fastapi-offline)")
    return folder


def install_docs(app: Any, *, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Serve the assets at ``/docs-static`` and the two pages, built with local asset URLs only.
    Create the app with ``docs_url=None, redoc_url=None`` so FastAPI's CDN pages are not added."""
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
    from fastapi.staticfiles import StaticFiles
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response

    folder = assets_dir()
    patched: dict[str, bytes] = {}

    async def redoc_js(request: Request) -> Response:
        # ReDoc's sidebar loads its vendor logo from cdn.redoc.ly; point it nowhere (the <img> hides
        # itself on error), so the page makes no request off this server
        if "js" not in patched:
            patched["js"] = (folder / "redoc.standalone.js").read_bytes().replace(REDOC_LOGO, b"data:,")
        return Response(patched["js"], media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"})

    app.add_route(f"{DOCS_STATIC}/redoc.standalone.js", redoc_js, include_in_schema=False)  # before the mount: wins
    app.mount(DOCS_STATIC, StaticFiles(directory=folder), name="docs-static")

    def _page(request: Request, name: str) -> tuple[str, Callable[[str], str], dict[str, str]]:
        """The root path the app is served under, the URL of an asset file there, and the arguments
        both pages take (the OpenAPI URL under the root path, the title)."""
        root = request.scope.get("root_path", "").rstrip("/")
        return root, lambda file: f"{root}{DOCS_STATIC}/{file}", {"openapi_url": root + app.openapi_url, "title": f"{app.title} - {name}"}

    async def swagger_ui(request: Request) -> HTMLResponse:
        root, asset, page = _page(request, "Swagger UI")
        return get_swagger_ui_html(**page, swagger_js_url=asset("swagger-ui-bundle.js"), swagger_css_url=asset("swagger-ui.css"),
                                   swagger_favicon_url=asset("favicon.png"), oauth2_redirect_url=f"{root}{docs_url}/oauth2-redirect",
                                   swagger_ui_parameters=app.swagger_ui_parameters)

    async def swagger_ui_redirect(request: Request) -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    async def redoc(request: Request) -> HTMLResponse:
        _, asset, page = _page(request, "ReDoc")
        return get_redoc_html(**page, redoc_js_url=asset("redoc.standalone.js"), redoc_favicon_url=asset("favicon.png"),
                              with_google_fonts=False)

    app.add_route(docs_url, swagger_ui, include_in_schema=False)
    app.add_route(f"{docs_url}/oauth2-redirect", swagger_ui_redirect, include_in_schema=False)
    app.add_route(redoc_url, redoc, include_in_schema=False)
