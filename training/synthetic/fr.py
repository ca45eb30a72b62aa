"""Synthetic contrastive posts in French (Belgian French and France French, incl. verlan and
banlieue slang), polarscan issue 8.

Everything here (templates, word lists, slur list) was written for polarscan; nothing is copied or
translated from a test suite or a public data set. ``generate(rng)`` builds minimal pairs: the same
frame and the same group as hateful / violent and as neutral, positive, negated, denounced,
counter-speech (quoting and reporting the hateful sentence) or news versions, plus threats against
individuals and their look-alikes (figurative, sport, news, games), political polarisation and
civil disagreement, insults and profanity, and the hand-written posts of
``datasets/synthetic/written_fr.csv``.

Content warning: hateful sentences and slurs are written out on purpose (detection training data).
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

WRITTEN = Path(__file__).resolve().parents[2] / "datasets" / "synthetic" / "written_fr.csv"

# label sets -------------------------------------------------------------------------------------
ZERO = {"hateful": 0, "offensive": 0, "polarising": 0, "violent": 0}
HATE = {"hateful": 1, "offensive": 1, "polarising": 1, "violent": 0}
HATE_VIOL = {"hateful": 1, "offensive": 1, "polarising": 1, "violent": 1}
THREAT_IND = {"hateful": 0, "offensive": 1, "polarising": 0, "violent": 1}
OFFENSIVE = {"hateful": 0, "offensive": 1, "polarising": 0, "violent": 0}
POLAR = {"hateful": 0, "offensive": None, "polarising": 1, "violent": 0}
POLAR_INSULT = {"hateful": 0, "offensive": 1, "polarising": 1, "violent": 0}

# places: (name, variety) --------------------------------------------------------------------------
PLACES = [
    ("Molenbeek", "belgian_fr"), ("Bruxelles", "belgian_fr"), ("Schaerbeek", "belgian_fr"),
    ("Anderlecht", "belgian_fr"), ("Charleroi", "belgian_fr"), ("Liège", "belgian_fr"),
    ("Namur", "belgian_fr"), ("Mons", "belgian_fr"), ("Verviers", "belgian_fr"),
    ("Anvers", "belgian_fr"), ("Malines", "belgian_fr"), ("Saint-Gilles", "belgian_fr"),
    ("Forest", "belgian_fr"), ("Seraing", "belgian_fr"), ("La Louvière", "belgian_fr"),
    ("Ixelles", "belgian_fr"), ("Etterbeek", "belgian_fr"), ("Tournai", "belgian_fr"),
    ("Marseille", "fr_fr"), ("Saint-Denis", "fr_fr"), ("Roubaix", "fr_fr"), ("Lille", "fr_fr"),
    ("Lyon", "fr_fr"), ("Paris", "fr_fr"), ("Toulouse", "fr_fr"), ("Nice", "fr_fr"),
]

# protected groups -----------------------------------------------------------------------------
# les: plural noun phrases starting with "les " (des/aux forms derive from them); un: singular;
# etq: first-person identity; tous: agreement; cat: "ethn" (origin, religion, race) or "soc";
# slurs: (singular, plural) slurs / coded terms used in hateful_slur and quoted in counter-speech.
GROUPS = {
    "muslims": dict(les=["les musulmans", "les musulmans", "les muslims", "les musulmanes voilées"],
                    un="un musulman", etq="En tant que musulman", tous="tous", cat="ethn",
                    slurs=[("barbu", "barbus"), ("mouton de l'Aïd", "moutons de l'Aïd")],
                    place_word="la mosquée", rel=True),
    "jews": dict(les=["les juifs", "les juifs", "les feujs", "les juifs d'Anvers"],
                 un="un juif", etq="En tant que juive", tous="tous", cat="ethn",
                 slurs=[("youpin", "youpins"), ("youtre", "youtres")], place_word="la synagogue", rel=True),
    "christians": dict(les=["les chrétiens", "les catholiques", "les chrétiens"],
                       un="un chrétien", etq="En tant que chrétienne", tous="tous", cat="ethn",
                       slurs=[("calotin", "calotins"), ("grenouille de bénitier", "grenouilles de bénitier")],
                       place_word="l'église", rel=True),
    "arabs": dict(les=["les Arabes", "les rebeus", "les Arabes", "les beurs"],
                  un="un rebeu", etq="En tant qu'Arabe", tous="tous", cat="ethn",
                  slurs=[("bougnoule", "bougnoules"), ("bicot", "bicots"), ("crouille", "crouilles")]),
    "moroccans": dict(les=["les Marocains", "les Marocains", "les Belgo-Marocains", "les Marocains de Bruxelles"],
                      un="un Marocain", etq="En tant que Belgo-Marocaine", tous="tous", cat="ethn",
                      slurs=[("bougnoule", "bougnoules"), ("bicot", "bicots")]),
    "turks": dict(les=["les Turcs", "les Belgo-Turcs", "les Turcs"], un="un Turc",
                  etq="En tant que Turc de Belgique", tous="tous", cat="ethn",
                  slurs=[("kebab", "kebabs")]),
    "black_people": dict(les=["les Noirs", "les renois", "les personnes noires", "les blacks"],
                         un="un renoi", etq="En tant que femme noire", tous="tous", cat="ethn",
                         slurs=[("négro", "négros"), ("macaque", "macaques"), ("bamboula", "bamboulas")]),
    "sub_saharan_africans": dict(les=["les Africains", "les Congolais", "les Africains subsahariens",
                                      "les Sénégalais"],
                                 un="un Congolais", etq="En tant que Congolais", tous="tous", cat="ethn",
                                 slurs=[("bamboula", "bamboulas"), ("négro", "négros")]),
    "migrants": dict(les=["les migrants", "les sans-papiers", "les personnes migrantes", "les immigrés"],
                     un="un sans-papiers", etq="En tant qu'ancien sans-papiers", tous="tous", cat="ethn",
                     slurs=[("clandestin", "clandestins"), ("envahisseur", "envahisseurs"),
                            ("chance pour la France", "chances pour la France")]),
    "refugees": dict(les=["les réfugiés", "les demandeurs d'asile", "les réfugiés syriens", "les réfugiés afghans"],
                     un="un réfugié", etq="En tant que réfugiée", tous="tous", cat="ethn",
                     slurs=[("faux réfugié", "faux réfugiés"), ("touriste de l'asile", "touristes de l'asile")]),
    "roma": dict(les=["les Roms", "les gens du voyage", "les Roms"], un="un Rom", etq="En tant que Rom",
                 tous="tous", cat="ethn", slurs=[("romano", "romanos"), ("voleur de poules", "voleurs de poules")]),
    "asians": dict(les=["les Asiatiques", "les Chinois", "les Asiatiques", "les Vietnamiens"],
                   un="un Asiatique", etq="En tant qu'Asiatique", tous="tous", cat="ethn",
                   slurs=[("chinetoque", "chinetoques"), ("niakoué", "niakoués")]),
    "amazigh": dict(les=["les Amazighs", "les Berbères", "les Rifains"], un="un Rifain",
                    etq="En tant qu'Amazigh", tous="tous", cat="ethn", slurs=[("bougnoule", "bougnoules")]),
    "gay_people": dict(les=["les gays", "les homos", "les homosexuels", "les lesbiennes"],
                       un="un gay", etq="En tant que gay", tous="tous", cat="soc",
                       slurs=[("pédé", "pédés"), ("tarlouze", "tarlouzes"), ("tapette", "tapettes")]),
    "trans_people": dict(les=["les personnes trans", "les femmes trans", "les personnes trans"],
                         un="une personne trans", etq="En tant que femme trans", tous="toutes", cat="soc",
                         slurs=[("travelo", "travelos")]),
    "women": dict(les=["les femmes", "les meufs", "les femmes"], un="une femme", etq="En tant que femme",
                  tous="toutes", cat="soc", slurs=[("pouffiasse", "pouffiasses"), ("femelle", "femelles")]),
    "disabled_people": dict(les=["les personnes handicapées", "les handicapés",
                                 "les personnes en situation de handicap"],
                            un="une personne handicapée", etq="En tant que personne en fauteuil", tous="tous",
                            cat="soc", slurs=[("gogol", "gogols"), ("mongol", "mongols")]),
    "elderly": dict(les=["les personnes âgées", "les seniors", "les vieux", "les pensionnés"],
                    un="une personne âgée", etq="En tant que pensionné", tous="tous", cat="soc",
                    slurs=[("vieux croulant", "vieux croulants"), ("fossile", "fossiles")]),
}

# political / non-protected out-groups -------------------------------------------------------
OUTGROUPS = {
    "left_wing": ["les gauchistes", "les gens de gauche", "les islamo-gauchistes", "les wokes"],
    "right_wing": ["les militants d'extrême droite", "les fachos", "les gens de droite"],
    "politicians": ["les politiciens", "nos ministres", "les députés", "les bourgmestres"],
    "n_va_voters": ["les électeurs de la N-VA", "les nationalistes flamands"],
    "vlaams_belang_voters": ["les électeurs du Vlaams Belang"],
    "ps_voters": ["les électeurs du PS", "les socialistes"],
    "mr_voters": ["les électeurs du MR", "les libéraux"],
    "ecolo_voters": ["les écolos", "les électeurs d'Ecolo"],
    "rn_voters": ["les électeurs du RN", "les lepenistes"],
    "macronists": ["les macronistes"],
    "journalists": ["les journalistes", "les médias"],
    "police": ["les flics", "les policiers"],
    "rich_people": ["les riches", "les bobos d'Ixelles"],
}

# noise ----------------------------------------------------------------------------------------
EMOJI = ["😂", "🤮", "😡", "🙄", "👍", "❤️", "🔥", "😤", "🤬", "😭", "🙏", "💯", "😅", "🤔", "👀", "😒", "🇧🇪"]
HASHTAGS = ["#Bruxelles", "#Molenbeek", "#Liège", "#Charleroi", "#Belgique", "#politiquebelge", "#Ramadan",
            "#Pride", "#Gaza", "#élections2026", "#RSCA", "#Standard", "#DiablesRouges", "#asile",
            "#logement", "#école", "#migration", "#balancetonracisme", "#BXL", "#Anvers"]
OPENERS_BE = ["Allez,", "Une fois,", "Eh bien,", "Savez-vous,", "Amai,", "Ça va, hein,", "Sérieux une fois,", "Zeg,"]
OPENERS_FR = ["Wesh", "Frère,", "Sah,", "Wallah", "Bon,", "Franchement,", "Mskn,", "Jsp mais", "Genre,"]
CLOSERS_BE = ["hein", "une fois", "allez", "sais-tu", "ça va pas non", "quel brol", "hein fieu", "amai", "echt waar",
              "zeg", "allez quoi", "dikke bisous", "c'est du brol", "nondedju"]
CLOSERS_FR = ["mdr", "ptdr", "frérot", "wsh", "jpp", "sur ma vie", "c'est chaud", "starfoullah", "wallah",
              "hamdoullah", "inchallah", "bro", "literally", "khoya", "la hess", "c'est le sang"]

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
        t = (rng.choice(OPENERS_BE if variety == "belgian_fr" else OPENERS_FR) + " " + t[:1].lower() + t[1:])
    elif r < 0.22:
        t = "@USER " + t
    if rng.random() < 0.15:
        t = t.rstrip(".!") + " " + rng.choice(CLOSERS_BE if variety == "belgian_fr" else CLOSERS_FR)
    if rng.random() < 0.2:
        t = typo(t, rng)
    r = rng.random()
    if r < 0.25:
        t = t.lower()
    elif r < 0.30:
        t = t.upper()
    elif r < 0.38:
        t = t.rstrip(".") 
    if allow_emoji and rng.random() < 0.3:
        t = t + " " + "".join(rng.choice(EMOJI) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.15:
        t = t + " " + rng.choice(HASHTAGS)
    if rng.random() < 0.06:
        t = t.replace(" ", "  ", 1)
    return t


# benign filler sentences for long posts ------------------------------------------------------
FILLERS = [
    "Journée de fou au boulot, je sors à peine.", "Le tram 81 était encore en retard ce matin.",
    "Il drache depuis trois jours, quel temps de chien.", "On a mangé une mitraillette sauce samouraï à midi.",
    "Ma fille rentre de l'école avec septante euros de fournitures à payer.",
    "Le loyer a encore augmenté de nonante euros, c'est la folie.", "Vivement le week-end à la mer.",
    "J'ai enfin trouvé un kot pour mon fils à Louvain-la-Neuve.", "Le match d'Anderlecht était vraiment nul hier.",
    "Les travaux sur le ring de Bruxelles, c'est un cauchemar.", "Ce soir c'est lasagnes et série.",
    "J'ai croisé ma prof de primaire au Delhaize, trop drôle.", "Mon chef veut qu'on revienne au bureau trois jours.",
    "Le marché du Midi était blindé dimanche.", "Ramadan mubarak à ceux qui commencent demain.",
    "Les Diables Rouges jouent mardi, qui vient regarder ?", "Mon GSM est tombé dans la flotte, super.",
    "La STIB a encore changé les horaires sans prévenir.", "Les frites de la friterie du coin restent les meilleures.",
    "Mon frère cherche un appart à Liège, si quelqu'un a un plan.", "Il fait caillou ce matin, mettez un pull.",
    "Je viens de finir mes exams, enfin libre.", "On a fait un barbecue chez ma tante à Charleroi.",
    "Les élections approchent et tout le monde a un avis.", "Bon, je vais faire mes courses avant la fermeture.",
    "Le SNCB était à l'heure pour une fois, je suis choqué.", "J'ai vu les images de Gaza hier soir, ça m'a retourné.",
    "Ce matin réunion des parents à l'école, deux heures de brol.", "Mon voisin a encore laissé ses poubelles dehors.",
    "J'ai commencé la salle de sport, souhaitez-moi bonne chance.", "La Pride de Bruxelles c'est samedi.",
    "Le Standard a fait match nul, on s'en fout.", "J'adore l'ambiance du quartier le dimanche matin.",
    "Dikke merci à tous ceux qui m'ont aidé pour le déménagement.", "On cherche encore un gardien pour le five du jeudi.",
]


def long_post(core: str, rng: random.Random) -> str | None:
    """The core sentence among benign filler sentences; 40-60 words, or None."""
    fill = rng.sample(FILLERS, 8)
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


# hateful frames about protected groups ---------------------------------------------------------
# Each frame: one hateful template (its kind), and benign templates built on the same frame.
# {G} les-form, {g} des-form ("des ..."), {A} aux-form, {T} tous/toutes, {P} place, {U} singular,
# {S} plural slur, {s} singular slur, {W} place of worship. only: "ethn"/"soc"/"rel" restricts groups.
FRAMES = [
    dict(kind="hateful_derog", hate="{G} sont une plaie pour {P}, {T} sans exception.",
         benign=[("negated_hate", "Non, {G} ne sont pas une plaie pour {P}, arrêtez de généraliser."),
                 ("identity_positive", "{G} sont une chance pour {P}, {T} ceux que je connais bossent dur."),
                 ("identity_neutral", "{G} de {P} organisent une journée portes ouvertes samedi.")]),
    dict(kind="hateful_derog", hate="{G} ne servent à rien à part profiter du système.",
         benign=[("negated_hate", "Je n'ai jamais dit que {G} profitaient du système, relis mon message."),
                 ("identity_news", "Selon une étude de l'ULB, {G} paient autant d'impôts que les autres."),
                 ("identity_positive", "{G} font tourner les hôpitaux et les crèches de {P}, respect.")]),
    dict(kind="hateful_derog", hate="Franchement {G} c'est la honte de ce pays.",
         benign=[("identity_positive", "Franchement {G} c'est la fierté de ce pays."),
                 ("negated_hate", "Franchement {G} ne sont pas la honte de ce pays, c'est ce genre de post qui l'est."),
                 ("identity_neutral", "Franchement je connais mal la culture {de_G}, quelqu'un a un bon livre ?")]),
    dict(kind="hateful_derog", hate="{G}, que des parasites, rien d'autre.",
         benign=[("negated_hate", "{G} ne sont pas des parasites, ce sont nos voisins."),
                 ("identity_personal", "{etq}, on m'a déjà traité de parasite. Ça fait mal, même dix ans après."),
                 ("identity_neutral", "{G}, des voisins comme les autres, rien d'autre.")]),
    dict(kind="hateful_dehumanise", hate="{G} c'est de la vermine qui infeste {P}.",
         benign=[("negated_hate", "{G} ne sont pas de la vermine, ce sont des êtres humains comme toi."),
                 ("identity_news", "Le conseil communal de {P} a reçu des représentants {de_G} mardi."),
                 ("identity_positive", "{G} font vivre les commerces de {P}, allez les voir.")]),
    dict(kind="hateful_dehumanise", hate="{G}, ce sont des animaux, pas des humains.",
         benign=[("negated_hate", "{G}, ce sont des humains, pas des animaux. Comment on peut encore lire ça en 2026 ?"),
                 ("identity_neutral", "{G}, ce sont des gens normaux, avec des soucis normaux."),
                 ("identity_personal", "{etq}, je ne supporte plus qu'on parle de nous comme d'animaux.")]),
    dict(kind="hateful_dehumanise", hate="{G} se reproduisent comme des rats, bientôt {P} sera à eux.",
         benign=[("identity_news", "Les chiffres de Statbel montrent que la population {de_G} à {P} est stable."),
                 ("negated_hate", "Personne ne « se reproduit comme des rats », {G} ont des familles comme toi."),
                 ("identity_neutral", "Il y a pas mal de {N} à {P}, c'est un quartier mélangé.")]),
    dict(kind="hateful_dehumanise", hate="On dirait des cafards, {G}, {ils} sont partout à {P}.",
         benign=[("identity_neutral", "On voit beaucoup de {N} à {P}, et alors ? C'est une ville ouverte."),
                 ("negated_hate", "Comparer {G} à des cafards ? Non. Jamais. Ce sont des gens.")]),
    dict(kind="hateful_stereotype", hate="{G} sont {T} des voleurs, c'est dans leur nature.", only="ethn",
         benign=[("negated_hate", "{G} ne sont pas des voleurs, il y a des voleurs partout, point."),
                 ("identity_positive", "{G} que je connais sont les gens les plus honnêtes du quartier."),
                 ("identity_news", "Un rapport d'Unia démonte le cliché selon lequel {G} voleraient plus que les autres.")]),
    dict(kind="hateful_stereotype", hate="{G}, ça ne bosse jamais, ça vit des allocs.",
         benign=[("negated_hate", "Arrête avec « ça vit des allocs », {G} bossent autant que toi."),
                 ("identity_news", "Le taux d'emploi {de_G} a progressé à {P} selon Actiris."),
                 ("identity_personal", "{etq}, je me lève à cinq heures pour aller bosser, comme tout le monde.")]),
    dict(kind="hateful_stereotype", hate="Tout le monde sait que {G} sont violents et dangereux.", only="ethn",
         benign=[("negated_hate", "Non, {G} ne sont pas violents. Les stats ne disent pas ça."),
                 ("identity_neutral", "Tout le monde sait que {G} de {P} tiennent les meilleurs snacks du coin 😄"),
                 ("identity_news", "Une enquête du Soir montre que les violences visant {G} augmentent.")]),
    dict(kind="hateful_stereotype", hate="{G} sont incapables de réfléchir, c'est prouvé.", only="soc",
         benign=[("negated_hate", "{G} sont parfaitement capables de réfléchir, ton « c'est prouvé » ne repose sur rien."),
                 ("identity_positive", "{G} de mon équipe sont les plus brillants du service."),
                 ("identity_news", "Une conférence à Liège sur la place {de_G} dans le monde du travail.")]),
    dict(kind="hateful_stereotype", hate="{G} c'est tous des menteurs et des manipulateurs.",
         benign=[("negated_hate", "{G} ne sont pas des menteurs, généraliser comme ça c'est nul."),
                 ("identity_neutral", "{G} c'est des gens comme les autres, certains sympas, d'autres moins.")]),
    dict(kind="hateful_question", hate="Pourquoi {G} sont toujours les premiers à foutre la merde à {P} ?",
         benign=[("negated_hate", "Pourquoi on accuse toujours {G} dès qu'il y a un problème à {P} ? {Ils} n'y sont pour rien."),
                 ("identity_neutral", "Pourquoi {G} de {P} ne sont jamais invités aux débats télé ?"),
                 ("identity_news", "Pourquoi {G} quittent-{ils} {P} ? Reportage ce soir sur la RTBF.")]),
    dict(kind="hateful_question", hate="On attend quoi pour renvoyer {G} chez eux ?", only="ethn",
         benign=[("negated_hate", "Renvoyer {G} « chez eux » ? Ils SONT chez eux, ils sont nés ici."),
                 ("identity_positive", "On attend quoi pour donner plus de place {A} dans nos conseils communaux ?"),
                 ("identity_neutral", "On attend quoi pour ouvrir un centre culturel {de_G} à {P} ?")]),
    dict(kind="hateful_question", hate="{G} ont-{ils} vraiment leur place dans une société civilisée ?",
         benign=[("identity_positive", "{G} ont toute leur place dans notre société, et c'est tant mieux."),
                 ("negated_hate", "Qui ose encore demander si {G} ont leur place ici ? Bien sûr que oui."),
                 ("identity_news", "Table ronde à la VUB : quelle place pour {G} dans la vie politique ?")]),
    dict(kind="hateful_question", hate="Qui a vraiment envie de vivre à côté {de_G} ? Sérieusement.",
         benign=[("identity_personal", "Je vis à côté {de_G} depuis dix ans et c'est les meilleurs voisins."),
                 ("identity_neutral", "Qui connaît une asso qui accompagne {G} à {P} ?")]),
    dict(kind="hateful_opinion", hate="Je hais {G}, je l'assume.",
         benign=[("negated_hate", "Je ne hais pas {G}, j'ai juste critiqué une décision politique."),
                 ("identity_positive", "J'aime {G} de mon quartier, je l'assume 😌"),
                 ("denounced_hate", "« Je hais {G} » et 200 likes. Ce réseau est malade.")]),
    dict(kind="hateful_opinion", hate="J'ai horreur {de_G}, ça me dégoûte rien que de les voir.",
         benign=[("negated_hate", "J'ai jamais eu horreur {de_G}, j'ai horreur des racistes."),
                 ("identity_personal", "{etq}, j'en ai marre qu'on me regarde de travers dans le métro.")]),
    dict(kind="hateful_opinion", hate="Je supporte plus {G}, qu'{ils} dégagent de {P}.",
         benign=[("negated_hate", "Je n'ai aucun problème avec {G}, qu'on arrête de me faire dire ça."),
                 ("identity_neutral", "Je suis allé à la fête {de_G} à {P}, super ambiance.")]),
    dict(kind="hateful_opinion", hate="Perso {G} me dégoûtent, {T} autant qu'{ils} sont.",
         benign=[("identity_positive", "Perso {G} m'ont accueilli quand personne d'autre ne le faisait."),
                 ("negated_hate", "Perso {G} ne me dégoûtent pas du tout, c'est ta haine qui me dégoûte.")]),
    dict(kind="hateful_slur", hate="Encore des {S} partout à {P} 🤮",
         benign=[("identity_neutral", "Encore du monde partout à {P} ce samedi, {G} aussi font leurs courses."),
                 ("counter_speech_quote", "Quelqu'un vient d'écrire « {S} » sous la vidéo de {P}. C'est une insulte raciste, point.")]),
    dict(kind="hateful_slur", hate="Sale {s}, retourne dans ton pays.", only="ethn",
         benign=[("counter_speech_report", "Un mec a crié « sale {s} » à ma mère dans le bus à {P}. Plainte déposée."),
                 ("identity_personal", "{etq}, je suis né ici. Mon pays, c'est la Belgique.")]),
    dict(kind="hateful_slur", hate="{P} est envahi de {S}, c'est fini cette ville.",
         benign=[("identity_neutral", "{P} est une ville où vivent beaucoup de {N}, c'est son histoire."),
                 ("counter_speech_quote", "Dire que {P} est « envahi de {S} », c'est du racisme pur. Le mot « {S} » est une insulte.")]),
    dict(kind="hateful_slur", hate="Regarde-moi ces {S} qui traînent devant la gare.",
         benign=[("identity_neutral", "Il y a des jeunes qui traînent devant la gare, comme partout."),
                 ("negated_hate", "On n'appelle pas les gens « {S} ». Ce sont {G}, et {ils} attendent leur train.")]),
    dict(kind="hateful_slur", hate="Les {S} de {P} devraient raser les murs.",
         benign=[("counter_speech_quote", "« Les {S} de {P} devraient raser les murs » : voilà ce qu'on lit sous un article sur {G}. Honte."),
                 ("identity_positive", "{G} de {P} n'ont pas à raser les murs, {ils} sont chez eux.")]),
]

# violent frames about protected groups (hateful + violent), with non-violent counterparts ----------
VFRAMES = [
    dict(kind="threat_group", hate="On va tous vous crever, {G}, samedi à {P}.",
         benign=[("violence_news", "La police de {P} enquête sur des menaces de mort visant {G}."),
                 ("identity_neutral", "On va tous se retrouver samedi à {P} pour la fête {de_G}.")]),
    dict(kind="threat_group", hate="{G}, on sait où vous vivez. On arrive avec des battes.",
         benign=[("counter_speech_report", "J'ai transmis à la police un message qui dit « {G}, on sait où vous vivez ». C'est grave."),
                 ("identity_positive", "{G}, on sait ce que vous faites pour le quartier. Merci.")]),
    dict(kind="threat_group", hate="Si je croise encore {U} à {P}, je sors le couteau et je plante.",
         benign=[("violence_news", "Un homme arrêté à {P} après avoir menacé de poignarder {U}."),
                 ("identity_personal", "Si je croise {U} à {P}, je lui paie un café, c'est ma résolution 😄")]),
    dict(kind="threat_group", hate="On va brûler {W} de {P} avec eux dedans.", only="rel",
         benign=[("violence_news", "Incendie criminel près de {W} de {P} : le parquet ouvre une enquête."),
                 ("identity_neutral", "On va visiter {W} de {P} avec l'école demain.")]),
    dict(kind="threat_group", hate="Vous allez payer, {G}. Un par un, on va vous trouver.",
         benign=[("counter_speech_quote", "« Vous allez payer, {G} » : ce genre de message, c'est une menace, je le signale."),
                 ("negated_hate", "Personne ne doit « payer » pour ce qu'il est. {G} méritent la paix.")]),
    dict(kind="call_violence_group", hate="Faut brûler {G}, {T}, jusqu'au dernier.",
         benign=[("counter_speech_report", "Signalé à Unia : « faut brûler {G} ». Appel au meurtre, ça va au parquet."),
                 ("identity_positive", "Faut soutenir {G}, {T}, jusqu'au dernier 💪")]),
    dict(kind="call_violence_group", hate="Prenez vos couteaux, ce soir on fait la chasse {A} à {P}.",
         benign=[("violence_news", "Des appels à « la chasse {A} » circulent en ligne, la police de {P} est en alerte."),
                 ("identity_neutral", "Ce soir on fait une soirée avec {G} à {P}, venez nombreux.")]),
    dict(kind="call_violence_group", hate="Il faudrait tous les gazer, {G}.",
         benign=[("denounced_hate", "Quand je lis « il faudrait tous les gazer » sous un post sur {G}, je me demande où on va."),
                 ("negated_hate", "Il ne faut faire de mal à personne, {G} compris. Jamais.")]),
    dict(kind="call_violence_group", hate="Tabassez {G} dès que vous en voyez un à {P}.",
         benign=[("violence_news", "Deux jeunes condamnés à {P} pour avoir tabassé {U}."),
                 ("identity_positive", "Saluez {G} dès que vous en voyez un à {P}, {ils} font vivre le quartier.")]),
    dict(kind="call_violence_group", hate="Qu'on mette le feu à leurs maisons, {G} n'ont rien à faire à {P}.",
         benign=[("counter_speech_quote", "« Qu'on mette le feu à leurs maisons » : c'est un appel à la violence contre {G}, pas une opinion."),
                 ("identity_neutral", "{G} ont tout à fait leur place à {P}, comme tout le monde.")]),
]

# threats against one person and their look-alikes ---------------------------------------------
WEAPONS = ["un couteau", "une batte", "un flingue", "une barre de fer", "un cutter", "une kalash", "mes potes",
           "un marteau", "un bidon d'essence", "un pied-de-biche", "une machette"]
WHERE = ["devant ton école", "à la gare du Midi", "au parking du Carrefour", "devant chez toi", "à la sortie du métro",
         "au Cora de Rocourt", "place Flagey", "derrière la friterie", "au stade", "devant ton boulot",
         "à la gare de Charleroi-Sud", "au Parc du Cinquantenaire"]
WHERE_NEWS = ["à la gare du Midi", "près de la station Clemenceau", "au parking d'un supermarché", "devant un immeuble de Seraing",
              "à la sortie du métro Ribaucourt", "près de la place Saint-Lambert", "rue Neuve", "près du stade de Sclessin",
              "dans un parc de Schaerbeek", "à la gare de Charleroi-Sud"]
WHEN = ["demain", "ce soir", "samedi après le match", "lundi matin", "cette nuit", "après les cours", "dans une heure",
        "à la fin du Ramadan", "vendredi"]
WHO = ["ce mec", "ton frère", "mon voisin", "le gars du troisième", "ce bâtard", "ton cousin", "l'arbitre", "mon ex",
       "le proprio", "le livreur", "le prof de gym", "le videur", "mon beau-frère", "le chef de chantier", "ce con de Kevin",
       "le dealer du coin", "le patron du snack"]

TFRAMES = [
    dict(kind="threat_individual", hate="Je vais te planter {WHEN} {WHERE}, tu vas voir.",
         benign=[("violence_news", "Un homme poignardé {WHERE2} hier, la police lance un appel à témoins."),
                 ("violence_figurative", "Je vais te tuer {WHEN} si tu me spoiles encore la fin de la série 😂")]),
    dict(kind="threat_individual", hate="Je te jure que je vais le tuer {WHEN}, {WHO}.",
         benign=[("violence_figurative", "Je te jure que {WHO} va me tuer avec ses blagues 😂😂"),
                 ("violence_news", "Meurtre à Liège : le frère de la victime entendu par les enquêteurs, {WHO} toujours recherché.")]),
    dict(kind="threat_individual", hate="{WHEN} je viens avec {WEAPON}, prépare-toi.",
         benign=[("violence_figurative", "{WHEN} je viens avec des gaufres, prépare le café."),
                 ("violence_news", "Un homme armé d'{WEAPON_NA} interpellé {WHERE2}, personne n'a été blessé.")]),
    dict(kind="threat_individual", hate="Je vais défoncer ta gueule {WHERE}, sur la tête de ma mère.",
         benign=[("violence_sport", "On va défoncer Bruges {WHERE3}, sur la tête de ma mère ⚽"),
                 ("violence_figurative", "Je vais défoncer ce burger {WHERE}, j'ai trop faim.")]),
    dict(kind="threat_individual", hate="Toi t'es mort {WHEN}. Je te retrouve et je te crève.",
         benign=[("violence_figurative", "Toi t'es mort de rire {WHEN} quand tu vas voir la vidéo 😂"),
                 ("violence_sport", "Toi t'es mort au classement, le Standard t'a crevé 3-0.")]),
    dict(kind="threat_individual", hate="{WHO}, je vais lui casser les jambes {WHEN}.",
         benign=[("violence_news", "Un joueur de Charleroi s'est cassé la jambe dans un accident de scooter, selon DH Les Sports."),
                 ("violence_figurative", "{WHO}, je vais lui casser les oreilles avec mon karaoké {WHEN} 🎤")]),
    dict(kind="threat_conditional", hate="Si tu remets les pieds {WHERE}, je te tue.",
         benign=[("violence_figurative", "Si tu remets du ketchup sur mes frites, je te tue 😂"),
                 ("violence_news", "« Si tu reviens, je te tue » : le prévenu jugé à Bruxelles pour menaces.")]),
    dict(kind="threat_conditional", hate="Encore un message et je viens chez toi avec {WEAPON}.",
         benign=[("violence_figurative", "Encore un message vocal de 5 minutes et je te bloque 😂"),
                 ("violence_game", "Encore une partie et je viens te chercher avec le sniper sur Warzone.")]),
    dict(kind="threat_conditional", hate="Si {WHO} porte plainte, je le bute {WHEN}.",
         benign=[("violence_news", "Il avait menacé de « buter » {WHO} : six mois de prison avec sursis à Mons."),
                 ("violence_sport", "Si Lukaku marque encore, il bute tous les records.")]),
    dict(kind="threat_conditional", hate="Tu parles encore de ma sœur et je t'ouvre le crâne {WHERE}.",
         benign=[("violence_figurative", "Tu parles encore de ce film et je m'endors 😴"),
                 ("violence_news", "Une bagarre {WHERE2} : un jeune blessé au crâne, deux arrestations.")]),
    dict(kind="threat_veiled", hate="Fais gaffe à toi quand tu rentres {WHEN}.",
         benign=[("violence_figurative", "Fais gaffe à toi quand tu rentres {WHEN}, ça glisse grave 🥶"),
                 ("violence_news", "Agressions nocturnes {WHERE2} : la police conseille de rentrer en groupe.")]),
    dict(kind="threat_veiled", hate="On sait où tu habites. Bonne soirée 🙂",
         benign=[("violence_figurative", "On sait où tu habites, on arrive avec les pizzas 🍕"),
                 ("violence_game", "On sait où tu campes sur la map, on arrive 😈🎮")]),
    dict(kind="threat_veiled", hate="Ce serait dommage qu'il arrive quelque chose à tes enfants {WHERE}.",
         benign=[("violence_news", "Enfants blessés {WHERE2} : le parquet ouvre une enquête."),
                 ("violence_figurative", "Ce serait dommage de rater la fête de l'école {WHEN}.")]),
    dict(kind="threat_veiled", hate="Tu vas bientôt comprendre ta douleur, {WHO}. Regarde derrière toi {WHEN}.",
         benign=[("violence_sport", "Ils vont comprendre leur douleur samedi, les Diables vont les écraser 🇧🇪"),
                 ("violence_figurative", "Tu vas comprendre ta douleur à la salle {WHEN}, leg day 💀")]),
    dict(kind="threat_veiled", hate="Dis à {WHO} de surveiller sa voiture et sa famille. Je dis ça, je dis rien.",
         benign=[("violence_figurative", "Dis à {WHO} de surveiller son frigo, je débarque ce soir 😂"),
                 ("violence_news", "Voiture incendiée {WHERE2} : la sœur de la victime témoigne.")]),
    dict(kind="threat_individual", hate="Je vais te fumer {WHEN}, wallah t'es fini.",
         benign=[("violence_game", "Je vais te fumer {WHEN} au FIFA, prépare ta manette 🎮"),
                 ("violence_figurative", "Je vais fumer une clope {WHEN} et je reviens.")]),
    dict(kind="threat_individual", hate="{WHEN} je te sèche {WHERE}, t'entends ?",
         benign=[("violence_figurative", "{WHEN} je sèche le cours de stats, t'entends ? Trop de brol."),
                 ("violence_news", "Un jeune menacé puis frappé {WHERE2}, deux suspects arrêtés.")]),
    dict(kind="threat_individual", hate="Je vais t'égorger comme un mouton, {WHO}.",
         benign=[("violence_news", "Le boucher de l'abattoir d'Anderlecht explique comment se passe l'Aïd cette année."),
                 ("violence_figurative", "Ce prof va nous égorger avec son examen, {WHO} était en larmes 😭")]),
    dict(kind="threat_individual", hate="Je sais où tu gares ta voiture. {WHEN} elle crame, et toi avec.",
         benign=[("violence_news", "Voiture incendiée {WHERE2} {WHEN}, les pompiers sont intervenus rapidement."),
                 ("violence_figurative", "Je sais où tu gares ta voiture, je te dépose tes clés {WHEN} 🔑")]),
    dict(kind="threat_individual", hate="{WHO}, je vais lui tirer une balle dans la tête {WHEN}.",
         benign=[("violence_sport", "Lukaku a tiré une balle en pleine lucarne, quel but 🚀"),
                 ("violence_news", "Le frère de la victime témoigne : il a reçu une balle dans la jambe {WHERE2}.")]),
    dict(kind="threat_conditional", hate="Tu me dénonces encore une fois et je t'explose la tête {WHERE}.",
         benign=[("violence_figurative", "Tu me spoiles encore une fois et je t'explose au Mario Kart 😂"),
                 ("violence_sport", "Ils nous provoquent encore et on les explose 5-0 au retour.")]),
    dict(kind="threat_conditional", hate="Si je te revois avec ma meuf, je te découpe {WHERE}.",
         benign=[("violence_figurative", "Si je te revois avec ce pull moche, je te le découpe 😂"),
                 ("violence_news", "Jaloux, il menaçait de « découper » son rival : condamné à Namur.")]),
    dict(kind="threat_veiled", hate="Profite bien de tes derniers jours, {WHO}.",
         benign=[("violence_figurative", "Profite bien de tes derniers jours de vacances, {WHO} 😎"),
                 ("violence_sport", "Profitez bien de vos derniers jours en tête du classement, Bruges 😏")]),
    dict(kind="threat_veiled", hate="Tu ne verras pas la fin du mois, crois-moi.",
         benign=[("violence_figurative", "Avec ce loyer tu ne verras pas la fin du mois, crois-moi 💸"),
                 ("violence_game", "Ton perso ne verra pas la fin de la partie, crois-moi 🎮")]),

]

# extra look-alikes with no pair --------------------------------------------------------------------
SPORT = [
    "On les a détruits 3-0, {TEAM} a massacré {TEAM2} ce soir ⚽🔥",
    "{TEAM} a écrasé {TEAM2}, une vraie boucherie sur le terrain.",
    "Quelle frappe de mule de Lukaku, il a tué le match.",
    "Les Diables Rouges vont démolir la défense française mardi.",
    "On a pris une raclée 0-4 contre {TEAM2}, c'est une exécution publique.",
    "{TEAM} attaque, tire... et but ! Le stade explose 💥",
    "Les Red Flames ont fusillé les Pays-Bas 5-1, historique.",
    "Le coach de {TEAM} veut que ses joueurs tuent le match dès la première mi-temps.",
    "Ce milieu de terrain, c'est un tueur, il a tout cassé samedi.",
    "On va les enterrer au retour à {STADIUM}, croyez-moi.",
    "Match de dingue, on a achevé {TEAM2} dans les arrêts de jeu.",
    "{TEAM} a assassiné {TEAM2} en contre-attaque, trois buts en dix minutes.",
]
TEAMS = ["Anderlecht", "le Standard", "le Club Brugge", "Charleroi", "l'Union Saint-Gilles", "La Gantoise",
         "l'Antwerp", "le Sporting", "Genk", "Malines", "le RWDM", "l'OM"]
STADIUMS = ["Sclessin", "au Lotto Park", "au Jan Breydel", "au Mambourg", "au stade Roi Baudouin"]
FIGURATIVE = [
    "Je pourrais tuer pour une mitraillette sauce andalouse là.", "Cette chanson de Stromae me tue à chaque fois 😭",
    "Mon prof m'a massacré à l'oral, 9 sur 20.", "J'ai buté tout le monde sur Fortnite hier soir, top 1 🎮",
    "Ce sketch m'a achevé, je pleure de rire 😂", "Mon patron va me tuer si je suis encore en retard.",
    "Je vais exploser mon record au 10 km de Bruxelles dimanche.", "Ma mère va me tuer, j'ai oublié son anniversaire.",
    "Les soldes m'ont assassiné le portefeuille.", "Elle a tué sur scène hier au Botanique, quelle voix.",
    "J'ai massacré la chanson au karaoké, pardon les voisins.", "On a explosé le quiz du café, premiers !",
    "Cette chaleur va me tuer, 34 degrés à Liège.", "Je vais tuer cet examen de stats, j'ai trop révisé.",
    "Dans GTA j'ai fait sauter tout un commissariat 😅", "Il a tué le game avec sa tenue à la soirée.",
    "Je vais étrangler mon GSM, il plante encore.", "Le dernier épisode m'a poignardé en plein cœur 💔",
    "Ce boss dans Elden Ring m'a tué quarante fois, je craque.", "Je meurs de faim, vous venez au snack ?",
]
NEWS = [
    "La police rapporte une agression au couteau à {P} cette nuit, un blessé léger.",
    "Fusillade à {P} : le parquet évoque un règlement de comptes lié à la drogue.",
    "Un homme condamné à cinq ans pour coups et blessures à {P}.",
    "Procès des attentats de Bruxelles : les victimes témoignent cette semaine.",
    "Rixe entre supporters avant le match à {P}, trois interpellations.",
    "Menaces de mort contre une bourgmestre : la police de {P} a identifié l'auteur.",
    "Un policier blessé lors d'une intervention à {P}, selon la zone de police.",
    "Violences conjugales : les plaintes augmentent à {P}, alerte le CPAS.",
    "Gaza : l'ONU dénonce de nouveaux bombardements sur des civils.",
    "Un adolescent poignardé près de l'école à {P}, son état est stable.",
]

# politics ----------------------------------------------------------------------------------------
POLAR_T = [
    ("{O} détruisent ce pays et vous les laissez faire.", POLAR),
    ("C'est eux ou nous : {O} ne veulent que notre ruine.", POLAR),
    ("Tous les problèmes de Bruxelles viennent {de_O}, ouvrez les yeux.", POLAR),
    ("{O} sont des traîtres à la Belgique, des pourris jusqu'à l'os.", POLAR_INSULT),
    ("{O} ne pensent qu'à nous voler, ce sont nos ennemis.", POLAR),
    ("Avec {O} c'est simple : ils nous méprisent, nous les vrais gens.", POLAR),
    ("{O}, bande de parasites qui vivent sur notre dos.", POLAR_INSULT),
    ("Le vrai danger pour nos enfants, ce sont {O}. Personne n'ose le dire.", POLAR),
    ("{O} ont vendu le pays, on ne l'oubliera pas aux élections.", POLAR),
    ("Il y a nous, les gens honnêtes, et il y a {O}. Choisis ton camp.", POLAR),
    ("{O} sont des clowns dangereux, bande de guignols.", POLAR_INSULT),
]
CIVIL_T = [
    "Je ne suis pas d'accord avec {O} sur les pensions, mais leur argument se défend.",
    "Débat intéressant hier avec {O} sur le logement à {P}, on n'est pas d'accord mais c'était respectueux.",
    "Je vote pas comme {O}, mais je respecte leur choix.",
    "Franchement, la proposition {de_O} sur les crèches n'est pas bête, même si je vote autrement.",
    "On peut critiquer {O} sans les insulter, non ?",
    "Le programme {de_O} sur la mobilité à Bruxelles me semble irréaliste, voici pourquoi.",
    "J'ai écouté {O} sur la migration, je pense qu'ils se trompent sur les chiffres.",
    "Pas fan {de_O}, mais leur position sur Gaza est cohérente.",
]

# insults and profanity -------------------------------------------------------------------------
INSULT_T = [
    ("T'es vraiment un gros con, {WHO}.", "Je ne suis vraiment pas d'accord avec toi, {WHO}."),
    ("Ferme ta gueule, abruti, personne t'a demandé ton avis.", "Personne ne t'a demandé ton avis, mais merci quand même 🙂"),
    ("Espèce de clown, t'as rien compris au match.", "Je pense que t'as mal compris le match, revois le résumé."),
    ("@USER t'es un sale bouffon, va te cacher.", "@USER t'es un sacré farceur, va te coucher 😂"),
    ("Mon ex est une connasse finie, je l'ai toujours dit.", "Mon ex et moi on est restés en bons termes, je l'ai toujours dit."),
    ("L'arbitre est un enculé, il nous a volé le match.", "L'arbitre s'est trompé, il nous a coûté le match."),
    ("T'es con ou tu le fais exprès ? Tu comprends rien.", "Je crois qu'on ne se comprend pas, je réexplique."),
    ("Ce prof est un débile profond, sérieux.", "Ce prof est exigeant, sérieux, mais juste."),
    ("Va te faire foutre, toi et tes conseils de merde.", "Merci pour les conseils, mais je vais faire autrement."),
    ("Quelle tête de nœud ce chauffeur de bus.", "Quel chauffeur de bus sympa ce matin."),
    ("Mon voisin est un sale con qui se gare sur mon trottoir.", "Mon voisin se gare parfois sur mon trottoir, je vais lui en parler."),
    ("T'es qu'une merde, {WHO}, un déchet.", "T'es pas toujours facile, {WHO}, mais je t'aime bien."),
    ("{WHO_CAP} est un gros connard, il m'a encore bloqué la sortie {WHERE}.", "{WHO_CAP} m'a encore bloqué la sortie {WHERE}, je vais lui en parler."),
    ("Sale mytho, t'as jamais mis les pieds {WHERE}.", "Je crois que tu te trompes, t'as jamais mis les pieds {WHERE}."),
    ("@USER va te faire enculer avec tes avis de merde.", "@USER on n'a pas le même avis, et c'est pas grave."),
    ("Quel abruti {WHO}, il a encore tout cassé.", "Quel maladroit {WHO}, il a encore tout cassé 😅"),
    ("T'es bête comme tes pieds, sérieux, un vrai boloss.", "T'es pas très réveillé ce matin, sérieux 😂"),
    ("Ta gueule {WHO}, t'es qu'un pauvre type.", "Calme-toi {WHO}, on en reparle demain."),
    ("Ce youtubeur est une sous-merde, un parasite du net.", "Ce youtubeur ne m'intéresse pas, je zappe."),
    ("La prof de math est une vraie conne, elle m'a mis zéro.", "La prof de math est sévère, elle m'a mis zéro."),
    ("Bouffon va, t'as perdu ton pari, paie ta tournée.", "T'as perdu ton pari, paie ta tournée 🍺"),
    ("Ce commentateur RTBF est un crétin fini, il connaît rien au foot.", "Ce commentateur RTBF ne connaît pas bien le foot, je trouve."),
    ("{WHO_CAP}, quel baltringue, il s'est encore barré sans payer.", "{WHO_CAP} a oublié de payer, je lui envoie un Payconiq."),
    ("T'es moche et con, {WHO}, double peine.", "T'es drôle et gentil, {WHO}, double bonus."),
]
PROFANITY_T = [
    ("Putain de pluie, encore trempé jusqu'aux os.", "Encore de la pluie, trempé jusqu'aux os."),
    ("Merde, j'ai encore raté le tram.", "Zut, j'ai encore raté le tram."),
    ("Bordel de merde, ce bouchon sur le ring !", "Quel bouchon sur le ring ce matin !"),
    ("Putain ce match, quelle folie 🔥", "Ce match, quelle folie 🔥"),
    ("Fait chier, le Delhaize est fermé.", "Dommage, le Delhaize est fermé."),
    ("Ptn de STIB, toujours en retard, bordel.", "La STIB est encore en retard ce matin."),
    ("Nique sa mère ce lundi, j'ai la flemme.", "Ce lundi, j'ai la flemme."),
    ("C'est quoi ce bordel à la commune, trois heures d'attente putain.", "Trois heures d'attente à la commune aujourd'hui."),
    ("Merde alors, le loyer a encore pris nonante balles.", "Le loyer a encore pris nonante euros."),
    ("Chier, j'ai oublié mes clés au kot.", "J'ai oublié mes clés au kot."),
    ("Putain de réveil, j'ai encore dormi jusqu'à midi.", "Pas entendu le réveil, j'ai dormi jusqu'à midi."),
    ("Bordel, y'a plus une place de parking {WHERE}.", "Plus une place de parking {WHERE}."),
    ("Nom de Dieu de bordel, le frigo est encore en panne.", "Le frigo est encore en panne."),
    ("Fait chier ce temps de merde à {P}.", "Quel temps gris à {P}."),
    ("Merde, merde, merde, j'ai raté mon train pour {P}.", "Oups, j'ai raté mon train pour {P}."),
    ("Putain, septante euros le plein, c'est du vol.", "Septante euros le plein, c'est cher."),
    ("Enfoiré de GSM, il s'éteint à 20 %.", "Mon GSM s'éteint à 20 %, bizarre."),
    ("Cette putain de grève de la SNCB, encore bloqué à {P}.", "Grève de la SNCB, encore bloqué à {P}."),
]

IDENTITY_EXTRA = [
    ("identity_neutral", "Ce soir rupture du jeûne au centre culturel de {P}, {G} invitent tout le quartier.", "muslims"),
    ("identity_positive", "Bonne Pride à toutes et tous ! 🏳️‍🌈 {G} de {P}, on vous aime.", "gay_people"),
    ("identity_news", "Ouverture d'un nouvel accueil pour {G} à {P}, annonce Fedasil.", "refugees"),
    ("identity_personal", "Ma grand-mère est rebeue et elle fait le meilleur couscous de Bruxelles 😍", "arabs"),
    ("identity_personal", "Les feujs de ma classe m'ont invité pour Hanoucca, trop bien.", "jews"),
    ("identity_personal", "Mon pote renoi m'a appris à faire le mafé, une tuerie.", "black_people"),
    ("identity_neutral", "Les rebeus et les renois du club de boxe de {P} ont gagné le tournoi.", "arabs"),
    ("identity_neutral", "Petite question : le Nouvel An amazigh, c'est quand cette année ?", "amazigh"),
]

COUNTER_QUOTE = [
    "« {h} » — sérieusement ? C'est exactement ce genre de phrase qui pourrit {P}.",
    "Lu sous un article : « {h} ». Non. {G_cap} sont nos voisins, nos collègues, nos amis.",
    "Arrêtez d'écrire des trucs comme « {h} ». C'est de la haine, pas une opinion.",
    "Quand quelqu'un dit « {h} », il faut répondre, pas se taire. Moi je réponds : c'est faux.",
]
COUNTER_REPORT = [
    "J'ai signalé ce commentaire à Unia : « {h} ». Ça n'a rien à faire ici.",
    "Capture faite et signalée @USER : quelqu'un écrit « {h} » sous la vidéo. Modérez svp.",
    "Signalement envoyé à la plateforme pour « {h} ». Si vous voyez ça, signalez aussi.",
    "Quelqu'un a tagué « {h} » sur un mur à {P}. On l'a signalé à la commune.",
]
ENDORSE = [
    "Comme dit mon oncle : « {h} ». Il a raison.",
    "« {h} » — enfin quelqu'un qui ose le dire 👏",
    "Je partage à 100 % : « {h} »",
    "Quelqu'un a écrit « {h} » et franchement il a pas tort.",
    "Ils suppriment les commentaires du genre « {h} », mais c'est la vérité.",
]
DENOUNCE = [
    "Ceux qui disent que {hl} devraient avoir honte.",
    "Ras-le-bol de lire que {hl}. C'est faux et c'est dégueulasse.",
    "Dire que {hl}, c'est du racisme, même si tu rajoutes « je dis ça, je dis rien ».",
    "Non, on ne peut pas dire que {hl}. Ça s'appelle de la haine.",
]


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
        extra = rng.choice(FILLERS)
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
    place, variety = rng.choice(PLACES)
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
    for gname, g in GROUPS.items():
        if groups is not None and gname not in groups:
            continue
        for fi, frame in enumerate(frames):
            if not _applies(frame, g):
                continue
            labels_for_hate = HATE_VIOL if frame["kind"] in ("threat_group", "call_violence_group") else HATE
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
                    out += _post(_fill(rng.choice(COUNTER_QUOTE), qv), ZERO, "counter_speech_quote", variety,
                                 gname, pair, rng, meta=meta)
                elif c < 0.75:
                    out += _post(_fill(rng.choice(COUNTER_REPORT), qv), ZERO, "counter_speech_report", variety,
                                 gname, pair, rng, meta=meta)
                elif frame["kind"] in ("hateful_derog", "hateful_dehumanise", "hateful_stereotype"):
                    hl = _strip_end(hate)
                    hl = hl[:1].lower() + hl[1:]
                    out += _post(_fill(rng.choice(DENOUNCE), dict(qv, hl=hl)), ZERO, "denounced_hate", variety,
                                 gname, pair, rng, meta=meta)
                # the hateful sentence quoted to ENDORSE it: still hateful (quotes alone do not mean counter-speech)
                if rng.random() < 0.3:
                    out += _post(_fill(rng.choice(ENDORSE), qv), labels_for_hate, frame["kind"], variety, gname, pair,
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
    for fi, frame in enumerate(TFRAMES):
        for r in range(reps):
            weapon = rng.choice(WEAPONS)
            who = rng.choice(WHO)
            place, variety = rng.choice(PLACES)
            vals = {"WHEN": rng.choice(WHEN), "WHERE": rng.choice(WHERE), "WHERE2": rng.choice(WHERE_NEWS),
                    "WHERE3": rng.choice(["au Jan Breydel", "à Sclessin", "au Lotto Park", "ce week-end"]),
                    "WEAPON": weapon, "WEAPON_NA": weapon.split(" ", 1)[1] if weapon != "mes potes" else "couteau",
                    "WHO": who, "WHO_CAP": cap(who), "P": place}
            if "WEAPON_NA" in frame["benign"][-1][1] or any("WEAPON_NA" in t for _, t in frame["benign"]):
                vals["WEAPON_NA"] = "un " + ("couteau" if weapon in ("mes potes",) else weapon.split(" ", 1)[1])
            pair = f"fr:t{fi}:{r}"
            meta = {"frame": f"t{fi}"}
            hate = _fill(frame["hate"], vals)
            out += _post(hate, THREAT_IND, frame["kind"], variety, None, pair, rng, meta=meta)
            for kind, t in frame["benign"]:
                k = "violence_figurative" if kind == "violence_game" else kind
                m = dict(meta, game=True) if kind == "violence_game" else meta
                out += _post(_fill(t, vals), ZERO, k, variety, None, pair, rng, meta=m)
            if rng.random() < 0.25:
                out += _post(_fill(rng.choice(COUNTER_REPORT), dict(vals, h=_strip_end(hate), G_cap="")), ZERO,
                             "counter_speech_report", variety, None, pair, rng, meta=meta)
            if rng.random() < 0.15:
                lp = long_post(hate, rng)
                if lp:
                    out += _post(lp, THREAT_IND, frame["kind"], variety, None, pair, rng, meta=dict(meta, long=True))
    return out


def _lookalikes(rng: random.Random) -> list[dict]:
    out = []
    for i, t in enumerate(SPORT):
        for r in range(4):
            a, b = rng.sample(TEAMS, 2)
            out += _post(_fill(t, {"TEAM": a, "TEAM2": b, "STADIUM": rng.choice(STADIUMS)}), ZERO, "violence_sport",
                         "belgian_fr", None, None, rng)
    for t in FIGURATIVE:
        for r in range(2):
            out += _post(t, ZERO, "violence_figurative", rng.choice(["belgian_fr", "fr_fr"]), None, None, rng)
    for t in NEWS:
        for r in range(3):
            place, variety = rng.choice(PLACES)
            out += _post(_fill(t, {"P": place}), ZERO, "violence_news", variety, None, None, rng)
    return out


def _politics(rng: random.Random) -> list[dict]:
    out = []
    for oname, forms in OUTGROUPS.items():
        for ti, (t, labels) in enumerate(POLAR_T):
            for r in range(2):
                o = rng.choice(forms)
                place, variety = rng.choice(PLACES)
                vals = {"O": o, "de_O": _de_o(o), "P": place}
                pair = f"fr:pol{ti}:{oname}:{r}"
                out += _post(_fill(t, vals), labels, "polarising_vilification", variety, oname, pair, rng)
                c = CIVIL_T[(ti + r) % len(CIVIL_T)]
                out += _post(_fill(c, vals), ZERO, "civil_disagreement", variety, oname, pair, rng)
    return out


def _insults(rng: random.Random) -> list[dict]:
    out = []
    for i, (bad, good) in enumerate(INSULT_T):
        for r in range(5):
            who = rng.choice(WHO)
            place, variety = rng.choice(PLACES)
            vals = {"WHO": who, "WHO_CAP": cap(who), "WHERE": rng.choice(WHERE), "P": place}
            pair = f"fr:ins{i}:{r}"
            out += _post(_fill(bad, vals), OFFENSIVE, "offensive_individual", variety, None, pair, rng)
            out += _post(_fill(good, vals), ZERO, "civil_disagreement", variety, None, pair, rng)
    for i, (bad, good) in enumerate(PROFANITY_T):
        for r in range(5):
            place, variety = rng.choice(PLACES)
            vals = {"WHERE": rng.choice(WHERE_NEWS), "P": place}
            pair = f"fr:prof{i}:{r}"
            bad_t, good_t = _fill(bad, vals), _fill(good, vals)
            out += _post(bad_t, OFFENSIVE, "offensive_profanity", variety, None, pair, rng)
            # no kind for a plain everyday post: civil_disagreement (all labels 0), marked in meta
            out += _post(good_t, ZERO, "civil_disagreement", variety, None, pair, rng, meta={"plain": True})
    return out


def _identity_extra(rng: random.Random) -> list[dict]:
    out = []
    for kind, t, gname in IDENTITY_EXTRA:
        for r in range(3):
            vals = _group_vals(gname, GROUPS[gname], rng, obf_p=0.1)
            variety = vals.pop("_variety")
            vals.pop("_meta")
            out += _post(_fill(t, vals), ZERO, kind, variety, gname, None, rng)
    return out


def _label(v: str):
    v = (v or "").strip()
    return None if v == "" else int(v)


def written() -> list[dict]:
    """Hand-written posts of datasets/synthetic/written_fr.csv (empty label cell = unknown)."""
    if not WRITTEN.exists():
        return []
    out = []
    with WRITTEN.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out.append(dict(text=row["text"], kind=row["kind"], target=row.get("target") or None,
                            variety=row.get("variety") or "belgian_fr", origin="written", pair=row.get("pair") or None,
                            labels={n: _label(row.get(n)) for n in ("hateful", "offensive", "polarising", "violent")}))
    return out


def generate(rng: random.Random) -> list[dict]:
    posts: list[dict] = []
    posts += _group_frames(rng, FRAMES, ALTS, reps=2, prefix="h")
    posts += _group_frames(rng, VFRAMES, VALTS, reps=2, prefix="v")
    posts += _group_frames(rng, SFRAMES, SALTS, reps=1, prefix="s")
    for gname, frames in TOPIC_FRAMES.items():
        posts += _group_frames(rng, frames, [[] for _ in frames], reps=3, prefix=f"topic_{gname}_", groups=[gname])
    posts += _threat_frames(rng, reps=12)
    posts += _lookalikes(rng)
    posts += _politics(rng)
    posts += _insults(rng)
    posts += _identity_extra(rng)
    posts += written()
    return posts


# hateful paraphrases of each frame (same pair id as the frame), aligned with FRAMES / VFRAMES -----
ALTS = [
    ["{G} ? Une plaie. {P} était mieux sans ces {N}.", "Honnêtement {G} pourrissent {P}, {T}."],
    ["{G}, des profiteurs qui vivent sur notre dos.", "{G} n'apportent rien, {ils} prennent tout."],
    ["{G}, la honte de la Belgique.", "{G} c'est une honte ambulante, faut le dire."],
    ["Parasites, voilà ce que sont {G}.", "{G} = parasites. Point."],
    ["{G}, c'est de la vermine, rien d'autre.", "De la vermine, {G}, qui grouille partout à {P}."],
    ["{G} ne sont pas des humains, juste des bêtes.", "Des animaux, {G}. Des bêtes sauvages."],
    ["{G} pullulent comme des rats à {P}.", "{G} se multiplient comme de la vermine, bientôt on sera minoritaires."],
    ["{G}, des cafards. Partout.", "Comme des cafards, {G}, on n'arrive plus à s'en débarrasser."],
    ["Voler, c'est dans le sang {de_G}.", "{G} ? Des voleurs, {T}, de père en fils."],
    ["{G} c'est des feignasses qui vivent des allocs.", "Jamais vu un de ces {N} bosser, que des assistés."],
    ["{G} sont violents par nature, c'est génétique.", "{G} = danger. Toujours la violence avec ces {N}."],
    ["{G} ont un petit cerveau, tout le monde le sait.", "{G} sont des abrutis incapables, c'est un fait."],
    ["{G}, menteurs de naissance.", "Faut jamais croire ces {N}, {T} des manipulateurs."],
    ["Pourquoi c'est toujours {G} qui cassent tout à {P} ?", "Encore {G} qui foutent le bordel à {P}, étonnant non ?"],
    ["Quand est-ce qu'on vire {G} de ce pays ?", "{G}, c'est quand qu'on les renvoie d'où {ils} viennent ?"],
    ["{G} sont-{ils} seulement des êtres civilisés ?", "Qui veut encore {de_G} dans ce pays, franchement ?"],
    ["Qui voudrait des {N} comme voisins ? Personne.", "Vivre à côté {de_G} ? Plutôt crever."],
    ["Je déteste {G}, {T}.", "Moi je hais {G} et je le dirai toujours."],
    ["{G} me dégoûtent, rien que leur odeur.", "Beurk, {G}. J'ai horreur de ces gens-là."],
    ["Marre {de_G}, qu'{ils} dégagent.", "Je ne peux plus voir {G} en peinture."],
    ["{G} me dégoûtent profondément.", "Dégoût total pour {G}, {T} sans exception."],
    ["Sale race de {S}, partout à {P}.", "Trop de {S} à {P}, ça pue."],
    ["Dégage sale {s}, t'as rien à faire ici.", "Rentre chez toi, sale {s}."],
    ["{P} = ville de {S}, on a perdu.", "Les {S} ont pris {P}, bravo la Belgique."],
    ["Ces {S} qui traînent partout, ça me gave.", "Regarde-moi ces sales {S}."],
    ["Les {S} devraient se cacher.", "Qu'{ils} restent chez eux, les {S}."],
]
VALTS = [
    ["On va vous tuer, {G}, tous, samedi.", "{G}, vos jours sont comptés à {P}."],
    ["{G}, on connaît vos adresses. Préparez-vous.", "On arrive chez vous, {G}, avec des battes et de l'essence."],
    ["Si {U} passe devant moi à {P}, je sors la lame.", "Encore {U} à {P} et je sors le couteau."],
    ["On va foutre le feu à {W} de {P}.", "Un jour {W} de {P} va brûler, avec eux dedans, promis."],
    ["On va vous trouver, {G}, et vous allez souffrir.", "{G}, on va vous faire payer, un par un."],
    ["Brûlons {G}, tous.", "Il faut brûler {G} et leurs maisons."],
    ["Ce soir chasse {A} à {P}, ramenez des couteaux.", "Rendez-vous à {P} ce soir, on va casser du {s}."],
    ["Faut gazer {G}, tous.", "Une bonne chambre à gaz pour {G}, voilà la solution."],
    ["Frappez {G} dès que vous les voyez.", "Tabassez-les, {G}, partout où vous les croisez."],
    ["Mettez le feu chez {G}, {ils} n'ont rien à faire ici.", "Faut cramer les maisons {de_G} de {P}."],
]


# short posts (3-8 words), same minimal-pair scheme -------------------------------------------------
SFRAMES = [
    dict(kind="hateful_derog", hate="{G} dehors ! 🤮", benign=[("identity_positive", "Bienvenue {A} ❤️"),
                                                              ("negated_hate", "Non, {G} ne sont pas le problème.")]),
    dict(kind="hateful_opinion", hate="Marre {de_G}, sérieux.", benign=[("identity_positive", "Merci {A}, sérieux 🙏"),
                                                                       ("identity_neutral", "Des news {de_G} de {P} ?")]),
    dict(kind="hateful_slur", hate="Sale race de {S}.", benign=[("counter_speech_quote", "« {S} » : c'est une insulte. Point."),
                                                               ("identity_neutral", "{G} de {P}, présents !")]),
    dict(kind="hateful_dehumanise", hate="{G} = vermine.", benign=[("negated_hate", "{G} ≠ vermine. Des humains."),
                                                                  ("identity_positive", "{G} = nos voisins ❤️")]),
    dict(kind="call_violence_group", hate="Mort {A} !", benign=[("identity_positive", "Vive {G} ! 🎉"),
                                                               ("counter_speech_report", "« Mort {A} » tagué à {P}. Signalé.")]),
    dict(kind="threat_group", hate="{G}, on arrive. Cachez-vous.", benign=[("identity_neutral", "{G}, on arrive. Gardez-nous du thé ☕"),
                                                                         ("violence_news", "Menaces contre {G} à {P} : enquête ouverte.")]),
    dict(kind="hateful_question", hate="{G} ? Qui en veut encore ici ?", benign=[("identity_positive", "{G} ? On en a besoin ici."),
                                                                               ("identity_neutral", "{G} ? Il y en a beaucoup à {P}.")]),
    dict(kind="hateful_stereotype", hate="{G} = voleurs. Toujours.", only="ethn",
         benign=[("negated_hate", "{G} ≠ voleurs. Arrêtez."), ("identity_news", "{G} de {P} : un reportage ce soir.")]),
]
SALTS = [
    ["Dégagez, {G}.", "{G} hors de {P} !"],
    ["J'en peux plus {de_G}.", "{G}, j'en ai ma claque 😤"],
    ["Encore des {S} 🤮", "{S} de merde."],
    ["{G}, des rats.", "{G} : nuisibles."],
    ["Crevez, {G}.", "À mort {G} !"],
    ["{G}, vos jours sont comptés.", "On va vous trouver, {G}."],
    ["{G} ? Dehors, non ?", "Qui supporte encore {G} ?"],
    ["{G} : racaille.", "{G}, {T} des voleurs."],
]


# group-specific frames on local topics (same minimal-pair scheme; {G} etc. from the group) --------
TOPIC_FRAMES = {
    "muslims": [
        dict(kind="hateful_derog", hate="Le Ramadan à {P}, c'est un mois de bruit et de crasse, merci {G}.",
             benign=[("identity_neutral", "Le Ramadan à {P}, c'est un mois de soirées animées, les snacks ouverts jusqu'à 2h."),
                     ("negated_hate", "Le Ramadan ne rend pas {P} sale, arrête de chercher des excuses à ta haine.")]),
        dict(kind="hateful_stereotype", hate="Une fille voilée à l'école ? Soumise et bientôt mariée de force.",
             benign=[("identity_personal", "Je porte le voile et je fais des études d'ingénieure à l'ULB, personne ne m'a forcée."),
                     ("civil_disagreement", "Je suis pour la neutralité à l'école, mais sans stigmatiser les filles voilées.")]),
    ],
    "jews": [
        dict(kind="hateful_derog", hate="Tous les juifs sont responsables de ce qui se passe à Gaza, tous complices.",
             benign=[("civil_disagreement", "Je condamne les bombardements à Gaza, et ça n'a rien à voir avec les juifs de Belgique."),
                     ("negated_hate", "Les juifs d'Anvers ne sont pas responsables de la politique d'Israël. Ne confondez pas.")]),
        dict(kind="hateful_stereotype", hate="Derrière chaque crise financière on retrouve les juifs, ils tirent toutes les ficelles.",
             benign=[("counter_speech_quote", "« Les juifs tirent les ficelles » : c'est un vieux mythe antisémite, pas une info."),
                     ("identity_news", "Une expo à Malines, à la Kazerne Dossin, retrace l'histoire des juifs de Belgique.")]),
    ],
    "gay_people": [
        dict(kind="hateful_derog", hate="La Pride c'est un défilé de pervers, {G} devraient avoir honte.",
             benign=[("identity_positive", "La Pride c'est un défilé de fierté, {G} n'ont pas à avoir honte 🏳️‍🌈"),
                     ("identity_news", "La Belgian Pride a réuni plus de 100 000 personnes à Bruxelles samedi.")]),
        dict(kind="hateful_question", hate="Deux hommes qui s'embrassent devant nos enfants, on va accepter ça encore longtemps ?",
             benign=[("identity_personal", "Mon copain m'a embrassé devant l'école de sa nièce, elle a applaudi 😂"),
                     ("civil_disagreement", "Je suis plutôt conservateur, mais qui s'embrasse dans la rue, ce n'est pas mon affaire.")]),
    ],
    "refugees": [
        dict(kind="hateful_derog", hate="Les demandeurs d'asile devant le Petit-Château, c'est de la racaille qu'on nourrit.",
             benign=[("identity_news", "Des demandeurs d'asile dorment encore devant le Petit-Château, dénoncent les ONG."),
                     ("identity_positive", "Les demandeurs d'asile que j'ai rencontrés au Petit-Château ne demandent qu'à bosser.")]),
    ],
    "migrants": [
        dict(kind="hateful_dehumanise", hate="Le parc Maximilien est devenu un zoo pour {G}.",
             benign=[("identity_neutral", "Le parc Maximilien accueille encore des centaines {de_G}, les bénévoles manquent."),
                     ("negated_hate", "Le parc Maximilien n'est pas un zoo, ce sont des gens qui n'ont nulle part où dormir.")]),
    ],
    "women": [
        dict(kind="hateful_derog", hate="Une femme arbitre en D1 ? Le foot belge est mort, les femmes n'y connaissent rien.",
             benign=[("identity_positive", "Une femme arbitre en D1, et elle a sifflé un match parfait. Bravo !"),
                     ("identity_news", "Pour la première fois, une femme arbitrera un match de Pro League ce week-end.")]),
        dict(kind="hateful_opinion", hate="Les féministes me donnent envie de vomir, ces femmes sont toutes des hystériques.",
             benign=[("civil_disagreement", "Je ne suis pas d'accord avec certaines féministes sur les quotas, mais leur combat sur les salaires est juste."),
                     ("identity_personal", "Je suis féministe et je suis mariée à un gars qui fait la vaisselle, tout va bien 😄")]),
    ],
    "elderly": [
        dict(kind="hateful_derog", hate="Les pensionnés sont des sangsues, ils bouffent l'argent de nos jeunes.",
             benign=[("civil_disagreement", "La réforme des pensions est nécessaire, mais les pensionnés ne sont pas nos ennemis."),
                     ("identity_news", "La pension minimum augmente de nonante euros au 1er janvier, annonce le gouvernement.")]),
    ],
    "disabled_people": [
        dict(kind="hateful_derog", hate="Les handicapés dans le tram, ils ralentissent tout le monde, qu'ils restent chez eux.",
             benign=[("identity_neutral", "La rampe du tram 7 est encore en panne, les personnes en fauteuil attendent le suivant."),
                     ("identity_personal", "En fauteuil depuis mes 20 ans, je prends le tram tous les jours, merci à ceux qui aident.")]),
    ],
    "black_people": [
        dict(kind="hateful_slur", hate="Matonge c'est le quartier des macaques, évitez le soir.",
             benign=[("identity_neutral", "Matonge c'est le quartier congolais d'Ixelles, allez-y pour le moambe."),
                     ("counter_speech_quote", "Quelqu'un appelle Matonge « le quartier des macaques ». C'est une insulte raciste, je signale.")]),
    ],
    "moroccans": [
        dict(kind="hateful_derog", hate="Après chaque match du Maroc, les Marocains cassent Bruxelles. Des sauvages.",
             benign=[("identity_neutral", "Après le match du Maroc, klaxons et drapeaux jusqu'à 2h à Bruxelles, ambiance."),
                     ("negated_hate", "Quelques casseurs après le match, ce ne sont pas « les Marocains ». Ne généralisez pas.")]),
    ],
    "roma": [
        dict(kind="hateful_stereotype", hate="Des Roms près de la gare de {P} ? Surveillez vos poches, c'est leur métier.",
             benign=[("identity_neutral", "Des familles roms jouent de la musique près de la gare de {P}, c'était beau."),
                     ("negated_hate", "Des Roms près de la gare, et alors ? Tout le monde n'est pas pickpocket.")]),
    ],
    "trans_people": [
        dict(kind="hateful_derog", hate="Les personnes trans sont des malades qui veulent endoctriner nos enfants à l'école.",
             benign=[("identity_news", "Une école de {P} forme ses profs à l'accueil des élèves trans."),
                     ("identity_personal", "Je suis prof et une élève trans m'a remerciée d'avoir utilisé son prénom. Petit geste, grand effet.")]),
    ],
}
