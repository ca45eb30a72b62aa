"""Honest human labels: a decision records which labels the reviewer saw and which it set.

Before this revision a ``confirm`` stored every label the model had not flagged as ``false``, a
human negative nobody gave. From now on a label the reviewer did not touch stays unknown (null).

``annotations`` is append-only (triggers refuse UPDATE/DELETE, 0001/0002), so existing rows are
not rewritten: the new columns are added with ``labels_version`` = 1 for every existing row (a
column default, which fires no UPDATE trigger), ``labels_seen``/``labels_set`` null. Readers
(``serving.review.service.honest_labels``: the API, the UI, ``review export``) treat a version-1
``confirm`` conservatively: a ``false`` on a label the model had not flagged when the decision was
made becomes unknown; true labels, and false on labels the model had flagged (an explicit untick),
are kept. New rows are written with version 2.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no batch/table copy on SQLite): the append-only triggers stay as they are
    op.add_column("annotations", sa.Column("labels_seen", sa.JSON(), nullable=True))
    op.add_column("annotations", sa.Column("labels_set", sa.JSON(), nullable=True))
    op.add_column("annotations", sa.Column("labels_version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    # plain DROP COLUMN (SQLite >= 3.35): no table copy, the triggers stay
    for column in ("labels_version", "labels_set", "labels_seen"):
        op.drop_column("annotations", column)
