"""English, in one place: function words, months and weekdays, numbers in words, scale and
percent words.

Data only: language detection (:mod:`workbench.lang.detect`), segmentation
(:mod:`workbench.segment`) and the QA checks (:mod:`workbench.qa`) read it.
"""

from __future__ import annotations

from workbench.lang._words import numbered, words, wordset

#: English function words: the one set that language detection and the ``untranslated`` and
#: ``repeats`` checks use.
STOPWORDS = wordset("""
    the of and to in is are was were be been being for with this that these those from by at it
    its has have had will would can could should not no you your we our they their he she his
    her which what who whom there here about into than then also any all more most only other
    some such very just over after before because while where when said on as an or but
    """)
#: Function words of STOPWORDS that are also French words ("on dit", "tu as", "un an", "or",
#: "le but"): in French text they are no evidence of English.
ALSO_FRENCH = wordset("on as an or but")
#: Function words of STOPWORDS that are also Vietnamese syllables ("an ninh", "to lớn", "in ấn",
#: "ăn no", "can thiệp", "than đá", "then chốt").
ALSO_VIETNAMESE = wordset("an to in on be as at he it or by no can than then")
#: Words of web-page chrome ("No data available", "Subscribe", "Login", "Read more"): English
#: evidence for language detection, not function words.
PAGE_WORDS = wordset("available subscribe login read")

MONTHS = words(
    "January February March April May June July August September October November December"
)
#: Lower case, with their month; "sept" too ("Sept. 5").
MONTH_ABBREVIATIONS = numbered("jan feb mar apr may jun jul aug sep oct nov dec") | {"sept": 9}
WEEKDAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
#: "May" is a month after these words ("in May", "early May"; "May I ..." is not).
MAY_AFTER = words("in of early late since until last next this from by")

NUMBER_WORDS = numbered(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
) | {"zero": 0}
NUMBER_WORDS |= {w: 10 * n for n, w in enumerate(words("twenty thirty forty fifty"), 2)}
NUMBER_WORDS |= {w: 10 * n for n, w in enumerate(words("sixty seventy eighty ninety"), 6)}
HUNDREDS = frozenset({"hundred"})
#: Scale words in words ("two million") and after digits ("1.5bn").
SCALE_WORDS = {"thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SCALE_ABBREVIATIONS = {"bn": 10**9, "tn": 10**12}
#: The word a number of each scale is written with.
SCALE_NAMES = {10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"}
ORDINAL_WORDS = numbered("first second third fourth fifth sixth seventh eighth ninth tenth") | {
    "dozen": 12,
    "half": 50,
}
#: "%" written in words (regular expressions, matched case-insensitively).
PERCENT_WORDS = ("percent", r"per[ \u00a0]cent")

#: Words a period follows without ending an English sentence ("Mr. Peskov", "U.S. troops",
#: "Sept. 5", "e.g. Armenia"), lower case, without their final period.
ABBREVIATIONS = wordset("""
    mr mrs ms messrs dr prof rev sen rep gov gen lt col maj capt sgt cpl adm cmdr st ste jr sr
    pres vs v etc e.g i.e cf al approx dept est ca inc corp ltd co
    u.s u.k u.n e.u u.s.a a.m p.m
    """) | frozenset(MONTH_ABBREVIATIONS)
#: Abbreviations only before a number ("No. 5", "vol. 2"; "He said no. Then ..." ends).
NUMBER_ABBREVIATIONS = wordset("no nos vol pp fig art p")
