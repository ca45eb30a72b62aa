"""Undo as a decision, and how the model read a post.

- ``annotations.undoes``: an ``undo`` decision names the decision it takes back (append-only
  stays: nothing is deleted or rewritten; ``service.effective`` reads the history). Plain ADD
  COLUMN, null on existing rows, so the append-only triggers are untouched.
- ``suggestions.reading``: ``{"windows": N, "windows_total": M, "truncated": bool}`` from the
  predictor (how many windows of the post the model read); null on older suggestions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("annotations", sa.Column("undoes", sa.Integer(), nullable=True))
    op.add_column("suggestions", sa.Column("reading", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("suggestions", "reading")
    op.drop_column("annotations", "undoes")
