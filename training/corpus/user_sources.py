"""A researcher's own labelled files as corpus sources, without editing ``configs/data.yaml``.

``polarscan data add FILE --text-col ... --label-col hateful=COL ...`` checks the file (columns,
label values, languages, splits: errors name the row and the column), writes a dataset card
(``datasets/cards/<name>.yaml`` or ``--card-dir``) and records the source in the **user sources
file** next to the data config (``configs/user_sources.yaml`` for ``configs/data.yaml``). The file
stays where it is and is read again by every build.

``polarscan data build`` (and ``polarscan retrain``) read the user sources file: each source's rows
are checked again, written as corpus JSON lines to ``<out>/user_sources/<name>.jsonl`` and read
through the ``corpus_jsonl`` adapter like exported review decisions (:func:`with_user_sources`), so
they are normalised, language-identified (where the file gives no language), deduplicated and
split like every other source. ``--with-reviews EXPORT`` adds a review export (``polarscan review
export``) the same way, as source ``review``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError

from polarscan.models.config import StrictModel
from polarscan.models.corpus import write_corpus
from polarscan.models.langid import LANGS
from polarscan.models.tables import LabelledRecord, TableError, labelled_records, read_table
from polarscan.models.taxonomy import label_names

SOURCES_FILE_NAME = "user_sources.yaml"
USER_PRIORITY = 20  # duplicate clusters: lower wins; public sources are 50, review exports 10
REVIEW_PRIORITY = 10
REVIEW_SOURCE = "review"  # the `source` of `polarscan review export` rows
_NAME = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class UserSource(StrictModel):
    """One entry of the user sources file (written by ``polarscan data add``)."""

    name: str  # corpus `source` of its rows; ids are `<name>:<id>`
    path: Path  # the user's file (relative paths are relative to the repository root)
    text_col: str
    labels: dict[str, str]  # our label -> the file's column; labels not listed are unknown
    lang_col: str | None = None
    lang: str | None = None  # one language for the whole file (else lang_col, else langid)
    id_col: str | None = None
    split_col: str | None = None
    split: Literal["train", "dev", "test"] | None = None  # else split_col, else hashed 80/10/10
    priority: int = Field(USER_PRIORITY, ge=0)
    card: Path | None = None  # the dataset card written for it


class SourcesFileError(ValueError):
    pass


def sources_file_for(config_path: Path | str) -> Path:
    """The user sources file of a data config: ``user_sources.yaml`` in the config's folder."""
    return Path(config_path).resolve().parent / SOURCES_FILE_NAME


def _repo_root() -> Path:
    from polarscan.training.corpus.config import REPO_ROOT

    return REPO_ROOT


def _resolve(path: Path) -> Path:
    return path if path.is_absolute() else _repo_root() / path


def _stored(path: Path) -> Path:
    """A path as written to the sources file: relative to the repository root when inside it."""
    path = path.resolve()
    try:
        return path.relative_to(_repo_root())
    except ValueError:
        return path


def load_user_sources(sources_file: Path | str) -> list[UserSource]:
    """The entries of a user sources file (none when the file does not exist)."""
    sources_file = Path(sources_file)
    if not sources_file.is_file():
        return []
    raw = yaml.safe_load(sources_file.read_text(encoding="utf-8")) or {}
    try:
        return [UserSource.model_validate(entry) for entry in raw.get("sources") or []]
    except ValidationError as exc:
        raise SourcesFileError(f"{sources_file}: invalid entry ({exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}); "
                               "fix it or add the source again with `polarscan data add`") from None


def _records(table, source: UserSource) -> list[LabelledRecord]:
    """Every usable row of ``table`` read as ``source`` says, checked (``models.tables.labelled_records``)."""
    return list(labelled_records(table, text_col=source.text_col, label_cols=source.labels, labels=label_names(),
                                 lang_col=source.lang_col, lang=source.lang, id_col=source.id_col,
                                 split_col=source.split_col, split=source.split, languages=LANGS))


def read_records(source: UserSource) -> list[LabelledRecord]:
    """Every usable row of a user source, checked (``models.tables.labelled_records``)."""
    return _records(read_table(_resolve(source.path)), source)


@dataclass
class AddResult:
    source: UserSource
    rows: int
    skipped_empty: int
    label_counts: dict[str, dict[str, int]]  # label -> {"1": n, "0": n, "unknown": n}
    languages: dict[str, int]  # "(detect)" for rows without a language
    splits: dict[str, int]  # "(hashed)" for rows without a split
    card_path: Path
    sources_file: Path
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.source.name}: {self.rows:,} rows from {self.source.path}"
                 + (f" ({self.skipped_empty:,} rows with an empty text skipped)" if self.skipped_empty else "")]
        for label, counts in self.label_counts.items():
            lines.append(f"  {label:<10} 1: {counts['1']:>6,}  0: {counts['0']:>6,}  unknown: {counts['unknown']:>6,}")
        lines.append("  languages: " + ", ".join(f"{k} {v:,}" for k, v in sorted(self.languages.items())))
        lines.append("  splits: " + ", ".join(f"{k} {v:,}" for k, v in sorted(self.splits.items())))
        lines += [f"  note: {n}" for n in self.notes]
        lines.append(f"card: {self.card_path}")
        lines.append(f"registered in {self.sources_file}; `polarscan data build` now includes it")
        return "\n".join(lines)


def _card(source: UserSource, file: Path, records: list[LabelledRecord], result_counts: dict, licence: str,
          description: str | None) -> dict:
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    mapped = list(source.labels)
    return {
        "name": source.name,
        "title": description or f"Own labelled posts from {file.name}",
        "kind": "user file (polarscan data add)",
        "files": [str(source.path)],
        "sha256": digest,
        "added": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "languages": dict(sorted(Counter(r.lang or "(detect)" for r in records).items())),
        "licence": licence,
        "url": "",
        "rows": {"read": len(records)},
        "columns": {"text": source.text_col, "id": source.id_col, "lang": source.lang_col, "split": source.split_col},
        "mapping": {label: f"column {col!r}: 1 = yes, 0 = no, empty = unknown" for label, col in source.labels.items()},
        "label_counts": result_counts,
        "unknown_labels": [n for n in label_names() if n not in mapped],
        "upstream_splits": (f"all rows {source.split}" if source.split else
                            f"column {source.split_col!r}; empty cells hashed" if source.split_col else
                            "none: hashed by (seed, id) into train/dev/test like other sources without splits"),
        "language_id": ("one language for the file: " + source.lang if source.lang else
                        f"column {source.lang_col!r}; empty cells detected with models.langid" if source.lang_col else
                        "detected with models.langid"),
        "quirks": ["Rows with an empty text are skipped; an empty label cell is unknown, never 0."],
    }


def add_user_source(path: Path | str, *, text_col: str, label_cols: dict[str, str], name: str | None = None,
                    lang_col: str | None = None, lang: str | None = None, id_col: str | None = None,
                    split_col: str | None = None, split: str | None = None, sources_file: Path | str,
                    card_dir: Path | str | None = None, licence: str = "unknown (set it in the card)",
                    description: str | None = None, reserved: set[str] | frozenset[str] = frozenset(),
                    replace: bool = False) -> AddResult:
    """Check a labelled file and register it as a corpus source (see the module docstring).

    ``reserved``: source names already used (the data config's sources and ``corpus_jsonl``
    names). Raises ``TableError`` / ``SourcesFileError`` with a message for people."""
    file = Path(path).resolve()
    name = name or re.sub(r"[^a-z0-9_]+", "_", file.stem.lower()).strip("_")
    if not _NAME.match(name or ""):
        raise SourcesFileError(f"source name {name!r}: use 2-64 lower-case letters, digits or _ starting with a letter (--name)")
    if name in reserved or name == REVIEW_SOURCE:
        raise SourcesFileError(f"source name {name!r} is already a source of the data config; choose another with --name")
    sources_file = Path(sources_file)
    existing = load_user_sources(sources_file)
    if any(s.name == name for s in existing) and not replace:
        raise SourcesFileError(f"{sources_file} already has a source {name!r}; add --replace to update it or choose --name")
    source = UserSource(name=name, path=_stored(file), text_col=text_col, labels=dict(label_cols), lang_col=lang_col,
                        lang=lang, id_col=id_col, split_col=split_col, split=split)
    table = read_table(file)
    records = _records(table, source)
    if not records:
        raise TableError(f"{file}: no row with a text in column {text_col!r}")
    counts = {label: {"1": 0, "0": 0, "unknown": 0} for label in label_cols}
    for r in records:
        for label in label_cols:
            value = r.labels[label]
            counts[label]["unknown" if value is None else str(value)] += 1
    notes = []
    if all(r.labels[label] is None for r in records for label in label_cols):
        raise TableError(f"{file}: every label cell is empty; the file has no labels to learn from")
    for label, c in counts.items():
        if c["1"] == 0 or c["0"] == 0:
            notes.append(f"{label} has no {'positive' if c['1'] == 0 else 'negative'} row")
    card_dir = Path(card_dir) if card_dir is not None else _repo_root() / "datasets" / "cards"
    card_dir.mkdir(parents=True, exist_ok=True)
    card_path = card_dir / f"{name}.yaml"
    source.card = _stored(card_path)
    card = _card(source, file, records, counts, licence, description)
    card_path.write_text("# Generated by `polarscan data add`; edit licence, url and title as needed.\n"
                         + yaml.safe_dump(card, sort_keys=False, allow_unicode=True), encoding="utf-8")
    entries = [s for s in existing if s.name != name] + [source]
    sources_file.parent.mkdir(parents=True, exist_ok=True)
    header = ("# Own labelled files registered with `polarscan data add` (training/corpus/user_sources.py).\n"
              "# `polarscan data build` reads every entry; remove an entry to leave the file out.\n")
    sources_file.write_text(header + yaml.safe_dump({"sources": [json_ready(s) for s in entries]}, sort_keys=False,
                                                    allow_unicode=True), encoding="utf-8")
    return AddResult(source=source, rows=len(records), skipped_empty=len(table.rows) - len(records), label_counts=counts,
                     languages=dict(Counter(r.lang or "(detect)" for r in records)),
                     splits=dict(Counter(r.split or "(hashed)" for r in records)), card_path=card_path,
                     sources_file=sources_file, notes=notes)


def json_ready(source: UserSource) -> dict:
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in source.model_dump().items() if v is not None}


def write_source_jsonl(source: UserSource, out: Path) -> int:
    """The source's rows as corpus JSON lines (``text`` and ``lang`` are filled in by the build)."""
    rows = [{"id": f"{source.name}:{r.id}", "raw_text": r.raw_text, "lang": r.lang, "split": r.split, "labels": r.labels,
             "targets": [], "meta": {"user_file": Path(source.path).name, "file_row": r.index + 1}}
            for r in read_records(source)]
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_corpus(out, rows)


def with_user_sources(config, sources_file: Path | str | None, reviews: Path | str | None = None):
    """A copy of a ``DataConfig`` whose ``corpus_jsonl`` also holds every user source (written to
    ``<out>/user_sources/<name>.jsonl``) and, with ``reviews``, a review export as source ``review``."""
    from polarscan.training.corpus.config import CorpusJsonlSource

    extra = []
    taken = config.source_names()
    for source in load_user_sources(sources_file) if sources_file else []:
        if source.name in taken:
            raise SourcesFileError(f"{sources_file}: user source {source.name!r} clashes with a source of the data config")
        out = config.resolved_out() / "user_sources" / f"{source.name}.jsonl"
        try:
            write_source_jsonl(source, out)
        except TableError as exc:
            raise SourcesFileError(f"user source {source.name!r} ({sources_file}): {exc}") from None
        extra.append(CorpusJsonlSource(name=source.name, path=out, priority=source.priority))
    if reviews is not None:
        reviews = Path(reviews).resolve()
        if not reviews.is_file():
            raise SourcesFileError(f"--with-reviews {reviews}: no such file; write it with `polarscan review export --out {reviews}`")
        if REVIEW_SOURCE in taken:
            raise SourcesFileError(f"the data config already has a corpus_jsonl source {REVIEW_SOURCE!r}; drop it or --with-reviews")
        extra.append(CorpusJsonlSource(name=REVIEW_SOURCE, path=reviews, priority=REVIEW_PRIORITY))
    if not extra:
        return config
    return config.model_copy(update={"corpus_jsonl": list(config.corpus_jsonl) + extra})
