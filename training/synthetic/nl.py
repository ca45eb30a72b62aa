"""Synthetic contrastive posts for Dutch: Flemish (tussentaal), Netherlands Dutch and straattaal.

Written for polarscan (issue 8) by the team's AI engineering assistant on 2026-12-01: every
template and word list below is original, nothing is translated or copied from a test suite or a
public data set. ``generate(rng)`` builds minimal pairs per protected group: the same frame with a
hateful version and benign versions (neutral, positive, news, personal, negated, denounced,
counter-speech quoting or reporting the hateful sentence). It adds threats (group and individual,
direct, conditional, veiled) with their non-violent look-alikes (figurative, sport, news, games),
polarising vilification of political out-groups with civil disagreement, insults at individuals
and profanity, and the hand-written posts of ``datasets/synthetic/written_nl.csv``.

Content warning: the hateful templates and the slur list are needed to train a detector.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

WRITTEN = Path(__file__).resolve().parents[2] / "datasets" / "synthetic" / "written_nl.csv"

ZERO = {"hateful": 0, "offensive": 0, "polarising": 0, "violent": 0}
HATE = {"hateful": 1, "offensive": 1, "polarising": 1, "violent": 0}
HATE_VIOLENT = {"hateful": 1, "offensive": 1, "polarising": 1, "violent": 1}
THREAT_PERSON = {"hateful": 0, "offensive": 1, "polarising": 0, "violent": 1}
OFFENSIVE = {"hateful": 0, "offensive": 1, "polarising": 0, "violent": 0}
POLAR = {"hateful": 0, "offensive": None, "polarising": 1, "violent": 0}
POLAR_INSULT = {"hateful": 0, "offensive": 1, "polarising": 1, "violent": 0}

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

# --------------------------------------------------------------------------- voices (varieties)
# Templates use these slots so that one template renders in Flemish tussentaal, Netherlands Dutch
# or straattaal: {nie} {da} {ge} {gij} {zijt} {u} {uw} {heel} {echt} {hebt}
VOICES = {
    "flemish": dict(nie="nie", da="da", ge="ge", gij="gij", zijt="zijt", u="u", uw="uw", heel="wreed",
                    echt="just", hebt="hebt", zijn="zijn", wa="wa", iets="iets", nen="nen", moogt="moogt",
                    woont="woont", kunt="kunt", zult="zult"),
    "nl_nl": dict(nie="niet", da="dat", ge="je", gij="jij", zijt="bent", u="je", uw="je", heel="heel",
                  echt="echt", hebt="hebt", zijn="zijn", wa="wat", iets="iets", nen="een", moogt="mag",
                  woont="woont", kunt="kan", zult="zal"),
    "straattaal": dict(nie="niet", da="dat", ge="je", gij="jij", zijt="bent", u="je", uw="je", heel="mad",
                       echt="wollah", hebt="hebt", zijn="zijn", wa="wat", iets="iets", nen="een", moogt="mag",
                       woont="woont", kunt="kan", zult="gaat"),
}
VOICE_WEIGHTS = (("flemish", 0.45), ("nl_nl", 0.35), ("straattaal", 0.20))

PREFIX = {
    "flemish": ["allez", "amai", "zeg", "awel", "pff", "ja maar", "serieus", "zot he", "oei", "bon",
                "allez vooruit", "ge gelooft het nie maar"],
    "nl_nl": ["nou", "joh", "jeetje", "lol", "sorry maar", "eerlijk?", "man man man", "oké", "zucht",
              "even serieus"],
    "straattaal": ["wollah", "mattie", "bro", "sahbi", "yo", "wacht ff", "no cap", "wesh", "ewa", "sheesh"],
}
SUFFIX = {
    "flemish": ["zeh", "he", "allez", "echt waar", "pff", "of nie?", "c'est ça", "voilà", "amai", "da's zo"],
    "nl_nl": ["hoor", "joh", "toch?", "lol", "echt", "punt", "klaar", "haha", "tja"],
    "straattaal": ["wollah", "mattie", "bro", "fr", "skeer", "broer", "wallah", "no cap", "ahla"],
}
EMOJI = ["😂", "🙄", "🔥", "💯", "😤", "🤷", "😅", "👀", "🙏", "😬", "🤔", "😒", "👍", "😳", "🇧🇪", "🇳🇱",
         "😡", "❤️", "😭", "🤦", "💀", "😊", "🤮"]
HASHTAGS = ["#Molenbeek", "#Antwerpen", "#Brussel", "#Bruxelles", "#Mechelen", "#Gent", "#verkiezingen",
            "#stemmen", "#asiel", "#migratie", "#Gaza", "#ramadan", "#Pride", "#RodeDuivels", "#Anderlecht",
            "#ClubBrugge", "#Standard", "#Vlaanderen", "#nieuws", "#Rotterdam", "#Amsterdam", "#wonen",
            "#school", "#werk", "#Charleroi", "#Luik", "#dtv", "#opinie", "#deredactie", "#politiek"]
PLACES = ["Mechelen", "Antwerpen", "Borgerhout", "Brussel", "Bruxelles", "Molenbeek", "Schaarbeek",
          "Anderlecht", "Gent", "Charleroi", "Luik", "Liège", "Genk", "Vilvoorde", "Leuven", "Oostende",
          "Rotterdam", "Amsterdam-West", "Den Haag", "Utrecht", "Kanaleneiland", "Deurne", "Hasselt",
          "Sint-Niklaas", "Kuregem", "Aalst", "Zaventem", "Eindhoven", "Brugge", "Turnhout"]
SPOTS = ["het station", "de markt", "de Meir", "het Zuidstation", "de tram", "de bib", "het park",
         "de Lidl", "de schoolpoort", "het jeugdhuis", "de voetbalkantine", "de bushalte", "het stadhuis"]
TIMES = ["morgen", "vanavond", "zaterdag", "na de match", "volgende week", "vannacht", "zondag na de mis",
         "na het vrijdaggebed", "tijdens de ramadan", "na de verkiezingen", "om middernacht", "maandag"]
WEAPONS = ["met een mes", "met een machete", "met benzine", "met een knuppel", "met een geweer",
           "met een bijl", "met vuurwerkbommen", "met een baseballbat", "met een hamer"]
TEAMS = ["Anderlecht", "Club Brugge", "Standard", "Antwerp", "AA Gent", "Genk", "de Rode Duivels",
         "de Diables Rouges", "Feyenoord", "Ajax", "PSV", "Charleroi", "KV Mechelen", "Beerschot", "Cercle"]

# --------------------------------------------------------------------------- protected groups
# nouns: plural forms used in the frames; slurs: slurs / coded terms used for this group (item 4);
# venue: a place linked to the group for the threat frames; stereo: group-specific stereotypes
# (predicates, written for this project), positive: group-specific positive predicates.
GROUPS = {
    "muslims": dict(nouns=["moslims", "moslimmen", "islamieten"], slurs=["geitenneukers", "mozzels", "baardapen"],
                    venue="de moskee", stereo=["zijn allemaal terroristen in spe", "willen hier de sharia invoeren",
                                            "slaan hun vrouwen, dat zit in hun geloof"],
                    positive=["brengen elke ramadan eten naar de daklozen", "organiseren een open moskeedag"]),
    "jews": dict(nouns=["joden", "joodse mensen"], slurs=["kankerjoden", "(((zij)))", "sjacheraars"],
                 venue="de synagoge", stereo=["hebben alle banken in handen", "trekken overal aan de touwtjes",
                                           "denken alleen aan geld"],
                 positive=["hebben de diamantsector van Antwerpen mee opgebouwd", "houden een open synagogedag"]),
    "christians": dict(nouns=["christenen", "katholieken", "kerkgangers"], slurs=["kwezels", "bijbelfreaks", "kruisjesvolk"],
                       venue="de kerk", stereo=["zijn allemaal hypocriete kindermisbruikers",
                                             "zijn achterlijke sekteleden"],
                       positive=["runnen de voedselbank in onze wijk", "zingen elke kerst in het rusthuis"]),
    "moroccans": dict(nouns=["Marokkanen", "Marokkaanse Belgen", "Marokkaanse Nederlanders"],
                      slurs=["makakken", "kutmarokkanen", "makaken"], venue="het buurthuis",
                      stereo=["stelen alles wat los ligt", "zijn allemaal drugsdealers"],
                      positive=["maken de beste couscous van de straat", "zitten bij ons in de voetbalploeg"]),
    "turks": dict(nouns=["Turken", "Turkse Belgen", "Turkse Nederlanders"], slurs=["kutturken", "geitenturken"],
                  venue="het theehuis", stereo=["zijn allemaal Erdogan-fanatiekelingen", "zijn agressieve bruten"],
                  positive=["hebben de beste bakkerij van Genk", "openden een nieuw buurtcafé"]),
    "black_people": dict(nouns=["zwarte mensen", "zwarten", "zwarte Belgen"], slurs=["nikkers", "n1kkers", "bosnegers"],
                         venue="het kapsalon", stereo=["zijn nog maar net uit de boom gekomen", "zijn allemaal dieven"],
                         positive=["zetten het beste muziekfestival van Matonge op", "zijn sterk vertegenwoordigd in de zorg"]),
    "sub_saharan_africans": dict(nouns=["Afrikanen", "Congolezen", "Kameroeners"], slurs=["bosnegers", "apen", "makakken"],
                                 venue="het kerkje in Matonge", stereo=["brengen alleen maar ziektes mee",
                                                                    "kunnen {nie} werken, alleen dansen"],
                                 positive=["brengen leven in Matonge", "richtten een huiswerkklas op"]),
    "migrants": dict(nouns=["migranten", "nieuwkomers", "allochtonen"], slurs=["gelukzoekers", "omvolkers", "profiteurs"],
                     venue="het opvangcentrum", stereo=["komen hier alleen voor ons geld", "verkrachten onze vrouwen"],
                     positive=["houden onze bouwsector draaiende", "leren sneller Nederlands dan ik Frans"]),
    "refugees": dict(nouns=["vluchtelingen", "asielzoekers", "Syriërs"], slurs=["gelukzoekers", "asieltuig", "bootmensen"],
                     venue="het asielcentrum", stereo=["zijn allemaal verkleedde terroristen", "zijn luie uitvreters"],
                     positive=["helpen vrijwillig in het woonzorgcentrum", "zijn zo dankbaar voor elke les"]),
    "gay_people": dict(nouns=["homo's", "holebi's", "homoseksuelen"], slurs=["flikkers", "poten", "mietjes"],
                       venue="het holebicafé", stereo=["zijn ziek in hun hoofd", "zijn een gevaar voor kinderen"],
                       positive=["organiseren de mooiste Pride van het land", "zijn gewoon goede ouders"]),
    "trans_people": dict(nouns=["transpersonen", "transvrouwen", "transmannen"], slurs=["travo's", "shemales", "dingen"],
                         venue="de genderkliniek", stereo=["zijn gestoorde perverten", "zijn mannen in een jurk"],
                         positive=["verdienen gewoon rust en respect", "zijn hier even welkom als iedereen"]),
    "women": dict(nouns=["vrouwen", "meisjes", "moslima's"], slurs=["wijven", "kutwijven", "sletten"],
                  venue="het vrouwenhuis", stereo=["horen achter het fornuis", "zijn te dom om te rijden",
                                               "moeten gewoon hun mond houden"],
                  positive=["leiden de helft van de bedrijven in de haven", "scoren beter op school"]),
    "roma": dict(nouns=["Roma", "Romamensen", "woonwagenbewoners"], slurs=["zigeunertuig", "zigeuners"],
                 venue="het woonwagenkamp", stereo=["stelen je portefeuille zodra je kijkt", "sturen hun kinderen bedelen"],
                 positive=["spelen de beste muziek op de markt", "kregen eindelijk een vaste standplaats"]),
    "disabled_people": dict(nouns=["mensen met een beperking", "gehandicapten", "rolstoelgebruikers"],
                            slurs=["mongolen", "spasten", "debielen"], venue="het dagcentrum",
                            stereo=["kosten de maatschappij alleen maar geld", "hadden nooit geboren mogen worden"],
                            positive=["werken super goed in het sociaal restaurant", "doen mee aan de Special Olympics"]),
    "elderly": dict(nouns=["ouderen", "gepensioneerden", "bejaarden"], slurs=["ouwe zakken", "bejaardentuig", "fossielen"],
                    venue="het rusthuis", stereo=["zijn nutteloze vreters", "stelen de toekomst van de jongeren"],
                    positive=["hebben zoveel verhalen te vertellen", "doen het meeste vrijwilligerswerk"]),
    "asians": dict(nouns=["Aziaten", "Chinezen", "Vietnamezen"], slurs=["spleetogen", "pinda's", "tjing tjongs"],
                   venue="het Chinees restaurant", stereo=["eten honden en katten", "hebben corona verspreid"],
                   positive=["runnen de beste snackbar van de straat", "organiseren het Chinees Nieuwjaar in de stad"]),
    "arabs": dict(nouns=["Arabieren", "Arabische mensen"], slurs=["zandnegers", "kamelendrijvers"],
                  venue="de Arabische bakkerij", stereo=["zijn allemaal fanatiekelingen", "respecteren geen vrouwen"],
                  positive=["schrijven prachtige poëzie", "hebben de gastvrijheid uitgevonden"]),
    "amazigh": dict(nouns=["Amazigh", "Berbers", "Riffijnen"], slurs=["berberapen", "bergapen"],
                    venue="het Amazigh cultuurhuis", stereo=["zijn achterlijke bergboeren", "zijn geboren criminelen"],
                    positive=["vieren Yennayer met de hele wijk", "houden hun taal levend"]),
    "eastern_europeans": dict(nouns=["Polen", "Roemenen", "Oost-Europeanen"], slurs=["polakken", "oostblokkers"],
                              venue="de Poolse winkel", stereo=["zijn allemaal dronken dieven", "pikken onze jobs af"],
                              positive=["bouwen de helft van onze huizen", "zijn harde werkers"]),
}

GENERIC_STEREO = [
    "leven allemaal van ons belastinggeld", "zijn lui en vuil", "kunnen zich nooit aanpassen",
    "verpesten elke buurt waar ze komen", "zijn een gevaar voor onze kinderen", "horen hier {nie} thuis",
    "zijn allemaal crimineel", "zijn te dom om te leren",
]
DEHUMAN = ["ratten", "ongedierte", "kakkerlakken", "beesten", "een plaag", "parasieten", "afval", "vee",
           "een kankergezwel", "bacteriën"]
CITES = ["schreef iemand onder mijn post", "las ik net op Facebook", "riep een man op de tram",
         "stond er gespoten op de muur van de school", "zei een collega vandaag", "kreeg ik als reactie op TikTok",
         "zegt die gast op X", "stond in de comments bij HLN", "hoorde mijn zoon op de speelplaats"]


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


FILLERS = [
    "Was vandaag op de markt in {P}, zalig weertje en veel volk.",
    "De trein had weer twintig minuten vertraging, zoals altijd trouwens.",
    "Zaterdag spelen de Rode Duivels, iedereen komt bij ons kijken met frietjes.",
    "Mijn dochter begint volgende week aan het middelbaar en ze is superzenuwachtig.",
    "De huurprijzen in {P} zijn echt niet meer normaal, 1100 euro voor een studio.",
    "Gisteren nog een hele avond over de verkiezingen gediscussieerd aan tafel.",
    "Op het werk is het chaos sinds de reorganisatie, niemand weet nog wie wat doet.",
    "Het nieuwe fietspad langs de vaart is eindelijk open, dat was tijd.",
    "Ik heb net de laatste aflevering gezien en ik ben er nog niet goed van.",
    "De bib van {P} heeft nu ook zondag open, echt een aanrader.",
    "Onze hond heeft de hele nacht geblaft door het vuurwerk van de buren.",
    "Deze week drie keer naar de fitness geweest, ik ben trots op mezelf.",
    "Het was weer file van Mechelen tot aan de Kennedytunnel, niet te doen.",
    "Mijn oma wordt morgen negentig en we geven een groot feest in de parochiezaal.",
    "De gemeenteraad van {P} stemt volgende maand over het nieuwe parkeerplan.",
    "Na de match nog iets gaan drinken op het plein, de sfeer was top.",
    "De prijzen in de supermarkt blijven maar stijgen, een brood kost bijna vier euro.",
    "Volgende week is het examenperiode, dus ik ben even offline.",
    "Gisteren het journaal gezien over Gaza, heel zwaar om naar te kijken.",
    "Het park in {P} ligt er mooi bij sinds de renovatie.",
]


def _long(core: str, rng: random.Random, place: str) -> str:
    """Embed one core sentence among benign filler sentences (40-60 words)."""
    parts = [core]
    fillers = rng.sample(FILLERS, 5)
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
            text = f"{_pick(rng, PREFIX[voice])} {text}"
        if rng.random() < 0.3:
            text = f"{text} {_pick(rng, SUFFIX[voice])}"
        if rng.random() < 0.3:
            text = "@USER " + text
    if rng.random() < 0.35:
        text += " " + "".join(rng.sample(EMOJI, rng.randint(1, 3)))
    if rng.random() < 0.2:
        text += " " + " ".join(rng.sample(HASHTAGS, rng.randint(1, 2)))
    if rng.random() < 0.12:
        text = _typo(text, rng)
    if len(text.split()) < 3:
        text = f"{text} {_pick(rng, SUFFIX[voice])}"
    r = rng.random()
    if r < 0.45:
        text = text.lower()
    elif r < 0.5:
        text = text.upper()
    elif r < 0.8:
        text = text[0].upper() + text[1:]
    return text


# --------------------------------------------------------------------------- group frames
# Each frame: a hateful version and benign versions of the same sentence (minimal pairs).
# Slots: {G} group noun, {S} slur, {X} stereotype, {D} dehumanising noun, {P} place, {V} venue,
# {T} time, {W} weapon, {C} how the hateful sentence was met, {POS} a positive predicate,
# plus the voice slots. {H} in quote/report templates is the hateful sentence of the frame.
FRAMES = [
    dict(name="derog", hate=("hateful_derog", [
        "{G} in {P} zijn {echt} het laagste van het laagste",
        "die {G} zijn een schande voor {P}",
        "{G} zijn minderwaardig, {da} zeg ik al jaren",
        "{G}? nog nooit iets goeds van gezien, vuile bende",
        "{G} zijn hier {nie} welkom en {da} zullen ze nooit zijn",
        "ik zou mijn kind {nie} laten spelen met {G}, vuil volk",
        "{G} zijn {echt} het tuig van {P}",
        "niemand wil {G} in zijn straat, en terecht",
    ]), benign=[
        ("identity_neutral", ["{G} in {P} hebben een nieuwe vzw opgericht",
                              "er wonen veel {G} in {P}, {da} is gewoon een feit",
                              "{G} in {P} vragen meer plaats voor hun vereniging"]),
        ("identity_personal", ["mijn kind speelt elke dag met de kinderen van {G} uit de straat",
                               "gisteren met {G} uit {P} een pint gedronken na het vrijwilligerswerk",
                               "ik ben zelf een van de {G} in {P} en ik voel mij hier thuis"]),
        ("identity_positive", ["{G} in {P} zijn {echt} de beste buren die {ge} {kunt} hebben",
                               "{G} {POS}, respect",
                               "eerlijk, {G} in {P} doen zoveel voor de buurt"]),
        ("negated_hate", ["ik zeg {nie} dat {G} het laagste van het laagste zijn, integendeel",
                          "{G} zijn {nie} minderwaardig, wie {da} denkt moet eens buiten komen",
                          "nee, {G} zijn geen schande voor {P}, de mensen die {da} roepen wel"]),
        ("denounced_hate", ["wie zegt dat {G} minderwaardig zijn, mag zich diep schamen",
                            "het is walgelijk hoe sommigen over {G} in {P} praten",
                            "ik ben het zo beu, dat gescheld op {G}. stop ermee"]),
    ]),
    dict(name="dehum", hate=("hateful_dehumanise", [
        "{G} zijn {D}, meer {nie}",
        "{G} zijn gewoon {D} die {P} overnemen",
        "die {G} zijn geen mensen, het zijn {D}",
        "{P} zit vol met {G}, echte {D}",
    ]), benign=[
        ("identity_neutral", ["{G} zijn mensen, gewoon mensen, zoals {gij} en ik",
                              "{P} heeft veel {G} als inwoners, net als elke stad"]),
        ("negated_hate", ["{G} zijn {DG}, het zijn onze buren en collega's",
                          "nee, {G} zijn {DG}. het zijn mensen met een naam"]),
        ("denounced_hate", ["mensen die {G} {D} noemen, wat is er mis met jullie",
                            "{G} met {D} vergelijken is precies hoe het in de jaren '30 begon"]),
    ]),
    dict(name="stereo", hate=("hateful_stereotype", [
        "{G} {X}", "alle {G} {X}, iedereen weet {da}", "typisch, {G} {X}",
        "zoals altijd: {G} {X}",
        "{G}? die {X}, {da} weet iedereen in {P}",
        "het is {nie} racistisch om te zeggen dat {G} {X}, het is gewoon de waarheid",
    ]), benign=[
        ("identity_news", ["studie: {N} procent van de {G} in {P} heeft een vaste job",
                           "nieuw onderzoek over {G} in Vlaanderen toont grote verschillen per stad",
                           "stad {P} lanceert project rond {G} en werk"]),
        ("negated_hate", ["'{G} {X}'? {da} is gewoon {nie} waar",
                          "neen, '{G} {X}' is een fabel. kijk naar de cijfers",
                          "{G} {X}? ik geloof er {echt} niks van"]),
        ("identity_positive", ["{G} {POS}", "veel {G} in {P} {POS}"]),
        ("identity_personal", ["mijn schoonfamilie zijn {G} en ik heb nog nooit zo'n warme mensen gekend",
                               "als een van de {G} hoor ik die vooroordelen elke week, vermoeiend"]),
        ("counter_speech_quote", ["'{G} {X}' -- nee. mijn buren zijn {G} en {da} klopt gewoon {nie}",
                                  "{C}: '{G} {X}'. en toch blijven we vriendelijk uitleggen waarom {da} {nie} klopt"]),
    ]),
    dict(name="question", hate=("hateful_question", [
        "waarom moeten wij {G} hier eigenlijk nog tolereren?",
        "wie heeft die {G} eigenlijk binnengelaten in {P}?? weg ermee",
        "waarom zijn {G} altijd zo vies en achterlijk?",
        "hoelang gaan we nog accepteren dat {G} onze straten vervuilen?",
        "wie wil er nu nog naast {G} wonen? ik {echt} {nie}",
        "zijn {G} eigenlijk wel echte mensen?",
        "wanneer sturen we die {G} eindelijk terug?",
    ]), benign=[
        ("identity_neutral", ["waarom zie je zo weinig {G} in de gemeenteraad van {P}?",
                              "weet iemand of er in {P} een vereniging voor {G} bestaat?",
                              "hoeveel {G} wonen er eigenlijk in {P}? iemand cijfers?",
                              "wanneer is het feest van de {G} in {P} dit jaar?"]),
        ("identity_news", ["vraag van de week: hoe kijken {G} in {P} naar de verkiezingen?",
                           "enquête bij {G} in {P}: wonen blijft grootste zorg"]),
        ("counter_speech_quote", ["'waarom moeten wij {G} nog tolereren?' -- omdat het mensen zijn. volgende vraag",
                                  "\"waarom zijn {G} altijd zo vies?\" {C}. wat een triestige kerel"]),
    ]),
    dict(name="opinion", hate=("hateful_opinion", [
        "ik haat {G}, altijd gedaan en ik zal {da} blijven doen",
        "ik kan {G} {nie} uitstaan, ze walgen mij",
        "{G} moeten gewoon oprotten uit {P}",
        "eerlijk? ik wil geen {G} meer zien in {P}",
        "ik walg van {G}, sorry {nie} sorry",
        "{G} zijn het ergste wat {P} ooit is overkomen",
    ]), benign=[
        ("negated_hate", ["ik haat {G} {nie}, ik ken er gewoon te weinig",
                          "ik heb {niks} tegen {G}, integendeel",
                          "ik haat {G} niet. ik haat mensen die haten"]),
        ("identity_personal", ["mijn buren zijn {G} en ze hebben ons gisteren soep gebracht",
                               "mijn beste vrienden op school zijn {G}",
                               "ik werk al tien jaar samen met {G} en ik zou {nie} anders willen"]),
        ("identity_positive", ["ik wil net méér {G} zien in {P}, in de politiek en op tv",
                               "{G} horen bij {P}, punt"]),
    ]),
    dict(name="slur", hate=("hateful_slur", [
        "weer die {S} aan {SP} {E}",
        "{S} buiten",
        "{S} moeten oprotten uit {P}",
        "vuile {S}",
        "die {S} verpesten {P} compleet",
        "heel {P} zit vol {S}",
    ]), benign=[
        ("identity_neutral", ["weer die {G} aan {SP}, gezellig druk vandaag",
                              "{G} in {P}, een reportage op tv vanavond"]),
        ("counter_speech_quote", ["iemand riep '{S}' naar mijn buurvrouw in {P}. walgelijk, dit is {nie} oké",
                                  "'{S} buiten' {C}. zo triest. {G} zijn hier thuis",
                                  "\"{S}\"... {echt}? in 2026? schaam {u}",
                                  "noem {G} nooit '{S}', {da} woord doet pijn"]),
        ("counter_speech_report", ["reactie met '{S}' erin gemeld bij de moderators van de groep",
                                   "dit account scheldt {G} uit voor '{S}'. gerapporteerd, doe hetzelfde aub",
                                   "klacht ingediend bij Unia voor een post die {G} '{S}' noemt"]),
    ]),
    dict(name="report", hate=("hateful_derog", [
        "{G} zijn {D} en {G} {X}",
        "{G} {X}, en dan nog klagen ook",
        "'{G} {X}' {C}. eindelijk iemand die het durft te zeggen",
        "\"{G} zijn {D}\" -- hard, maar {echt} waar",
        "{C}: '{G} {X}'. helemaal mee eens",
        "mijn opa zei altijd '{G} {X}' en hij had gelijk",
    ]), benign=[
        ("counter_speech_report", ["post gemeld: '{G} {X}'. dit is gewoon haat",
                                   "screenshot gemaakt van iemand die schrijft dat {G} {D} zijn en doorgestuurd naar Unia",
                                   "gerapporteerd: '{G} {X}'. hoe staat dit nog online"]),
        ("counter_speech_quote", ["'{G} {X}' {C}. nee, gewoon nee",
                                  "\"{G} zijn {D}\" -- {da} is haat en {da} weet {ge} zelf ook",
                                  "{C}: '{G} {X}'. laat ons {da} samen tegenspreken"]),
        ("denounced_hate", ["zeggen '{G} {X}' is pure haat, en haat hoort {nie} in {P}",
                            "ik veroordeel elke uitspraak dat {G} {D} zijn"]),
    ]),
    dict(name="threat", hate=("threat_group", [
        "we gaan die {G} in {P} allemaal afmaken, {T}",
        "{T} komen we {W} naar {V}, vuile {G}",
        "wij vinden jullie wel, {G}. {T} is het gedaan met jullie",
        "alle {G} die ik {T} in {P} zie, steek ik neer",
        "{T} gaan we {W} naar {P} en dan zijn er geen {G} meer",
        "{T} wacht ik {W} op de eerste {G} die in mijn straat komt wonen",
        "jullie {G} zijn {T} allemaal dood, let maar op",
    ]), benign=[
        ("identity_neutral", ["we gaan die {G} in {P} allemaal uitnodigen, {T}",
                              "{T} komen we met taart naar {V}, beste {G}"]),
        ("violence_news", ["politie onderzoekt bedreigingen tegen {G} in {P}",
                           "man opgepakt na bedreigingen aan {V} in {P}",
                           "parket {P}: dreigbrief aan {V} wordt ernstig genomen"]),
        ("counter_speech_report", ["iemand schreef 'we gaan die {G} in {P} allemaal afmaken'. aangegeven bij de politie",
                                   "bedreiging tegen {V} in {P} gemeld, screenshots bijgehouden"]),
    ]),
    dict(name="call", hate=("call_violence_group", [
        "steek {V} in brand, met die {G} erin",
        "iemand moet die {G} eens {W} een lesje leren",
        "knal ze allemaal af, die {G}",
        "gooi alle {G} in zee, dan zijn we ervan af",
        "gewoon {W} naar {V} in {P}, klaar met die {G}",
        "wie gaat er mee {T}? {G} opjagen in {P}",
        "die {G} moeten ze allemaal ophangen",
        "tijd om {V} in {P} plat te leggen, weg met die {G}",
    ]), benign=[
        ("identity_neutral", ["steek een kaarsje aan in {V} voor de {G} van {P}",
                              "iemand moet die {G} eens een prijs geven voor hun werk"]),
        ("violence_news", ["brand bij {V} in {P}: parket onderzoekt brandstichting",
                           "onderzoek naar aanval op {G} in {P}, twee verdachten opgepakt"]),
        ("denounced_hate", ["wie oproept om {G} iets aan te doen, hoort in de cel",
                            "oproepen tot geweld tegen {G} moeten keihard bestraft worden"]),
        ("counter_speech_quote", ["'die {G} moeten ze allemaal ophangen' {C}. dit is een oproep tot geweld, aangifte gedaan",
                                  "{C}: 'knal ze allemaal af, die {G}'. wie zoiets schrijft hoort in de cel"]),
    ]),
]

SHORT_HATE = [("hateful_slur", "{S} 🤮"), ("hateful_slur", "{S} eruit"), ("hateful_opinion", "weg met {G}"),
              ("hateful_opinion", "ik haat {G}"), ("hateful_dehumanise", "{G} = {D}"),
              ("call_violence_group", "dood aan {G}"), ("call_violence_group", "vergas die {G}")]
SHORT_BENIGN = [("identity_positive", "{G} welkom ❤️"), ("identity_positive", "trots op onze {G}"),
                ("negated_hate", "ik haat {G} {nie}"), ("counter_speech_quote", "'{S}'?? schaam {u}"),
                ("identity_neutral", "{G} in {P}"), ("denounced_hate", "stop de haat tegen {G}"),
                ("counter_speech_quote", "'dood aan {G}'? nee.")]


def _slots(rng, voice, group, g):
    slots = dict(VOICES[voice])
    slots["niks"] = "niks" if voice != "nl_nl" else "niets"
    noun = _pick(rng, g["nouns"])
    slur = _pick(rng, g["slurs"])
    obf = rng.random() < 0.12
    if obf:
        if rng.random() < 0.5:
            noun = obfuscate(noun, rng)
        else:
            slur = obfuscate(slur, rng)
    place = _pick(rng, PLACES)
    slots.update(G=noun, S=slur, X=_pick(rng, g["stereo"] + GENERIC_STEREO).format(**slots),
                 D=(d := _pick(rng, DEHUMAN)), DG="geen " + d.removeprefix("een "), P=place, V=g["venue"], T=_pick(rng, TIMES), W=_pick(rng, WEAPONS),
                 C=_pick(rng, CITES), POS=_pick(rng, g["positive"]), SP=_pick(rng, SPOTS),
                 E=_pick(rng, ["🤮", "😡", "🐀", "🙄", "💩", "smh"]), N=rng.randint(40, 75))
    return slots, obf


def _group_posts(rng: random.Random, reps: int):
    out = []
    for gname, g in GROUPS.items():
        for frame in FRAMES:
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
            k, t = _pick(rng, SHORT_HATE)
            out.append(dict(text=_decorate(t.format(**slots), rng, voice, slots["P"], allow_long=False), kind=k,
                            labels=LABELS_OF_KIND[k], target=gname, variety=voice, pair=pair))
            k, t = _pick(rng, SHORT_BENIGN)
            out.append(dict(text=_decorate(t.format(**slots), rng, voice, slots["P"], allow_long=False), kind=k,
                            labels=LABELS_OF_KIND[k], target=gname, variety=voice, pair=pair))
    return out


# --------------------------------------------------------------------------- threats vs look-alikes
PERSONS = ["die gast van hiernaast", "mijn ex", "die leraar", "die scheidsrechter", "die kapper",
           "die buurman met zijn bmw", "die collega van de boekhouding", "die gast van de snackbar",
           "die manager", "die chauffeur van lijn 3", "die influencer", "die youtuber"]
THREAT_FRAMES = [
    dict(name="kill", hate=("threat_individual", [
        "ik maak {u} af {T}, reken maar",
        "ik steek {u} neer aan {SP} {T}",
        "ik ga {PER} {T} {W} afmaken",
        "{T} schiet ik {PER} neer, ik zweer het",
        "ik sla {uw} kop in {W} als ik {u} {T} zie",
        "{PER} gaat {T} een kogel krijgen, ik meen het",
        "ik rij {PER} {T} gewoon dood aan {SP}",
        "ik sta {T} aan {uw} deur {W}, {ge} {zijt} gewaarschuwd",
        "{PER} overleeft deze week {nie}, ik zweer het op mijn moeder",
    ]), benign=[
        ("violence_figurative", ["ik vermoord {u} als {ge} weer te laat {zijt} 😂",
                                 "{PER} heeft mij {echt} afgemaakt met die mop, ik lig dood 💀",
                                 "ik kan een moord doen voor een pak friet {T}",
                                 "die examenvraag heeft mij afgemaakt",
                                 "dit liedje maakt mij kapot, {echt} te mooi",
                                 "{PER} gaat mij vermoorden als ik {T} weer te laat ben lol",
                                 "ik sta {T} aan {uw} deur met taart, {ge} {zijt} gewaarschuwd 🎂"]),
        ("violence_news", ["politie meldt steekpartij aan {SP} in {P}, één gewonde",
                           "man opgepakt na schietpartij in {P}, parket onderzoekt",
                           "rechtbank {P} veroordeelt man voor doodslag op zijn buurman"]),
    ]),
    dict(name="cond", hate=("threat_conditional", [
        "als {ge} nog ene keer over mijn zus begint, snij ik {uw} keel door",
        "als {PER} nog eens in {P} komt, is hij dood",
        "kom nog ene keer aan mijn auto en ik breek al {uw} botten",
        "als ik {u} {T} aan {SP} zie, beland {ge} in het ziekenhuis",
        "als {PER} mij nog eens belt, steek ik hem {W} overhoop",
        "nog één bericht en ik kom {u} halen {W}",
    ]), benign=[
        ("violence_figurative", ["als {ge} nog ene keer spoilt, vermoord ik {u} 😂",
                                 "als {PER} nog eens zo'n mop vertelt, ga ik dood van het lachen",
                                 "als die wifi nog eens uitvalt, gooi ik de router door het raam lol"]),
        ("offensive_individual", ["als {ge} nog ene keer over mijn zus begint: {ge} {zijt} {echt} een klootzak",
                                  "{PER} is {echt} de grootste idioot van {P}"]),
    ]),
    dict(name="veiled", hate=("threat_veiled", [
        "kijk maar goed uit als {ge} {T} naar huis fietst",
        "ik weet waar {ge} {woont}. slaap maar zacht",
        "het zou jammer zijn moest {uw} auto {T} afbranden",
        "{ge} {zult} {nie} lang meer lachen, geloof mij",
        "ik weet naar welke school {uw} kinderen gaan. gewoon zodat {ge} het weet",
        "let maar op {uw} rug, {PER}",
        "{ge} {zult} {T} wel zien wat er gebeurt met mensen zoals {gij}",
        "zeg maar al dag tegen {uw} familie",
        "ik ken mensen die {u} {T} komen opzoeken. {ge} {moogt} raden waarom",
    ]), benign=[
        ("violence_figurative", ["kijk maar goed uit als {ge} {T} naar huis fietst, het gaat gladde wegen geven",
                                 "let op {uw} rug bij het verhuizen, dozen niet te zwaar maken"]),
        ("violence_news", ["politie waarschuwt voor gladde wegen in {P} {T}",
                           "brand in {P}: auto volledig uitgebrand, niemand gewond"]),
    ]),
]
SPORT = ["we hebben {TEAM} afgemaakt, {SC}!", "{TEAM} werd volledig vernietigd {SC}",
         "{TEAM} gaat {TEAM2} zondag kapotspelen", "schieten!!! waarom schiet hij nu {nie}",
         "aanvallen, aanvallen, {TEAM}!", "{TEAM} afgeslacht op eigen veld, {SC}",
         "wat een knal van afstand, doelman kansloos", "we gaan {TEAM2} {T} helemaal verpletteren",
         "{TEAM} heeft {TEAM2} gewoon afgeslacht {SC}, wat een match", "die penalty was een moord op het voetbal",
         "de Rode Duivels gaan ze kapotmaken {T}", "les Diables Rouges vont les écraser, c'est sûr"]
GAMES = ["heb die gast 3 keer gesniped in Fortnite lol", "headshot!! hij had geen kans in CS",
         "ik ben weer vermoord door een creeper in minecraft", "we hebben de hele server uitgemoord in Warzone",
         "mijn zus heeft mij afgemaakt in Mario Kart 😤", "killstreak van 12 in CoD {T}",
         "die boss in Elden Ring heeft mij 40 keer gedood"]
FIGURATIVE = ["mijn voeten vermoorden mij na die wandeling", "ik kan een moord doen voor een koffie",
              "die presentatie, ik ben gesneuveld", "die deadline gaat mij {echt} de das omdoen",
              "ik schiet mezelf in de voet met die planning", "die mop 💀 ik lig dood",
              "ze heeft die battle volledig gekilled", "die outfit is moordend 🔥",
              "ik sterf van de honger", "die zanger slaat alles dood vanavond"]
NEWS = ["politie meldt steekpartij in {P}, één gewonde", "schietpartij in {P}: twee verdachten opgepakt",
        "Gaza: opnieuw tientallen doden na bombardementen", "proces over moord in {P} begint {T}",
        "brandstichting aan {V} in {P}, parket opent onderzoek", "jongeman neergestoken aan {SP} in {P}",
        "explosie aan woning in {P}, politie vermoedt drugsmilieu", "rellen na de match in {P}, tien arrestaties"]


def _threat_posts(rng: random.Random, reps: int):
    out = []
    for frame in THREAT_FRAMES:
        hkind, htpls = frame["hate"]
        for r in range(reps):
            voice = _voice(rng)
            slots = dict(VOICES[voice], T=_pick(rng, TIMES), W=_pick(rng, WEAPONS), SP=_pick(rng, SPOTS),
                         P=_pick(rng, PLACES), PER=_pick(rng, PERSONS))
            pair = f"nl:threat:{frame['name']}:{r}"
            out.append(dict(text=_decorate(_pick(rng, htpls).format(**slots), rng, voice, slots["P"]), kind=hkind,
                            labels=LABELS_OF_KIND[hkind], target=None, variety=voice, pair=pair))
            bkind, btpls = _pick(rng, frame["benign"])
            out.append(dict(text=_decorate(_pick(rng, btpls).format(**slots), rng, voice, slots["P"]), kind=bkind,
                            labels=LABELS_OF_KIND[bkind], target=None, variety=voice, pair=pair))
    for r in range(reps * 2):
        voice = _voice(rng)
        t1, t2 = rng.sample(TEAMS, 2)
        slots = dict(VOICES[voice], TEAM=t1, TEAM2=t2, SC=f"{rng.randint(2, 6)}-{rng.randint(0, 1)}",
                     T=_pick(rng, TIMES), P=_pick(rng, PLACES), SP=_pick(rng, SPOTS),
                     V=_pick(rng, ["de moskee", "de synagoge", "de kerk", "het asielcentrum", "het jeugdhuis", "het café"]))
        for kind, bank in (("violence_sport", SPORT), ("violence_sport", GAMES), ("violence_figurative", FIGURATIVE),
                           ("violence_news", NEWS)):
            if rng.random() < 0.6:
                out.append(dict(text=_decorate(_pick(rng, bank).format(**slots), rng, voice, slots["P"]),
                                kind=kind, labels=ZERO, target=None, variety=voice))
    return out


# --------------------------------------------------------------------------- politics, insults, profanity
POLITICAL = {
    "left_wing": ["linksen", "wokies", "de linkse kerk", "salonsocialisten", "linkse activisten"],
    "right_wing": ["rechtsen", "extreemrechtsen", "flaminganten", "rechtse populisten"],
    "n_va_voters": ["N-VA-stemmers", "N-VA'ers", "Bart zijn fans"],
    "vlaams_belang_voters": ["Belangers", "VB-stemmers", "Vlaams Belang-kiezers"],
    "pvv_voters": ["PVV-stemmers", "Wilders-fans"],
    "green_voters": ["Groen-kiezers", "klimaatactivisten", "GroenLinksers"],
    "pvda_voters": ["PVDA'ers", "communisten", "PTB-kiezers"],
    "politicians": ["politici", "de mannen in de Wetstraat", "Den Haag", "de regering"],
    "journalists": ["journalisten", "de media", "de VRT"],
    "elite": ["de elite", "de rijken", "de multinationals"],
}
POLAR_T = [
    "{G} maken dit land kapot", "met {G} valt {nie} te praten, {da} zijn de vijanden van het volk",
    "wij werken ons kapot en {G} lachen ons uit", "{G} willen ons land verkopen, wakker worden mensen",
    "het is wij tegen zij: {G} of gewone mensen", "{G} haten alles wat Vlaams is",
    "{G} zullen pas tevreden zijn als alles kapot is", "nooit vergeten wat {G} ons hebben aangedaan",
    "{G} denken alleen aan zichzelf, nooit aan ons", "elke {G} is medeplichtig aan deze chaos",
]
POLAR_INSULT_T = ["{G} zijn allemaal idioten en leugenaars", "{G} zijn hersenloze schapen",
                  "die achterlijke {G} snappen er {echt} niks van", "{G} zijn zakkenvullers, stuk voor stuk"]
CIVIL_T = ["ik ben het oneens met {G} over de pensioenen, maar ik snap hun punt",
           "{G} hebben een punt over wonen, al vind ik hun oplossing te duur",
           "debat gisteren met {G} was stevig maar respectvol",
           "ik stem {nie} zoals {G}, maar ik wil wel weten waarom zij zo denken",
           "goeie vraag van {G} in de gemeenteraad van {P}, antwoord van de schepen overtuigt mij {nie}",
           "{G} en ik zijn het over bijna niks eens, en toch drinken we samen een pint",
           "kritiek op {G} mag, maar hou het bij de inhoud"]
INSULTS = ["{ge} {zijt} {echt} de domste mens die ik ken", "wat een sukkel {zijt} gij",
           "hou {uw} bek, klootzak", "{PER} is een waardeloze zakkenwasser", "{ge} {zijt} een triestige loser",
           "{ge} {zijt} zo lelijk als de nacht", "wat een idioot, {da} {PER}", "{uw} mening is kak, net als gij",
           "{PER} is een verwend nest", "stomme trut, leer eerst lezen", "{ge} {zijt} een mislukte clown, stop met posten"]
PROFANITY = ["godverdomme wat een weer", "kut, trein weer te laat", "tering wat een file op de ring",
             "shit, sleutels vergeten", "verdomme, weer een parkeerboete", "fuck deze maandag",
             "potverdomme wat is {da} duur geworden", "kanker, mijn fiets is weer gestolen",
             "klote examen, ik heb niks gekund", "wat een kutweer in {P}", "tering mattie, wat een match",
             "amai zeg, de kutbus is weer nie gekomen", "jezus christus, die prijzen"]


CROSS_T = ["{G} maken {P} kapot", "{G} zullen pas tevreden zijn als alles kapot is",
           "met {G} valt {nie} te praten, {da} zijn vijanden", "wij werken ons kapot en {G} lachen ons uit",
           "het is wij tegen zij: {G} of gewone mensen", "{G} denken alleen aan zichzelf, nooit aan ons"]
PLAIN = [("{ge} {zijt} {echt} de domste mens die ik ken", "ik denk dat {ge} u hier vergist, eerlijk gezegd"),
         ("hou {uw} bek, klootzak", "laat me even uitspreken aub"),
         ("{PER} is een waardeloze zakkenwasser", "{PER} heeft het vandaag {echt} niet goed gedaan"),
         ("wat een idioot, {da} {PER}", "{PER} had {echt} een rare dag vandaag"),
         ("{ge} {zijt} een mislukte clown, stop met posten", "ik ben het {nie} eens met {uw} posts, maar oké"),
         ("stomme trut, leer eerst lezen", "lees het artikel misschien eerst even helemaal"),
         ("tering wat een file op de ring", "wat een file op de ring vandaag"),
         ("kut, trein weer te laat", "trein weer te laat, jammer"),
         ("godverdomme wat een weer", "amai wat een weer vandaag")]


def _cross_posts(rng: random.Random, reps: int):
    """The same us-vs-them sentence about a protected group (hateful) and a political group (polarising only)."""
    out = []
    for r in range(reps):
        voice = _voice(rng)
        gname = _pick(rng, list(GROUPS))
        pname = _pick(rng, list(POLITICAL))
        tpl = _pick(rng, CROSS_T)
        place = _pick(rng, PLACES)
        pair = f"nl:cross:{r}"
        for kind, target, noun, labels in (("hateful_derog", gname, _pick(rng, GROUPS[gname]["nouns"]), HATE),
                                           ("polarising_vilification", pname, _pick(rng, POLITICAL[pname]), POLAR)):
            slots = dict(VOICES[voice], G=noun, P=place)
            out.append(dict(text=_decorate(tpl.format(**slots), rng, voice, place), kind=kind, labels=labels,
                            target=target, variety=voice, pair=pair))
    return out


def _plain_posts(rng: random.Random, reps: int):
    """Insults and profanity paired with a plain rewrite (kind civil_disagreement, meta.plain)."""
    out = []
    for r in range(reps):
        voice = _voice(rng)
        slots = dict(VOICES[voice], PER=_pick(rng, PERSONS), P=_pick(rng, PLACES))
        rude, plain = _pick(rng, PLAIN)
        kind = "offensive_individual" if "{" in rude or "trut" in rude else "offensive_profanity"
        pair = f"nl:plain:{r}"
        out.append(dict(text=_decorate(rude.format(**slots), rng, voice, slots["P"]), kind=kind, labels=OFFENSIVE,
                        target=None, variety=voice, pair=pair))
        out.append(dict(text=_decorate(plain.format(**slots), rng, voice, slots["P"]), kind="civil_disagreement",
                        labels=ZERO, target=None, variety=voice, pair=pair, meta={"plain": True}))
    return out


def _politics_posts(rng: random.Random, reps: int):
    out = []
    for gname, nouns in POLITICAL.items():
        for r in range(reps):
            voice = _voice(rng)
            slots = dict(VOICES[voice], G=_pick(rng, nouns), P=_pick(rng, PLACES))
            pair = f"nl:pol:{gname}:{r}"
            if rng.random() < 0.75:
                text, labels = _pick(rng, POLAR_T), POLAR
            else:
                text, labels = _pick(rng, POLAR_INSULT_T), POLAR_INSULT
            out.append(dict(text=_decorate(text.format(**slots), rng, voice, slots["P"]), kind="polarising_vilification",
                            labels=labels, target=gname, variety=voice, pair=pair))
            out.append(dict(text=_decorate(_pick(rng, CIVIL_T).format(**slots), rng, voice, slots["P"]),
                            kind="civil_disagreement", labels=ZERO, target=gname, variety=voice, pair=pair))
    return out


def _offensive_posts(rng: random.Random, n: int):
    out = []
    for r in range(n):
        voice = _voice(rng)
        slots = dict(VOICES[voice], PER=_pick(rng, PERSONS), P=_pick(rng, PLACES))
        out.append(dict(text=_decorate(_pick(rng, INSULTS).format(**slots), rng, voice, slots["P"]),
                        kind="offensive_individual", labels=OFFENSIVE, target=None, variety=voice))
        out.append(dict(text=_decorate(_pick(rng, PROFANITY).format(**slots), rng, voice, slots["P"]),
                        kind="offensive_profanity", labels=OFFENSIVE, target=None, variety=voice))
    return out


def _written_posts():
    if not WRITTEN.exists():
        return []
    out = []
    with WRITTEN.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = (row.get("text") or "").strip()
            if not text:
                continue
            labels = {}
            for n in ("hateful", "offensive", "polarising", "violent"):
                v = (row.get(n) or "").strip()
                labels[n] = int(v) if v != "" else None
            out.append(dict(text=text, kind=row["kind"].strip(), labels=labels,
                            target=(row.get("target") or "").strip() or None,
                            variety=(row.get("variety") or "").strip(), origin="written"))
    return out


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
