"""Training pipelines: a training step from ``training/`` composed with what ``evaluation/``
measures, ending in a finalised bundle (``pipelines.finalize``).

* ``train_from_config(path, overrides) -> RunResult``: what ``polarscan train`` calls; dispatches
  on the config's ``kind``;
* ``train_baseline(config)``: fit the TF-IDF baseline, write its bundle, finalise it;
* ``train_transformer(config)``: fine-tune, selecting checkpoints with
  ``evaluation.selection.dev_report`` (export is a separate step: the run holds checkpoints);
* ``export_bundle(run_dir, out_dir, ...) -> Bundle``: what ``polarscan export`` calls; the ONNX
  bundle of a fine-tuning run, finalised on the dev/test rows the run's config selects.
"""

from __future__ import annotations

import json
from pathlib import Path

from polarscan.models.bundle import Bundle
from polarscan.pipelines.finalize import finalize_bundle
from polarscan.training.result import RunResult


def train_baseline(config, config_path: Path | None = None) -> RunResult:
    """``training.baseline.train`` then ``finalize_bundle``; ``metrics`` holds the bundle's metrics.json."""
    from polarscan.training.baseline import train

    result = train(config, config_path=config_path)
    finalize_bundle(result.bundle_dir, splits=result.eval_rows)
    result.metrics = json.loads((result.bundle_dir / "metrics.json").read_text(encoding="utf-8"))
    return result


def train_transformer(config, config_path: str | None = None) -> RunResult:
    """``training.transformer.train.train`` with evaluation's dev scorer."""
    from polarscan.evaluation.selection import dev_report
    from polarscan.training.transformer.train import train

    return train(config, dev_report, config_path)


def train_from_config(path: Path | str, overrides=()) -> RunResult:
    """Validate the config file (``kind: baseline`` or ``transformer``) with the overrides, then train."""
    from polarscan.training.baseline import BaselineConfig
    from polarscan.training.config import config_kind, load_config
    from polarscan.training.transformer.config import TransformerConfig

    kind = config_kind(path)
    if kind == "baseline":
        return train_baseline(load_config(path, overrides, BaselineConfig), config_path=Path(path))
    return train_transformer(load_config(path, overrides, TransformerConfig), config_path=str(path))


def export_bundle(run_dir: Path | str, out_dir: Path | str, quantize: bool | str | None = None, **options) -> Bundle:
    """``training.transformer.export.export_run`` (same arguments) then ``finalize_bundle`` on the
    dev/test rows the run's config selects; returns the finalised bundle."""
    from polarscan.training.transformer.export import export_run

    result = export_run(run_dir, out_dir, quantize, **options)
    return finalize_bundle(result.bundle_dir, splits=result.eval_rows)
