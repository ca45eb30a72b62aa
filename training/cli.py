"""`polarscan train` and `polarscan export`: thin wrappers that dispatch on the config's `kind`."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def train(ctx: click.Context, config: Path) -> None:
    """Train a model from a config file (configs/baseline.yaml, configs/transformer.yaml).

    Any value can be overridden: `polarscan train configs/baseline.yaml --classifier.C 4`.
    """
    from training.config import ConfigError, config_kind, parse_overrides

    try:
        overrides = parse_overrides(ctx.args)
        kind = config_kind(config)
        if kind == "baseline":
            from training.baseline import train_from_config
        else:
            from training.transformer.train import train_from_config
        result = train_from_config(config, overrides)
    except (ConfigError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None
    bundle_dir = getattr(result, "bundle_dir", None)
    click.echo(f"done in {getattr(result, 'seconds', 0):.0f}s" + (f": bundle {bundle_dir} (metrics in its metrics.json and MODEL_CARD.md)" if bundle_dir else f": {result}"))


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--quantize/--no-quantize", default=True, show_default=True, help="dynamic int8 quantisation (transformer)")
def export(run_dir: Path, out_dir: Path, quantize: bool) -> None:
    """Export a transformer training run (checkpoint) as an ONNX bundle.

    The baseline is exported to a bundle by `polarscan train` itself.
    """
    from training.transformer.export import export_run

    bundle = export_run(run_dir, out_dir, quantize=quantize)
    click.echo(f"bundle written: {getattr(bundle, 'path', bundle)}")


def register(cli: click.Group) -> None:
    cli.add_command(train)
    cli.add_command(export)
