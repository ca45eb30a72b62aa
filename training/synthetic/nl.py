"""Synthetic contrastive posts for Dutch: Flemish (tussentaal), Netherlands Dutch and straattaal.

Written for polarscan (issue 8) by the team's AI engineering assistant on 2026-12-01: every
template and word list below is original, nothing is translated or copied from a test suite or a
public data set. ``generate(rng)`` builds minimal pairs per protected group: the same frame with a
hateful version and benign versions (neutral, positive, news, personal, negated, denounced,
counter-speech quoting or reporting the hateful sentence). It adds threats (group and individual,
direct, conditional, veiled) with their non-violent look-alikes (figurative, sport, news, games),
polarising vilification of political out-groups with civil disagreement, insults at individuals
and profanity, and the hand-written posts of ``datasets/synthetic/written_nl.csv``. The templates
and word lists are data, in ``datasets/synthetic/templates_nl.yaml`` (read as ``T``); this module
fills and styles them.

Content warning: the hateful templates and the slur list are needed to train a detector.
"""

from __future__ import annotations

import random

from polarscan.training.synthetic import (HATE, HATE_VIOLENT, OFFENSIVE, POLAR, POLAR_INSULT, THREAT_PERSON, ZERO, by_draw,
                                          templates, written_rows)

LABELS_OF_KIND = {
    **{k: ZERO for k in ("identity_neutral", "identity_positive", "identity_news", "identity_personal",
                         "negated_hate", "denounced_hate", "counter_speech_quote", "counter_speech_report",
                         "civil_disagreement", "violence_figurative", "violence_sport", "violence_news")},
    **{k: HATE for k in ("hateful_derog", "hateful_dehumanise", "hateful_slur", "hateful_stereotype",
                         "hateful_question", "hateful_opinion")},
    "threat_group": HATE_VIOLENT, "call_violence_group": HATE_VIOLENT,
    "threat_individual": THREAT_PERSON, "threat_conditional": THREAT_PERSON, "threat_veiled": THREAT_PERSON,
    "offensive_individual": OFFENSIVE, "offensive_profanity": OFFENSIVE,
    "polarising_vilification": POLAR,
}

T = templates("nl")  # the word lists and frames: datasets/synthetic/templates_nl.yaml
VOICE_WEIGHTS = (("flemish", 0.45), ("nl_nl", 0.35), ("straattaal", 0.20))


def _pick(rng, xs):
    return xs[rng.randrange(len(xs))]


def _voice(rng):
    r = rng.random()
    acc = 0.0
    for name, w in VOICE_WEIGHTS:
        acc += w
        if r < acc:
            return name
    return VOICE_WEIGHTS[-1][0]


# --------------------------------------------------------------------------- spelling variants
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5"}
EMOJI_LETTER = {"o": "⭕", "a": "🅰️", "i": "ℹ️", "x": "❌"}


def obfuscate(word: str, rng: random.Random) -> str:
    """A spelling variant of a word: leet, spaced letters, repeated letters, emoji or asterisk."""
    if len(word) < 4:
        return word
    mode = rng.randrange(6)
    if mode == 0:
        return "".join(LEET.get(c, c) if rng.random() < 0.6 else c for c in word)
    if mode == 1:
        return " ".join(word)
    if mode == 2:
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i] * rng.randint(2, 4) + word[i + 1:]
    if mode == 3:
        out = "".join(EMOJI_LETTER.get(c, c) for c in word)
        return out if out != word else word.replace("e", "3")
    if mode == 4:
        vowels = [i for i, c in enumerate(word) if c in "aeiou" and i > 0]
        if vowels:
            i = _pick(rng, vowels)
            return word[:i] + "*" + word[i + 1:]
        return word
    return ".".join(word)


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    cands = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not cands:
        return text
    i = _pick(rng, cands)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    mode = rng.randrange(3)
    if mode == 0:
        w = w[:j] + w[j + 1:]
    elif mode == 1:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def _long(core: str, rng: random.Random, place: str) -> str:
    """Embed one core sentence among benign filler sentences (40-60 words)."""
    parts = [core]
    fillers = rng.sample(T.FILLERS, 5)
    k = 0
    while len(" ".join(parts).split()) < 40 and k < len(fillers):
        f = fillers[k].format(P=place)
        if rng.random() < 0.5:
            parts.insert(0, f)
        else:
            parts.append(f)
        k += 1
    text = " ".join(parts)
    words = text.split()
    if len(words) > 60:  # drop fillers until it fits, keeping the core
        parts = [p for p in parts if p == core or rng.random() < 0.5]
        text = " ".join(parts)
    return text


def _decorate(text: str, rng: random.Random, voice: str, place: str, allow_long: bool = True) -> str:
    if not text.endswith((".", "!", "?", ")", "'", '"')) and rng.random() < 0.3:
        text += _pick(rng, [".", "!", "!!", "?!", "...", " !!!"])
    if allow_long and rng.random() < 0.14:
        if not text.endswith((".", "!", "?")):
            text += "."
        text = _long(text[0].upper() + text[1:], rng, place)
    else:
        if rng.random() < 0.35:
            text = f"{_pick(rng, T.PREFIX[voice])} {text}"
        if rng.random() < 0.3:
            text = f"{text} {_pick(rng, T.SUFFIX[voice])}"
        if rng.random() < 0.3:
            text = "@USER " + text
    if rng.random() < 0.35:
        text += " " + "".join(rng.sample(T.EMOJI, rng.randint(1, 3)))
    if rng.random() < 0.2:
        text += " " + " ".join(rng.sample(T.HASHTAGS, rng.randint(1, 2)))
    if rng.random() < 0.12:
        text = _typo(text, rng)
    if len(text.split()) < 3:
        text = f"{text} {_pick(rng, T.SUFFIX[voice])}"
    return by_draw(rng.random(), text, (0.45, str.lower), (0.5, str.upper), (0.8, lambda t: t[0].upper() + t[1:]))


# --------------------------------------------------------------------------- group frames
# Each frame: a hateful version and benign versions of the same sentence (minimal pairs).
# Slots: {G} group noun, {S} slur, {X} stereotype, {D} dehumanising noun, {P} place, {V} venue,
# {T} time, {W} weapon, {C} how the hateful sentence was met, {POS} a positive predicate,
# plus the voice slots. {H} in quote/report templates is the hateful sentence of the frame.


def _slots(rng, voice, group, g):
    slots = dict(T.VOICES[voice])
    slots["niks"] = "niks" if voice != "nl_nl" else "niets"
    noun = _pick(rng, g["nouns"])
    slur = _pick(rng, g["slurs"])
    obf = rng.random() < 0.12
    if obf:
        if rng.random() < 0.5:
            noun = obfuscate(noun, rng)
        else:
            slur = obfuscate(slur, rng)
    place = _pick(rng, T.PLACES)
    slots.update(G=noun, S=slur, X=_pick(rng, g["stereo"] + T.GENERIC_STEREO).format(**slots),
                 D=(d := _pick(rng, T.DEHUMAN)), DG="geen " + d.removeprefix("een "), P=place, V=g["venue"], T=_pick(rng, T.TIMES), W=_pick(rng, T.WEAPONS),
                 C=_pick(rng, T.CITES), POS=_pick(rng, g["positive"]), SP=_pick(rng, T.SPOTS),
                 E=_pick(rng, ["🤮", "😡", "🐀", "🙄", "💩", "smh"]), N=rng.randint(40, 75))
    return slots, obf


def _group_posts(rng: random.Random, reps: int):
    out = []
    for gname, g in T.GROUPS.items():
        for frame in T.FRAMES:
            hkind, htpls = frame["hate"]
            for r in range(reps):
                voice = _voice(rng)
                slots, obf = _slots(rng, voice, gname, g)
                pair = f"nl:{frame['name']}:{gname}:{r}"
                htext = _pick(rng, htpls).format(**slots)
                # the quote/report templates reuse the hateful content of this frame
                out.append(dict(text=_decorate(htext, rng, voice, slots["P"]), kind=hkind, labels=LABELS_OF_KIND[hkind],
                                target=gname, variety=voice, pair=pair, meta={"obfuscated": obf}))
                for bkind, btpls in rng.sample(frame["benign"], 1 if rng.random() < 0.9 else 2):
                    btext = _pick(rng, btpls).format(**slots)
                    out.append(dict(text=_decorate(btext, rng, voice, slots["P"]), kind=bkind,
                                    labels=LABELS_OF_KIND[bkind], target=gname, variety=voice, pair=pair,
                                    meta={"obfuscated": obf}))
        for i in range(3):
            voice = _voice(rng)
            slots, obf = _slots(rng, voice, gname, g)
            pair = f"nl:short:{gname}:{i}"
            k, t = _pick(rng, T.SHORT_HATE)
            out.append(dict(text=_decorate(t.format(**slots), rng, voice, slots["P"], allow_long=False), kind=k,
                            labels=LABELS_OF_KIND[k], target=gname, variety=voice, pair=pair))
            k, t = _pick(rng, T.SHORT_BENIGN)
            out.append(dict(text=_decorate(t.format(**slots), rng, voice, slots["P"], allow_long=False), kind=k,
                            labels=LABELS_OF_KIND[k], target=gname, variety=voice, pair=pair))
    return out


# --------------------------------------------------------------------------- threats vs look-alikes


def _threat_posts(rng: random.Random, reps: int):
    out = []
    for frame in T.THREAT_FRAMES:
        hkind, htpls = frame["hate"]
        for r in range(reps):
            voice = _voice(rng)
            slots = dict(T.VOICES[voice], T=_pick(rng, T.TIMES), W=_pick(rng, T.WEAPONS), SP=_pick(rng, T.SPOTS),
                         P=_pick(rng, T.PLACES), PER=_pick(rng, T.PERSONS))
            pair = f"nl:threat:{frame['name']}:{r}"
            out.append(dict(text=_decorate(_pick(rng, htpls).format(**slots), rng, voice, slots["P"]), kind=hkind,
                            labels=LABELS_OF_KIND[hkind], target=None, variety=voice, pair=pair))
            bkind, btpls = _pick(rng, frame["benign"])
            out.append(dict(text=_decorate(_pick(rng, btpls).format(**slots), rng, voice, slots["P"]), kind=bkind,
                            labels=LABELS_OF_KIND[bkind], target=None, variety=voice, pair=pair))
    for r in range(reps * 2):
        voice = _voice(rng)
        t1, t2 = rng.sample(T.TEAMS, 2)
        slots = dict(T.VOICES[voice], TEAM=t1, TEAM2=t2, SC=f"{rng.randint(2, 6)}-{rng.randint(0, 1)}",
                     T=_pick(rng, T.TIMES), P=_pick(rng, T.PLACES), SP=_pick(rng, T.SPOTS),
                     V=_pick(rng, ["de moskee", "de synagoge", "de kerk", "het asielcentrum", "het jeugdhuis", "het café"]))
        for kind, bank in (("violence_sport", T.SPORT), ("violence_sport", T.GAMES), ("violence_figurative", T.FIGURATIVE),
                           ("violence_news", T.NEWS)):
            if rng.random() < 0.6:
                out.append(dict(text=_decorate(_pick(rng, bank).format(**slots), rng, voice, slots["P"]),
                                kind=kind, labels=ZERO, target=None, variety=voice))
    return out


# --------------------------------------------------------------------------- politics, insults, profanity


def _post(template: str, slots: dict, rng: random.Random, voice: str, kind: str, labels: dict, target: str | None = None,
          **extra) -> dict:
    """A post: ``template`` filled with ``slots`` and decorated in ``voice`` (``slots["P"]``: the place)."""
    return dict(text=_decorate(template.format(**slots), rng, voice, slots["P"]), kind=kind, labels=labels, target=target,
                variety=voice, **extra)


def _cross_posts(rng: random.Random, reps: int):
    """The same us-vs-them sentence about a protected group (hateful) and a political group (polarising only)."""
    out = []
    for r in range(reps):
        voice = _voice(rng)
        gname = _pick(rng, list(T.GROUPS))
        pname = _pick(rng, list(T.POLITICAL))
        tpl = _pick(rng, T.CROSS_T)
        place = _pick(rng, T.PLACES)
        pair = f"nl:cross:{r}"
        for kind, target, noun, labels in (("hateful_derog", gname, _pick(rng, T.GROUPS[gname]["nouns"]), HATE),
                                           ("polarising_vilification", pname, _pick(rng, T.POLITICAL[pname]), POLAR)):
            out.append(_post(tpl, dict(T.VOICES[voice], G=noun, P=place), rng, voice, kind, labels, target, pair=pair))
    return out


def _person_slots(rng: random.Random) -> tuple[str, dict]:
    """A voice and its slots with a person ({PER}) and a place ({P})."""
    voice = _voice(rng)
    return voice, dict(T.VOICES[voice], PER=_pick(rng, T.PERSONS), P=_pick(rng, T.PLACES))


def _plain_posts(rng: random.Random, reps: int):
    """Insults and profanity paired with a plain rewrite (kind civil_disagreement, meta.plain)."""
    out = []
    for r in range(reps):
        voice, slots = _person_slots(rng)
        rude, plain = _pick(rng, T.PLAIN)
        kind = "offensive_individual" if "{" in rude or "trut" in rude else "offensive_profanity"
        pair = f"nl:plain:{r}"
        out.append(_post(rude, slots, rng, voice, kind, OFFENSIVE, pair=pair))
        out.append(_post(plain, slots, rng, voice, "civil_disagreement", ZERO, pair=pair, meta={"plain": True}))
    return out


def _politics_posts(rng: random.Random, reps: int):
    out = []
    for gname, nouns in T.POLITICAL.items():
        for r in range(reps):
            voice = _voice(rng)
            slots = dict(T.VOICES[voice], G=_pick(rng, nouns), P=_pick(rng, T.PLACES))
            pair = f"nl:pol:{gname}:{r}"
            if rng.random() < 0.75:
                text, labels = _pick(rng, T.POLAR_T), POLAR
            else:
                text, labels = _pick(rng, T.POLAR_INSULT_T), POLAR_INSULT
            out.append(_post(text, slots, rng, voice, "polarising_vilification", labels, gname, pair=pair))
            out.append(_post(_pick(rng, T.CIVIL_T), slots, rng, voice, "civil_disagreement", ZERO, gname, pair=pair))
    return out


def _offensive_posts(rng: random.Random, n: int):
    out = []
    for r in range(n):
        voice, slots = _person_slots(rng)
        out.append(_post(_pick(rng, T.INSULTS), slots, rng, voice, "offensive_individual", OFFENSIVE))
        out.append(_post(_pick(rng, T.PROFANITY), slots, rng, voice, "offensive_profanity", OFFENSIVE))
    return out


def _written_posts():
    """Hand-written posts of datasets/synthetic/written_nl.csv (rows without text are skipped)."""
    return [dict(text=text, kind=row["kind"].strip(), labels=row["labels"], target=(row.get("target") or "").strip() or None,
                 variety=(row.get("variety") or "").strip(), origin="written")
            for row in written_rows("nl") if (text := (row.get("text") or "").strip())]


def generate(rng: random.Random) -> list[dict]:
    """All Dutch synthetic posts, deterministic given ``rng``."""
    posts = []
    posts += _group_posts(rng, reps=14)
    posts += _threat_posts(rng, reps=70)
    posts += _politics_posts(rng, reps=14)
    posts += _offensive_posts(rng, 110)
    posts += _cross_posts(rng, 160)
    posts += _plain_posts(rng, 80)
    posts += _written_posts()
    for p in posts:
        p.setdefault("origin", "template")
        p["labels"] = dict(p["labels"])
    return posts
