"""SQLAlchemy 2 tables of the review workflow (the migrations in ``migrations/`` create them).

- ``posts``: what was ingested. The author is a keyed HMAC pseudonym; raw handles are never stored.
  ``text``/``url`` may be purged (retention) or erased (GDPR) while the rest is kept.
- ``suggestions``: model output per scoring run (model id/version, scores, explanation).
- ``annotations``: human decisions. Append-only (a database trigger refuses UPDATE/DELETE);
  the latest one is the effective decision. Nothing the model does writes here.
- ``claims``: review leases, one row per post, so two reviewers never get the same post.
- ``audit_log``: append-only (trigger), who did what and when.
- ``api_keys``: hashed keys with a role. ``watch_terms``: coded terms per language.
- ``erased_posts``: tombstones (keyed hashes) of erased posts, so that re-ingest cannot bring them back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

ROLES = ("admin", "reviewer", "ingest", "demo")
POST_STATUSES = ("queued", "reviewed", "escalated", "unflagged", "expired")
DECISION_ACTIONS = ("confirm", "reject", "relabel", "escalate")
UNDO = "undo"  # an annotation that takes back an earlier decision (``annotations.undoes``)
WATCH_KINDS = ("term", "hashtag", "symbol")
WATCH_LANGS = ("any", "nl", "fr", "ar")
LABELS_VERSION = 2
"""Meaning of ``annotations.labels``: 1 (before migration 0003) a confirm stored every unflagged label
as false; 2 a label is true/false only where the reviewer (or a confirm of the model's flag) set it."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC in Python, naive UTC in the database (same on SQLite and PostgreSQL)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class IntegerId:
    """The integer primary key ``id`` of every table but the keyed ones (claims, erased_posts)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-1)  # first column, as in the migrations


class ApiKey(IntegerId, Base):
    __tablename__ = "api_keys"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Post(IntegerId, Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    platform: Mapped[str] = mapped_column(String(50))
    external_id: Mapped[str] = mapped_column(String(200))
    author_pseudonym: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    posted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ingested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    lang: Mapped[str | None] = mapped_column(String(8), nullable=True)
    script: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Queue order, denormalised from the latest suggestion and watch matches.
    severity: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    # ",hateful,violent," so that a label filter is a portable LIKE.
    flag_labels: Mapped[str] = mapped_column(String(200), default=",")
    watch_matches: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    text_purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Audit sample (migration 0004): set only on posts the model did not flag that were drawn into
    # the queue; the stratum (``near`` a threshold, or ``rest``) and the probability of the draw.
    audit_stratum: Mapped[str | None] = mapped_column(String(16), nullable=True)
    audit_probability: Mapped[float | None] = mapped_column(Float, nullable=True)


class Suggestion(IntegerId, Base):
    __tablename__ = "suggestions"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    model_id: Mapped[str] = mapped_column(String(200))
    model_version: Mapped[str] = mapped_column(String(100))
    scores: Mapped[dict[str, float]] = mapped_column(JSON)
    thresholds: Mapped[dict[str, float]] = mapped_column(JSON)
    flagged: Mapped[list[str]] = mapped_column(JSON)
    explanation: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # How the model read the post (migration 0005): {"windows": N read, "windows_total": M, "truncated": bool}.
    reading: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Annotation(IntegerId, Base):
    __tablename__ = "annotations"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(16))
    labels: Mapped[dict[str, bool | None]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Which labels the reviewer was shown, and which the decision sets (true or false) on a human's
    # word; every other label is unknown (None). Both NULL on decisions made before migration 0003
    # (``labels_version`` 1), whose stored labels are read through ``service.honest_labels``.
    labels_seen: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    labels_set: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    labels_version: Mapped[int] = mapped_column(Integer, default=LABELS_VERSION, server_default="1")
    # action "undo" (migration 0005): the id of the decision it takes back; see service.effective.
    undoes: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Claim(Base):
    __tablename__ = "claims"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), primary_key=True)
    reviewer: Mapped[str] = mapped_column(String(100))
    claimed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class AuditEntry(IntegerId, Base):
    __tablename__ = "audit_log"
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class WatchTerm(IntegerId, Base):
    __tablename__ = "watch_terms"
    __table_args__ = (UniqueConstraint("lang", "folded"),)
    lang: Mapped[str] = mapped_column(String(8))
    term: Mapped[str] = mapped_column(String(200))
    folded: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str | None] = mapped_column(String(50), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ErasedPost(Base):
    """Tombstone of an erased post: keyed HMAC of (platform, external_id), never the id itself.
    Ingest refuses a post whose tombstone exists, so an erased post does not come back."""

    __tablename__ = "erased_posts"
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


APPEND_ONLY_TABLES = ("annotations", "audit_log")
