"""Evaluation of polarscan bundles: metrics per language x label, calibration fitting, thresholds,
functional (HateCheck-format) tests, robustness, bias and reports.

``from evaluation import evaluate`` gives the top-level function; nothing heavy is imported here.
"""

from __future__ import annotations

__all__ = ["evaluate", "Report"]


def __getattr__(name: str):
    if name in __all__:
        from polarscan.evaluation import run

        return getattr(run, name)
    raise AttributeError(f"module 'evaluation' has no attribute {name!r}")
