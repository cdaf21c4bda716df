"""The ``numbers`` check: every number, percentage, date and month of the source is in the target,
written in the target language's number format.

Source and target numbers (read by :mod:`workbench.qa.numerals`) are paired in passes — same
value in the target's own format, same value in another locale's format, another locale's
reading ("2.000" in English), then a changed scale word ("1,5 milliard" -> "1.5 million") —
and what stays unpaired is reported: a missing and an extra number in reading order as one
"became" finding.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from workbench.lang.names import language_name
from workbench.qa.core import LANGS, SEVERITY_RANK, Finding, QAContext, check
from workbench.qa.number_words import fr_soft_numbers, target_word_numbers
from workbench.qa.numerals import (
    EN_MONTHS,
    FR_MONTHS,
    PERCENT,
    SCALE_WORD,
    Num,
    extract_numbers,
    shown,
)

_NAME = "numbers"

Span = tuple[int, int]


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
        text += " " + SCALE_WORD.get(lang, SCALE_WORD["en"]).get(scale, f"x{scale}")
    if percent:
        text += "%"
    return text


def _month_name(month: int, lang: str) -> str:
    if lang == "en":
        return EN_MONTHS[month - 1]
    if lang == "vi":
        return f"tháng {month}"
    return FR_MONTHS[month - 1]


def _expected(s: Num, lang: str) -> str:
    return format_number(s.mantissa, lang, grouped=s.grouped, scale=s.scale, percent=s.percent)


@dataclass(slots=True)
class _Pairing:
    """Source numbers still unpaired (``pending``), target numbers still free, and the pairs."""

    pending: list[Num]
    free: list[Num]
    pairs: list[tuple[Num, Num, str]] = field(default_factory=list)  # (source, target, how)

    def match(
        self,
        how: str,
        target_keys: Callable[[Num], Iterable[object]],
        source_keys: Callable[[Num], Iterable[object]] = lambda s: (s.value,),
        accept: Callable[[Num, Num], bool] = lambda s, t: True,
    ) -> None:
        """Pair each pending source number with a free target number sharing a key; among
        candidates prefer the same percent flag, then reading order. Indexed: O(n)."""
        index: dict[object, deque[Num]] = {}
        for t in self.free:
            for key in target_keys(t):
                index.setdefault(key, deque()).append(t)
        used: set[Span] = set()  # spans identify numbers within a text
        matched: set[Span] = set()
        for s in self.pending:
            best: Num | None = None
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
                self.pairs.append((s, best, how))
        self.pending[:] = [s for s in self.pending if s.span not in matched]
        self.free[:] = [t for t in self.free if t.span not in used]


def _pair(source_nums: list[Num], target_nums: list[Num]) -> _Pairing:
    pairing = _Pairing(list(source_nums), list(target_nums))
    pairing.match("exact", lambda t: (t.value,) if t.ok_format else ())
    pairing.match("format", lambda t: (t.value,))  # "1,5" in English: only French-style fits
    pairing.match("format", lambda t: t.alternatives)  # "2.000" in English reads as 2
    pairing.match(  # "1,5 milliard" -> "1.5 million" or "1.5"
        "scale",
        lambda t: (t.mantissa,),
        lambda s: (s.mantissa, s.value),
        lambda s, t: s.scale != t.scale,
    )
    return pairing


def _format_finding(s: Num, t: Num, how: str, lang: str) -> Finding | None:
    """A paired number written in another locale's format, with another scale, or ungrouped."""
    name = language_name(lang)
    if how == "format":
        message = (
            f"use {format_number(s.mantissa, lang, grouped=True, scale=t.scale)} in {name} "
            f"(found {t.label}, the French number {s.label})"
        )
        return Finding(_NAME, "warning", message, t.span, s.span)
    if how == "scale":
        # Both with a scale word (milliard -> million) is a real error; a target without one
        # may use an abbreviation this check does not know ("1.5bn" is known, "1.5B" not).
        severity = "error" if s.scale != 1 and t.scale != 1 else "warning"
        message = (
            f"{s.label} became {t.label}: check the scale word (expected {_expected(s, lang)})"
        )
        return Finding(_NAME, severity, message, t.span, s.span)
    if t.ok_format and not t.grouped and t.scale == 1 and len(t.raw) >= 5 and t.raw.isdigit():
        message = f"use {format_number(t.mantissa, lang, grouped=True)} in {name}"
        return Finding(_NAME, "warning", message, t.span, s.span)
    return None


def _percent_finding(s: Num, t: Num, ctx: QAContext) -> Finding | None:
    """A paired number that lost or gained its percent sign, or has a space before it."""
    lang = ctx.lang
    if s.percent and not t.percent:
        message = f"{shown(t.raw)} has lost its percent sign (expected {_expected(s, lang)})"
        return Finding(_NAME, "warning", message, t.span, s.span)
    if t.percent and not s.percent:
        message = f"{shown(t.raw)} is a percentage but {shown(s.raw)} in the source is not"
        return Finding(_NAME, "warning", message, t.span, s.span)
    if t.percent and lang in LANGS:
        sign = PERCENT[lang].match(ctx.target, t.span[1])
        if sign and sign.group(2) == "%" and sign.group(1):
            message = f"no space before % in {language_name(lang)} (write {_expected(s, lang)})"
            return Finding(_NAME, "warning", message, (sign.start(), sign.end()), s.span)
    return None


def _unpaired(pairing: _Pairing, ctx: QAContext) -> tuple[list[Num], list[Num]]:
    """(missing source numbers, extra target numbers), once numbers written in words on the
    other side are accounted for ("six semaines" -> "6 tuần", "3" -> "three")."""
    spelled = target_word_numbers(ctx.target, ctx.lang)
    pending = list(pairing.pending)
    for s in list(pending):
        if s.scale == 1 and not s.percent and spelled[s.value] > 0:
            spelled[s.value] -= 1
            pending.remove(s)
    soft = fr_soft_numbers(ctx.source)
    extras = []
    for t in pairing.free:
        if soft[t.value] > 0:  # "six semaines" -> "6 tuần", "deux millions" -> "2 million"
            if t.scale == 1:
                soft[t.value] -= 1
            continue
        extras.append(t)
    return pending, extras


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _by_value(nums: list[Num]) -> dict[Decimal, list[Num]]:
    """``nums`` grouped by value, in reading order of each value's first occurrence."""
    groups: dict[Decimal, list[Num]] = {}
    for n in nums:
        groups.setdefault(n.value, []).append(n)
    return groups


def _count_findings(
    pending: list[Num], extras: list[Num], found: tuple[list[Num], list[Num]]
) -> tuple[list[Finding], list[Num], list[Num]]:
    """A number on both sides but not as often (a loop repeated it, a repetition was dropped):
    one finding per number about its count, not one per copy. Returns the findings and the
    numbers still unexplained."""
    in_source = Counter(n.value for n in found[0])
    in_target = Counter(n.value for n in found[1])
    findings = []
    for value, copies in _by_value(extras).items():
        if in_source[value]:
            message = (
                f"{copies[0].label} occurs {_times(in_target[value])} in the translation but "
                f"{_times(in_source[value])} in the source: check the count"
            )
            findings.append(Finding(_NAME, "warning", message, copies[0].span))
    for value, copies in _by_value(pending).items():
        if in_target[value]:
            message = (
                f"{copies[0].label} occurs {_times(in_source[value])} in the source but "
                f"{_times(in_target[value])} in the translation: check the count"
            )
            findings.append(Finding(_NAME, "warning", message, None, copies[0].span))
    pending = [s for s in pending if not in_target[s.value]]
    extras = [t for t in extras if not in_source[t.value]]
    return findings, pending, extras


def _missing_and_extra(pending: list[Num], extras: list[Num], lang: str) -> list[Finding]:
    """A missing number and an extra one, in reading order, are most likely the same number
    mistranslated: say so in one finding ("2 000 became 200"). Copies of one value are one
    finding ("(3 times)")."""
    findings = []
    missing = list(_by_value(pending).values())
    extra = list(_by_value(extras).values())
    for index, copies in enumerate(missing):
        s = copies[0]
        expected = _expected(s, lang)
        if index < len(extra):
            t = extra[index][0]
            times = f" ({_times(len(extra[index]))})" if len(extra[index]) > 1 else ""
            message = f"number {s.label} became {t.label}{times} (expected {expected})"
            findings.append(Finding(_NAME, "error", message, t.span, s.span))
        else:
            hint = "" if expected == s.label else f" (expected {expected})"
            times = f" ({_times(len(copies))})" if len(copies) > 1 else ""
            message = f"number {s.label} is missing from the translation{times}{hint}"
            findings.append(Finding(_NAME, "error", message, None, s.span))
    for copies in extra[len(missing) :]:
        times = f" ({_times(len(copies))})" if len(copies) > 1 else ""
        message = f"number {copies[0].label} is not in the source{times}"
        findings.append(Finding(_NAME, "error", message, copies[0].span))
    return findings


def _merged(findings: list[Finding], groups: list[Span]) -> list[Finding]:
    """One finding per source number: findings about the same source number, or about parts
    of one date or time ("17/04/2024": day, month, year), become one, with the worst severity
    and every message."""
    out: list[Finding] = []
    index: dict[Span, int] = {}
    for f in findings:
        key = f.source_span
        if key is not None:
            key = next((g for g in groups if g[0] <= key[0] and key[1] <= g[1]), key)
        if key is None or key not in index:
            if key is not None:
                index[key] = len(out)
            out.append(f)
            continue
        first = out[index[key]]
        spans = [x for x in (first.span, f.span) if x is not None]
        out[index[key]] = Finding(
            _NAME,
            min(first.severity, f.severity, key=SEVERITY_RANK.__getitem__),
            f"{first.message}; {f.message}",
            (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None,
            key,
        )
    return out


def _month_findings(
    source_months: list[tuple[int, Span]], target_months: list[tuple[int, Span]], ctx: QAContext
) -> list[Finding]:
    """Months (of dates): "17 avril" must give April / tháng 4 / 17/4."""
    target_left = list(target_months)
    lost = []
    for month, span in source_months:
        hit = next((x for x in target_left if x[0] == month), None)
        if hit:
            target_left.remove(hit)
        else:
            lost.append((month, span))
    findings = []
    for index, (month, span) in enumerate(lost):
        expected = _month_name(month, ctx.lang)
        french = _month_name(month, "fr")
        if index < len(target_left):
            t_span = target_left[index][1]
            found = ctx.target[t_span[0] : t_span[1]]
            message = f"month {french} became {found} (expected {expected})"
            findings.append(Finding(_NAME, "error", message, t_span, span))
        else:
            message = f"month {french} is missing from the translation (expected {expected})"
            findings.append(Finding(_NAME, "error", message, None, span))
    for _month, span in target_left[len(lost) :]:
        message = f"month {ctx.target[span[0] : span[1]]} is not in the source"
        findings.append(Finding(_NAME, "warning", message, span))
    return findings


@check(_NAME, "error", "numbers, percentages and dates kept, in the target's number format")
def check_numbers(ctx: QAContext) -> list[Finding]:
    source = extract_numbers(ctx.source, "fr")
    target = extract_numbers(ctx.target, ctx.lang)
    pairing = _pair(source.nums, target.nums)
    findings: list[Finding] = []
    for s, t, how in pairing.pairs:
        for finding in (_format_finding(s, t, how, ctx.lang), _percent_finding(s, t, ctx)):
            if finding is not None:
                findings.append(finding)
    pending, extras = _unpaired(pairing, ctx)
    counted, pending, extras = _count_findings(pending, extras, (source.nums, target.nums))
    findings += counted + _missing_and_extra(pending, extras, ctx.lang)
    findings += _month_findings(source.months, target.months, ctx)
    return _merged(findings, source.taken)
