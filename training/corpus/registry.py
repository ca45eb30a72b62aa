"""Adapter registry by name and the row type every adapter yields.

The adapters themselves live in ``training/corpus/adapters.py``, which also holds ``get_adapter``
(importing it registers them all): this module imports no adapter, so there is no import circle.

An adapter is a function ``(folder: Path, options: dict) -> Iterable[Row]`` registered with
``@adapter("name", folder="subfolder of shared data")``. It reads files exactly as their authors
published them and maps their labels onto the taxonomy (``models.taxonomy``); a label the source
does not annotate is ``None`` (unknown), never 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from polarscan.models.taxonomy import label_names

SPLITS = ("train", "dev", "test")


@dataclass
class Row:
    """One post as an adapter yields it (before normalisation, dedup and splitting)."""

    source: str
    local_id: str  # unique within the source; the corpus id is f"{source}:{local_id}"
    raw_text: str  # as published, handles/URLs masked (``mask_identities``)
    labels: dict[str, int | None]
    lang: str | None = None  # None: decided by ``models.langid`` during the build
    split: str | None = None  # upstream split if the source has one
    targets: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.source}:{self.local_id}"


AdapterFn = Callable[[Path, dict], Iterable[Row]]


@dataclass(frozen=True)
class Adapter:
    name: str
    folder: str | None  # subfolder of the shared data; None for adapters given explicit paths
    fn: AdapterFn

    def rows(self, shared_data: Path, options: dict | None = None) -> Iterable[Row]:
        folder = shared_data / self.folder if self.folder else shared_data
        if self.folder and not folder.is_dir():
            raise FileNotFoundError(
                f"source {self.name!r}: folder {folder} not found; set `shared_data` in configs/data.yaml, "
                "--shared-data or POLARSCAN_SHARED_DATA to the folder holding the public data sets"
            )
        return self.fn(folder, options or {})


ADAPTERS: dict[str, Adapter] = {}


def adapter(name: str, folder: str | None = None) -> Callable[[AdapterFn], AdapterFn]:
    """Register ``fn`` as the adapter for source ``name`` (reading ``<shared_data>/<folder>``)."""

    def wrap(fn: AdapterFn) -> AdapterFn:
        if name in ADAPTERS:
            raise ValueError(f"adapter {name!r} registered twice")
        ADAPTERS[name] = Adapter(name=name, folder=folder if folder is not None else None, fn=fn)
        return fn

    return wrap


def make_labels(**known: int | bool | None) -> dict[str, int | None]:
    """Labels in taxonomy order; anything not given is unknown (None)."""
    names = label_names()
    extra = set(known) - set(names)
    if extra:
        raise KeyError(f"unknown labels {sorted(extra)}; known: {list(names)}")
    return {n: (None if known.get(n) is None else int(known[n])) for n in names}
