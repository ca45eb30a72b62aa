"""``polarscan data build``, ``polarscan data add`` and ``polarscan data train-langid`` (thin wrappers)."""

from __future__ import annotations

from pathlib import Path

import click


def register(cli: click.Group) -> None:
    cli.add_command(data)


@click.group()
def data() -> None:
    """Build the training corpus from the public data sets and your own files; train the language identifier."""


@data.command("build")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Data config (default configs/data.yaml).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: the config's `out`, data/corpus).")
@click.option("--sources", default=None, help="Comma-separated subset of the config's sources.")
@click.option("--shared-data", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of the public data sets (overrides the config and POLARSCAN_SHARED_DATA).")
@click.option("--with-reviews", "reviews", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A review export (`polarscan review export --out FILE`) read as source `review` (priority 10).")
@click.option("--user-sources", "user_sources", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="User sources file written by `polarscan data add` (default: user_sources.yaml next to the config).")
def build_cmd(config_path: Path | None, out: Path | None, sources: str | None, shared_data: Path | None,
              reviews: Path | None, user_sources: Path | None) -> None:
    """Read every source, normalise, deduplicate, split; write corpus.jsonl and table.md/json.

    Own files registered with `polarscan data add` are included; --with-reviews adds reviewer decisions."""
    from polarscan.models.tables import TableError
    from polarscan.training.corpus.build import build_corpus
    from polarscan.training.corpus.config import DEFAULT_CONFIG, load_config
    from polarscan.training.corpus.user_sources import sources_file_for, with_user_sources

    config_path = config_path or DEFAULT_CONFIG
    try:
        config = load_config(config_path, out=out)
        config = with_user_sources(config, user_sources or sources_file_for(config_path), reviews=reviews)
    except (ValueError, TableError) as exc:
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


def _label_cols(items: tuple[str, ...]) -> dict[str, str]:
    """``--label-col LABEL=COLUMN`` values (``models.tables.parse_label_cols``; a malformed one is a usage error)."""
    from polarscan.models.tables import TableError, parse_label_cols

    try:
        return parse_label_cols(items)
    except TableError as exc:
        raise click.UsageError(str(exc)) from None


@data.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-col", required=True, help="Column holding the post text.")
@click.option("--label-col", "label_cols", multiple=True, required=True, metavar="LABEL=COLUMN",
              help="Our label and the column holding it (1/0/empty = unknown), repeatable: --label-col hateful=hs.")
@click.option("--lang-col", default=None, help="Column holding the language (nl, fr, ar, en, de, other); empty cells are detected.")
@click.option("--lang", type=click.Choice(["nl", "fr", "ar", "en", "de", "other"]), default=None,
              help="One language for every row (default: --lang-col, else detected).")
@click.option("--id-col", default=None, help="Column with a unique row id (default: the row number).")
@click.option("--split-col", default=None, help="Column holding train/dev/test; empty cells are hashed like other sources.")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default=None,
              help="One split for every row (default: --split-col, else hashed into train/dev/test with the build's fractions).")
@click.option("--name", default=None, help="Source name (default: from the file name).")
@click.option("--licence", default="unknown (set it in the card)", show_default=True, help="Licence written into the card.")
@click.option("--description", default=None, help="Card title (one line).")
@click.option("--card-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the dataset card is written (default datasets/cards/).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Data config the source is added to (default configs/data.yaml); the entry goes to user_sources.yaml beside it.")
@click.option("--replace", is_flag=True, help="Replace a user source of the same name.")
def add_cmd(file: Path, text_col: str, label_cols: tuple[str, ...], lang_col: str | None, lang: str | None,
            id_col: str | None, split_col: str | None, split: str | None, name: str | None, licence: str,
            description: str | None, card_dir: Path | None, config_path: Path | None, replace: bool) -> None:
    """Register a labelled CSV, TSV, JSONL or Parquet FILE as a corpus source (checked now, read by every build).

    Example: polarscan data add posts.csv --text-col message --label-col hateful=hate --label-col offensive=abuse --lang nl
    """
    from polarscan.models.tables import TableError
    from polarscan.training.corpus.config import DEFAULT_CONFIG, load_config
    from polarscan.training.corpus.user_sources import SourcesFileError, add_user_source, sources_file_for

    config_path = config_path or DEFAULT_CONFIG
    try:
        config = load_config(config_path)
        reserved = config.source_names()
        result = add_user_source(file, text_col=text_col, label_cols=_label_cols(label_cols), name=name, lang_col=lang_col,
                                 lang=lang, id_col=id_col, split_col=split_col, split=split,
                                 sources_file=sources_file_for(config_path), card_dir=card_dir, licence=licence,
                                 description=description, reserved=reserved, replace=replace)
    except (TableError, SourcesFileError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.summary())


@data.command("train-langid")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Weights file (default models/langid/langid_nb.npz).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/langid_eval.json"),
              help="Where the held-out accuracy is written (JSON).")
def train_langid_cmd(config_path: Path | None, out: Path | None, report: Path) -> None:
    """Train the char n-gram naive Bayes language identifier on source texts; report held-out accuracy."""
    from polarscan.training.corpus.config import DEFAULT_CONFIG, load_config
    from polarscan.training.corpus.langid_train import train_langid

    config = load_config(config_path or DEFAULT_CONFIG)
    result = train_langid(config, out=out, report=report)
    click.echo(result.summary())
