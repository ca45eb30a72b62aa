"""The review workflow as functions over a ``Session``: ingest, rescore, queue, claims, decisions.

Each public function is one unit of work and commits. Routes and the CLI are thin layers over
these. Human decisions (``annotations``) are only ever written by ``decide``; scoring writes
``suggestions`` and the post's queue fields, never an annotation, and never re-opens a post that a
human has already decided.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polarscan.models.taxonomy import label_names, load_taxonomy
from polarscan.serving.review import audit
from polarscan.serving.errors import Conflict, ValidationFailed, NotFound
from polarscan.serving.review.explain import explain
from polarscan.serving.review.models import DECISION_ACTIONS, LABELS_VERSION, POST_STATUSES, UNDO, Annotation, Claim, ErasedPost, Post, Suggestion, utcnow
from polarscan.serving.review.urls import mask_url
from polarscan.serving.review.watch import Matcher
from polarscan.serving.inputs import HttpUrl, SafeStr

HUMAN_STATUSES = ("reviewed", "escalated")


@dataclass(frozen=True)
class ReviewConfig:
    """The settings the workflow needs (built from ``serving.settings.Settings``)."""

    pseudonym_secret: str
    lease_seconds: int = 300
    explain_top_k: int = 5
    explain_max_words: int | None = None  # None: every word of the post (explanations follow the windows)
    watch_only_severity: int = 1
    # Audit sample (``audit_draw``): the share of posts the model did not flag that enter the queue
    # anyway, with reason ``audit``; ``near``: posts with a label within ``audit_near_margin`` of its
    # threshold get ``audit_near_rate`` instead. 0 turns a stratum off (the functions' default;
    # the server's defaults are in ``serving.settings``).
    audit_rate: float = 0.0
    audit_near_rate: float = 0.0
    audit_near_margin: float = 0.1
    audit_seed: str = "polarscan-audit"


class PostIn(BaseModel):
    """One post to ingest. ``author`` is the handle as published; only its HMAC pseudonym is stored."""

    model_config = ConfigDict(extra="forbid")

    platform: SafeStr = Field(min_length=1, max_length=50, examples=["x"])
    external_id: SafeStr = Field(min_length=1, max_length=200, examples=["1790000000000000001"])
    author: SafeStr = Field(min_length=1, max_length=200, examples=["@someone"])
    text: SafeStr = Field(min_length=1, examples=["voorbeeldtekst"])
    url: HttpUrl | None = Field(default=None, max_length=2000, description="http(s) only; handles in known platform URLs are masked before storage")
    timestamp: dt.datetime | None = Field(default=None, description="when it was published (ISO 8601; UTC if no offset)")

    @field_validator("timestamp")
    @classmethod
    def _utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        try:
            return value.astimezone(dt.timezone.utc)
        except OverflowError:
            raise ValueError("timestamp is out of range once converted to UTC (years 1 to 9999)") from None


class DecisionIn(BaseModel):
    """A reviewer's decision. ``labels`` sets labels one by one: true (it applies), false (explicitly
    not this label), null (unknown). A label not given stays unknown, except the model's flags on
    ``confirm`` (true) and every label on ``reject`` (false)."""

    model_config = ConfigDict(extra="forbid")

    action: SafeStr = Field(description="confirm | reject | relabel | escalate", max_length=50)
    labels: dict[SafeStr, bool | None] = Field(default_factory=dict)
    seen: list[SafeStr] | None = Field(default=None, max_length=50, description="the labels the reviewer was shown (default: all)")
    note: SafeStr | None = Field(default=None, max_length=2000)


def pseudonymise(handle: str, secret: str) -> str:
    """Keyed HMAC-SHA256 of the handle (case and a leading @ ignored); 32 hex characters."""
    canonical = handle.strip().lstrip("@").lower()
    return hmac.new(secret.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


# --- scoring ---------------------------------------------------------------------------------------


def _score(predictor: Any, texts: Sequence[str], cfg: ReviewConfig, matcher: Matcher) -> list[dict[str, Any]]:
    """classify + watch terms + explanations for new texts: the queue fields and the suggestion."""
    taxonomy = load_taxonomy()
    results = predictor.classify(list(texts)) if texts else []
    scored = []
    for text, result in zip(texts, results):
        scores = {name: float(v["score"]) for name, v in result["labels"].items()}
        thresholds = {name: float(v["threshold"]) for name, v in result["labels"].items()}
        flagged = [name for name, v in result["labels"].items() if v["flagged"]]
        matches = matcher.match(text, result.get("lang"))
        severity = max((taxonomy.severity(name) for name in flagged), default=0)
        for hit in matches:
            severity = max(severity, taxonomy.severity(hit["label"]) if hit["label"] else cfg.watch_only_severity)
        scored.append(
            {
                "lang": result.get("lang"),
                "script": result.get("script"),
                "scores": scores,
                "thresholds": thresholds,
                "flagged": flagged,
                "matches": matches,
                "severity": severity,
                "score": max((scores[name] for name in flagged), default=max(scores.values(), default=0.0)),
                "explanation": explain(predictor, text, flagged, top_k=cfg.explain_top_k, max_words=cfg.explain_max_words, lang=result.get("lang")) if flagged else None,
                "reading": {"windows": int(result["windows"]), "windows_total": int(result.get("windows_total") or result["windows"]), "truncated": bool(result.get("truncated"))}
                if "windows" in result
                else None,
            }
        )
    return scored


def audit_draw(platform: str, external_id: str, seed: str) -> float:
    """A number in [0, 1) fixed by the post's (platform, external_id) and ``seed``: the post is in
    the audit sample when it is below the stratum's rate. Reproducible (the same post is drawn or
    not on every ingest and rescore, in every process) and independent of the post's labels."""
    digest = hashlib.sha256(f"{seed}\x1f{platform}\x1f{external_id}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def audit_stratum(scores: dict[str, float], thresholds: dict[str, float], cfg: ReviewConfig) -> tuple[str, float]:
    """(stratum, sampling probability) of a post the model did not flag: ``near`` when some label's
    score is within ``audit_near_margin`` below its threshold (or above it in a language where the
    label is not flagged), else ``rest``."""
    near = any(scores[name] >= thresholds.get(name, 1.0) - cfg.audit_near_margin for name in scores)
    return ("near", cfg.audit_near_rate) if near else ("rest", cfg.audit_rate)


def _apply_score(post: Post, s: dict[str, Any], predictor: Any, cfg: ReviewConfig) -> Suggestion:
    post.lang, post.script = s["lang"], s["script"]
    post.severity, post.score = s["severity"], s["score"]
    post.flag_labels = "," + "".join(f"{name}," for name in s["flagged"])
    post.watch_matches = s["matches"] or None
    if post.status not in HUMAN_STATUSES:  # a decided post keeps the sample it was reviewed in
        post.audit_stratum = post.audit_probability = None
        if not (s["flagged"] or s["matches"]):
            stratum, rate = audit_stratum(s["scores"], s["thresholds"], cfg)
            if rate > 0 and audit_draw(post.platform, post.external_id, cfg.audit_seed) < rate:
                post.audit_stratum, post.audit_probability = stratum, float(rate)
    if post.status not in HUMAN_STATUSES and post.text is not None:
        post.status = _status_without_decision(post)
    return Suggestion(
        post_id=post.id,
        model_id=str(predictor.model_id),
        model_version=str(predictor.model_version),
        scores=s["scores"],
        thresholds=s["thresholds"],
        flagged=s["flagged"],
        explanation=s["explanation"],
        reading=s.get("reading"),
        created_at=utcnow(),
    )


def ingest(session: Session, predictor: Any, posts: Sequence[PostIn], cfg: ReviewConfig, *, actor: str) -> list[dict[str, Any]]:
    """Store, score and queue posts; idempotent on (platform, external_id). One report per post."""
    try:
        return _ingest_once(session, predictor, posts, cfg, actor=actor)
    except IntegrityError:  # another request stored one of these posts meanwhile: now a duplicate
        session.rollback()
        return _ingest_once(session, predictor, posts, cfg, actor=actor)


def _ingest_once(session: Session, predictor: Any, posts: Sequence[PostIn], cfg: ReviewConfig, *, actor: str) -> list[dict[str, Any]]:
    report: list[dict[str, Any] | None] = [None] * len(posts)
    seen: dict[tuple[str, str], int] = {}
    for (pid, platform, external_id) in session.execute(
        select(Post.id, Post.platform, Post.external_id).where(
            or_(*[and_(Post.platform == p.platform, Post.external_id == p.external_id) for p in posts]) if posts else False
        )
    ):
        seen[(platform, external_id)] = pid
    erased = erased_keys(session, [(p.platform, p.external_id) for p in posts], cfg.pseudonym_secret)
    new: list[int] = []
    first_in_batch: dict[tuple[str, str], int] = {}
    for i, p in enumerate(posts):
        key = (p.platform, p.external_id)
        if key in erased:  # erased (GDPR): never stored again
            report[i] = {"index": i, "status": "erased", "id": None}
        elif key in seen:
            report[i] = {"index": i, "status": "duplicate", "id": seen[key]}
        elif key in first_in_batch:
            report[i] = {"index": i, "status": "duplicate", "id": None}
        else:
            first_in_batch[key] = i
            new.append(i)
    scored = _score(predictor, [posts[i].text for i in new], cfg, Matcher.load(session))
    created = []
    for i, s in zip(new, scored):
        p = posts[i]
        post = Post(
            platform=p.platform,
            external_id=p.external_id,
            author_pseudonym=pseudonymise(p.author, cfg.pseudonym_secret),
            text=p.text,
            url=mask_url(p.url),
            posted_at=p.timestamp,
            ingested_at=utcnow(),
            status="unflagged",
        )
        session.add(post)
        session.flush()
        session.add(_apply_score(post, s, predictor, cfg))
        created.append(post.id)
        report[i] = {"index": i, "status": "created", "id": post.id, "queued": post.status == "queued", "reasons": _reasons(post, s["scores"], s["thresholds"], s["flagged"])}
    for i, p in enumerate(posts):  # repeats inside the batch point at the first occurrence
        if report[i]["id"] is None and report[i]["status"] == "duplicate":
            report[i]["id"] = report[first_in_batch[(p.platform, p.external_id)]]["id"]
    if created:
        audit.record(session, actor, "posts.ingest", "post", None, created=created, duplicates=sum(1 for r in report if r["status"] == "duplicate"))
    session.commit()
    return report  # type: ignore[return-value]


def tombstone_key(platform: str, external_id: str, secret: str) -> str:
    """Keyed HMAC-SHA256 of (platform, external_id): what an erased post leaves behind."""
    message = f"{platform}\x1f{external_id}".encode("utf-8")
    return hmac.new(secret.encode("utf-8"), b"erased-post\x1f" + message, hashlib.sha256).hexdigest()


def erased_keys(session: Session, keys: Sequence[tuple[str, str]], secret: str) -> set[tuple[str, str]]:
    """Which of these (platform, external_id) were erased."""
    hashes = {tombstone_key(platform, external_id, secret): (platform, external_id) for platform, external_id in keys}
    if not hashes:
        return set()
    found = session.scalars(select(ErasedPost.key_hash).where(ErasedPost.key_hash.in_(list(hashes))))
    return {hashes[h] for h in found}


def rescore(
    session: Session, predictor: Any, cfg: ReviewConfig, *, actor: str, post_ids: Sequence[int] | None = None, batch_size: int = 256
) -> int:
    """Score stored posts again with the current model: new suggestions, decisions untouched."""
    query = select(Post).where(Post.text.is_not(None)).order_by(Post.id)
    if post_ids is not None:
        query = query.where(Post.id.in_(list(post_ids)))
    posts = list(session.scalars(query))
    matcher = Matcher.load(session)
    for start in range(0, len(posts), batch_size):  # bounded model batches
        chunk = posts[start : start + batch_size]
        for post, s in zip(chunk, _score(predictor, [p.text for p in chunk], cfg, matcher)):
            session.add(_apply_score(post, s, predictor, cfg))
    if posts:
        audit.record(session, actor, "posts.rescore", "post", None, posts=[p.id for p in posts], model_version=str(predictor.model_version))
    session.commit()
    return len(posts)


def _reasons(post: Post, scores: dict[str, float], thresholds: dict[str, float], flagged: Sequence[str]) -> list[dict[str, Any]]:
    reasons: list[dict[str, Any]] = [
        {"kind": "model", "label": name, "score": round(scores[name], 4), "threshold": round(thresholds[name], 4)} for name in flagged
    ]
    reasons += [{"kind": "watch_term", **hit} for hit in post.watch_matches or []]
    if post.audit_probability is not None and not flagged and not post.watch_matches:
        reasons.append({"kind": "audit", "stratum": post.audit_stratum, "rate": post.audit_probability})
    return reasons


# --- queue and claims ------------------------------------------------------------------------------


def _lock_post(session: Session, post_id: int) -> Post | None:
    """Serialise hand-outs, claims and decisions of one post until this transaction ends: a row
    lock on PostgreSQL (``SELECT ... FOR UPDATE``); on SQLite a no-op UPDATE, which takes the
    database's single write lock. Returns the post as it is now (or None)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(Post).where(Post.id == post_id).values(id=Post.id).execution_options(synchronize_session=False))
    else:
        session.execute(select(Post.id).where(Post.id == post_id).with_for_update())
    return session.get(Post, post_id, populate_existing=True)


def claim(session: Session, post_id: int, reviewer: str, lease_seconds: int, *, commit: bool = True, status: str | None = None) -> Claim | None:
    """Take (or renew) the lease on a post; None when another reviewer holds a live lease, or
    (with ``status``, as the queue hands posts out) when the post no longer has that status,
    e.g. someone decided it after the queue was read."""
    post = _lock_post(session, post_id)
    if post is None or (status is not None and post.status != status):
        session.rollback()
        return None
    now = utcnow()
    expires = now + dt.timedelta(seconds=lease_seconds)
    taken = session.execute(
        update(Claim)
        .where(Claim.post_id == post_id, or_(Claim.expires_at <= now, Claim.reviewer == reviewer))
        .values(reviewer=reviewer, claimed_at=now, expires_at=expires)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not taken:
        if session.get(Claim, post_id, populate_existing=True) is not None:  # a live lease of someone else
            session.rollback()
            return None
        try:
            with session.begin_nested():
                session.add(Claim(post_id=post_id, reviewer=reviewer, claimed_at=now, expires_at=expires))
                session.flush()
        except IntegrityError:
            session.rollback()
            return None
    if commit:
        session.commit()
    return session.get(Claim, post_id, populate_existing=True)


def holder(session: Session, post_id: int) -> Claim | None:
    """The live lease on a post, if any."""
    row = session.get(Claim, post_id, populate_existing=True)
    return row if row is not None and row.expires_at > utcnow() else None


def release(session: Session, post_id: int, reviewer: str, *, force: bool = False) -> None:
    query = delete(Claim).where(Claim.post_id == post_id)
    if not force:
        query = query.where(Claim.reviewer == reviewer)
    session.execute(query)
    session.commit()


def _held_by_other(session: Session, post_id: int, reviewer: str) -> Claim | None:
    row = holder(session, post_id)
    return row if row is not None and row.reviewer != reviewer else None


def claimed_conflict(post_id: int, other: Claim | None) -> Conflict:
    """409 for a post another reviewer holds (``other``: their live lease, when known)."""
    who = f"{other.reviewer!r} until {other.expires_at.isoformat()}" if other is not None else "another reviewer"
    return Conflict(f"post {post_id} is claimed by {who}; take another post")


def _lock_to_decide(session: Session, post_id: int, reviewer: str) -> Post:
    """The post, locked until this transaction ends (``_lock_post``); 404 when there is none, 409
    when another reviewer holds it."""
    post = _lock_post(session, post_id)  # no hand-out or other decision of this post until commit
    if post is None:
        raise NotFound(f"no post with id {post_id}")
    other = _held_by_other(session, post_id, reviewer)
    if other is not None:
        raise claimed_conflict(post_id, other)
    return post


def _decided_status(action: str) -> str:
    return "escalated" if action == "escalate" else "reviewed"


def queue(
    session: Session,
    reviewer: str,
    *,
    status: str = "queued",
    lang: str | None = None,
    label: str | None = None,
    platform: str | None = None,
    limit: int = 20,
    offset: int = 0,
    take: bool = True,
    lease_seconds: int = 300,
    include_held: bool = False,
    search: str | None = None,
) -> dict[str, Any]:
    """Posts by severity, score, then age (oldest first), skipping posts another reviewer holds.

    With ``take`` the returned posts are claimed for ``reviewer`` for ``lease_seconds``. With
    ``include_held`` posts another reviewer holds are listed too (never claimed), each with its
    ``claim`` (who, until when), and ``held`` counts them; the UI lists the queue this way and
    claims only the post it shows. ``search``: posts whose text contains it (case-insensitive).
    """
    if status not in POST_STATUSES:
        raise ValidationFailed(f"unknown status {status!r}; use one of {list(POST_STATUSES)}")
    if label is not None and label not in label_names():
        raise ValidationFailed(f"unknown label {label!r}; labels: {list(label_names())}")
    now = utcnow()
    held = exists().where(Claim.post_id == Post.id, Claim.expires_at > now, Claim.reviewer != reviewer)
    where = [Post.status == status]
    if lang:
        where.append(Post.lang == lang)
    if platform:
        where.append(Post.platform == platform)
    if label:
        where.append(Post.flag_labels.like(f"%,{label},%"))
    if search and search.strip():
        pattern = "%" + search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(func.lower(Post.text).like(pattern, escape="\\"))
    n_held = session.scalar(select(func.count()).select_from(Post).where(*where, held)) or 0
    if not include_held:
        where.append(~held)
    total = session.scalar(select(func.count()).select_from(Post).where(*where)) or 0
    order = (Post.severity.desc(), Post.score.desc(), Post.ingested_at.asc(), Post.id.asc())
    candidates = list(session.scalars(select(Post).where(*where).order_by(*order).offset(offset).limit(limit)))
    held_ids = {c.post_id for c in session.scalars(select(Claim).where(Claim.post_id.in_([p.id for p in candidates]), Claim.expires_at > now, Claim.reviewer != reviewer))}
    items = []
    for post in candidates:
        # each hand-out is its own short transaction under the post's lock, and re-checks the status:
        # a post decided or taken by someone else since the query above is not handed out
        if post.id in held_ids or (take and claim(session, post.id, reviewer, lease_seconds, status=status) is None):
            if not include_held:
                continue  # someone else holds it (maybe since the query above)
        items.append(post)
    session.commit()
    return {"total": total, "held": n_held, "offset": offset, "limit": limit, "items": post_views(session, items)}


# --- decisions -------------------------------------------------------------------------------------


def decide(session: Session, post_id: int, decision: DecisionIn, reviewer: str) -> Annotation:
    """Store a human decision (append-only), set the post's status, release its claim, audit it."""
    if decision.action not in DECISION_ACTIONS:
        raise ValidationFailed(f"unknown action {decision.action!r}; use one of {list(DECISION_ACTIONS)}")
    names = label_names()
    unknown = sorted((set(decision.labels) | set(decision.seen or ())) - set(names))
    if unknown:
        raise ValidationFailed(f"unknown labels {unknown}; labels: {list(names)}")
    try:
        return _decide_locked(session, post_id, decision, reviewer, names)
    except Exception:
        session.rollback()  # releases the post's lock
        raise


def _decide_locked(session: Session, post_id: int, decision: DecisionIn, reviewer: str, names: Sequence[str]) -> Annotation:
    post = _lock_to_decide(session, post_id, reviewer)
    flagged = [name for name in names if f",{name}," in post.flag_labels]
    given = {name: value for name, value in decision.labels.items() if value is not None}
    if decision.action == "confirm":
        # confirm means "the flagged labels are right": those become true, every other label stays
        # unknown unless the reviewer set it explicitly (never a silent human negative)
        if not flagged and not any(given.values()):
            raise ValidationFailed("the model flagged no label on this post (a watch term queued it, or it is unflagged): say which labels apply (labels={...}) or reject it")
        labels: dict[str, bool | None] = {name: (True if name in flagged else None) for name in names}
    elif decision.action == "reject":
        labels = {name: False for name in names}
    else:
        if decision.action == "relabel" and not given:
            raise ValidationFailed("relabel needs labels, e.g. {\"labels\": {\"polarising\": true, \"hateful\": false}}")
        labels = {name: None for name in names}
    labels.update(decision.labels)
    seen = [name for name in names if decision.seen is None or name in decision.seen]
    labels_set = [name for name in names if labels[name] is not None]
    note = decision.note.strip() if decision.note and decision.note.strip() else None
    annotation = Annotation(
        post_id=post_id, reviewer=reviewer, action=decision.action, labels=labels, note=note, created_at=utcnow(),
        labels_seen=seen, labels_set=labels_set, labels_version=LABELS_VERSION,
    )
    session.add(annotation)
    post.status = _decided_status(decision.action)
    session.execute(delete(Claim).where(Claim.post_id == post_id))
    session.flush()
    audit.record(session, reviewer, f"decision.{decision.action}", "post", post_id, annotation_id=annotation.id, labels=labels, labels_set=labels_set, labels_seen=seen, with_note=note is not None)
    session.commit()
    return annotation


class UndoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: SafeStr | None = Field(default=None, max_length=2000)


def _status_without_decision(post: Post) -> str:
    """The status of an undecided post: queued when the model flagged it, a watch term matched or
    the audit sample drew it (and its text is still stored), else unflagged."""
    queued = post.flag_labels != "," or post.watch_matches or post.audit_probability is not None
    return "queued" if queued and post.text is not None else "unflagged"


def undo(session: Session, post_id: int, reviewer: str, note: str | None = None) -> Annotation:
    """Take back the post's effective decision with a new ``undo`` decision (append-only: nothing
    is deleted). The post's status follows the decision now effective (the one before, if any),
    or goes back to the queue."""
    try:
        post = _lock_to_decide(session, post_id, reviewer)
        history = list(session.scalars(select(Annotation).where(Annotation.post_id == post_id).order_by(Annotation.id)))
        target = effective(history)
        if target is None:
            raise Conflict(f"post {post_id} has no decision to undo")
        names = label_names()
        note = note.strip() if note and note.strip() else None
        annotation = Annotation(
            post_id=post_id, reviewer=reviewer, action=UNDO, labels={name: None for name in names}, note=note, created_at=utcnow(),
            labels_seen=[], labels_set=[], labels_version=LABELS_VERSION, undoes=target.id,
        )
        session.add(annotation)
        session.flush()
        now = effective(history + [annotation])
        post.status = _status_without_decision(post) if now is None else _decided_status(now.action)
        audit.record(session, reviewer, "decision.undo", "post", post_id, annotation_id=annotation.id, undoes=target.id, status=post.status, with_note=note is not None)
        session.commit()
        return annotation
    except Exception:
        session.rollback()
        raise


# --- views -----------------------------------------------------------------------------------------


def honest_labels(a: Annotation, flagged_then: Sequence[str] | None = None) -> dict[str, bool | None]:
    """The human labels of a decision: true/false only where a person said so, else None.

    Decisions since migration 0003 (``labels_version`` 2) are stored that way. Older ones
    (version 1) stored every label the model had not flagged as false on ``confirm``; read here,
    such a false becomes unknown. ``flagged_then``: the labels the model had flagged when the
    decision was made (a false on one of those is the reviewer's explicit untick and is kept)."""
    names = label_names()
    labels = {name: a.labels.get(name) for name in names}
    if not legacy_confirm(a):
        return labels
    flagged = set(flagged_then or ())
    return {name: (None if value is False and name not in flagged else value) for name, value in labels.items()}


def legacy_confirm(a: Annotation) -> bool:
    """A ``confirm`` stored before migration 0003 (``labels_version`` 1): its labels are read
    with the labels the model had flagged then (``honest_labels``)."""
    return (a.labels_version or 1) < 2 and a.action == "confirm"


def stored_labels(session: Session, a: Annotation) -> dict[str, bool | None]:
    """``honest_labels`` of ``a``, reading the suggestion of its time only for a legacy confirm."""
    return honest_labels(a, flagged_at(session, a) if legacy_confirm(a) else None)


def effective(annotations: Sequence[Annotation]) -> Annotation | None:
    """The effective decision among one post's decisions in the order made: the latest one that
    no later ``undo`` took back (an undo of the latest decision brings back the one before it)."""
    standing: list[Annotation] = []
    for a in annotations:
        if a.action == UNDO:
            standing = [x for x in standing if x.id != a.undoes]
        else:
            standing.append(a)
    return standing[-1] if standing else None


def effective_decisions(session: Session, post_ids: Sequence[int] | None = None) -> dict[int, Annotation]:
    """The effective decision of every decided post (of ``post_ids``, or all)."""
    query = select(Annotation).order_by(Annotation.id)
    if post_ids is not None:
        query = query.where(Annotation.post_id.in_(list(post_ids)))
    by_post: dict[int, list[Annotation]] = {}
    for a in session.scalars(query):
        by_post.setdefault(a.post_id, []).append(a)
    return {pid: a for pid, items in by_post.items() if (a := effective(items)) is not None}


def labels_set_of(a: Annotation, labels: dict[str, bool | None]) -> list[str]:
    return list(a.labels_set) if a.labels_set is not None else [name for name, value in labels.items() if value is not None]


def flagged_at(session: Session, a: Annotation) -> list[str]:
    """The labels the model had flagged on the post when decision ``a`` was made."""
    s = session.scalar(
        select(Suggestion).where(Suggestion.post_id == a.post_id, Suggestion.created_at <= a.created_at).order_by(Suggestion.id.desc()).limit(1)
    )
    return list(s.flagged) if s is not None else []


def annotation_view(a: Annotation, flagged_then: Sequence[str] | None = None) -> dict[str, Any]:
    labels = honest_labels(a, flagged_then)
    return {
        "id": a.id,
        "reviewer": a.reviewer,
        "action": a.action,
        "labels": labels,
        "labels_set": labels_set_of(a, labels),
        "labels_seen": list(a.labels_seen) if a.labels_seen is not None else None,
        "labels_version": a.labels_version or 1,
        "note": a.note,
        "created_at": a.created_at.isoformat(),
        "undoes": a.undoes,
    }


def post_views(session: Session, posts: Sequence[Post], *, history: bool = False) -> list[dict[str, Any]]:
    """Posts with their latest suggestion, latest decision (and history) and claim."""
    ids = [p.id for p in posts]
    if not ids:
        return []
    suggestions: dict[int, Suggestion] = {}
    history_of: dict[int, list[Suggestion]] = {}
    for s in session.scalars(select(Suggestion).where(Suggestion.post_id.in_(ids)).order_by(Suggestion.id)):
        suggestions[s.post_id] = s
        history_of.setdefault(s.post_id, []).append(s)

    def view_of(a: Annotation) -> dict[str, Any]:
        if not legacy_confirm(a):
            return annotation_view(a)
        before = [s for s in history_of.get(a.post_id, []) if s.created_at <= a.created_at]
        return annotation_view(a, before[-1].flagged if before else [])
    decisions: dict[int, list[Annotation]] = {}
    for a in session.scalars(select(Annotation).where(Annotation.post_id.in_(ids)).order_by(Annotation.id)):
        decisions.setdefault(a.post_id, []).append(a)
    claims = {c.post_id: c for c in session.scalars(select(Claim).where(Claim.post_id.in_(ids)))}
    now = utcnow()
    views = []
    for post in posts:
        s = suggestions.get(post.id)
        c = claims.get(post.id)
        view = {
            "id": post.id,
            "platform": post.platform,
            "external_id": post.external_id,
            "author_pseudonym": post.author_pseudonym,
            "text": post.text,
            "url": post.url,
            "posted_at": post.posted_at.isoformat() if post.posted_at else None,
            "ingested_at": post.ingested_at.isoformat(),
            "lang": post.lang,
            "script": post.script,
            "status": post.status,
            "severity": post.severity,
            "score": round(post.score, 4),
            "text_purged": post.text_purged_at is not None,
            "reasons": _reasons(post, s.scores, s.thresholds, s.flagged) if s else [],
            "suggestion": None
            if s is None
            else {
                "model_id": s.model_id,
                "model_version": s.model_version,
                "scores": s.scores,
                "thresholds": s.thresholds,
                "flagged": s.flagged,
                "explanation": s.explanation,
                "reading": s.reading,
                "created_at": s.created_at.isoformat(),
            },
            "decision": view_of(current) if (current := effective(decisions.get(post.id, []))) is not None else None,
            "claim": {"reviewer": c.reviewer, "expires_at": c.expires_at.isoformat()} if c and c.expires_at > now else None,
        }
        if history:
            view["decisions"] = [view_of(a) for a in decisions.get(post.id, [])]
        views.append(view)
    return views


def get_post(session: Session, post_id: int) -> dict[str, Any]:
    post = session.get(Post, post_id)
    if post is None:
        raise NotFound(f"no post with id {post_id}")
    return post_views(session, [post], history=True)[0]
