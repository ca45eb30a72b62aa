"""The label taxonomy, defined once in ``configs/taxonomy.yaml`` and read here.

Bundles carry their own label list, so a server never needs this file to score; training,
evaluation and data building use it to decide the label order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_HERE = Path(__file__).resolve().parent
TAXONOMY_PATH = _HERE.parent / "configs" / "taxonomy.yaml"


@dataclass(frozen=True)
class Label:
    name: str
    description: str
    severity: int


@dataclass(frozen=True)
class Taxonomy:
    version: int
    labels: tuple[Label, ...]
    target_groups: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    def index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f"unknown label {name!r}; known labels: {list(self.names)}") from None

    def severity(self, name: str) -> int:
        return self.labels[self.index(name)].severity


def _parse(path: Path) -> Taxonomy:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = tuple(
        Label(name=item["name"], description=" ".join(item["description"].split()), severity=int(item["severity"]))
        for item in raw["labels"]
    )
    names = [label.name for label in labels]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: duplicate label names in {names}")
    return Taxonomy(version=int(raw["version"]), labels=labels, target_groups=tuple(raw.get("target_groups", [])))


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The project's taxonomy from ``configs/taxonomy.yaml``."""
    return _parse(TAXONOMY_PATH)


def label_names() -> tuple[str, ...]:
    return load_taxonomy().names
