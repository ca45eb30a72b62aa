"""Language identification for corpus rows and incoming posts: nl, fr, ar, en, de or other.

Numpy only (serving imports this). How it decides, in order:

1. Script. Count letters per script; a text whose letters are mostly Arabic script is ``ar``
   (script ``Arab``). Letters mostly from another non-Latin script give ``other``.
2. Latin script: a multinomial naive Bayes over hashed character 1-4-grams (of `` word ``
   padded, lower-cased text) with classes nl, fr, en, de and ``ar`` (= Arabizi / Latin-script
   Darija), trained offline by ``polarscan data train-langid`` (``training/corpus/langid_train.py``)
   and stored in ``models/langid/langid_nb.npz``. Six further classes (Italian, Spanish, Polish,
   Turkish, Swahili, Hausa) stand for Latin-script languages that are none of ours: ``other``. Latin-script Arabic therefore comes out as
   ``ar`` with script ``Latn``: it is a class of its own, never folded into fr or en.
3. Without the weights file (or for texts with no letters) a small rule set is used: function
   words per language and Arabizi cues (digits 2/3/5/7/9 inside words, Darija function words).

Low confidence (max posterior below ``OTHER_BELOW``) on Latin text gives ``other``.
See ``docs/langid.md`` for the measured accuracy.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from polarscan.models.normalize import URL_TOKEN, USER_TOKEN

LANGS = ("nl", "fr", "ar", "en", "de", "other")  # the one language order (reports, cards, tables)
NAMED_LANGS = LANGS[:-1]  # without the catch-all ``other``


def ordered_languages(present) -> list[str]:
    """The languages in ``present`` in ``LANGS`` order, any others after them (alphabetical)."""
    present = set(present)
    return [lang for lang in LANGS if lang in present] + sorted(present - set(LANGS))
WEIGHTS_PATH = Path(__file__).resolve().parent / "langid" / "langid_nb.npz"
OTHER_BELOW = 0.3  # measured: higher values only move correct nl/fr/en answers to other

# what langid drops before its features: the normaliser's placeholders, raw handles and URLs, '#'
# (the features the shipped weights were trained on: keep this exact set)
_TOKEN_MASKS = re.compile("|".join([re.escape(USER_TOKEN), re.escape(URL_TOKEN), r"@\w+", r"https?://\S+", r"www\.\S+", "#"]),
                          re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[0-9]+[^\W\d_]*)*|[0-9]+[^\W\d_]+[\w]*", re.UNICODE)


@dataclass(frozen=True)
class LangResult:
    lang: str  # one of LANGS
    script: str  # "Arab", "Latn", "Other" or "None" (no letters)
    confidence: float  # in [0, 1]


def script_of(text: str) -> tuple[str, float]:
    """Dominant script of the letters in ``text`` and its share of the letters."""
    arab = latn = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF or 0xFB50 <= o <= 0xFEFF:
            arab += 1
        elif o < 0x0250 or 0x1E00 <= o <= 0x1EFF:
            latn += 1
        else:
            other += 1
    total = arab + latn + other
    if total == 0:
        return "None", 0.0
    best = max((arab, "Arab"), (latn, "Latn"), (other, "Other"))
    return best[1], best[0] / total


def clean_for_langid(text: str) -> str:
    """Lower-cased, placeholders/handles/URLs dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _TOKEN_MASKS.sub(" ", text)
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Features shared by training and inference (hashed char n-grams)
# ---------------------------------------------------------------------------------------------

N_FEATURES = 2**17
NGRAM_RANGE = (1, 4)


def ngram_hashes(text: str, n_features: int = N_FEATURES, ngram_range: tuple[int, int] = NGRAM_RANGE) -> np.ndarray:
    """Hashed character n-grams of each word padded with spaces (crc32 mod n_features)."""
    out: list[int] = []
    lo, hi = ngram_range
    for word in _WORD.findall(text):
        w = f" {word} "
        for n in range(lo, hi + 1):
            for i in range(len(w) - n + 1):
                out.append(zlib.crc32(w[i : i + n].encode("utf-8")) % n_features)
    return np.asarray(out, dtype=np.int64)


@dataclass(frozen=True)
class NBModel:
    """Multinomial naive Bayes over hashed n-grams.

    NB log-likelihoods grow with text length and are far too sharp, so the posterior is
    ``softmax(log_prior + sharpness * loglik / sqrt(n_ngrams))`` with ``sharpness`` fitted on
    held-out text (minimum log loss): short texts ("haha", "ok") get honest, low confidences.
    """

    classes: tuple[str, ...]
    log_prior: np.ndarray  # [C]
    log_prob: np.ndarray  # [C, F]
    n_features: int
    ngram_range: tuple[int, int]
    sharpness: float = 1.0

    def loglik(self, text: str) -> tuple[np.ndarray, int]:
        idx = ngram_hashes(text, self.n_features, self.ngram_range)
        if idx.size == 0:
            return np.zeros(len(self.classes)), 0
        return self.log_prob[:, idx].astype(np.float64).sum(axis=1), int(idx.size)

    def posterior(self, text: str) -> np.ndarray:
        ll, n = self.loglik(text)
        return softmax_scores(self.log_prior, ll, n, self.sharpness)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path, classes=np.array(self.classes), log_prior=self.log_prior.astype(np.float32),
            log_prob=self.log_prob.astype(np.float16), n_features=np.int64(self.n_features),
            ngram_range=np.array(self.ngram_range, dtype=np.int64), sharpness=np.float64(self.sharpness),
        )

    @classmethod
    def load(cls, path: Path) -> NBModel:
        with np.load(path, allow_pickle=False) as z:
            return cls(
                classes=tuple(str(c) for c in z["classes"]), log_prior=z["log_prior"].astype(np.float64),
                log_prob=z["log_prob"].astype(np.float32), n_features=int(z["n_features"]),
                ngram_range=(int(z["ngram_range"][0]), int(z["ngram_range"][1])),
                sharpness=float(z["sharpness"]) if "sharpness" in z.files else 1.0,
            )


def softmax_scores(log_prior: np.ndarray, loglik: np.ndarray, n: int | np.ndarray, sharpness: float) -> np.ndarray:
    """Posterior(s) from summed log-likelihoods: works on one text [C] or a batch [N, C]."""
    n_arr = np.maximum(np.asarray(n, dtype=np.float64), 1.0)
    scores = log_prior + sharpness * loglik / np.sqrt(n_arr)[..., None] if np.ndim(loglik) == 2 else \
        log_prior + sharpness * loglik / np.sqrt(n_arr)
    scores = scores - scores.max(axis=-1, keepdims=True)
    p = np.exp(scores)
    return p / p.sum(axis=-1, keepdims=True)


@lru_cache(maxsize=4)
def _load_model(path: str) -> NBModel | None:
    p = Path(path)
    return NBModel.load(p) if p.exists() else None


# ---------------------------------------------------------------------------------------------
# Rule fallback
# ---------------------------------------------------------------------------------------------

_FUNCTION_WORDS = {
    "nl": "de het een en van ik je niet dat die is op te zijn met voor maar wat er ook nog wel dan als zo naar hij "
          "ze we zijn mijn jij dit kan heb hebben wordt geen gewoon echt allemaal moet heeft waar nu al bij uit".split(),
    "fr": "le la les un une des et est pas je tu il elle nous vous ils de du que qui ne ce se sur pour dans avec mais "
          "on au aux cette sont fait ça c'est suis très bien plus tout comme même trop quoi".split(),
    "en": "the a an and is are not i you he she we they it of to in that this for with but on be was have what "
          "just like do don't your my so all if no get".split(),
    "de": "der die das und ist nicht ich du er sie wir ein eine zu mit auf den dem für von sich auch es auch noch "
          "wie nur aber wenn dass sind hat haben werden schon mal".split(),
    "ar": "wach wash chi chno chnou hadi hada dyal dial dyali ana nta nti ntoma howa hiya bzaf bezaf walo wlah wallah "
          "wlh mashi machi ghir ghi daba kayn kayna kan kant 3la 3lik ila fin kifach kifash zwin khoya khti "
          "lah llah allah inchallah yallah hna mzyan mezyan mnin wakha safi rah ra7 bghit bghina 7ta hta fhad".split(),
}
_FW = {lang: frozenset(words) for lang, words in _FUNCTION_WORDS.items()}
_ARABIZI_DIGITS = re.compile(r"[a-z][2379]|[2379][a-z]")


def _rules(text: str) -> tuple[str, float]:
    words = _WORD.findall(text)
    if not words:
        return "other", 0.0
    scores = {lang: sum(w in fw for w in words) for lang, fw in _FW.items()}
    scores["ar"] += 2 * sum(bool(_ARABIZI_DIGITS.search(w)) for w in words)
    best = max(scores, key=lambda k: scores[k])
    total = sum(scores.values())
    if scores[best] == 0:
        return "other", 0.0
    return best, scores[best] / total


def public_lang(model_class: str) -> str:
    """Model classes beyond our languages (``other_ita``, ``other_spa`` ...) are reported as ``other``."""
    return model_class if model_class in LANGS else "other"


def detect(text: str, model_path: Path | str | None = None) -> LangResult:
    """Language of one post (raw or normalised text)."""
    if not isinstance(text, str):
        raise TypeError(f"detect() expects str, got {type(text).__name__}")
    clean = clean_for_langid(text)
    script, share = script_of(clean)
    if script == "Arab":
        return LangResult("ar", "Arab", round(share, 4))
    if script in ("Other", "None"):
        return LangResult("other", script, round(share, 4))
    model = _load_model(str(model_path or WEIGHTS_PATH))
    if model is None or not _WORD.search(clean):
        lang, conf = _rules(clean)
        return LangResult(lang, "Latn", round(conf, 4))
    post = model.posterior(clean)
    k = int(post.argmax())
    conf = float(post[k])
    lang = public_lang(model.classes[k]) if conf >= OTHER_BELOW else "other"
    return LangResult(lang, "Latn", round(conf, 4))


def detect_batch(texts: list[str]) -> list[LangResult]:
    return [detect(t) for t in texts]
