"""Post URLs without the author's handle: ``mask_url`` runs before a URL is stored.

Social platforms put the handle in the path (``x.com/<handle>/status/<id>``,
``tiktok.com/@<handle>/video/<id>``, ``instagram.com/<handle>/``, ...) or a user id in the query
(``facebook.com/profile.php?id=<n>``). Per platform, the handle's path segment is replaced by a
placeholder, or the URL is rewritten to the platform's handle-free form where one exists (X:
``/i/status/<id>``), and only query parameters that identify the post are kept. On any host, a
path segment starting with ``@`` is masked and user:password@ is dropped.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "@user"

# host (without www./m./mobile.) -> (first path segments that are not handles, query keys kept)
_HANDLE_FIRST = {
    "x.com": ({"i", "hashtag", "search", "home", "explore", "intent", "share"}, set()),
    "twitter.com": ({"i", "hashtag", "search", "home", "explore", "intent", "share"}, set()),
    "instagram.com": ({"p", "reel", "reels", "tv", "explore", "tags"}, set()),
    "threads.net": ({"t", "search"}, set()),
    "facebook.com": ({"groups", "watch", "events", "story.php", "permalink.php", "photo", "photo.php", "reel", "share", "hashtag", "video.php"}, {"story_fbid", "fbid", "v", "set"}),
    "fb.com": ({"groups", "watch", "events", "story.php", "permalink.php", "photo", "photo.php", "reel", "share", "hashtag", "video.php"}, {"story_fbid", "fbid", "v", "set"}),
    "t.me": ({"s", "c", "share", "joinchat"}, set()),
    "telegram.me": ({"s", "c", "share", "joinchat"}, set()),
}
# host -> (path segments after which the next segment is a user name, query keys kept)
_HANDLE_AFTER = {
    "youtube.com": ({"c", "user", "channel"}, {"v", "t", "list"}),
    "reddit.com": ({"u", "user"}, set()),
    "tiktok.com": (set(), set()),
    "linkedin.com": ({"in", "pub"}, set()),
}
_X_STATUS = re.compile(r"^/[^/]+/status(?:es)?/(\d+)")


def _platform(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in ("www.", "m.", "mobile.", "web.", "old.", "new."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host


def mask_url(url: str | None) -> str | None:
    """``url`` with handles (and user ids) masked; None stays None."""
    if url is None:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]" if parts.port is None else f"[{host}]:{parts.port}"
    platform = _platform(host)
    path, query = parts.path, parts.query
    segments = path.split("/")
    if platform in ("x.com", "twitter.com") and (m := _X_STATUS.match(path)):
        segments = ["", "i", "status", m.group(1)] + path[m.end():].split("/")[1:]
    if platform in _HANDLE_FIRST:
        reserved, keep = _HANDLE_FIRST[platform]
        if len(segments) > 1 and segments[1] and segments[1].lower() not in reserved:
            segments[1] = MASK
        if platform in ("instagram.com", "threads.net") and len(segments) > 2 and segments[1].lower() in ("stories",):
            segments[2] = MASK
        query = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k in keep])
    elif platform in _HANDLE_AFTER:
        markers, keep = _HANDLE_AFTER[platform]
        for i in range(1, len(segments) - 1):
            if segments[i].lower() in markers:
                segments[i + 1] = MASK
        query = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k in keep])
    segments = [MASK if s.startswith("@") or s.startswith("%40") else s for s in segments]
    return urlunsplit((parts.scheme.lower(), netloc, "/".join(segments), query, ""))
