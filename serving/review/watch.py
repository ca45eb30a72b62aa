"""Watch terms: coded terms, hashtags and symbols that prevention workers keep per language.

Terms and posts are folded with ``models.normalize.fold_for_matching`` (leetspeak, spaced-out
letters, repeats and punctuation undone), with ``#`` treated as a separator so that the hashtag
``#r3migratie`` and the words ``r e m i g r a t i e`` both match the term ``#remigratie``. A term
matches a whole-token sequence, not a substring of a longer word.
Symbols (emoji, runes) that folding would drop are matched as substrings of the normalised text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polarscan.models.normalize import fold_for_matching, normalize
from polarscan.models.taxonomy import label_names
from polarscan.serving.review import audit
from polarscan.serving.errors import Conflict, ValidationFailed, NotFound
from polarscan.serving.review.models import WATCH_KINDS, WATCH_LANGS, WatchTerm, utcnow


def fold_text(text: str) -> str:
    return fold_for_matching(text.replace("#", " "))


def fold_term(term: str, kind: str) -> str:
    """The key a term is matched and de-duplicated by."""
    if kind == "symbol":
        return normalize(term)
    return fold_text(term)


@dataclass(frozen=True)
class Matcher:
    """Watch terms loaded once per request; ``match`` is pure."""

    terms: tuple[WatchTerm, ...]

    @classmethod
    def load(cls, session: Session) -> "Matcher":
        return cls(tuple(session.scalars(select(WatchTerm).order_by(WatchTerm.id))))

    def match(self, text: str, lang: str | None) -> list[dict[str, Any]]:
        if not self.terms:
            return []
        folded = f" {fold_text(text)} "
        normalised = normalize(text)
        hits = []
        for term in self.terms:
            if term.lang != "any" and term.lang != lang:
                continue
            hit = term.folded in normalised if term.kind == "symbol" else f" {term.folded} " in folded
            if hit:
                hits.append({"term_id": term.id, "term": term.term, "term_kind": term.kind, "lang": term.lang, "label": term.label})
        return hits


def add_term(session: Session, *, term: str, lang: str, kind: str = "term", label: str | None = None, note: str | None = None, actor: str) -> WatchTerm:
    term = term.strip()
    if lang not in WATCH_LANGS:
        raise ValidationFailed(f"unknown language {lang!r} for a watch term; use one of {list(WATCH_LANGS)}")
    if kind not in WATCH_KINDS:
        raise ValidationFailed(f"unknown watch-term kind {kind!r}; use one of {list(WATCH_KINDS)}")
    if label is not None and label not in label_names():
        raise ValidationFailed(f"unknown label {label!r}; labels: {list(label_names())}")
    if not term or len(term) > 200:
        raise ValidationFailed("a watch term needs 1 to 200 characters")
    folded = fold_term(term, kind)
    if not folded:
        raise ValidationFailed(f"watch term {term!r} is only punctuation or symbols after folding; add it with kind 'symbol'")
    duplicate = Conflict(f"watch term {term!r} ({lang}) is already listed (it folds to {folded!r})")
    if session.scalar(select(WatchTerm.id).where(WatchTerm.lang == lang, WatchTerm.folded == folded)) is not None:
        raise duplicate
    row = WatchTerm(lang=lang, term=term, folded=folded, kind=kind, label=label, note=note, created_by=actor, created_at=utcnow())
    try:
        session.add(row)
        session.flush()
        audit.record(session, actor, "watch_term.create", "watch_term", row.id, term=term, lang=lang, kind=kind, label=label)
        session.commit()
    except IntegrityError:  # added concurrently
        session.rollback()
        raise duplicate from None
    return row


def delete_term(session: Session, term_id: int, *, actor: str) -> None:
    row = session.get(WatchTerm, term_id)
    if row is None:
        raise NotFound(f"no watch term with id {term_id}")
    audit.record(session, actor, "watch_term.delete", "watch_term", term_id, term=row.term, lang=row.lang)
    session.delete(row)
    session.commit()


def list_terms(session: Session, lang: str | None = None) -> list[WatchTerm]:
    query = select(WatchTerm).order_by(WatchTerm.lang, WatchTerm.term)
    if lang:
        query = query.where(WatchTerm.lang == lang)
    return list(session.scalars(query))


_TERM_FIELDS = ("id", "term", "lang", "kind", "label", "note", "folded", "created_by")  # as stored


def as_dict(row: WatchTerm) -> dict[str, Any]:
    return {**{name: getattr(row, name) for name in _TERM_FIELDS}, "created_at": row.created_at.isoformat()}
