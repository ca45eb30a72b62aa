"""Server settings from environment variables prefixed ``POLARSCAN_`` (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BUNDLE = Path(__file__).resolve().parent.parent / "models" / "default"


class Settings(BaseSettings):
    """Every field can be set as ``POLARSCAN_<FIELD>`` (e.g. ``POLARSCAN_MAX_TEXTS=64``)."""

    model_config = SettingsConfigDict(env_prefix="POLARSCAN_", extra="ignore")

    environment: Literal["development", "production"] = "development"
    bundle_path: Path = DEFAULT_BUNDLE
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    max_texts: int = Field(256, ge=1, description="most texts in one classify request")
    max_text_chars: int = Field(5000, ge=1, description="longest text accepted, in characters")
    max_body_bytes: int = Field(2_000_000, ge=1024, description="largest request body accepted")
    ort_threads: int = Field(0, ge=0, description="onnxruntime intra-op threads (0: onnxruntime decides)")
