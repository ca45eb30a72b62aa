"""Robustness to trivial obfuscation: how much a positive item's score drops when it is written
the way people dodge filters.

Each obfuscation alters a share (``word_rate``, at least one) of the eligible words (>= 4 letters),
chosen with a random generator seeded by ``(seed, item id, obfuscation)``: the same input always
gives the same output. Obfuscations (registry by name):

* ``leet``: a->4, e->3, i->1, o->0, s->5, t->7 (Latin letters only; Arabic script is unchanged)
* ``spaces``: spaces between the letters of a word (``k a n k e r``)
* ``swap``: two adjacent inner letters swapped
* ``drop``: one inner letter dropped
* ``emoji``: dehumanising animal terms replaced by their emoji (varken/cochon/خنزير -> 🐷 ...);
  otherwise one inner letter of the word replaced by an emoji

Items an obfuscation leaves unchanged (Arabic script under ``leet``, say) are counted as
``unchanged`` and left out of the drop and flip rate.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import asdict, dataclass
from typing import Callable, Sequence

import numpy as np

from polarscan.models.registry import registrar

_OBFUSCATIONS: dict[str, Callable[[str, np.random.Generator], str]] = {}
_WORD = re.compile(r"\w+", re.UNICODE)
_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})
_EMOJI_FILL = ("🤬", "💀", "🔥", "🙈", "💩")
EMOJI_TERMS = {
    "🐷": ("varken", "varkens", "zwijn", "zwijnen", "cochon", "cochons", "porc", "porcs", "خنزير", "خنازير", "hallouf", "7allouf"),
    "🐒": ("aap", "apen", "singe", "singes", "macaque", "macaques", "قرد", "قرود", "9rd"),
    "🐀": ("rat", "ratten", "rats", "جرذ", "جرذان", "فئران"),
    "🪳": ("kakkerlak", "kakkerlakken", "cafard", "cafards", "صراصير", "صرصور"),
    "🐕": ("hond", "honden", "chien", "chiens", "كلب", "كلاب", "klab", "kelb"),
}
_TERM_TO_EMOJI = {term: emoji for emoji, terms in EMOJI_TERMS.items() for term in terms}
obfuscation = registrar(_OBFUSCATIONS)  # @obfuscation("leet") registers a perturbation


def names() -> list[str]:
    return list(_OBFUSCATIONS)


def _eligible(text: str) -> list[re.Match]:
    return [m for m in _WORD.finditer(text) if len(m.group()) >= 4 and m.group().isalpha()]


def _alter_words(text: str, rng: np.random.Generator, rate: float, change: Callable[[str, np.random.Generator], str]) -> str:
    words = _eligible(text)
    if not words:
        return text
    k = max(1, int(round(rate * len(words))))
    chosen = sorted(rng.choice(len(words), size=min(k, len(words)), replace=False).tolist())
    out, last = [], 0
    for i in chosen:
        m = words[i]
        out.append(text[last : m.start()])
        out.append(change(m.group(), rng))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


@obfuscation("leet")
def leet(text: str, rng: np.random.Generator, rate: float = 0.5) -> str:
    return _alter_words(text, rng, rate, lambda w, _: w.translate(_LEET))


@obfuscation("spaces")
def spaces(text: str, rng: np.random.Generator, rate: float = 0.5) -> str:
    return _alter_words(text, rng, rate, lambda w, _: " ".join(w))


def _swap(word: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(1, len(word) - 2))  # inner pair (i, i+1), first and last letters kept
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


@obfuscation("swap")
def swap(text: str, rng: np.random.Generator, rate: float = 0.5) -> str:
    return _alter_words(text, rng, rate, _swap)


@obfuscation("drop")
def drop(text: str, rng: np.random.Generator, rate: float = 0.5) -> str:
    def change(word: str, rng: np.random.Generator) -> str:
        i = int(rng.integers(1, len(word) - 1))
        return word[:i] + word[i + 1 :]

    return _alter_words(text, rng, rate, change)


@obfuscation("emoji")
def emoji(text: str, rng: np.random.Generator, rate: float = 0.5) -> str:
    def term(m: re.Match) -> str:
        word = m.group().lower()
        bare = word[2:] if word.startswith("ال") else word  # Arabic article
        return _TERM_TO_EMOJI.get(word) or _TERM_TO_EMOJI.get(bare) or m.group()

    replaced = _WORD.sub(term, text)
    if replaced != text:
        return replaced

    def change(word: str, rng: np.random.Generator) -> str:
        i = int(rng.integers(1, len(word) - 1))
        return word[:i] + _EMOJI_FILL[int(rng.integers(len(_EMOJI_FILL)))] + word[i + 1 :]

    return _alter_words(text, rng, rate, change)


def obfuscate(text: str, name: str, seed: int, key: str = "", rate: float = 0.5) -> str:
    """Apply one obfuscation deterministically (same text, name, seed and key -> same output)."""
    if name not in _OBFUSCATIONS:
        raise ValueError(f"unknown obfuscation {name!r}; known: {names()}")
    rng = np.random.default_rng([seed, zlib.crc32(f"{name}\x00{key}".encode())])
    return _OBFUSCATIONS[name](text, rng, rate)


@dataclass
class RobustnessRow:
    lang: str
    label: str
    obfuscation: str
    n: int  # positive items tried
    changed: int  # items the obfuscation altered (the rest are left out below)
    mean_clean: float | None
    mean_obfuscated: float | None
    mean_drop: float | None  # clean - obfuscated, over changed items
    flagged_clean: int  # changed items flagged before obfuscation
    flips: int  # of those, no longer flagged after
    flip_rate: float | None

    def to_dict(self) -> dict:
        return asdict(self)


def run_robustness(
    score: Callable[[list[str], list[str]], np.ndarray],
    threshold: Callable[[str, str], float],
    texts: Sequence[str],
    langs: Sequence[str],
    ids: Sequence[str],
    y: np.ndarray,
    labels: Sequence[str],
    config,
    languages: Sequence[str],
) -> list[RobustnessRow]:
    """``score(texts, langs) -> [N, L]`` calibrated scores; ``y`` gold [N, L] (NaN unknown)."""
    labels = list(labels)
    langs_arr = np.asarray(langs, dtype=object)
    rng = np.random.default_rng(config.seed)
    # which items per (lang, label), sampled once
    picks: dict[tuple[str, str], np.ndarray] = {}
    for label in config.labels:
        if label not in labels:
            continue
        j = labels.index(label)
        for lang in languages:
            idx = np.flatnonzero((langs_arr == lang) & (y[:, j] == 1))
            if idx.size > config.max_items:
                idx = np.sort(rng.choice(idx, size=config.max_items, replace=False))
            if idx.size:
                picks[(lang, label)] = idx
    if not picks:
        return []
    needed = np.unique(np.concatenate(list(picks.values())))
    clean = dict(zip(needed.tolist(), score([texts[i] for i in needed], [langs[i] for i in needed])))
    rows: list[RobustnessRow] = []
    for name in config.obfuscations:
        variants = {int(i): obfuscate(texts[i], name, config.seed, ids[i], config.word_rate) for i in needed}
        changed_idx = [i for i in needed.tolist() if variants[i] != texts[i]]
        obf = dict(zip(changed_idx, score([variants[i] for i in changed_idx], [langs[i] for i in changed_idx]))) if changed_idx else {}
        for (lang, label), idx in picks.items():
            j = labels.index(label)
            t = threshold(label, lang)
            ch = [int(i) for i in idx if int(i) in obf]
            before = np.array([clean[i][j] for i in ch])
            after = np.array([obf[i][j] for i in ch])
            flagged = before >= t
            flips = int(np.sum(flagged & (after < t)))
            rows.append(
                RobustnessRow(
                    lang=lang,
                    label=label,
                    obfuscation=name,
                    n=int(idx.size),
                    changed=len(ch),
                    mean_clean=float(before.mean()) if ch else None,
                    mean_obfuscated=float(after.mean()) if ch else None,
                    mean_drop=float((before - after).mean()) if ch else None,
                    flagged_clean=int(flagged.sum()),
                    flips=flips,
                    flip_rate=flips / int(flagged.sum()) if flagged.sum() else None,
                )
            )
    order = {lang: k for k, lang in enumerate(languages)}
    rows.sort(key=lambda r: (order.get(r.lang, 99), labels.index(r.label), config.obfuscations.index(r.obfuscation)))
    return rows
