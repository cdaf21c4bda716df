"""English sentence rule, for English text the workbench feeds a model (an edited pivot).

A sentence ends at a run of ``. ! ? …`` plus closing quotes or brackets, followed by whitespace
and an upper-case letter, a digit or an opening quote or bracket — not after an abbreviation
(``Mr.``, ``U.S.``, ``Sept.``, ``e.g.``: :data:`workbench.lang.en.ABBREVIATIONS`; ``No.``
and ``vol.`` before a number) or an initial (``D. Peskov``, ``J.-M. Le Pen``). Simpler than
the French rules of :mod:`workbench.segment.sentences`: a missed boundary only leaves two
sentences together.
Linear in the input size.
"""

from __future__ import annotations

import re

from workbench.lang import en

_BOUNDARY = re.compile(
    r"(?<![.!?…])(?P<term>[.!?…]++)(?P<close>[\"'”’»)\]]*+)\s++"
    r"(?=[\"'“‘«(\[]?[A-ZÀ-ÖØ-Þ0-9])"
)
_INITIALS = re.compile(r"(?:[A-Z]\.-?)*[A-Z]")
_WORD_BEFORE = re.compile(r"[\w.'’-]{1,24}\Z")


def _abbreviation(text: str, term_start: int, next_start: int) -> bool:
    found = _WORD_BEFORE.search(text, max(0, term_start - 24), term_start)
    if found is None:
        return False
    word = found.group().lstrip("'’-").lower()
    if _INITIALS.fullmatch(found.group().lstrip("'’-")) or word in en.ABBREVIATIONS:
        return True
    return word in en.NUMBER_ABBREVIATIONS and text[next_start : next_start + 1].isdigit()


def english_sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, stripped, in order."""
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for match in _BOUNDARY.finditer(text):
        if match.group("term") == "." and _abbreviation(text, match.start("term"), match.end()):
            continue
        cut = match.end("close")
        if cut > start:
            spans.append((start, cut))
            start = match.end()
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans
