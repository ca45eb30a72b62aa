"""Evaluation data: corpus-format JSON lines read into arrays (unknown labels kept as NaN)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from polarscan.models.corpus import SPLITS, CorpusError, read_corpus
from polarscan.models.tables import table_format


class DataError(ValueError):
    """Evaluation data that cannot be used; the message says what to fix."""


@dataclass
class EvalData:
    """Rows of one evaluation set. ``y`` is float [N, L]: 1.0, 0.0 or NaN (unknown)."""

    texts: list[str]
    langs: list[str]
    y: np.ndarray
    labels: tuple[str, ...]
    ids: list[str] = field(default_factory=list)
    splits: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    targets: list[list[str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, mask: np.ndarray | Sequence[bool]) -> "EvalData":
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        pick = lambda seq: [seq[i] for i in idx] if seq else []  # noqa: E731
        return EvalData(
            texts=pick(self.texts),
            langs=pick(self.langs),
            y=self.y[idx],
            labels=self.labels,
            ids=pick(self.ids),
            splits=pick(self.splits),
            sources=pick(self.sources),
            targets=pick(self.targets),
        )

    def split(self, name: str) -> "EvalData":
        """Rows of one split; ``"all"`` returns every row."""
        if name == "all":
            return self
        if name not in SPLITS:
            raise DataError(f"unknown split {name!r}; use one of {list(SPLITS) + ['all']}")
        return self.subset([s == name for s in self.splits])

    def sample_per_language(self, max_rows: int, seed: int = 13) -> "EvalData":
        """At most ``max_rows`` rows per language, drawn without replacement with ``seed`` (order kept).
        The same data, ``max_rows`` and seed give the same rows, so two bundles see the same sample."""
        return self.subset(self.sample_mask(max_rows, seed))

    def sample_mask(self, max_rows: int, seed: int = 13) -> np.ndarray:
        """The rows :meth:`sample_per_language` keeps, as a boolean mask."""
        return language_sample_mask(self.langs, max_rows, seed)

    def languages(self, first: Iterable[str] = ()) -> list[str]:
        """Languages present, ``first`` (in that order) before the rest (alphabetical)."""
        present = set(self.langs)
        ordered = [lang for lang in first if lang in present]
        return ordered + sorted(present - set(ordered))


def language_sample_mask(langs: Sequence[str], max_rows: int, seed: int = 13) -> np.ndarray:
    """At most ``max_rows`` rows per language, drawn without replacement with ``seed``, as a boolean
    mask over ``langs``: the one per-language sampler (``EvalData.sample_per_language``, and
    ``pipelines.compare`` on corpus rows), so a seed picks the same rows in both."""
    rng = np.random.default_rng(seed)
    langs_arr = np.asarray(langs, dtype=object)
    keep = np.zeros(len(langs_arr), dtype=bool)
    for lang in sorted(set(langs_arr.tolist())):
        idx = np.flatnonzero(langs_arr == lang)
        if idx.size > max_rows:
            idx = rng.choice(idx, size=max_rows, replace=False)
        keep[idx] = True
    return keep


def _label_value(value, where: str, label: str) -> float:
    if value is None:
        return np.nan
    if isinstance(value, int | float) and value in (0, 1):
        return float(value)
    raise DataError(f"{where}: label {label!r} must be 0, 1 or null, found {value!r}")


def rows_to_data(rows: Iterable, labels: Sequence[str], source: str = "<rows>") -> EvalData:
    """Build :class:`EvalData` from corpus rows (``models.corpus.CorpusRow`` or corpus-format dicts;
    ``text`` already normalised)."""
    labels = tuple(labels)
    texts, langs, ys, ids, splits, sources, targets = [], [], [], [], [], [], []
    for i, row in enumerate(rows):
        where = f"{source} row {i + 1}"
        missing = [key for key in ("text", "lang", "labels") if key not in row]
        if missing:
            raise DataError(f"{where}: missing keys {missing}; expected the corpus format in DEVELOPERS.md")
        row_labels = row["labels"] or {}
        unknown = sorted(set(row_labels) - set(labels))
        if unknown:
            raise DataError(f"{where}: labels {unknown} are not in the bundle's labels {list(labels)}")
        texts.append(row["text"])
        langs.append(row["lang"])
        ys.append([_label_value(row_labels.get(name), where, name) for name in labels])
        ids.append(str(row.get("id", i)))
        splits.append(row.get("split", ""))
        sources.append(row.get("source", ""))
        targets.append(list(row.get("targets") or []))
    y = np.asarray(ys, dtype=float).reshape(len(texts), len(labels))
    return EvalData(texts, langs, y, labels, ids, splits, sources, targets)


def load_corpus(path: str | Path, labels: Sequence[str], splits: Iterable[str] | None = None) -> EvalData:
    """Read a corpus-format JSON-lines file (``models.corpus.read_corpus``); ``splits`` keeps only
    those splits (``"all"``: every row). A CSV, TSV or Parquet file is read with
    :func:`load_table_data`'s defaults. A file whose rows state no split at all is one test set."""
    if table_format(path) in ("csv", "tsv", "parquet"):
        return load_table_data(path, labels, splits=splits)
    try:
        rows = read_corpus(path, splits)
        if not rows and splits is not None and "all" not in splits:
            every = read_corpus(path)
            if every and not any(r.split for r in every):  # a file without splits: its rows are the test set
                rows = [dataclasses.replace(r, split="test") for r in every] if "test" in splits else []
    except CorpusError as exc:
        hint = ("; to read your own JSONL/CSV/Parquet, name its text and label columns: --text-col TEXT "
                "--label-col hateful=COLUMN" if "missing keys" in str(exc) else "")
        raise DataError(f"{exc}{hint}") from None
    return rows_to_data(rows, labels, source=str(path))


def load_table_data(path: str | Path, labels: Sequence[str], *, text_col: str = "text",
                    label_cols: dict[str, str] | None = None, lang_col: str | None = None,
                    split_col: str | None = None, splits: Iterable[str] | None = None) -> EvalData:
    """Evaluation rows from a CSV, TSV, JSONL or Parquet table (``models.tables``).

    ``label_cols`` maps labels to columns (default: the columns named like a label); ``lang_col``
    defaults to ``lang`` when the file has it, and rows without a language get ``models.langid``;
    ``split_col`` defaults to ``split`` when present, rows without a split are ``test``. Texts are
    normalised with the one normaliser. Label cells: 1, 0, empty = unknown."""
    from polarscan.models.langid import LANGS, detect
    from polarscan.models.normalize import normalize
    from polarscan.models.tables import TableError, labelled_records, read_table

    try:
        table = read_table(path)
        if label_cols is None:
            label_cols = {name: name for name in labels if name in table.columns}
            if not label_cols:
                raise TableError(f"{path}: no label column; name columns like the labels {list(labels)} "
                                 f"(1, 0, empty = unknown) or map them with --label-col hateful=COLUMN; columns: {table.columns}")
        if lang_col is None and "lang" in table.columns:
            lang_col = "lang"
        if split_col is None and "split" in table.columns:
            split_col = "split"
        records = list(labelled_records(table, text_col=text_col, label_cols=label_cols, labels=labels,
                                        lang_col=lang_col, split_col=split_col, languages=LANGS))
    except TableError as exc:
        raise DataError(str(exc)) from None
    keep = None if splits is None or "all" in splits else set(splits)
    rows = []
    for r in records:
        split = r.split or "test"
        if keep is not None and split not in keep:
            continue
        rows.append({"id": r.id, "text": normalize(r.raw_text), "lang": r.lang or detect(r.raw_text).lang,
                     "labels": r.labels, "split": split, "source": Path(path).stem})
    return rows_to_data(rows, labels, source=str(path))


def check_usable(data: EvalData, splits: Sequence[str], source: str) -> None:
    """Refuse evaluation data with no row, or no known label, in the requested splits."""
    if len(data) == 0:
        raise DataError(f"{source}: no rows in split(s) {list(splits)}; check --split (a file without a split "
                        "column or key is read as the test split) and that texts are not empty")
    if np.isnan(data.y).all():
        raise DataError(f"{source}: none of the {len(data)} rows in split(s) {list(splits)} has a known label "
                        f"({list(data.labels)}: 1 or 0); there is nothing to measure")
