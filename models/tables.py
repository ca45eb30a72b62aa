"""A researcher's own files: one reader for CSV, TSV, JSON lines and Parquet tables of posts.

``polarscan data add`` (a labelled file registered as a corpus source), ``polarscan evaluate
--data`` and ``polarscan classify --file`` all read a user's table through :func:`read_table`, and
labelled rows through :func:`labelled_records`, so a column or label value is checked the same way
everywhere and an error names the file, the row and the column.

Label values: ``1``/``0`` (also ``1.0``/``0.0``, ``true``/``false``) are a person's yes/no; an empty
cell, ``null`` or NaN is **unknown** (``None``), never 0. Anything else is an error.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polarscan.models.corpus import SPLITS

TABLE_FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
_TRUE = {"1", "1.0", "true", "yes"}
_FALSE = {"0", "0.0", "false", "no"}
_EMPTY = {"", "null", "none", "nan", "na", "n/a"}


class TableError(ValueError):
    """A user file that cannot be used; the message names the file, the row or column and the fix."""


def table_format(path: Path | str) -> str | None:
    """``csv``, ``tsv``, ``jsonl`` or ``parquet`` from the file extension; None for anything else."""
    return TABLE_FORMATS.get(Path(path).suffix.lower())


@dataclass
class Table:
    """Every row of a file as a dict (CSV cells are strings, JSON/Parquet keep their types).
    ``rows[i]`` is at :meth:`where` ``(i)`` in the file (line numbers count the CSV header;
    ``lines[i]`` is a JSON-lines row's line, blank lines skipped)."""

    path: Path
    format: str
    columns: list[str]
    rows: list[dict[str, Any]]
    lines: list[int] | None = None

    def where(self, i: int, column: str | None = None) -> str:
        if self.format in ("csv", "tsv"):
            place = f"{self.path} line {i + 2}"  # line 1 is the header
        elif self.format == "jsonl":
            place = f"{self.path} line {self.lines[i] if self.lines is not None else i + 1}"
        else:
            place = f"{self.path} row {i + 1}"
        return f"{place}, column {column!r}" if column else place

    def require(self, *columns: str | None, what: str = "column") -> None:
        """Raise a :class:`TableError` naming the columns that are missing and those there are."""
        missing = [c for c in columns if c is not None and c not in self.columns]
        if missing:
            raise TableError(f"{self.path}: {what} {', '.join(repr(c) for c in missing)} not found; "
                             f"the file has columns {self.columns}")

    def texts(self, column: str) -> list[str]:
        """The non-empty texts of ``column`` in file order (empty cells are skipped)."""
        self.require(column, what="text column")
        out = []
        for row in self.rows:
            value = row.get(column)
            if value is not None and str(value).strip():
                out.append(str(value))
        return out


def read_table(path: Path | str, fmt: str | None = None) -> Table:
    """Read a CSV (comma), TSV, JSON-lines or Parquet file (format from the extension unless ``fmt``)."""
    path = Path(path)
    fmt = fmt or table_format(path)
    if fmt is None:
        raise TableError(f"{path}: unknown file type {path.suffix or '(none)'!r}; use one of {', '.join(sorted(TABLE_FORMATS))}")
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    if fmt in ("csv", "tsv"):
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if fmt == "tsv" else ",")
            columns = [c for c in (reader.fieldnames or [])]
            if not columns:
                raise TableError(f"{path}: empty file; expected a header line with column names")
            rows = []
            for n, row in enumerate(reader, start=2):
                if None in row:  # more cells than header columns
                    raise TableError(f"{path} line {n}: {len(columns) + len(row[None])} cells but the header has {len(columns)} "
                                     "columns (a text with a comma must be quoted)")
                rows.append(dict(row))
        return Table(path, fmt, columns, rows)
    if fmt == "jsonl":
        rows, lines, columns = [], [], {}
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise TableError(f"{path} line {n}: not valid JSON ({exc.msg}); expected one JSON object per line") from None
                if not isinstance(obj, dict):
                    raise TableError(f"{path} line {n}: expected a JSON object, found {type(obj).__name__}")
                rows.append(obj)
                lines.append(n)
                columns.update(dict.fromkeys(obj))
        return Table(path, fmt, list(columns), rows, lines)
    try:
        import pyarrow.parquet as pq
    except ModuleNotFoundError:  # pragma: no cover - pyarrow comes with .[scale] and .[train]
        raise TableError(f"{path}: reading Parquet needs pyarrow: pip install 'polarscan[scale]'") from None
    data = pq.read_table(path)
    return Table(path, fmt, list(data.column_names), data.to_pylist())


def parse_label_cols(items: Sequence[str]) -> dict[str, str]:
    """The ``--label-col LABEL=COLUMN`` values as ``{label: column}`` (``TableError`` for a malformed one)."""
    out: dict[str, str] = {}
    for item in items:
        label, sep, column = item.partition("=")
        if not sep or not label.strip() or not column.strip():
            raise TableError(f"--label-col expects LABEL=COLUMN (e.g. hateful=is_hate), got {item!r}")
        out[label.strip()] = column.strip()
    return out


def label_value(value: Any, where: str) -> int | None:
    """1, 0 or None (unknown) from a cell; an empty cell is unknown, never 0."""
    if value is None or isinstance(value, bool):
        return None if value is None else int(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        if value in (0, 1):
            return int(value)
    else:
        text = str(value).strip().lower()
        if text in _EMPTY:
            return None
        if text in _TRUE:
            return 1
        if text in _FALSE:
            return 0
    raise TableError(f"{where}: label value {value!r} is not 1, 0 or empty (empty = unknown)")


def _cell(row: Mapping[str, Any], column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


@dataclass
class LabelledRecord:
    """One row of a labelled user file: raw text, labels (1/0/None per label), and what the file says
    about its id, language and split (None where it says nothing)."""

    index: int
    id: str
    raw_text: str
    labels: dict[str, int | None]
    lang: str | None = None
    split: str | None = None


def labelled_records(table: Table, *, text_col: str, label_cols: Mapping[str, str], labels: Sequence[str],
                     lang_col: str | None = None, lang: str | None = None, id_col: str | None = None,
                     split_col: str | None = None, split: str | None = None,
                     languages: Sequence[str] | None = None) -> Iterator[LabelledRecord]:
    """Check and read every row: ``label_cols`` maps our label names to the file's columns (labels not
    mapped are unknown); rows with an empty text are skipped. Errors name the row and the column."""
    unknown = sorted(set(label_cols) - set(labels))
    if unknown:
        raise TableError(f"unknown label(s) {unknown}; labels are {list(labels)} (e.g. --label-col hateful=my_column)")
    if not label_cols:
        raise TableError(f"no label column given; map at least one of {list(labels)} to a column (--label-col hateful=COLUMN)")
    if lang_col and lang:
        raise TableError("give a language column or one language for the whole file, not both")
    if split_col and split:
        raise TableError("give a split column or one split for the whole file, not both")
    if split is not None and split not in SPLITS:
        raise TableError(f"split {split!r} is not one of {list(SPLITS)}")
    if lang is not None and languages is not None and lang not in languages:
        raise TableError(f"language {lang!r} is not one of {list(languages)}")
    table.require(text_col, what="text column")
    table.require(*label_cols.values(), what="label column")
    table.require(lang_col, id_col, split_col)
    seen: dict[str, int] = {}
    for i, row in enumerate(table.rows):
        text = _cell(row, text_col)
        if text is None:
            continue
        values = {name: label_value(row.get(col), table.where(i, col)) for name, col in label_cols.items()}
        row_lang = _cell(row, lang_col) or lang
        if row_lang is not None and lang_col and languages is not None and row_lang not in languages:
            raise TableError(f"{table.where(i, lang_col)}: language {row_lang!r} is not one of {list(languages)} "
                             "(leave the cell empty to detect the language)")
        row_split = _cell(row, split_col) or split
        if row_split is not None and row_split not in SPLITS:
            raise TableError(f"{table.where(i, split_col)}: split {row_split!r} is not one of {list(SPLITS)}")
        rid = _cell(row, id_col) if id_col else None
        if id_col and rid is None:
            raise TableError(f"{table.where(i, id_col)}: empty id")
        rid = rid or str(i + 1)
        if rid in seen:
            raise TableError(f"{table.where(i, id_col)}: id {rid!r} already used at row {seen[rid] + 1}")
        seen[rid] = i
        yield LabelledRecord(index=i, id=rid, raw_text=text, labels={n: values.get(n) for n in labels},
                             lang=row_lang, split=row_split)
