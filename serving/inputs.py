"""Input checks shared by every route: what a database or the tokenizer cannot take is a 4xx here.

- text: no NUL character (PostgreSQL refuses it) and no unpaired surrogate (not encodable as
  UTF-8; the tokenizer and the drivers fail on it);
- ids and offsets: 32-bit (PostgreSQL ``integer``), so a path id >= 2**31 is a 422, not a 500;
- URLs: absolute ``http``/``https`` only (no ``javascript:``, ``data:``, ...);
- query strings and paths: no NUL (checked once, in a middleware).
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import unquote_to_bytes, urlsplit

from fastapi import Path
from pydantic import AfterValidator, Field

INT32_MAX = 2**31 - 1
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")


def check_text(value: str) -> str:
    """``value`` unchanged, or ValueError naming the problem (NUL or an unpaired surrogate)."""
    bad = _BAD_CHARS.search(value)
    if bad is not None:
        what = "a NUL character" if bad.group() == "\x00" else f"an unpaired surrogate (U+{ord(bad.group()):04X})"
        raise ValueError(f"contains {what} at position {bad.start()}; send valid UTF-8 text")
    return value


def check_http_url(value: str) -> str:
    """An absolute http(s) URL with a host, without whitespace or control characters."""
    check_text(value)
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("a URL may not contain whitespace or control characters")
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError as exc:
        raise ValueError(f"not a valid URL: {exc}") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValueError("only absolute http:// or https:// URLs are accepted")
    return value


SafeStr = Annotated[str, AfterValidator(check_text)]
HttpUrl = Annotated[str, AfterValidator(check_http_url)]
Int32Id = Annotated[int, Field(ge=1, le=INT32_MAX)]
PathId = Annotated[int, Path(ge=1, le=INT32_MAX, description="a positive 32-bit id")]


def bad_url_target(raw_path: bytes, query_string: bytes) -> str | None:
    """Why a request target is refused (a NUL in the path or query, or undecodable UTF-8), or None."""
    for name, raw in (("path", raw_path), ("query string", query_string)):
        decoded = unquote_to_bytes(raw.replace(b"+", b" ")) if raw else b""
        if b"\x00" in decoded:
            return f"the {name} contains a NUL character"
        try:
            decoded.decode("utf-8")
        except UnicodeDecodeError:
            return f"the {name} is not valid UTF-8 once percent-decoded"
    return None
