"""PNG plots for reports (matplotlib with the Agg backend, imported only when plotting)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from polarscan.evaluation.calibration import reliability
from polarscan.evaluation.metrics import average_precision, pr_curve


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def pr_curves(path: Path, y: np.ndarray, scores: np.ndarray, labels: Sequence[str], title: str) -> Path | None:
    """One curve per label (rows with unknown gold labels dropped); ``None`` if nothing to draw."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    drawn = 0
    for j, label in enumerate(labels):
        known = ~np.isnan(y[:, j])
        yj, sj = y[known, j], scores[known, j]
        if yj.sum() == 0:
            continue
        prec, rec, _ = pr_curve(yj, sj)
        ap = average_precision(yj, sj)
        ax.step(np.r_[0.0, rec], np.r_[prec[0], prec], where="post", label=f"{label} (AP {ap:.2f}, {int(yj.sum())}/{yj.size})")
        drawn += 1
    if not drawn:
        plt.close(fig)
        return None
    ax.set(xlabel="recall", ylabel="precision", xlim=(0, 1), ylim=(0, 1.02), title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def reliability_grid(
    path: Path,
    y: np.ndarray,
    raw: np.ndarray,
    calibrated: np.ndarray,
    langs: Sequence[str],
    languages: Sequence[str],
    labels: Sequence[str],
    n_bins: int,
    title: str,
) -> Path | None:
    """Rows = languages, columns = labels: observed positive rate vs mean score per bin."""
    plt = _plt()
    langs_arr = np.asarray(langs, dtype=object)
    fig, axes = plt.subplots(
        len(languages), len(labels), figsize=(2.6 * len(labels), 2.4 * len(languages)), squeeze=False, sharex=True, sharey=True
    )
    for r, lang in enumerate(languages):
        mask = langs_arr == lang
        for c, label in enumerate(labels):
            ax = axes[r][c]
            ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":")
            n = int((~np.isnan(y[mask, c])).sum())
            for scores, style, name in ((raw, "--", "raw"), (calibrated, "-", "calibrated")):
                bins = [b for b in reliability(y[mask, c], scores[mask, c], n_bins) if b.count]
                if bins:
                    ax.plot([b.mean_predicted for b in bins], [b.fraction_positive for b in bins], style, marker="o", ms=3, label=name)
            ax.set_title(f"{lang} · {label} (n={n})", fontsize=8)
            ax.tick_params(labelsize=7)
            if r == 0 and c == 0:
                ax.legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    fig.supxlabel("mean score in bin", fontsize=8)
    fig.supylabel("observed positive rate", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


GOLD_COLOURS = {"hateful": "#c0392b", "non-hateful": "#2e86c1"}  # other/mixed gold: grey


def functionality_figure(groups: dict, title: str):
    """The figure of :func:`functionality_bars` (a legend says what the colours and the line mean)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    plt = _plt()
    names = list(groups)
    acc = [groups[n].accuracy or 0.0 for n in names]
    colours = [GOLD_COLOURS.get(groups[n].gold, "#888") for n in names]
    fig, ax = plt.subplots(figsize=(6.5, 0.28 * len(names) + 1.8))
    ax.barh(range(len(names)), acc, color=colours)
    ax.set_yticks(range(len(names)), [f"{n} ({groups[n].n})" for n in names], fontsize=8)
    ax.invert_yaxis()
    ax.set(xlim=(0, 1), xlabel="accuracy (cases the model got right)", title=title)
    ax.axvline(0.5, color="grey", lw=0.8, ls=":")
    ax.grid(axis="x", alpha=0.3)
    handles = [Patch(color=GOLD_COLOURS["hateful"], label="gold: hateful (should be flagged)"),
               Patch(color=GOLD_COLOURS["non-hateful"], label="gold: non-hateful (should not be flagged)")]
    if any(groups[n].gold not in GOLD_COLOURS for n in names):
        handles.append(Patch(color="#888", label="gold: mixed"))
    handles.append(Line2D([0], [0], color="grey", lw=0.8, ls=":", label="accuracy 0.5"))
    ax.legend(handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.9 / (0.28 * len(names) + 1.8)),
              ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def functionality_bars(path: Path, groups: dict, title: str) -> Path | None:
    """Horizontal accuracy bars per functionality (red: gold hateful, blue: gold non-hateful), with a legend."""
    if not groups:
        return None
    plt = _plt()
    fig = functionality_figure(groups, title)
    fig.savefig(path, dpi=90, bbox_inches="tight")
    plt.close(fig)
    return path
