"""Reports as a list of blocks (headings, paragraphs, tables, images) rendered by named writers.

``Document`` is the neutral form; writers (``@writer("markdown")``, ``"html"``, ``"json"``) turn
it into files. ``table_text`` prints a table for the terminal.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from polarscan.models.registry import registrar

_WRITERS: dict[str, Callable[["Document", Path], Path]] = {}
writer = registrar(_WRITERS)  # @writer("md") registers a report writer


def writers() -> list[str]:
    return list(_WRITERS)


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]
    caption: str = ""


@dataclass
class Document:
    title: str
    blocks: list[tuple[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # machine-readable content for the json writer

    def h(self, level: int, text: str) -> None:
        self.blocks.append(("h", (level, text)))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "") -> None:
        self.blocks.append(("table", Table(list(headers), [list(r) for r in rows], caption)))

    def image(self, path: str, alt: str) -> None:
        self.blocks.append(("img", (path, alt)))

    def write(self, out_dir: str | Path, formats: Sequence[str] = ("markdown", "html", "json")) -> list[Path]:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        unknown = [f for f in formats if f not in _WRITERS]
        if unknown:
            raise ValueError(f"unknown report formats {unknown}; known: {writers()}")
        return [_WRITERS[f](self, out) for f in formats]


def fmt(value: Any, digits: int = 3) -> str:
    """Cell text: ``None`` -> "–", floats rounded, the rest as is."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def fmt_delta(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def _md_cell(value: Any) -> str:
    return fmt(value).replace("|", "\\|").replace("\n", " ")


def table_markdown(t: Table) -> str:
    lines = ["| " + " | ".join(t.headers) + " |", "|" + "|".join("---" for _ in t.headers) + "|"]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in t.rows]
    return "\n".join(lines)


def table_text(t: Table) -> str:
    """Aligned plain-text table for the terminal."""
    cells = [t.headers] + [[fmt(v) for v in row] for row in t.rows]
    widths = [max(len(str(r[i])) for r in cells) for i in range(len(t.headers))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@writer("markdown")
def write_markdown(doc: Document, out: Path) -> Path:
    parts = [f"# {doc.title}"]
    for kind, payload in doc.blocks:
        if kind == "h":
            level, text = payload
            parts.append("#" * (level + 1) + " " + text)
        elif kind == "p":
            parts.append(payload)
        elif kind == "table":
            if payload.caption:
                parts.append(f"*{payload.caption}*")
            parts.append(table_markdown(payload))
        elif kind == "img":
            path, alt = payload
            parts.append(f"![{alt}]({path})")
    path = out / "report.md"
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; padding: 0 1em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
th { background: #f0f0f0; position: sticky; top: 0; } td:first-child, th:first-child { text-align: left; }
caption { caption-side: top; text-align: left; font-style: italic; padding-bottom: 0.3em; }
img { max-width: 100%; border: 1px solid #eee; margin: 0.5em 0; }
code { background: #f3f3f3; padding: 0 0.25em; border-radius: 3px; font-size: 0.92em; }
nav.toc { background: #fafafa; border: 1px solid #ddd; padding: 0.5em 1.2em; margin: 1em 0 2em; }
nav.toc ul { margin: 0.2em 0; padding-left: 1.2em; } nav.toc li { margin: 0.1em 0; }
details > summary { cursor: pointer; margin: 0.5em 0; font-style: italic; }
a.top { font-size: 0.8em; margin-left: 0.6em; color: #666; }
"""

FOLD_ROWS = 25  # HTML: tables longer than this are folded (<details>), so the page stays readable

_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def inline_html(text: str) -> str:
    """Escape ``text`` and render its Markdown inline marks: `code` and **bold** (no literal backticks)."""
    out = html.escape(str(text))
    out = _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", out)
    return _BOLD.sub(lambda m: f"<strong>{m.group(1)}</strong>", out)


def anchor(text: str, taken: set[str]) -> str:
    """A unique HTML id for a heading."""
    base = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "section"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


@writer("html")
def write_html(doc: Document, out: Path) -> Path:
    e = html.escape
    taken: set[str] = {"top"}
    ids = [anchor(payload[1], taken) if kind == "h" else None for kind, payload in doc.blocks]
    toc = ['<nav class="toc" aria-label="Contents"><strong>Contents</strong><ul>']
    depth = 1
    for (kind, payload), hid in zip(doc.blocks, ids):
        if kind != "h" or payload[0] > 2:
            continue
        level = payload[0]
        while depth < level:
            toc.append("<ul>")
            depth += 1
        while depth > level:
            toc.append("</ul>")
            depth -= 1
        toc.append(f'<li><a href="#{hid}">{inline_html(payload[1])}</a></li>')
    toc += ["</ul>"] * depth + ["</nav>"]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(doc.title.replace('`', ''))}</title><style>{_CSS}</style></head><body>",
        f'<h1 id="top">{inline_html(doc.title)}</h1>',
        *toc,
    ]
    for (kind, payload), hid in zip(doc.blocks, ids):
        if kind == "h":
            level, text = payload
            parts.append(f'<h{level + 1} id="{hid}">{inline_html(text)}<a class="top" href="#top">↑ contents</a></h{level + 1}>')
        elif kind == "p":
            parts.append(f"<p>{inline_html(payload)}</p>")
        elif kind == "table":
            rows = ["<table>"]
            if payload.caption:
                rows.append(f"<caption>{inline_html(payload.caption)}</caption>")
            rows.append("<tr>" + "".join(f"<th>{inline_html(h)}</th>" for h in payload.headers) + "</tr>")
            for row in payload.rows:
                rows.append("<tr>" + "".join(f"<td>{e(fmt(v))}</td>" for v in row) + "</tr>")
            rows.append("</table>")
            table = "\n".join(rows)
            if len(payload.rows) > FOLD_ROWS:
                what = inline_html(payload.caption) if payload.caption else "table"
                table = f"<details><summary>{what}: {len(payload.rows)} rows (click to show)</summary>\n{table}\n</details>"
            parts.append(table)
        elif kind == "img":
            path, alt = payload
            parts.append(f'<img src="{e(path)}" alt="{e(alt)}" loading="lazy">')
    parts.append("</body></html>")
    path = out / "report.html"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


@writer("json")
def write_json(doc: Document, out: Path) -> Path:
    path = out / "report.json"
    path.write_text(json.dumps(doc.data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path
