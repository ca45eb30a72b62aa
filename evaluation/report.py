"""Reports as a list of blocks (headings, paragraphs, tables, images) rendered by named writers.

``Document`` is the neutral form; writers (``@writer("markdown")``, ``"html"``, ``"json"``) turn
it into files. ``table_text`` prints a table for the terminal.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

_WRITERS: dict[str, Callable[["Document", Path], Path]] = {}


def writer(name: str):
    def register(fn):
        _WRITERS[name] = fn
        return fn

    return register


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
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
th { background: #f0f0f0; } td:first-child, th:first-child { text-align: left; }
caption { caption-side: top; text-align: left; font-style: italic; padding-bottom: 0.3em; }
img { max-width: 100%; border: 1px solid #eee; margin: 0.5em 0; }
"""


@writer("html")
def write_html(doc: Document, out: Path) -> Path:
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(doc.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(doc.title)}</h1>",
    ]
    for kind, payload in doc.blocks:
        if kind == "h":
            level, text = payload
            parts.append(f"<h{level + 1}>{e(text)}</h{level + 1}>")
        elif kind == "p":
            parts.append(f"<p>{e(payload)}</p>")
        elif kind == "table":
            rows = ["<table>"]
            if payload.caption:
                rows.append(f"<caption>{e(payload.caption)}</caption>")
            rows.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in payload.headers) + "</tr>")
            for row in payload.rows:
                rows.append("<tr>" + "".join(f"<td>{e(fmt(v))}</td>" for v in row) + "</tr>")
            rows.append("</table>")
            parts.append("\n".join(rows))
        elif kind == "img":
            path, alt = payload
            parts.append(f'<img src="{e(path)}" alt="{e(alt)}">')
    parts.append("</body></html>")
    path = out / "report.html"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


@writer("json")
def write_json(doc: Document, out: Path) -> Path:
    path = out / "report.json"
    path.write_text(json.dumps(doc.data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path
