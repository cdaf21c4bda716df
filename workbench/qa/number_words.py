"""Numbers written in words, for the ``numbers`` check: the French source's ("six semaines",
"une centaine", "troisième", "XXe siècle") and the target's ("six", "sáu"), so a target may
write a number in digits that the source wrote in words, and the other way round."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal

from workbench.lang import en, fr, vi
from workbench.qa.text import SIMPLE_WORD, nfc

_ROMAN_ORDINAL = re.compile(r"(?=[IVXLC])(?<!\w)([IVXLC]+)(?:e|er|ère|ème|ᵉ)(?!\w)")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _word_values(
    words: list[str], small: Mapping[str, int], big: Mapping[str, int], hundred: Iterable[str]
) -> list[int]:
    """Values of runs of number words: ["deux", "mille"] -> [2000]; ["vingt", "cinq"] -> [25]."""
    hundreds = frozenset(hundred)
    values: list[int] = []
    total = current = 0
    in_run = False
    previous = ""
    for word in [*words, ""]:
        if word in small:
            if word.startswith("vingt") and previous == "quatre":
                current += 76  # quatre-vingt(s): 4 + 76 = 80
            else:
                current += small[word]
            in_run = True
        elif word in hundreds:
            current = max(current, 1) * 100
            in_run = True
        elif word in big:
            total += max(current, 1) * big[word]
            current = 0
            in_run = True
        elif word in {"et", "and"} and in_run:
            previous = word
            continue
        else:
            if in_run:
                values.append(total + current)
            total = current = 0
            in_run = False
        previous = word
    return values


def _roman(numeral: str) -> int:
    digits = [_ROMAN[c] for c in numeral]
    return sum(
        -d if d < nxt else d for d, nxt in itertools.zip_longest(digits, digits[1:], fillvalue=0)
    )


def fr_soft_numbers(source: str) -> Counter[Decimal]:
    """Numbers the French source writes in words ("six semaines", "une centaine", "troisième",
    "XXe siècle"): a target may write them as digits, which then are not extra numbers."""
    words = [w.lower() for w in SIMPLE_WORD.findall(source)]
    values = _word_values(words, fr.NUMBER_WORDS, fr.SCALE_WORDS, fr.HUNDREDS)
    single = fr.NUMBER_WORDS | fr.SCALE_WORDS | {"cent": 100}
    for word in words:
        if word in fr.APPROXIMATE_NUMBERS:
            values.append(fr.APPROXIMATE_NUMBERS[word])
        elif word.endswith("ième") and len(word) > 5:  # troisième -> trois, onzième -> onze
            stem = fr.ORDINAL_STEMS.get(word[:-4], word[:-4])
            value = single.get(stem) or single.get(stem + "e")
            if value:
                values.append(value)
    values += [_roman(m.group(1)) for m in _ROMAN_ORDINAL.finditer(source)]
    return Counter(Decimal(v) for v in values)


def target_word_numbers(target: str, lang: str) -> Counter[Decimal]:
    words = [w.lower() for w in SIMPLE_WORD.findall(nfc(target))]
    if lang == "en":
        values = _word_values(words, en.NUMBER_WORDS, en.SCALE_WORDS, ("hundred",))
        values += [en.ORDINAL_WORDS[w] for w in words if w in en.ORDINAL_WORDS]
    elif lang == "vi":
        values = [vi.NUMBER_WORDS[w] for w in words if w in vi.NUMBER_WORDS]
    else:
        values = []
    return Counter(Decimal(v) for v in values)
