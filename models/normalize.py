"""The one text normaliser, shared by data building, training, evaluation and serving.

Steps, in order (``NORMALIZER_VERSION`` changes whenever their output changes):

1. Unicode NFKC: folds full-width letters, "fancy font" mathematical letters, ligatures and Arabic
   presentation forms onto plain characters (a cheap obfuscation undone).
2. Invisible characters removed: zero-width space/non-joiner, word joiner, BOM, soft hyphen,
   bidi controls. The zero-width *joiner* U+200D is kept: emoji ZWJ sequences need it.
3. Line breaks and dataset line-break markers (``<LF>``, ``|LBR|``) become spaces.
4. URLs become ``URL_TOKEN``, @handles (and the pre-masked forms that public data sets use:
   ``@USER``, ``<user>``, ``[USER]``, ``URL``, ``<url>``) become ``USER_TOKEN``, so the model sees
   one placeholder whatever the source. Handles are never kept (privacy and leakage).
5. Arabic: tatweel (U+0640) removed; diacritics (harakat U+064B-U+0652, superscript alef U+0670,
   Quranic annotation marks U+0610-U+061A, U+06D6-U+06ED) removed; alef variants (أ إ آ ٱ) become
   bare alef ا; alef maqsura ى becomes ya ي; Arabic-Indic and Persian digits become ASCII digits.
   Ta marbuta ة and hamza on waw/ya are kept (they carry meaning and dialect tokens use them).
6. Lower case (``str.lower``). Done here, not in the vectoriser: skl2onnx's lowercasing fails in
   onnxruntime without an en_US.UTF-8 locale.
7. Any character repeated more than three times is cut to three ("sooooo" → "sooo",
   "ههههههه" → "ههه"); emoji are kept (also cut when repeated more than three times).
8. Whitespace collapsed to single spaces and stripped.

``fold_for_matching`` goes further for watch-term matching only (never for the model): it also
undoes leetspeak digits/symbols and drops separators inside words.
"""

from __future__ import annotations

import re
import unicodedata

NORMALIZER_VERSION = "polarscan-norm-1"

USER_TOKEN = "@user"
URL_TOKEN = "httpurl"

_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200e\u200f\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    None,
)
_LINEBREAK_MARKERS = re.compile(r"<LF>|\|LBR\|", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9.-]+\.(?:com|org|net|be|nl|fr|ma|ly|co)/\S*", re.IGNORECASE)
# Pre-masked placeholders used by public data sets, matched before real handles.
_MASKED_USER = re.compile(r"<\s*user\s*>|\[\s*user\s*\]|@user\b", re.IGNORECASE)
_MASKED_URL = re.compile(r"<\s*url\s*>|\[\s*url\s*\]|\bURL\b")
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u0652\u0670\u06d6-\u06ed]")
_ARABIC_MAP = str.maketrans(
    {
        "\u0640": None,  # tatweel
        "\u0623": "\u0627",  # alef with hamza above
        "\u0625": "\u0627",  # alef with hamza below
        "\u0622": "\u0627",  # alef with madda
        "\u0671": "\u0627",  # alef wasla
        "\u0649": "\u064a",  # alef maqsura -> ya
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    }
)
_REPEATS = re.compile(r"(.)\1{3,}", re.DOTALL)
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Normalise one post. Pure and deterministic; see the module docstring for the steps."""
    if not isinstance(text, str):
        raise TypeError(f"normalize() expects str, got {type(text).__name__}")
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_INVISIBLE)
    text = _LINEBREAK_MARKERS.sub(" ", text)
    text = _URL.sub(f" {URL_TOKEN} ", text)
    text = _MASKED_URL.sub(f" {URL_TOKEN} ", text)
    text = _MASKED_USER.sub(f" {USER_TOKEN} ", text)
    text = _HANDLE.sub(f" {USER_TOKEN} ", text)
    text = _ARABIC_DIACRITICS.sub("", text)
    text = text.translate(_ARABIC_MAP)
    text = text.lower()
    text = _REPEATS.sub(r"\1\1\1", text)
    return _SPACES.sub(" ", text).strip()


def normalize_batch(texts: list[str]) -> list[str]:
    return [normalize(t) for t in texts]


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "€": "e", "!": "i", "|": "l"})
_NON_WORD = re.compile(r"[^\w#\s]+")


def fold_for_matching(text: str) -> str:
    """A harsher fold for watch-term matching (not for the model).

    ``normalize`` first, then leet digits/symbols to letters, punctuation dropped, letters spread
    out with separators ("n.a.z.i", "n a z i") joined, and repeated letters cut to one.
    Arabic is left as ``normalize`` made it apart from the repeat cut.
    """
    text = normalize(text)
    text = " ".join(_fold_token(tok) for tok in _join_spread_letters(text.split(" ")))
    return _SPACES.sub(" ", text).strip()


def _fold_token(token: str) -> str:
    if token in (USER_TOKEN, URL_TOKEN) or token.startswith("#"):
        core = token
    else:
        # Sentence punctuation at the edges is punctuation, not leet ("kut!!" is not "kutii").
        core = token.strip("!?.,;:\"'()[]{}").translate(_LEET)
    core = _NON_WORD.sub("", core)
    return re.sub(r"(.)\1+", r"\1", core)


def _join_spread_letters(tokens: list[str]) -> list[str]:
    """Join runs of single-character tokens: ``k u t`` → ``kut``; ``n.a.z.i`` → ``nazi``."""
    out: list[str] = []
    run: list[str] = []
    for tok in tokens:
        parts = [p for p in re.split(r"[._\-*+~·•]", tok) if p] if re.fullmatch(r"(?:\w[._\-*+~·•])+\w", tok) else None
        if parts and all(len(p) == 1 for p in parts):
            run.extend(parts)
            continue
        if len(tok) == 1 and tok.isalnum():
            run.append(tok)
            continue
        if run:
            out.append("".join(run) if len(run) > 1 else run[0])
            run = []
        out.append(tok)
    if run:
        out.append("".join(run) if len(run) > 1 else run[0])
    return out
