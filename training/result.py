"""``RunResult``: what every training step returns (baseline, transformer fine-tuning, export) and
what the pipelines (``pipelines/``) hand back after finalising a bundle. One type, so callers read
fields instead of guessing with ``getattr``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class RunResult:
    kind: str  # "baseline", "transformer" (a fine-tuning run) or "export"
    run_dir: Path  # the folder the step wrote (baseline: the bundle's parent)
    seconds: float
    bundle_dir: Path | None = None  # the bundle written (baseline, export); None for a fine-tuning run
    best_score: float | None = None  # fine-tuning: best dev selection score ...
    best_step: int | None = None  # ... and the step it was reached at
    steps: int | None = None
    stopped: str | None = None  # why fine-tuning stopped
    metrics: dict[str, Any] = field(default_factory=dict)  # after finalising: the bundle's metrics.json
    eval_rows: dict[str, list] = field(default_factory=dict, repr=False)  # dev/test rows the bundle is finalised on

    def __str__(self) -> str:
        if self.bundle_dir is not None:
            return f"bundle {self.bundle_dir} in {self.seconds:.0f}s (metrics in its metrics.json and MODEL_CARD.md)"
        return (f"run {self.run_dir}: best dev macro-F1 {self.best_score or 0:.4f} at step {self.best_step}; "
                f"{self.steps} steps in {self.seconds / 60:.1f} min ({self.stopped})")
