"""The ``spelling`` check: words of the target that the language's Hunspell dictionary does not
know (:mod:`workbench.lang.dictionaries`), and :func:`misspelled_spans` for the review UI.

Never flagged: words of the French source (names, "Karabakh", "Peskov"), of the English pivot
(a Vietnamese target keeps foreign names in their English spelling), of any glossary term and
of the name alias table (every form, both languages); acronyms (``OTSC``), words with an inner
capital (``iPhone``), single letters; anything in a chunk with a digit, ``@``, ``#``, ``/``,
``_`` or a dot between letters (``10h``, ``COVID-19``, URLs, e-mail addresses, handles,
``U.S.``). In a Vietnamese target a word that the English dictionary knows is a foreign
name (``Armenia``, ``Moscow``) or a loanword (``euro``, ``video``), and a capitalised word
without Vietnamese letters inside a sentence is a foreign name (``ông Pashinyan``) unless it
is one edit away from a word of the source or pivot (``Frnace``: France misspelled), and the
tone of ``oa oe uy`` may sit on either vowel (``thỏa`` / ``thoả``: both orthographies are in
use). A possessive (``Armenia's``) is checked without its ``'s``, a hyphenated word part by
part when the dictionary does not know the whole, an English prefix (``pre-pandemic``) alone
is no word to check.

When the dictionary is missing the check finds nothing; :func:`notice` says why, once. The check
gives no corrections (Hunspell needs 0.1-0.2 s per English word): :func:`suggestions` does, on
demand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from workbench.lang import dictionaries
from workbench.lang._words import wordset
from workbench.qa.core import Finding, QAContext, check
from workbench.qa.text import nfc

if TYPE_CHECKING:
    from workbench.glossary import Glossary
    from workbench.lang.dictionaries import Dictionary

_NAME = "spelling"
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
_WORD = re.compile(rf"{_LETTER}+(?:['’\-‑]{_LETTER}+)*")
_CHUNK = re.compile(r"\S+")
#: Chunks that are not prose: numbers and units, URLs, addresses, handles, tags, paths.
_NOT_PROSE = re.compile(r"[\d@#/\\_]|[^\W\d_]\.[^\W\d_]")
_PARTS = re.compile(r"['’\-‑]")
_POSSESSIVE = re.compile(r"['’]s?\Z")
#: English prefixes that hyphenate onto any word ("pre-pandemic", "non-EU"), lower case.
_PREFIXES = wordset("pre post non anti co ex re semi multi pro neo quasi sub ultra mid")
#: Vietnamese tone marks (NFD) and the two-vowel nuclei whose tone the old and the new
#: orthographies place on different letters (thoả / thỏa, hoà / hòa, uỷ / ủy, khoẻ / khỏe).
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_MOVABLE = re.compile(r"(?i)(?:o[ae]|uy)(?![\u0300-\u036f])")
#: Corrections :func:`suggestions` offers.
SUGGESTIONS = 3

Span = tuple[int, int]


def notice(lang: str) -> str | None:
    """Why ``lang``'s spelling is not checked (one line), or None."""
    return dictionaries.notice(lang)


def _words(target: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of the prose words of ``target`` worth a dictionary look-up."""
    found = []
    for chunk in _CHUNK.finditer(target):
        if _NOT_PROSE.search(chunk.group()):
            continue
        for m in _WORD.finditer(chunk.group()):
            word = m.group()
            parts = [p for p in _PARTS.split(word) if p]
            letters = "".join(parts)
            if (
                len(letters) < 2
                or letters.isupper()
                or any(c.isupper() for part in parts for c in part[1:])
            ):
                continue
            found.append((chunk.start() + m.start(), chunk.start() + m.end(), word))
    return found


def _known(word: str, words: Dictionary) -> bool:
    if _checked(word, words):
        return True
    bare = _POSSESSIVE.sub("", word)
    if bare != word and bare and _checked(bare, words):
        return True
    parts = [p for p in _PARTS.split(bare) if p]
    if len(parts) < 2:
        return False
    if words.lang == "en" and parts[0].lower() in _PREFIXES:
        parts = parts[1:]
    return all(len(p) < 2 or _checked(p, words) for p in parts)


def _checked(word: str, words: Dictionary) -> bool:
    """The dictionary knows ``word``; in Vietnamese with its tone on either vowel of
    ``oa oe uy`` (both orthographies are in use; Debian's vi_VN has the old one)."""
    if words.check(word):
        return True
    return words.lang == "vi" and any(words.check(v) for v in _tone_variants(word))


def _tone_variants(word: str) -> list[str]:
    """``word`` with its tone mark moved to the other vowel of an ``oa oe uy`` nucleus."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [i for i, c in enumerate(decomposed) if c in _TONES]
    if len(tones) != 1:
        return []
    tone = decomposed[tones[0]]
    base = decomposed[: tones[0]] + decomposed[tones[0] + 1 :]
    m = _MOVABLE.search(base)
    if m is None:
        return []
    variants = []
    for at in (m.start() + 1, m.start() + 2):
        variant = unicodedata.normalize("NFC", base[:at] + tone + base[at:])
        if variant != word:
            variants.append(variant)
    return variants


def _exemption(source: str, pivot: str | None, glossary: Glossary | None) -> Callable[[str], bool]:
    """Whether a case-folded word is never flagged in this segment (the module docstring):
    the segment's own words, then the cached glossary and alias words, without copying them."""
    sets = (_fold_words(f"{source} {pivot or ''}"), _glossary_words(glossary), _alias_words())
    return lambda word: any(word in words for words in sets)


def _fold_words(text: str) -> set[str]:
    out: set[str] = set()
    for m in _WORD.finditer(nfc(text)):
        word = m.group().casefold()
        out.add(word)
        out.update(p for p in _PARTS.split(word) if p)
    return out


_GLOSSARY_CACHE: dict[int, tuple[Glossary, frozenset[str]]] = {}


def _glossary_words(glossary: Glossary | None) -> frozenset[str]:
    """Every word of every term of ``glossary`` (French, English, Vietnamese), cached."""
    if glossary is None or not len(glossary):
        return frozenset()
    cached = _GLOSSARY_CACHE.get(id(glossary))
    if cached is not None and cached[0] is glossary:
        return cached[1]
    words: set[str] = set()
    for term in glossary.terms:
        for text in (term.fr, term.en, term.vi):
            words |= _fold_words(text)
    if len(_GLOSSARY_CACHE) >= 4:
        _GLOSSARY_CACHE.clear()
    _GLOSSARY_CACHE[id(glossary)] = (glossary, frozenset(words))  # holds it: the id stays its
    return _GLOSSARY_CACHE[id(glossary)][1]


_ALIASES: list[frozenset[str]] = []


def _alias_words() -> frozenset[str]:
    if not _ALIASES:
        from workbench.qa.names import load_name_aliases

        words: set[str] = set()
        for name, (en, vi) in load_name_aliases().items():
            for text in (name, *en, *vi):
                words |= _fold_words(text)
        _ALIASES.append(frozenset(words))
    return _ALIASES[0]


def _foreign(target: str, start: int, word: str, lang: str, near: frozenset[str]) -> bool:
    """In a Vietnamese target: a word English spells so (a loanword, ``euro``, ``video``, or
    a name, ``Armenia``), or a capitalised word without Vietnamese letters inside a sentence
    (a foreign name, ``ông Pashinyan``) unless it is one edit away from a word of the source
    or pivot (``Frnace`` for ``France``: a misspelled name)."""
    if lang != "vi":
        return False
    english = dictionaries.dictionary("en")
    if english is not None and _known(word, english):
        return True
    if not (word[:1].isupper() and word.isascii() and not _sentence_start(target, start)):
        return False
    folded = word.casefold()
    return not any(_one_edit(folded, other) for other in near if len(other) >= 4)


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one substitution, insertion, deletion or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
        return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\u00a0\u202f«“‘\"'([")
    return not before or before[-1] in ".!?…:"


def _flagged(
    target: str,
    lang: str,
    source: str,
    pivot: str | None,
    glossary: Glossary | None,
    words: Dictionary,
) -> list[tuple[int, int, str]]:
    unknown = [(a, b, w) for a, b, w in _words(target) if not _known(nfc(w), words)]
    if not unknown:
        return []
    exempt = _exemption(source, pivot, glossary)
    near = frozenset(_fold_words(f"{source} {pivot or ''}")) if lang == "vi" else frozenset()
    flagged = []
    for start, end, word in unknown:
        folded = nfc(word).casefold()
        bare = _POSSESSIVE.sub("", folded)
        if exempt(folded) or exempt(bare) or _foreign(target, start, nfc(word), lang, near):
            continue
        parts = [p for p in _PARTS.split(bare) if p]
        if len(parts) > 1 and all(exempt(p) or len(p) < 2 or _checked(p, words) for p in parts):
            continue
        flagged.append((start, end, word))
    return flagged


def misspelled_spans(
    target: str,
    lang: str,
    *,
    source: str = "",
    pivot: str | None = None,
    glossary: Glossary | None = None,
) -> list[Span]:
    """Character spans of ``target``'s misspelled words, in order, for the editor to underline
    (empty when ``lang`` has no dictionary: :func:`notice` says why)."""
    words = dictionaries.dictionary(lang)
    if words is None:
        return []
    return [(a, b) for a, b, _ in _flagged(target, lang, source, pivot, glossary, words)]


def suggestions(word: str, lang: str, limit: int = SUGGESTIONS) -> list[str]:
    """The dictionary's corrections for ``word``, best first (empty without a dictionary).
    Hunspell takes 0.1-0.2 s per English word (benchmarks/spelling_bench.py): call it when
    the reviewer asks, from a worker, never per keystroke; the check does not."""
    words = dictionaries.dictionary(lang)
    if words is None:
        return []
    return [s for s in words.suggest(nfc(word)) if s != word][:limit]


@check(_NAME, "warning", "words the target language's Hunspell dictionary does not know")
def check_spelling(ctx: QAContext) -> list[Finding]:
    words = dictionaries.dictionary(ctx.lang)
    if words is None:
        return []
    flagged = _flagged(ctx.target, ctx.lang, ctx.source, ctx.pivot, ctx.glossary, words)
    return [
        Finding(_NAME, "warning", f"unknown word {word}", (start, end))
        for start, end, word in flagged
    ]
