"""``build_corpus(config) -> BuildResult``: adapters → normalise → langid → dedup → split → write.

Output (``config.out``, default ``data/corpus/``): ``corpus.jsonl`` (format in DEVELOPERS.md),
``table.md`` / ``table.json`` (rows per language × label × split and per source) and
``build.json`` (config as run, counts, sources with licences from the dataset cards).
"""

from __future__ import annotations

import csv
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from polarscan.models.corpus import CorpusRow, write_corpus
from polarscan.models.langid import detect, script_of
from polarscan.models.normalize import NORMALIZER_VERSION, normalize
from polarscan.models.taxonomy import label_names
from polarscan.training.bundle_card import source_card
from polarscan.training.corpus.adapters import SYNTHETIC_SOURCES, get_adapter
from polarscan.training.corpus.config import REPO_ROOT, DataConfig
from polarscan.training.corpus.dedup import dedup_key, find_clusters, resolve
from polarscan.training.corpus.registry import Row
from polarscan.training.corpus.splits import EVAL_ONLY_SOURCES, assign_splits
from polarscan.training.corpus.table import corpus_table, render_markdown

SPLIT_RANK = {"test": 0, "dev": 1}


@dataclass
class BuildResult:
    out_dir: Path
    corpus_path: Path
    rows: int
    read: int
    dropped_empty: int
    dropped_exact: int
    dropped_near: int
    label_conflicts: int
    per_source: dict[str, dict[str, int]]
    table: dict
    table_markdown: str
    sources: list[dict] = field(default_factory=list)  # name, licence, rows, url (for bundle manifests)
    seconds: float = 0.0
    team_labels: dict[str, int] = field(default_factory=dict)  # counts from apply_team_labels


def _load_rows(config: DataConfig, shared: Path, only: list[str] | None) -> list[Row]:
    rows: list[Row] = []
    names = [s for s in config.sources if not only or s in only]
    options = {"polar_multi": config.polar_multi.model_dump(),
               "ar_offensive_taxonomy": config.ar_offensive_taxonomy.model_dump()}
    for name in names:
        before = len(rows)
        for row in tqdm(get_adapter(name).rows(shared, options.get(name, {})), desc=f"read {name}", unit=" rows",
                        leave=False, mininterval=1.0):
            rows.append(row)
        tqdm.write(f"  {name}: {len(rows) - before:,} rows")
    for extra in config.corpus_jsonl:
        if only and extra.name not in only:
            continue
        path = extra.path if extra.path.is_absolute() else REPO_ROOT / extra.path
        got = list(get_adapter("corpus_jsonl").rows(shared, {"path": path, "name": extra.name}))
        tqdm.write(f"  {extra.name} (corpus_jsonl {path}): {len(got):,} rows")
        rows.extend(got)
    return rows


def apply_team_labels(records: list[CorpusRow], paths: list[Path], built_sources: set[str] | None = None) -> dict[str, int]:
    """Set labels from our own ``id,<label>...,note`` CSV files where the source left them unknown.

    A value the source already has is kept (counted as ``agree`` or ``conflict``); the row's
    ``meta.team_labels`` names the file of every label set here. An id that is not in ``records``
    is an error, except when ``built_sources`` (a subset build) does not include its source.
    """
    by_id = {r["id"]: r for r in records}
    dropped = {d: r["id"] for r in records for d in r["meta"].get("duplicates", [])}
    counts = {"set": 0, "agree": 0, "conflict": 0, "not_built": 0}
    for path in paths:
        path = path if path.is_absolute() else REPO_ROOT / path
        if not path.is_file():
            raise ValueError(f"team_labels: {path} does not exist (fix the path in configs/data.yaml)")
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            cols = [c for c in header if c not in ("id", "note")]
            bad = [c for c in cols if c not in label_names()]
            if "id" not in header or not cols or bad:
                raise ValueError(f"{path}: expected columns id,<label>...,note with labels from {list(label_names())}; "
                                 f"found {header}")
            seen: set[str] = set()
            missing: list[str] = []
            for line, row in enumerate(reader, start=2):
                rid = (row["id"] or "").strip()
                if rid in seen:
                    raise ValueError(f"{path} line {line}: id {rid} appears twice")
                seen.add(rid)
                rec = by_id.get(rid)
                if rec is None:
                    if built_sources is not None and rid.split(":", 1)[0] not in built_sources:
                        counts["not_built"] += 1
                    else:
                        missing.append(f"{rid} (line {line}" + (f", dropped as a duplicate of {dropped[rid]})"
                                                                 if rid in dropped else ")"))
                    continue
                for col in cols:
                    value = (row[col] or "").strip()
                    if value not in ("0", "1"):
                        raise ValueError(f"{path} line {line}: {col} must be 0 or 1, found {value!r}")
                    have = rec["labels"][col]
                    if have is None:
                        rec["labels"][col] = int(value)
                        rec["meta"].setdefault("team_labels", {})[col] = path.name
                        counts["set"] += 1
                    else:
                        counts["agree" if have == int(value) else "conflict"] += 1
            if missing:
                raise ValueError(f"{path}: {len(missing)} id(s) not in the corpus: {', '.join(missing[:10])}"
                                 f"{' ...' if len(missing) > 10 else ''}; team labels must name rows the build keeps")
    return counts


def _normalise(raw_rows: list[Row]) -> tuple[list[Row], list[str], list[str]]:
    """Rows with their normalised text and dedup key; rows with no letters left (only placeholders /
    punctuation) or no known label are dropped."""
    texts, keys, rows = [], [], []
    for row in tqdm(raw_rows, desc="normalise", unit=" rows", mininterval=1.0):
        text = normalize(row.raw_text)
        key = dedup_key(text)
        if not key or all(v is None for v in row.labels.values()):
            continue
        rows.append(row)
        texts.append(text)
        keys.append(key)
    return rows, texts, keys


def _languages(rows: list[Row], config: DataConfig) -> list[str]:
    """Each row's script; ``models.langid`` decides the language where the source gives none (and
    for the Latin-script rows of ``config.langid_sources``)."""
    langid_sources = set(config.langid_sources)
    scripts: list[str] = []
    for row in tqdm(rows, desc="langid", unit=" rows", mininterval=1.0):
        script, _ = script_of(row.raw_text)
        if row.lang is None or (row.source in langid_sources and script == "Latn"):
            res = detect(row.raw_text)
            row.meta["langid_confidence"] = res.confidence
            row.lang = res.lang
        scripts.append(script)
    return scripts


def _deduplicate(rows: list[Row], keys: list[str], config: DataConfig) -> tuple[list[int], list[dict], int, int, int]:
    """Exact and near duplicates across sources, before splitting: (kept indexes, merged labels per
    row, exact drops, near drops, label conflicts). The keeper of a cluster lists the others in
    ``meta.duplicates``."""
    order = {name: i for i, name in enumerate(config.sources)}
    priority = {c.name: c.priority for c in config.corpus_jsonl}
    rank = [
        (0 if r.source in EVAL_ONLY_SOURCES else priority.get(r.source, 50), SPLIT_RANK.get(r.split or "", 2),
         -sum(v is not None for v in r.labels.values()), order.get(r.source, len(order)), r.id)
        for r in rows
    ]
    nd = config.near_dup
    uf, _, _ = find_clusters(keys, near=nd.enabled, shingle_size=nd.shingle_size, num_perm=nd.num_perm,
                             bands=nd.bands, threshold=nd.threshold, min_chars=nd.min_chars, seed=config.seed,
                             progress=lambda it: tqdm(it, desc="minhash", unit=" rows", mininterval=1.0),
                             sources=[r.source for r in rows], keep_near_within=frozenset(nd.keep_pairs_within))
    result, merged, conflicts = resolve([r.labels for r in rows], rank, uf)
    dropped_exact = dropped_near = 0
    for keeper, others in result.cluster_of.items():
        for j in others:
            if keys[j] == keys[keeper]:
                dropped_exact += 1
            else:
                dropped_near += 1
        rows[keeper].meta["duplicates"] = [rows[j].id for j in others]
    return result.keep, merged, dropped_exact, dropped_near, conflicts


def _per_source(raw_rows: list[Row], records: list[CorpusRow]) -> dict[str, dict[str, int]]:
    """Rows read, per split and kept, per source."""
    per_source: dict[str, dict[str, int]] = defaultdict(dict)
    for name, n in Counter(r.source for r in raw_rows).items():
        per_source[name]["read"] = n
    for rec in records:
        per_source[rec.source][rec.split] = per_source[rec.source].get(rec.split, 0) + 1
    for counts in per_source.values():
        counts["kept"] = sum(counts.get(s, 0) for s in ("train", "dev", "test"))
    return dict(per_source)


def _write(res: BuildResult, records: list[CorpusRow], config: DataConfig, sources: list[str] | None) -> None:
    out_dir = res.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    write_corpus(res.corpus_path, records)
    (out_dir / "table.md").write_text(res.table_markdown, encoding="utf-8")
    (out_dir / "table.json").write_text(json.dumps({"by": res.table, "per_source": res.per_source}, indent=1), encoding="utf-8")
    summary = {k: v for k, v in res.__dict__.items() if k not in ("table", "table_markdown", "per_source")}
    summary.update(out_dir=str(out_dir), corpus_path=str(res.corpus_path), normalizer=NORMALIZER_VERSION,
                   config=json.loads(config.model_dump_json()), subset=sources)
    (out_dir / "build.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")


def build_corpus(config: DataConfig, sources: list[str] | None = None, out: Path | None = None,
                 write: bool = True, shared_data: Path | None = None) -> BuildResult:
    """Build the corpus described by ``config`` (optionally a subset of ``sources``): read,
    normalise, langid, deduplicate, split, team labels, tables, write."""
    t0 = time.time()
    shared = config.resolved_shared_data(shared_data)
    out_dir = out or config.resolved_out()
    if sources:
        known = config.source_names()
        missing = [s for s in sources if s not in known]
        if missing:
            raise ValueError(f"--sources {missing} not in the config's sources {sorted(known)}")
    raw_rows = _load_rows(config, shared, sources)
    rows, texts, keys = _normalise(raw_rows)
    scripts = _languages(rows, config)
    kept, merged, dropped_exact, dropped_near, conflicts = _deduplicate(rows, keys, config)
    splits = assign_splits(
        [rows[i].id for i in kept], [rows[i].source for i in kept], [rows[i].split for i in kept],
        [str(rows[i].meta.get("type", "")) for i in kept], seed=config.seed, dev_fraction=config.dev_fraction,
        test_fraction=config.test_fraction, eval_dev_fraction=config.imsypp_nl.dev_fraction,
        keep_upstream=frozenset(c.name for c in config.corpus_jsonl) | frozenset(SYNTHETIC_SOURCES),
    )
    records = []
    for i, split in zip(kept, splits):
        r = rows[i]
        meta = dict(r.meta)
        if r.split:
            meta["upstream_split"] = r.split
        records.append(CorpusRow(id=r.id, text=texts[i], raw_text=r.raw_text, lang=r.lang, script=scripts[i], source=r.source,
                                 split=split, labels={n: merged[i][n] for n in label_names()}, targets=r.targets, meta=meta))
    built = None if not sources else set(sources)
    team_counts = apply_team_labels(records, [t.path for t in config.team_labels], built) if config.team_labels else {}
    if team_counts:
        tqdm.write(f"  team_labels: {team_counts['set']:,} labels set, {team_counts['agree']:,} agree with and "
                   f"{team_counts['conflict']:,} differ from the source's own (kept)")

    table = corpus_table(records)
    per_source = _per_source(raw_rows, records)
    srcs = []
    for name in sorted(per_source):
        card = source_card(name)
        srcs.append({"name": name, "licence": card.get("licence", "unknown"), "rows": per_source[name]["kept"],
                     "url": card.get("url", "")})
    res = BuildResult(out_dir=out_dir, corpus_path=out_dir / "corpus.jsonl", rows=len(records), read=len(raw_rows),
                      dropped_empty=len(raw_rows) - len(rows), dropped_exact=dropped_exact, dropped_near=dropped_near,
                      label_conflicts=conflicts, per_source=per_source, table=table,
                      table_markdown=render_markdown(table, per_source), sources=srcs, seconds=round(time.time() - t0, 1),
                      team_labels=team_counts)
    if write:
        _write(res, records, config, sources)
    return res
