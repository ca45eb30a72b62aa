"""API keys with roles. Only ``sha256(token)`` is stored; the token is shown once, at creation.

Tokens are 256 random bits (``psk_`` + url-safe base64), so a plain SHA-256 is enough: there is
nothing to brute-force. Roles: admin, reviewer, ingest, demo (see ``docs/review.md``).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from polarscan.serving.review import audit
from polarscan.serving.errors import Conflict, ValidationFailed, NotFound
from polarscan.serving.review.models import ROLES, ApiKey, utcnow

TOKEN_PREFIX = "psk_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id, name and role."""

    key_id: int
    name: str
    role: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def create_key(session: Session, name: str, role: str, *, actor: str, token: str | None = None) -> tuple[ApiKey, str]:
    """Create a key; returns the row and the token (shown once, never stored)."""
    if role not in ROLES:
        raise ValidationFailed(f"unknown role {role!r}; roles: {list(ROLES)}")
    name = name.strip()
    if not name:
        raise ValidationFailed("a key needs a non-empty name (who or what uses it)")
    if session.scalar(select(ApiKey).where(ApiKey.name == name)) is not None:
        raise Conflict(f"a key named {name!r} exists; pick another name or revoke it first")
    token = token or new_token()
    key = ApiKey(name=name, role=role, token_hash=hash_token(token), created_at=utcnow())
    session.add(key)
    session.flush()
    audit.record(session, actor, "key.create", "api_key", key.id, name=name, role=role)
    return key, token


def ensure_key(session: Session, name: str, role: str, token: str, *, actor: str = "system") -> ApiKey:
    """Make sure a key ``name`` with this token and role exists and is active (dev keys at start-up)."""
    wanted = hash_token(token)
    key = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if key is None:
        other = session.scalar(select(ApiKey).where(ApiKey.token_hash == wanted))
        if other is not None:
            raise Conflict(f"the token configured for {name!r} is already used by key {other.name!r}")
        key, _ = create_key(session, name, role, actor=actor, token=token)
        return key
    if key.token_hash != wanted or key.role != role or key.revoked_at is not None:
        key.token_hash, key.role, key.revoked_at = wanted, role, None
        audit.record(session, actor, "key.reset", "api_key", key.id, name=name, role=role)
    return key


def revoke_development_keys(session: Session, tokens: tuple[str, ...], names: tuple[str, ...] = ("dev-admin",), *, actor: str = "system") -> list[ApiKey]:
    """Production start-up: revoke every active key whose token is a development default, and the
    development-only keys by name. Each revocation is audited; returns the keys revoked."""
    hashes = [hash_token(t) for t in tokens]
    query = select(ApiKey).where(ApiKey.revoked_at.is_(None), (ApiKey.token_hash.in_(hashes)) | (ApiKey.name.in_(list(names))))
    revoked = list(session.scalars(query.order_by(ApiKey.id)))
    for key in revoked:
        key.revoked_at = utcnow()
        audit.record(session, actor, "key.revoke", "api_key", key.id, name=key.name, reason="development default key refused in production")
    return revoked


def authenticate(session: Session, token: str) -> Principal | None:
    key = session.scalar(select(ApiKey).where(ApiKey.token_hash == hash_token(token)))
    if key is None or key.revoked_at is not None:
        return None
    return Principal(key_id=key.id, name=key.name, role=key.role)


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, ident: str | int, *, actor: str) -> ApiKey:
    query = select(ApiKey).where(ApiKey.id == int(ident)) if str(ident).isdigit() else select(ApiKey).where(ApiKey.name == str(ident))
    key = session.scalar(query)
    if key is None:
        raise NotFound(f"no key with id or name {ident!r}; see `polarscan keys list`")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.record(session, actor, "key.revoke", "api_key", key.id, name=key.name)
    return key


def as_dict(key: ApiKey) -> dict:
    return {
        "id": key.id,
        "name": key.name,
        "role": key.role,
        "created_at": key.created_at.isoformat(),
        "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
    }
