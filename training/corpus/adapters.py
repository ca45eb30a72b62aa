"""One adapter per public data set in ``../shared/data`` (see ``datasets/cards/<name>.yaml``).

Conventions used by every adapter (the cards say the same in prose):

- ``hateful`` implies ``offensive`` and ``violent`` implies ``offensive``: hate and threats are
  abusive language. So a row a source calls *not offensive* is also not hateful and not violent.
- A label a source does not annotate is ``None``. A row a source calls *offensive* but whose kind
  of offence it does not say has ``hateful``/``violent`` unknown, not 0.
- ``polarising`` is only known from POLAR (OSACT 2022's ideology hate is mostly football-club
  rivalry, so it gives no polarising label; see the ``audit`` in its card).
- ``raw_text`` is the text as published with @handles and URLs masked (``mask_identities``) and
  dataset line-break markers turned back into newlines; the corpus ``text`` is ``normalize(raw_text)``.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from polarscan.models.corpus import json_lines
from polarscan.models.normalize import _HANDLE, _LINEBREAK_MARKERS, _URL  # the normaliser's own patterns: one definition
from polarscan.training.corpus.registry import ADAPTERS, Adapter, Row, adapter, make_labels

csv.field_size_limit(10_000_000)

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def mask_identities(text: str) -> str:
    """Handles → ``@USER``, URLs → ``URL``, ``<LF>``/``|LBR|`` → newline. Nothing else changes."""
    text = _LINEBREAK_MARKERS.sub("\n", text)
    text = _URL.sub("URL", text)
    return _HANDLE.sub("@USER", text)


def _read_csv(path: Path, delimiter: str = ",", skip: int = 0, header: bool = True,
              quoting: int = csv.QUOTE_MINIMAL) -> Iterator[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for _ in range(skip):
            fh.readline()
        reader = csv.reader(fh, delimiter=delimiter, quoting=quoting)
        if not header:
            yield from ({i: v for i, v in enumerate(rec)} for rec in reader)
            return
        names = [n.strip() for n in next(reader)]
        for rec in reader:
            yield {n: (rec[i] if i < len(rec) else "") for i, n in enumerate(names) if n}


def _ok(text: str | None) -> bool:
    return bool(text and text.strip())


# --------------------------------------------------------------------------------------------
# French / Arabic
# --------------------------------------------------------------------------------------------

_MLMA_HOSTILE = {"offensive", "abusive", "hateful", "disrespectful"}
_MLMA_TARGETS = {"origin": "origin", "religion": "religion", "gender": "gender",
                 "sexual_orientation": "sexual_orientation", "disability": "disability"}
# MLMA `group` values that are protected groups (the rest: individual, other, left_wing_people, ...).
_MLMA_GROUPS = {"arabs", "muslims", "jews", "christian", "women", "african_descent", "indian/hindu", "asians",
                "refugees", "immigrants", "hispanics", "gay", "special_needs"}


@adapter("mlma", folder="mlma/hate_speech_mlma")
def mlma(folder: Path, options: dict) -> Iterator[Row]:
    """MLMA (Ousidhoum et al. 2019): fr + ar tweets, multi-label hostility ``sentiment``.

    Arabic part: ``hateful`` 1 needs MLMA's ``hateful`` *and* a protected ``target`` attribute or ``group``:
    "hateful" rows aimed at individuals or ``other`` (politicians, parties, TV channels, "pigs")
    have ``hateful`` unknown (audit 2026-12-01, Arabic part; see the card).
    """
    for lang in ("fr", "ar"):
        for rec in _read_csv(folder / f"{lang}_dataset.csv"):
            if not _ok(rec["tweet"]):
                continue
            kinds = set(rec["sentiment"].split("_"))
            hostile = kinds & _MLMA_HOSTILE
            if kinds == {"normal"}:
                labels = make_labels(hateful=0, offensive=0, violent=0)
            elif hostile and "normal" not in kinds:
                # the gate comes from the Arabic audit; the French part keeps MLMA's own `hateful`
                protected = lang == "fr" or rec["target"] in _MLMA_TARGETS or rec["group"] in _MLMA_GROUPS
                labels = make_labels(offensive=1, hateful=1 if "hateful" in kinds and protected else None)
            elif "hateful" in kinds:  # some annotators said normal, some said hateful
                labels = make_labels(hateful=None, offensive=1)
            else:  # fearful only, or hostile mixed with normal: annotators disagree, nothing known
                continue
            targets = [_MLMA_TARGETS[rec["target"]]] if rec["target"] in _MLMA_TARGETS else []
            yield Row(
                source="mlma", local_id=f"{lang}:{rec['HITId']}", raw_text=mask_identities(rec["tweet"]),
                labels=labels, lang=lang, targets=targets,
                meta={"sentiment": rec["sentiment"], "directness": rec["directness"], "group": rec["group"]},
            )


_CYBER_TOPIC = {"ethnicity": "ethnicity", "religion": "religion", "homophobia": "sexual_orientation",
                "obesity": "other"}


@adapter("cyberagressionado", folder="cyberagressionado/scenarii")
def cyberagressionado(folder: Path, options: dict) -> Iterator[Row]:
    """CyberAgressionAdo: role-played French teen chats; leading spaces in NAME/TEXT stripped."""
    for path in sorted(folder.glob("*.csv")):
        topic = path.stem.split("_")[1]
        for rec in _read_csv(path):
            text = (rec.get("TEXT") or "").strip()
            if not text:
                continue
            hate = rec["HATE_SPEECH"].strip() == "yes"
            abuse = rec["VERBAL_ABUSE"].strip()
            offensive = hate or abuse not in ("none", "")
            labels = make_labels(hateful=int(hate), offensive=int(offensive), violent=int(abuse == "threat"))
            yield Row(
                source="cyberagressionado", local_id=f"{path.stem}:{rec['ID'].strip()}",
                raw_text=mask_identities(text), labels=labels, lang="fr",
                targets=[_CYBER_TOPIC.get(topic, "other")] if hate else [],
                meta={"scenario": path.stem, "role": rec["ROLE"].strip(), "verbal_abuse": abuse,
                      "humor": rec.get("HUMOR", "").strip()},
            )


_OSACT_HATE = {"HS1": "race", "HS2": "religion", "HS3": "political", "HS4": "disability", "HS5": "other",
               "HS6": "gender"}


@adapter("osact2022", folder="osact2022")
def osact2022(folder: Path, options: dict) -> Iterator[Row]:
    """OSACT 2022 shared task (Arabic tweets). HS3 (ideology) and HS5 (social class) are not
    protected characteristics in our taxonomy: hateful unknown. HS3 is mostly football-club
    rivalry ("frogs", "algae" for rival fans), not political us-vs-them: polarising unknown too."""
    for fname, split in (("train_data2022.csv", "train"), ("dev_data2022.csv", "dev")):
        for rec in _read_csv(folder / fname):
            if not _ok(rec["Tweet"]):
                continue
            off = rec["Offensive"] == "OFF"
            hs = rec["Hate"]
            hateful: int | None = 0
            if hs in ("HS1", "HS2", "HS4", "HS6"):
                hateful = 1
            elif hs in ("HS3", "HS5"):
                hateful = None
            labels = make_labels(hateful=hateful, offensive=int(off or hs != "NOT_HS"),
                                 violent=int(rec["Violence"] == "VIO"))
            yield Row(
                source="osact2022", local_id=rec["Id"], raw_text=mask_identities(rec["Tweet"]), labels=labels,
                lang="ar", split=split, targets=[_OSACT_HATE[hs]] if hs in _OSACT_HATE else [],
                meta={"hate": hs, "vulgar": rec["Vulgar"] == "VLG"},
            )


# Words naming a protected group (religion/sect, nationality/origin, race, gender, sexuality,
# disability) in MSA and Levantine/Tunisian spellings. A `hate` row of L-HSAB/T-HSAB is only
# `hateful` 1 when it names one: about half of their `hate` rows insult politicians, parties,
# states or individuals ("hate" towards a political camp) or curse someone in God's name.
_AR_GROUP_TERMS = re.compile(
    r"يهود|نصار[ىي]|نصران|مسيحي|صليبي|شيع[يةه]|رافض|روافض|مجوس|صفوي|\bسن[يةه]\b|السن[ةه]|وهابي|دروز|درزي"
    r"|علوي|نصيري|ملحد|ملاحد|الاسلام|الإسلام|المسلمين"
    r"|سوري|لبناني|تونس|توانس|جزائر|جزاير|دزاير|دزيري|ليبي|مغرب|مغارب|مصري|سعودي|خليجي|قطري|عرب|فلسطيني"
    r"|عراقي|[اإ]يراني|فرس|[اأ]كراد|كردي|[اأ]ت[ًٌ]?راك|تركي|\bروس\b|افارق|أفارق|افريقي|نازح|لاجئ|[اأ]جانب|غجر|قرباط"
    r"|زنجي|عبيد|السود"
    r"|نساء|نسوان|المر[أا][ةه]|\bمرا\b|حريم|بنات|شواذ|شاذ|لوطي|مثلي|مخنث|معاق|معوق"
)


def _normal_abusive_hate(source: str, path: Path, text_col: str, label_col: str, delimiter: str) -> Iterator[Row]:
    """normal / abusive / hate (Mulki, Haddad et al.). Audit 2026-12-01 (cards): ``abusive`` also
    holds group hate (refugees, Arabs, atheists), so it is hateful unknown, not 0; ``hate`` is
    hateful 1 only when it names a protected group (``_AR_GROUP_TERMS``), otherwise unknown."""
    for i, rec in enumerate(_read_csv(path, delimiter=delimiter)):
        label = rec[label_col].strip().lower()
        if not _ok(rec[text_col]) or label not in ("normal", "abusive", "hate"):
            continue
        meta = {"label": label}
        if label == "normal":
            labels = make_labels(hateful=0, offensive=0, violent=0)
        elif label == "abusive":
            labels = make_labels(offensive=1)
        else:
            group = bool(_AR_GROUP_TERMS.search(rec[text_col]))
            labels = make_labels(hateful=1 if group else None, offensive=1)
            meta["group_term"] = group
        yield Row(source=source, local_id=str(i), raw_text=mask_identities(rec[text_col]), labels=labels,
                  lang="ar", meta=meta)


@adapter("lhsab", folder="lhsab")
def lhsab(folder: Path, options: dict) -> Iterator[Row]:
    """L-HSAB: Levantine political tweets, normal / abusive / hate."""
    yield from _normal_abusive_hate("lhsab", folder / "L-HSAB.tsv", "Tweet", "Class", "\t")


@adapter("thsab", folder="thsab")
def thsab(folder: Path, options: dict) -> Iterator[Row]:
    """T-HSAB: Tunisian comments, normal / abusive / hate."""
    yield from _normal_abusive_hate("thsab", folder / "T-HSAB.csv", "text", "label", ",")


# Fine columns of the re-annotation that name a protected characteristic -> hateful.
_AOT_PROTECTED = {"racism": "race", "xenophobia": "origin", "homophobia": "sexual_orientation",
                  "sexism": "gender", "religion": "religion", "ageism": "age", "ableism": "disability"}
_AOT_FILES = ("ID2", "ID3", "ID4", "ID5", "ID7", "ID8", "ID9", "ID10", "ID11", "ID12", "ID14", "ID15", "ID16")
# Files whose fine columns are the only ones filled, and do not mean hate (audit 2026-12-01):
# ID2 marks the topic (446 rows are offensive 0 with racism/sexism 1; "Frankish pig" has all 0),
# ID14 (Let-Mi) marks every misogyny row sexism 1, and 87 % of those are `discredit`/`insult`
# of individual women journalists over politics. Offensive rows there: hateful unknown.
_AOT_FINE_NOT_HATE = {"ID2", "ID14"}


@adapter("ar_offensive_taxonomy", folder="ar_offensive_taxonomy")
def ar_offensive_taxonomy(folder: Path, options: dict) -> Iterator[Row]:
    """Arabic offensive-language taxonomy re-annotation of 13 earlier sets (Liebeskind et al.).

    ``offensive`` 0/1 is the main label; the sparse fine columns give ``hateful`` when any is
    annotated, except in ID2 and ID14 where they do not mean hate (``_AOT_FINE_NOT_HATE``).
    Rows without a 0/1 offensive label are dropped (ID15's fractional values, ID7's blanks),
    and ID16 rows without a single Arabic letter (mojibake, ``#NAME?``) are dropped. ID12's
    ``offensive`` 0 rows are dropped: that file is sectarian (anti-Shia) tweets and its
    "not offensive" rows include group hate without slurs ("the Shia are traitors throughout history").
    ``lang`` is left to langid for Latin-script rows (ID11 holds Arabizi *and* French).
    """
    files = options.get("files") or _AOT_FILES
    for fid in files:
        path = folder / f"arabic_off_lang_dataset_{fid}.csv"
        for i, rec in enumerate(_read_csv(path, skip=1 if fid == "ID16" else 0)):
            text, off = rec.get("text", ""), rec.get("offensive", "").strip()
            if not _ok(text) or off not in ("0", "1"):
                continue
            if fid == "ID16" and not _ARABIC.search(text):
                continue
            if fid == "ID12" and off == "0":
                continue
            script_arabic = bool(_ARABIC.search(text))
            fine = {k: rec.get(k, "").strip() for k in _AOT_PROTECTED}
            hits = [t for k, t in _AOT_PROTECTED.items() if fine[k] == "1"]
            meta = {"file": fid}
            if fid in _AOT_FINE_NOT_HATE:
                if hits:
                    meta["fine_topics"] = hits
                hits = []
            if off == "0":
                labels = make_labels(hateful=0, offensive=0, violent=0)
            elif fid in _AOT_FINE_NOT_HATE:
                labels = make_labels(offensive=1)
            elif hits:
                labels = make_labels(hateful=1, offensive=1)
            elif any(v == "0" for v in fine.values()):
                labels = make_labels(hateful=0, offensive=1)
            else:
                labels = make_labels(offensive=1)
            dialect = rec.get("dialect", "").strip()
            if dialect and dialect != "null":
                meta["dialect"] = dialect
            yield Row(
                source="ar_offensive_taxonomy", local_id=f"{fid}:{i}", raw_text=mask_identities(text), labels=labels,
                lang="ar" if script_arabic else None, targets=hits, meta=meta,
            )


_POLAR_TARGETS = {"political": "political", "racial/ethnic": "ethnicity", "religious": "religion",
                  "gender/sexual": "gender", "other": "other"}


def _polar_row(source: str, rec: dict, lang: str, split: str) -> Row | None:
    if not _ok(rec.get("text")) or rec.get("polarization", "") not in ("0", "1"):
        return None
    targets = [t for k, t in _POLAR_TARGETS.items() if rec.get(k, "") == "1"]
    manifestations = [k for k in ("stereotype", "vilification", "dehumanization", "extreme_language",
                                  "lack_of_empathy", "invalidation") if rec.get(k, "") == "1"]
    return Row(source=source, local_id=rec["id"], raw_text=mask_identities(rec["text"].strip()),
               labels=make_labels(polarising=int(rec["polarization"])), lang=lang, split=split, targets=targets,
               meta={"manifestations": manifestations} if manifestations else {})


def _polar_arb_row(rec: dict, split: str) -> Row | None:
    row = _polar_row("polar_arb", rec, "ar", split)
    if row and row.labels["polarising"] == 1 and row.targets == ["other"]:
        # audit 2026-12-01: polarised with no target but `other` = insults of singers, TV hosts,
        # companies, football teams: no group, no us-vs-them in our sense -> unknown, and as
        # POLAR annotates nothing else the row carries no label: skipped
        return None
    return row


@adapter("polar_arb", folder=".")
def polar_arb(folder: Path, options: dict) -> Iterator[Row]:
    """POLAR (SemEval-2026 task 9) Arabic: train (subtasks joined on id) and gold dev.
    Polarised rows whose only target is ``other`` are skipped: ``polarising`` unknown, no other
    label (see the card's audit)."""
    train = {r["id"]: r for r in _read_csv(folder / "polar_arb" / "subtask1_train_arb.csv")}
    for sub in ("subtask2_train_arb.csv", "subtask3_train_arb.csv"):
        for r in _read_csv(folder / "polar_arb" / sub):
            if r["id"] in train:
                train[r["id"]].update({k: v for k, v in r.items() if k != "text"})
    for rec in train.values():
        row = _polar_arb_row(rec, "train")
        if row:
            yield row
    for rec in _read_csv(folder / "polar_arb_dev" / "arb_dev_merged.csv"):
        row = _polar_arb_row(rec, "dev")
        if row:
            yield row


_POLAR_LANGS = {"eng": "en", "deu": "de"}


@adapter("polar_multi", folder="polar_multi/merged")
def polar_multi(folder: Path, options: dict) -> Iterator[Row]:
    """POLAR other languages; ``options['languages']`` picks the ISO 639-3 codes (default eng, deu)."""
    for code in options.get("languages") or ["eng", "deu"]:
        for split in ("train", "dev"):
            path = folder / f"{code}_{split}.csv"
            if not path.exists():
                raise FileNotFoundError(f"polar_multi: no {path.name} in {folder}; check `polar_multi.languages`")
            for rec in _read_csv(path):
                row = _polar_row("polar_multi", rec, _POLAR_LANGS.get(code, "other"), split)
                if row:
                    row.meta["lang3"] = code
                    yield row


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------


@adapter("davidson", folder="davidson")
def davidson(folder: Path, options: dict) -> Iterator[Row]:
    """Davidson et al. 2017: class 0 hate / 1 offensive / 2 neither (raw handles masked here)."""
    for i, rec in enumerate(_read_csv(folder / "labeled_data.csv")):
        cls = rec["class"]
        if not _ok(rec["tweet"]) or cls not in ("0", "1", "2"):
            continue
        labels = make_labels(hateful=int(cls == "0"), offensive=int(cls != "2"), violent=0 if cls == "2" else None)
        yield Row(source="davidson", local_id=str(i), raw_text=mask_identities(rec["tweet"]), labels=labels,
                  lang="en", meta={"votes": [int(rec["hate_speech"]), int(rec["offensive_language"]), int(rec["neither"])]})


_HATEXPLAIN_TARGETS = {
    "African": "race", "Caucasian": "race", "Asian": "race", "Hispanic": "ethnicity", "Arab": "ethnicity",
    "Indian": "ethnicity", "Indigenous": "ethnicity", "Minority": "ethnicity", "Islam": "religion",
    "Jewish": "religion", "Christian": "religion", "Hindu": "religion", "Buddhism": "religion",
    "Nonreligious": "religion", "Women": "gender", "Men": "gender", "Homosexual": "sexual_orientation",
    "Heterosexual": "sexual_orientation", "Bisexual": "sexual_orientation", "Refugee": "origin",
    "Disability": "disability", "Economic": "other", "Other": "other",
}


@adapter("hatexplain", folder="hatexplain_partial")
def hatexplain(folder: Path, options: dict) -> Iterator[Row]:
    """HateXplain val/test; majority of 3 annotators (0 hatespeech, 1 normal, 2 offensive)."""
    for fname, split in (("hatexplain_validation.csv", "dev"), ("hatexplain_test.csv", "test")):
        for rec in _read_csv(folder / fname):
            ann = ast.literal_eval(rec["annotators"])
            votes = ann["label"]
            tokens = ast.literal_eval(rec["post_tokens"])
            text = " ".join(tokens)
            if not text.strip():
                continue
            n_hate = sum(v == 0 for v in votes)
            n_toxic = sum(v in (0, 2) for v in votes)
            half = len(votes) / 2
            labels = make_labels(hateful=int(n_hate > half), offensive=int(n_toxic > half),
                                 violent=0 if n_toxic == 0 else None)
            groups = Counter(t for ts in ann["target"] for t in set(ts) if t != "None")
            majority = sorted(g for g, n in groups.items() if n > half)  # named by most annotators
            targets = sorted({_HATEXPLAIN_TARGETS[g] for g in majority if g in _HATEXPLAIN_TARGETS})
            yield Row(source="hatexplain", local_id=rec["id"], raw_text=mask_identities(text), labels=labels,
                      lang="en", split=split, targets=targets if n_toxic > half else [],
                      meta={"votes": votes, "groups": majority})


@adapter("dynahate", folder="dynahate_partial")
def dynahate(folder: Path, options: dict) -> Iterator[Row]:
    """Dynabench hate (Vidgen et al. 2021) dev/test: hate / nothate. ``nothate`` may be offensive."""
    for fname, split in (("db_dev.csv", "dev"), ("db_test.csv", "test")):
        for rec in _read_csv(folder / fname):
            if not _ok(rec["text"]):
                continue
            hate = rec["label"] == "hate"
            kind = rec.get("type", "")
            labels = make_labels(hateful=int(hate), offensive=1 if hate else None,
                                 violent=1 if kind == "threatening" else (None if not hate else 0))
            yield Row(source="dynahate", local_id=rec["acl.id"], raw_text=mask_identities(rec["text"]), labels=labels,
                      lang="en", split=split, meta={"type": kind, "target": rec.get("target", ""),
                                                   "round": rec.get("round", "")})


@adapter("gab_hate_corpus", folder="gab_hate_corpus")
def gab_hate_corpus(folder: Path, options: dict) -> Iterator[Row]:
    """Gab Hate Corpus: hd (assault on human dignity), cv (call for violence), vo (vulgarity)."""
    for fname, split in (("ghc_train.tsv", "train"), ("ghc_test.tsv", "test")):
        for i, rec in enumerate(_read_csv(folder / fname, delimiter="\t")):
            if not _ok(rec["text"]):
                continue
            hd, cv, vo = (int(rec[k] or 0) for k in ("hd", "cv", "vo"))
            labels = make_labels(hateful=hd, offensive=int(hd or cv or vo), violent=cv)
            yield Row(source="gab_hate_corpus", local_id=f"{split}:{i}", raw_text=mask_identities(rec["text"]),
                      labels=labels, lang="en", split=split)


@adapter("ethos", folder="ethos")
def ethos(folder: Path, options: dict) -> Iterator[Row]:
    """ETHOS binary (``isHate`` = share of annotators) joined with the multi-label file for violence."""
    multi = {r["comment"]: r for r in _read_csv(folder / "Ethos_Dataset_Multi_Label.csv", delimiter=";")}
    for i, rec in enumerate(_read_csv(folder / "Ethos_Dataset_Binary.csv", delimiter=";")):
        text = rec["comment"]
        if not _ok(text):
            continue
        share = float(rec["isHate"])
        hate = share >= 0.5
        violent = None
        targets: list[str] = []
        m = multi.get(text)
        if m is not None:
            violent = int(float(m["violence"]) >= 0.5)
            for col, t in (("gender", "gender"), ("race", "race"), ("national_origin", "origin"),
                           ("disability", "disability"), ("religion", "religion"),
                           ("sexual_orientation", "sexual_orientation")):
                if float(m[col] or 0) >= 0.5:
                    targets.append(t)
        labels = make_labels(hateful=int(hate), offensive=1 if hate else None, violent=violent)
        yield Row(source="ethos", local_id=str(i), raw_text=mask_identities(text.strip()), labels=labels, lang="en",
                  targets=targets, meta={"is_hate_share": share})


# --------------------------------------------------------------------------------------------
# German
# --------------------------------------------------------------------------------------------


def _germeval(source: str, files: list[tuple[Path, str]]) -> Iterator[Row]:
    for path, split in files:
        for i, rec in enumerate(_read_csv(path, delimiter="\t", header=False, quoting=csv.QUOTE_NONE)):
            text, coarse, fine = rec.get(0, ""), rec.get(1, "").strip(), rec.get(2, "").strip()
            if not _ok(text) or coarse not in ("OFFENSE", "OTHER"):
                continue
            off = coarse == "OFFENSE"
            labels = make_labels(offensive=int(off), hateful=None if off else 0, violent=None if off else 0)
            yield Row(source=source, local_id=f"{split}:{i}", raw_text=mask_identities(text), labels=labels,
                      lang="de", split=split, meta={"fine": fine})


@adapter("germeval2018", folder="germeval2018")
def germeval2018(folder: Path, options: dict) -> Iterator[Row]:
    """GermEval 2018: OFFENSE/OTHER (+ ABUSE/INSULT/PROFANITY); TSV without header; ``|LBR|`` newlines."""
    yield from _germeval("germeval2018", [(folder / "germeval2018.training.txt", "train"),
                                          (folder / "germeval2018.test.txt", "test")])


@adapter("germeval2019", folder="germeval2019")
def germeval2019(folder: Path, options: dict) -> Iterator[Row]:
    """GermEval 2019 subtask 1/2: same scheme as 2018."""
    yield from _germeval("germeval2019", [(folder / "germeval2019.training_subtask1_2_korrigiert.txt", "train"),
                                          (folder / "germeval2019GoldLabelsSubtask1_2.txt", "test")])


@adapter("germeval2021", folder="germeval2021")
def germeval2021(folder: Path, options: dict) -> Iterator[Row]:
    """GermEval 2021: Sub1_Toxic -> offensive (engaging / fact-claiming kept as meta)."""
    for fname, split in (("GermEval21_TrainData.csv", "train"), ("GermEval21_TestData.csv", "test")):
        for rec in _read_csv(folder / fname):
            if not _ok(rec["comment_text"]) or rec["Sub1_Toxic"] not in ("0", "1"):
                continue
            tox = int(rec["Sub1_Toxic"])
            labels = make_labels(offensive=tox, hateful=None if tox else 0, violent=None if tox else 0)
            yield Row(source="germeval2021", local_id=f"{split}:{rec['comment_id']}",
                      raw_text=mask_identities(rec["comment_text"]), labels=labels, lang="de", split=split,
                      meta={"engaging": rec["Sub2_Engaging"], "fact_claiming": rec["Sub3_FactClaiming"]})


@adapter("gahd", folder="gahd")
def gahd(folder: Path, options: dict) -> Iterator[Row]:
    """GAHD (German adversarial hate): hate 0/1 with upstream train/dev/test."""
    for rec in _read_csv(folder / "gahd.csv"):
        if not _ok(rec["text"]) or rec["label"] not in ("0", "1"):
            continue
        hate = int(rec["label"])
        yield Row(source="gahd", local_id=rec["gahd_id"], raw_text=mask_identities(rec["text"]),
                  labels=make_labels(hateful=hate, offensive=1 if hate else None), lang="de",
                  split=rec["split"] if rec["split"] in ("train", "dev", "test") else None,
                  meta={"round": rec["round"]})


# --------------------------------------------------------------------------------------------
# Dutch
# --------------------------------------------------------------------------------------------

# IMSyPP targets that are protected characteristics in our taxonomy.
IMSYPP_PROTECTED = {"racism": "race", "migrants": "origin", "islamophobia": "religion", "antisemitism": "religion",
                    "religion": "religion", "homophobia": "sexual_orientation", "sexism": "gender"}
_IMSYPP_OTHER = {"politics": "political", "ideology": "political", "individual": "individual",
                 "media": "other", "other": "other"}


@adapter("imsypp_nl", folder="imsypp_nl")
def imsypp_nl(folder: Path, options: dict) -> Iterator[Row]:
    """IMSyPP-NL evaluation set; the ``uri`` column is dropped. Split into dev/test by the build.

    appropriate → all 0. inappropriate (vulgar/obscene but aimed at nobody) → hateful 0,
    violent 0, offensive *unknown*: IMSyPP keeps it apart from offensive and our "profane"
    wording would make it 1, so the honest value is unknown. offensive → offensive 1, violent 0.
    violent → offensive 1, violent 1. hateful = 1 when offensive/violent and the target is a
    protected group (racism, migrants, islamophobia, antisemitism, religion, homophobia, sexism),
    0 when the target is politics/ideology/individual/media/other, unknown when no target is given.
    """
    for i, rec in enumerate(_read_csv(folder / "IMSyPP_NL_evaluation.csv")):
        text = rec["doc"]
        if not _ok(text):
            continue
        kind = rec["type"].split(". ", 1)[-1].strip()
        target = rec["target"].split(". ", 1)[-1].strip() if rec["target"].strip() else ""
        if kind == "appropriate":
            labels = make_labels(hateful=0, offensive=0, violent=0)
        elif kind == "inappropriate":
            labels = make_labels(hateful=0, offensive=None, violent=0)
        elif kind in ("offensive", "violent"):
            hateful = 1 if target in IMSYPP_PROTECTED else (0 if target else None)
            labels = make_labels(hateful=hateful, offensive=1, violent=int(kind == "violent"))
        else:
            continue
        group = IMSYPP_PROTECTED.get(target) or _IMSYPP_OTHER.get(target)
        yield Row(source="imsypp_nl", local_id=str(i), raw_text=mask_identities(text), labels=labels, lang="nl",
                  targets=[group] if group and kind in ("offensive", "violent") else [],
                  meta={"type": kind, "target": target})


# --------------------------------------------------------------------------------------------
# Our own corpus-format files (exported reviewer decisions, hand-written sets)
# --------------------------------------------------------------------------------------------


@adapter("corpus_jsonl")
def corpus_jsonl(folder: Path, options: dict) -> Iterator[Row]:
    """Rows already in corpus format (DEVELOPERS.md). ``options['path']`` is the file; its
    ``source``/``split`` are kept when present; ``text`` is recomputed from ``raw_text``."""
    path = Path(options["path"])
    name = options.get("name") or path.stem
    for n, obj in json_lines(path):
        raw = obj.get("raw_text") or obj.get("text")
        if not raw or "labels" not in obj:
            raise ValueError(f"{path}:{n}: needs `raw_text` (or `text`) and `labels`; found keys {sorted(obj)}")
        labels = make_labels(**{k: v for k, v in obj["labels"].items()})
        local = str(obj.get("id") or n)
        yield Row(source=name, local_id=local.split(":", 1)[-1] if local.startswith(f"{name}:") else local,
                  raw_text=mask_identities(raw), labels=labels, lang=obj.get("lang"),
                  split=obj.get("split"), targets=list(obj.get("targets") or []), meta=dict(obj.get("meta") or {}))


# --------------------------------------------------------------------------------------------
# Our own synthetic / team-written posts (training.synthetic), one source per language
# (cards datasets/cards/synthetic_<lang>.yaml): generated by code, training data only (the build
# keeps their upstream split ``train``).
# --------------------------------------------------------------------------------------------

SYNTHETIC_SOURCES = {f"synthetic_{lang}": lang for lang in ("nl", "fr", "ar")}


def synthetic_rows(lang: str, seed: int = 13) -> Iterator[Row]:
    from polarscan.training.synthetic import generate_posts

    source = f"synthetic_{lang}"
    for post in generate_posts([lang], seed=seed):
        digest = hashlib.sha1(post.text.encode("utf-8")).hexdigest()[:16]
        meta = {"kind": post.kind, "variety": post.variety, "origin": post.origin, "synthetic": True}
        if post.pair:
            meta["pair"] = f"{source}:{post.pair}"
        yield Row(source=source, local_id=digest, raw_text=mask_identities(post.text), labels=dict(post.labels), lang=lang,
                  split="train", targets=[post.target] if post.target else [], meta=meta)


def _register(name: str, lang: str) -> None:
    @adapter(name)
    def _fn(folder: Path, options: dict) -> Iterator[Row]:
        return synthetic_rows(lang, int(options.get("seed", 13)))

    _fn.__doc__ = f"Synthetic and team-written {lang} posts (training.synthetic.{lang}); split train."


for _name, _lang in SYNTHETIC_SOURCES.items():
    _register(_name, _lang)


def get_adapter(name: str) -> Adapter:
    """The adapter registered for source ``name`` (every adapter is registered once this module is imported)."""
    try:
        return ADAPTERS[name]
    except KeyError:
        raise KeyError(f"unknown source {name!r}; known sources: {sorted(ADAPTERS)}") from None
