"""Synthetic contrastive posts for Arabic (issue 8): Modern Standard Arabic (``msa``), Moroccan Darija in
Arabic script (``darija``) and Arabizi, i.e. Darija in Latin script with digits, often code-switched with
French and Dutch as Belgian-Moroccan youth write (``arabizi``).

Every template and word list below was written for polarscan (2026-12-01); nothing is translated or copied
from a test suite or a public data set. ``generate(rng)`` builds minimal pairs: the same frame about the same
group as a hateful post and as negated, positive, quoted/reported (counter-speech) and denounced versions;
threats against groups and individuals next to figurative, sport and news look-alikes. Hand-written posts
are read from ``datasets/synthetic/written_ar.csv``.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

WRITTEN = Path(__file__).resolve().parents[2] / "datasets" / "synthetic" / "written_ar.csv"
VARIETIES = ("msa", "darija", "arabizi")

# labels (hateful, offensive, polarising, violent)
ZERO = (0, 0, 0, 0)
HATE = (1, 1, 1, 0)
HATE_VIOLENT = (1, 1, 1, 1)
INDIVIDUAL = (0, 1, 0, 0)
THREAT_PERSON = (0, 1, 0, 1)
POLAR = (0, None, 1, 0)
POLAR_INSULT = (0, 1, 1, 0)

# --------------------------------------------------------------------------------------------------
# protected groups: target -> (msa, darija, arabizi) plural forms
GROUPS = {
    "muslims": ("المسلمين", "لمسلمين", "lmuslimin"),
    "jews": ("اليهود", "ليهود", "lihoud"),
    "christians": ("المسيحيين", "النصارى", "nsara"),
    "shia_muslims": ("الشيعة", "الشيعة", "chi3a"),
    "moroccans": ("المغاربة", "لمغاربة", "lmgharba"),
    "turks": ("الأتراك", "الأتراك", "torkiyin"),
    "arabs": ("العرب", "لعرب", "l3rab"),
    "amazigh": ("الأمازيغ", "الأمازيغ", "imazighen"),
    "black_people": ("السود", "الناس السود", "nass l9hel"),
    "sub_saharan_africans": ("الأفارقة جنوب الصحراء", "الأفارقة", "lafar9a"),
    "migrants": ("المهاجرين", "لمهاجرين", "lmhajrin"),
    "refugees": ("اللاجئين", "اللاجئين", "laji2in"),
    "roma": ("الغجر", "الغجر", "roma"),
    "gay_people": ("المثليين", "المثليين", "lmithliyin"),
    "trans_people": ("العابرين جنسيا", "الترانس", "trans"),
    "women": ("النساء", "لعيالات", "l3yalat"),
    "disabled_people": ("ذوي الإعاقة", "المعاقين", "lm3a9in"),
    "elderly": ("كبار السن", "الشيابين", "chibanyin"),
    "asians": ("الآسيويين", "الشينوا", "chinwa"),
    "belgians": ("البلجيكيين", "لبلجيكيين", "lbeljikiyin"),
}

CITIES = {
    "msa": ["بروكسل", "أنتويرب", "مولنبيك", "ميخلن", "شارلروا", "لييج", "سكاربيك", "غنت", "أندرلخت"],
    "darija": ["بروكسيل", "أنفرس", "مولنبيك", "ميشلن", "شارلروا", "لييج", "سخاربيك", "خنت", "بوغرهوت"],
    "arabizi": ["Brussel", "Bruxelles", "Antwerpen", "anvers", "Molenbeek", "Mechelen", "Charleroi", "Liège",
                "Schaerbeek", "Borgerhout", "molenbeek", "brussel"],
}

# --------------------------------------------------------------------------------------------------
# core frames: (hateful kind, hateful sentence, negated sentence, positive sentence)
CORES = {
    "msa": [
        ("hateful_derog", "{G} حثالة المجتمع ولا يجلبون إلا المشاكل إلى {C}",
         "{G} ليسوا حثالة المجتمع ولا يجلبون المشاكل إلى {C}",
         "{G} جزء من {C} ويساهمون في حياتها كل يوم"),
        ("hateful_dehumanise", "{G} مجرد حشرات تتكاثر في أحيائنا",
         "{G} ليسوا حشرات، إنهم بشر مثلنا تماما",
         "{G} جيراننا وأصدقاؤنا في الحي"),
        ("hateful_dehumanise", "{G} أقرب إلى الحيوانات منهم إلى البشر",
         "لا أرى في {G} إلا بشرا مثلنا، لا فرق بيننا",
         "{G} يستحقون الاحترام والكرامة مثل أي إنسان"),
        ("hateful_stereotype", "كل {G} لصوص وكسالى يعيشون على المساعدات",
         "{G} ليسوا لصوصا ولا كسالى، هذه صورة نمطية كاذبة",
         "{G} الذين أعرفهم يعملون بجد ليل نهار"),
        ("hateful_stereotype", "{G} كلهم إرهابيون بالفطرة",
         "{G} ليسوا إرهابيين، والتعميم ظلم",
         "{G} في حينا نظموا حملة تبرع بالدم هذا الأسبوع"),
        ("hateful_opinion", "أكره {G} من كل قلبي ولا أطيق رؤيتهم",
         "لا أكره {G}، ولا أفهم من يكرههم",
         "أحب التنوع في {C}، و{G} جزء منه"),
        ("hateful_opinion", "أنا بصراحة أحتقر {G} ولن أتغير",
         "لا أحتقر {G} ولن أقبل بمن يحتقرهم",
         "أحترم {G} وتعلمت منهم الكثير"),
        ("hateful_question", "لماذا نقبل أن يعيش {G} بيننا أصلا؟",
         "لماذا لا نقبل أن يعيش {G} بيننا بكرامة؟",
         "كيف يمكن أن ندعم {G} في {C} أكثر؟"),
        ("hateful_question", "متى سنتخلص من {G} نهائيا؟",
         "متى سنتخلص من العنصرية ضد {G} نهائيا؟",
         "متى سننظم يوما مفتوحا للتعرف على {G} في الحي؟"),
        ("hateful_question", "هل يوجد بين {G} شخص واحد محترم؟",
         "هل يوجد حقا من يظن أن {G} كلهم سيئون؟",
         "هل يوجد بين {G} من يريد التطوع معنا في رمضان؟"),
        ("hateful_derog", "{G} عار على هذا البلد",
         "{G} ليسوا عارا على هذا البلد بل جزء منه",
         "{G} يجعلون هذا البلد أغنى"),
        ("hateful_dehumanise", "{G} وباء يجب تنظيف البلد منه",
         "{G} ليسوا وباء، الوباء الحقيقي هو الكراهية",
         "{G} أضافوا الكثير إلى ثقافة {C}"),
        ("hateful_opinion", "{G} لا مكان لهم في أوروبا",
         "من قال إن {G} لا مكان لهم في أوروبا؟ مكانهم هنا",
         "أوروبا بيت {G} أيضا"),
        ("hateful_derog", "{G} أغبياء بطبعهم ولا يصلحون لأي عمل",
         "{G} ليسوا أغبياء، وهذا الكلام لا أساس له",
         "زميلي في العمل من {G} وهو أذكى واحد في الفريق"),
        # negated positives and 'I can't stand X': where the model is weakest in MSA
        ("hateful_derog", "لا يوجد بين {G} إنسان صالح واحد",
         "لا يوجد بين {G} ما يبرر الكراهية ضدهم",
         "يوجد بين {G} الكثير من الناس الطيبين"),
        ("hateful_opinion", "{G} لن يكونوا أبدا جزءا من هذا البلد",
         "لا أحد يحق له أن يقول إن {G} ليسوا جزءا من هذا البلد",
         "{G} جزء أصيل من هذا البلد"),
        ("hateful_opinion", "لا أطيق وجود {G} في حيي",
         "لا مشكلة عندي أبدا مع وجود {G} في حيي",
         "يسعدني وجود {G} في حيي"),
        ("hateful_question", "أليس من الأفضل أن يرحل كل {G} عن {C}؟",
         "أليس من الظلم أن يطالب البعض برحيل {G} عن {C}؟",
         "أليس من الجميل أن يعيش {G} معنا في {C}؟"),
        ("hateful_dehumanise", "{G} طفيليات تمتص خيرات البلد",
         "{G} ليسوا طفيليات، بل يعملون ويدفعون الضرائب مثلنا",
         "{G} يعملون ويدفعون الضرائب ويبنون البلد معنا"),
    ],
    "darija": [
        ("hateful_derog", "{G} غير زبل، ماجابو لينا غير المشاكل ل{C}",
         "{G} ماشي زبل، وماشي هوما اللي جابو المشاكل ل{C}",
         "{G} ناس مزيانين، عايشين معانا ف{C} بلا مشاكل"),
        ("hateful_dehumanise", "{G} بحال الحشرات، كيتكاثرو ف كل زنقة",
         "{G} ماشي حشرات، راهم بنادم بحالنا",
         "{G} جيرانا وصحابنا ف الحومة"),
        ("hateful_dehumanise", "{G} حيوانات ماشي بنادم",
         "{G} بنادم بحالنا، حتى واحد فيهم ماشي حيوان",
         "{G} عندهم نفس الحقوق بحالنا"),
        ("hateful_stereotype", "{G} كاملين شفارة وكسالى، عايشين غير على الشوماج",
         "{G} ماشي شفارة ولا كسالى، هادا غير كليشي خايب",
         "{G} اللي كنعرف كيخدمو ليل ونهار"),
        ("hateful_stereotype", "{G} كلهم ارهابيين من الزكة",
         "{G} ماشي ارهابيين، والتعميم حشومة",
         "{G} ف الحومة دارو حملة ديال التبرع بالدم"),
        ("hateful_opinion", "كنكره {G} بزاف، ما كنطيقش نشوفهم",
         "أنا ما كنكرهش {G}، وما فاهمش علاش شي ناس كيكرهوهم",
         "كنبغي {C} حيت فيها {G} وناس من كل بلاد"),
        ("hateful_opinion", "والله ما كنحمل {G}، كيدوخوني",
         "أنا ماعنديش مشكل مع {G} نهائيا",
         "كنحترم {G} وتعلمت منهم بزاف"),
        ("hateful_question", "علاش خلاو {G} يعيشو معانا أصلا؟",
         "علاش بعض الناس ما بغاوش {G} يعيشو معانا بكرامة؟",
         "كيفاش نقدرو نعاونو {G} ف{C}؟"),
        ("hateful_question", "إمتا غادي نتهناو من {G} نهائيا؟",
         "إمتا غادي نتهناو من العنصرية ضد {G}؟",
         "إمتا غادي نديرو نهار مفتوح باش نتعرفو على {G}؟"),
        ("hateful_question", "واش كاين شي واحد مزيان ف{G}؟ ما نظنش",
         "واش بصح كاين اللي كيظن {G} كاملين خايبين؟",
         "واش كاين شي حد من {G} بغا يتطوع معانا ف رمضان؟"),
        ("hateful_derog", "{G} حشومة على هاد البلاد",
         "{G} ماشي حشومة، هوما جزء من هاد البلاد",
         "{G} كيزيدو هاد البلاد غنى"),
        ("hateful_dehumanise", "{G} بحال شي مرض، خاص البلاد تنقى منهم",
         "{G} ماشي مرض، المرض هو العنصرية",
         "{G} زادو بزاف للثقافة ديال {C}"),
        ("hateful_opinion", "{G} ما عندهم بلاصة ف أوروبا",
         "{G} عندهم بلاصتهم ف أوروبا بحال الناس كاملين",
         "أوروبا دار {G} حتى هي"),
        ("hateful_derog", "{G} مكلخين من الزكة وما يصلحو لحتى خدمة",
         "{G} ماشي مكلخين، هاد الهضرة ما عندها حتى أساس",
         "صاحبي ف الخدمة من {G} وهو أذكى واحد فينا"),
        ("hateful_derog", "ما كاين حتى واحد مزيان ف {G}",
         "ما كاين حتى سبب باش نكرهو {G}",
         "كاينين بزاف ديال الناس مزيانين ف {G}"),
        ("hateful_opinion", "ما بغيتش {G} ف الحومة ديالي",
         "ما عنديش مشكل {G} يكونو ف الحومة ديالي",
         "فرحان حيت {G} ساكنين ف الحومة ديالي"),
        ("hateful_dehumanise", "{G} غير طفيليات كيمصو خير البلاد",
         "{G} ماشي طفيليات، راهم كيخدمو ويخلصو الضرايب",
         "{G} كيخدمو ويخلصو الضرايب وكيبنيو البلاد معانا"),
    ],
    "arabizi": [
        ("hateful_derog", "{G} ghir zbel, ma jabou lina ghir lmachakil l {C}",
         "{G} machi zbel, w machi homa li jabou lmachakil l {C}",
         "{G} nass mzyanin, 3aychin m3ana f {C} bla machakil"),
        ("hateful_dehumanise", "{G} b7al l7acharat, kaytkatrou f kol zen9a",
         "{G} machi 7acharat, rahom bnadem b7alna",
         "{G} jiranna w s7abna f l7ouma"),
        ("hateful_dehumanise", "{G} 7ayawanat machi bnadem",
         "{G} bnadem b7alna, 7ta wa7ed fihom machi 7ayawan",
         "{G} 3andhom nafs l7o9o9 b7alna"),
        ("hateful_stereotype", "{G} kamlin chefara w kosala, 3aychin ghir 3la chômage",
         "{G} machi chefara wla kosala, hadchi ghir cliché khayb",
         "{G} li kan3ref kaykhdmo lil w nhar"),
        ("hateful_stereotype", "{G} kamlin irhabiyin mn zzka",
         "{G} machi irhabiyin, w ta3mim 7chouma",
         "{G} f l7ouma daro 7amla dyal don du sang"),
        ("hateful_opinion", "kankrah {G} bzaf, ma kantii9ch nchoufhom",
         "ana ma kankrahch {G}, w ma fahemch 3lach chi nass kaykrhouhom",
         "kanbghi {C} 7it fiha {G} w nass mn kol blad"),
        ("hateful_opinion", "wallah ma kan7mel {G}, kaydoukhouni",
         "ana ma3andi 7ta mochkil m3a {G}",
         "kan7tarem {G} w t3allamt mnhom bzaf"),
        ("hateful_question", "3lach khlaw {G} y3icho m3ana asln?",
         "3lach ba3d nass ma bghawch {G} y3icho m3ana b karama?",
         "kifach n9edro n3awno {G} f {C}?"),
        ("hateful_question", "imta ghadi nthnaw mn {G} nihaiyan?",
         "imta ghadi nthnaw mn l3onsoriya 3la {G}?",
         "imta ghadi ndiro nhar maftou7 bach nt3arfo 3la {G}?"),
        ("hateful_question", "wach kayn chi wa7ed mzyan f {G}? ma ndennch",
         "wach bss7 kayn li kaydenn {G} kamlin khaybin?",
         "wach kayn chi 7ed mn {G} bgha yttawe3 m3ana f ramadan?"),
        ("hateful_derog", "{G} 7chouma 3la had lblad",
         "{G} machi 7chouma, homa joz2 mn had lblad",
         "{G} kayzido had lblad ghina"),
        ("hateful_dehumanise", "{G} b7al chi mrd, khass lblad tn9a mnhom",
         "{G} machi mrd, lmrd howa l3onsoriya",
         "{G} zado bzaf l culture dyal {C}"),
        ("hateful_derog", "{G} zijn echt ghir zbel, ze verpesten heel {C}",
         "{G} zijn geen zbel khouya, ze verpesten niks in {C}",
         "{G} maken {C} mooier khouya, respect"),
        ("hateful_dehumanise", "{G} c'est des cafards wesh, ils envahissent {C}",
         "{G} c'est pas des cafards wesh, c'est des humains comme nous",
         "{G} c'est nos voisins wesh, ils font vivre {C}"),
        ("hateful_derog", "ma kayn 7ta wa7ed mzyan f {G}",
         "ma kayn 7ta sabab bach nkrhou {G}",
         "kaynin bzaf dyal nass mzyanin f {G}"),
        ("hateful_opinion", "ma bghitch {G} f l7ouma dyali",
         "ma3ndi 7ta mochkil {G} ykouno f l7ouma dyali",
         "fer7an 7it {G} saknin f l7ouma dyali"),
        ("hateful_opinion", "je déteste {G}, wallah ils me dégoûtent",
         "je déteste pas {G} wesh, arrête de dire n'importe quoi",
         "j'adore {G} de mon quartier, toujours là pour aider"),
        ("hateful_stereotype", "{G} zijn allemaal profiteurs, ze komen hier voor het geld",
         "{G} zijn geen profiteurs, dat is gewoon een vooroordeel",
         "{G} in mijn straat werken keihard, respect"),
    ],
}

# a threat or call added to a hateful core sentence: the violent member of the same minimal pair
VIOLENT_TAILS = {
    "msa": [("call_violence_group", "، ويجب حرقهم جميعا"), ("threat_group", "، وسنطردهم من {C} بالسكاكين"),
            ("call_violence_group", ". اضربوهم أينما وجدتموهم"), ("threat_group", "، وسترون ما سنفعله بهم ليلة السبت")],
    "darija": [("call_violence_group", "، خاصنا نحرقوهم كاملين"), ("threat_group", "، غادي نخرجوهم من {C} بالجناوا"),
               ("call_violence_group", ". ضربوهم فين ما لقيتوهم"), ("threat_group", "، وغادي تشوفو شنو نديرو فيهم نهار السبت")],
    "arabizi": [("call_violence_group", ", khassna n7r9ohom kamlin"), ("threat_group", ", ghadi nkhrjohom mn {C} b jnawa"),
                ("call_violence_group", ". drbouhom fin ma l9itouhom"), ("threat_group", ", on va les défoncer samedi soir")],
}

# slurs and coded terms (plural forms as used in posts); target -> list per variety
SLURS = {
    "msa": [("الزنوج", "black_people"), ("العبيد", "black_people"), ("الشواذ", "gay_people"),
            ("المخنثين", "trans_people"), ("أحفاد القردة", "jews"), ("الصليبيين", "christians"),
            ("الروافض", "shia_muslims"), ("الغزاة", "migrants"), ("ناقصات العقل", "women"),
            ("الأعراب", "arabs")],
    "darija": [("العزاوة", "black_people"), ("الكحالش", "black_people"), ("الزوامل", "gay_people"),
               ("لمخنتين", "trans_people"), ("الشلوح", "amazigh"), ("الصراصير", "migrants"),
               ("الروافض", "shia_muslims"), ("لعروبية", "arabs"), ("القردة", "jews")],
    "arabizi": [("3azzawa", "black_people"), ("kahlouch", "black_people"), ("zwamel", "gay_people"),
                ("m5anntin", "trans_people"), ("chlou7", "amazigh"), ("makakken", "moroccans"),
                ("bougnoules", "arabs"), ("srasr", "migrants"), ("l9rouda", "jews"),
                ("gelukzoekers", "refugees")],
}

# hateful slur posts {S}; the same sentence is quoted in counter-speech
SLUR_FRAMES = {
    "msa": ["هؤلاء {S} يملؤون {C} بالقذارة", "لا أريد {S} في حيي", "{S} يجب أن يعودوا من حيث أتوا",
            "كل {S} متشابهون، لا خير فيهم", "انظروا إلى {S} في محطة {C}، مقرف"],
    "darija": ["هادوك {S} عمرو {C} بالوسخ", "ما بغيتش {S} ف الحومة ديالي", "{S} خاصهم يرجعو منين جاو",
               "{S} كاملين بحال بحال، حتى خير ما فيهم", "شوفو {S} ف لاكار ديال {C}، تقززت"],
    "arabizi": ["had {S} 3mmro {C} b lwse5", "ma bghitch {S} f l7ouma dyali", "{S} khasshom yrj3o mnin jaw",
                "{S} kamlin b7al b7al, 7ta khir ma fihom", "chouf {S} f la gare de {C}, beurk",
                "die {S} overal in {C} wallah", "encore des {S} partout à {C} wesh"],
}

# counter-speech around a quoted hateful sentence {Q} (label 0)
QUOTE = {
    "msa": ["كتب أحدهم تحت منشوري: «{Q}». هذا كلام عنصري ولن أسكت عنه",
            "«{Q}» — هكذا يتكلم البعض، وهذا بالضبط ما يجب أن نرفضه",
            "عندما تقرأ «{Q}» في تعليق عادي تفهم حجم العنصرية التي نواجهها",
            "قال لي رجل في الترام: {Q}. لا، هذا غير مقبول بأي شكل",
            "من يكتب \"{Q}\" لا يمثلنا. الكراهية ليست رأيا"],
    "darija": ["واحد كتب ليا ف الكومنتير: «{Q}». هادي عنصرية وما غاديش نسكت عليها",
               "«{Q}» … هادشي اللي كيقولو شي ناس، وهادشي اللي خاصنا نرفضوه",
               "ملي كتقرا \"{Q}\" ف كومنتير عادي كتفهم شحال كاينة العنصرية",
               "واحد السيد ف الطرام قال ليا: {Q}. لا أخويا، هادشي ما مقبولش",
               "اللي كيكتب \"{Q}\" ما كيمثلناش. الكراهية ماشي رأي"],
    "arabizi": ["wa7ed kteb lia f commentaire: \"{Q}\". had l3onsoriya ma ghadich nskt 3liha",
                "\"{Q}\" ... hadchi li kaygoulo chi nass, w hadchi li khassna nrfdouh",
                "mlli kat9ra \"{Q}\" f commentaire 3adi katfhem ch7al kayna l3onsoriya",
                "chi wa7ed f tram gal lia: {Q}. nee khouya, dat is racisme, punt",
                "li kayekteb \"{Q}\" ma kaymetelnach. la haine c'est pas une opinion"],
}
REPORT = {
    "msa": ["أبلغت عن حساب كتب أن {Q}. أرجو من الجميع التبليغ أيضا",
            "تقرير اليوم: منشورات تقول إن {Q} انتشرت في مجموعات {C}، والشرطة فتحت تحقيقا",
            "صورت الجدار في {C} حيث كتب أحدهم «{Q}» وأرسلت الصورة إلى البلدية",
            "حذفت المنصة التعليق الذي يقول {Q} بعد تبليغنا. شكرا لكل من بلّغ"],
    "darija": ["بلغت على واحد الحساب كاتب بلي {Q}. عافاكم بلغو حتى نتوما",
               "الشرطة ف {C} فتحات بحث على بوسطات كتقول {Q}",
               "صورت الحيط ف {C} فين كتب شي واحد \"{Q}\" وصيفطتها للبلدية",
               "مسحو الكومنتير اللي كيقول {Q} من بعد ما بلغنا عليه، شكرا للجميع"],
    "arabizi": ["signalit wa7ed l compte kateb \"{Q}\". 3afakom signaliw 7ta ntouma",
                "politie f {C} bdat onderzoek 3la posts li kaygoulo \"{Q}\"",
                "swwert l7it f {C} fin kteb chi wa7ed \"{Q}\" w sifttha l gemeente",
                "ms7o l commentaire \"{Q}\" mn b3d ma signalina, merci l kolchi"],
}
DENOUNCE = {
    "msa": ["القول بأن {Q} كلام مقرف ولا علاقة له بالحقيقة",
            "من المخزي أن يردد سياسي أن {Q}",
            "لا يمكن أن نقبل بخطاب يقول إن {Q}. هذه كراهية صريحة"],
    "darija": ["اللي كيقول بلي {Q} راه غالط ومريض",
               "حشومة واحد السياسي يعاود بلي {Q}",
               "ما يمكنش نقبلو هضرة كتقول {Q}، هادي كراهية وصافي"],
    "arabizi": ["li kaygoul bli \"{Q}\" rah ghalet w mrid",
                "7chouma chi politicien y3awed bli {Q}",
                "dire que \"{Q}\" c'est du racisme pur, point"],
}

# benign mentions (all 0)
NEUTRAL = {
    "msa": ["يعيش الكثير من {G} في {C}", "نقاش اليوم في المدرسة كان عن تاريخ {G} في أوروبا",
            "هل يعرف أحد جمعية لـ{G} في {C}؟", "{G} في بلجيكا لهم جمعيات كثيرة",
            "سأكتب بحث التخرج عن {G} في سوق العمل"],
    "darija": ["كاينين بزاف ديال {G} ف{C}", "الأستاذ هضر لينا اليوم على تاريخ {G} ف أوروبا",
               "واش شي حد كيعرف شي جمعية ديال {G} ف{C}؟", "البحث ديالي ف الجامعة على {G} ف بلجيكا",
               "شفت ريبورتاج على {G} البارح ف التلفزة"],
    "arabizi": ["kaynin bzaf dyal {G} f {C}", "lprof hdar lina lyoum 3la l histoire dyal {G} f europa",
                "wach chi 7ed kay3ref chi vereniging dyal {G} f {C}?", "mijn thesis gaat over {G} f belgië",
                "chft reportage 3la {G} lbare7 f tv"],
}
NEWS = {
    "msa": ["بلدية {C} تطلق برنامجا جديدا لدعم {G} في سوق العمل",
            "تقرير: {G} يواجهون صعوبات في إيجاد سكن في {C}",
            "مظاهرة في {C} اليوم للتضامن مع {G}",
            "دراسة جديدة حول أوضاع {G} في بلجيكا تنشر هذا الأسبوع",
            "البرلمان يناقش قانونا لحماية {G} من التمييز"],
    "darija": ["البلدية ديال {C} دارت برنامج جديد باش تعاون {G} يلقاو خدمة",
               "تقرير جديد: {G} كيلقاو صعوبة ف الكرا ف{C}",
               "كاينة مظاهرة اليوم ف{C} تضامنا مع {G}",
               "البرلمان غادي يناقش قانون يحمي {G} من التمييز"],
    "arabizi": ["gemeente {C} lan9at programme jdid bach t3awn {G} yl9aw khedma",
                "rapport jdid: {G} kayl9aw s3ouba f lkra f {C}",
                "manif lyoum f {C} en solidarité m3a {G}",
                "parlement ghadi yna9ech loi t7mi {G} mn discriminatie"],
}
PERSONAL = {
    "msa": ["صديقتي من {G} ودعتني إلى الإفطار في رمضان", "جاري من {G} ويساعدني دائما في حمل المشتريات",
            "تعرفت على مجموعة من {G} في نادي كرة القدم في {C}", "أمضيت اليوم مع زملاء من {G} في ورشة عن السكن"],
    "darija": ["صاحبتي من {G} عرضات عليا للفطور ف رمضان", "الجار ديالي من {G} ديما كيعاوني نطلع القضية",
               "تعرفت على شي دراري من {G} ف الكلوب ديال الكورة ف{C}", "دوزت النهار مع صحابي من {G} ف ستاج"],
    "arabizi": ["sa7bti mn {G} 3rdat 3lia l ftour f ramadan", "jari mn {G} dima kay3awni nTele3 l9adia",
                "t3rraft 3la chi drari mn {G} f club dyal foot f {C}", "dwwzt nhar m3a collega's mn {G} f stage"],
}

# --------------------------------------------------------------------------------------------------
# threats against groups: (kind, violent sentence, benign counterpart)
GROUP_THREATS = {
    "msa": [
        ("call_violence_group", "يجب حرق {G} جميعا", "يجب حماية {G} جميعا من الكراهية"),
        ("threat_group", "سنقتلكم أيها {G} واحدا واحدا", "سندافع عنكم أيها {G} واحدا واحدا"),
        ("call_violence_group", "اذبحوا {G} أينما وجدتموهم في {C}", "ساعدوا {G} أينما وجدتموهم في {C}"),
        ("threat_group", "انتظروا أيها {G}، سنأتي إلى حيكم ليلة السبت بالسكاكين",
         "انتظروا أيها {G}، سنأتي إلى حيكم ليلة السبت بالحلويات"),
        ("call_violence_group", "لو كان الأمر بيدي لأطلقت النار على كل {G}",
         "لو كان الأمر بيدي لأعطيت كل {G} حقوقهم كاملة"),
        ("threat_group", "سنفجر تجمعات {G} في {C} قريبا", "سنحضر تجمعات {G} في {C} قريبا للتضامن"),
        ("call_violence_group", "اضربوا أي واحد من {G} ترونه غدا في المحطة",
         "سلموا على أي واحد من {G} ترونه غدا في المحطة"),
        ("threat_group", "إذا اقترب {G} من أطفالنا مرة أخرى فسنسحقهم بأيدينا",
         "إذا احتاج {G} إلى مساعدة مرة أخرى فسنكون بجانبهم"),
    ],
    "darija": [
        ("call_violence_group", "خاصنا نحرقو {G} كاملين", "خاصنا نحميو {G} كاملين من العنصرية"),
        ("threat_group", "غادي نقتلوكم يا {G} واحد بواحد", "غادي نوقفو معاكم يا {G} واحد بواحد"),
        ("call_violence_group", "دبحو {G} فين ما لقيتوهم ف{C}", "عاونو {G} فين ما لقيتوهم ف{C}"),
        ("threat_group", "تسناو يا {G}، جايين للحومة ديالكم نهار السبت بالجناوا",
         "تسناو يا {G}، جايين للحومة ديالكم نهار السبت بالحلوى"),
        ("call_violence_group", "لو كان بيدي نضرب {G} كاملين بالقرطاس",
         "لو كان بيدي نعطي {G} كاملين الحقوق ديالهم"),
        ("threat_group", "غادي نفرشخو أي واحد من {G} نلقاوه غدا ف المحطة",
         "غادي نسلمو على أي واحد من {G} نلقاوه غدا ف المحطة"),
        ("call_violence_group", "شعلو العافية ف الديور ديال {G} ف{C}", "شعلو الشمع ف الحفلة ديال {G} ف{C}"),
        ("threat_group", "إلا قربو {G} لولادنا عاوتاني غادي نطحنوهم", "إلا احتاجو {G} شي عاونة عاوتاني حنا معاهم"),
    ],
    "arabizi": [
        ("call_violence_group", "khassna n7r9o {G} kamlin", "khassna n7miw {G} kamlin mn l3onsoriya"),
        ("threat_group", "ghadi n9tlokom a {G} wa7ed b wa7ed", "ghadi nw9fo m3akom a {G} wa7ed b wa7ed"),
        ("call_violence_group", "db7o {G} fin ma l9itihom f {C}", "3awno {G} fin ma l9itihom f {C}"),
        ("threat_group", "tsnaw a {G}, jayin l 7ouma dyalkom nhar sebt b jnawa 🔪",
         "tsnaw a {G}, jayin l 7ouma dyalkom nhar sebt b l7elwa 🍰"),
        ("call_violence_group", "ila kan b yddi nderb {G} kamlin b 9rtas",
         "ila kan b yddi n3ti {G} kamlin 7o9o9hom"),
        ("threat_group", "we gaan die {G} in {C} allemaal afmaken, wallah",
         "we gaan die {G} in {C} allemaal steunen, wallah"),
        ("call_violence_group", "faut brûler les maisons des {G} à {C} wesh",
         "faut décorer les maisons des {G} à {C} pour l'aïd wesh"),
        ("threat_group", "ila 9rbo {G} l wladna 3awtani ghadi nt7nouhom", "ila 7tajo {G} chi 3awna 3awtani 7na m3ahom"),
    ],
}

# threats against one person with weapons, places, times; each with a look-alike (kind, violent, benign, benign kind)
PERSON_THREATS = {
    "msa": [
        ("threat_individual", "سأقتلك {T} أمام {P}، تذكر كلامي", "سأقتلك إذا تأخرت {T} مرة أخرى عن {P} 😂",
         "violence_figurative"),
        ("threat_individual", "سأطعن ذلك الرجل ب{W} {T} عند {P}", "الشرطة تعلن عن حادث طعن ب{W} قرب {P} {T}",
         "violence_news"),
        ("threat_conditional", "إذا رأيتك {T} قرب {P} سأكسر رأسك", "إذا رأيتك {T} قرب {P} سأعزمك على قهوة",
         "violence_figurative"),
        ("threat_veiled", "انتبه لظهرك {T} عندما تخرج من {P}، نعرف أين تسكن",
         "انتبه لظهرك {T} عندما تخرج من {P}، الرصيف مبلل", "violence_figurative"),
        ("threat_individual", "سأطلق عليك النار {T} يا @USER", "سنسدد على المرمى {T} ونسجل يا @USER ⚽",
         "violence_sport"),
        ("threat_conditional", "إن لم تدفع ديني {T} ستجد نفسك في المستشفى",
         "إن لم تدفع ديني {T} سأشتكي لأمك 😂", "violence_figurative"),
    ],
    "darija": [
        ("threat_individual", "غادي نقتلك {T} قدام {P}، عقل على هاد الهضرة",
         "غادي نقتلك إلا تعطلتي {T} على {P} 😂", "violence_figurative"),
        ("threat_individual", "غادي نضرب داك السيد ب{W} {T} ف{P}", "البوليس: واحد تضرب ب{W} قرب {P} {T}",
         "violence_news"),
        ("threat_conditional", "إلا شفتك {T} حدا {P} غادي نهرس ليك راسك",
         "إلا شفتك {T} حدا {P} غادي نعرض عليك على قهوة", "violence_figurative"),
        ("threat_veiled", "رد بالك {T} ملي تخرج من {P}، عارفين فين ساكن",
         "رد بالك {T} ملي تخرج من {P}، الأرض فازكة", "violence_figurative"),
        ("threat_individual", "غادي نقرطس عليك {T} آ @USER", "غادي نشوطو ونماركيو {T} آ @USER ⚽",
         "violence_sport"),
        ("threat_conditional", "إلا ما رديتيش ليا فلوسي {T} راك غادي تفيق ف السبيطار",
         "إلا ما رديتيش ليا فلوسي {T} غادي نشكيك لماماك 😂", "violence_figurative"),
    ],
    "arabizi": [
        ("threat_individual", "ghadi n9tlek {T} 9oddam {P}, 39el 3la had lhdra",
         "ghadi n9tlek ila t3ttalti {T} 3la {P} 😂", "violence_figurative"),
        ("threat_individual", "ghadi nderb dak sid b {W} {T} f {P}", "politie: wa7ed tdreb b {W} 9rib mn {P} {T}",
         "violence_news"),
        ("threat_conditional", "ila chftek {T} 7da {P} ghadi nhrres lik rassek",
         "ila chftek {T} 7da {P} ghadi n3rred 3lik 3la café", "violence_figurative"),
        ("threat_veiled", "rd balek {T} mlli tkhrej mn {P}, 3arfin fin saken",
         "rd balek {T} mlli tkhrej mn {P}, lard fazga", "violence_figurative"),
        ("threat_individual", "ik ga je kapotmaken {T} @USER, ghir tsna", "we gaan ze kapotmaken {T} @USER, 3-0 inchallah ⚽",
         "violence_sport"),
        ("threat_conditional", "ila ma rddtich lia flousi {T} ghadi tfi9 f sbitar",
         "ila ma rddtich lia flousi {T} ghadi nchkik l mamak 😂", "violence_figurative"),
        ("threat_veiled", "je sais où tu habites {T}, fais gaffe à toi quand tu sors de {P}",
         "je sais où tu habites {T}, je passe te déposer ton colis à {P}", "violence_figurative"),
    ],
}
WEAPONS = {"msa": ["السكين", "سكين", "عصا", "مسدس", "ساطور"], "darija": ["جنوي", "الجنوي", "زرواطة", "سيف", "فردي"],
           "arabizi": ["jenwi", "zerwata", "sif", "couteau", "mes"]}
TIMES = {"msa": ["غدا", "الليلة", "يوم الجمعة", "بعد المباراة", "بعد صلاة التراويح", "صباح الاثنين"],
         "darija": ["غدا", "هاد الليلة", "نهار الجمعة", "من بعد الماتش", "من بعد التراويح", "الصباح"],
         "arabizi": ["ghedda", "had lila", "nhar jem3a", "mn b3d match", "morgen", "ce soir", "vrijdag"]}
PLACES = {"msa": ["المدرسة", "محطة القطار", "المقهى", "الملعب", "السوق", "باب المسجد"],
          "darija": ["المدرسة", "لاكار", "القهوة", "التيران", "السوق", "باب الجامع"],
          "arabizi": ["school", "la gare", "l9ahwa", "terrain", "lmarché", "metro Ribaucourt", "Zuidstation"]}

# stand-alone look-alikes of violence (all 0)
LOOKALIKES = {
    "msa": [("violence_figurative", "هذه الأغنية تقتلني كل مرة 😭"), ("violence_figurative", "أموت من الضحك على هذا الفيديو"),
            ("violence_figurative", "يمكنني أن أقتل من أجل بيتزا الآن"),
            ("violence_figurative", "الامتحان ذبحني اليوم، لم أنم طوال الليل"),
            ("violence_sport", "سحقنا {C} بثلاثة أهداف نظيفة"), ("violence_sport", "أندرلخت دمر ستاندار في الشوط الثاني"),
            ("violence_sport", "الشياطين الحمر هاجموا بقوة وأطلقوا النار على المرمى عشر مرات"),
            ("violence_sport", "كلوب بروج قتل المباراة في الدقيقة 80"),
            ("violence_news", "الشرطة تعلن عن حادث طعن في {C} الليلة الماضية"),
            ("violence_news", "محكمة {C} تدين رجلا هدد جيرانه بسكين"),
            ("violence_news", "إطلاق نار في {C}: لا إصابات حسب الشرطة"),
            ("violence_news", "قصف جديد على غزة اليوم وعشرات الضحايا حسب وكالات الأنباء"),
            ("violence_figurative", "قتلت كل الوحوش في اللعبة وخسرت في المرحلة الأخيرة 🎮")],
    "darija": [("violence_figurative", "هاد الغنية كتقتلني كل مرة 😭"), ("violence_figurative", "متت بالضحك على هاد الفيديو"),
               ("violence_figurative", "نقتل على شي بيتزا دابا"), ("violence_figurative", "الامتحان دبحني اليوم"),
               ("violence_sport", "فرشخناهم 3-0 ف{C} 🔥"), ("violence_sport", "أندرلخت قتلو ستاندار ف الشوط الثاني"),
               ("violence_sport", "الشياطين الحمر هجمو بزاف وشوطو عشر مرات"),
               ("violence_news", "البوليس: واحد تضرب بجنوي ف{C} البارح"),
               ("violence_news", "المحكمة ف{C} حكمات على واحد هدد جيرانو"),
               ("violence_news", "كاين ضرب ديال الرصاص ف{C}، حتى واحد ما تجرح"),
               ("violence_figurative", "قتلت عشرين واحد ف فورتنايت البارح 🎮"),
               ("violence_figurative", "الحرارة ديال اليوم قاتلاني")],
    "arabizi": [("violence_figurative", "had l song kat9telni kol mrra 😭"), ("violence_figurative", "mtt b d7k 3la had video"),
                ("violence_figurative", "n9tel 3la chi pizza daba wallah"), ("violence_figurative", "l'examen dbe7ni lyoum"),
                ("violence_sport", "fr4khnahom 3-0 f {C} 🔥"), ("violence_sport", "anderlecht 9tlo standard f deuxième mi-temps"),
                ("violence_sport", "rode duivels hajmo bzaf w chotaw 10 mrat"),
                ("violence_sport", "we hebben ze afgemaakt gisteren, 4-1 ⚽ club brugge kapot"),
                ("violence_news", "politie: steekpartij f {C} lbare7 f lil"),
                ("violence_news", "schietpartij f {C}, 7ta wa7ed ma tjre7 selon la police"),
                ("violence_figurative", "9telt 20 wa7ed f fortnite lbare7 🎮"),
                ("violence_figurative", "had la chaleur kat9tel wallah"),
                ("violence_figurative", "je vais le tuer mon frère s'il mange encore mon yaourt 😂")],
}

# political out-groups: target -> (msa, darija, arabizi)
POLITICAL = {
    "politicians": ("السياسيون", "السياسيين", "les politiciens"),
    "n_va_voters": ("ناخبو إن في أ", "اللي كيصوتو على N-VA", "les électeurs N-VA"),
    "vlaams_belang_voters": ("ناخبو فلامس بيلانغ", "اللي كيصوتو على فلامس بيلانخ", "Vlaams Belang stemmers"),
    "left_wing": ("اليساريون", "اليساريين", "links"),
    "right_wing": ("اليمينيون", "اليمينيين", "rechts"),
    "government": ("الحكومة", "الحكومة", "regering"),
    "media": ("الإعلاميون", "الصحافة", "les médias"),
}
# (polarising sentence, insulting?, civil sentence)
POLITICAL_FRAMES = {
    "msa": [("{O} أعداء هذا البلد، إما نحن أو هم", False,
             "لا أتفق مع {O} في موضوع السكن، لكن النقاش معهم ضروري"),
            ("{O} كلهم لصوص وكذابون", True, "أرى أن {O} أخطؤوا في ملف الهجرة، وسأصوت ضدهم"),
            ("{O} خونة باعوا البلد ويجب أن نطردهم من حياتنا السياسية", True,
             "برنامج {O} في التعليم لا يقنعني، وهذا رأيي بكل احترام"),
            ("{O} يريدون تدمير كل ما بنيناه، هم ضدنا دائما", False,
             "أختلف مع {O} في كثير من الأمور، لكن بعض أفكارهم معقولة")],
    "darija": [("{O} عديان هاد البلاد، يا حنا يا هوما", False,
                "ما متافقش مع {O} ف موضوع السكنى، ولكن خاص نهضرو معاهم"),
               ("{O} كاملين شفارة وكذابين", True, "كنشوف بلي {O} غلطو ف ملف الهجرة، وغادي نصوت ضدهم"),
               ("{O} خونة باعو البلاد", True, "البرنامج ديال {O} ف التعليم ما عجبنيش، وهادا رأيي باحترام"),
               ("{O} بغاو يخربو كلشي، ديما ضدنا", False, "مختالف مع {O} ف بزاف ديال الحوايج، ولكن شي أفكار معقولة")],
    "arabizi": [("{O} c'est les ennemis de ce pays, c'est eux ou nous", False,
                 "ana ma mtaf9ch m3a {O} 3la logement, mais khass nhdro m3ahom"),
                ("{O} kamlin chefara w kedabin", True, "kanchouf bli {O} ghlto f dossier migratie, ghadi nstemmen tegen"),
                ("{O} zijn verraders, wij tegen hen, simpel", False,
                 "het programma van {O} over onderwijs overtuigt me niet, met respect"),
                ("{O} bghaw ykhrbo kolchi, dima dddna", False,
                 "ana mkhtalef m3a {O} f bzaf dyal l7wayej, walakin chi idées m3a9oula")],
}

# offensive, not about a protected characteristic: (kind, text)
OFFENSIVE = {
    "msa": [("offensive_individual", "@USER أنت أحمق ولا تفهم شيئا"), ("offensive_individual", "@USER كلامك تافه وأنت أتفه منه"),
            ("offensive_individual", "يا غبي، اقرأ المقال قبل أن تعلق"), ("offensive_individual", "@USER اخرس، لا أحد سألك"),
            ("offensive_individual", "أنت أكبر كذاب رأيته في حياتي يا @USER"),
            ("offensive_profanity", "تبا لهذا الطقس، اللعنة"), ("offensive_profanity", "لعنة الله على هذا اليوم الزفت"),
            ("offensive_profanity", "تبا، ضاع الباص مرة أخرى"), ("offensive_profanity", "يا للقرف، الحكم زفت اليوم")],
    "darija": [("offensive_individual", "@USER نتا حمار وما كتفهم والو"), ("offensive_individual", "سير تقود آ @USER"),
               ("offensive_individual", "@USER سد فمك آ البوزبال"), ("offensive_individual", "آ المكلخ قرا البوسط عاد علق"),
               ("offensive_individual", "@USER نتا كذاب وبوجهين"),
               ("offensive_profanity", "تقودات عليا اليوم، الله ينعل الطرام"), ("offensive_profanity", "الزفت ديال الجو هادا"),
               ("offensive_profanity", "الله ينعل هاد الشركة ديال الزبل"), ("offensive_profanity", "تبا، ضاع ليا الطوبيس عاوتاني")],
    "arabizi": [("offensive_individual", "@USER nta 7mar w ma katfhem walou"), ("offensive_individual", "sir t9awd a @USER"),
                ("offensive_individual", "@USER sed fmmek a bouzebal"), ("offensive_individual", "a lmkallekh 9ra post 3ad 3lle9"),
                ("offensive_individual", "@USER t'es qu'un clown, ferme-la"), ("offensive_individual", "@USER jij bent echt een sukkel khouya"),
                ("offensive_profanity", "t9wdat 3lia lyoum, lah yn3el tram"), ("offensive_profanity", "putain had jaw zbel"),
                ("offensive_profanity", "kanker weer te laat, lah yn3el de lijn"), ("offensive_profanity", "merde, nsit portable f dar")],
}

# --------------------------------------------------------------------------------------------------
# style: fillers for long posts, openers, closers, emoji, hashtags
FILLERS = {
    "msa": ["اليوم كان الجو باردا جدا في {C}.", "ذهبت صباحا إلى السوق واشتريت الخبز والزيتون.",
            "رمضان هذا العام جاء في الشتاء والإفطار مبكر.", "المدرسة أغلقت بسبب الإضراب.",
            "أبحث عن شقة في {C} منذ ثلاثة أشهر بلا نتيجة.", "المباراة الليلة بين أندرلخت وكلوب بروج.",
            "الانتخابات البلدية تقترب والكل يتكلم عن السكن.", "قرأت خبرا عن غزة وأنا حزين جدا.",
            "العمل هذا الأسبوع كان متعبا.", "الترام تأخر نصف ساعة كالعادة."],
    "darija": ["اليوم البرد قاصح بزاف ف{C}.", "مشيت الصباح للسوق وشريت الخبز والزيتون.",
               "رمضان هاد العام جا ف الشتا والفطور بكري.", "المدرسة سدات بسبب الإضراب.",
               "عندي تلت شهور كنقلب على شي دار ف{C} وما لقيت والو.", "الماتش الليلة بين أندرلخت وكلوب بروج.",
               "الانتخابات قربات والناس كاملين كيهضرو على الكرا.", "قريت خبار غزة وتقلقت بزاف.",
               "الخدمة هاد السيمانة عيّاتني.", "الطرام تعطل نص ساعة كالعادة."],
    "arabizi": ["lyoum lberd 9ase7 bzaf f {C}.", "mchit sba7 l marché w chrit lkhobz w zitoun.",
                "ramadan had l3am ja f chta w ftour bekri.", "school tsddat 7it kayn grève.",
                "3ndi 3 chhour kan9elleb 3la appartement f {C} w walou.", "match lila anderlecht contre club brugge.",
                "verkiezingen 9rbat w kolchi kayhder 3la lkra.", "9rit les infos 3la gaza w t9ele9t bzaf.",
                "werk had simana 3yyatni.", "tram t3ttel nss sa3a comme d'hab."],
}
OPENERS = {"msa": ["@USER ", "والله ", "بصراحة ", "صراحة ", "", "", "", "يا جماعة "],
           "darija": ["@USER ", "والله ", "بصراحة ", "خويا ", "", "", "", "آ الناس "],
           "arabizi": ["@USER ", "wallah ", "sérieux ", "khouya ", "", "", "", "wesh ", "echt ", "frr "]}
# emoji by tone, so that a benign post never carries a disgust or anger emoji aimed at the group
EMOJI = {"hate": ["😡", "🤮", "😤", "🙄", "😂", "💯", "🤦", "🐀", "🚮"],
         "benign": ["❤️", "👍", "🙏", "🇧🇪", "🇲🇦", "😂", "💯", "🔥", "😢", "🤲", "☕", "⚽"],
         "counter": ["😡", "😤", "🤦", "😢", "🙏", "💯", "❌", "✊"]}
HASHTAGS = {"msa": ["#بروكسل", "#بلجيكا", "#رمضان", "#غزة", "#الهجرة", "#الانتخابات"],
            "darija": ["#بروكسيل", "#مغاربة_بلجيكا", "#رمضان", "#غزة", "#الحريك"],
            "arabizi": ["#Molenbeek", "#Bruxelles", "#Antwerpen", "#RodeDuivels", "#Anderlecht", "#Pride",
                        "#verkiezingen", "#ramadan", "#Gaza"]}


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
        fillers = rng.sample(FILLERS[variety], rng.randint(3, 5))
        fillers = [f.replace("{C}", city or rng.choice(CITIES[variety])) for f in fillers]
        at = rng.randrange(len(fillers) + 1)
        core = text if text[-1:] in "؟?!" else text.rstrip(".") + "."
        parts = fillers[:at] + [core] + fillers[at:]
        text = " ".join(parts)
    else:
        text = rng.choice(OPENERS[variety]) + text
    r = rng.random()
    if r < 0.35:
        text += " " + rng.choice(EMOJI[tone]) * rng.randint(1, 3)
    elif r < 0.5:
        text += " " + rng.choice(HASHTAGS[variety])
    elif r < 0.6:
        text += rng.choice(["!!", "...", "؟؟" if variety != "arabizi" else "??", " !"])
    return _typo(text, rng, variety)


def _post(text, labels, kind, variety, target, pair, origin="template", **meta):
    h, o, p, v = labels
    return {"text": text, "labels": {"hateful": h, "offensive": o, "polarising": p, "violent": v},
            "kind": kind, "variety": variety, "target": target, "pair": pair, "origin": origin, "meta": meta}


def _styled(rng, text, labels, kind, variety, target, pair, *, long=False, city="", **meta):
    """A template post in social-media style; emoji follow the tone of the labels."""
    if labels[0] == 1 or labels[3] == 1 or labels[2] == 1:
        tone = "hate"
    elif kind.startswith(("counter_speech", "denounced", "negated")):
        tone = "counter"
    else:
        tone = "benign"
    return _post(_style(text, variety, rng, long=long, city=city, tone=tone), labels, kind, variety, target, pair,
                 **meta)


def _group_name(target: str, variety: str) -> str:
    return GROUPS[target][VARIETIES.index(variety)]


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
        cities = CITIES[variety]
        for target in GROUPS:
            base = _group_name(target, variety)
            for ci, (kind, hate, neg, pos) in enumerate(CORES[variety]):
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
                    vkind, tail = rng.choice(VIOLENT_TAILS[variety])
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
                    out.append(_styled(rng, rng.choice(QUOTE[variety]).replace("{Q}", q), ZERO, "counter_speech_quote",
                                       variety, target, pair))
                elif r < 0.7:
                    out.append(_styled(rng, rng.choice(REPORT[variety]).replace("{Q}", q).replace("{C}", city), ZERO,
                                       "counter_speech_report", variety, target, pair))
                elif kind != "hateful_question":
                    out.append(_styled(rng, rng.choice(DENOUNCE[variety]).replace("{Q}", q), ZERO, "denounced_hate",
                                       variety, target, pair))
            # benign mentions not tied to a hateful frame
            for kind, table in (("identity_neutral", NEUTRAL), ("identity_news", NEWS), ("identity_personal", PERSONAL)):
                for t in rng.sample(table[variety], 2):
                    city = rng.choice(cities)
                    out.append(_styled(rng, _fill(t, base, city), ZERO, kind, variety, target,
                                       f"ar:{variety}:{kind}:{target}", long=rng.random() < 0.15, city=city))
    return out


def _slur_posts(rng: random.Random) -> list[dict]:
    """Slurs and coded terms in hateful posts, and the same sentences quoted or reported in counter-speech."""
    out = []
    for variety in VARIETIES:
        for si, (slur, target) in enumerate(SLURS[variety]):
            for fi, frame in enumerate(SLUR_FRAMES[variety]):
                city = rng.choice(CITIES[variety])
                pair = f"ar:{variety}:slur{si}:{fi}"
                h = _fill(frame.replace("{S}", _variant(slur, rng, 0.35)), "", city)
                out.append(_styled(rng, h, HATE, "hateful_slur", variety, target, pair, long=rng.random() < 0.15,
                                   city=city, slur=slur))
                q = _fill(frame.replace("{S}", _variant(slur, rng, 0.15)), "", city)
                if fi % 2 == 0:
                    t = rng.choice(QUOTE[variety]).replace("{Q}", q)
                    out.append(_styled(rng, t, ZERO, "counter_speech_quote", variety, target, pair, slur=slur))
                else:
                    t = rng.choice(REPORT[variety]).replace("{Q}", q).replace("{C}", city)
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
        for target in GROUPS:
            base = _group_name(target, variety)
            for ti, (kind, viol, benign) in enumerate(GROUP_THREATS[variety]):
                city = rng.choice(CITIES[variety])
                pair = f"ar:{variety}:gthreat{ti}:{target}"
                v = _fill(viol, _variant(base, rng, 0.1), city)
                out.append(_styled(rng, v, HATE_VIOLENT, kind, variety, target, pair, long=rng.random() < 0.2, city=city))
                if rng.random() < 0.5:
                    out.append(_styled(rng, _fill(benign, base, city), ZERO, "identity_positive", variety, target, pair))
                if rng.random() < 0.35:
                    q = _fill(viol, base, city)
                    k, table = rng.choice([("counter_speech_report", REPORT), ("counter_speech_quote", QUOTE)])
                    t = rng.choice(table[variety])
                    if '"{Q}"' not in t and "«{Q}»" not in t:  # a threat is in the first person: quote it as said
                        q = f'"{q}"' if variety == "arabizi" else f"«{q}»"
                    t = t.replace("{Q}", q).replace("{C}", city)
                    out.append(_styled(rng, t, ZERO, k, variety, target, pair))
        for ti, (kind, viol, benign, bkind) in enumerate(PERSON_THREATS[variety]):
            for rep in range(14):
                w, t, p = rng.choice(WEAPONS[variety]), rng.choice(TIMES[variety]), rng.choice(PLACES[variety])
                pair = f"ar:{variety}:pthreat{ti}:{rep}"

                def fill(s, w=w, t=t, p=p):
                    return s.replace("{W}", w).replace("{T}", t).replace("{P}", p)
                out.append(_styled(rng, fill(viol), THREAT_PERSON, kind, variety, None, pair, long=rng.random() < 0.1))
                out.append(_styled(rng, fill(benign), ZERO, bkind, variety, None, pair, long=rng.random() < 0.1))
        for li, (kind, text) in enumerate(LOOKALIKES[variety]):
            for rep in range(3):
                city = rng.choice(CITIES[variety])
                out.append(_styled(rng, text.replace("{C}", city), ZERO, kind, variety, None, f"ar:{variety}:look{li}",
                                   long=rep == 2, city=city))
    return out


def _political_posts(rng: random.Random) -> list[dict]:
    """Us-vs-them vilification of political out-groups next to civil disagreement; insults and profanity."""
    out = []
    for variety in VARIETIES:
        for target, names in POLITICAL.items():
            name = names[VARIETIES.index(variety)]
            for fi, (pol, insult, civil) in enumerate(POLITICAL_FRAMES[variety]):
                pair = f"ar:{variety}:pol{fi}:{target}"
                for rep in range(2):
                    out.append(_styled(rng, pol.replace("{O}", name), POLAR_INSULT if insult else POLAR,
                                       "polarising_vilification", variety, target, pair, long=rep == 1))
                    out.append(_styled(rng, civil.replace("{O}", name), ZERO, "civil_disagreement", variety, target,
                                       pair, long=rep == 1))
        for oi, (kind, text) in enumerate(OFFENSIVE[variety]):
            for rep in range(4):
                out.append(_styled(rng, text, INDIVIDUAL, kind, variety, None, f"ar:{variety}:off{oi}", long=rep == 3))
    return out


def _label(v: str):
    v = (v or "").strip()
    return None if v == "" else int(v)


def _written() -> list[dict]:
    if not WRITTEN.exists():
        return []
    out = []
    with WRITTEN.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            labels = tuple(_label(row[k]) for k in ("hateful", "offensive", "polarising", "violent"))
            out.append(_post(row["text"], labels, row["kind"], row["variety"], row.get("target") or None,
                             f"ar:written:{i}", origin="written"))
    return out


def generate(rng: random.Random) -> list[dict]:
    """All Arabic synthetic posts (msa, darija, arabizi), deterministic given ``rng``."""
    posts = _group_frames(rng) + _slur_posts(rng) + _threat_posts(rng) + _political_posts(rng) + _written()
    return posts
