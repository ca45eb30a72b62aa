"""Typed schema of ``configs/data.yaml`` (pydantic, ``extra="forbid"``): checked before any work."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from polarscan.models.config import StrictModel, apply_overrides, read_yaml, validate

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO_ROOT / "configs" / "data.yaml"
ENV_SHARED_DATA = "POLARSCAN_SHARED_DATA"


class NearDupConfig(StrictModel):
    enabled: bool = True
    shingle_size: int = Field(5, ge=2, le=12)  # characters per shingle of the dedup key
    num_perm: int = Field(64, ge=8, le=512)  # MinHash permutations = bands * rows_per_band
    bands: int = Field(16, ge=1)
    threshold: float = Field(0.8, gt=0.0, le=1.0)  # Jaccard of shingle sets to call two rows near-dups
    min_chars: int = Field(25, ge=1)  # shorter keys are deduplicated exactly only
    keep_pairs_within: list[str] = ["dynahate", "gahd"]  # contrast-pair sources: near pairs inside them are kept

    @model_validator(mode="after")
    def _bands_divide(self) -> NearDupConfig:
        if self.num_perm % self.bands:
            raise ValueError(f"near_dup.num_perm ({self.num_perm}) must be a multiple of near_dup.bands ({self.bands})")
        return self


class ImsyppConfig(StrictModel):
    dev_fraction: float = Field(0.5, gt=0.0, lt=1.0)  # share of each `type` that goes to dev; the rest is test


class PolarMultiConfig(StrictModel):
    languages: list[str] = ["eng", "deu"]


class ArOffensiveConfig(StrictModel):
    files: list[str] = ["ID2", "ID3", "ID4", "ID5", "ID7", "ID8", "ID9", "ID10", "ID11", "ID12", "ID14", "ID15", "ID16"]


class CorpusJsonlSource(StrictModel):
    name: str  # source name written into the corpus rows
    path: Path  # relative to the repo root
    priority: int = 100  # duplicate keeper priority (lower wins); reviewer decisions should win


class TeamLabelsFile(StrictModel):
    path: Path  # CSV `id,<label>[,...],note` (0/1 per label column), relative to the repo root


class DataConfig(StrictModel):
    shared_data: Path = Path("../shared/data")
    out: Path = Path("data/corpus")
    sources: list[str]
    seed: int = 13
    dev_fraction: float = Field(0.1, ge=0.0, lt=0.5)
    test_fraction: float = Field(0.1, ge=0.0, lt=0.5)
    langid_sources: list[str] = ["ar_offensive_taxonomy"]  # sources whose Latin-script rows get langid
    near_dup: NearDupConfig = NearDupConfig()
    imsypp_nl: ImsyppConfig = ImsyppConfig()
    polar_multi: PolarMultiConfig = PolarMultiConfig()
    ar_offensive_taxonomy: ArOffensiveConfig = ArOffensiveConfig()
    corpus_jsonl: list[CorpusJsonlSource] = []
    team_labels: list[TeamLabelsFile] = []  # our own labels by corpus id, set where the source left them unknown

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, value: list[str]) -> list[str]:
        from polarscan.training.corpus.adapters import ADAPTERS  # importing the module registers every adapter

        unknown = [s for s in value if s not in ADAPTERS or s == "corpus_jsonl"]
        if unknown:
            known = sorted(k for k in ADAPTERS if k != "corpus_jsonl")
            raise ValueError(f"unknown sources {unknown}; known: {known} (own JSONL files go under `corpus_jsonl`)")
        return value

    def resolved_shared_data(self, override: Path | None = None) -> Path:
        """``override`` (--shared-data) > ``POLARSCAN_SHARED_DATA`` > the config's ``shared_data``."""
        env = os.environ.get(ENV_SHARED_DATA)
        path = override or (Path(env) if env else self.shared_data)
        return path if path.is_absolute() else (REPO_ROOT / path).resolve()

    def resolved_out(self) -> Path:
        return self.out if self.out.is_absolute() else REPO_ROOT / self.out

    def source_names(self) -> set[str]:
        """Every source name the config uses: ``sources`` and the ``corpus_jsonl`` names."""
        return set(self.sources) | {c.name for c in self.corpus_jsonl}


def load_config(path: Path | str = DEFAULT_CONFIG, **overrides) -> DataConfig:
    """Read and validate a data config (``models.config``); ``overrides`` replace top-level keys (None = keep)."""
    raw = apply_overrides(read_yaml(path), [(k, v) for k, v in overrides.items() if v is not None])
    return validate(DataConfig, raw, str(path))
