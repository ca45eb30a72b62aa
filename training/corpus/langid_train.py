"""Train the Latin-script language identifier (``models/langid.py``): ``polarscan data train-langid``.

Training text per class, all from the shared data sets (never the imsypp_nl test split):

- ``nl``: imsypp_nl rows of the corpus *dev* split (so ``data build`` must have run) plus, when
  installed, pseudo-sentences of 8 words from the Debian word list ``/usr/share/dict/dutch``.
- ``fr``: mlma fr, cyberagressionado, ID11 rows the cue rules call French, ``/usr/share/dict/french``.
- ``en``: davidson, gab_hate_corpus, dynahate, hatexplain, polar_multi eng.
- ``de``: germeval2018/2019/2021, gahd, polar_multi deu.
- ``ar`` (Arabizi): Latin-script rows of ar_offensive_taxonomy ID11 (OMCD, Moroccan) that the cue
  rules call Darija: digits 2/3/5/7/9 inside words (3 = ع, 7 = ح, 9 = ق ...) and Darija function
  words, with no more French/English function words than Darija cues.
- ``other``: polar_multi Latin-script languages that are none of ours (ita, spa, pol, tur, swa, hau),
  one class each (``other_ita`` ...), all reported as ``other``.

Evaluation: 20 % of each class held out by hash (never trained on), plus the hand-labelled gold
sample ``datasets/langid_gold/ar_offensive_taxonomy_ID11_latin.tsv`` (120 ID11 rows, excluded from
training), plus the sentences in ``tests/test_langid.py``. Writes ``models/langid/langid_nb.npz``
and a JSON report.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from polarscan.models import langid as L
from polarscan.training.corpus.config import REPO_ROOT, DataConfig
from polarscan.training.corpus.adapters import get_adapter
from polarscan.training.corpus.splits import unit_hash

GOLD_PATH = REPO_ROOT / "datasets" / "langid_gold" / "ar_offensive_taxonomy_ID11_latin.tsv"
OTHER_LANGS = ("ita", "spa", "pol", "tur", "swa", "hau")
CLASSES = (*L.NAMED_LANGS, *(f"other_{c}" for c in OTHER_LANGS))
REPORTED = L.LANGS
PER_CLASS_CAP = 12_000
HOLDOUT = 0.2
ALPHA = 0.05

_FR = frozenset(
    "le la les un une des et est pas je tu il elle nous vous ils de du que qui ne ce se sur pour dans avec mais "
    "on au aux cette sont fait ça ca c'est c’est suis très bien plus tout comme même trop quoi jai j'ai j’ai "
    "cest tes t'es jsuis jpp mdr mdrr ptn jsp jvais moi toi lui leur quand parce pourquoi vraiment rien "
    "faut peut veux sais vais mon ma mes ton ta ses".split()
)
_EN = frozenset("the a an and is are i you he she we they it of to in that this for with but be was have what "
                "just like do don't your my so all if get".split())
_DARIJA = frozenset(
    "wach wash chi shi chno chnou chnu hadi hada had dyal dial dyali dyalo ana nta nti ntoma ntouma howa houwa "
    "hiya hia bzaf bezaf walo wlah wallah wlh wlahi mashi machi ghir ghi daba kayn kayen kayna kan kant "
    "fin kifach kifash kif zwin khoya khti akhoya akhti hna mzyan mezyan mnin wakha safi rah ra bghit bghiti "
    "bghina hta lah llah allah yarbi rebbi rabi ya3ni z3ma za3ma lik lih liha lihom m3a m3ak mn men "
    "fhad fhal bach bash ila wla wala ou kolchi kolna ntuma chkoun chkon wesh wach3 blad lblad cha3b "
    "3la 3lik 3lih 3lach 3ndo 3andi 7ta 7na".split()
)
_DIGIT_IN_WORD = re.compile(r"^(?=.*[a-z])(?=.*[235789])[a-z235789']+$")
_NOT_ARABIZI_DIGITS = re.compile(r"^\d+(h|e|er|eme|ème|k|m|m2|min|ans?|s|x|g|mb|go|px)$")
_TOKEN = re.compile(r"[\w'’]+")


def cue_label(text: str) -> str | None:
    """Rule label of a Latin-script ID11 row: 'ar', 'fr', 'en' or None (unclear)."""
    toks = [t.replace("’", "'") for t in _TOKEN.findall(L.clean_for_langid(text))]
    if not toks:
        return None
    ar = sum(t in _DARIJA for t in toks) + sum(
        bool(_DIGIT_IN_WORD.match(t)) and not _NOT_ARABIZI_DIGITS.match(t) for t in toks
    )
    fr = sum(t in _FR for t in toks)
    en = sum(t in _EN for t in toks)
    if ar >= 2 and ar > 2 * (fr + en):
        return "ar"
    if fr >= 2 and ar == 0 and fr > en:
        return "fr"
    if en >= 2 and ar == 0 and en > fr:
        return "en"
    return None


def load_gold(path: Path = GOLD_PATH) -> dict[str, str]:
    """local_id -> lang of the hand-labelled ID11 sample ('?' rows dropped)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("local_id"):
            continue
        local, lang = line.split("\t")
        if lang != "?":
            out[f"ID11:{local}"] = lang
    return out


def _wordlist_docs(path: Path, n_docs: int, seed: int) -> list[str]:
    if not path.exists():
        return []
    words = [w for w in path.read_text(encoding="utf-8", errors="ignore").split() if w.isalpha() and w.islower()]
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(8)) for _ in range(n_docs)]


def _texts(config: DataConfig, name: str, **options) -> list[tuple[str, str]]:
    """(id, raw_text) of an adapter's rows."""
    rows = get_adapter(name).rows(config.resolved_shared_data(), options)
    return [(r.id, r.raw_text) for r in rows]


def collect(config: DataConfig, corpus_path: Path) -> tuple[dict[str, list[tuple[str, str]]], list[tuple[str, str, str]]]:
    """Training/held-out documents per class and the gold (id, text, lang) rows."""
    docs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if not corpus_path.exists():
        raise FileNotFoundError(f"{corpus_path} not found: run `polarscan data build` first (the Dutch rows come "
                                "from the imsypp_nl dev split of the built corpus)")
    with corpus_path.open(encoding="utf-8") as fh:
        for line in fh:
            if '"imsypp_nl:' not in line:
                continue
            rec = json.loads(line)
            if rec["source"] == "imsypp_nl" and rec["split"] == "dev":
                docs["nl"].append((rec["id"], rec["raw_text"]))
    docs["fr"] += [x for x in _texts(config, "mlma") if x[0].startswith("mlma:fr:")]
    docs["fr"] += _texts(config, "cyberagressionado")
    for name in ("davidson", "gab_hate_corpus", "dynahate", "hatexplain"):
        docs["en"] += _texts(config, name)
    docs["en"] += _texts(config, "polar_multi", languages=["eng"])
    for name in ("germeval2018", "germeval2019", "germeval2021", "gahd"):
        docs["de"] += _texts(config, name)
    docs["de"] += _texts(config, "polar_multi", languages=["deu"])
    for code in OTHER_LANGS:  # one class per language, reported as "other" (a pooled class is too diffuse)
        docs[f"other_{code}"] += _texts(config, "polar_multi", languages=[code])

    gold_ids = load_gold()
    gold: list[tuple[str, str, str]] = []
    for rid, text in _texts(config, "ar_offensive_taxonomy", files=["ID11"]):
        if L.script_of(L.clean_for_langid(text))[0] != "Latn":
            continue
        local = rid.split(":", 1)[1]
        if local in gold_ids:
            gold.append((rid, text, gold_ids[local]))
            continue
        lab = cue_label(text)
        if lab:
            docs[lab].append((rid, text))
    for lang, dict_name in (("nl", "dutch"), ("fr", "french")):
        docs[lang] += [(f"dict:{dict_name}:{i}", t) for i, t in
                       enumerate(_wordlist_docs(Path("/usr/share/dict") / dict_name, 3000, config.seed))]
    # keep Latin-script documents only; cap per class deterministically
    out = {}
    for lang, items in docs.items():
        items = [(i, t) for i, t in items if L.script_of(L.clean_for_langid(t))[0] == "Latn"]
        items.sort(key=lambda x: unit_hash(config.seed, x[0]))
        out[lang] = items[: int(PER_CLASS_CAP / (1 - HOLDOUT))]
    return out, gold


def _features(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Row index and hashed feature index of every n-gram occurrence."""
    rows, cols = [], []
    for i, t in enumerate(texts):
        h = L.ngram_hashes(L.clean_for_langid(t))
        rows.append(np.full(h.size, i, dtype=np.int64))
        cols.append(h)
    return np.concatenate(rows), np.concatenate(cols)


def fit_nb(docs: dict[str, list[str]], alpha: float = ALPHA) -> L.NBModel:
    counts = np.zeros((len(CLASSES), L.N_FEATURES), dtype=np.float64)
    for k, lang in enumerate(CLASSES):
        if not docs.get(lang):
            raise ValueError(f"no training text for class {lang!r}")
        _, cols = _features(docs[lang])
        counts[k] = np.bincount(cols, minlength=L.N_FEATURES)
    smoothed = counts + alpha
    log_prob = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))
    log_prior = np.full(len(CLASSES), -np.log(len(CLASSES)))  # uniform: deployment mix is unknown
    return L.NBModel(classes=CLASSES, log_prior=log_prior, log_prob=log_prob.astype(np.float32),
                     n_features=L.N_FEATURES, ngram_range=L.NGRAM_RANGE)


def fit_sharpness(model: L.NBModel, held: list[tuple[str, int]]) -> L.NBModel:
    """The posterior sharpness with the lowest log loss on held-out text (grid search)."""
    ll = np.zeros((len(held), len(model.classes)))
    n = np.zeros(len(held))
    y = np.array([k for _, k in held])
    for i, (text, _) in enumerate(held):
        ll[i], n[i] = model.loglik(L.clean_for_langid(text))
    best = min(np.geomspace(0.05, 20, 60),
               key=lambda a: -np.log(L.softmax_scores(model.log_prior, ll, n, a)[np.arange(len(y)), y] + 1e-12).mean())
    return L.NBModel(classes=model.classes, log_prior=model.log_prior, log_prob=model.log_prob,
                     n_features=model.n_features, ngram_range=model.ngram_range, sharpness=float(best))


LangRows = dict[str, int]  # language -> number of rows


@dataclass
class LangidResult:
    weights: Path
    per_class_accuracy: dict[str, float]  # held-out accuracy per true language
    confusion: dict[str, LangRows]  # true language -> rows per predicted language
    gold: dict[str, object]
    n_train: LangRows
    n_heldout: LangRows
    extra: dict = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"weights: {self.weights} ({self.weights.stat().st_size / 1e6:.2f} MB), "
                 f"sharpness {self.extra.get('sharpness')}",
                 "held-out accuracy per true language (n):"]
        for lang in REPORTED:
            lines.append(f"  {lang:6s} {self.per_class_accuracy.get(lang, float('nan')):.3f} "
                         f"(n={self.n_heldout.get(lang, 0)}, train={self.n_train.get(lang, 0)})")
        lines.append("confusion (true -> predicted counts):")
        for lang, row in self.confusion.items():
            lines.append(f"  {lang:6s} " + ", ".join(f"{p}:{c}" for p, c in sorted(row.items(), key=lambda x: -x[1])))
        lines.append(f"hand-labelled ID11 gold: {json.dumps(self.gold)}")
        return "\n".join(lines)


def _detect_with(model_path: Path, text: str) -> str:
    return L.detect(text, model_path=model_path).lang


def evaluate(model_path: Path, items: list[tuple[str, str]]) -> tuple[dict[str, float], dict[str, dict[str, int]]]:
    """items: (text, true lang). Accuracy per true language and the confusion counts."""
    conf: dict[str, Counter] = defaultdict(Counter)
    for text, lang in items:
        conf[L.public_lang(lang)][_detect_with(model_path, text)] += 1
    acc = {lang: round(c[lang] / sum(c.values()), 4) for lang, c in conf.items()}
    return acc, {lang: dict(c) for lang, c in conf.items()}


def train_langid(config: DataConfig, out: Path | None = None, report: Path | None = None) -> LangidResult:
    out = out or L.WEIGHTS_PATH
    corpus_path = config.resolved_out() / "corpus.jsonl"
    docs, gold = collect(config, corpus_path)
    train: dict[str, list[str]] = {}
    held: list[tuple[str, str]] = []
    n_train, n_held = {}, {}
    for lang, items in docs.items():
        tr = [t for i, t in items if unit_hash(config.seed + 1, i) >= HOLDOUT]
        ho = [t for i, t in items if unit_hash(config.seed + 1, i) < HOLDOUT and not i.startswith("dict:")]
        train[lang] = tr
        held += [(t, lang) for t in ho]
        pub = L.public_lang(lang)
        n_train[pub] = n_train.get(pub, 0) + len(tr)
        n_held[pub] = n_held.get(pub, 0) + len(ho)
    model = fit_nb(train)
    model = fit_sharpness(model, [(t, CLASSES.index(lang)) for t, lang in held])
    model.save(out)
    L._load_model.cache_clear()
    acc, confusion = evaluate(out, held)
    gold_acc, gold_conf = evaluate(out, [(t, lang) for _, t, lang in gold])
    ar_row = gold_conf.get("ar", {})
    n_ar = sum(ar_row.values())
    gold_report = {
        "n": len(gold), "accuracy_per_lang": gold_acc, "confusion": gold_conf,
        "arabizi_recall": round(ar_row.get("ar", 0) / n_ar, 4) if n_ar else None,
        "arabizi_misread_as_fr_or_en": round((ar_row.get("fr", 0) + ar_row.get("en", 0)) / n_ar, 4) if n_ar else None,
    }
    extra_sharp = round(model.sharpness, 4)
    held_ar = confusion.get("ar", {})
    n_har = sum(held_ar.values())
    extra = {"heldout_arabizi_misread_as_fr_or_en": round((held_ar.get("fr", 0) + held_ar.get("en", 0)) / n_har, 4)
             if n_har else None, "sharpness": extra_sharp}
    result = LangidResult(weights=out, per_class_accuracy=acc, confusion=confusion, gold=gold_report,
                          n_train=n_train, n_heldout=n_held, extra=extra)
    if report:
        report = report if report.is_absolute() else REPO_ROOT / report
        report.parent.mkdir(parents=True, exist_ok=True)
        def _plain(v):
            return (str(v.relative_to(REPO_ROOT)) if v.is_relative_to(REPO_ROOT) else str(v)) if isinstance(v, Path) else v

        report.write_text(json.dumps({k: _plain(v) for k, v in result.__dict__.items()},
                                     indent=1), encoding="utf-8")
    return result
