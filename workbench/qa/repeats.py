"""The ``repeats`` check: MT decoder loops — a word or phrase repeated back to back, or a
three-word phrase three times — that the source does not have."""

from __future__ import annotations

import itertools
from collections import Counter

from workbench.lang import en, fr, vi
from workbench.qa.core import Finding, QAContext, check
from workbench.qa.text import WORD, nfc, overlaps

_NAME = "repeats"
#: Trigrams made only of these (and digits) are not reported: "of the ... of the".
_STOP = en.STOPWORDS | vi.STOPWORDS

Token = tuple[str, int, int]  # (casefolded NFC word, start, end)


def _tokens(text: str) -> list[Token]:
    return [(nfc(m.group()).casefold(), m.start(), m.end()) for m in WORD.finditer(text)]


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


def _source_copies(words: list[str]) -> int:
    """The longest back-to-back repetition in the source ("Non, non, non" -> 3; a word said
    twice counts), so that the target may repeat as much."""
    best = max((copies for _, _, copies in _loops(words)), default=1)
    for a, b in itertools.pairwise(words):
        if a == b and a not in fr.DOUBLED_WORDS:
            best = max(best, 2)
    return best


def _loop_findings(tokens: list[Token], source_words: list[str]) -> list[Finding]:
    """Back-to-back repetitions repeated more often than anything in the source."""
    words = [t[0] for t in tokens]
    source_copies = _source_copies(source_words)
    findings = []
    for first, count, copies in _loops(words):
        if copies <= source_copies:
            continue
        span = (tokens[first][1], tokens[first + count - 1][2])
        unit = " ".join(words[first : first + count // copies])
        findings.append(
            Finding(_NAME, "warning", f"“{unit}” repeated {copies} times in a row", span)
        )
    return findings


def _trigram_findings(tokens: list[Token], flagged: list[tuple[int, int]]) -> list[Finding]:
    """A 3+-gram three times or more, not back to back ("... the peacekeeping force ..."),
    outside the ``flagged`` loops."""
    words = [t[0] for t in tokens]
    positions: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - 2):
        gram = tuple(words[i : i + 3])
        if all(w in _STOP or w.isdigit() for w in gram):
            continue
        positions.setdefault(gram, []).append(i)
    findings = []
    reported: list[tuple[int, int]] = []
    for gram, starts in positions.items():
        kept: list[int] = []
        for s in starts:  # non-overlapping occurrences
            if not kept or s >= kept[-1] + 3:
                kept.append(s)
        if len(kept) < 3:
            continue
        span = (tokens[kept[0]][1], tokens[kept[-1] + 2][2])
        if overlaps(span, flagged) or overlaps(span, reported):
            continue
        reported.append(span)
        findings.append(
            Finding(_NAME, "warning", f"“{' '.join(gram)}” occurs {len(kept)} times", span)
        )
    return findings


@check(_NAME, "warning", "repeated words or phrases (MT decoder loops) absent from the source")
def check_repeats(ctx: QAContext) -> list[Finding]:
    tokens = _tokens(ctx.target)
    source_words = [t[0] for t in _tokens(ctx.source)]
    findings = _loop_findings(tokens, source_words)
    source_counts = Counter(tuple(source_words[i : i + 3]) for i in range(len(source_words) - 2))
    if source_counts and max(source_counts.values()) >= 3:
        return findings  # the source repeats a phrase itself
    flagged = [f.span for f in findings if f.span is not None]
    return findings + _trigram_findings(tokens, flagged)
