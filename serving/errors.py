"""Error kinds, defined once and mapped to HTTP statuses in one place.

Every error body has the same shape: ``{"error": {"code": "...", "message": "..."}}`` plus
``details`` for validation errors.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    """Base of the error kinds; a kind names its HTTP status and body code where it is declared:
    ``class Gone(ApiError, status=410, code="gone"): ...``."""

    status = 500
    code = "internal_error"

    def __init_subclass__(cls, *, status: int, code: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.status, cls.code = status, code

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


# the error kinds: HTTP status and the body's code, one line each
class BadRequest(ApiError, status=400, code="bad_request"): ...
class Unauthorized(ApiError, status=401, code="unauthorized"): ...
class Forbidden(ApiError, status=403, code="forbidden"): ...
class NotFound(ApiError, status=404, code="not_found"): ...
class Conflict(ApiError, status=409, code="conflict"): ...
class Gone(ApiError, status=410, code="gone"): ...
class PayloadTooLarge(ApiError, status=413, code="payload_too_large"): ...
class ValidationFailed(ApiError, status=422, code="validation_error"): ...
class RateLimited(ApiError, status=429, code="rate_limited"): ...
class Unavailable(ApiError, status=503, code="unavailable"): ...


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if details is not None:
        body["error"]["details"] = details
    return body


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        if err.get("type") == "json_invalid":
            parts.append("the request body is not valid JSON")
        else:
            parts.append(f"{loc}: {err.get('msg')}")
    return "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        headers = None
        if isinstance(exc, RateLimited):
            wait = exc.details.get("retry_after_s", 1) if isinstance(exc.details, dict) else 1
            headers = {"Retry-After": str(max(1, math.ceil(wait)))}
        return JSONResponse(error_body(exc.code, exc.message, exc.details), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse(error_body("validation_error", _validation_message(errors), errors), status_code=422)

    from sqlalchemy.exc import DataError

    @app.exception_handler(DataError)
    async def _data_error(_: Request, exc: DataError) -> JSONResponse:
        # The routes validate what they take; this is the net for a value the database still refuses.
        return JSONResponse(error_body("validation_error", "a value in the request cannot be stored (out of range or invalid for the database)"), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code, headers=getattr(exc, "headers", None))
