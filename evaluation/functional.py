"""Functional tests in the public HateCheck CSV format, against a bundle or a running server.

A suite is one or more CSV files with the columns ``functionality``, ``test_case``,
``label_gold`` (``hateful`` or ``non-hateful``) and ``target_ident`` (may be empty), and an
optional ``lang`` column (a file without one is tagged with the language its name suggests,
``nl.csv`` -> ``nl``, otherwise ``"-"``).

A case is predicted ``hateful`` when any of the configured ``positive_labels`` is flagged by the
model, with the thresholds of the language the model sees (detected, as in serving, unless
``lang_hint`` passes the CSV's language). Reported per language: accuracy per functionality (split
by gold label where a functionality has both) and per target group, the F1 of each class and their
macro-F1.

The violent view: when the model has a ``violent`` label, the share of ``threat`` cases on which it
flags ``violent`` (should be high) and the share of ``threat_figurative`` cases on which it does
(figurative, sport, gaming or news-report language of violence: should be low), per language.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Protocol, Sequence

from polarscan.evaluation.metrics import Counts, CountShare, f1
from polarscan.models.langid import NAMED_LANGS

REQUIRED_COLUMNS = ("functionality", "test_case", "label_gold", "target_ident")
GOLD_VALUES = ("hateful", "non-hateful")
KNOWN_LANGS = NAMED_LANGS  # models.langid: the one language order
VIOLENT_LABEL = "violent"
# The functionalities of the violent view: real threats and their figurative look-alikes.
VIOLENT_FUNCTIONALITIES = ("threat", "threat_figurative")


class FunctionalError(ValueError):
    """A suite file that cannot be read; the message says what to fix."""


class Classifier(Protocol):
    """What the runner needs: ``Predictor`` and ``HttpClassifier`` both provide it."""

    def classify(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Case:
    functionality: str
    test_case: str
    label_gold: str
    target_ident: str
    lang: str
    source: str = ""


def _lang_from_name(path: Path) -> str:
    stem = path.stem.lower()
    return stem if stem in KNOWN_LANGS else "-"


def load_suite(paths: Iterable[str | Path]) -> list[Case]:
    """Read HateCheck-format CSV files (a folder means every ``*.csv`` in it)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.glob("*.csv")))
        elif p.is_file():
            files.append(p)
        else:
            raise FunctionalError(f"{p}: no such file or folder")
    if not files:
        raise FunctionalError("no functional test CSV files given")
    cases: list[Case] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = [c.strip() for c in (reader.fieldnames or [])]
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise FunctionalError(
                    f"{path}: expected columns {list(REQUIRED_COLUMNS)} (+ optional 'lang'), found {columns}; "
                    f"missing {missing}"
                )
            default_lang = _lang_from_name(path)
            for n, row in enumerate(reader, 2):
                row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                gold = row["label_gold"].lower()
                if gold not in GOLD_VALUES:
                    raise FunctionalError(f"{path}:{n}: label_gold must be one of {list(GOLD_VALUES)}, found {row['label_gold']!r}")
                if not row["test_case"]:
                    raise FunctionalError(f"{path}:{n}: empty test_case")
                cases.append(
                    Case(
                        functionality=row["functionality"],
                        test_case=row["test_case"],
                        label_gold=gold,
                        target_ident=row["target_ident"] or "-",
                        lang=row.get("lang") or default_lang,
                        source=f"{path.name}:{n}",
                    )
                )
    return cases


@dataclass
class CaseResult:
    case: Case
    predicted: str
    score: float  # the highest score among the positive labels
    model_lang: str | None
    violent: bool | None = None  # whether the model flagged `violent`; None when it has no such label

    @property
    def correct(self) -> bool:
        return self.predicted == self.case.label_gold


@dataclass
class GroupAccuracy(CountShare):
    n: int
    correct: int
    gold: str  # "hateful", "non-hateful" or "mixed"
    SHARE = ("accuracy", "correct")
    accuracy = property(CountShare.share_of)


@dataclass
class ViolentShare(CountShare):
    """Of ``n`` cases of one functionality, ``flagged`` had the ``violent`` label flagged."""

    n: int
    flagged: int
    SHARE = ("share", "flagged")
    share = property(CountShare.share_of)


@dataclass
class LanguageSummary:
    n: int
    accuracy: float | None
    f1_hateful: float | None
    f1_non_hateful: float | None
    macro_f1: float | None
    counts: dict[str, int]  # tp/fp/fn/tn with "hateful" as the positive class
    lang_agreement: float | None  # share of cases where the model's language equals the CSV's

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class FunctionalResult:
    results: list[CaseResult]
    positive_labels: list[str]
    per_functionality: dict[str, dict[str, GroupAccuracy]] = field(default_factory=dict)  # [lang][functionality]
    per_target: dict[str, dict[str, GroupAccuracy]] = field(default_factory=dict)  # [lang][target]
    per_language: dict[str, LanguageSummary] = field(default_factory=dict)
    # [lang][functionality in VIOLENT_FUNCTIONALITIES]; empty when the model has no `violent` label
    violent: dict[str, dict[str, ViolentShare]] = field(default_factory=dict)

    def violent_rows(self) -> tuple[list[str], list[list[Any]]]:
        """Per language: share of `threat` and of `threat_figurative` cases flagged `violent`."""
        headers = ["lang"]
        for fn in VIOLENT_FUNCTIONALITIES:
            headers += [f"{fn} n", f"{fn} flagged violent"]
        rows = []
        for lang, shares in self.violent.items():
            row: list[Any] = [lang]
            for fn in VIOLENT_FUNCTIONALITIES:
                s = shares[fn]
                row += [s.n, s.share]
            rows.append(row)
        return headers, rows

    def to_dict(self) -> dict:
        return {
            "positive_labels": self.positive_labels,
            "per_language": {k: v.to_dict() for k, v in self.per_language.items()},
            "violent": {
                lang: {fn: share.to_dict() for fn, share in shares.items()} for lang, shares in self.violent.items()
            },
            "per_functionality": {
                lang: {fn: acc.to_dict() for fn, acc in groups.items()} for lang, groups in self.per_functionality.items()
            },
            "per_target": {
                lang: {t: acc.to_dict() for t, acc in groups.items()} for lang, groups in self.per_target.items()
            },
            "failures": [
                {**asdict(r.case), "predicted": r.predicted, "score": r.score, "model_lang": r.model_lang}
                for r in self.results
                if not r.correct
            ],
        }


def _accumulate(results: Sequence[CaseResult], key) -> dict[str, dict[str, GroupAccuracy]]:
    out: dict[str, dict[str, GroupAccuracy]] = {}
    for r in results:
        lang_groups = out.setdefault(r.case.lang, {})
        g = lang_groups.setdefault(key(r.case), GroupAccuracy(0, 0, r.case.label_gold))
        g.n += 1
        g.correct += int(r.correct)
        if g.gold != r.case.label_gold:
            g.gold = "mixed"
    return {lang: dict(sorted(groups.items())) for lang, groups in out.items()}


def _functionality_key(results: Sequence[CaseResult]):
    """A functionality with both gold labels (obfuscated hate and its harmless twin, say) is split
    into ``name [hateful]`` and ``name [non-hateful]``: one accuracy over both would hide whether
    the model misses the hate or flags the harmless cases."""
    golds: dict[tuple[str, str], set[str]] = {}
    for r in results:
        golds.setdefault((r.case.lang, r.case.functionality), set()).add(r.case.label_gold)

    def key(c: Case) -> str:
        return f"{c.functionality} [{c.label_gold}]" if len(golds[(c.lang, c.functionality)]) > 1 else c.functionality

    return key


def summarise(results: list[CaseResult], positive_labels: Sequence[str]) -> FunctionalResult:
    per_language: dict[str, LanguageSummary] = {}
    for lang in sorted({r.case.lang for r in results}):
        rs = [r for r in results if r.case.lang == lang]
        gold = [r.case.label_gold == "hateful" for r in rs]
        pred = [r.predicted == "hateful" for r in rs]
        c = Counts(
            tp=sum(g and p for g, p in zip(gold, pred)),
            fp=sum(p and not g for g, p in zip(gold, pred)),
            fn=sum(g and not p for g, p in zip(gold, pred)),
            tn=sum(not g and not p for g, p in zip(gold, pred)),
        )
        f_pos = f1(c)
        f_neg = f1(Counts(tp=c.tn, fp=c.fn, fn=c.fp, tn=c.tp))
        defined = [v for v in (f_pos, f_neg) if v is not None]
        with_lang = [r for r in rs if r.case.lang != "-"]
        per_language[lang] = LanguageSummary(
            n=len(rs),
            accuracy=sum(r.correct for r in rs) / len(rs),
            f1_hateful=f_pos,
            f1_non_hateful=f_neg,
            macro_f1=sum(defined) / len(defined) if defined else None,
            counts=asdict(c),
            lang_agreement=(sum(r.model_lang == r.case.lang for r in with_lang) / len(with_lang)) if with_lang else None,
        )
    return FunctionalResult(
        results=results,
        positive_labels=list(positive_labels),
        per_functionality=_accumulate(results, _functionality_key(results)),
        per_target=_accumulate(results, lambda c: c.target_ident),
        per_language=per_language,
        violent=_violent_view(results),
    )


def _violent_view(results: Sequence[CaseResult]) -> dict[str, dict[str, ViolentShare]]:
    """Per language with `threat` or `threat_figurative` cases: how many of each the model flagged
    `violent`. Cases scored without a `violent` label are left out; no such case, no entry."""
    out: dict[str, dict[str, ViolentShare]] = {}
    for r in results:
        if r.violent is None or r.case.functionality not in VIOLENT_FUNCTIONALITIES:
            continue
        shares = out.setdefault(r.case.lang, {fn: ViolentShare(0, 0) for fn in VIOLENT_FUNCTIONALITIES})
        s = shares[r.case.functionality]
        s.n += 1
        s.flagged += int(r.violent)
    return dict(sorted(out.items()))


def run_functional(
    classifier: Classifier,
    cases: Sequence[Case],
    positive_labels: Sequence[str] = ("hateful",),
    lang_hint: bool = False,
    batch_size: int = 64,
) -> FunctionalResult:
    """Classify every case and summarise. ``lang_hint`` passes the CSV language to the model."""
    results: list[CaseResult] = []
    for start in range(0, len(cases), batch_size):
        batch = cases[start : start + batch_size]
        langs = [c.lang if c.lang != "-" else None for c in batch] if lang_hint else None
        outputs = classifier.classify([c.test_case for c in batch], langs=langs)
        if len(outputs) != len(batch):
            raise FunctionalError(f"the model returned {len(outputs)} results for {len(batch)} texts")
        for case, out in zip(batch, outputs):
            labels = out["labels"]
            missing = [name for name in positive_labels if name not in labels]
            if missing:
                raise FunctionalError(f"the model has no labels {missing}; it returns {sorted(labels)}")
            flagged = any(bool(labels[name]["flagged"]) for name in positive_labels)
            score = max(float(labels[name]["score"]) for name in positive_labels)
            violent = bool(labels[VIOLENT_LABEL]["flagged"]) if VIOLENT_LABEL in labels else None
            results.append(CaseResult(case, "hateful" if flagged else "non-hateful", score, out.get("lang"), violent))
    return summarise(results, positive_labels)


class HttpClassifier:
    """A running polarscan server as a classifier (``POST {url}/v1/classify`` with ``{"texts": [...]}``).

    The server detects the language itself; a language hint cannot be sent.
    """

    def __init__(self, url: str, timeout_s: float = 60.0, headers: dict[str, str] | None = None) -> None:
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        self.headers = headers or {}

    def classify(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[dict[str, Any]]:
        import httpx

        if langs is not None:
            raise FunctionalError("a server detects the language itself: drop --lang-hint when using --url")
        endpoint = f"{self.url}/v1/classify"
        try:
            response = httpx.post(endpoint, json={"texts": list(texts)}, timeout=self.timeout_s, headers=self.headers)
        except httpx.HTTPError as exc:
            raise FunctionalError(f"cannot reach {endpoint}: {exc}; is `polarscan serve` running there?") from None
        if response.status_code != 200:
            raise FunctionalError(f"{endpoint} answered {response.status_code}: {response.text[:300]}")
        results = response.json().get("results")
        if not isinstance(results, list):
            raise FunctionalError(f"{endpoint} returned no 'results' list; is it a polarscan server?")
        return results
