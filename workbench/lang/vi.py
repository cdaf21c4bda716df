"""Vietnamese, in one place: function words, the letters French never uses, months, numbers in
words, scale and percent words.

Data only: language detection (:mod:`workbench.lang.detect`) and the QA checks
(:mod:`workbench.qa`) read it.
"""

from __future__ import annotations

from workbench.lang._words import numbered, wordset

#: Vietnamese function words: the one set that language detection and the ``untranslated`` and
#: ``repeats`` checks use.
STOPWORDS = wordset("""
    và của là các những có không được người trong cho với này một đã sẽ khi từ để theo về vào ở
    tại đến cũng như thì mà nhưng vì nên rằng đó ông bà họ nhiều năm ngày hơn cùng sau trên
    dưới bị
    """)
#: Function words of STOPWORDS that are also French words ("là-bas"): in French text they are
#: no evidence of Vietnamese.
ALSO_FRENCH = wordset("là")

#: Letters only Vietnamese uses (ă ơ ư đ, the hook and dot-below and the combined tone marks).
STRONG_LETTERS = frozenset(
    "ăằắẳẵặơờớởỡợưừứửữựđảạầấẩẫậẻẽẹềếểễệỉịỏọồốổỗộủụỳỷỹỵ"
    "ĂẰẮẲẴẶƠỜỚỞỠỢƯỪỨỬỮỰĐẢẠẦẤẨẪẬẺẼẸỀẾỂỄỆỈỊỎỌỒỐỔỖỘỦỤỲỶỸỴ"
)
#: Tone-marked letters Vietnamese shares with Spanish, Portuguese or Italian names.
WEAK_LETTERS = frozenset("áíóúýìòãõĩũÁÍÓÚÝÌÒÃÕĨŨ")

#: Month words after "tháng" (tháng Giêng = January, tháng Chạp = December).
MONTH_WORDS = numbered("Giêng Hai Ba Tư Năm Sáu Bảy Tám Chín Mười") | {
    "Mười Một": 11,
    "Mười Hai": 12,
    "Chạp": 12,
}
NUMBER_WORDS = numbered("một hai ba bốn năm sáu bảy tám chín mười") | {"tư": 4}
#: Scale words after digits ("3 nghìn tỷ"); tỷ and tỉ, nghìn and ngàn are both in use.
SCALE_WORDS = dict.fromkeys(("nghìn", "ngàn"), 10**3) | {"triệu": 10**6}
SCALE_WORDS |= dict.fromkeys(("tỷ", "tỉ"), 10**9)
SCALE_WORDS |= dict.fromkeys(("nghìn tỷ", "nghìn tỉ", "ngàn tỷ", "ngàn tỉ"), 10**12)
#: After a scale word, this makes it another word: "tỉ lệ" is a ratio, not a billion.
NOT_SCALE_BEFORE = "lệ"
#: The word a number of each scale is written with.
SCALE_NAMES = {10**3: "nghìn", 10**6: "triệu", 10**9: "tỷ", 10**12: "nghìn tỷ"}
#: "%" written in words (regular expressions, matched case-insensitively).
PERCENT_WORDS = ("phần trăm",)
