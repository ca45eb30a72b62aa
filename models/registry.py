"""Registries by name: ``@writer("md")`` files a function (or class) in its table under a name.

One helper for every table of that kind (report writers, obfuscations, predictor backends), so a
registry is a dict plus one line: ``writer = registrar(_WRITERS)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def registrar(table: dict[str, T]) -> Callable[[str], Callable[[T], T]]:
    """A decorator factory: ``registrar(table)(name)(obj)`` sets ``table[name] = obj`` and returns ``obj``."""

    def by_name(name: str) -> Callable[[T], T]:
        def register(obj: T) -> T:
            table[name] = obj
            return obj

        return register

    return by_name
