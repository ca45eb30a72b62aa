"""Synthetic contrastive posts for Arabic (issue 8): Modern Standard Arabic (``msa``), Moroccan Darija in
Arabic script (``darija``) and Arabizi, i.e. Darija in Latin script with digits, often code-switched with
French and Dutch as Belgian-Moroccan youth write (``arabizi``).

Every template and word list below was written for polarscan (2026-12-01); nothing is translated or copied
from a test suite or a public data set. ``generate(rng)`` builds minimal pairs: the same frame about the same
group as a hateful post and as negated, positive, quoted/reported (counter-speech) and denounced versions;
threats against groups and individuals next to figurative, sport and news look-alikes. Hand-written posts
are read from ``datasets/synthetic/written_ar.csv``. The templates and word lists are data, in
``datasets/synthetic/templates_ar.yaml`` (read as ``T``); this module fills and styles them.
"""

from __future__ import annotations

import random

from polarscan.training.synthetic import HATE, HATE_VIOLENT, POLAR, POLAR_INSULT, THREAT_PERSON, ZERO, templates, written_rows
from polarscan.training.synthetic import OFFENSIVE as INDIVIDUAL

VARIETIES = ("msa", "darija", "arabizi")

T = templates("ar")  # the word lists and frames: datasets/synthetic/templates_ar.yaml


def _obfuscate(word: str, rng: random.Random) -> str:
    """A spelling variant: spaced letters, repeated letters, tatweel, leet, masking or an emoji letter."""
    if len(word) < 3:
        return word
    latin = word.isascii()
    how = rng.choice(["space", "repeat", "mask", "leet" if latin else "tatweel", "emoji"])
    if how == "space":
        return " ".join(word)
    if how == "repeat":
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i] * rng.randint(2, 4) + word[i + 1:]
    if how == "mask":
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + "*" + word[i + 1:]
    if how == "leet":
        return word.replace("o", "0").replace("i", "1").replace("a", "@").replace("e", "€")
    if how == "tatweel":  # stretch after letters that join to the left
        spots = [i for i in range(1, len(word) - 1) if word[i] not in "اأإآدذرزوؤةى " and word[i + 1] != " "]
        if not spots:
            return word
        i = rng.choice(spots)
        return word[:i + 1] + "ـ" * rng.randint(2, 4) + word[i + 1:]
    # emoji replacing a letter
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + rng.choice(["🐒", "🐀", "💩", "❌", "⭐"]) + word[i + 1:]


def _typo(text: str, rng: random.Random, variety: str) -> str:
    r = rng.random()
    if variety == "arabizi":
        if r < 0.12:
            return text.upper()
        if r < 0.3:
            return text.lower()
        if r < 0.4:
            return text[:1].upper() + text[1:]
        if r < 0.5 and len(text) > 10:
            i = rng.randrange(3, len(text) - 2)
            return text[:i] + text[i + 1:]
        return text
    if r < 0.2:
        return text.replace("أ", "ا").replace("إ", "ا")
    if r < 0.3:
        return text.replace("ة ", "ه ")
    if r < 0.4 and len(text) > 10:
        i = rng.randrange(3, len(text) - 2)
        return text[:i] + text[i] + text[i:]
    return text


def _style(text: str, variety: str, rng: random.Random, *, long: bool = False, city: str = "",
           tone: str = "benign") -> str:
    if long:
        fillers = rng.sample(T.FILLERS[variety], rng.randint(3, 5))
        fillers = [f.replace("{C}", city or rng.choice(T.CITIES[variety])) for f in fillers]
        at = rng.randrange(len(fillers) + 1)
        core = text if text[-1:] in "؟?!" else text.rstrip(".") + "."
        parts = fillers[:at] + [core] + fillers[at:]
        text = " ".join(parts)
    else:
        text = rng.choice(T.OPENERS[variety]) + text
    r = rng.random()
    if r < 0.35:
        text += " " + rng.choice(T.EMOJI[tone]) * rng.randint(1, 3)
    elif r < 0.5:
        text += " " + rng.choice(T.HASHTAGS[variety])
    elif r < 0.6:
        text += rng.choice(["!!", "...", "؟؟" if variety != "arabizi" else "??", " !"])
    return _typo(text, rng, variety)


def _post(text, labels, kind, variety, target, pair, origin="template", **meta):
    return {"text": text, "labels": dict(labels),
            "kind": kind, "variety": variety, "target": target, "pair": pair, "origin": origin, "meta": meta}


def _styled(rng, text, labels, kind, variety, target, pair, *, long=False, city="", **meta):
    """A template post in social-media style; emoji follow the tone of the labels."""
    if labels["hateful"] == 1 or labels["violent"] == 1 or labels["polarising"] == 1:
        tone = "hate"
    elif kind.startswith(("counter_speech", "denounced", "negated")):
        tone = "counter"
    else:
        tone = "benign"
    return _post(_style(text, variety, rng, long=long, city=city, tone=tone), labels, kind, variety, target, pair,
                 **meta)


def _group_name(target: str, variety: str) -> str:
    return T.GROUPS[target][VARIETIES.index(variety)]


def _fill(template: str, group: str, city: str) -> str:
    return template.replace("{G}", group).replace("{C}", city)


def _strip_quotes(text: str) -> str:
    return text.rstrip("؟?").strip()


def _variant(base: str, rng: random.Random, share: float) -> str:
    return _obfuscate(base, rng) if rng.random() < share else base


def _group_frames(rng: random.Random) -> list[dict]:
    """Per variety x group x core frame: hateful versions and their negated, positive and counter-speech pairs."""
    out = []
    for variety in VARIETIES:
        cities = T.CITIES[variety]
        for target in T.GROUPS:
            base = _group_name(target, variety)
            for ci, (kind, hate, neg, pos) in enumerate(T.CORES[variety]):
                pair = f"ar:{variety}:core{ci}:{target}"
                city = rng.choice(cities)
                # hateful: a short post, a second (often long) post, a third in another city
                out.append(_styled(rng, _fill(hate, _variant(base, rng, 0.15), city), HATE, kind, variety, target, pair))
                out.append(_styled(rng, _fill(hate, base, city), HATE, kind, variety, target, pair,
                                   long=rng.random() < 0.5, city=city))
                c2 = rng.choice(cities)
                out.append(_styled(rng, _fill(hate, _variant(base, rng, 0.3), c2), HATE, kind, variety, target,
                                   pair, long=rng.random() < 0.2, city=c2))
                # the same frame with a threat or call for violence added
                if kind != "hateful_question" and rng.random() < 0.35:
                    vkind, tail = rng.choice(T.VIOLENT_TAILS[variety])
                    v = _fill(hate, base, city).rstrip(".") + _fill(tail, base, city)
                    out.append(_styled(rng, v, HATE_VIOLENT, vkind, variety, target, pair, long=rng.random() < 0.2,
                                       city=city))
                # the same frame, not hateful (a share of the benign posts spell the group word as a variant too)
                out.append(_styled(rng, _fill(neg, _variant(base, rng, 0.1), city), ZERO, "negated_hate", variety,
                                   target, pair, long=rng.random() < 0.1, city=city))
                out.append(_styled(rng, _fill(pos, _variant(base, rng, 0.05), city), ZERO, "identity_positive", variety,
                                   target, pair, long=rng.random() < 0.2, city=city))
                q = _strip_quotes(_fill(hate, base, city))
                r = rng.random()
                if r < 0.4:
                    out.append(_styled(rng, rng.choice(T.QUOTE[variety]).replace("{Q}", q), ZERO, "counter_speech_quote",
                                       variety, target, pair))
                elif r < 0.7:
                    out.append(_styled(rng, rng.choice(T.REPORT[variety]).replace("{Q}", q).replace("{C}", city), ZERO,
                                       "counter_speech_report", variety, target, pair))
                elif kind != "hateful_question":
                    out.append(_styled(rng, rng.choice(T.DENOUNCE[variety]).replace("{Q}", q), ZERO, "denounced_hate",
                                       variety, target, pair))
            # benign mentions not tied to a hateful frame
            for kind, table in (("identity_neutral", T.NEUTRAL), ("identity_news", T.NEWS), ("identity_personal", T.PERSONAL)):
                for t in rng.sample(table[variety], 2):
                    city = rng.choice(cities)
                    out.append(_styled(rng, _fill(t, base, city), ZERO, kind, variety, target,
                                       f"ar:{variety}:{kind}:{target}", long=rng.random() < 0.15, city=city))
    return out


def _slur_posts(rng: random.Random) -> list[dict]:
    """Slurs and coded terms in hateful posts, and the same sentences quoted or reported in counter-speech."""
    out = []
    for variety in VARIETIES:
        for si, (slur, target) in enumerate(T.SLURS[variety]):
            for fi, frame in enumerate(T.SLUR_FRAMES[variety]):
                city = rng.choice(T.CITIES[variety])
                pair = f"ar:{variety}:slur{si}:{fi}"
                h = _fill(frame.replace("{S}", _variant(slur, rng, 0.35)), "", city)
                out.append(_styled(rng, h, HATE, "hateful_slur", variety, target, pair, long=rng.random() < 0.15,
                                   city=city, slur=slur))
                q = _fill(frame.replace("{S}", _variant(slur, rng, 0.15)), "", city)
                if fi % 2 == 0:
                    t = rng.choice(T.QUOTE[variety]).replace("{Q}", q)
                    out.append(_styled(rng, t, ZERO, "counter_speech_quote", variety, target, pair, slur=slur))
                else:
                    t = rng.choice(T.REPORT[variety]).replace("{Q}", q).replace("{C}", city)
                    out.append(_styled(rng, t, ZERO, "counter_speech_report", variety, target, pair, slur=slur))
            # the slur named and rejected next to the neutral word for the same group
            neutral = _group_name(target, variety)
            rejects = {"msa": f"كلمة «{slur}» إهانة، قولوا {neutral} فقط",
                       "darija": f"كلمة \"{slur}\" سبة، قولو {neutral} وصافي",
                       "arabizi": f"\"{slur}\" c'est une insulte khouya, gol {neutral} w safi"}
            out.append(_styled(rng, rejects[variety], ZERO, "counter_speech_quote", variety, target,
                               f"ar:{variety}:slur{si}:0", slur=slur))
    return out


def _threat_posts(rng: random.Random) -> list[dict]:
    """Threats against groups and persons, each frame with a non-violent look-alike; stand-alone look-alikes."""
    out = []
    for variety in VARIETIES:
        for target in T.GROUPS:
            base = _group_name(target, variety)
            for ti, (kind, viol, benign) in enumerate(T.GROUP_THREATS[variety]):
                city = rng.choice(T.CITIES[variety])
                pair = f"ar:{variety}:gthreat{ti}:{target}"
                v = _fill(viol, _variant(base, rng, 0.1), city)
                out.append(_styled(rng, v, HATE_VIOLENT, kind, variety, target, pair, long=rng.random() < 0.2, city=city))
                if rng.random() < 0.5:
                    out.append(_styled(rng, _fill(benign, base, city), ZERO, "identity_positive", variety, target, pair))
                if rng.random() < 0.35:
                    q = _fill(viol, base, city)
                    k, table = rng.choice([("counter_speech_report", T.REPORT), ("counter_speech_quote", T.QUOTE)])
                    t = rng.choice(table[variety])
                    if '"{Q}"' not in t and "«{Q}»" not in t:  # a threat is in the first person: quote it as said
                        q = f'"{q}"' if variety == "arabizi" else f"«{q}»"
                    t = t.replace("{Q}", q).replace("{C}", city)
                    out.append(_styled(rng, t, ZERO, k, variety, target, pair))
        for ti, (kind, viol, benign, bkind) in enumerate(T.PERSON_THREATS[variety]):
            for rep in range(14):
                w, t, p = rng.choice(T.WEAPONS[variety]), rng.choice(T.TIMES[variety]), rng.choice(T.PLACES[variety])
                pair = f"ar:{variety}:pthreat{ti}:{rep}"

                def fill(s, w=w, t=t, p=p):
                    return s.replace("{W}", w).replace("{T}", t).replace("{P}", p)
                out.append(_styled(rng, fill(viol), THREAT_PERSON, kind, variety, None, pair, long=rng.random() < 0.1))
                out.append(_styled(rng, fill(benign), ZERO, bkind, variety, None, pair, long=rng.random() < 0.1))
        for li, (kind, text) in enumerate(T.LOOKALIKES[variety]):
            for rep in range(3):
                city = rng.choice(T.CITIES[variety])
                out.append(_styled(rng, text.replace("{C}", city), ZERO, kind, variety, None, f"ar:{variety}:look{li}",
                                   long=rep == 2, city=city))
    return out


def _political_posts(rng: random.Random) -> list[dict]:
    """Us-vs-them vilification of political out-groups next to civil disagreement; insults and profanity."""
    out = []
    for variety in VARIETIES:
        for target, names in T.POLITICAL.items():
            name = names[VARIETIES.index(variety)]
            for fi, (pol, insult, civil) in enumerate(T.POLITICAL_FRAMES[variety]):
                pair = f"ar:{variety}:pol{fi}:{target}"
                for rep in range(2):
                    out.append(_styled(rng, pol.replace("{O}", name), POLAR_INSULT if insult else POLAR,
                                       "polarising_vilification", variety, target, pair, long=rep == 1))
                    out.append(_styled(rng, civil.replace("{O}", name), ZERO, "civil_disagreement", variety, target,
                                       pair, long=rep == 1))
        for oi, (kind, text) in enumerate(T.OFFENSIVE[variety]):
            for rep in range(4):
                out.append(_styled(rng, text, INDIVIDUAL, kind, variety, None, f"ar:{variety}:off{oi}", long=rep == 3))
    return out


def _written() -> list[dict]:
    """Hand-written posts of datasets/synthetic/written_ar.csv (empty label cell = unknown)."""
    return [_post(row["text"], row["labels"], row["kind"], row["variety"], row.get("target") or None, f"ar:written:{i}",
                  origin="written") for i, row in enumerate(written_rows("ar"))]


def generate(rng: random.Random) -> list[dict]:
    """All Arabic synthetic posts (msa, darija, arabizi), deterministic given ``rng``."""
    posts = _group_frames(rng) + _slur_posts(rng) + _threat_posts(rng) + _political_posts(rng) + _written()
    return posts
