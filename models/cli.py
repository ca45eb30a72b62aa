"""`polarscan classify`: score posts from arguments, a file or stdin with a bundle; JSON lines out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from polarscan.models.bundle import DEFAULT_BUNDLE


@click.command()
@click.argument("texts", nargs=-1)
@click.option("--bundle", "bundle_path", type=click.Path(path_type=Path), default=DEFAULT_BUNDLE, show_default=True, envvar="POLARSCAN_BUNDLE_PATH")
@click.option("--file", "file", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path),
              help="a CSV, TSV, JSONL or Parquet file (posts in --text-col), any other file: one post per line ('-' for stdin)")
@click.option("--text-col", default="text", show_default=True, help="column holding the posts in a CSV/TSV/JSONL/Parquet --file")
@click.option("--batch-size", default=64, show_default=True)
def classify(texts: tuple[str, ...], bundle_path: Path, file: Path | None, text_col: str, batch_size: int) -> None:
    """Score TEXTS (or --file, or stdin when no text is given); prints one JSON object per post."""
    from polarscan.models.bundle import BundleError
    from polarscan.models.predictor import Predictor
    from polarscan.models.tables import TableError, read_table, table_format

    if texts:
        items = list(texts)
    elif file is not None and str(file) != "-" and table_format(file) is not None:
        try:
            items = read_table(file).texts(text_col)  # the header is a header, not a post
        except TableError as exc:
            raise click.ClickException(str(exc)) from None
    else:
        if file is not None and str(file) != "-" and not file.is_file():
            raise click.BadParameter(f"{file}: no such file", param_hint="--file")
        source = (click.open_file(str(file), encoding="utf-8") if file is not None
                  else sys.stdin if not sys.stdin.isatty() else None)
        if source is None:
            raise click.UsageError("give texts as arguments, --file PATH, or pipe them on stdin")
        items = [line.rstrip("\n") for line in source]
    items = [t for t in items if t.strip()]
    if not items:
        raise click.UsageError("no non-empty text to classify")
    try:
        predictor = Predictor.from_bundle(bundle_path)
    except BundleError as exc:
        raise click.ClickException(str(exc)) from None
    for start in range(0, len(items), batch_size):
        chunk = items[start : start + batch_size]
        for text, result in zip(chunk, predictor.classify(chunk)):
            click.echo(json.dumps({"text": text, **result.to_dict(), "model": {"id": predictor.model_id, "version": predictor.model_version}}, ensure_ascii=False))


def register(cli: click.Group) -> None:
    cli.add_command(classify)
