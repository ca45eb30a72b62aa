"""Bias: how often neutral or positive mentions of an identity group get flagged.

Two sources, reported side by side:

* challenge sets: cases of the configured functionalities (``identity_neutral``,
  ``identity_positive``), all gold non-hateful; false-positive rate per target group per language
  (a case is a false positive when the functional runner predicted it hateful);
* corpus rows that name a target group (``targets``) and are gold-negative for a bias label:
  false-positive rate of that label per target group per language, next to the rate on
  gold-negative rows that name no target (``(none)``), the comparison that shows a group penalty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from polarscan.evaluation.metrics import CountShare

NO_TARGET = "(none)"
ALL_GROUPS = "(all groups)"


@dataclass
class BiasRow(CountShare):
    source: str  # "challenge" or "corpus:<split>"
    lang: str
    group: str
    label: str
    n: int  # gold-negative items
    false_positives: int
    SHARE = ("fpr", "false_positives")
    fpr = property(CountShare.share_of)


def challenge_bias(functional, functionalities: Sequence[str], languages: Sequence[str]) -> list[BiasRow]:
    """From a :class:`evaluation.functional.FunctionalResult`."""
    label = "+".join(functional.positive_labels)
    groups: dict[tuple[str, str], BiasRow] = {}
    for r in functional.results:
        c = r.case
        if c.functionality not in functionalities or c.label_gold != "non-hateful":
            continue
        row = groups.setdefault((c.lang, c.target_ident), BiasRow("challenge", c.lang, c.target_ident, label, 0, 0))
        row.n += 1
        row.false_positives += int(r.predicted == "hateful")
    for (lang, _), row in list(groups.items()):
        total = groups.setdefault((lang, ALL_GROUPS), BiasRow("challenge", lang, ALL_GROUPS, label, 0, 0))
        total.n += row.n
        total.false_positives += row.false_positives
    order = {lang: k for k, lang in enumerate(languages)}
    return sorted(groups.values(), key=lambda b: (order.get(b.lang, 99), b.lang, b.group == ALL_GROUPS, b.group))


def corpus_bias(
    y: np.ndarray,
    scores: np.ndarray,
    langs: Sequence[str],
    targets: Sequence[Sequence[str]],
    labels: Sequence[str],
    bias_labels: Sequence[str],
    threshold: Callable[[str, str], float],
    languages: Sequence[str],
    source: str,
) -> list[BiasRow]:
    rows: list[BiasRow] = []
    labels = list(labels)
    for label in bias_labels:
        if label not in labels:
            continue
        j = labels.index(label)
        for lang in languages:
            counts: dict[str, list[int]] = {}
            for i in range(len(langs)):
                if langs[i] != lang or y[i, j] != 0:
                    continue
                flagged = int(scores[i, j] >= threshold(label, lang))
                for group in (targets[i] or [NO_TARGET]):
                    n_fp = counts.setdefault(group, [0, 0])
                    n_fp[0] += 1
                    n_fp[1] += flagged
            for group in sorted(counts, key=lambda g: (g == NO_TARGET, g)):
                n, fp = counts[group]
                rows.append(BiasRow(source, lang, group, label, n, fp))
    return rows
