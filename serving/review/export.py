"""``polarscan review export``: reviewed decisions as a corpus (DEVELOPERS.md format, source ``review``).

One line per post with a human decision that says something about at least one label and whose
text is still stored. A label is 1/0 only where a person set it (``meta.labels_set``); a label the
reviewer did not touch is null (unknown), never 0 (``service.honest_labels``, also for decisions
stored before migration 0003). The effective decision wins: the latest one no ``undo`` took back. ``data build`` reads the file with its
``corpus_jsonl`` adapter, which closes the loop from reviewers back into training.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from polarscan.models.normalize import normalize
from polarscan.serving.review import service
from polarscan.serving.review.models import Post, Suggestion

SOURCE = "review"
# Masks in the forms that public data sets use and that ``normalize`` maps to its own tokens.
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")


def mask(text: str) -> str:
    return _HANDLE.sub("@USER", _URL.sub("URL", text))


def split_for(post_id: int) -> str:
    """A stable split from the post id: 80 % train, 10 % dev, 10 % test."""
    bucket = int(hashlib.sha256(f"review:{post_id}".encode()).hexdigest(), 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


def rows(session: Session) -> Iterator[dict[str, Any]]:
    latest = service.effective_decisions(session)  # the latest decision not taken back by an undo
    for post_id in sorted(latest):
        decision = latest[post_id]
        post = session.get(Post, post_id)
        labels = service.stored_labels(session, decision)  # reads the suggestion of its time only for a legacy confirm
        if post is None or post.text is None or all(v is None for v in labels.values()):
            continue
        suggestion = session.scalar(select(Suggestion).where(Suggestion.post_id == post_id).order_by(Suggestion.id.desc()).limit(1))
        split = split_for(post_id)
        raw = mask(post.text)
        yield {
            "id": f"{SOURCE}:{split}:{post_id}",
            "text": normalize(raw),
            "raw_text": raw,
            "lang": post.lang,
            "script": post.script,
            "source": SOURCE,
            "split": split,
            "labels": {name: None if v is None else int(bool(v)) for name, v in labels.items()},
            "targets": [],
            "meta": {
                "platform": post.platform,
                "decision": decision.action,
                "labels_set": service.labels_set_of(decision, labels),
                "labels_seen": list(decision.labels_seen) if decision.labels_seen is not None else None,
                "reviewed_at": decision.created_at.isoformat(),
                "model_id": suggestion.model_id if suggestion else None,
                "model_version": suggestion.model_version if suggestion else None,
            },
        }


def export_decisions(session: Session, out: Path | str) -> int:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for row in rows(session):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
