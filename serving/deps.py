"""FastAPI dependencies: what routes get from the app's lifespan state."""

from __future__ import annotations

from fastapi import Request

from polarscan.models.predictor import Predictor
from polarscan.serving.errors import Unavailable
from polarscan.serving.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_predictor(request: Request) -> Predictor:
    predictor = getattr(request.app.state, "predictor", None)
    if predictor is None:
        raise Unavailable("the model is not loaded yet")
    return predictor
