"""Reading numbers out of text for the ``numbers`` check: digits in each locale's format (with
scale words and percent signs), dates, times and months. :func:`extract_numbers` returns
every number and month of a text with its span; numbers written in words are
:mod:`workbench.qa.number_words`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from workbench.lang import en, fr, vi
from workbench.qa.text import nfc, overlaps


@dataclass(frozen=True, slots=True)
class Num:
    value: Decimal  # mantissa * scale
    mantissa: Decimal
    scale: int
    percent: bool
    span: tuple[int, int]
    raw: str
    #: Parsed with the language's own separators (False: only another locale's reading fits).
    ok_format: bool
    #: Values under the other locales' separators ("2.000" in English could mean 2000).
    alternatives: tuple[Decimal, ...] = ()
    grouped: bool = False
    #: The number as written, scale word included ("1,5 milliard").
    label: str = ""


#: (thousands separator, decimal separator) per locale; the first is the locale's own.
_FORMATS: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": ((" ", ","), (".", ","), (",", ".")),
    "en": ((",", "."),),
    "vi": ((".", ","),),
}
_OTHER_FORMATS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": ((" ", ","), (".", ",")),
    "vi": ((",", "."), (" ", ",")),
}

# A digit run with ., separators, and space-separated groups of exactly three digits.
_GROUPED = re.compile(r"\d[ \u00a0\u202f\u2009.,]\d{3}(?!\d)")
_NUMBER = re.compile(r"(?=\d)(?<!\d)(?<!\d[.,])\d+(?:[.,]\d+|[ \u00a0\u202f\u2009]\d{3}(?!\d))*")
# 17/04/2024, 17/4, 9/2023 (vi "tháng 9/2023"), 2024-04-17
_DATE_NUM = re.compile(r"(?=\d)(?<![\d/])(\d{1,2})/(\d{1,2}|\d{4})(?:/(\d{4}|\d{2}))?(?![\d/])")
_DATE_ISO = re.compile(r"(?=\d)(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# 17.04.2024 (day.month.year; never a number: its groups are not of three digits)
_DATE_DOTS = re.compile(r"(?=\d)(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.,]\d|\d)")
# 14h30, 14 h, 8h (fr, vi); 14:30, 2:30 p.m., 2 pm (en, also 14:30 anywhere)
_TIME_H = re.compile(r"(?=\d)(?<![\d.,])([01]?\d|2[0-3]) ?h ?([0-5]\d)?(?!\w)")
_TIME_COLON = re.compile(
    r"(?=\d)(?<![\d.,:])([01]?\d|2[0-3]):([0-5]\d)(?:\s?([ap])\.?\s?m(?:\.|\b))?(?![\d:])", re.I
)
_TIME_AMPM = re.compile(r"(?=\d)(?<![\d.,:])(1[0-2]|0?\d)\s?([ap])\.?\s?m(?:\.|\b)", re.I)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _percent(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"([ \u00a0\u202f]*)(%|(?:" + "|".join(words) + r")\b)", re.I)


_SPACE = r"[ \u00a0\u202f]"
_SCALE = {
    "fr": re.compile(
        rf"{_SPACE}*(?:("
        + _alternation(fr.SCALE_WORDS)
        + r")(?!\w)|(?-i:("
        + _alternation(fr.SCALE_ABBREVIATIONS)
        + rf")(?={_SPACE}*[€$£¥]|(?<=[ds]){_SPACE}+d(?:e |['’]))))",
        re.I,
    ),
    "en": re.compile(
        rf"(?:{_SPACE}*|-)("
        + _alternation([*en.SCALE_WORDS, *en.SCALE_ABBREVIATIONS])
        + r")(?!\w)",
        re.I,
    ),
    "vi": re.compile(
        rf"{_SPACE}*(" + _alternation(vi.SCALE_WORDS) + rf")(?!\w)(?! {vi.NOT_SCALE_BEFORE})",
        re.I,
    ),
}
#: "€450m", "$3mn", "€52k": a scale letter glued to an amount written after a currency sign.
_CURRENCY_SCALE = re.compile(
    "(" + _alternation(en.CURRENCY_SCALE_ABBREVIATIONS) + r")(?![^\W\d_])", re.I
)
_CURRENCY_SIGNS = "$€£¥"
_SCALE_VALUE = fr.SCALE_WORDS | en.SCALE_WORDS | en.SCALE_ABBREVIATIONS | vi.SCALE_WORDS
_SCALE_VALUE |= {k.lower(): v for k, v in fr.SCALE_ABBREVIATIONS.items()}
_SCALE_VALUE |= en.CURRENCY_SCALE_ABBREVIATIONS
SCALE_WORD = {"en": en.SCALE_NAMES, "vi": vi.SCALE_NAMES}
PERCENT = {
    "fr": _percent(fr.PERCENT_WORDS),
    "en": _percent(en.PERCENT_WORDS),
    "vi": _percent(vi.PERCENT_WORDS),
}

FR_MONTHS = fr.MONTHS
EN_MONTHS = en.MONTHS
#: Month names and English abbreviations (lower case) -> month number.
_MONTH_OF = {
    name.lower(): number
    for months in (FR_MONTHS, EN_MONTHS)
    for number, name in enumerate(months, 1)
}
_MONTH_OF |= en.MONTH_ABBREVIATIONS | fr.MONTH_ABBREVIATIONS
_EN_MONTH_ABBREVIATIONS = (a.capitalize() for a in en.MONTH_ABBREVIATIONS if a != "may")
_FR_ABBREVIATED = _alternation(set(fr.MONTH_ABBREVIATIONS) - fr.AMBIGUOUS_MONTH_ABBREVIATIONS)
_FR_AMBIGUOUS = _alternation(fr.AMBIGUOUS_MONTH_ABBREVIATIONS)
_MONTH_NAME = {
    # avril, "5 janv.", and "sept." only after a day or before a year (else it is seven).
    "fr": re.compile(
        r"(?<!\w)(?:(" + "|".join(FR_MONTHS) + r")(?!\w)|(" + _FR_ABBREVIATED + r")\."
        r"|(?:(?<=\d )|(?<=\der ))(" + _FR_AMBIGUOUS + r")\.|(" + _FR_AMBIGUOUS + r")\.(?= \d))"
    ),
    "en": re.compile(
        r"(?<!\w)(?:(" + "|".join(m for m in EN_MONTHS if m != "May") + r")"
        r"|(" + _alternation(_EN_MONTH_ABBREVIATIONS) + r")\.?(?= \d))(?!\w)"
    ),
}
# "May" is a month only next to a number or after a preposition ("May I ..." is not).
_EN_MAY = re.compile(
    r"May\b(?<!\wMay)(?:(?= \d)|"
    + "|".join(
        f"(?<={before}May)"
        for before in (r"\d ", r"\d\w\w ", *(rf"\b{w} " for w in en.MAY_AFTER), r"\bmid-")
    )
    + ")"
)
_VI_MONTH_WORDS = vi.MONTH_WORDS
_VI_MONTH = re.compile(
    r"(?=[Tt])(?<!\w)[Tt]háng[ \u00a0]+(?:(\d{1,2})(?![\d/])|(Mười Một|Mười Hai|"
    + "|".join(w for w in _VI_MONTH_WORDS if " " not in w)
    + r")(?!\w))"
)


def _parse_with(raw: str, thousands: str, decimal: str) -> Decimal | None:
    """``raw`` read with the given separators, or None if it is not valid in that format."""
    text = re.sub(r"[\u00a0\u202f\u2009]", " ", raw)
    if " " in text and thousands != " ":
        return None
    int_part, _, frac = text.partition(decimal)
    if frac and not frac.isdigit():
        return None
    if thousands in int_part:
        groups = int_part.split(thousands)
        if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
            return None
        int_part = "".join(groups)
    if not int_part.isdigit():
        return None
    return Decimal(f"{int_part}.{frac}" if frac else int_part)


def _split_space_groups(raw: str, start: int) -> list[tuple[str, int]]:
    """Split a token joined by spaces into valid numbers: "2020 100 000" -> 2020, 100 000."""
    pieces = [(m.group(), start + m.start()) for m in re.finditer(r"[^ \u00a0\u202f\u2009]+", raw)]
    out: list[tuple[str, int]] = []
    for text, pos in pieces:
        if out:
            prev, prev_pos = out[-1]
            first = re.split(r"[ \u00a0\u202f\u2009]", prev)[0]
            can_extend = (
                first.isdigit()
                and len(first) <= 3
                and re.fullmatch(r"\d+(?:[ \u00a0\u202f\u2009]\d{3})*", prev) is not None
                and re.fullmatch(r"\d{3}(?:[.,]\d+)?", text) is not None
            )
            if can_extend:
                out[-1] = (raw[prev_pos - start : pos - start + len(text)], prev_pos)
                continue
        out.append((text, pos))
    return out


@dataclass(slots=True)
class Found:
    """What ``extract_numbers`` collects; ``taken`` spans are not read again as numbers."""

    nums: list[Num] = field(default_factory=list)
    months: list[tuple[int, tuple[int, int]]] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def number(self, value: int, match: re.Match[str], group: int) -> None:
        number = Decimal(value)
        raw = match.group(group)
        self.nums.append(Num(number, number, 1, False, match.span(group), raw, True, label=raw))


def _numeric_dates(text: str, found: Found) -> None:
    """17/04/2024, 17/4, 4/17/2024 (US), 9/2023 (vi "tháng 9/2023"), 2024-04-17."""
    for m in _DATE_ISO.finditer(text):
        year, month, day = (int(g) for g in m.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.number(year, m, 1)
            found.months.append((month, m.span(2)))
            found.number(day, m, 3)
            found.taken.append(m.span())
    for m in _DATE_DOTS.finditer(text):
        day, month, year = (int(g) for g in m.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.number(day, m, 1)
            found.months.append((month, m.span(2)))
            found.number(year, m, 3)
            found.taken.append(m.span())
    for m in _DATE_NUM.finditer(text):
        a, b, year_text = int(m.group(1)), int(m.group(2)), m.group(3)
        if len(m.group(2)) == 4:  # month/year
            if not 1 <= a <= 12 or year_text:
                continue
            found.months.append((a, m.span(1)))
            found.number(b, m, 2)
        else:
            day_group, month_group = (2, 1) if b > 12 and a <= 12 else (1, 2)
            day, month = int(m.group(day_group)), int(m.group(month_group))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            found.number(day, m, day_group)
            found.months.append((month, m.span(month_group)))
            if year_text:
                year = int(year_text)
                if len(year_text) == 2:
                    year += 2000 if year < 50 else 1900
                found.number(year, m, 3)
        found.taken.append(m.span())


def _times(text: str, lang: str, found: Found) -> None:
    """14h30 / 14:30 / 2:30 p.m. as hour (24-hour clock) and minutes; ":00" is dropped."""
    for pattern in (_TIME_COLON, _TIME_AMPM if lang == "en" else _TIME_H):
        for m in pattern.finditer(text):
            if overlaps(m.span(), found.taken):
                continue
            hour = int(m.group(1))
            if pattern is _TIME_AMPM:
                minute, ampm = None, m.group(2)
            elif pattern is _TIME_COLON:
                minute, ampm = m.group(2), m.group(3)
            else:
                minute, ampm = m.group(2), None
            if ampm:
                hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
            found.number(hour, m, 1)
            if minute and int(minute):
                found.number(int(minute), m, 2)
            found.taken.append(m.span())


def _scale_after(
    text: str, lang: str, start: int, tail: int, scale_word: re.Pattern[str]
) -> tuple[int, int]:
    """(scale, end) of the scale word after the digits ending at ``tail`` ("1,5 milliard",
    "300 M€", "€450m"); (1, tail) when there is none."""
    if scale_match := scale_word.match(text, tail):
        word = scale_match.group(1) or scale_match.group(2)
        return _SCALE_VALUE[nfc(word).lower()], scale_match.end()
    currency = lang == "en" and start > 0 and text[start - 1] in _CURRENCY_SIGNS
    if currency and (glued := _CURRENCY_SCALE.match(text, tail)):
        return _SCALE_VALUE[glued.group(1).lower()], glued.end()
    return 1, tail


def _digit_numbers(text: str, lang: str, found: Found) -> None:
    """Every other number, read with the language's separators, with its scale word and %."""
    own = _FORMATS.get(lang, _FORMATS["en"])
    others = _OTHER_FORMATS.get(lang, ())
    scale_word = _SCALE.get(lang, _SCALE["en"])
    percent_sign = PERCENT.get(lang, PERCENT["en"])
    for m in _NUMBER.finditer(text):
        if overlaps(m.span(), found.taken):
            continue
        for raw, start in _split_space_groups(m.group(), m.start()):
            value = next((v for t, d in own if (v := _parse_with(raw, t, d)) is not None), None)
            alternatives = tuple(
                v for t, d in others if (v := _parse_with(raw, t, d)) is not None and v != value
            )
            ok = value is not None
            if value is None:
                if not alternatives:  # "1.2.3": a number in no locale; compare its digits
                    value = Decimal(re.sub(r"\D", "", raw))
                else:
                    value, alternatives = alternatives[0], alternatives[1:]
            tail = start + len(raw)
            scale, tail = _scale_after(text, lang, start, tail, scale_word)
            grouped = value >= 1000 and bool(_GROUPED.search(raw))
            found.nums.append(
                Num(
                    value * scale,
                    value,
                    scale,
                    percent_sign.match(text, tail) is not None,
                    (start, tail),
                    raw,
                    ok,
                    tuple(a * scale for a in alternatives),
                    grouped,
                    shown(text[start:tail]),
                )
            )


def _month_words(text: str, lang: str, found: Found) -> None:
    """avril / April / tháng 4 / tháng Tư (a month number after "tháng" is not a count)."""
    if lang in _MONTH_NAME:
        for m in _MONTH_NAME[lang].finditer(text):
            name = next(group for group in m.groups() if group).lower()
            found.months.append((_MONTH_OF[name], m.span()))
    if lang == "en":
        found.months.extend((5, m.span()) for m in _EN_MAY.finditer(text))
    if lang == "vi":
        for m in _VI_MONTH.finditer(text):
            if overlaps(m.span(), found.taken):
                continue
            if m.group(1):
                month = int(m.group(1))
                if 1 <= month <= 12:
                    found.months.append((month, m.span(1)))
                    found.nums[:] = [n for n in found.nums if n.span[0] != m.start(1)]
            else:
                found.months.append((_VI_MONTH_WORDS[m.group(2)], m.span(2)))


def extract_numbers(text: str, lang: str) -> Found:
    """Numbers (the days and years of dates included) and months of ``text``, in order."""
    found = Found()
    _numeric_dates(text, found)
    _times(text, lang, found)
    _digit_numbers(text, lang, found)
    _month_words(text, lang, found)
    found.nums.sort(key=lambda n: n.span)
    found.months.sort(key=lambda x: x[1])
    return found


def shown(raw: str) -> str:
    return re.sub(r"[\u00a0\u202f\u2009]", " ", raw)
