"""`polarscan classify`: score posts from arguments, a file or stdin with a bundle; JSON lines out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from models.bundle import DEFAULT_BUNDLE



@click.command()
@click.argument("texts", nargs=-1)
@click.option("--bundle", "bundle_path", type=click.Path(path_type=Path), default=DEFAULT_BUNDLE, show_default=True, envvar="POLARSCAN_BUNDLE_PATH")
@click.option("--file", "file", type=click.File("r", encoding="utf-8"), help="one post per line ('-' for stdin)")
@click.option("--batch-size", default=64, show_default=True)
def classify(texts: tuple[str, ...], bundle_path: Path, file, batch_size: int) -> None:
    """Score TEXTS (or --file, or stdin when no text is given); prints one JSON object per post."""
    from models.bundle import BundleError
    from models.predictor import Predictor

    try:
        predictor = Predictor.from_bundle(bundle_path)
    except BundleError as exc:
        raise click.ClickException(str(exc)) from None
    if texts:
        items = list(texts)
    else:
        source = file or (sys.stdin if not sys.stdin.isatty() else None)
        if source is None:
            raise click.UsageError("give texts as arguments, --file PATH, or pipe them on stdin")
        items = [line.rstrip("\n") for line in source]
    items = [t for t in items if t.strip()]
    if not items:
        raise click.UsageError("no non-empty text to classify")
    for start in range(0, len(items), batch_size):
        chunk = items[start : start + batch_size]
        for text, result in zip(chunk, predictor.classify(chunk)):
            click.echo(json.dumps({"text": text, **result, "model": {"id": predictor.model_id, "version": predictor.model_version}}, ensure_ascii=False))


def register(cli: click.Group) -> None:
    cli.add_command(classify)
