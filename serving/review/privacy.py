"""Retention and erasure. Decisions and the audit log are kept; the text (and what is derived from
it: URL, explanation words) goes. Both actions are audited without the text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from polarscan.serving.review import audit
from polarscan.serving.errors import ValidationFailed
from polarscan.serving.review.models import Claim, ErasedPost, Post, Suggestion, utcnow
from polarscan.serving.review.service import pseudonymise, tombstone_key


def _strip(session: Session, posts: list[Post], now: dt.datetime) -> None:
    ids = [p.id for p in posts]
    for post in posts:
        post.text = None
        post.url = None
        post.text_purged_at = post.text_purged_at or now
        if post.status in ("queued", "unflagged"):
            post.status = "expired"  # nothing left to review
    for suggestion in session.scalars(select(Suggestion).where(Suggestion.post_id.in_(ids))):
        suggestion.explanation = None  # it quotes words of the text
    session.execute(delete(Claim).where(Claim.post_id.in_(ids)))


def purge_text(session: Session, older_than_days: int, *, actor: str, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Remove the text of posts ingested more than ``older_than_days`` ago. Returns how many."""
    if older_than_days < 0:
        raise ValidationFailed(f"older_than_days must be >= 0, got {older_than_days}")
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=older_than_days)
    posts = list(session.scalars(select(Post).where(Post.ingested_at < cutoff, Post.text.is_not(None))))
    if dry_run or not posts:
        return len(posts)
    _strip(session, posts, now)
    audit.record(session, actor, "retention.purge", "post", None, older_than_days=older_than_days, posts=len(posts))
    session.commit()
    checkpoint(session)
    return len(posts)


def erase_author(session: Session, *, actor: str, pseudonym: str | None = None, handle: str | None = None, secret: str | None = None) -> int:
    """GDPR erasure: strip every post of one author and unlink it from the author and the platform id.

    Give ``pseudonym``, or ``handle`` with the pseudonym ``secret``. With ``secret`` (the CLI always
    passes it) each post leaves a tombstone, a keyed hash of (platform, external_id), and ingest
    refuses the post from then on. Decisions stay (they hold labels, no personal data). The audit
    entry records the pseudonym and the number of posts.
    """
    if (pseudonym is None) == (handle is None):
        raise ValidationFailed("give exactly one of an author handle or a pseudonym")
    if handle is not None:
        if not secret:
            raise ValidationFailed("erasing by handle needs the pseudonym secret (POLARSCAN_PSEUDONYM_SECRET)")
        pseudonym = pseudonymise(handle, secret)
    now = utcnow()
    posts = list(session.scalars(select(Post).where(Post.author_pseudonym == pseudonym)))
    _strip(session, posts, now)
    for post in posts:
        if secret and post.erased_at is None:  # a tombstone, so that re-sending the post cannot bring it back
            key = tombstone_key(post.platform, post.external_id, secret)
            if session.get(ErasedPost, key) is None:
                session.add(ErasedPost(key_hash=key, erased_at=now))
        post.author_pseudonym = "erased"
        post.external_id = f"erased:{post.id}"
        post.erased_at = now
    audit.record(session, actor, "privacy.erase", "author", pseudonym, posts=len(posts))
    session.commit()
    checkpoint(session)
    return len(posts)


def checkpoint(session: Session) -> None:
    """SQLite: move the WAL into the database file and truncate it, so that erased or purged text
    does not linger in ``*.db-wal`` (``secure_delete`` zeroes it in the database file itself)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    with session.get_bind().connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
