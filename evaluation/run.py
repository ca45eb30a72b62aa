"""``evaluate(bundle, data) -> Report``: everything the suite measures about one bundle.

Scores are computed once per split: raw (uncalibrated) and calibrated with the bundle's maps
for the row's gold language, as ``Predictor.classify`` serves them; flags use the bundle's
thresholds for the row's gold language (``default`` where the language has none).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from polarscan.evaluation.bias import BiasRow, challenge_bias, corpus_bias
from polarscan.evaluation.calibration import expected_calibration_error
from polarscan.evaluation.config import EvaluationConfig, load_config
from polarscan.evaluation.data import EvalData, check_usable, load_corpus
from polarscan.evaluation.functional import FunctionalResult, load_suite, run_functional
from polarscan.evaluation.metrics import ALL, GroupTable, MetricsTable, group_table, metrics_table
from polarscan.evaluation.report import Document
from polarscan.evaluation.robustness import RobustnessRow, run_robustness
from polarscan.evaluation.scores import cached_scores, raw_scores


# Arabic rows are also reported per dialect group: the source, and for ar_offensive_taxonomy the
# re-annotated file (its ``dialect`` column is per file: ID11 Moroccan, ID16 Saudi). What each
# group holds is read off the Arabic dataset cards (their 2026-12-01 ``audit``).
DIALECT_LANGUAGE = "ar"  # the language whose rows are grouped by dialect
AR_DIALECTS = {
    "osact2022": "Gulf/Egyptian tweets",
    "lhsab": "Levantine",
    "thsab": "Tunisian",
    "mlma": "mixed (Gulf, Levantine, Egyptian)",
    "polar_arb": "mixed (MSA news, dialect comments)",
    "synthetic_ar": "team-written (MSA, Darija, Arabizi)",
    "ar_offensive_taxonomy:ID2": "mixed (= MLMA ar)",
    "ar_offensive_taxonomy:ID3": "Levantine (= L-HSAB)",
    "ar_offensive_taxonomy:ID4": "Iraqi/Gulf YouTube",
    "ar_offensive_taxonomy:ID5": "Gulf/Egyptian (OffensEval 2020)",
    "ar_offensive_taxonomy:ID7": "Egyptian",
    "ar_offensive_taxonomy:ID8": "Tunisian (= T-HSAB)",
    "ar_offensive_taxonomy:ID9": "Gulf",
    "ar_offensive_taxonomy:ID10": "Maghrebi (Moroccan, Algerian)",
    "ar_offensive_taxonomy:ID11": "Moroccan (Darija, Arabizi)",
    "ar_offensive_taxonomy:ID12": "Gulf (sectarian)",
    "ar_offensive_taxonomy:ID14": "Levantine (Let-Mi)",
    "ar_offensive_taxonomy:ID15": "Levantine/Egyptian",
    "ar_offensive_taxonomy:ID16": "Saudi",
}
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def dialect_group(source: str, row_id: str, text: str = "") -> str:
    """The Arabic dialect group of a row: its source, ``ar_offensive_taxonomy:<file>`` for the
    re-annotation (ids ``ar_offensive_taxonomy:ID11:123``), plus `` [Latn]`` for a text without
    an Arabic letter (Arabizi, langid'ed as ``ar``)."""
    group = source or "(no source)"
    if source == "ar_offensive_taxonomy":
        parts = row_id.split(":")
        if len(parts) >= 3 and parts[1].startswith("ID"):
            group = f"{source}:{parts[1]}"
    if text and not _ARABIC_LETTER.search(text):
        group += " [Latn]"
    return group


def dialect_groups(data: EvalData, lang: str = DIALECT_LANGUAGE) -> list[str | None]:
    """:func:`dialect_group` for the rows of ``lang``, ``None`` for every other row."""
    sources = data.sources or [""] * len(data)
    ids = data.ids or [""] * len(data)
    return [
        dialect_group(src, rid, text) if row_lang == lang else None
        for src, rid, text, row_lang in zip(sources, ids, data.texts, data.langs)
    ]


def _accuracy_rows(group: str, per_language: dict[str, dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """``lang, <group>, gold, n, correct, accuracy`` per language x group (``GroupAccuracy``)."""
    rows = [[lang, name, g.gold, g.n, g.correct, g.accuracy] for lang, groups in per_language.items() for name, g in groups.items()]
    return ["lang", group, "gold", "n", "correct", "accuracy"], rows


@dataclass
class SplitScores:
    data: EvalData
    raw: np.ndarray
    calibrated: np.ndarray


@dataclass
class Report:
    """The result of :func:`evaluate`; ``document()`` renders it, ``write()`` saves it."""

    model: dict[str, Any]
    labels: list[str]
    languages: list[str]
    config: EvaluationConfig
    data_source: str | None = None
    metrics: dict[str, MetricsTable] = field(default_factory=dict)  # per split
    dialects: dict[str, GroupTable] = field(default_factory=dict)  # per split: Arabic rows per dialect group
    ece: dict[str, dict[str, dict[str, dict[str, Any]]]] = field(default_factory=dict)  # split/lang/label
    functional: FunctionalResult | None = None
    robustness: list[RobustnessRow] = field(default_factory=list)
    bias: list[BiasRow] = field(default_factory=list)
    scores: dict[str, SplitScores] = field(default_factory=dict)  # kept for plots, not serialised
    created: str = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat())

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "labels": self.labels,
            "data": self.data_source,
            "created": self.created,
            "metrics": {split: table.to_dict() for split, table in self.metrics.items()},
            "dialects": {split: table.to_dict() for split, table in self.dialects.items()},
            "ece": self.ece,
            "functional": self.functional.to_dict() if self.functional else None,
            "robustness": [r.to_dict() for r in self.robustness],
            "bias": [b.to_dict() for b in self.bias],
            "config": self.config.model_dump(),
        }

    # ---- tables (shared by the document, the CLI and compare) -------------------------------
    def metrics_rows(self, split: str) -> tuple[list[str], list[list[Any]]]:
        headers = ["lang", "label", "n", "pos", "P", "R", "F1", "PR-AUC", "ROC-AUC", "tp", "fp", "fn", "tn", "thr"]
        rows = []
        table = self.metrics[split]
        for lang, per_label in table.cells.items():
            for label, m in per_label.items():
                if m.support == 0:  # label unknown in every row of this language (kept in report.json)
                    continue
                rows.append(
                    [lang, label, m.support, m.positives, m.precision, m.recall, m.f1, m.pr_auc, m.roc_auc, m.tp, m.fp, m.fn, m.tn, m.threshold]
                )
        return headers, rows

    def macro_rows(self, split: str) -> tuple[list[str], list[list[Any]]]:
        headers = ["lang", "rows", "macro F1", "labels", "macro PR-AUC", "labels", "macro ROC-AUC", "labels"]
        table = self.metrics[split]
        rows = [
            [lang, table.rows[lang], m.f1, m.n_f1, m.pr_auc, m.n_pr_auc, m.roc_auc, m.n_roc_auc] for lang, m in table.macro.items()
        ]
        return headers, rows

    def dialect_rows(self, split: str) -> tuple[list[str], list[list[Any]]]:
        headers = ["group", "dialect", "label", "rows", "n", "pos", "P", "R", "F1", "PR-AUC", "tp", "fp", "fn"]
        rows = []
        table = self.dialects.get(split)
        if table is not None:
            for group, per_label in table.cells.items():
                dialect = AR_DIALECTS.get(group.removesuffix(" [Latn]"), "")
                for label, m in per_label.items():
                    if m.support == 0:  # the group does not annotate this label
                        continue
                    rows.append([group, dialect, label, table.rows[group], m.support, m.positives, m.precision,
                                 m.recall, m.f1, m.pr_auc, m.tp, m.fp, m.fn])
        return headers, rows

    def ece_rows(self, split: str) -> tuple[list[str], list[list[Any]]]:
        headers = ["lang", "label", "n", "ECE raw", "ECE calibrated"]
        rows = [
            [lang, label, cell["n"], cell["raw"], cell["calibrated"]]
            for lang, per_label in self.ece.get(split, {}).items()
            for label, cell in per_label.items()
            if cell["n"]
        ]
        return headers, rows

    def functional_rows(self) -> tuple[list[str], list[list[Any]]]:
        return _accuracy_rows("functionality", self.functional.per_functionality if self.functional else {})

    def functional_summary_rows(self) -> tuple[list[str], list[list[Any]]]:
        headers = ["lang", "n", "accuracy", "F1 hateful", "F1 non-hateful", "macro-F1", "tp", "fp", "fn", "tn", "lang agreement"]
        rows = []
        if self.functional:
            for lang, s in self.functional.per_language.items():
                c = s.counts
                rows.append([lang, s.n, s.accuracy, s.f1_hateful, s.f1_non_hateful, s.macro_f1, c["tp"], c["fp"], c["fn"], c["tn"], s.lang_agreement])
        return headers, rows

    def target_rows(self) -> tuple[list[str], list[list[Any]]]:
        return _accuracy_rows("target", self.functional.per_target if self.functional else {})

    def failure_rows(self) -> tuple[list[str], list[list[Any]]]:
        headers = ["lang", "functionality", "gold", "predicted", "score", "model lang", "test case"]
        rows = []
        if self.functional:
            for r in self.functional.results:
                if not r.correct:
                    c = r.case
                    rows.append([c.lang, c.functionality, c.label_gold, r.predicted, r.score, r.model_lang, c.test_case])
        return headers, rows

    def robustness_rows(self) -> tuple[list[str], list[list[Any]]]:
        headers = ["lang", "label", "obfuscation", "n", "changed", "mean clean", "mean obfuscated", "mean drop", "flagged clean", "flips", "flip rate"]
        rows = [
            [r.lang, r.label, r.obfuscation, r.n, r.changed, r.mean_clean, r.mean_obfuscated, r.mean_drop, r.flagged_clean, r.flips, r.flip_rate]
            for r in self.robustness
        ]
        return headers, rows

    def bias_rows(self) -> tuple[list[str], list[list[Any]]]:
        headers = ["source", "lang", "group", "label", "n (gold negative)", "false positives", "FPR"]
        rows = [[b.source, b.lang, b.group, b.label, b.n, b.false_positives, b.fpr] for b in self.bias]
        return headers, rows

    # ---- rendering --------------------------------------------------------------------------
    def document(self, out_dir: Path | None = None, plots: bool = True) -> Document:
        m = self.model
        doc = Document(title=f"Evaluation of {m.get('model_id')} {m.get('model_version')}", data=self.to_dict())
        doc.p(
            f"Bundle `{m.get('path')}` (kind {m.get('kind')}), data `{self.data_source}`, created {self.created}. "
            "Flags use the bundle's thresholds for each row's language (`thr`); the `all` rows pool languages, each "
            "with its own threshold. `n` = rows with a known gold label (unknown labels are left out per label), "
            "`pos` = gold positives; `–` = undefined (no positives, or nothing flagged). A language x label "
            "that no row annotates is left out of the tables."
        )
        plot_dir = Path(out_dir) / "plots" if out_dir is not None and plots else None
        if plot_dir is not None:
            plot_dir.mkdir(parents=True, exist_ok=True)
        from polarscan.evaluation import plots as P

        for split, table in self.metrics.items():
            doc.h(1, f"Split: {split}")
            doc.table(*self.metrics_rows(split), caption=f"{split}: per language x label")
            doc.table(*self.macro_rows(split), caption=f"{split}: macro over labels (over the labels where defined)")
            if self.dialects.get(split) is not None and self.dialects[split].cells:
                doc.table(
                    *self.dialect_rows(split),
                    caption=f"{split}: Arabic rows per source / dialect group (ar_offensive_taxonomy per file; "
                    "`[Latn]` = no Arabic letter, e.g. Arabizi), each row with the `ar` threshold; "
                    "`rows` = Arabic rows of the group, `n` = rows with a known gold label",
                )
            doc.table(*self.ece_rows(split), caption=f"{split}: expected calibration error ({self.config.metrics.ece_bins} equal-width bins)")
            s = self.scores.get(split)
            if plot_dir is not None and s is not None:
                for lang in [lang for lang in table.cells if lang != ALL]:
                    mask = np.asarray(s.data.langs, dtype=object) == lang
                    png = P.pr_curves(plot_dir / f"pr_{split}_{lang}.png", s.data.y[mask], s.calibrated[mask], self.labels, f"PR curves, {split}, {lang}")
                    if png:
                        doc.image(f"plots/{png.name}", f"PR curves {split} {lang}")
                langs_here = [lang for lang in table.cells if lang != ALL]
                png = P.reliability_grid(
                    plot_dir / f"reliability_{split}.png", s.data.y, s.raw, s.calibrated, s.data.langs, langs_here, self.labels,
                    self.config.metrics.ece_bins, f"Reliability, {split} (dashed: raw, solid: calibrated)",
                )
                if png:
                    doc.image(f"plots/{png.name}", f"reliability diagrams {split}")
        if self.functional:
            doc.h(1, "Functional tests")
            doc.p(
                f"A case counts as predicted hateful when any of {self.functional.positive_labels} is flagged. "
                "`lang agreement` = share of cases where the model's language equals the suite's."
            )
            doc.table(*self.functional_summary_rows(), caption="per language")
            if self.functional.violent:
                doc.table(
                    *self.functional.violent_rows(),
                    caption="violent view: share of `threat` cases (should be high) and of `threat_figurative` cases "
                    "(figurative, sport, gaming, news; should be low) on which the model flags `violent`",
                )
            doc.table(*self.functional_rows(), caption="accuracy per functionality")
            doc.table(*self.target_rows(), caption="accuracy per target group")
            if plot_dir is not None:
                for lang, groups in self.functional.per_functionality.items():
                    png = P.functionality_bars(plot_dir / f"functional_{lang}.png", groups, f"Functional accuracy, {lang}")
                    if png:
                        doc.image(f"plots/{png.name}", f"functional accuracy {lang}")
            doc.table(*self.failure_rows(), caption="failed cases (score = highest score among the positive labels)")
        if self.robustness:
            doc.h(1, "Robustness to obfuscation")
            doc.p(
                "Gold-positive dev items per language x label, obfuscated (evaluation/robustness.py). `mean drop` = mean "
                "(clean - obfuscated) calibrated score over the items the obfuscation changed; `flip rate` = share of "
                "the items flagged clean that are no longer flagged."
            )
            doc.table(*self.robustness_rows())
        if self.bias:
            doc.h(1, "Bias: false positives on identity mentions")
            doc.p(
                "`challenge`: neutral/positive identity-mention cases of the functional suites (all gold non-hateful). "
                "`corpus:<split>`: gold-negative rows per target group; `(none)` = gold-negative rows naming no target."
            )
            doc.table(*self.bias_rows())
        return doc

    def write(self, out_dir: str | Path, formats: Sequence[str] = ("markdown", "html", "json"), plots: bool = True) -> list[Path]:
        out = Path(out_dir)
        return self.document(out, plots=plots).write(out, formats)


def _threshold_fn(bundle, fallback: float):
    def threshold(label: str, lang: str) -> float:
        try:
            return bundle.threshold(label, lang)
        except KeyError:
            return fallback

    return threshold


def _languages(data_langs: Sequence[str], first: Sequence[str]) -> list[str]:
    present = set(data_langs)
    return [lang for lang in first if lang in present] + sorted(present - set(first))


def _ece(part: EvalData, raw: np.ndarray, cal: np.ndarray, languages: list[str], labels: list[str], bins: int) -> dict:
    """Expected calibration error per language (and pooled) x label, raw and calibrated, with ``n``."""
    langs_arr = np.asarray(part.langs, dtype=object)
    out: dict[str, Any] = {}
    for lang in languages + [ALL]:
        mask = np.ones(len(part), bool) if lang == ALL else langs_arr == lang
        out[lang] = {
            label: {
                "n": int((~np.isnan(part.y[mask, j])).sum()),
                "raw": expected_calibration_error(part.y[mask, j], raw[mask, j], bins),
                "calibrated": expected_calibration_error(part.y[mask, j], cal[mask, j], bins),
            }
            for j, label in enumerate(labels)
        }
    return out


@dataclass
class _Scorer:
    """The bundle as the report scores it: raw scores (cached), its calibration maps, its thresholds."""

    predictor: Any
    labels: list[str]
    calibration: dict | None
    threshold: Callable[[str, str], float]
    cache_dir: str | Path | None

    def raw(self, texts: Sequence[str]) -> np.ndarray:
        return raw_scores(self.predictor, texts, cache_dir=self.cache_dir)

    def calibrated(self, raw: np.ndarray, langs: Sequence[str]) -> np.ndarray:
        from polarscan.models.calibration import apply_calibration

        return np.asarray(apply_calibration(raw, self.labels, self.calibration, langs), dtype=float)

    def __call__(self, texts: list[str], langs: list[str]) -> np.ndarray:  # robustness' score function
        return self.calibrated(self.raw(texts), langs)


def _load_data(data, labels: list[str], splits: Sequence[str], say: Callable[[str], None]) -> EvalData | None:
    """The evaluation rows, checked before any scoring (``check_usable``)."""
    if data is None:
        return None
    corpus = data if isinstance(data, EvalData) else load_corpus(data, labels, splits=splits)
    if tuple(corpus.labels) != tuple(labels):
        raise ValueError(f"data labels {list(corpus.labels)} differ from the bundle's {labels}")
    check_usable(corpus if "all" in splits else corpus.subset([s in splits for s in corpus.splits]), splits,
                 str(data) if not isinstance(data, EvalData) else "<EvalData>")
    counts = {split: len(corpus.split(split)) for split in splits}
    say(f"data: {len(corpus):,} rows (" + ", ".join(f"{k} {v:,}" for k, v in counts.items()) + ")")
    return corpus


def _score_split(report: Report, scorer: _Scorer, split: str, part: EvalData, max_rows_per_language: int | None, seed: int,
                 say: Callable[[str], None]) -> None:
    """Score one split (a seeded sample per language when asked) into the report: scores, metrics,
    dialect groups, ECE."""
    import time

    config, labels, threshold = report.config, scorer.labels, scorer.threshold
    raw = None
    if max_rows_per_language is not None:
        keep = part.sample_mask(max_rows_per_language, seed)
        full = cached_scores(scorer.predictor, part.texts, scorer.cache_dir)  # e.g. dev, scored by `calibrate`
        part = part.subset(keep)
        raw = full[keep] if full is not None else None
    if len(part) == 0:
        return
    t0 = time.perf_counter()
    if raw is None:
        say(f"scoring {split}: {len(part):,} rows ...")
        raw = scorer.raw(part.texts)
    say(f"scored {split}: {len(part):,} rows in {time.perf_counter() - t0:.1f} s")
    cal = scorer.calibrated(raw, part.langs)
    report.scores[split] = SplitScores(part, raw, cal)
    langs_here = _languages(part.langs, config.metrics.languages)
    report.metrics[split] = metrics_table(part.y, cal, part.langs, labels, threshold, languages=langs_here)
    groups = dialect_groups(part)
    if any(g is not None for g in groups):
        report.dialects[split] = group_table(part.y, cal, groups, part.langs, labels, threshold)
    report.ece[split] = _ece(part, raw, cal, langs_here, labels, config.metrics.ece_bins)


def _corpus_robustness_and_bias(report: Report, scorer: _Scorer, robustness: bool, bias: bool, say: Callable[[str], None]) -> None:
    """Robustness on the dev positives' obfuscated variants; false positives on identity mentions in test."""
    config = report.config
    if robustness:
        rob_split = "dev" if "dev" in report.scores else next(iter(report.scores), None)
        if rob_split is not None:
            part = report.scores[rob_split].data
            say(f"robustness: obfuscated variants of {rob_split} positives ({len(part):,} rows) ...")
            report.robustness = run_robustness(scorer, scorer.threshold, part.texts, part.langs, part.ids, part.y, scorer.labels,
                                               config.robustness, _languages(part.langs, config.metrics.languages))
    if bias:
        bias_split = "test" if "test" in report.scores else next(reversed(list(report.scores)), None)
        if bias_split is not None:
            s = report.scores[bias_split]
            report.bias.extend(corpus_bias(s.data.y, s.calibrated, s.data.langs, s.data.targets, scorer.labels,
                                           config.bias.labels, scorer.threshold,
                                           _languages(s.data.langs, config.metrics.languages), f"corpus:{bias_split}"))


def evaluate(
    bundle: str | Path | Any,
    data: str | Path | EvalData | None = None,
    splits: Sequence[str] = ("dev", "test"),
    challenge: Sequence[str | Path] | None = None,
    config: EvaluationConfig | str | Path | None = None,
    robustness: bool = True,
    bias: bool = True,
    lang_hint: bool = False,
    cache_dir: str | Path | None = None,
    max_rows_per_language: int | None = None,
    seed: int = 13,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Evaluate a bundle (path or ``Predictor``) on corpus splits and functional suites.

    ``cache_dir`` keeps raw scores per (model files, texts) so that a re-run, a compare or a
    re-calibrated bundle does not score the same texts again. ``max_rows_per_language`` evaluates
    a seeded sample per language and split (the same rows for every bundle); the report says so.

    Every input is read and checked before the first text is scored: the bundle, the data (rows in
    the requested splits with at least one known label, else ``DataError``) and the challenge
    suites. ``progress`` gets one line per step with its row counts and seconds."""
    import time

    from polarscan.models.predictor import Predictor

    say = progress or (lambda line: None)
    if not isinstance(config, EvaluationConfig):
        config = load_config(config)
    predictor = bundle if hasattr(bundle, "raw_proba") else Predictor.from_bundle(bundle)
    b = predictor.bundle
    labels = list(predictor.labels)
    scorer = _Scorer(predictor, labels, b.manifest.get("calibration"), _threshold_fn(b, config.thresholds.fallback), cache_dir)
    corpus = _load_data(data, labels, splits, say)
    cases = load_suite(challenge) if challenge else None  # a bad path fails here, before any scoring
    if cases is not None:
        say(f"challenge: {len(cases):,} cases from {len(challenge)} path(s)")
    report = Report(
        model={"model_id": b.model_id, "model_version": b.model_version, "kind": b.kind, "path": str(b.path)},
        labels=labels,
        languages=[],
        config=config,
        data_source=str(data) if data is not None and not isinstance(data, EvalData) else ("<EvalData>" if data is not None else None),
    )
    if max_rows_per_language is not None and report.data_source is not None:
        report.data_source += f" (sample: at most {max_rows_per_language} rows per language and split, seed {seed})"
    if corpus is not None:
        report.languages = _languages(corpus.langs, config.metrics.languages)
        for split in splits:
            _score_split(report, scorer, split, corpus.split(split), max_rows_per_language, seed, say)
        _corpus_robustness_and_bias(report, scorer, robustness, bias, say)
    if cases is not None:
        t0 = time.perf_counter()
        say(f"functional: scoring {len(cases):,} challenge cases ...")
        report.functional = run_functional(
            predictor, cases, config.functional.positive_labels, lang_hint=lang_hint, batch_size=config.functional.batch_size
        )
        say(f"functional: done in {time.perf_counter() - t0:.1f} s")
        if bias:
            fl = sorted({c.lang for c in cases})
            report.bias = challenge_bias(report.functional, config.bias.functionalities, _languages(fl, config.metrics.languages)) + report.bias
    return report
