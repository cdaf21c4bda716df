"""Character spans on the target editor's lines: QA findings by severity and misspelled
words, drawn at document offsets mapped to what Rich draws of a line; and a TextArea
location <-> character offset in its text (what QA spans count in)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

SPAN_STYLE = {
    "error": "underline on #5f0000",
    "warning": "underline on #5f5f00",
    "info": "underline",
}
#: The QA check whose spans are misspelled words: underlined as a spelling checker does,
#: apart from the other findings' spans.
SPELLING_CHECK = "spelling"
SPELLING_STYLE = "underline red"

Span = tuple[int, int]


def stylize_line(
    line: Text,
    text: str,
    offset: int,
    findings: Sequence[tuple[int, int, str]],
    misspelled: Sequence[Span],
) -> None:
    """Style ``line`` (Rich's drawing of ``text``, the document line that starts at
    character ``offset``): finding spans by severity, then misspelled words."""
    end_of_line = offset + len(text)
    at = shown_offsets(text, line.plain)
    styled = [(a, b, SPAN_STYLE.get(severity, "underline")) for a, b, severity in findings]
    styled += [(a, b, SPELLING_STYLE) for a, b in misspelled]
    for start, end, style in styled:
        lo, hi = max(start, offset), min(end, end_of_line)
        if lo < hi:
            line.stylize(style, at[lo - offset], at[hi - offset])


def shown_offsets(text: str, shown: str) -> list[int]:
    """For each offset of ``text`` (and its end), the offset in ``shown``: what Rich draws
    of it, without the control characters it drops (BEL, BS, VT, FF, CR), so a span after
    one still covers its own word."""
    if text == shown:
        return list(range(len(text) + 1))
    at, j = [], 0
    for char in text:
        at.append(j)
        if j < len(shown) and shown[j] == char:
            j += 1
    at.append(j)
    return at


def offset_of(lines: Sequence[str], location: tuple[int, int]) -> int:
    """The character offset of ``(row, column)`` in the lines joined by newlines."""
    row, column = location
    return sum(len(line) + 1 for line in lines[:row]) + column


def location_of(lines: Sequence[str], offset: int) -> tuple[int, int]:
    """The ``(row, column)`` of a character offset (the end for one past it)."""
    for row, line in enumerate(lines):
        if offset <= len(line):
            return row, offset
        offset -= len(line) + 1
    return max(len(lines) - 1, 0), len(lines[-1]) if lines else 0
