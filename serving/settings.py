"""Server settings from environment variables prefixed ``POLARSCAN_`` (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from polarscan.models.bundle import DEFAULT_BUNDLE

# Development defaults, documented in docs/review.md; refused when environment=production.
DEV_PSEUDONYM_SECRET = "polarscan-dev-pseudonym-secret-not-for-production"
DEV_DEMO_KEY = "polarscan-demo"
DEV_ADMIN_KEY = "polarscan-dev-admin"
# Tokens that are public knowledge: refused in production, and revoked there at start-up.
DEV_TOKENS = (DEV_ADMIN_KEY, DEV_DEMO_KEY)


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
    ort_threads: int = Field(0, ge=0, description="onnxruntime intra-op threads (0: every core this process may use; one inference worker, so no oversubscription)")
    ort_spinning: bool = Field(False, description="let idle onnxruntime threads spin-wait (faster hand-off, but they steal the cores request threads need)")
    batching: bool = Field(True, description="micro-batching: model calls that arrive together are scored together by one inference worker")
    batch_max: int = Field(64, ge=1, description="micro-batching: most window texts collected into one model call")
    batch_wait_ms: float = Field(0.0, ge=0, le=1000, description="micro-batching: how long the first call of a batch waits for others (0: take what is queued; calls that arrive while the worker is busy form the next batch anyway)")
    # Slow or stalled clients (serving/server.py; docs/review.md, "Deployment").
    header_timeout_s: float = Field(10.0, gt=0, description="close a connection whose request headers are not complete after this long")
    body_timeout_s: float = Field(30.0, gt=0, description="close a connection whose request body is not complete this long after its headers")
    keepalive_timeout_s: float = Field(5.0, gt=0, description="close an idle kept-alive connection after this long")
    max_connections: int = Field(512, ge=1, description="open connections at most; beyond it requests get 503")

    # Review workflow (serving/review, docs/review.md).
    database_url: str = Field("sqlite:///./polarscan.db", description="SQLite file (WAL) or postgresql+psycopg://user@host/db")
    pseudonym_secret: str = Field(DEV_PSEUDONYM_SECRET, description="HMAC key that pseudonymises author handles")
    demo_key: str = Field(DEV_DEMO_KEY, description="token of the 'demo' key created at start-up (classify only); empty: none")
    dev_admin_key: str = Field(DEV_ADMIN_KEY, description="development only: token of the 'dev-admin' key created at start-up")
    demo_rate_per_minute: float = Field(30.0, gt=0, description="demo keys: sustained requests per minute")
    demo_burst: int = Field(10, ge=1, description="demo keys: requests allowed at once")
    auth_cache_s: float = Field(
        5.0, ge=0, description="seconds an authenticated API key is remembered per process (0: read the key table on "
        "every request); a key revoked by another process or the CLI stops working within this time")
    review_lease_seconds: int = Field(300, ge=10, description="how long a reviewer holds posts taken from the queue")
    retention_days: int | None = Field(None, ge=0, description="`polarscan retention purge` removes post text older than this")
    explain_top_k: int = Field(5, ge=1, le=50, description="words per flagged label in explanations")
    # Audit sample (docs/review.md, "Audit sample"): unflagged posts drawn into the queue so that
    # reviewers label what the model missed and the dashboard can estimate recall.
    audit_rate: float = Field(0.02, ge=0, le=1, description="share of the posts the model did not flag that enter the review queue as `audit`")
    audit_near_rate: float = Field(0.2, ge=0, le=1, description="the same share for unflagged posts with a label score within `audit_near_margin` of its threshold")
    audit_near_margin: float = Field(0.1, ge=0, le=1, description="how far below a threshold a score counts as near it")
    audit_seed: str = Field("polarscan-audit", min_length=1, description="seed of the audit draw (a hash of it with platform and external id)")

    @model_validator(mode="after")
    def _no_default_secrets_in_production(self) -> "Settings":
        if self.environment != "production":
            return self
        if self.pseudonym_secret == DEV_PSEUDONYM_SECRET or len(self.pseudonym_secret) < 16:
            raise ValueError("environment=production needs POLARSCAN_PSEUDONYM_SECRET: a secret of 16+ characters (not the development default)")
        if self.demo_key == DEV_DEMO_KEY:
            raise ValueError("environment=production refuses the default demo key: set POLARSCAN_DEMO_KEY to a secret, or to '' for no demo key")
        return self
