"""Experiment configs: one YAML file, validated by a typed schema before any work starts.

``load_config(path, overrides, Schema)`` reads the YAML, applies dotted CLI overrides
(``--train.epochs 3`` arrives here as ``("train.epochs", "3")``; values are parsed as YAML
scalars), and validates with the pydantic ``Schema`` (``extra="forbid"``). A bad field is named
in the error together with what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

REPO_ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T", bound=BaseModel)


class ConfigError(ValueError):
    """A config file or override is invalid; the message names the field and the fix."""


def parse_overrides(args: Sequence[str]) -> list[tuple[str, str]]:
    """``["--train.epochs", "3", "--seed=7"]`` -> ``[("train.epochs", "3"), ("seed", "7")]``."""
    pairs: list[tuple[str, str]] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("--") or len(arg) < 3:
            raise ConfigError(f"unexpected argument {arg!r}: overrides look like --section.key VALUE")
        key = arg[2:]
        if "=" in key:
            key, value = key.split("=", 1)
            i += 1
        else:
            if i + 1 >= len(args):
                raise ConfigError(f"override --{key} has no value")
            value = args[i + 1]
            i += 2
        pairs.append((key.replace("-", "_"), value))
    return pairs


def apply_overrides(raw: dict[str, Any], overrides: Iterable[tuple[str, str]]) -> dict[str, Any]:
    for dotted, value in overrides:
        node = raw
        parts = dotted.split(".")
        for part in parts[:-1]:
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            if not isinstance(child, dict):
                raise ConfigError(f"override {dotted!r}: {part!r} is not a section")
            node = child
        node[parts[-1]] = yaml.safe_load(value) if value != "" else ""
    return raw


def load_config(path: Path | str, overrides: Iterable[tuple[str, str]] = (), schema: type[T] | None = None) -> T | dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    raw = apply_overrides(raw, overrides)
    if schema is None:
        return raw
    try:
        return schema.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            if err["type"] == "extra_forbidden":
                known = ", ".join(_fields_at(schema, err["loc"][:-1]))
                lines.append(f"  {where}: unknown field; known fields here: {known}")
            else:
                lines.append(f"  {where}: {err['msg']} (got {err.get('input')!r})")
        raise ConfigError(f"{path} is invalid:\n" + "\n".join(lines)) from None


def _fields_at(schema: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    model: Any = schema
    for part in loc:
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        model = field.annotation
    return sorted(getattr(model, "model_fields", {}))


def config_kind(path: Path | str) -> str:
    raw = load_config(path)
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind not in ("baseline", "transformer"):
        raise ConfigError(f"{path}: `kind` must be 'baseline' or 'transformer', got {kind!r}")
    return kind
