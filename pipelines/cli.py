"""``polarscan train``, ``export`` and ``finalize``: thin wrappers over ``pipelines.train`` and
``pipelines.finalize`` (heavy imports inside the commands)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

QUANTIZE_CHOICES = ["weight_only", "weight_only_dequant", "static", "dynamic", "fp16", "fp32"]  # export.QUANTIZE_METHODS


def _log_to_stderr() -> None:
    """Training and export report progress through logging: show INFO lines on the terminal."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def train(ctx: click.Context, config: Path) -> None:
    """Train a model from a config file (configs/baseline.yaml, configs/transformer.yaml).

    Any value can be overridden: `polarscan train configs/baseline.yaml --classifier.C 4`.
    """
    from models.corpus import CorpusError
    from pipelines.train import train_from_config
    from training.config import ConfigError, parse_overrides

    _log_to_stderr()
    try:
        result = train_from_config(config, parse_overrides(ctx.args))
    except (ConfigError, CorpusError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"done: {result}")


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--quantize", type=click.Choice(QUANTIZE_CHOICES), default=None,
              help="quantisation (default: the run config's export.quantize, weight_only: int8 weights, batch-independent scores; "
                   "dynamic: the old dynamic int8, scores depend on the batch); see docs/quantization.md")
@click.option("--no-quantize", is_flag=True, help="same as --quantize fp32")
@click.option("--checkpoint", default="best", show_default=True, help="checkpoint folder inside RUN_DIR (best, last, epoch_N)")
@click.option("--trim-to", type=int, default=-1, help="trim the vocabulary to at most this many pieces (0: no trimming; default: the run config's export.trim_to)")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="corpus for dev/test (default: the run config's)")
def export(run_dir: Path, out_dir: Path, quantize: str | None, no_quantize: bool, checkpoint: str, trim_to: int, corpus: Path | None) -> None:
    """Export a transformer training run (checkpoint) as an ONNX bundle, calibrated on dev.

    The baseline is exported to a bundle by `polarscan train` itself.
    """
    from models.corpus import CorpusError
    from pipelines.train import export_bundle

    if no_quantize and quantize not in (None, "fp32"):
        raise click.UsageError("--no-quantize contradicts --quantize " + quantize)
    _log_to_stderr()
    try:
        bundle = export_bundle(run_dir, out_dir, quantize="fp32" if no_quantize else quantize, checkpoint=checkpoint,
                               trim_to=trim_to or None, corpus=corpus)
    except (FileNotFoundError, CorpusError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"bundle written: {bundle.path}")


@click.command()
@click.argument("bundle_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--data", "corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=Path("data/corpus/corpus.jsonl"), show_default=True)
@click.option("--description", default=None, help="model card description (default: the one stored in the manifest)")
@click.option("--reproduce", default=None, help="model card 'Reproduce' text (default: the one stored in the manifest)")
def finalize(bundle_dir: Path, corpus: Path, description: str | None, reproduce: str | None) -> None:
    """Calibrate and threshold BUNDLE on the corpus's dev split, rescore dev and test, rewrite its card.

    `polarscan train` does this for every bundle it writes; use it for a bundle exported elsewhere.
    """
    from pipelines.finalize import finalize_on_corpus

    try:
        bundle = finalize_on_corpus(bundle_dir, corpus, description=description, reproduce=reproduce)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"finalized {bundle.path}: metrics.json and MODEL_CARD.md rewritten")


def register(cli: click.Group) -> None:
    cli.add_command(finalize)
    cli.add_command(train)
    cli.add_command(export)
