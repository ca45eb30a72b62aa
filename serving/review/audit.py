"""The append-only audit log: who did what, when. Details never carry post text or handles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polarscan.serving.review.models import AuditEntry, utcnow


def record(session: Session, actor: str, action: str, object_type: str, object_id: Any = None, **detail: Any) -> AuditEntry:
    entry = AuditEntry(
        at=utcnow(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail,
    )
    session.add(entry)
    return entry


def entries(session: Session, *, limit: int = 100, offset: int = 0, object_type: str | None = None, object_id: Any = None) -> list[AuditEntry]:
    query = select(AuditEntry)
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == str(object_id))
    return list(session.scalars(query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)))


def as_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "detail": entry.detail,
    }
