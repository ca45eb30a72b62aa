"""The one config loader: a YAML file, dotted overrides, a strict typed schema, one error format.

Every config (``configs/baseline.yaml``, ``transformer.yaml``, ``data.yaml``, ``evaluation.yaml``)
is read by ``load_config(path, schema, overrides)``:

* the schema derives from ``StrictModel`` (pydantic, ``extra="forbid"``): a misspelt field is an
  error, not a silent default;
* overrides are ``(dotted.key, value)`` pairs; a string value is parsed as a YAML scalar
  (``"3"`` -> 3, ``"null"`` -> None). On the command line every command that reads a config takes
  them in one spelling, ``--set section.key=VALUE`` (repeatable; ``parse_set``): ``polarscan train
  CONFIG --set train.epochs=3``, ``polarscan evaluate ... --set thresholds.strategy=best``. ``train``
  and ``retrain`` also still accept the older ``--section.key VALUE`` (``parse_overrides``);
* a bad file, override or field raises ``ConfigError`` naming the file, each bad field and the
  fix (the known fields where a field is unknown).

It lives on the ground floor because training and evaluation both load configs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError


class ConfigError(ValueError):
    """A config file or override is invalid; the message names the field and the fix."""


class StrictModel(BaseModel):
    """Base of every config section: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid")


T = TypeVar("T", bound=BaseModel)


SET_HELP = "override a config value: --set section.key=VALUE, VALUE read as YAML (repeatable)"


def parse_set(items: Iterable[str]) -> list[tuple[str, str]]:
    """The ``--set`` values: ``["train.epochs=3"]`` -> ``[("train.epochs", "3")]``."""
    pairs: list[tuple[str, str]] = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set expects section.key=VALUE (e.g. --set train.epochs=3), got {item!r}")
        pairs.append((key.strip(), value))
    return pairs


def parse_overrides(args: Sequence[str]) -> list[tuple[str, str]]:
    """The older spelling, left over arguments of ``train``/``retrain``:
    ``["--train.epochs", "3", "--seed=7"]`` -> ``[("train.epochs", "3"), ("seed", "7")]``."""
    pairs: list[tuple[str, str]] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("--") or len(arg) < 3:
            raise ConfigError(f"unexpected argument {arg!r}: overrides look like --set section.key=VALUE")
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


def apply_overrides(raw: dict[str, Any], overrides: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Set each dotted key in ``raw`` (sections are created as needed); string values are YAML scalars."""
    for dotted, value in overrides:
        node = raw
        *parents, leaf = dotted.split(".")
        for part in parents:
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            if not isinstance(child, dict):
                raise ConfigError(f"override {dotted!r}: {part!r} is not a section")
            node = child
        node[leaf] = (yaml.safe_load(value) if value != "" else "") if isinstance(value, str) else value
    return raw


def read_yaml(path: Path | str) -> dict[str, Any]:
    """The top-level mapping of a YAML config file (``ConfigError`` otherwise)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return raw


def validate(schema: type[T], raw: dict[str, Any], source: str) -> T:
    """``schema.model_validate(raw)`` with every error named: ``source is invalid:`` then one line per field."""
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
        raise ConfigError(f"{source} is invalid:\n" + "\n".join(lines)) from None


def load_config(path: Path | str, schema: type[T], overrides: Iterable[tuple[str, Any]] = ()) -> T:
    """Read ``path``, apply ``overrides``, validate with ``schema`` (see the module docstring)."""
    return validate(schema, apply_overrides(read_yaml(path), overrides), str(path))


def _fields_at(schema: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The field names of the section at ``loc`` (list indexes and dict keys are stepped over)."""
    model: Any = schema
    skip = False
    for part in loc:
        if skip:  # the index of a list or the key of a dict of sections
            skip = False
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        skip = _is_container(field.annotation)
        model = _section_of(field.annotation)
    return sorted(getattr(model, "model_fields", {}))


def _is_container(annotation: Any) -> bool:
    return get_origin(annotation) in (list, dict, tuple) or any(_is_container(a) for a in get_args(annotation))


def _section_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _section_of(arg)
        if found is not None:
            return found
    return None
