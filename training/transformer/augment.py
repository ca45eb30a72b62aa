"""Label-preserving text augmentation for fine-tuning.

Obfuscations (registry by name) rewrite a share of the words of a post the way people dodge
filters; the labels stay as they are. Slur/epithet injection inserts a HurtLex term
(CC BY-NC-SA 4.0, see ``../shared/data/hurtlex/SOURCE.md``) into posts that are already
positive for ``offensive`` or ``hateful``, so the model sees group slurs, which the nl/fr/ar data
hardly contain, as evidence for the labels those posts already carry. Texts are normalised
(lower case) corpus texts.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path
from typing import Callable

from polarscan.models.registry import registrar

_OBFUSCATIONS: dict[str, Callable[[str, random.Random], str]] = {}
_WORD = re.compile(r"\w{3,}")
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "g": "9", "b": "8"}
# Arabizi (chat alphabet) for Arabic script; ambiguous letters take their commonest Darija spelling.
_ARABIZI = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "7", "خ": "kh", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "ch", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "ع": "3", "غ": "gh", "ف": "f",
    "ق": "9", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ة": "a", "ء": "2",
    "ئ": "2", "ؤ": "2", "ى": "a", "گ": "g", "ڤ": "v", "پ": "p",
}
_ARABIC = re.compile("[\u0600-\u06ff]")


obfuscation = registrar(_OBFUSCATIONS)  # @obfuscation("leet") registers a training-time spelling change


def obfuscation_names() -> list[str]:
    return list(_OBFUSCATIONS)


def _per_word(text: str, rng: random.Random, rate: float, change: Callable[[str, random.Random], str]) -> str:
    words = list(_WORD.finditer(text))
    if not words:
        return text
    k = max(1, round(rate * len(words)))
    chosen = {m.start() for m in rng.sample(words, min(k, len(words)))}
    return _WORD.sub(lambda m: change(m.group(), rng) if m.start() in chosen else m.group(), text)


@obfuscation("leet")
def leet(word: str, rng: random.Random) -> str:
    return "".join(_LEET.get(c, c) if rng.random() < 0.7 else c for c in word)


@obfuscation("insert_spaces")
def insert_spaces(word: str, rng: random.Random) -> str:
    sep = rng.choice([" ", " ", ".", "-", "*"])
    return sep.join(word)


@obfuscation("swap")
def swap(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


@obfuscation("drop")
def drop(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


@obfuscation("arabizi")
def arabizi(word: str, rng: random.Random) -> str:
    return "".join(_ARABIZI.get(c, c) for c in word)


def remove_spaces(text: str, rng: random.Random, rate: float) -> str:
    """Glue a share of neighbouring words together."""
    parts = text.split(" ")
    if len(parts) < 2:
        return text
    out = [parts[0]]
    for part in parts[1:]:
        if rng.random() < rate:
            out[-1] += part
        else:
            out.append(part)
    return " ".join(out)


def obfuscate(text: str, name: str, rng: random.Random, rate: float = 0.3) -> str:
    if name == "remove_spaces":
        return remove_spaces(text, rng, rate)
    if name == "arabizi":
        return _per_word(text, rng, 1.0, arabizi) if _ARABIC.search(text) else text
    if name not in _OBFUSCATIONS:
        raise KeyError(f"unknown obfuscation {name!r}; known: {obfuscation_names() + ['remove_spaces']}")
    return _per_word(text, rng, rate, _OBFUSCATIONS[name])


def load_hurtlex(directory: Path, languages: list[str], categories: list[str], level: str = "conservative") -> dict[str, list[str]]:
    """HurtLex lemmas per language (lower case, single or multi word) for the chosen categories."""
    lexicon: dict[str, list[str]] = {}
    wanted = {c.lower() for c in categories}
    for lang in languages:
        path = Path(directory) / f"hurtlex_{lang.upper()}.tsv"
        if not path.is_file():
            continue
        terms = set()
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row["category"].lower() in wanted and (level == "inclusive" or row["level"] == "conservative"):
                    lemma = row["lemma"].strip().lower()
                    if lemma and len(lemma) <= 30:
                        terms.add(lemma)
        if terms:
            lexicon[lang] = sorted(terms)
    return lexicon


class Augmenter:
    """Applies one random obfuscation with probability ``prob`` and injects a slur with
    ``slur_prob`` into rows already positive for offensive/hateful."""

    def __init__(self, prob: float, obfuscations: list[str], word_rate: float, slur_prob: float = 0.0,
                 lexicon: dict[str, list[str]] | None = None, extra_languages: list[str] | None = None, seed: int = 0):
        self.prob = prob
        self.obfuscations = list(obfuscations)
        self.word_rate = word_rate
        self.slur_prob = slur_prob
        self.lexicon = lexicon or {}
        self.extra_languages = [lang for lang in (extra_languages or []) if lang in self.lexicon]
        self.rng = random.Random(seed)

    def inject(self, text: str, lang: str) -> str:
        choices = ([lang] if lang in self.lexicon else []) + self.extra_languages
        if not choices:
            return text
        term = self.rng.choice(self.lexicon[self.rng.choice(choices)])
        words = text.split(" ")
        words.insert(self.rng.randrange(len(words) + 1), term)
        return " ".join(words)

    def __call__(self, text: str, lang: str, labels: dict) -> str:
        if self.slur_prob and (labels.get("offensive") == 1 or labels.get("hateful") == 1) and self.rng.random() < self.slur_prob:
            text = self.inject(text, lang)
        if self.obfuscations and self.rng.random() < self.prob:
            text = obfuscate(text, self.rng.choice(self.obfuscations), self.rng, self.word_rate)
        return text
