"""The evaluation config (``configs/evaluation.yaml``), validated before any work starts."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from polarscan.models.config import ConfigError, StrictModel, apply_overrides, read_yaml, validate  # noqa: F401  (ConfigError: evaluation.cli catches it here)

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "configs" / "evaluation.yaml"

OBFUSCATIONS = ("leet", "spaces", "swap", "drop", "emoji")


class CalibrationConfig(StrictModel):
    method: Literal["auto", "identity", "temperature", "isotonic"] = "auto"
    cv_folds: int = Field(5, ge=2)
    min_positives: int = Field(20, ge=1)
    isotonic_eps: float = Field(1e-3, ge=0.0, lt=0.5)
    seed: int = 13
    per_language: bool = True
    min_positives_per_language: int = Field(30, ge=1)


ThresholdStrategy = Literal["max_f1", "max_fbeta", "target_precision"]


class LabelThresholdConfig(StrictModel):
    """Per-label overrides of the threshold policy (``thresholds.labels.<label>``); unset keys
    keep the global value."""

    strategy: ThresholdStrategy | None = None
    beta: float | None = Field(None, gt=0.0)
    target_precision: float | None = Field(None, gt=0.0, le=1.0)
    max_benign_flag_rate: float | None = Field(None, gt=0.0, le=1.0)
    cap_languages: list[str] | None = None


class ThresholdConfig(StrictModel):
    strategy: ThresholdStrategy = "max_f1"
    # "max_fbeta": F-beta instead of F1 (beta > 1 weighs recall higher).
    beta: float = Field(1.0, gt=0.0)
    target_precision: float = Field(0.8, gt=0.0, le=1.0)
    # The threshold of a language never flags more than this share of that language's *benign*
    # dev rows (every annotated label negative); the pooled default the same on all benign dev rows.
    # None: no cap. Needs min_benign_rows benign rows, else no cap is applied (and the choice says so).
    max_benign_flag_rate: float | None = Field(None, gt=0.0, le=1.0)
    # The languages whose thresholds the cap binds; None: every language and the pooled default
    # (a list leaves the pooled default and the other languages uncapped).
    cap_languages: list[str] | None = None
    min_benign_rows: int = Field(50, ge=1)
    min_positives_per_language: int = Field(30, ge=1)
    fallback: float = Field(0.5, ge=0.0, le=1.0)
    # A label is flagged in a language only when that language's dev rows measured it: at least
    # this many dev positives and negatives. Elsewhere the score is served with flagged false.
    min_measured_positives: int = Field(5, ge=1)
    min_measured_negatives: int = Field(5, ge=1)
    labels: dict[str, LabelThresholdConfig] = {}

    def for_label(self, label: str) -> "ThresholdConfig":
        """This config with ``labels[label]``'s overrides applied (and no per-label table)."""
        override = self.labels.get(label)
        changes = {k: v for k, v in (override.model_dump() if override else {}).items() if v is not None}
        return self.model_copy(update={**changes, "labels": {}})


class MetricsConfig(StrictModel):
    ece_bins: int = Field(10, ge=1)
    languages: list[str] = ["nl", "fr", "ar"]


class FunctionalConfig(StrictModel):
    positive_labels: list[str] = ["hateful"]
    batch_size: int = Field(64, ge=1)
    timeout_s: float = Field(60.0, gt=0)


class RobustnessConfig(StrictModel):
    obfuscations: list[str] = list(OBFUSCATIONS)
    labels: list[str] = ["hateful", "offensive", "violent"]
    word_rate: float = Field(0.5, gt=0.0, le=1.0)
    max_items: int = Field(400, ge=1)
    seed: int = 13

    @field_validator("obfuscations")
    @classmethod
    def _known_obfuscations(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in OBFUSCATIONS]
        if unknown:
            raise ValueError(f"unknown obfuscations {unknown}; choose from {list(OBFUSCATIONS)}")
        return value


class BiasConfig(StrictModel):
    functionalities: list[str] = ["identity_neutral", "identity_positive"]
    labels: list[str] = ["hateful"]


class EvaluationConfig(StrictModel):
    version: Literal[1] = 1
    calibration: CalibrationConfig = CalibrationConfig()
    thresholds: ThresholdConfig = ThresholdConfig()
    metrics: MetricsConfig = MetricsConfig()
    functional: FunctionalConfig = FunctionalConfig()
    robustness: RobustnessConfig = RobustnessConfig()
    bias: BiasConfig = BiasConfig()


def load_config(path: str | Path | None = None, overrides: dict | None = None) -> EvaluationConfig:
    """Read and validate an evaluation config (``models.config``); ``overrides`` map dotted keys
    (``thresholds.strategy``) to values (a string is read as a YAML scalar, as on the training CLI).
    ``ConfigError`` is ``models.config.ConfigError``."""
    path = Path(path) if path is not None else DEFAULT_CONFIG_PATH
    return validate(EvaluationConfig, apply_overrides(read_yaml(path), (overrides or {}).items()), str(path))
