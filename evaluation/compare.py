"""Side-by-side comparison of bundles evaluated on the same data: one table, deltas to the first."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Sequence

from polarscan.evaluation.report import Document, fmt_delta
from polarscan.evaluation.run import Report

METRICS = ("f1", "pr_auc", "roc_auc")


def _name(r: Report) -> str:
    return f"{r.model['model_id']}@{r.model['model_version']}"


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else b - a


def metric_rows(reports: Sequence[Report], split: str) -> tuple[list[str], list[list[Any]]]:
    """``lang, label, n, pos`` then per metric: value per bundle and delta (bundle k - bundle 1)."""
    base = reports[0]
    names = [chr(ord("A") + i) for i in range(len(reports))]
    headers = ["lang", "label", "n", "pos"]
    for metric in METRICS:
        headers += [f"{metric} {n}" for n in names] + [f"Δ{metric} {n}-A" for n in names[1:]]
    rows = []
    if split not in base.metrics:
        return headers, rows
    for lang, per_label in base.metrics[split].cells.items():
        for label, m in per_label.items():
            if m.support == 0:  # no row of this language annotates the label
                continue
            row: list[Any] = [lang, label, m.support, m.positives]
            cells = [r.metrics.get(split).cells.get(lang, {}).get(label) if split in r.metrics else None for r in reports]
            for metric in METRICS:
                values = [getattr(c, metric) if c is not None else None for c in cells]
                row += values + [fmt_delta(_delta(values[0], v)) for v in values[1:]]
            rows.append(row)
    return headers, rows


def functional_rows(reports: Sequence[Report]) -> tuple[list[str], list[list[Any]]]:
    names = [chr(ord("A") + i) for i in range(len(reports))]
    headers = ["lang", "functionality", "gold", "n"] + [f"acc {n}" for n in names] + [f"Δ {n}-A" for n in names[1:]]
    rows = []
    base = reports[0].functional
    if base is None:
        return headers, rows
    for lang, groups in base.per_functionality.items():
        for fn, g in groups.items():
            accs = []
            for r in reports:
                other = r.functional.per_functionality.get(lang, {}).get(fn) if r.functional else None
                accs.append(other.accuracy if other else None)
            rows.append([lang, fn, g.gold, g.n] + accs + [fmt_delta(_delta(accs[0], a)) for a in accs[1:]])
    for lang, s in base.per_language.items():
        values = [r.functional.per_language[lang].macro_f1 if r.functional and lang in r.functional.per_language else None for r in reports]
        rows.append([lang, "(macro-F1)", "", s.n] + values + [fmt_delta(_delta(values[0], v)) for v in values[1:]])
    return headers, rows


def compare(reports: Sequence[Report]) -> Document:
    if len(reports) < 2:
        raise ValueError("compare needs at least two evaluated bundles")
    names = [chr(ord("A") + i) for i in range(len(reports))]
    doc = Document(title="Comparison: " + " vs ".join(_name(r) for r in reports))
    doc.data = {"bundles": {n: r.to_dict() for n, r in zip(names, reports)}}
    doc.p(
        "; ".join(f"{n} = `{_name(r)}` ({r.model['kind']}, `{r.model['path']}`)" for n, r in zip(names, reports))
        + f". Same data: `{reports[0].data_source}`. Δ = bundle minus A; `n`/`pos` = rows with a known label / positives."
    )
    for split in reports[0].metrics:
        doc.h(1, f"Split: {split}")
        doc.table(*metric_rows(reports, split), caption=f"{split}: per language x label")
    if reports[0].functional is not None:
        doc.h(1, "Functional tests")
        doc.table(*functional_rows(reports), caption="accuracy per functionality")
    return doc


def slug(text: str) -> str:
    """A folder name from free text (bundle names, compare titles)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "report"


def evaluate_bundles(bundles: Sequence[str | Path], data: Any, *, data_name: str | None = None,
                     announce: Callable[[str], None] = lambda line: None, **options: Any) -> list[Report]:
    """``evaluation.run.evaluate`` for every bundle on the same data (``options``: its keyword
    arguments). ``data_name``: what the reports name as their data when ``data`` was read from a
    file into ``EvalData`` by the caller."""
    from polarscan.evaluation.run import evaluate

    reports = []
    for bundle in bundles:
        announce(f"evaluating {bundle} ...")
        report = evaluate(bundle, data, **options)
        if data_name is not None:
            report.data_source = data_name + (report.data_source or "").removeprefix("<EvalData>")
        reports.append(report)
    return reports


def write_comparison(bundles: Sequence[str | Path], reports: Sequence[Report], out: Path, plots: bool = True) -> list[Path]:
    """The side-by-side document (``compare``) and each bundle's own report (``A-<name>``, ...) under ``out``."""
    written = compare(reports).write(out)
    for i, (bundle, report) in enumerate(zip(bundles, reports)):
        report.write(out / slug(f"{chr(ord('A') + i)}-{Path(bundle).name}"), plots=plots)
    return written
