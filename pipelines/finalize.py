"""Finalise a written bundle: calibrate and threshold on dev, measure dev/test, write the card.

Every trained bundle goes through ``finalize_bundle`` (``polarscan train`` for the baseline,
``polarscan export`` for the transformer, ``polarscan finalize`` for a bundle made elsewhere).
Scores are the served ones: the exported ONNX model through ``models.predictor.Predictor`` and
the bundle's calibration maps, so the metrics describe what is served, not the training framework.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from polarscan.evaluation.calibrate import calibrate_bundle
from polarscan.evaluation.data import rows_to_data
from polarscan.evaluation.metrics import MetricsTable, metrics_table
from polarscan.evaluation.scores import raw_scores
from polarscan.models.bundle import Bundle, load_bundle, write_manifest
from polarscan.models.calibration import apply_calibration
from polarscan.models.corpus import read_corpus
from polarscan.models.langid import ordered_languages
from polarscan.training.bundle_card import model_card


def score_rows(bundle: Bundle, rows: list, cache_dir: Path | None = None) -> MetricsTable:
    """Per language x label metrics of a bundle on corpus rows, with the served scores: raw model
    scores, then the bundle's per-language calibration maps. With ``cache_dir``, raw scores already
    computed for these texts (e.g. by calibration) are reused."""
    from polarscan.models.predictor import Predictor

    data = rows_to_data(rows, bundle.labels, source="bundle-eval")
    raw = raw_scores(Predictor(bundle), data.texts, cache_dir=cache_dir)
    scores = apply_calibration(raw, bundle.labels, bundle.manifest.get("calibration"), data.langs)
    return metrics_table(data.y, scores, data.langs, bundle.labels, bundle.threshold, languages=ordered_languages(data.langs))


def finalize_bundle(out: Path | str, *, splits: dict[str, list], description: str | None = None,
                    reproduce: str | None = None, config: Any = None, cache_dir: Path | str | None = None) -> Bundle:
    """Make a written bundle self-describing and its scores meaningful.

    1. calibration maps per label and thresholds per label x language fitted on the dev rows
       (``evaluation.calibrate.calibrate_bundle`` with ``configs/evaluation.yaml``);
    2. dev/test metrics per language x label through the exported model as served;
    3. metrics.json, MODEL_CARD.md, rehashed manifest (``card``: the text it was written from).

    ``description``/``reproduce`` default to the manifest's ``card`` (written by training).
    ``config``: the evaluation config (an ``EvaluationConfig``, a path, or None for
    ``configs/evaluation.yaml``): calibration and threshold policy. ``cache_dir``: keep raw scores
    there (``evaluation.scores``) so a second finalisation of the same model scores nothing again;
    None: a temporary folder.
    """
    out = Path(out)
    written = load_bundle(out)  # verifies every file's hash: read once here
    card_text = written.manifest.get("card", {})
    description = description or card_text.get("description")
    reproduce = reproduce or card_text.get("reproduce")
    if not description or not reproduce:
        raise ValueError(f"{out}: give the model card's description and reproduce text (the manifest has none stored)")
    if not splits.get("dev"):
        raise ValueError("finalize_bundle needs dev rows to fit calibration and thresholds")
    with tempfile.TemporaryDirectory() as tmp:  # dev is scored once: for calibration and for metrics
        cache = cache_dir if cache_dir is not None else tmp
        calibrate_bundle(out, rows_to_data(splits["dev"], written.labels, source="dev"), config, split="all", cache_dir=cache)
        bundle = load_bundle(out)
        metrics = {split: score_rows(bundle, rows, Path(cache)).to_dict() for split, rows in splits.items() if rows}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = {
        split: {lang: {"macro_f1": m["f1"], "macro_pr_auc": m["pr_auc"], "rows": table["rows"].get(lang)}
                for lang, m in table["macro"].items()}
        for split, table in metrics.items()
    }
    manifest: dict[str, Any] = {**bundle.manifest, "metrics_summary": summary,
                                "card": {"description": description, "reproduce": reproduce}}
    (out / "MODEL_CARD.md").write_text(model_card(manifest, metrics, description, reproduce), encoding="utf-8")
    write_manifest(out, manifest)
    return load_bundle(out)


def finalize_on_corpus(bundle_dir: Path | str, corpus: Path | str, description: str | None = None,
                       reproduce: str | None = None, config: Any = None, cache_dir: Path | str | None = None) -> Bundle:
    """``finalize_bundle`` on every dev and test row of a corpus file (``polarscan finalize``)."""
    return finalize_bundle(bundle_dir, splits=dev_test_rows(corpus), description=description, reproduce=reproduce,
                           config=config, cache_dir=cache_dir)


def dev_test_rows(corpus: Path | str) -> dict[str, list]:
    """``{"dev": rows, "test": rows}`` of a corpus file, read once (``polarscan finalize``, ``retrain``'s comparison)."""
    rows = read_corpus(corpus, splits=["dev", "test"])
    return {split: [r for r in rows if r.split == split] for split in ("dev", "test")}
