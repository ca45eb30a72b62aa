"""`polarscan serve`: run the API with uvicorn."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default=None, help="bind address (default POLARSCAN_HOST or 127.0.0.1)")
@click.option("--port", default=None, type=int, help="port (default POLARSCAN_PORT or 8000)")
@click.option("--bundle", "bundle_path", default=None, help="model bundle folder (default POLARSCAN_BUNDLE_PATH or models/default)")
def serve(host: str | None, port: int | None, bundle_path: str | None) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    from polarscan.models.bundle import BundleError, load_bundle
    from polarscan.serving.app import create_app
    from polarscan.serving.server import run
    from polarscan.serving.settings import Settings

    overrides = {k: v for k, v in {"host": host, "port": port, "bundle_path": bundle_path}.items() if v is not None}
    settings = Settings(**overrides)
    try:
        load_bundle(settings.bundle_path)  # fail fast with a clear message before uvicorn starts
    except BundleError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"polarscan: serving {settings.bundle_path} on http://{settings.host}:{settings.port} (docs: /docs)")
    click.echo(f"polarscan: review UI http://{settings.host}:{settings.port}/ui/ , database {settings.database_url}")
    if settings.environment == "development":
        click.echo(f"polarscan: development keys (docs/review.md): admin {settings.dev_admin_key!r}, demo {settings.demo_key!r}")
    run(create_app(settings), settings)  # uvicorn with header/body deadlines and a connection cap


def register(cli: click.Group) -> None:
    cli.add_command(serve)
