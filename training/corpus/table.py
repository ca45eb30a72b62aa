"""Counts of a corpus: rows per language × label (positive / negative / unknown) × split."""

from __future__ import annotations

from collections.abc import Iterable

from polarscan.models.taxonomy import label_names

SPLITS = ("train", "dev", "test")


def corpus_table(records: Iterable[dict]) -> dict:
    """``{"lang": {lang: {split: {"rows": n, label: {"pos", "neg", "unk"}}}}, "source": {...}}``."""
    names = label_names()
    out: dict = {"lang": {}, "source": {}}
    for rec in records:
        for axis, key in (("lang", rec["lang"]), ("source", rec["source"])):
            for split in (rec["split"], "all"):
                cell = out[axis].setdefault(key, {}).setdefault(split, {"rows": 0, **{n: {"pos": 0, "neg": 0, "unk": 0} for n in names}})
                cell["rows"] += 1
                for n in names:
                    v = rec["labels"].get(n)
                    cell[n]["unk" if v is None else ("pos" if v else "neg")] += 1
    return out


def _fmt(c: dict) -> str:
    return f"{c['pos']:,} / {c['neg']:,} / {c['unk']:,}"


def render_markdown(table: dict, per_source: dict[str, dict[str, int]] | None = None) -> str:
    names = label_names()
    lines = ["## Rows per language × split (each label: positive / negative / unknown)", "",
             "| lang | split | rows | " + " | ".join(names) + " |", "|---|---|---:|" + "---:|" * len(names)]
    for axis in ("lang",):
        for key in sorted(table[axis]):
            for split in (*SPLITS, "all"):
                cell = table[axis][key].get(split)
                if cell:
                    lines.append(f"| {key} | {split} | {cell['rows']:,} | " + " | ".join(_fmt(cell[n]) for n in names) + " |")
    lines += ["", "## Rows per source (each label over all splits: positive / negative / unknown)", "",
              "| source | read | kept | train | dev | test | " + " | ".join(names) + " |",
              "|---|---:|---:|---:|---:|---:|" + "---:|" * len(names)]
    for key in sorted(table["source"]):
        cell = table["source"][key]["all"]
        ps = (per_source or {}).get(key, {})
        lines.append(f"| {key} | {ps.get('read', 0):,} | {cell['rows']:,} | "
                     + " | ".join(f"{table['source'][key].get(s, {}).get('rows', 0):,}" for s in SPLITS) + " | "
                     + " | ".join(_fmt(cell[n]) for n in names) + " |")
    return "\n".join(lines) + "\n"
