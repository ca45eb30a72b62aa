"""Audit sample: a share of the posts the model did not flag enters the review queue.

``posts.audit_stratum`` (``near``: some label's score within ``POLARSCAN_AUDIT_NEAR_MARGIN`` of its
threshold; ``rest``: every other unflagged post) and ``posts.audit_probability`` (the probability
with which the post was drawn, kept so that the dashboard can weight it by 1/p even after the
rates change) are set on sampled posts only; both null on every existing row (nothing sampled).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("posts", sa.Column("audit_stratum", sa.String(16), nullable=True))
    op.add_column("posts", sa.Column("audit_probability", sa.Float(), nullable=True))


def downgrade() -> None:
    for column in ("audit_probability", "audit_stratum"):
        op.drop_column("posts", column)
