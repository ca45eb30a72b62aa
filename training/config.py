"""Experiment configs: one YAML file, validated by a typed schema before any work starts.

The loader is the project's one config loader, ``models.config`` (``load_config``, dotted
overrides, ``ConfigError`` naming each bad field); this module keeps the training names:
``load_config(path, overrides, Schema)`` (``--set train.epochs=3`` arrives as ``("train.epochs", "3")``)
and ``config_kind(path)`` (``baseline`` or ``transformer``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from polarscan.models import config as _config
from polarscan.models.config import ConfigError, parse_overrides  # noqa: F401  (the training CLI's names)

REPO_ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T", bound=BaseModel)


def load_config(path: Path | str, overrides: Iterable[tuple[str, str]] = (), schema: type[T] | None = None) -> T | dict[str, Any]:
    """The validated config (``schema``), or the raw mapping with overrides applied (no schema)."""
    if schema is None:
        return _config.apply_overrides(_config.read_yaml(path), overrides)
    return _config.load_config(path, schema, overrides)


def config_kind(path: Path | str) -> str:
    kind = _config.read_yaml(path).get("kind")
    if kind not in ("baseline", "transformer"):
        raise ConfigError(f"{path}: `kind` must be 'baseline' or 'transformer', got {kind!r}")
    return kind
