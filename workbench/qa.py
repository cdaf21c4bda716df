"""Quality checks on one (French source, target) pair, in the spirit of translate-toolkit's filters.

Each check is one plain function ``QAContext -> list[Finding]`` registered with
``@check(name, severity, description)`` in :data:`CHECKS`. They catch what neural MT (Argos)
gets wrong and msgfmt cannot see in prose: output identical to the source, decoder loops,
dropped sentence halves, lost final punctuation, changed numbers, lost names and terms.

Precision matters more than recall: every rule below has a near-miss in ``tests/test_qa.py``
that it must not flag. Spans are character offsets into the target exactly as given (no
normalisation that would shift them).

Only the standard library is imported, so ``import workbench.qa`` stays cheap.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.languages import language_name

if TYPE_CHECKING:
    from workbench.glossary import Glossary

SEVERITIES = ("error", "warning", "info")
_SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
#: Target languages the checks know; the source is French.
LANGS = ("en", "vi")


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    severity: str
    message: str
    #: Character span in the target; None when the finding is about something missing.
    span: tuple[int, int] | None
    source_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class QAContext:
    source: str
    target: str
    lang: str
    source_lang: str = "fr"
    glossary: Glossary | None = None
    #: The English pivot when the target was translated through English (fr -> en -> vi).
    pivot: str | None = None


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    severity: str
    description: str
    func: Callable[[QAContext], list[Finding]]


CHECKS: dict[str, Check] = {}


def check(
    name: str, severity: str, description: str
) -> Callable[[Callable[[QAContext], list[Finding]]], Callable[[QAContext], list[Finding]]]:
    """Register a check. ``severity`` is its default (highest) severity; a check may report
    milder findings (a number in the wrong locale format is a warning of ``numbers``)."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity {severity!r} is not one of {SEVERITIES}")

    def register(
        func: Callable[[QAContext], list[Finding]],
    ) -> Callable[[QAContext], list[Finding]]:
        if name in CHECKS:
            raise ValueError(f"QA check {name!r} is registered twice")
        CHECKS[name] = Check(name, severity, description, func)
        return func

    return register


# --------------------------------------------------------------------------------------------
# Shared text helpers

_WS = " \t\n\r\u00a0\u202f\u2009"
# Words with their inner - ' . , ("Nagorno-Karabakh", "2,000"); combining marks count as letters
# so that decomposed (NFD) Vietnamese is not cut inside its syllables.
_WORD = re.compile(r"[\w\u0300-\u036f]+(?:[-'’.,][\w\u0300-\u036f]+)*")
_SIMPLE_WORD = re.compile(r"\w+")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def _words(text: str) -> list[str]:
    return text.split()


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _numbered(words: str, start: int = 1) -> dict[str, int]:
    """``"un deux trois"`` -> ``{"un": 1, "deux": 2, "trois": 3}``."""
    return {word: number for number, word in enumerate(words.split(), start)}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold(text: str) -> str:
    """Accent-, case- and hyphen-insensitive form for name matching (Đ -> d too)."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_APOSTROPHES).casefold()
    return " ".join(re.split(r"[\s\-‐‑–]+", text)).strip()


# --------------------------------------------------------------------------------------------
# numbers


@dataclass(frozen=True, slots=True)
class _Num:
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
# 14h30, 14 h, 8h (fr, vi); 14:30, 2:30 p.m., 2 pm (en, also 14:30 anywhere)
_TIME_H = re.compile(r"(?=\d)(?<![\d.,])([01]?\d|2[0-3]) ?h ?([0-5]\d)?(?!\w)")
_TIME_COLON = re.compile(
    r"(?=\d)(?<![\d.,:])([01]?\d|2[0-3]):([0-5]\d)(?:\s?([ap])\.?\s?m(?:\.|\b))?(?![\d:])", re.I
)
_TIME_AMPM = re.compile(r"(?=\d)(?<![\d.,:])(1[0-2]|0?\d)\s?([ap])\.?\s?m(?:\.|\b)", re.I)

_SCALE = {
    "fr": re.compile(r"[ \u00a0\u202f]*(milliards?|millions?|mille)(?!\w)", re.I),
    "en": re.compile(r"[ \u00a0\u202f]*(thousand|million|billion|trillion|bn|tn)(?!\w)", re.I),
    "vi": re.compile(
        r"[ \u00a0\u202f]*(nghìn tỷ|nghìn tỉ|ngàn tỷ|ngàn tỉ|nghìn|ngàn|triệu|tỷ|tỉ)(?!\w)(?! lệ)",
        re.I,
    ),
}
_SCALE_VALUE = dict.fromkeys(("mille", "thousand", "nghìn", "ngàn"), 10**3)
_SCALE_VALUE |= dict.fromkeys(("million", "millions", "triệu"), 10**6)
_SCALE_VALUE |= dict.fromkeys(("milliard", "milliards", "billion", "bn", "tỷ", "tỉ"), 10**9)
_SCALE_VALUE |= dict.fromkeys(
    ("trillion", "tn", "nghìn tỷ", "nghìn tỉ", "ngàn tỷ", "ngàn tỉ"), 10**12
)
_SCALE_WORD = {
    "en": {10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"},
    "vi": {10**3: "nghìn", 10**6: "triệu", 10**9: "tỷ", 10**12: "nghìn tỷ"},
}
_PERCENT = {
    "fr": re.compile(r"([ \u00a0\u202f]*)(%|pour[ \u00a0]cent\b|p\.[ \u00a0]?100\b)", re.I),
    "en": re.compile(r"([ \u00a0\u202f]*)(%|percent\b|per[ \u00a0]cent\b)", re.I),
    "vi": re.compile(r"([ \u00a0\u202f]*)(%|phần trăm\b)", re.I),
}

_FR_MONTHS = tuple(
    _words("janvier février mars avril mai juin juillet août septembre octobre novembre décembre")
)
_EN_MONTHS = tuple(
    _words("January February March April May June July August September October November December")
)
_MONTH_OF = _numbered(" ".join(_FR_MONTHS)) | _numbered(" ".join(_EN_MONTHS).lower())
_MONTH_OF |= _numbered("jan feb mar apr may jun jul aug sep oct nov dec")
_MONTH_OF["sept"] = 9
_MONTH_NAME = {
    "fr": re.compile(r"(?<!\w)(" + "|".join(_FR_MONTHS) + r")(?!\w)"),
    "en": re.compile(
        r"(?<!\w)(?:(" + "|".join(m for m in _EN_MONTHS if m != "May") + r")"
        r"|(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?= \d))(?!\w)"
    ),
}
# "May" is a month only next to a number or after a preposition ("May I ..." is not).
_MAY_AFTER = "in of early late since until last next this from by"
_EN_MAY = re.compile(
    r"May\b(?<!\wMay)(?:(?= \d)|"
    + "|".join(
        f"(?<={before}May)"
        for before in (r"\d ", r"\d\w\w ", *(rf"\b{w} " for w in _words(_MAY_AFTER)), r"\bmid-")
    )
    + ")"
)
_VI_MONTH_WORDS = _numbered("Giêng Hai Ba Tư Năm Sáu Bảy Tám Chín Mười") | {
    "Mười Một": 11,
    "Mười Hai": 12,
    "Chạp": 12,
}
_VI_MONTH = re.compile(
    r"(?=[Tt])(?<!\w)[Tt]háng[ \u00a0]+(?:(\d{1,2})(?![\d/])|(Mười Một|Mười Hai|"
    + "|".join(w for w in _VI_MONTH_WORDS if " " not in w)
    + r")(?!\w))"
)

_FR_NUMBER_WORDS = _numbered(
    "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize"
) | {"zéro": 0, "une": 1, "vingts": 20}
_FR_NUMBER_WORDS |= {w: 10 * n for n, w in enumerate(_words("vingt trente quarante"), 2)}
_FR_NUMBER_WORDS |= {"cinquante": 50, "soixante": 60}  # 70, 80, 90: soixante-dix, quatre-vingt
_FR_BIG = {"mille": 1000, "million": 10**6, "millions": 10**6, "milliard": 10**9}
_FR_BIG["milliards"] = 10**9
_FR_HUNDRED = frozenset({"cent", "cents"})
#: Approximate and ordinal words: a target may write them as digits ("une centaine" -> "100").
_FR_APPROX = _numbered("premier second", 1) | _numbered("première seconde", 1)
_FR_APPROX |= dict(
    zip(
        _words(
            "dizaine douzaine quinzaine vingtaine trentaine quarantaine cinquantaine soixantaine "
            "centaine millier moitié demi"
        ),
        (10, 12, 15, 20, 30, 40, 50, 60, 100, 1000, 50, 50),
        strict=True,
    )
)
_FR_APPROX |= {w + "s": v for w, v in _FR_APPROX.items() if w.endswith(("aine", "ier"))}
_EN_NUMBER_WORDS = _numbered(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
) | {"zero": 0}
_EN_NUMBER_WORDS |= {w: 10 * n for n, w in enumerate(_words("twenty thirty forty fifty"), 2)}
_EN_NUMBER_WORDS |= {w: 10 * n for n, w in enumerate(_words("sixty seventy eighty ninety"), 6)}
_EN_BIG = {"thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_ORDINAL_WORDS = _numbered(
    "first second third fourth fifth sixth seventh eighth ninth tenth"
) | {"dozen": 12, "half": 50}
_VI_NUMBER_WORDS = _numbered("một hai ba bốn năm sáu bảy tám chín mười") | {"tư": 4}
_ROMAN_ORDINAL = re.compile(r"(?=[IVXLC])(?<!\w)([IVXLC]+)(?:e|er|ère|ème|ᵉ)(?!\w)")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ORDINAL_STEMS = {"cinqu": "cinq", "neuv": "neuf"}


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


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


@dataclass(slots=True)
class _Found:
    """What ``_extract_numbers`` collects; ``taken`` spans are not read again as numbers."""

    nums: list[_Num] = field(default_factory=list)
    months: list[tuple[int, tuple[int, int]]] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def number(self, value: int, match: re.Match[str], group: int) -> None:
        number = Decimal(value)
        raw = match.group(group)
        self.nums.append(_Num(number, number, 1, False, match.span(group), raw, True, label=raw))


def _numeric_dates(text: str, found: _Found) -> None:
    """17/04/2024, 17/4, 4/17/2024 (US), 9/2023 (vi "tháng 9/2023"), 2024-04-17."""
    for m in _DATE_ISO.finditer(text):
        year, month, day = (int(g) for g in m.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.number(year, m, 1)
            found.months.append((month, m.span(2)))
            found.number(day, m, 3)
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


def _times(text: str, lang: str, found: _Found) -> None:
    """14h30 / 14:30 / 2:30 p.m. as hour (24-hour clock) and minutes; ":00" is dropped."""
    for pattern in (_TIME_COLON, _TIME_AMPM if lang == "en" else _TIME_H):
        for m in pattern.finditer(text):
            if _overlaps(m.span(), found.taken):
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


def _digit_numbers(text: str, lang: str, found: _Found) -> None:
    """Every other number, read with the language's separators, with its scale word and %."""
    own = _FORMATS.get(lang, _FORMATS["en"])
    others = _OTHER_FORMATS.get(lang, ())
    scale_word = _SCALE.get(lang, _SCALE["en"])
    percent_sign = _PERCENT.get(lang, _PERCENT["en"])
    for m in _NUMBER.finditer(text):
        if _overlaps(m.span(), found.taken):
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
            scale = 1
            if scale_match := scale_word.match(text, tail):
                scale = _SCALE_VALUE[_nfc(scale_match.group(1)).lower()]
                tail = scale_match.end()
            grouped = value >= 1000 and bool(_GROUPED.search(raw))
            found.nums.append(
                _Num(
                    value * scale,
                    value,
                    scale,
                    percent_sign.match(text, tail) is not None,
                    (start, tail),
                    raw,
                    ok,
                    tuple(a * scale for a in alternatives),
                    grouped,
                    _shown(text[start:tail]),
                )
            )


def _month_words(text: str, lang: str, found: _Found) -> None:
    """avril / April / tháng 4 / tháng Tư (a month number after "tháng" is not a count)."""
    if lang in _MONTH_NAME:
        for m in _MONTH_NAME[lang].finditer(text):
            name = (m.group(1) or m.group(2)).lower()
            found.months.append((_MONTH_OF[name], m.span()))
    if lang == "en":
        found.months.extend((5, m.span()) for m in _EN_MAY.finditer(text))
    if lang == "vi":
        for m in _VI_MONTH.finditer(text):
            if _overlaps(m.span(), found.taken):
                continue
            if m.group(1):
                month = int(m.group(1))
                if 1 <= month <= 12:
                    found.months.append((month, m.span(1)))
                    found.nums[:] = [n for n in found.nums if n.span[0] != m.start(1)]
            else:
                found.months.append((_VI_MONTH_WORDS[m.group(2)], m.span(2)))


def _extract_numbers(text: str, lang: str) -> _Found:
    """Numbers (the days and years of dates included) and months of ``text``, in order."""
    found = _Found()
    _numeric_dates(text, found)
    _times(text, lang, found)
    _digit_numbers(text, lang, found)
    _month_words(text, lang, found)
    found.nums.sort(key=lambda n: n.span)
    found.months.sort(key=lambda x: x[1])
    return found


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


def _fr_soft_numbers(source: str) -> Counter[Decimal]:
    """Numbers the French source writes in words ("six semaines", "une centaine", "troisième",
    "XXe siècle"): a target may write them as digits, which then are not extra numbers."""
    words = [w.lower() for w in _SIMPLE_WORD.findall(source)]
    values = _word_values(words, _FR_NUMBER_WORDS, _FR_BIG, _FR_HUNDRED)
    single = _FR_NUMBER_WORDS | _FR_BIG | {"cent": 100}
    for word in words:
        if word in _FR_APPROX:
            values.append(_FR_APPROX[word])
        elif word.endswith("ième") and len(word) > 5:  # troisième -> trois, onzième -> onze
            stem = _ORDINAL_STEMS.get(word[:-4], word[:-4])
            value = single.get(stem) or single.get(stem + "e")
            if value:
                values.append(value)
    values += [_roman(m.group(1)) for m in _ROMAN_ORDINAL.finditer(source)]
    return Counter(Decimal(v) for v in values)


def _target_word_numbers(target: str, lang: str) -> Counter[Decimal]:
    words = [w.lower() for w in _SIMPLE_WORD.findall(_nfc(target))]
    if lang == "en":
        values = _word_values(words, _EN_NUMBER_WORDS, _EN_BIG, ("hundred",))
        values += [_EN_ORDINAL_WORDS[w] for w in words if w in _EN_ORDINAL_WORDS]
    elif lang == "vi":
        values = [_VI_NUMBER_WORDS[w] for w in words if w in _VI_NUMBER_WORDS]
    else:
        values = []
    return Counter(Decimal(v) for v in values)


def format_number(
    mantissa: Decimal, lang: str, *, grouped: bool = False, scale: int = 1, percent: bool = False
) -> str:
    """``mantissa`` written the ``lang`` way: 2000 -> en "2,000" / vi "2.000"; years stay 2020."""
    plain = format(mantissa, "f")
    int_part, _, frac = plain.partition(".")
    if grouped or len(int_part) >= 5:
        int_part = f"{int(int_part):,}"
    if lang == "en":
        text = int_part + (f".{frac}" if frac else "")
    else:
        text = int_part.replace(",", ".") + (f",{frac}" if frac else "")
    if scale != 1:
        text += " " + _SCALE_WORD.get(lang, _SCALE_WORD["en"]).get(scale, f"x{scale}")
    if percent:
        text += "%"
    return text


def _shown(raw: str) -> str:
    return re.sub(r"[\u00a0\u202f\u2009]", " ", raw)


def _month_name(month: int, lang: str) -> str:
    if lang == "en":
        return _EN_MONTHS[month - 1]
    if lang == "vi":
        return f"tháng {month}"
    return _FR_MONTHS[month - 1]


@check("numbers", "error", "numbers, percentages and dates kept, in the target's number format")
def check_numbers(ctx: QAContext) -> list[Finding]:
    source_found = _extract_numbers(ctx.source, "fr")
    target_found = _extract_numbers(ctx.target, ctx.lang)
    source_nums, source_months = source_found.nums, source_found.months
    target_nums, target_months = target_found.nums, target_found.months
    lang = ctx.lang
    findings: list[Finding] = []

    def add(
        severity: str,
        message: str,
        span: tuple[int, int] | None,
        src: tuple[int, int] | None = None,
    ) -> None:
        findings.append(Finding("numbers", severity, message, span, src))

    pending = list(source_nums)
    free = list(target_nums)
    pairs: list[tuple[_Num, _Num, str]] = []  # (source, target, how)

    def match_pass(
        how: str,
        target_keys: Callable[[_Num], Iterable[object]],
        source_keys: Callable[[_Num], Iterable[object]] = lambda s: (s.value,),
        accept: Callable[[_Num, _Num], bool] = lambda s, t: True,
    ) -> None:
        """Pair each pending source number with a free target number sharing a key; among
        candidates prefer the same percent flag, then reading order. Indexed: O(n)."""
        index: dict[object, deque[_Num]] = {}
        for t in free:
            for key in target_keys(t):
                index.setdefault(key, deque()).append(t)
        used: set[tuple[int, int]] = set()  # spans identify numbers within a text
        matched: set[tuple[int, int]] = set()
        for s in pending:
            best: _Num | None = None
            for key in source_keys(s):
                bucket = index.get(key)
                while bucket and bucket[0].span in used:
                    bucket.popleft()  # taken earlier: keeps the scan short
                for t in bucket or ():
                    if t.span in used or not accept(s, t):
                        continue
                    if t.percent == s.percent:
                        best = t
                        break
                    best = best or t
                if best is not None and best.percent == s.percent:
                    break
            if best is not None:
                used.add(best.span)
                matched.add(s.span)
                pairs.append((s, best, how))
        pending[:] = [s for s in pending if s.span not in matched]
        free[:] = [t for t in free if t.span not in used]

    match_pass("exact", lambda t: (t.value,) if t.ok_format else ())
    match_pass("format", lambda t: (t.value,))  # "1,5" in English: only French-style fits
    match_pass("format", lambda t: t.alternatives)  # "2.000" in English reads as 2
    match_pass(  # "1,5 milliard" -> "1.5 million" or "1.5"
        "scale",
        lambda t: (t.mantissa,),
        lambda s: (s.mantissa, s.value),
        lambda s, t: s.scale != t.scale,
    )

    for s, t, how in pairs:
        expected = format_number(
            s.mantissa, lang, grouped=s.grouped, scale=s.scale, percent=s.percent
        )
        if how == "format":
            add(
                "warning",
                f"use {format_number(s.mantissa, lang, grouped=True)} in {language_name(lang)} "
                f"(found {_shown(t.raw)}, the French number {_shown(s.raw)})",
                t.span,
                s.span,
            )
        elif how == "scale":
            # Both with a scale word (milliard -> million) is a real error; a target without one
            # may use an abbreviation this check does not know ("1.5bn" is known, "1.5B" not).
            severity = "error" if s.scale != 1 and t.scale != 1 else "warning"
            add(
                severity,
                f"{s.label} became {t.label}: check the scale word (expected {expected})",
                t.span,
                s.span,
            )
        elif t.ok_format and not t.grouped and t.scale == 1 and len(t.raw) >= 5 and t.raw.isdigit():
            add(
                "warning",
                f"use {format_number(t.mantissa, lang, grouped=True)} in {language_name(lang)}",
                t.span,
                s.span,
            )
        if s.percent and not t.percent:
            add(
                "warning",
                f"{_shown(t.raw)} has lost its percent sign (expected {expected})",
                t.span,
                s.span,
            )
        elif t.percent and not s.percent:
            add(
                "warning",
                f"{_shown(t.raw)} is a percentage but {_shown(s.raw)} in the source is not",
                t.span,
                s.span,
            )
        elif t.percent and lang in LANGS:
            sign = _PERCENT[lang].match(ctx.target, t.span[1])
            if sign and sign.group(2) == "%" and sign.group(1):
                add(
                    "warning",
                    f"no space before % in {language_name(lang)} (write {expected})",
                    (sign.start(), sign.end()),
                    s.span,
                )

    # Source digits 1-10 (and any value the English target spells out) written in words.
    spelled = _target_word_numbers(ctx.target, lang)
    for s in list(pending):
        if s.scale == 1 and not s.percent and spelled[s.value] > 0:
            spelled[s.value] -= 1
            pending.remove(s)
    soft = _fr_soft_numbers(ctx.source)
    extras = []
    for t in free:
        if soft[t.value] > 0:  # "six semaines" -> "6 tuần", "deux millions" -> "2 million"
            if t.scale == 1:
                soft[t.value] -= 1
            continue
        extras.append(t)

    # A missing number and an extra one, in reading order, are most likely the same number
    # mistranslated: say so in one finding ("2 000 became 200").
    for index, s in enumerate(pending):
        expected = format_number(
            s.mantissa, lang, grouped=s.grouped, scale=s.scale, percent=s.percent
        )
        if index < len(extras):
            t = extras[index]
            add("error", f"number {s.label} became {t.label} (expected {expected})", t.span, s.span)
        else:
            hint = "" if expected == s.label else f" (expected {expected})"
            add("error", f"number {s.label} is missing from the translation{hint}", None, s.span)
    for t in extras[len(pending) :]:
        add("error", f"number {t.label} is not in the source", t.span)

    # Months (of dates): "17 avril" must give April / tháng 4 / 17/4.
    target_left = list(target_months)
    lost = []
    for month, span in source_months:
        hit = next((x for x in target_left if x[0] == month), None)
        if hit:
            target_left.remove(hit)
        else:
            lost.append((month, span))
    for index, (month, span) in enumerate(lost):
        expected = _month_name(month, lang)
        if index < len(target_left):
            t_span = target_left[index][1]
            found = ctx.target[t_span[0] : t_span[1]]
            add(
                "error",
                f"month {_month_name(month, 'fr')} became {found} (expected {expected})",
                t_span,
                span,
            )
        else:
            add(
                "error",
                f"month {_month_name(month, 'fr')} is missing from the translation "
                f"(expected {expected})",
                None,
                span,
            )
    for _month, span in target_left[len(lost) :]:
        add("warning", f"month {ctx.target[span[0] : span[1]]} is not in the source", span)
    return findings


# --------------------------------------------------------------------------------------------
# punctuation

_CLOSERS = "»”\"’')]}›"
_TERMINALS = ".!?…:;"
_ABBREV_END = re.compile(
    r"(?:(?<!\w)(?:[A-Za-z]\.){2,}|(?<!\w)(?:etc|Inc|Ltd|Co|Corp|Jr|Sr|St|Bros|No|vs)\.)$"
)
_DIGIT_AHEAD = re.compile(r"\s*\d")
_SPACE_BEFORE = re.compile(r"(?<=[^\s])([ \u00a0\u202f\u2009]+)([?!:;])(?![)(DPp\d/])")


def _final_mark(text: str) -> tuple[str, tuple[int, int]] | None:
    """The sentence-final punctuation of ``text`` (closing quotes skipped), with its span."""
    end = len(text)
    while end and (text[end - 1] in _WS or text[end - 1] in _CLOSERS):
        end -= 1
    if end == 0 or text[end - 1] not in _TERMINALS:
        return None
    start = end - 1
    if text[start] == "." and text[max(0, end - 3) : end] == "...":
        return "…", (end - 3, end)
    while start and text[start - 1] in "?!" and text[end - 1] in "?!":
        start -= 1
    return text[end - 1], (start, end)


@check("punctuation", "warning", "final punctuation kept; no French space before ? ! : ;")
def check_punctuation(ctx: QAContext) -> list[Finding]:
    findings: list[Finding] = []
    source_mark = _final_mark(ctx.source)
    target_mark = _final_mark(ctx.target)
    if source_mark and not target_mark:
        findings.append(
            Finding(
                "punctuation",
                "warning",
                f"final {source_mark[0]} of the source is missing from the translation",
                None,
                source_mark[1],
            )
        )
    elif target_mark and not source_mark:
        head = ctx.target[: target_mark[1][1]].rstrip()
        if not (target_mark[0] == "." and _ABBREV_END.search(head)):
            findings.append(
                Finding(
                    "punctuation",
                    "warning",
                    f"final {target_mark[0]} added: the source ends without punctuation",
                    target_mark[1],
                )
            )
    elif source_mark and target_mark and source_mark[0] != target_mark[0]:
        findings.append(
            Finding(
                "punctuation",
                "warning",
                f"final {source_mark[0]} became {target_mark[0]}",
                target_mark[1],
                source_mark[1],
            )
        )
    if ctx.lang in LANGS:
        for m in _SPACE_BEFORE.finditer(ctx.target):
            if ctx.target[m.start() - 1].isdigit() and _DIGIT_AHEAD.match(ctx.target, m.end()):
                continue  # a ratio or score, "3 : 1"
            findings.append(
                Finding(
                    "punctuation",
                    "warning",
                    f"no space before {m.group(2)} in {language_name(ctx.lang)}"
                    " (French typography)",
                    m.span(),
                )
            )
    return findings


# --------------------------------------------------------------------------------------------
# brackets and quotes

_OPENERS = {"(": "paren", "[": "square", "«": "quote", "“": "quote"}
_CLOSER_CLASS = {")": "paren", "]": "square", "»": "quote", "”": "quote"}
_PAIR = {"(": ")", "[": "]", "«": "»", "“": "”"}
_GUILLEMETS = re.compile(r"«[^«»]*»|[«»]")
_INNER_SPACE = re.compile(r"“[ \u00a0\u202f][^“”]*”|“[^“”]*[ \u00a0\u202f]”")


def _bracket_state(
    text: str,
) -> tuple[dict[str, list[tuple[str, int]]], list[tuple[str, int, int]]]:
    """Unmatched brackets per class and mismatched quote pairs ("“…»") of ``text``."""
    unmatched: dict[str, list[tuple[str, int]]] = {"paren": [], "square": [], "quote": []}
    mispaired: list[tuple[str, int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: list[int] = []
    for i, char in enumerate(text):
        if char in _OPENERS:
            stack.append((char, i))
        elif char in _CLOSER_CLASS:
            cls = _CLOSER_CLASS[char]
            depth = next(
                (k for k in range(len(stack) - 1, -1, -1) if _OPENERS[stack[k][0]] == cls), None
            )
            if depth is None:
                unmatched[cls].append((char, i))
                continue
            opener, pos = stack.pop(depth)
            if _PAIR[opener] != char:
                mispaired.append((opener + "…" + char, pos, i))
        elif char == '"':
            straight.append(i)
    for char, pos in stack:
        unmatched[_OPENERS[char]].append((char, pos))
    if len(straight) % 2:
        unmatched["quote"].append(('"', straight[-1]))
    return unmatched, mispaired


@check("brackets_quotes", "warning", "balanced ( ) [ ] and quotes; “ ” rather than « » in English")
def check_brackets_quotes(ctx: QAContext) -> list[Finding]:
    findings: list[Finding] = []
    source_open, _ = _bracket_state(ctx.source)
    target_open, mispaired = _bracket_state(ctx.target)
    names = {"paren": "parenthesis", "square": "bracket", "quote": "quote"}
    for cls, items in target_open.items():
        if len(items) == len(source_open[cls]):
            continue  # unbalanced the same way as the source (a quote spanning segments)
        for char, pos in items:
            if char == '"':
                what = "has no pair"
            elif char in _OPENERS:
                what = "is never closed"
            else:
                what = "has no opening match"
            findings.append(
                Finding(
                    "brackets_quotes",
                    "warning",
                    f"{names[cls]} {char} {what} in the translation",
                    (pos, pos + 1),
                )
            )
    for pair, start, end in mispaired:
        findings.append(
            Finding(
                "brackets_quotes",
                "warning",
                f"quote opened and closed with different marks ({pair})",
                (start, end + 1),
            )
        )
    if ctx.lang in LANGS:
        severity = "warning" if ctx.lang == "en" else "info"
        for m in _GUILLEMETS.finditer(ctx.target):
            findings.append(
                Finding(
                    "brackets_quotes",
                    severity,
                    f"use “ ” rather than French « » in {language_name(ctx.lang)}",
                    m.span(),
                )
            )
        for m in _INNER_SPACE.finditer(ctx.target):
            findings.append(
                Finding(
                    "brackets_quotes",
                    "warning",
                    f"no space inside “ ” in {language_name(ctx.lang)}",
                    m.span(),
                )
            )
    return findings


# --------------------------------------------------------------------------------------------
# untranslated

_FR_STOPWORDS = _wordset(
    "le la les des du de est que qui une un dans pour avec et au aux sur par ne pas sont ont "
    "été cette ces ce il elle ils elles nous vous leur leurs mais ou où sa ses avait "
    "selon entre après depuis dont sous très"
)
_EN_STOPWORDS = _wordset(
    "the of and to in is that for with on was as by at from has have it an are be which this "
    "were had its their not but or after been will would he she they his her who said"
)
#: English words that are not also Vietnamese syllables ("an ninh", "to lớn", "in ấn").
_EN_STRONG = _EN_STOPWORDS - {"an", "to", "in", "on", "be", "as", "at", "he", "it", "or", "by"}
_VI_STOPWORDS = _wordset(
    "và của là các những được có trong cho với đã này không một người khi từ để theo về ở "
    "tại đến sẽ cũng như thì nhưng vì nên đó ông bà họ"
)
_FR_ELISION = re.compile(r"(?=[a-zA-Z])(?<!\w)(?:[ldnsjc]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.I)


def _stopword_counts(text: str) -> tuple[int, int, int, int]:
    words = [w.lower() for w in _SIMPLE_WORD.findall(_nfc(_FR_ELISION.sub(" ", text)))]
    fr = sum(w in _FR_STOPWORDS for w in words) + len(_FR_ELISION.findall(text))
    en = sum(w in _EN_STOPWORDS for w in words)
    en_strong = sum(w in _EN_STRONG for w in words)
    vi = sum(w in _VI_STOPWORDS for w in words)
    return fr, en, en_strong, vi


def _normalized(text: str) -> str:
    return " ".join(_nfc(text).translate(_APOSTROPHES).casefold().split())


def _is_name_only(text: str) -> bool:
    """Short segments that are names, acronyms, numbers or codes: the same in every language."""
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return True
    if " " not in text.strip() and re.search(r"[./@:]", text):
        return True  # URL, e-mail, handle
    connectors = {"de", "du", "des", "d", "la", "le", "von", "van", "der", "al", "bin", "et"}
    return len(words) <= 6 and all(w[0].isupper() or w in connectors for w in words)


@check("untranslated", "error", "target copied from the source or still French")
def check_untranslated(ctx: QAContext) -> list[Finding]:
    target = ctx.target
    whole = (0, len(target))
    if not target.strip():
        return [Finding("untranslated", "error", "the translation is empty", None)]
    if _normalized(target) == _normalized(ctx.source):
        if _is_name_only(ctx.source):
            return []
        return [Finding("untranslated", "error", "the translation is a copy of the source", whole)]
    if (
        ctx.pivot
        and ctx.lang != "en"
        and _normalized(target) == _normalized(ctx.pivot)
        and not _is_name_only(ctx.pivot)
    ):
        return [
            Finding(
                "untranslated",
                "error",
                f"the translation is the English pivot, not {language_name(ctx.lang)}",
                whole,
            )
        ]
    fr, en, en_strong, vi = _stopword_counts(target)
    own = en if ctx.lang == "en" else vi if ctx.lang == "vi" else 0
    if fr >= 3 and fr > own:
        return [
            Finding(
                "untranslated",
                "error",
                f"the translation still looks French ({fr} French function words, "
                f"{own} {language_name(ctx.lang)})",
                whole,
            )
        ]
    if ctx.lang == "vi" and en_strong >= 3 and en_strong > vi:
        return [
            Finding(
                "untranslated",
                "error",
                "the translation looks English, not Vietnamese "
                f"({en_strong} English function words)",
                whole,
            )
        ]
    return []


# --------------------------------------------------------------------------------------------
# repeats


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(_nfc(m.group()).casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _loops(words: list[str]) -> list[tuple[int, int, int]]:
    """Back-to-back repetitions as (first token, token count, copies): a word 3+ times in a row,
    or an n-gram (n = 2..6) twice or more in a row. Smallest period first, then skip past it."""
    found = []
    i = 0
    while i < len(words):
        hit = None
        for n in range(1, 7):
            if i + 2 * n > len(words):
                break
            if words[i + n] != words[i]:
                continue  # cheap test before comparing slices
            copies = 1
            while words[i + copies * n : i + (copies + 1) * n] == words[i : i + n]:
                copies += 1
            if copies >= (3 if n == 1 else 2):
                hit = (i, n * copies, copies)
                break
        if hit:
            found.append(hit)
            i += hit[1]
        else:
            i += 1
    return found


#: French words that legitimately come twice in a row ("vous vous êtes", "nous nous").
_FR_DOUBLES = frozenset({"nous", "vous"})


def _source_copies(words: list[str]) -> int:
    """The longest back-to-back repetition in the source ("Non, non, non" -> 3; a word said
    twice counts), so that the target may repeat as much."""
    best = max((copies for _, _, copies in _loops(words)), default=1)
    for a, b in itertools.pairwise(words):
        if a == b and a not in _FR_DOUBLES:
            best = max(best, 2)
    return best


@check("repeats", "warning", "repeated words or phrases (MT decoder loops) absent from the source")
def check_repeats(ctx: QAContext) -> list[Finding]:
    tokens = _tokens(ctx.target)
    words = [t[0] for t in tokens]
    source_words = [t[0] for t in _tokens(ctx.source)]
    source_copies = _source_copies(source_words)
    findings: list[Finding] = []
    flagged: list[tuple[int, int]] = []
    for first, count, copies in _loops(words):
        if copies <= source_copies:
            continue
        span = (tokens[first][1], tokens[first + count - 1][2])
        unit = " ".join(words[first : first + count // copies])
        findings.append(
            Finding(
                "repeats",
                "warning",
                f"“{unit}” repeated {copies} times in a row",
                span,
            )
        )
        flagged.append(span)

    # A 3+-gram three times or more, not back to back ("... the peacekeeping force ...").
    source_counts = Counter(tuple(source_words[i : i + 3]) for i in range(len(source_words) - 2))
    if source_counts and max(source_counts.values()) >= 3:
        return findings
    stop = _EN_STOPWORDS | _VI_STOPWORDS
    positions: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - 2):
        gram = tuple(words[i : i + 3])
        if all(w in stop or w.isdigit() for w in gram):
            continue
        positions.setdefault(gram, []).append(i)
    reported: list[tuple[int, int]] = []
    for gram, starts in positions.items():
        kept: list[int] = []
        for s in starts:  # non-overlapping occurrences
            if not kept or s >= kept[-1] + 3:
                kept.append(s)
        if len(kept) < 3:
            continue
        span = (tokens[kept[0]][1], tokens[kept[-1] + 2][2])
        if _overlaps(span, flagged) or _overlaps(span, reported):
            continue
        reported.append(span)
        findings.append(
            Finding(
                "repeats",
                "warning",
                f"“{' '.join(gram)}” occurs {len(kept)} times",
                span,
            )
        )
    return findings


# --------------------------------------------------------------------------------------------
# length

#: Target/source character-length ratio expected for a French source.
LENGTH_BOUNDS: dict[str, tuple[float, float]] = {"en": (0.5, 1.6), "vi": (0.5, 1.8)}
#: Below this many source characters the ratio says nothing.
LENGTH_MIN_SOURCE = 20
#: Short sentences vary more: bounds widen by this much under 60 characters.
_SHORT_SLACK = 0.15


@check("length", "warning", "target/source length ratio outside the language's usual range")
def check_length(ctx: QAContext) -> list[Finding]:
    source = " ".join(ctx.source.split())
    target = " ".join(ctx.target.split())
    if len(source) < LENGTH_MIN_SOURCE or not target or ctx.lang not in LENGTH_BOUNDS:
        return []
    low, high = LENGTH_BOUNDS[ctx.lang]
    if len(source) < 60:
        low, high = low - _SHORT_SLACK, high + _SHORT_SLACK
    ratio = len(target) / len(source)
    if low <= ratio <= high:
        return []
    bounds = f"{low:.2f}-{high:.2f} for {language_name(ctx.lang)}"
    if ratio < low:
        return [
            Finding(
                "length",
                "warning",
                f"translation is {ratio:.2f}x the source length (expected {bounds}): "
                "part of the sentence may be missing",
                None,
            )
        ]
    stripped = ctx.target.strip()
    start = ctx.target.find(stripped)
    return [
        Finding(
            "length",
            "warning",
            f"translation is {ratio:.2f}x the source length (expected {bounds}): "
            "look for repeated or invented text",
            (start, start + len(stripped)),
        )
    ]


# --------------------------------------------------------------------------------------------
# spaces

_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \t\u00a0\u202f]{2,}(?=\S)")
_SPACE_BEFORE_COMMA = re.compile(r"(?<=\w)[ \u00a0\u202f]+([,.])(?![.\d])")


def _edge(text: str, leading: bool) -> str:
    stripped = text.lstrip(_WS) if leading else text.rstrip(_WS)
    return text[: len(text) - len(stripped)] if leading else text[len(stripped) :]


@check("spaces", "warning", "leading/trailing spaces as in the source; no double spaces")
def check_spaces(ctx: QAContext) -> list[Finding]:
    findings: list[Finding] = []
    target = ctx.target
    for leading, where in ((True, "leading"), (False, "trailing")):
        source_edge, target_edge = _edge(ctx.source, leading), _edge(target, leading)
        if source_edge == target_edge or not target.strip():
            continue
        if target_edge:
            span = (
                (0, len(target_edge)) if leading else (len(target) - len(target_edge), len(target))
            )
            message = (
                f"{where} whitespace {target_edge!r} not in the source"
                if not source_edge
                else f"{where} whitespace {target_edge!r} differs from the source's {source_edge!r}"
            )
        else:
            span = None
            message = f"{where} whitespace {source_edge!r} of the source is missing"
        findings.append(Finding("spaces", "warning", message, span))
    if not _DOUBLE_SPACE.search(ctx.source):
        for m in _DOUBLE_SPACE.finditer(target):
            findings.append(Finding("spaces", "info", "double space", m.span()))
    if ctx.lang in LANGS:
        for m in _SPACE_BEFORE_COMMA.finditer(target):
            findings.append(
                Finding(
                    "spaces",
                    "warning",
                    f"no space before {m.group(1)} in {language_name(ctx.lang)}",
                    m.span(),
                )
            )
    return findings


# --------------------------------------------------------------------------------------------
# names

#: French proper names whose translation differs: French -> (English, Vietnamese) forms, each
#: "preferred|also accepted". Any form of either language is accepted in both (Vietnamese news
#: often keeps the English spelling: Moscow, Armenia); the first of the language is suggested.
NAME_ALIASES: dict[str, tuple[str, str]] = {
    "Dmitri": ("Dmitry|Dmitri", "Dmitry|Dmitri"),
    "Haut-Karabakh": ("Nagorno-Karabakh|Karabakh", "Nagorno-Karabakh|Karabakh"),
    "Erevan": ("Yerevan", "Yerevan"),
    "Bakou": ("Baku", "Baku"),
    "Moscou": ("Moscow", "Moscow|Mátxcơva|Moskva"),
    "Russie": ("Russia", "Nga"),
    "Arménie": ("Armenia", "Armenia|Ác-mê-ni-a"),
    "Azerbaïdjan": ("Azerbaijan", "Azerbaijan"),
    "Kremlin": ("Kremlin", "Điện Kremlin|Kremlin"),
    "OTSC": ("CSTO", "CSTO"),
    "AFP": ("AFP", "AFP"),
    "RT": ("RT", "RT"),
    "Ukraine": ("Ukraine", "Ukraine|Ukraina"),
    "Kiev": ("Kyiv|Kiev", "Kiev|Kyiv"),
    "Poutine": ("Putin", "Putin"),
    "Zelensky": ("Zelensky|Zelenskyy|Zelenskiy", "Zelensky|Zelenskyy"),
    "Pékin": ("Beijing", "Bắc Kinh"),
    "Chine": ("China", "Trung Quốc"),
    "Japon": ("Japan", "Nhật Bản|Nhật"),
    "Allemagne": ("Germany", "Đức"),
    "France": ("France", "Pháp"),
    "Londres": ("London", "London|Luân Đôn"),
    "Bruxelles": ("Brussels", "Brussels|Brussel"),
    "Varsovie": ("Warsaw", "Warsaw|Vác-sa-va"),
    "Turquie": ("Turkey|Türkiye", "Thổ Nhĩ Kỳ"),
    "Géorgie": ("Georgia", "Gruzia|Georgia"),
    "Inde": ("India", "Ấn Độ"),
    "Vietnam": ("Vietnam|Viet Nam", "Việt Nam"),
    "Viêt Nam": ("Vietnam|Viet Nam", "Việt Nam"),
    "Hanoï": ("Hanoi", "Hà Nội"),
    "Europe": ("Europe", "châu Âu"),
    "Occident": ("West", "phương Tây"),
    "États-Unis": ("United States|US|U.S.|USA|America", "Mỹ|Hoa Kỳ"),
    "Royaume-Uni": ("United Kingdom|UK|U.K.|Britain", "Anh|Vương quốc Anh"),
    "Union européenne": ("European Union|EU", "Liên minh châu Âu|EU"),
    "UE": ("EU|European Union", "EU|Liên minh châu Âu"),
    "Nations unies": ("United Nations|UN|U.N.", "Liên Hợp Quốc|LHQ"),
    "ONU": ("UN|U.N.|United Nations", "Liên Hợp Quốc|LHQ"),
    "OTAN": ("NATO", "NATO"),
    "PIB": ("GDP", "GDP"),
    "OMS": ("WHO|World Health Organization", "WHO|Tổ chức Y tế Thế giới"),
    "OMC": ("WTO|World Trade Organization", "WTO|Tổ chức Thương mại Thế giới"),
    "OPEP": ("OPEC", "OPEC"),
    "CPI": ("ICC|International Criminal Court", "ICC|Tòa án Hình sự Quốc tế"),
    "URSS": ("USSR|Soviet Union", "Liên Xô|USSR"),
    "RDC": ("DRC|Democratic Republic of the Congo", "CHDC Congo|DRC"),
    "EI": ("IS|ISIS|Islamic State", "IS|IS|Nhà nước Hồi giáo"),
    "CEDEAO": ("ECOWAS", "ECOWAS"),
    "HCR": ("UNHCR", "UNHCR"),
    "CICR": ("ICRC|Red Cross", "ICRC|Chữ thập đỏ"),
    "PDG": ("CEO|chief executive", "CEO|Tổng giám đốc"),
    "Maison Blanche": ("White House", "Nhà Trắng"),
    "Maison-Blanche": ("White House", "Nhà Trắng"),
    "Pentagone": ("Pentagon", "Lầu Năm Góc"),
    "Élysée": ("Elysee|Élysée", "Élysée|Elysee"),
    "Moyen-Orient": ("Middle East", "Trung Đông"),
    "Proche-Orient": ("Middle East|Near East", "Trung Đông"),
    "Corée du Sud": ("South Korea", "Hàn Quốc"),
    "Corée du Nord": ("North Korea", "Triều Tiên"),
    "Corée": ("Korea", "Triều Tiên|Hàn Quốc"),
    "Côte d'Ivoire": ("Ivory Coast|Côte d'Ivoire", "Bờ Biển Ngà|Côte d'Ivoire"),
    "Cisjordanie": ("West Bank", "Bờ Tây"),
    "Tchétchénie": ("Chechnya", "Chechnya"),
    "Noël": ("Christmas", "Giáng sinh|Noel"),
    "Pâques": ("Easter", "Phục sinh"),
    "Dieu": ("God", "Chúa|Thượng đế|Trời"),
    "Arabie saoudite": ("Saudi Arabia|Saudi", "Ả Rập Xê Út"),
    "Pays-Bas": ("Netherlands", "Hà Lan"),
    "mer Noire": ("Black Sea", "Biển Đen"),
    "Suisse": ("Switzerland|Swiss", "Thụy Sĩ"),
    "Espagne": ("Spain", "Tây Ban Nha"),
    "Italie": ("Italy", "Ý|Italy|Italia"),
    "Belgique": ("Belgium", "Bỉ"),
    "Pologne": ("Poland", "Ba Lan"),
    "Biélorussie": ("Belarus", "Belarus"),
    "Moldavie": ("Moldova", "Moldova"),
    "Israël": ("Israel", "Israel"),
    "Syrie": ("Syria", "Syria"),
    "Irak": ("Iraq", "Iraq"),
    "Liban": ("Lebanon", "Liban|Li-băng|Lebanon"),
    "Égypte": ("Egypt", "Ai Cập"),
    "Grèce": ("Greece", "Hy Lạp"),
    "Hongrie": ("Hungary", "Hungary"),
    "Mexique": ("Mexico", "Mexico"),
    "Brésil": ("Brazil", "Brazil"),
    "Australie": ("Australia", "Australia|Úc"),
    "Afrique": ("Africa", "châu Phi"),
    "Asie": ("Asia", "châu Á"),
    "Amérique": ("America", "châu Mỹ|Mỹ"),
    "Cambodge": ("Cambodia", "Campuchia"),
    "Thaïlande": ("Thailand", "Thái Lan"),
    "Singapour": ("Singapore", "Singapore"),
}
_ALIAS_KEYS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    _fold(name): (
        tuple(dict.fromkeys(f for forms in pair for f in forms.split("|"))),
        {"en": pair[0].split("|")[0], "vi": pair[1].split("|")[0]},
    )
    for name, pair in NAME_ALIASES.items()
}
_ALIAS_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        re.escape(name).replace(r"\-", "[-‐‑]").replace(r"\ ", r"\s+").replace("'", "['’]")
        for name in sorted(NAME_ALIASES, key=len, reverse=True)
    )
    + r")(?!\w)"
)

#: Capitalised French words that are not names: function words at a sentence start, titles,
#: institutions' common nouns ("l'Organisation du traité ...": translated, not a name).
_NOT_NAMES = _wordset(
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
    "lundi mardi mercredi jeudi vendredi samedi dimanche photo photos vidéo source "
    "lire aussi afp/rt"
) | frozenset(_FR_MONTHS)
_NAME_CONNECTORS = frozenset(
    {
        "de",
        "du",
        "des",
        "d",
        "von",
        "van",
        "der",
        "den",
        "al",
        "el",
        "bin",
        "ben",
        "di",
        "da",
        "dos",
        "la",
        "le",
    }
)
# Letters only, not glued to digits ("AF447" and "G7" are codes, not names).
_NAME_TOKEN = re.compile(r"(?<![\w])[^\W\d_]+(?:[-‐‑][^\W\d_]+)*(?![\w])")
_ACRONYM = re.compile(r"(?=[A-Z])\b[A-Z]{2,}\b")
_ROMAN_NUMERAL = re.compile(r"[IVXLCDM]+(?:e|er|ère|ème)?")
_SENTENCE_END = ".!?…:"
_NAME_JOIN = re.compile(r"[ \u00a0]|['’]")
_TITLE_ABBREV = re.compile(r"(?<!\w)(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|Me|St|Ste|[A-Z])\.$")
_PLURAL_DETERMINERS = re.compile(
    r"(?<!\w)(?:les|des|aux|ces|leurs|nos|vos|plusieurs|quelques|certains|nombreux|deux|trois)"
    r"[ \u00a0]+$",
    re.I,
)
_FIRST_NAME_FOLLOWS = re.compile(r"[ \u00a0]+[A-Z][a-zà-ÿ]")
_OPENING = "«“\"‘'([—–-" + _WS


_ARTIFACT_NAMES = {
    "marker": "SentencePiece word marker",
    "joiner": "BPE joiner",
    "special": "special token",
    "tag": "language tag",
}


@check("artifacts", "error", "no leaked tokenizer artifacts (▁, @@, <unk>, </s>, >>vie<<)")
def check_artifacts(ctx: QAContext) -> list[Finding]:
    """What an MT decoder must never leave in text (:mod:`workbench.mt.artifacts`): flagged in
    any target, MT or typed, unless the source holds the same string."""
    from workbench.mt.artifacts import find_artifacts

    return [
        Finding(
            "artifacts",
            "error",
            f"leaked {_ARTIFACT_NAMES[found.kind]} {found.text!r}: remove it",
            (found.start, found.end),
        )
        for found in find_artifacts(ctx.target)
        if found.text not in ctx.source
    ]


def _sentence_start(text: str, start: int) -> bool:
    if start >= 2 and text[start - 1] in "'’" and text[start - 2].isalpha():
        return False  # elision: l'AFP, qu'Erevan
    i = start
    while i and text[i - 1] in _OPENING:
        i -= 1
    if i and text[i - 1] == "." and _TITLE_ABBREV.search(text, 0, i):
        return False  # "M. Peskov", "D. Peskov"
    return i == 0 or text[i - 1] in _SENTENCE_END


def _name_runs(source: str, skip: list[tuple[int, int]]) -> list[list[tuple[str, int, int]]]:
    """Runs of capitalised tokens ("Dmitri Peskov", "Charles de Gaulle") outside ``skip``."""
    tokens = [(m.group(), m.start(), m.end()) for m in _NAME_TOKEN.finditer(source)]
    runs: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    pending: list[tuple[str, int, int]] = []  # connectors waiting for a capitalised token
    for token in tokens:
        text, start, end = token
        capital = text[0].isupper() and not _overlaps((start, end), skip)
        joined = bool(current) and _NAME_JOIN.fullmatch(source, (pending or current)[-1][2], start)
        if capital and current and joined:
            current.extend(pending)
            current.append(token)
            pending = []
        elif current and joined and text in _NAME_CONNECTORS and len(pending) < 2:
            pending.append(token)  # "Charles de Gaulle", "Ursula von der Leyen"
        else:
            if current:
                runs.append(current)
            current = [token] if capital else []
            pending = []
    if current:
        runs.append(current)
    return runs


def _present(forms: Iterable[str], folded_target: str) -> bool:
    return any(
        re.search(r"(?<!\w)" + re.escape(_fold(form)) + r"(?!\w)", folded_target) for form in forms
    )


def _similar(name: str, target_words: set[str]) -> bool:
    """A target word close to ``name``: Dmitri/Dmitry, Arméniens/Armenians, Peskov/Peskov's."""
    from difflib import SequenceMatcher

    folded = _fold(name)
    if folded in target_words:
        return True
    for word in target_words:
        prefix = 0
        for a, b in zip(folded, word, strict=False):
            if a != b:
                break
            prefix += 1
        if prefix >= min(5, len(folded)) and len(word) >= 3:
            return True
        if len(word) >= 4 and SequenceMatcher(None, folded, word).ratio() >= 0.8:
            return True
    return False


def _found(name: str, folded_target: str, target_words: set[str]) -> bool:
    """``name`` (or a known translation of it, or a close spelling) occurs in the target."""
    forms = (name, *_ALIAS_KEYS.get(_fold(name), ((), {}))[0])
    return _present(forms, folded_target) or _similar(name, target_words)


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


@check("names", "warning", "proper names and acronyms of the source kept in the target")
def check_names(ctx: QAContext) -> list[Finding]:
    source, target = ctx.source, ctx.target
    if _shouting(source):
        return []  # an all-capitals headline: every word looks like a name
    folded_target = _fold(target)
    target_words = set(re.findall(r"\w+", folded_target))
    # French acronyms often reverse in English: BCE -> ECB, FMI -> IMF, SIDA -> AIDS.
    target_acronyms = [sorted(a) for a in _ACRONYM.findall(target)]
    findings: list[Finding] = []
    reported: set[str] = set()
    covered: list[tuple[int, int]] = []
    if ctx.glossary is not None:  # the glossary check reports those
        covered.extend(span for _, span in ctx.glossary.find(source))

    def missing(name: str, span: tuple[int, int], severity: str, expected: str = "") -> None:
        if _fold(name) in reported:
            return
        reported.add(_fold(name))
        extra = f" (expected {expected})" if expected else ""
        message = f"name {name} is missing from the translation{extra}"
        findings.append(Finding("names", severity, message, None, span))

    # Known names with their translations (Haut-Karabakh -> Nagorno-Karabakh, Moscou -> Moscow).
    for m in _ALIAS_PATTERN.finditer(source):
        if _overlaps(m.span(), covered):
            continue
        if " " not in m.group() and _FIRST_NAME_FOLLOWS.match(source, m.end()):
            continue  # "Dmitri Peskov": checked below as a full name, by its surname
        covered.append(m.span())
        forms, preferred = _ALIAS_KEYS[_fold(m.group())]
        if not (_present(forms, folded_target) or _present([m.group()], folded_target)):
            suggestion = preferred.get(ctx.lang, "")
            missing(m.group(), m.span(), "warning", "" if suggestion == m.group() else suggestion)

    for run in _name_runs(source, covered):
        while run and (run[0][0].lower() in _NOT_NAMES or run[0][0] in _NAME_CONNECTORS):
            run = run[1:]
        while run and run[-1][0] in _NAME_CONNECTORS:
            run = run[:-1]
        if not run:
            continue
        span = (run[0][1], run[-1][2])
        name = source[span[0] : span[1]]
        words = [t for t in run if t[0] not in _NAME_CONNECTORS]
        if len(words) >= 2:  # a full name: its surname must be there (first names vary)
            if not (
                _present([name], folded_target) or _found(words[-1][0], folded_target, target_words)
            ):
                missing(name, span, "warning")
            continue
        word, start, _ = words[0]
        if _ROMAN_NUMERAL.fullmatch(word):
            continue  # "Louis XIV", "le XXe siècle"
        if len(word) >= 2 and word.isupper():  # acronym
            if not (_present([word], folded_target) or sorted(word) in target_acronyms):
                missing(word, span, "warning")
            continue
        if (
            len(word) < 3
            or word.lower() in _NOT_NAMES
            or _sentence_start(source, start)
            or (word.endswith("s") and _PLURAL_DETERMINERS.search(source, 0, start))
        ):
            continue  # sentence-initial word, or a people ("les Russes" -> "người Nga")
        if not _found(word, folded_target, target_words):
            missing(word, span, "info")
    return findings


# --------------------------------------------------------------------------------------------
# glossary


def _target_has(form: str, target: str, lang: str, exact_case: bool) -> bool:
    from workbench.glossary import term_regex

    pattern = term_regex(_nfc(form))
    if lang == "en" and not exact_case:
        pattern = pattern[: -len(r"(?!\w)")] + r"(?:e?s|['’]s)?(?!\w)"  # plural, possessive
    flags = 0 if exact_case else re.IGNORECASE
    return re.search(pattern, _nfc(target), flags) is not None


@check("glossary", "error", "glossary terms translated as required; do-not-translate terms kept")
def check_glossary(ctx: QAContext) -> list[Finding]:
    if ctx.glossary is None:
        return []
    findings: list[Finding] = []
    seen: set[str] = set()
    for term, span in ctx.glossary.find(ctx.source):
        if term.fr in seen:
            continue
        seen.add(term.fr)
        required = ctx.glossary.target_for(term, ctx.lang)
        if not required or _target_has(required, ctx.target, ctx.lang, term.do_not_translate):
            continue
        if term.do_not_translate:
            message = f"{term.fr} must stay as it is (do not translate)"
            severity = "error"
        elif _nfc(required) == _nfc(term.fr):
            message = f"glossary: keep {term.fr} as it is in {language_name(ctx.lang)}"
            severity = "warning"
        else:
            message = f"glossary: {term.fr} must be translated as {required}"
            severity = "warning"
        if term.note:
            message += f" — {term.note}"
        findings.append(Finding("glossary", severity, message, None, span))
    return findings


# --------------------------------------------------------------------------------------------
# Running

DEFAULT_CHECKS: tuple[str, ...] = tuple(CHECKS)


def parse_enabled(spec: str | None) -> tuple[str, ...]:
    """``"numbers,punctuation"`` -> those checks; ``"-repeats,-length"`` -> all the others;
    None, "" or "all" -> every check. Unknown names raise InputError listing the valid ones."""
    if spec is None or not spec.strip() or spec.strip() == "all":
        return DEFAULT_CHECKS
    wanted: list[str] = []
    removed: list[str] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        negative = item.startswith("-")
        name = item.lstrip("-+").strip()
        if name not in CHECKS:
            raise InputError(
                f"unknown QA check {name!r}: valid checks are {', '.join(CHECKS)} "
                "(prefix a name with - to disable it)"
            )
        (removed if negative else wanted).append(name)
    chosen = set(wanted) if wanted else set(DEFAULT_CHECKS)
    chosen -= set(removed)
    return tuple(name for name in CHECKS if name in chosen)


def _sort_key(finding: Finding) -> tuple[int, int, int, str, str]:
    start, end = finding.span if finding.span is not None else (-1, -1)
    return (start, end, _SEVERITY_RANK[finding.severity], finding.check, finding.message)


def run_checks(
    source: str,
    target: str,
    lang: str,
    *,
    enabled: Iterable[str] | None = None,
    glossary: Glossary | None = None,
    pivot: str | None = None,
    severities: Mapping[str, str] | None = None,
    source_lang: str = "fr",
) -> list[Finding]:
    """Run the enabled checks on one segment; findings sorted by target span then severity
    (findings about something missing, with no span, come first).

    ``severities`` overrides the severity of every finding of a check: ``{"length": "info"}``.
    """
    if lang not in LANGS:
        raise InputError(f"QA checks support target languages {', '.join(LANGS)}, not {lang!r}")
    if source_lang != "fr":
        raise InputError(f"QA checks expect a French source, not {source_lang!r}")
    names = DEFAULT_CHECKS if enabled is None else tuple(enabled)
    for name in names:
        if name not in CHECKS:
            raise InputError(f"unknown QA check {name!r}: valid checks are {', '.join(CHECKS)}")
    overrides = dict(severities or {})
    for name, severity in overrides.items():
        if name not in CHECKS:
            raise InputError(f"cannot set the severity of unknown QA check {name!r}")
        if severity not in SEVERITIES:
            raise InputError(
                f"severity {severity!r} for {name} is not one of {', '.join(SEVERITIES)}"
            )
    ctx = QAContext(source, target, lang, source_lang, glossary, pivot)
    findings: list[Finding] = []
    for name in dict.fromkeys(names):
        found = CHECKS[name].func(ctx)
        if name in overrides:
            found = [replace(f, severity=overrides[name]) for f in found]
        findings.extend(found)
    findings.sort(key=_sort_key)
    return findings


def worst(findings: Iterable[Finding]) -> str | None:
    """The most severe severity among ``findings`` (None when there are none)."""
    ranks = [_SEVERITY_RANK[f.severity] for f in findings]
    return SEVERITIES[min(ranks)] if ranks else None
