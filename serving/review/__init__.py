"""Human-in-the-loop review: storage, ingest, queue, decisions, audit, privacy, watch terms.

Model suggestions and human annotations are separate records; a model never overwrites a human
decision. Nothing here runs at import time: the app's lifespan opens the database
(``serving.review.db.open_database``) and routes get sessions through ``Depends``.
"""
