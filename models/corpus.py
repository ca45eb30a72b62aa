"""The corpus format (DEVELOPERS.md, "Corpus format"): one typed row, one reader, one writer, one
row selection.

Everything that reads ``corpus.jsonl`` goes through :func:`read_corpus` (the corpus build's
tests, training, export, vocabulary trimming, ``polarscan finalize``, evaluation and the
scorecard), and everything that picks a split's rows for a run goes through :func:`select_rows`
(split, languages, excluded sources, a per-source cap drawn with a seed), so that training and
export select the same dev rows from the same config.

It lives on the ground floor because training *and* evaluation read the format and neither may
import the other.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

SPLITS = ("train", "dev", "test")
_REQUIRED = ("text", "lang", "labels")


class CorpusError(ValueError):
    """A corpus file or row that cannot be used; the message names the file, the line and the fix."""


@dataclass
class CorpusRow:
    """One corpus row. ``labels`` holds 1, 0 or None (unknown) per label; ``text`` is
    ``models.normalize.normalize(raw_text)``.

    Rows also read like the JSON object they come from (``row["text"]``, ``row.get("meta")``), so
    code written against plain corpus dicts (and tests building a few dict rows) take either."""

    id: str
    text: str
    lang: str
    labels: dict[str, int | None]
    raw_text: str = ""
    script: str | None = None
    source: str = ""
    split: str = ""
    targets: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, obj: dict[str, Any], where: str = "row") -> CorpusRow:
        """Check one decoded JSON object and type it; ``where`` (file:line) goes into the error."""
        if not isinstance(obj, dict):
            raise CorpusError(f"{where}: expected a JSON object, found {type(obj).__name__}")
        missing = [key for key in _REQUIRED if key not in obj]
        if missing:
            raise CorpusError(f"{where}: missing keys {missing}; expected the corpus format in DEVELOPERS.md")
        labels = obj["labels"] or {}
        for name, value in labels.items():
            if value is not None and not (isinstance(value, int | float) and value in (0, 1)):
                raise CorpusError(f"{where}: label {name!r} must be 0, 1 or null, found {value!r}")
        split = obj.get("split") or ""
        if split and split not in SPLITS:
            raise CorpusError(f"{where}: split {split!r} is not one of {list(SPLITS)}")
        return cls(id=str(obj.get("id", where)), text=obj["text"], lang=obj["lang"],
                   labels={k: (None if v is None else int(v)) for k, v in labels.items()},
                   raw_text=obj.get("raw_text") or "", script=obj.get("script"), source=obj.get("source") or "",
                   split=split, targets=list(obj.get("targets") or []), meta=dict(obj.get("meta") or {}))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object, keys in the documented order."""
        return {"id": self.id, "text": self.text, "raw_text": self.raw_text, "lang": self.lang, "script": self.script,
                "source": self.source, "split": self.split, "labels": dict(self.labels), "targets": list(self.targets),
                "meta": dict(self.meta)}

    # read access by key, like the JSON object
    def __getitem__(self, key: str) -> Any:
        if key not in _FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in _FIELDS else default

    def __contains__(self, key: object) -> bool:
        return key in _FIELDS


_FIELDS = frozenset(f.name for f in fields(CorpusRow))


def iter_corpus(path: Path | str, splits: Iterable[str] | None = None) -> Iterator[CorpusRow]:
    """Rows of a corpus JSONL file, one at a time; ``splits`` keeps only those (``"all"``: every row)."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: no such file; build the corpus with `polarscan data build` or pass --data")
    keep = None if splits is None or "all" in splits else set(splits)
    for n, obj in json_lines(path):
        if keep is None or (isinstance(obj, dict) and obj.get("split") in keep):
            yield CorpusRow.from_dict(obj, f"{path}:{n}")


def json_lines(path: Path | str) -> Iterator[tuple[int, Any]]:
    """(line number, decoded object) for every non-blank line of a JSON-lines file; a line that is
    not JSON raises ``CorpusError`` naming ``file:line``."""
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}:{n}: not valid JSON ({exc.msg})") from None


def read_corpus(path: Path | str, splits: Iterable[str] | None = None) -> list[CorpusRow]:
    """Every row of a corpus JSONL file (``splits``: only those), checked and typed."""
    return list(iter_corpus(path, splits))


def write_corpus(path: Path | str, rows: Iterable[CorpusRow | dict[str, Any]]) -> int:
    """Write rows as corpus JSON lines; returns how many."""
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for row in rows:
            obj = row.to_dict() if isinstance(row, CorpusRow) else row
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
            n += 1
    return n


def cap_per_source(rows: Sequence[Any], cap: int | None, seed: int, keep_all: Iterable[str] = ()) -> list[Any]:
    """At most ``cap`` rows per source (sources in ``keep_all`` keep every row), drawn with
    ``random.Random(seed)``; sources in sorted order. ``cap=None`` returns the rows as they are."""
    if cap is None:
        return list(rows)
    keep_all = set(keep_all)
    by_source: dict[str, list[Any]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    rng = random.Random(seed)
    out: list[Any] = []
    for source in sorted(by_source):
        group = by_source[source]
        out.extend(group if len(group) <= cap or source in keep_all else rng.sample(group, cap))
    return out


def select_rows(rows: Iterable[Any], split: str, *, languages: Iterable[str] | None = None,
                exclude_sources: Iterable[str] = (), cap: int | None = None, seed: int = 13,
                keep_all: Iterable[str] = ()) -> list[Any]:
    """The rows of ``split`` a run uses: in ``languages`` (None: all), not from ``exclude_sources``,
    at most ``cap`` per source (``cap_per_source``). Training, the baseline and export all call this
    with their config's values, so they agree on the rows."""
    langs = None if languages is None else set(languages)
    exclude = set(exclude_sources)
    keep = [r for r in rows if r.get("split") == split and r.get("source") not in exclude
            and (langs is None or r.get("lang") in langs)]
    return cap_per_source(keep, cap, seed, keep_all)


def label_matrix(rows: Sequence[Any], labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Targets [N, L] float32 (unknown -> 0) and the known-mask [N, L] (1 where the label is
    annotated). ``np.where(mask > 0, y, np.nan)`` is the NaN form evaluation uses."""
    y = np.zeros((len(rows), len(labels)), dtype=np.float32)
    mask = np.zeros_like(y)
    for i, row in enumerate(rows):
        row_labels = row.get("labels") or {}
        for j, label in enumerate(labels):
            value = row_labels.get(label)
            if value is not None:
                y[i, j] = float(value)
                mask[i, j] = 1.0
    return y, mask
