"""Routes of the review workflow. Thin: parse, check the role, call ``service``/``watch``/``keys``.

Roles per route are declared with ``Depends(require(...))`` (see ``auth.py`` and docs/review.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from polarscan.serving import keys
from polarscan.serving.auth import ADMIN_ROLES, CLASSIFY_ROLES, INGEST_ROLES, REVIEW_ROLES, get_session, require
from polarscan.serving.deps import get_predictor, get_settings
from polarscan.serving.errors import Gone, ValidationFailed
from polarscan.serving.inputs import INT32_MAX, Int32Id, PathId, SafeStr
from polarscan.serving.keys import Principal
from polarscan.serving.review import audit, service, watch
from polarscan.serving.review.models import POST_STATUSES, ROLES, WATCH_KINDS, WATCH_LANGS
from polarscan.serving.settings import Settings

router = APIRouter()

Reviewer = Annotated[Principal, Depends(require(*REVIEW_ROLES))]
Admin = Annotated[Principal, Depends(require(*ADMIN_ROLES))]
Ingester = Annotated[Principal, Depends(require(*INGEST_ROLES))]
DB = Annotated[Session, Depends(get_session)]


def review_config(settings: Settings) -> service.ReviewConfig:
    return service.ReviewConfig(
        pseudonym_secret=settings.pseudonym_secret,
        lease_seconds=settings.review_lease_seconds,
        explain_top_k=settings.explain_top_k,
        audit_rate=settings.audit_rate,
        audit_near_rate=settings.audit_near_rate,
        audit_near_margin=settings.audit_near_margin,
        audit_seed=settings.audit_seed,
    )


@router.get("/v1/me", tags=["auth"], summary="Who am I: the calling key's name and role")
def me(principal: Annotated[Principal, Depends(require(*CLASSIFY_ROLES))]) -> dict[str, Any]:
    return {"name": principal.name, "role": principal.role}


# --- ingest ----------------------------------------------------------------------------------------

_POST_EXAMPLE = {
    "platform": "x",
    "external_id": "1790000000000000001",
    "author": "@someone",
    "text": "tekst van de post",
    "url": "https://x.com/someone/status/1790000000000000001",
    "timestamp": "2026-11-20T18:30:00Z",
}


def _ingest_body_schema() -> dict[str, Any]:
    """The documented shape of the ingest body (parsed by hand below, to report per item)."""
    post = {k: v for k, v in service.PostIn.model_json_schema().items() if k != "title"}
    batch = {"type": "object", "properties": {"posts": {"type": "array", "items": post, "minItems": 1}}, "required": ["posts"], "additionalProperties": False}
    return {"oneOf": [post, batch]}


@router.post(
    "/v1/posts",
    tags=["review"],
    summary="Ingest one post or a batch: pseudonymise, score, store, queue",
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": _ingest_body_schema()}}}},
)
def ingest_posts(
    principal: Ingester,
    session: DB,
    settings: Annotated[Settings, Depends(get_settings)],
    predictor: Annotated[Any, Depends(get_predictor)],
    body: Annotated[
        dict[str, Any],
        Body(
            description="one post object, or {\"posts\": [post, ...]}",
            openapi_examples={"one": {"value": _POST_EXAMPLE}, "batch": {"value": {"posts": [_POST_EXAMPLE]}}},
        ),
    ],
) -> dict[str, Any]:
    """Idempotent on (platform, external_id): a known post is reported as `duplicate` and not
    scored again. A batch reports per item (`created`, `duplicate`, `invalid` with the reason,
    `erased` for a post erased under GDPR, which is never stored again; a single erased post is a
    410); valid items are stored even when others are invalid. The author handle is replaced by a
    keyed HMAC pseudonym; it is never stored, and handles in the post URL are masked."""
    batch = "posts" in body
    raw_items = body["posts"] if batch else [body]
    if batch and (not isinstance(raw_items, list) or set(body) != {"posts"}):
        raise ValidationFailed("a batch is {\"posts\": [post, ...]} and nothing else")
    if not raw_items:
        raise ValidationFailed("'posts' is empty: send at least one post")
    if len(raw_items) > settings.max_texts:
        raise ValidationFailed(f"too many posts: {len(raw_items)} > {settings.max_texts} (POLARSCAN_MAX_TEXTS); split the batch")
    report: list[dict[str, Any] | None] = [None] * len(raw_items)
    valid: list[tuple[int, service.PostIn]] = []
    for i, raw in enumerate(raw_items):
        try:
            item = service.PostIn.model_validate(raw)
            if not item.text.strip():
                raise ValueError("text is empty or whitespace only")
            if len(item.text) > settings.max_text_chars:
                raise ValueError(f"text has {len(item.text)} characters; the limit is {settings.max_text_chars} (POLARSCAN_MAX_TEXT_CHARS)")
        except (ValidationError, ValueError) as exc:
            message = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'post'}: {e['msg']}" for e in exc.errors()) if isinstance(exc, ValidationError) else str(exc)
            if not batch:
                raise ValidationFailed(message) from None
            report[i] = {"index": i, "status": "invalid", "error": message}
            continue
        valid.append((i, item))
    stored = service.ingest(session, predictor, [item for _, item in valid], review_config(settings), actor=principal.name)
    for (i, _), result in zip(valid, stored):
        report[i] = {**result, "index": i}
    if not batch and report[0] and report[0]["status"] == "erased":
        raise Gone(f"post {body.get('external_id')!r} on {body.get('platform')!r} was erased (GDPR) and is not ingested again")
    counts = {status: sum(1 for r in report if r and r["status"] == status) for status in ("created", "duplicate", "invalid", "erased")}
    return {"items": report, **counts}


@router.get("/v1/posts/{post_id}", tags=["review"], summary="One post with its suggestion, decisions and claim")
def get_post(post_id: PathId, principal: Reviewer, session: DB) -> dict[str, Any]:
    return service.get_post(session, post_id)


class RescoreIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[Int32Id] | None = Field(default=None, max_length=10_000, description="posts to score again (at most 10,000 ids); all posts with text when omitted")


@router.post("/v1/posts/rescore", tags=["review"], summary="Score stored posts again with the served model (decisions untouched)")
def rescore(
    body: RescoreIn,
    principal: Admin,
    session: DB,
    settings: Annotated[Settings, Depends(get_settings)],
    predictor: Annotated[Any, Depends(get_predictor)],
) -> dict[str, Any]:
    n = service.rescore(session, predictor, review_config(settings), actor=principal.name, post_ids=body.ids)
    return {"rescored": n, "model_version": str(predictor.model_version)}


# --- queue, claims, decisions ----------------------------------------------------------------------


@router.get("/v1/review/queue", tags=["review"], summary="The review queue: severity, score, age; claims what it returns")
def review_queue(
    principal: Reviewer,
    session: DB,
    settings: Annotated[Settings, Depends(get_settings)],
    status: Annotated[Literal[POST_STATUSES], Query()] = "queued",  # type: ignore[valid-type]
    lang: str | None = None,
    label: str | None = None,
    platform: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=INT32_MAX)] = 0,
    claim: bool = True,
    held: bool = False,
    q: Annotated[SafeStr | None, Query(max_length=200, description="only posts whose text contains this (case-insensitive)")] = None,
) -> dict[str, Any]:
    """Ordered by label severity (taxonomy), then score, then age (oldest first). Posts another
    reviewer holds a live lease on are left out, unless `held=true`: then they are listed with
    their `claim` (reviewer, expires_at) and never claimed; `held` in the answer counts them.
    With `claim=true` (default) the returned posts are leased to the caller for
    `POLARSCAN_REVIEW_LEASE_SECONDS`; the web UI asks with `claim=false&held=true` and claims
    only the post it shows (`POST /v1/review/{id}/claim`)."""
    return service.queue(
        session,
        principal.name,
        status=status,
        lang=lang,
        label=label,
        platform=platform,
        limit=limit,
        offset=offset,
        take=claim,
        lease_seconds=settings.review_lease_seconds,
        include_held=held,
        search=q,
    )


@router.post("/v1/review/{post_id}/claim", tags=["review"], summary="Take or renew the lease on a post")
def claim_post(post_id: PathId, principal: Reviewer, session: DB, settings: Annotated[Settings, Depends(get_settings)]) -> dict[str, Any]:
    service.get_post(session, post_id)  # 404 for an unknown post
    row = service.claim(session, post_id, principal.name, settings.review_lease_seconds)
    if row is None:
        raise service.claimed_conflict(post_id, service.holder(session, post_id))
    return {"post_id": post_id, "reviewer": row.reviewer, "expires_at": row.expires_at.isoformat(), "lease_seconds": settings.review_lease_seconds}


@router.delete("/v1/review/{post_id}/claim", tags=["review"], summary="Release your lease on a post", status_code=204)
def release_post(post_id: PathId, principal: Reviewer, session: DB) -> Response:
    service.release(session, post_id, principal.name, force=principal.role == "admin")
    return Response(status_code=204)


@router.post("/v1/review/{post_id}/decision", tags=["review"], summary="A human decision: confirm, reject, relabel or escalate")
def decide(post_id: PathId, body: service.DecisionIn, principal: Reviewer, session: DB) -> dict[str, Any]:
    """`confirm`: the model's flagged labels are right (true); every other label stays unknown
    unless `labels` sets it (`false` = explicitly not this label, `null` = unknown). `reject` sets
    every label false, `relabel` takes `labels` (others unknown), `escalate` hands the post on
    (status `escalated`). `seen` lists the labels the reviewer was shown (default all); the
    decision records it and `labels_set`, the labels a person set. Stored as a human annotation next to, never instead of, the model's
    suggestion; audited; the caller's lease is released."""
    annotation = service.decide(session, post_id, body, principal.name)
    return {"post_id": post_id, "decision": service.annotation_view(annotation)}


@router.post("/v1/review/{post_id}/undo", tags=["review"], summary="Undo the post's effective decision (a new decision; nothing is deleted)")
def undo_decision(post_id: PathId, principal: Reviewer, session: DB, body: service.UndoIn | None = None) -> dict[str, Any]:
    """Appends an `undo` decision that names the decision it takes back (`undoes`); the decision
    before it (if any) is effective again, otherwise the post goes back to the queue. 409 when the
    post has no decision, or another reviewer holds it. Audited as `decision.undo`."""
    annotation = service.undo(session, post_id, principal.name, body.note if body else None)
    post = service.get_post(session, post_id)
    return {"post_id": post_id, "undo": service.annotation_view(annotation), "status": post["status"], "decision": post["decision"]}


@router.get("/v1/review/dashboard", tags=["review"], summary="Queue sizes, decisions per reviewer and day, agreement, precision/recall estimates")
def review_dashboard(principal: Reviewer, session: DB) -> dict[str, Any]:
    """`estimates`: per language x label, precision from reviewed flagged posts (Wilson 95 %
    interval) and recall from those plus the audit sample, each audit post weighted by 1/p (its
    sampling probability), with a seeded Monte-Carlo 95 % interval; every estimate lists the posts
    and labelled posts behind it. A label a reviewer left unknown is not counted. See docs/review.md."""
    from polarscan.serving.review.dashboard import dashboard

    return dashboard(session)


# --- watch terms -----------------------------------------------------------------------------------


class WatchTermIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    term: SafeStr = Field(min_length=1, max_length=200, examples=["#remigratie"])
    lang: Literal[WATCH_LANGS] = "any"  # type: ignore[valid-type]
    kind: Literal[WATCH_KINDS] = "term"  # type: ignore[valid-type]
    label: SafeStr | None = Field(default=None, max_length=50, description="the label a match suggests (sets the queue severity)")
    note: SafeStr | None = Field(default=None, max_length=2000)


@router.get("/v1/watch-terms", tags=["watch terms"], summary="Watch terms, optionally for one language")
def list_watch_terms(principal: Reviewer, session: DB, lang: str | None = None) -> dict[str, Any]:
    return {"items": [watch.as_dict(t) for t in watch.list_terms(session, lang)]}


@router.post("/v1/watch-terms", tags=["watch terms"], summary="Add a watch term (coded term, hashtag or symbol)", status_code=201)
def add_watch_term(body: WatchTermIn, principal: Reviewer, session: DB) -> dict[str, Any]:
    """Matching folds leetspeak, spaced-out letters, repeats and punctuation (`fold_for_matching`),
    so `#remigratie` also matches `#r3miiigratie` and `r e m i g r a t i e`. New posts are
    checked on ingest; `POST /v1/posts/rescore` applies new terms to stored posts."""
    row = watch.add_term(session, term=body.term, lang=body.lang, kind=body.kind, label=body.label, note=body.note, actor=principal.name)
    return watch.as_dict(row)


@router.delete("/v1/watch-terms/{term_id}", tags=["watch terms"], summary="Remove a watch term", status_code=204)
def delete_watch_term(term_id: PathId, principal: Reviewer, session: DB) -> Response:
    watch.delete_term(session, term_id, actor=principal.name)
    return Response(status_code=204)


# --- keys and audit (admin) ------------------------------------------------------------------------


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: SafeStr = Field(min_length=1, max_length=100)
    role: Literal[ROLES]  # type: ignore[valid-type]


@router.get("/v1/keys", tags=["auth"], summary="API keys (never the tokens)")
def list_api_keys(principal: Admin, session: DB) -> dict[str, Any]:
    return {"items": [keys.as_dict(k) for k in keys.list_keys(session)]}


@router.post("/v1/keys", tags=["auth"], summary="Create an API key; the token is in this response only", status_code=201)
def create_api_key(body: KeyIn, principal: Admin, session: DB) -> dict[str, Any]:
    key, token = keys.create_key(session, body.name, body.role, actor=principal.name)
    session.commit()
    return {**keys.as_dict(key), "token": token}


@router.delete("/v1/keys/{key_id}", tags=["auth"], summary="Revoke an API key", status_code=204)
def revoke_api_key(key_id: PathId, principal: Admin, session: DB, request: Request) -> Response:
    keys.revoke_key(session, key_id, actor=principal.name)
    session.commit()
    request.app.state.key_cache.clear()  # this process stops accepting it now; others within auth_cache_s
    return Response(status_code=204)


@router.get("/v1/audit", tags=["auth"], summary="The audit log, newest first")
def audit_log(
    principal: Admin,
    session: DB,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=INT32_MAX)] = 0,
    object_type: str | None = None,
    object_id: str | None = None,
) -> dict[str, Any]:
    return {"items": [audit.as_dict(e) for e in audit.entries(session, limit=limit, offset=offset, object_type=object_type, object_id=object_id)]}


@router.get("/metrics", tags=["ops"], summary="Prometheus metrics (admin key)")
def metrics(request: Request, principal: Admin) -> Response:
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
