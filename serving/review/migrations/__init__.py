"""Alembic migrations of the review database (run at start-up by ``serving.review.db.upgrade``)."""
