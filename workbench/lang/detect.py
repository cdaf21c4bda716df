"""Offline guess of a paragraph's language: French, Vietnamese, English or other.

No model and no download: a few counts over the words of the text.

* Letters outside the Latin script (Cyrillic, CJK, Arabic, ...) make up more than half of the
  letters → ``"other"``.
* Vietnamese evidence: words carrying a letter French never uses. *Strong* letters are the
  Vietnamese-only ones (``ă ơ ư đ`` and the hook, dot-below and combined tone marks
  ``ả ạ ấ ầ ẩ ẫ ậ ...``) and count 1; *weak* ones (``á í ó ú ý ì ò ã õ ĩ ũ``) are shared with
  Spanish, Portuguese or Italian names and count 0.5. A capitalised word counts a quarter:
  inside French text Vietnamese words are proper names (``Nguyễn Phú Trọng``), in Vietnamese
  text most words are lower case. Frequent Vietnamese words (``và của các những cùng ngày ...``)
  count 1 each.
* English evidence: English function words that are not also French words (``the of and is was
  with from this that no available ...``; never ``a on or an as but``; ``a`` counts for French).
* French evidence: French function words (``le la les de des du et est que qui une un pour ...``),
  elisions (``l’ d’ qu’ n’ s’ ...``) and, against English only, words with French accents; against
  Vietnamese only the letters Vietnamese lacks (``ç œ æ ë ï î û ü ÿ``) count, half a point each.

The text is French unless another language has strictly more evidence (Vietnamese needs at least
0.5, English at least 1): short lines with no evidence at all — a French heading such as
``Brexit`` — stay French. Only the first ``MAX_SAMPLE_CHARS`` characters are read.
"""

from __future__ import annotations

import itertools
import re

MAX_SAMPLE_CHARS = 20_000

LANGUAGES = ("fr", "vi", "en", "other", "unknown")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]+")  # letters only: "l’Azerbaïdjan" is two words
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00aa\u00ba\u00c0-\u024f\u1e00-\u1eff]")

_VI_STRONG = frozenset(
    "ăằắẳẵặơờớởỡợưừứửữựđảạầấẩẫậẻẽẹềếểễệỉịỏọồốổỗộủụỳỷỹỵ"
    "ĂẰẮẲẴẶƠỜỚỞỠỢƯỪỨỬỮỰĐẢẠẦẤẨẪẬẺẼẸỀẾỂỄỆỈỊỎỌỒỐỔỖỘỦỤỲỶỸỴ"
)
_VI_WEAK = frozenset("áíóúýìòãõĩũÁÍÓÚÝÌÒÃÕĨŨ")
_VI_LETTERS = _VI_STRONG | _VI_WEAK
_FR_ONLY = frozenset("çœæëïîûüÿÇŒÆËÏÎÛÜŸ")
_FR_ACCENTS = frozenset("éèêàâôùçœæëïîûÿÉÈÊÀÂÔÙÇŒÆËÏÎÛŸ")


_FR_STOPWORDS = _wordset("""
    le la les de des du un une et est sont été être que qui quoi ne pas se sa son ses au aux en
    dans sur pour par avec ce cet cette ces il elle ils elles nous vous leur leurs mais ou où
    comme ont avait avaient était étaient à selon après avant entre sans sous contre vers chez
    lors dont donc aussi très tout tous toute toutes fait ainsi même déjà peut plus moins notre
    nos votre vos mon ma mes ton ta tes je tu lui eux celui celle ceux cela ça ici depuis pendant
    encore alors quand lorsque puis car si non oui bien deux trois
    a y dit va fait doit faut
    """)
_ELISION = re.compile(
    r"(?<![^\W\d_])(?:l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu|quoiqu|presqu)['’](?=[^\W\d_])"
)

_EN_STOPWORDS = _wordset("""
    the of and to in is are was were be been being for with this that these those from by at it
    its has have had will would can could should not no you your we our they their he she his
    her which what who whom there here about into than then also any all more most only other
    some such very just over after before because while where when available subscribe login
    read
    """)

_VI_STOPWORDS = _wordset("""
    và của các những có không được người trong cho với này một đã sẽ khi từ theo về vào tại cũng
    nhiều năm ngày thì mà nhưng để đến hơn cùng như sau trên dưới bị vì nên rằng đó
    """)


def _vi_weight(word: str) -> float:
    if not _VI_STRONG.isdisjoint(word):
        weight = 1.0
    elif not _VI_WEAK.isdisjoint(word):
        weight = 0.5
    else:
        return 0.0
    return weight * 0.25 if word[0].isupper() else weight


def detect_language(text: str) -> str:
    """Guess the language of ``text``: ``"fr"``, ``"vi"``, ``"en"``, ``"other"`` or ``"unknown"``.

    ``"unknown"`` means there is no letter at all. See the module docstring for the rules.
    """
    sample = text[:MAX_SAMPLE_CHARS]
    if _LETTER.search(sample) is None:
        return "unknown"
    non_latin = len(_NON_LATIN_LETTER.findall(sample))
    if non_latin and non_latin * 2 > len(_LETTER.findall(sample)):
        return "other"

    lower = sample.lower()
    words = _WORD.findall(sample)
    lower_words = _WORD.findall(lower)
    # evidence for French against any other language: function words and elisions
    fr_common = sum(map(_FR_STOPWORDS.__contains__, lower_words)) + len(_ELISION.findall(lower))
    fr_vs_en = 0.5 * (len(words) - sum(map(_FR_ACCENTS.isdisjoint, words)))
    fr_vs_vi = 0.5 * (len(words) - sum(map(_FR_ONLY.isdisjoint, words)))
    en = sum(map(_EN_STOPWORDS.__contains__, lower_words))
    vi = float(sum(map(_VI_STOPWORDS.__contains__, lower_words)))
    for word in itertools.filterfalse(_VI_LETTERS.isdisjoint, words):
        if word.lower() not in _VI_STOPWORDS:
            vi += _vi_weight(word)

    if vi >= 0.5 and vi > fr_common + fr_vs_vi:
        return "vi"
    if en >= 1 and en > fr_common + fr_vs_en:
        return "en"
    return "fr"


def is_french(text: str) -> bool:
    """True unless :func:`detect_language` finds evidence of another language."""
    return detect_language(text) in ("fr", "unknown")
