"""``calibrate_bundle``: fit calibration maps and thresholds on dev and write them into a bundle.

Order matters: the maps are fitted on the *raw* dev scores (pooled, and per language where a
language has enough dev positives), then thresholds are chosen on the *calibrated* dev scores (the
scores the server compares with them). The manifest gets
``calibration``, ``thresholds`` and ``calibration_fit`` (how each was chosen, on which data);
``models.bundle.update_manifest`` rehashes the files.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from polarscan.evaluation.calibration import LabelCalibrationFit, expected_calibration_error, fit_calibration, served_maps
from polarscan.evaluation.config import EvaluationConfig, load_config
from polarscan.evaluation.data import EvalData, load_corpus
from polarscan.evaluation.scores import raw_scores
from polarscan.evaluation.thresholds import ThresholdChoice, fit_thresholds
from polarscan.models.bundle import sha256_file


@dataclass
class CalibrationResult:
    bundle_path: Path
    calibration: dict[str, dict]
    thresholds: dict[str, dict[str, float]]
    fits: dict[str, LabelCalibrationFit]
    choices: dict[str, dict[str, ThresholdChoice]]
    ece_before: dict[str, float | None]
    ece_after: dict[str, float | None]
    rows: int
    flag_languages: dict[str, list[str]] | None = None

    def rows_calibration(self) -> tuple[list[str], list[list[Any]]]:
        headers = ["label", "lang", "method", "dev n", "dev pos", "CV log-loss identity", "temperature", "isotonic", "T"]
        rows = []
        for label, fit in self.fits.items():
            for lang, f in [("pooled", fit), *fit.languages.items()]:
                cv = f.cv_log_loss
                rows.append(
                    [label, lang, f.method, f.support, f.positives, cv.get("identity"), cv.get("temperature"), cv.get("isotonic"), f.calibration.get("T")]
                )
        return headers, rows

    def rows_ece(self) -> tuple[list[str], list[list[Any]]]:
        headers = ["label", "dev ECE raw", "dev ECE calibrated (in-sample)"]
        return headers, [[label, self.ece_before[label], self.ece_after[label]] for label in self.fits]

    def rows_thresholds(self) -> tuple[list[str], list[list[Any]]]:
        headers = ["label", "lang", "threshold", "strategy", "dev n", "dev pos", "P", "R", "F1", "note"]
        rows = []
        for label, per_lang in self.choices.items():
            for lang, c in per_lang.items():
                if c.support == 0:  # no dev row of this language annotates the label
                    continue
                rows.append([label, lang, c.threshold, c.strategy, c.support, c.positives, c.precision, c.recall, c.f1, c.note])
        return headers, rows


def measured_languages(y: np.ndarray, langs: list[str], labels: list[str], min_positives: int,
                       min_negatives: int) -> dict[str, list[str]]:
    """Per label, the languages whose dev rows measured it (>= ``min_positives`` known positives
    and >= ``min_negatives`` known negatives; unknown cells are NaN and count as neither). Only
    these language x label pairs are flagged when served (``models.bundle.Bundle.flag_enabled``)."""
    langs_arr = np.asarray(langs)
    out: dict[str, list[str]] = {}
    for j, label in enumerate(labels):
        keep = []
        for lang in sorted(set(langs)):
            col = y[langs_arr == lang, j]
            if np.sum(col == 1) >= min_positives and np.sum(col == 0) >= min_negatives:
                keep.append(lang)
        out[label] = keep
    return out


# the bundle's calibration summary: key -> attribute of LabelCalibrationFit
_SUMMARY = {"method": "method", "reason": "reason", "dev_rows": "support", "dev_positives": "positives", "cv_log_loss": "cv_log_loss"}


def _fit_summary(fit: LabelCalibrationFit) -> dict[str, Any]:
    return {key: getattr(fit, attr) for key, attr in _SUMMARY.items()}


def calibrate_bundle(
    bundle_dir: str | Path,
    dev_data: str | Path | EvalData,
    config: EvaluationConfig | str | Path | None = None,
    split: str = "dev",
    write: bool = True,
    cache_dir: str | Path | None = None,
) -> CalibrationResult:
    """Fit on the ``split`` rows of ``dev_data`` (all rows of an ``EvalData`` already cut to dev
    are fine too: pass ``split="all"``) and, with ``write``, store the result in the bundle."""
    from polarscan.models.bundle import update_manifest
    from polarscan.models.calibration import apply_calibration
    from polarscan.models.predictor import Predictor

    if not isinstance(config, EvaluationConfig):
        config = load_config(config)
    predictor = Predictor.from_bundle(bundle_dir)
    labels = list(predictor.labels)
    data = dev_data if isinstance(dev_data, EvalData) else load_corpus(dev_data, labels, splits=[split])
    dev = data.split(split)
    if len(dev) == 0:
        raise ValueError(f"no {split!r} rows in {dev_data}; calibration needs the dev split")
    raw = raw_scores(predictor, dev.texts, cache_dir=cache_dir)
    fits = fit_calibration(dev.y, raw, labels, config.calibration, langs=dev.langs)
    calibration = served_maps(fits)
    calibrated = np.asarray(apply_calibration(raw, labels, calibration, dev.langs), dtype=float)
    thresholds, choices = fit_thresholds(dev.y, calibrated, dev.langs, labels, config.thresholds)
    flag_languages = measured_languages(dev.y, dev.langs, labels, config.thresholds.min_measured_positives,
                                        config.thresholds.min_measured_negatives)
    bins = config.metrics.ece_bins
    ece_before = {label: expected_calibration_error(dev.y[:, j], raw[:, j], bins) for j, label in enumerate(labels)}
    ece_after = {label: expected_calibration_error(dev.y[:, j], calibrated[:, j], bins) for j, label in enumerate(labels)}
    result = CalibrationResult(Path(bundle_dir), calibration, thresholds, fits, choices, ece_before, ece_after, len(dev),
                               flag_languages)
    if write:
        source: dict[str, Any] = {"split": split, "rows": len(dev)}
        if not isinstance(dev_data, EvalData):
            source["data"] = Path(dev_data).name
            source["sha256"] = sha256_file(Path(dev_data))
        fit_summary = {
            "fitted_on": source,
            "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
            "config": {"calibration": config.calibration.model_dump(), "thresholds": config.thresholds.model_dump()},
            "labels": {
                label: {
                    **_fit_summary(fit),
                    "ece_before": ece_before[label],
                    "ece_after": ece_after[label],
                    "languages": {lang: _fit_summary(f) for lang, f in fit.languages.items()},
                }
                for label, fit in fits.items()
            },
            "thresholds": {
                label: {lang: {k: v for k, v in c.to_dict().items() if k != "threshold"} for lang, c in per_lang.items()}
                for label, per_lang in choices.items()
            },
        }
        update_manifest(bundle_dir, calibration=calibration, thresholds=thresholds, calibration_fit=fit_summary,
                        flag_languages=flag_languages)
    return result
