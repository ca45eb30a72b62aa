"""Public routes: classify, model card summary, health and readiness."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StrictStr, model_validator

from polarscan.models.predictor import Predictor
from polarscan.models.taxonomy import load_taxonomy
from polarscan.serving.deps import get_predictor, get_settings
from polarscan.serving.errors import ValidationFailed
from polarscan.serving.inputs import check_text
from polarscan.serving.auth import CLASSIFY_ROLES, require
from polarscan.serving.settings import Settings

router = APIRouter()


class ClassifyRequest(BaseModel):
    """Exactly one of ``text`` or ``texts``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "Ik vind dit echt grappig 😂"}, {"texts": ["Bonjour à tous", "هذا منشور عادي"]}]},
    )
    text: StrictStr | None = Field(None, description="one post")
    texts: list[StrictStr] | None = Field(None, description="several posts (at most POLARSCAN_MAX_TEXTS)")

    @model_validator(mode="after")
    def _one_of(self) -> "ClassifyRequest":
        if (self.text is None) == (self.texts is None):
            raise ValueError("give exactly one of 'text' (a string) or 'texts' (a list of strings)")
        return self

    def items(self) -> list[str]:
        return [self.text] if self.text is not None else list(self.texts or [])


class LabelScore(BaseModel):
    score: float = Field(description="calibrated probability in [0, 1]")
    flagged: bool
    threshold: float = Field(description="the threshold used for this label and language")
    measured: bool = Field(True, description="false when no labelled data measured this label in this language: "
                                             "the score is given, but the label is never flagged (see GET /v1/model)")


class ClassifyResult(BaseModel):
    index: int
    lang: str = Field(description="detected language: nl, fr, ar, en, de or other (Arabizi is ar with script Latn)")
    script: str
    lang_confidence: float
    labels: dict[str, LabelScore]
    flagged: bool = Field(description="true when any label is flagged")
    windows: int = Field(1, description="windows of the post the model read (a long post is read as overlapping windows; scores are the max over them)")
    truncated: bool = Field(False, description="true when the post was not read to the end (more windows than the predictor's cap)")


class ModelRef(BaseModel):
    id: str
    version: str
    kind: str


class ClassifyResponse(BaseModel):
    model: ModelRef
    results: list[ClassifyResult]


def validate_texts(items: list[str], settings: Settings) -> list[str]:
    """Limits that depend on settings, checked where input enters; raises 422 naming the item."""
    if not items:
        raise ValidationFailed("'texts' is empty: send at least one text")
    if len(items) > settings.max_texts:
        raise ValidationFailed(f"too many texts: {len(items)} > {settings.max_texts} (POLARSCAN_MAX_TEXTS); split the request")
    for i, text in enumerate(items):
        if not text.strip():
            raise ValidationFailed(f"text {i} is empty or whitespace only")
        try:
            check_text(text)
        except ValueError as exc:
            raise ValidationFailed(f"text {i} {exc}") from None
        if len(text) > settings.max_text_chars:
            raise ValidationFailed(f"text {i} has {len(text)} characters; the limit is {settings.max_text_chars} (POLARSCAN_MAX_TEXT_CHARS)")
    return items


def model_ref(predictor: Predictor) -> ModelRef:
    return ModelRef(id=predictor.model_id, version=predictor.model_version, kind=predictor.bundle.kind)


@router.post(
    "/v1/classify",
    response_model=ClassifyResponse,
    tags=["classify"],
    summary="Score posts for every label (any API key; demo keys are rate-limited, nothing is stored)",
    dependencies=[Depends(require(*CLASSIFY_ROLES))],
)
def classify(
    body: ClassifyRequest,
    settings: Annotated[Settings, Depends(get_settings)],
    predictor: Annotated[Predictor, Depends(get_predictor)],
) -> ClassifyResponse:
    """Scores in [0, 1] per label, per-label flags (thresholds per language), overall flag.

    Labels: `hateful`, `offensive`, `polarising`, `violent` (see `GET /v1/model`).
    """
    items = validate_texts(body.items(), settings)
    results = predictor.classify(items)
    return ClassifyResponse(model=model_ref(predictor), results=[ClassifyResult(index=i, **_as_dict(r)) for i, r in enumerate(results)])


def _as_dict(result: Any) -> dict[str, Any]:
    """A classify result as its JSON object: ``models.predictor.ClassifyResult.to_dict()``; a
    predictor stand-in (tests) may return the plain dict already."""
    return result.to_dict() if hasattr(result, "to_dict") else dict(result)


def _unmeasured(predictor: Predictor) -> dict[str, Any] | None:
    """Which language x label pairs are never flagged because no labelled data measured them."""
    allowed = predictor.bundle.manifest.get("flag_languages")
    if allowed is None:
        return None
    from polarscan.models.langid import LANGS

    langs = list(LANGS)
    return {
        "note": "scores are returned for these pairs, but `flagged` is always false: no labelled dev data measured them",
        "pairs": {label: [lang for lang in langs if lang not in (allowed.get(label) or [])] for label in predictor.labels},
    }


@router.get("/v1/model", tags=["model"], summary="The served model: card summary, labels, thresholds, metrics")
def model_info(predictor: Annotated[Predictor, Depends(get_predictor)]) -> dict:
    manifest = predictor.bundle.manifest
    taxonomy = {label.name: label for label in load_taxonomy().labels}
    card = predictor.bundle.file("MODEL_CARD.md")
    return {
        "model": model_ref(predictor).model_dump(),
        "labels": [
            {"name": name, "description": taxonomy[name].description if name in taxonomy else None} for name in predictor.labels
        ],
        "thresholds": manifest["thresholds"],
        "flag_languages": manifest.get("flag_languages"),
        "unmeasured": _unmeasured(predictor),
        "calibration": {label: spec.get("method", "identity") for label, spec in (manifest.get("calibration") or {}).items()},
        "metrics": manifest.get("metrics_summary"),
        "data": manifest.get("data"),
        "normalizer": manifest["normalizer"],
        "versions": manifest.get("versions"),
        "created": manifest.get("created"),
        "card": card.read_text(encoding="utf-8") if card.is_file() else None,
    }


@router.get("/healthz", tags=["ops"], summary="Liveness: the process answers")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", tags=["ops"], summary="Readiness: the model is loaded")
def readyz(request: Request) -> dict:
    from polarscan.serving.errors import Unavailable

    predictor = getattr(request.app.state, "predictor", None)
    if predictor is None:
        raise Unavailable("not ready: the model is not loaded")
    return {"status": "ready", "model": model_ref(predictor).model_dump()}
