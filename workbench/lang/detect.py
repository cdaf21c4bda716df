"""Offline guess of a paragraph's language: French, Vietnamese, English or other.

No model and no download: a few counts over the words of the text, with the one function-word
set of each language (:mod:`workbench.lang.fr`, :mod:`~workbench.lang.en`,
:mod:`~workbench.lang.vi`) less the words another language shares.

* Letters outside the Latin script (Cyrillic, CJK, Arabic, ...) make up more than half of the
  letters → ``"other"``.
* Vietnamese evidence: words carrying a letter French never uses. *Strong* letters are the
  Vietnamese-only ones (``ă ơ ư đ`` and the hook, dot-below and combined tone marks
  ``ả ạ ấ ầ ẩ ẫ ậ ...``) and count 1; *weak* ones (``á í ó ú ý ì ò ã õ ĩ ũ``) are shared with
  Spanish, Portuguese or Italian names and count 0.5. A capitalised word counts a quarter:
  inside French text Vietnamese words are proper names (``Nguyễn Phú Trọng``), in Vietnamese
  text most words are lower case. Frequent Vietnamese words (``và của các những cùng ngày ...``,
  never ``là``, which is French too) count 1 each.
* English evidence: English function words that are not also French words (``the of and is was
  with from this that no said ...``; never ``on or an as but``; ``a`` counts for French) and
  web-page words (``available subscribe login read``).
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

from workbench.lang import en, fr, vi

MAX_SAMPLE_CHARS = 20_000

#: What :func:`detect_language` can answer.
GUESSES = ("fr", "vi", "en", "other", "unknown")


_WORD = re.compile(r"[^\W\d_]+")  # letters only: "l’Azerbaïdjan" is two words
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00aa\u00ba\u00c0-\u024f\u1e00-\u1eff]")

_VI_STRONG = vi.STRONG_LETTERS
_VI_WEAK = vi.WEAK_LETTERS
_VI_LETTERS = _VI_STRONG | _VI_WEAK
# One set per language (workbench.lang.fr / en / vi), less the words another language shares.
_FR_STOPWORDS = fr.STOPWORDS
_EN_STOPWORDS = (en.STOPWORDS | en.PAGE_WORDS) - en.ALSO_FRENCH
_VI_STOPWORDS = vi.STOPWORDS - vi.ALSO_FRENCH


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
    fr_common = sum(map(_FR_STOPWORDS.__contains__, lower_words)) + len(fr.ELISION.findall(lower))
    fr_vs_en = 0.5 * (len(words) - sum(map(fr.ACCENTED_LETTERS.isdisjoint, words)))
    fr_vs_vi = 0.5 * (len(words) - sum(map(fr.ONLY_LETTERS.isdisjoint, words)))
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
