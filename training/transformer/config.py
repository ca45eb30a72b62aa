"""Typed schema of ``configs/transformer.yaml`` (every field documented there).

Loaded with ``training.config.load_config(path, overrides, TransformerConfig)``: unknown fields
are refused (``extra="forbid"``) and a bad value is named in the error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from polarscan.models.config import StrictModel
from polarscan.models.langid import NAMED_LANGS


class ModelConfig(StrictModel):
    base: str = "runs/base/e5-small"
    max_length: int = Field(64, ge=8, le=512)
    pooling: Literal["mean", "cls"] = "mean"
    dropout: float = Field(0.1, ge=0.0, lt=1.0)
    freeze_embeddings: bool = True
    freeze_layers: int = Field(0, ge=0)


class DataConfig(StrictModel):
    corpus: Path = Path("data/corpus/corpus.jsonl")
    languages: list[str] | None = None
    exclude_sources: list[str] = Field(default_factory=list)
    max_rows_per_source: int | None = Field(None, ge=1)
    dev_max_rows_per_source: int | None = Field(400, ge=1)
    dev_keep_all_sources: list[str] = Field(default_factory=lambda: ["imsypp_nl"])


class SamplingConfig(StrictModel):
    # "passes": every training row once per pass (plus `repeat` copies), length-bucketed batches;
    # "weighted": batches drawn with replacement with language/source-balanced weights.
    mode: Literal["passes", "weighted"] = "weighted"
    balance: Literal["none", "language", "language_source"] = "language_source"
    alpha: float = Field(0.5, ge=0.0, le=1.0)
    repeat: dict[str, float] = Field(default_factory=dict)  # passes: copies per pass of a source's rows (1.5 = 1 + a 50% sample)
    pairs_in_batch: bool = True  # passes: rows sharing meta.pair (minimal pairs) go into the same batch
    bucket_batches: int = Field(50, ge=1)  # passes: sort by length within windows of this many batches


class AugmentConfig(StrictModel):
    prob: float = Field(0.3, ge=0.0, le=1.0)
    obfuscations: list[Literal["leet", "insert_spaces", "remove_spaces", "swap", "drop", "arabizi"]] = Field(
        default_factory=lambda: ["leet", "insert_spaces", "remove_spaces", "swap", "drop", "arabizi"]
    )
    word_rate: float = Field(0.3, gt=0.0, le=1.0)
    slur_prob: float = Field(0.15, ge=0.0, le=1.0)
    hurtlex_dir: Path | None = Path("../shared/data/hurtlex")
    hurtlex_categories: list[str] = Field(default_factory=lambda: ["ps", "om", "ddf", "ddp", "cds", "re", "asf", "pr", "qas", "asm"])
    hurtlex_level: Literal["conservative", "inclusive"] = "conservative"
    slur_extra_languages: list[str] = Field(default_factory=lambda: ["nl"])


class TrainConfig(StrictModel):
    output_dir: Path = Path("runs/transformer")
    seed: int = 13
    threads: int = Field(2, ge=1)
    device: Literal["cpu", "cuda", "auto"] = "auto"
    batch_size: int = Field(16, ge=1)
    lr: float = Field(5e-5, gt=0)
    head_lr: float = Field(1e-3, gt=0)
    weight_decay: float = Field(0.01, ge=0)
    warmup_steps: int = Field(100, ge=0)
    grad_clip: float = Field(1.0, gt=0)
    steps_per_epoch: int = Field(300, ge=1)  # steps between dev evaluations + checkpoints (a "round")
    epochs: int = Field(10, ge=1)  # weighted mode: number of rounds
    passes: float = Field(1.0, gt=0)  # passes mode: passes over the training rows (1.5 = one and a half)
    precision: Literal["auto", "fp32", "bf16"] = "auto"  # auto: bf16 autocast where the CPU/GPU has bf16 units
    max_steps: int | None = Field(None, ge=1)
    time_budget_minutes: float | None = Field(None, gt=0)
    patience: int = Field(3, ge=1)
    select_languages: list[str] = Field(default_factory=lambda: list(NAMED_LANGS))
    pos_weight: bool = True
    pos_weight_max: float = Field(8.0, ge=1.0)
    eval_batch_size: int = Field(64, ge=1)
    resume: bool = True
    progress: bool = True


class ExportConfig(StrictModel):
    trim_to: int | None = Field(56000, ge=8)
    quantize_tolerance: float = Field(0.3, gt=0)
    # training.transformer.export.QUANTIZE_METHODS; weight_only: int8 weights, batch-independent scores
    quantize: Literal["weight_only", "weight_only_float", "weight_only_dequant", "static", "dynamic", "fp16", "fp32"] = "weight_only_float"
    window_stride: int | None = Field(None, ge=1)  # tokens between window starts for long posts (null: half the window)


class TransformerConfig(StrictModel):
    kind: Literal["transformer"]
    model_id: str = "polarscan-e5small"
    model: ModelConfig = Field(default_factory=ModelConfig)
    data: DataConfig = Field(default_factory=DataConfig)
    sampling: SamplingConfig = Field(default_factory=SamplingConfig)
    augment: AugmentConfig = Field(default_factory=AugmentConfig)
    train: TrainConfig = Field(default_factory=TrainConfig)
    export: ExportConfig = Field(default_factory=ExportConfig)

    @model_validator(mode="after")
    def _stop_condition(self) -> "TransformerConfig":
        if self.train.epochs * self.train.steps_per_epoch < 1:
            raise ValueError("train.epochs x train.steps_per_epoch must be >= 1")
        return self


def load_transformer_config(path: str | Path, overrides=()) -> TransformerConfig:
    from polarscan.training.config import load_config

    return load_config(path, overrides, TransformerConfig)
