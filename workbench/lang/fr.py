"""French, in one place (as translate-toolkit's ``translate/lang/fr.py``): function words,
elisions, letters, months and weekdays, numbers in words, scale and percent words, abbreviations
and the capitalised words that are not names.

Data only: language detection (:mod:`workbench.lang.detect`), segmentation
(:mod:`workbench.segment`) and the QA checks (:mod:`workbench.qa`) read it.
"""

from __future__ import annotations

import re

from workbench.lang._words import numbered, words, wordset

#: French function words: the one set that language detection and the ``untranslated`` check
#: count as evidence of French.
STOPWORDS = wordset("""
    le la les de des du un une et est sont été être que qui quoi ne pas se sa son ses au aux en
    dans sur pour par avec ce cet cette ces il elle ils elles nous vous leur leurs mais ou où
    comme ont avait avaient était étaient à selon après avant entre sans sous contre vers chez
    lors dont donc aussi très tout tous toute toutes fait ainsi même déjà peut plus moins notre
    nos votre vos mon ma mes ton ta tes je tu lui eux celui celle ceux cela ça ici depuis pendant
    encore alors quand lorsque puis car si non oui bien deux trois
    a y dit va doit faut
    """)
#: Function words of STOPWORDS that are also common English words ("a", "car", "plus",
#: "son", "non-profit"): in English text they are no evidence of French.
ALSO_ENGLISH = wordset("a car non plus son ton")
#: Function words of STOPWORDS that are also Vietnamese syllables ("du lịch", "sa thải",
#: "la bàn", "chúng ta", "ma túy", "y tế", "va chạm", "non sông", "si mê", "tu sửa").
ALSO_VIETNAMESE = wordset("a du la ma mon non sa se si son ta tu va y")
#: Elided articles and conjunctions (``l’``, ``qu’``, ``jusqu’`` ...) before a letter; match
#: case-insensitively.
ELISION = re.compile(
    r"(?<![^\W\d_])(?:l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu|quoiqu|presqu)['’](?=[^\W\d_])",
    re.IGNORECASE,
)
#: Words that legitimately come twice in a row ("vous vous êtes", "nous nous").
DOUBLED_WORDS = wordset("nous vous")

#: Letters that French uses and Vietnamese does not.
ONLY_LETTERS = frozenset("çœæëïîûüÿÇŒÆËÏÎÛÜŸ")
#: Accented letters of French (none of them is English).
ACCENTED_LETTERS = frozenset("éèêàâôùçœæëïîûÿÉÈÊÀÂÔÙÇŒÆËÏÎÛŸ")

MONTHS = words(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
)
#: Lower case, with their month: the Imprimerie nationale's (janv. févr. avr. juill. sept. oct.
#: nov. déc.) and the press's other forms (fév. juil.). "sept" is also the number seven: it is a
#: month only beside a day or a year ("5 sept. 2024"), see AMBIGUOUS_MONTH_ABBREVIATIONS.
MONTH_ABBREVIATIONS = {
    "janv": 1, "févr": 2, "fév": 2, "avr": 4, "juil": 7, "juill": 7, "sept": 9, "oct": 10,
    "nov": 11, "déc": 12,
}  # fmt: skip
#: Month abbreviations that are also French words ("Ils étaient sept.").
AMBIGUOUS_MONTH_ABBREVIATIONS = frozenset({"sept"})
WEEKDAYS = words("lundi mardi mercredi jeudi vendredi samedi dimanche")

#: Numbers written in words, for runs like "deux mille" or "quatre-vingt-dix".
NUMBER_WORDS = numbered(
    "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize"
) | {"zéro": 0, "une": 1, "vingts": 20}
NUMBER_WORDS |= {w: 10 * n for n, w in enumerate(words("vingt trente quarante"), 2)}
NUMBER_WORDS |= {"cinquante": 50, "soixante": 60}  # 70, 80, 90: soixante-dix, quatre-vingt
HUNDREDS = frozenset({"cent", "cents"})
#: Scale words, as words ("deux millions") and after digits ("1,5 milliard").
SCALE_WORDS = {"mille": 1000, "million": 10**6, "millions": 10**6, "milliard": 10**9}
SCALE_WORDS["milliards"] = 10**9
#: Scale abbreviations of amounts, only before a currency sign or "d'euros" / "de dollars":
#: "300 M€", "1,5 Md€", "2 Mds$", "52 k€" (case as written).
SCALE_ABBREVIATIONS = {"k": 10**3, "K": 10**3, "M": 10**6, "Md": 10**9, "Mds": 10**9}
SCALE_ABBREVIATIONS |= {"Mrd": 10**9, "Mrds": 10**9}
#: Approximate and ordinal words: a translation may write them as digits ("une centaine" ->
#: "100", "premier" -> "1st").
APPROXIMATE_NUMBERS = numbered("premier second", 1) | numbered("première seconde", 1)
APPROXIMATE_NUMBERS |= dict(
    zip(
        words(
            "dizaine douzaine quinzaine vingtaine trentaine quarantaine cinquantaine soixantaine "
            "centaine millier moitié demi"
        ),
        (10, 12, 15, 20, 30, 40, 50, 60, 100, 1000, 50, 50),
        strict=True,
    )
)
APPROXIMATE_NUMBERS |= {
    w + "s": v for w, v in APPROXIMATE_NUMBERS.items() if w.endswith(("aine", "ier"))
}
#: Ordinal stems that are not the number's spelling: cinquième -> cinq, neuvième -> neuf.
ORDINAL_STEMS = {"cinqu": "cinq", "neuv": "neuf"}
#: "%" written in words (regular expressions, matched case-insensitively).
PERCENT_WORDS = (r"pour[ \u00a0]cent", r"p\.[ \u00a0]?100")

#: Titles and other abbreviations after which a full stop does not end a sentence ("M. Peskov").
TITLE_ABBREVIATIONS = wordset(
    "M MM Mme Mmes Mlle Mlles Dr Drs Pr Me Mgr Mr Mrs Ms St Ste Sts Stes Gén Gal Col Cdt Lt Prof"
    " Cie Sté Vve"
)
#: Abbreviations that never end a sentence (lower case).
ALWAYS_ABBREVIATIONS = wordset("av apr cf env c.-à-d c.-à-dire ibid op éd coll")
#: Abbreviations that do not end a sentence before a number: "p. 12", "art. 3" (lower case).
NUMBER_ABBREVIATIONS = wordset("art vol chap ch p pp n no nº fig t tab sq sqq réf ref tél tel al")

#: Capitalised French words that are not names: function words at a sentence start, titles,
#: institutions' common nouns ("l'Organisation du traité ...": translated, not a name),
#: weekdays, months and title abbreviations (lower case).
NOT_NAMES = (
    wordset(
        "le la les l des du de d un une il elle ils elles on nous vous en au aux dans pour par "
        "sur selon mais et ou ce cet cette ces son sa ses leur leurs après avant depuis lors "
        "alors ainsi pourtant cependant toutefois presque plus moins tous toutes tout comme si "
        "quand lorsque puis enfin aussi déjà encore même entre vers chez sans contre pendant "
        "malgré jusqu quelque quelques chaque aucun aucune plusieurs certains certaines autre "
        "autres tel telle notre nos votre vos mon ma mes ton ta tes qui que quoi dont où "
        "voici voilà oui non ni car donc or là ici hier aujourd demain cela ceci celui celle "
        "ceux celles premier première deuxième dernier dernière nouveau nouvelle grand grande "
        "monsieur madame mademoiselle m mme mmes mm mlle dr pr me "
        "président présidente ministre ministres ministère premier-ministre porte-parole "
        "secrétaire général générale chancelier chancelière roi reine prince princesse pape "
        "sénateur sénatrice député députée gouverneur maire ambassadeur ambassadrice colonel "
        "maréchal lieutenant capitaine commandant amiral chef directeur directrice "
        "organisation union conseil assemblée parlement gouvernement république état états "
        "nations cour commission banque agence fonds sénat église armée forces front parti "
        "comité institut université ligue fédération tribunal ministère haut haute "
        "nord sud est ouest centre "
        "photo photos vidéo source lire aussi afp/rt "
        "congrès constitution trésor garde bourse parquet justice police gendarmerie douanes "
        "préfecture défense intérieur économie finances santé éducation armées affaires "
        "travail culture agriculture environnement écologie industrie transports logement "
        "k md mds mrd mrds seconde second guerre"
    )
    | frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | frozenset(title.lower() for title in TITLE_ABBREVIATIONS)
)
#: Words before a capitalised plural that make it a people, not a name ("les Russes").
PLURAL_DETERMINERS = words(
    "les des aux ces leurs nos vos plusieurs quelques certains nombreux deux trois"
)
#: Words after which a capitalised word is a ministry's portfolio, not a name ("le ministre de
#: l'Intérieur", "ministère des Armées", "secrétaire d'État chargée de la Mer"), lower case.
PORTFOLIO_HOLDERS = wordset("ministre ministres ministère ministères secrétaire secrétariat")
#: Determiners before an institution's capitalised noun, lower case.
DETERMINERS = words("le la les l du des au aux")
#: Endings of the adjective after an institution's capitalised noun, which makes it a common
#: noun ("la Garde nationale", "le Conseil constitutionnel", "le Trésor américain", "la Cour
#: suprême", "le Parti socialiste"), not a name.
ADJECTIVE_ENDINGS = words("""
    al ale ales aux el elle els elles ien ienne iens iennes éen éenne éens éennes ique iques
    aire aires ais aise aises ain aine ains aines ois oise oises if ive ifs ives ier ière iers
    ières eur eure eurs eures ant ante ants antes ent ente ents entes iste istes ême
    """)
