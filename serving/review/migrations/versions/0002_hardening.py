"""Hardening: append-only that cannot be bypassed, tombstones of erased posts.

- PostgreSQL: ``TRUNCATE`` of ``annotations`` / ``audit_log`` is refused by a statement trigger
  (UPDATE/DELETE already were). The app's role should also lack TRUNCATE (docs/review.md).
- SQLite: ``INSERT OR REPLACE`` deletes the row it replaces without firing a DELETE trigger; a
  BEFORE INSERT trigger refuses an insert whose id already exists, so REPLACE cannot overwrite.
- ``erased_posts``: a keyed hash of (platform, external_id) per erased post; ingest refuses them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_APPEND_ONLY = ("annotations", "audit_log")


def upgrade() -> None:
    op.create_table(
        "erased_posts",
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name="pk_erased_posts"),
    )
    dialect = op.get_bind().dialect.name
    for table in _APPEND_ONLY:
        if dialect == "sqlite":
            op.execute(
                f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                f"WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        elif dialect == "postgresql":
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in _APPEND_ONLY:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.drop_table("erased_posts")
