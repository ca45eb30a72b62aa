"""The pipeline layer: workflows that span training and evaluation, composed one floor above both.

``training/`` and ``evaluation/`` stand on ``models/`` and do not know each other; what needs
both lives here, next to the CLI:

* ``pipelines.finalize``: ``finalize_bundle`` - calibration maps and thresholds fitted on dev
  (evaluation), dev/test metrics through the exported model, metrics.json, MODEL_CARD.md
  (``training.bundle_card``), rehashed manifest;
* ``pipelines.train``: ``train_from_config`` (baseline: train -> finalize; transformer: fine-tune
  with evaluation's dev scorer), ``export_bundle`` (transformer run -> ONNX bundle -> finalize);
* ``pipelines.cli``: ``polarscan train``, ``export``, ``finalize``.
"""
