"""``polarscan data build`` and ``polarscan data train-langid`` (thin wrappers)."""

from __future__ import annotations

from pathlib import Path

import click


def register(cli: click.Group) -> None:
    cli.add_command(data)


@click.group()
def data() -> None:
    """Build the training corpus from the public data sets; train the language identifier."""


@data.command("build")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Data config (default configs/data.yaml).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: the config's `out`, data/corpus).")
@click.option("--sources", default=None, help="Comma-separated subset of the config's sources.")
@click.option("--shared-data", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of the public data sets (overrides the config and POLARSCAN_SHARED_DATA).")
def build_cmd(config_path: Path | None, out: Path | None, sources: str | None, shared_data: Path | None) -> None:
    """Read every source, normalise, deduplicate, split; write corpus.jsonl and table.md/json."""
    from training.corpus.build import build_corpus
    from training.corpus.config import DEFAULT_CONFIG, load_config

    try:
        config = load_config(config_path or DEFAULT_CONFIG, out=out)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    shared_data = shared_data.resolve() if shared_data is not None else None
    subset = [s.strip() for s in sources.split(",") if s.strip()] if sources else None
    click.echo(f"shared data: {config.resolved_shared_data(shared_data)}")
    try:
        result = build_corpus(config, sources=subset, shared_data=shared_data)
    except (ValueError, FileNotFoundError, KeyError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.table_markdown)
    click.echo(
        f"read {result.read:,} rows; dropped {result.dropped_empty:,} empty or unlabelled, {result.dropped_exact:,} exact and "
        f"{result.dropped_near:,} near duplicates ({result.label_conflicts:,} label conflicts kept the keeper's "
        f"value); wrote {result.rows:,} rows to {result.corpus_path} in {result.seconds:.0f} s"
    )


@data.command("train-langid")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Weights file (default models/langid/langid_nb.npz).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/langid_eval.json"),
              help="Where the held-out accuracy is written (JSON).")
def train_langid_cmd(config_path: Path | None, out: Path | None, report: Path) -> None:
    """Train the char n-gram naive Bayes language identifier on source texts; report held-out accuracy."""
    from training.corpus.config import DEFAULT_CONFIG, load_config
    from training.corpus.langid_train import train_langid

    config = load_config(config_path or DEFAULT_CONFIG)
    result = train_langid(config, out=out, report=report)
    click.echo(result.summary())
