"""What a bundle says about itself: data provenance (sources, licences) and the model card text.

Training writes the provenance into the manifest; ``pipelines.finalize.finalize_bundle`` (which
scores the bundle through the exported model, with evaluation's metrics) renders the card with
``model_card`` from the metrics it measured.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import yaml

from polarscan.models.langid import LANGS
from polarscan.models.taxonomy import load_taxonomy
from polarscan.training.config import REPO_ROOT

CARDS_DIR = REPO_ROOT / "datasets" / "cards"


def source_card(source: str) -> dict[str, Any]:
    """``datasets/cards/<source>.yaml`` ({} when there is none; invalid YAML raises ValueError)."""
    path = CARDS_DIR / f"{source}.yaml"
    if not path.is_file():
        return {}
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"dataset card {path} is not valid YAML: {exc}") from None


def data_provenance(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows per source and split, with each source's licence and origin from its dataset card."""
    counts: dict[str, Counter] = {}
    for row in rows:
        counts.setdefault(row["source"], Counter())[row["split"]] += 1
    sources = []
    for name in sorted(counts):
        card = source_card(name)
        sources.append(
            {
                "name": name,
                "licence": card.get("licence") or card.get("license") or "see datasets/cards",
                "url": card.get("url") or card.get("homepage"),
                "languages": card.get("languages") or card.get("language"),
                "rows": dict(counts[name]),
            }
        )
    return {"sources": sources, "rows": sum(sum(c.values()) for c in counts.values())}


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def metrics_markdown(table: dict[str, Any], labels: list[str]) -> str:
    """A per language x label Markdown table from ``MetricsTable.to_dict()``."""
    lines = ["| lang | label | support (pos) | P | R | F1 | PR-AUC | ROC-AUC |", "|---|---|---|---|---|---|---|---|"]
    for lang, per_label in table["per_language"].items():
        for label in labels:
            m = per_label.get(label)
            if not m or not m.get("support"):
                continue
            lines.append(
                f"| {lang} | {label} | {m['support']} ({m['positives']}) | {_fmt(m['precision'])} | {_fmt(m['recall'])} "
                f"| {_fmt(m['f1'])} | {_fmt(m['pr_auc'])} | {_fmt(m['roc_auc'])} |"
            )
    return "\n".join(lines)


def _flag_section(manifest: dict[str, Any]) -> list[str]:
    """Which language x label pairs are flagged (measured on dev data) and which never are."""
    allowed = manifest.get("flag_languages")
    if allowed is None:
        return []
    langs = list(LANGS)
    lines = ["## Flags only where data measured them",
             "A label is flagged in a language only when that language's dev rows have enough positives and "
             "negatives of it. For the other pairs the score is returned, but `flagged` is always false "
             "(`measured: false` in the API).", ""]
    for label in manifest["labels"]:
        on = allowed.get(label) or []
        off = [lang for lang in langs if lang not in on]
        lines.append(f"- `{label}`: flagged in {', '.join(on) or 'no language'}; never flagged in {', '.join(off) or '-'}")
    return lines + [""]


def model_card(manifest: dict[str, Any], metrics: dict[str, Any], description: str, reproduce: str) -> str:
    taxonomy = load_taxonomy()
    label_lines = "\n".join(f"- `{l.name}`: {l.description}" for l in taxonomy.labels if l.name in manifest["labels"])
    source_lines = "\n".join(
        f"- `{s['name']}` ({s.get('languages') or '?'}), licence: {s['licence']}; rows {s['rows']}" for s in manifest["data"]["sources"]
    )
    derived = manifest["data"].get("derived_from") or []
    if derived:
        source_lines += "\n\nDerived from word lists (used in training augmentation; their licence applies to the model):\n" + "\n".join(
            f"- `{d['name']}`, licence: {d.get('licence', '?')} ({d.get('url', '')})" for d in derived)
    threshold_lines = "\n".join(f"- `{label}`: {json.dumps(t)}" for label, t in manifest["thresholds"].items())
    sections = [
        f"# Model card: {manifest['model_id']} v{manifest['model_version']}",
        "",
        f"Kind: `{manifest['kind']}`. {description}",
        "",
        "## Intended use",
        "Ranking and explaining public social-media posts in Dutch (incl. Flemish), French and Arabic "
        "(incl. Darija/Arabizi) for review by trained prevention workers. **People decide; the model only "
        "ranks.** Not for automated moderation, sanctions, or profiling of individuals.",
        "",
        "## Labels",
        label_lines,
        "",
        "## Training data and licences",
        "No public Dutch training set exists here: Dutch training posts, where any, are our own synthetic and "
        "team-written ones (`synthetic_nl`, card in `datasets/cards/`), and `imsypp_nl` is used only for dev "
        "(thresholds) and test. Labels a source does not annotate were masked, not treated as negative.",
        "",
        source_lines,
        "",
        "## Thresholds (chosen on dev, per label and language where dev has enough positives)",
        threshold_lines,
        "",
        *_flag_section(manifest),
    ]
    for split in ("dev", "test"):
        if split in metrics:
            sections += [f"## {split.capitalize()} metrics (per language x label, through the exported ONNX model)", metrics_markdown(metrics[split], manifest["labels"]), ""]
    sections += [
        "## Limitations",
        "Public data sets are keyword-sampled Twitter/YouTube data with their own annotation guidelines; "
        "the label mapping onto this taxonomy is documented in `datasets/cards/`. Expect lower quality on "
        "Dutch (no training data), on Arabizi, on counter-speech that quotes hate, and on obfuscated text. "
        "See the evaluation report for functional tests, robustness and bias measurements.",
        "",
        "## Reproduce",
        reproduce if "```" in reproduce else f"```\n{reproduce}\n```",
        "",
    ]
    return "\n".join(sections)
