"""Synthetic contrastive posts in French (Belgian French and France French, incl. verlan and
banlieue slang), polarscan issue 8.

Everything here (templates, word lists, slur list) was written for polarscan; nothing is copied or
translated from a test suite or a public data set. ``generate(rng)`` builds minimal pairs: the same
frame and the same group as hateful / violent and as neutral, positive, negated, denounced,
counter-speech (quoting and reporting the hateful sentence) or news versions, plus threats against
individuals and their look-alikes (figurative, sport, news, games), political polarisation and
civil disagreement, insults and profanity, and the hand-written posts of
``datasets/synthetic/written_fr.csv``. The templates and word lists are data, in
``datasets/synthetic/templates_fr.yaml`` (read as ``T``); this module fills and styles them.

Content warning: hateful sentences and slurs are written out on purpose (detection training data).
"""

from __future__ import annotations

import random
import re

from polarscan.training.synthetic import (HATE, HATE_VIOLENT, OFFENSIVE, POLAR, POLAR_INSULT, THREAT_PERSON, ZERO, by_draw,
                                          templates, written_rows)

T = templates("fr")  # the word lists and frames: datasets/synthetic/templates_fr.yaml
POLAR_T = [(text, {"POLAR": POLAR, "POLAR_INSULT": POLAR_INSULT}[labels]) for text, labels in T.POLAR_T]


# noise ----------------------------------------------------------------------------------------
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7"}
EMOJI_LETTERS = {"o": "⭕", "a": "🅰️", "i": "ℹ️", "b": "🅱️"}


def obfuscate(word: str, rng: random.Random) -> str:
    """A spelling variant: leet, spaced letters, repeated letters or emoji letters."""
    mode = rng.choice(["leet", "space", "repeat", "emoji", "star", "dot"])
    if mode == "leet":
        return "".join(LEET.get(c, c) if c.lower() in LEET and rng.random() < 0.6 else c for c in word)
    if mode == "space":
        return " ".join(word)
    if mode == "dot":
        return ".".join(word)
    if mode == "repeat":
        i = rng.randrange(len(word))
        return word[:i] + word[i] * rng.randint(2, 4) + word[i:]
    if mode == "star":
        letters = [i for i, c in enumerate(word) if c.lower() in "aeiouéè"]
        if letters:
            i = rng.choice(letters)
            return word[:i] + "*" + word[i + 1:]
        return word + "*"
    out = "".join(EMOJI_LETTERS.get(c, c) for c in word)
    return out if out != word else word.upper()


def typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    cands = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not cands:
        return text
    i = rng.choice(cands)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.4:
        w = w[:j] + w[j + 1:]
    elif op < 0.8:
        w = w[:j - 1] + w[j] + w[j - 1] + w[j + 1:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def style(text: str, rng: random.Random, variety: str, allow_emoji: bool = True) -> str:
    """Social-media surface noise that does not change the labels."""
    t = text
    r = rng.random()
    if r < 0.12:
        t = (rng.choice(T.OPENERS_BE if variety == "belgian_fr" else T.OPENERS_FR) + " " + t[:1].lower() + t[1:])
    elif r < 0.22:
        t = "@USER " + t
    if rng.random() < 0.15:
        t = t.rstrip(".!") + " " + rng.choice(T.CLOSERS_BE if variety == "belgian_fr" else T.CLOSERS_FR)
    if rng.random() < 0.2:
        t = typo(t, rng)
    t = by_draw(rng.random(), t, (0.25, str.lower), (0.30, str.upper), (0.38, lambda s: s.rstrip(".")))
    if allow_emoji and rng.random() < 0.3:
        t = t + " " + "".join(rng.choice(T.EMOJI) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.15:
        t = t + " " + rng.choice(T.HASHTAGS)
    if rng.random() < 0.06:
        t = t.replace(" ", "  ", 1)
    return t


def long_post(core: str, rng: random.Random) -> str | None:
    """The core sentence among benign filler sentences; 40-60 words, or None."""
    fill = rng.sample(T.FILLERS, 8)
    before, after = [], []
    n = len(core.split())
    k = 0
    while n < 40 and k < len(fill):
        s = fill[k]
        k += 1
        (before if rng.random() < 0.5 else after).append(s)
        n += len(s.split())
    if not 40 <= n <= 60:
        return None
    return " ".join(before + [core] + after)


FEM_HEADS = {"personnes", "femmes", "meufs", "musulmanes", "lesbiennes"}


def _des(les: str) -> str:
    return "des " + les[4:]


def _aux(les: str) -> str:
    return "aux " + les[4:]


def _de_o(o: str) -> str:
    if o.startswith("les "):
        return "des " + o[4:]
    if o.startswith("la "):
        return "de la " + o[3:]
    if o.startswith("l'"):
        return "de l'" + o[2:]
    if o.startswith("nos "):
        return "de nos " + o[4:]
    return "de " + o


def _fill(t: str, vals: dict) -> str:
    out = t
    for k in sorted(vals, key=len, reverse=True):
        out = out.replace("{" + k + "}", str(vals[k]))
    # elision before place names and pronouns: "de Anderlecht" -> "d'Anderlecht", "que elles" -> "qu'elles"
    out = re.sub(r"\bde (Anderlecht|Anvers|Etterbeek|Ixelles|Ecolo)", r"d'\1", out)
    out = re.sub(r"\bque (ils|elles)\b", r"qu'\1", out)
    return cap(out)


def _post(text, labels, kind, variety, target, pair, rng, long_ok=True, meta=None):
    # now and then one everyday sentence before or after (medium-length posts; labels unchanged)
    if long_ok and len(text.split()) < 30 and rng.random() < 0.1:
        extra = rng.choice(T.FILLERS)
        text = f"{extra} {text}" if rng.random() < 0.5 else f"{text} {extra}"
    text = style(text, rng, variety)
    posts = [dict(text=text, labels=dict(labels), kind=kind, variety=variety, target=target, pair=pair,
                  origin="template", meta=dict(meta or {}))]
    return posts


def _group_vals(gname: str, g: dict, rng: random.Random, obf_p: float) -> dict:
    les = rng.choice(g["les"])
    fem0 = les.split(" ")[1] in FEM_HEADS
    obf_group = obf_slur = False
    if rng.random() < obf_p:
        obf_group = True
        head, noun = les.split(" ", 1)
        first, *rest = noun.split(" ")
        les = head + " " + " ".join([obfuscate(first, rng)] + rest)
    sg, pl = rng.choice(g["slurs"])
    if rng.random() < 0.3 and " " not in pl:
        obf_slur = True
        sg, pl = obfuscate(sg, rng) if " " not in sg else sg, obfuscate(pl, rng) if " " not in pl else pl
    place, variety = rng.choice(T.PLACES)
    fem = fem0 or g["tous"] == "toutes"
    head = les[4:]
    return {"G": les, "G_cap": cap(les), "de_G": _des(les), "A": _aux(les), "N": head,
            "T": "toutes" if fem else "tous",
            "ils": "elles" if fem else "ils", "Ils": "Elles" if fem else "Ils", "P": place,
            "U": g["un"], "S": pl, "s": sg, "W": g.get("place_word", "la mosquée"), "etq": g["etq"],
            "_variety": variety, "_meta": {"obfuscated_group": obf_group, "obfuscated_slur": obf_slur}}


def _applies(frame: dict, g: dict) -> bool:
    only = frame.get("only")
    if only is None:
        return True
    if only == "rel":
        return bool(g.get("rel"))
    return g["cat"] == only


def _strip_end(s: str) -> str:
    return s.rstrip(" .!?🤮🙂")


def _group_frames(rng: random.Random, frames, alts, reps: int, prefix: str, groups=None) -> list[dict]:
    out = []
    for gname, g in T.GROUPS.items():
        if groups is not None and gname not in groups:
            continue
        for fi, frame in enumerate(frames):
            if not _applies(frame, g):
                continue
            labels_for_hate = HATE_VIOLENT if frame["kind"] in ("threat_group", "call_violence_group") else HATE
            for r in range(reps):
                vals = _group_vals(gname, g, rng, obf_p=0.12)
                variety = vals.pop("_variety")
                pair = f"fr:{prefix}{fi}:{gname}:{r}"
                hate = _fill(frame["hate"], vals)
                obf = vals.pop("_meta")
                meta = {"frame": f"{prefix}{fi}"}
                start = len(out)
                out += _post(hate, labels_for_hate, frame["kind"], variety, gname, pair, rng, meta=meta)
                for t in alts[fi]:
                    out += _post(_fill(t, vals), labels_for_hate, frame["kind"], variety, gname, pair, rng,
                                 meta=dict(meta, paraphrase=True))
                for kind, t in frame["benign"]:
                    out += _post(_fill(t, vals), ZERO, kind, variety, gname, pair, rng, meta=meta)
                # counter-speech that quotes / reports the hateful sentence, and denounced hate
                qv = dict(vals, h=_strip_end(hate))
                c = rng.random()
                if c < 0.4:
                    out += _post(_fill(rng.choice(T.COUNTER_QUOTE), qv), ZERO, "counter_speech_quote", variety,
                                 gname, pair, rng, meta=meta)
                elif c < 0.75:
                    out += _post(_fill(rng.choice(T.COUNTER_REPORT), qv), ZERO, "counter_speech_report", variety,
                                 gname, pair, rng, meta=meta)
                elif frame["kind"] in ("hateful_derog", "hateful_dehumanise", "hateful_stereotype"):
                    hl = _strip_end(hate)
                    hl = hl[:1].lower() + hl[1:]
                    out += _post(_fill(rng.choice(T.DENOUNCE), dict(qv, hl=hl)), ZERO, "denounced_hate", variety,
                                 gname, pair, rng, meta=meta)
                # the hateful sentence quoted to ENDORSE it: still hateful (quotes alone do not mean counter-speech)
                if rng.random() < 0.3:
                    out += _post(_fill(rng.choice(T.ENDORSE), qv), labels_for_hate, frame["kind"], variety, gname, pair,
                                 rng, meta=dict(meta, endorse=True))
                # long version of the hateful sentence (and of a benign one) among benign sentences
                if rng.random() < 0.2:
                    lp = long_post(hate, rng)
                    if lp:
                        out += _post(lp, labels_for_hate, frame["kind"], variety, gname, pair, rng,
                                     meta=dict(meta, long=True))
                    kind, t = rng.choice(frame["benign"])
                    lp = long_post(_fill(t, vals), rng)
                    if lp:
                        out += _post(lp, ZERO, kind, variety, gname, pair, rng, meta=dict(meta, long=True))
                # spelling-variant flags only where the variant is in the text
                for post in out[start:]:
                    low = post["text"].lower()
                    post["meta"]["obfuscated_group"] = obf["obfuscated_group"] and vals["N"].lower() in low
                    post["meta"]["obfuscated_slur"] = obf["obfuscated_slur"] and (
                        vals["S"].lower() in low or vals["s"].lower() in low)
    return out


def _threat_frames(rng: random.Random, reps: int) -> list[dict]:
    out = []
    for fi, frame in enumerate(T.TFRAMES):
        for r in range(reps):
            weapon = rng.choice(T.WEAPONS)
            who = rng.choice(T.WHO)
            place, variety = rng.choice(T.PLACES)
            vals = {"WHEN": rng.choice(T.WHEN), "WHERE": rng.choice(T.WHERE), "WHERE2": rng.choice(T.WHERE_NEWS),
                    "WHERE3": rng.choice(["au Jan Breydel", "à Sclessin", "au Lotto Park", "ce week-end"]),
                    "WEAPON": weapon, "WEAPON_NA": weapon.split(" ", 1)[1] if weapon != "mes potes" else "couteau",
                    "WHO": who, "WHO_CAP": cap(who), "P": place}
            if "WEAPON_NA" in frame["benign"][-1][1] or any("WEAPON_NA" in t for _, t in frame["benign"]):
                vals["WEAPON_NA"] = "un " + ("couteau" if weapon in ("mes potes",) else weapon.split(" ", 1)[1])
            pair = f"fr:t{fi}:{r}"
            meta = {"frame": f"t{fi}"}
            hate = _fill(frame["hate"], vals)
            out += _post(hate, THREAT_PERSON, frame["kind"], variety, None, pair, rng, meta=meta)
            for kind, t in frame["benign"]:
                k = "violence_figurative" if kind == "violence_game" else kind
                m = dict(meta, game=True) if kind == "violence_game" else meta
                out += _post(_fill(t, vals), ZERO, k, variety, None, pair, rng, meta=m)
            if rng.random() < 0.25:
                out += _post(_fill(rng.choice(T.COUNTER_REPORT), dict(vals, h=_strip_end(hate), G_cap="")), ZERO,
                             "counter_speech_report", variety, None, pair, rng, meta=meta)
            if rng.random() < 0.15:
                lp = long_post(hate, rng)
                if lp:
                    out += _post(lp, THREAT_PERSON, frame["kind"], variety, None, pair, rng, meta=dict(meta, long=True))
    return out


def _lookalikes(rng: random.Random) -> list[dict]:
    out = []
    for i, t in enumerate(T.SPORT):
        for r in range(4):
            a, b = rng.sample(T.TEAMS, 2)
            out += _post(_fill(t, {"TEAM": a, "TEAM2": b, "STADIUM": rng.choice(T.STADIUMS)}), ZERO, "violence_sport",
                         "belgian_fr", None, None, rng)
    for t in T.FIGURATIVE:
        for r in range(2):
            out += _post(t, ZERO, "violence_figurative", rng.choice(["belgian_fr", "fr_fr"]), None, None, rng)
    for t in T.NEWS:
        for r in range(3):
            place, variety = rng.choice(T.PLACES)
            out += _post(_fill(t, {"P": place}), ZERO, "violence_news", variety, None, None, rng)
    return out


def _politics(rng: random.Random) -> list[dict]:
    out = []
    for oname, forms in T.OUTGROUPS.items():
        for ti, (t, labels) in enumerate(POLAR_T):
            for r in range(2):
                o = rng.choice(forms)
                place, variety = rng.choice(T.PLACES)
                vals = {"O": o, "de_O": _de_o(o), "P": place}
                pair = f"fr:pol{ti}:{oname}:{r}"
                out += _post(_fill(t, vals), labels, "polarising_vilification", variety, oname, pair, rng)
                c = T.CIVIL_T[(ti + r) % len(T.CIVIL_T)]
                out += _post(_fill(c, vals), ZERO, "civil_disagreement", variety, oname, pair, rng)
    return out


def _insults(rng: random.Random) -> list[dict]:
    out = []
    for i, (bad, good) in enumerate(T.INSULT_T):
        for r in range(5):
            who = rng.choice(T.WHO)
            place, variety = rng.choice(T.PLACES)
            vals = {"WHO": who, "WHO_CAP": cap(who), "WHERE": rng.choice(T.WHERE), "P": place}
            pair = f"fr:ins{i}:{r}"
            out += _post(_fill(bad, vals), OFFENSIVE, "offensive_individual", variety, None, pair, rng)
            out += _post(_fill(good, vals), ZERO, "civil_disagreement", variety, None, pair, rng)
    for i, (bad, good) in enumerate(T.PROFANITY_T):
        for r in range(5):
            place, variety = rng.choice(T.PLACES)
            vals = {"WHERE": rng.choice(T.WHERE_NEWS), "P": place}
            pair = f"fr:prof{i}:{r}"
            bad_t, good_t = _fill(bad, vals), _fill(good, vals)
            out += _post(bad_t, OFFENSIVE, "offensive_profanity", variety, None, pair, rng)
            # no kind for a plain everyday post: civil_disagreement (all labels 0), marked in meta
            out += _post(good_t, ZERO, "civil_disagreement", variety, None, pair, rng, meta={"plain": True})
    return out


def _identity_extra(rng: random.Random) -> list[dict]:
    out = []
    for kind, t, gname in T.IDENTITY_EXTRA:
        for r in range(3):
            vals = _group_vals(gname, T.GROUPS[gname], rng, obf_p=0.1)
            variety = vals.pop("_variety")
            vals.pop("_meta")
            out += _post(_fill(t, vals), ZERO, kind, variety, gname, None, rng)
    return out


def written() -> list[dict]:
    """Hand-written posts of datasets/synthetic/written_fr.csv (empty label cell = unknown)."""
    return [dict(text=row["text"], kind=row["kind"], target=row.get("target") or None, variety=row.get("variety") or "belgian_fr",
                 origin="written", pair=row.get("pair") or None, labels=row["labels"]) for row in written_rows("fr")]


def generate(rng: random.Random) -> list[dict]:
    posts: list[dict] = []
    posts += _group_frames(rng, T.FRAMES, T.ALTS, reps=2, prefix="h")
    posts += _group_frames(rng, T.VFRAMES, T.VALTS, reps=2, prefix="v")
    posts += _group_frames(rng, T.SFRAMES, T.SALTS, reps=1, prefix="s")
    for gname, frames in T.TOPIC_FRAMES.items():
        posts += _group_frames(rng, frames, [[] for _ in frames], reps=3, prefix=f"topic_{gname}_", groups=[gname])
    posts += _threat_frames(rng, reps=12)
    posts += _lookalikes(rng)
    posts += _politics(rng)
    posts += _insults(rng)
    posts += _identity_extra(rng)
    posts += written()
    return posts
