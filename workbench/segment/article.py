"""An article's text -> ordered segments: paragraphs, titles and crossheads, content sentences,
page chrome, with stable ids.

Paragraphs
    Every non-blank line is a paragraph of its own (news pages put one paragraph per line;
    blank lines only separate blocks), numbered from 1 in order, chrome included. One exception,
    for hard-wrapped text: a line that does not end with ``. ! ? …`` (closing quotes aside)
    followed, in the same block, by a line starting with a lower-case letter continues on that
    line; the two are one paragraph and the line break becomes one space. Segments never contain
    a line break.

Chrome (:mod:`workbench.segment.chrome`)
    A not-French paragraph is still split into sentences; the others are one segment each.

Titles (kind ``"title"``, one segment for the whole line)
    The first non-chrome paragraph is the title when it is a single line of at most
    ``MAX_TITLE_CHARS`` characters that does not read as prose (several sentences ending with a
    full stop). Later, a crosshead is a title too: a line standing alone in its block (blank line
    or edge before and after), at most ``MAX_HEADING_CHARS`` characters and ``MAX_HEADING_WORDS``
    words, one sentence, starting with a capital, digit or quote, not ending with
    ``. ! ? … : ; ,``, and followed later by some non-chrome paragraph.

Sentences (:mod:`workbench.segment.sentences`)
    Everything else is content, split into sentences.

Nothing is lost or reordered: joining the sources equals the NFC input, whitespace aside.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from workbench.segment.chrome import chrome_reason
from workbench.segment.model import Segment, normalize_source, segment_id
from workbench.segment.reading import normalize_text, read_article
from workbench.segment.sentences import sentence_spans, starts_sentence

MAX_TITLE_CHARS = 250
MAX_HEADING_CHARS = 160
MAX_HEADING_WORDS = 25

_TERMINALS = ".!?…"
_HEADING_BAD_END = ".!?…:;,"
_CLOSERS = "»”’\"')] \t\u00a0\u202f"


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    alone: bool  # the only paragraph of its block (blank line or edge before and after)
    joined: bool  # made of several hard-wrapped lines


def _continues(previous: str, line: str) -> bool:
    """True when ``line`` carries on the sentence of ``previous`` (hard-wrapped text)."""
    if not line[0].islower():
        return False
    core = previous.rstrip(_CLOSERS)
    return not core or core[-1] not in _TERMINALS


def _paragraphs(text: str) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    block: list[str] = []

    def flush() -> None:
        groups: list[list[str]] = []
        for line in block:
            if groups and _continues(groups[-1][-1], line):
                groups[-1].append(line)
            else:
                groups.append([line])
        for group in groups:
            paragraphs.append(_Paragraph(" ".join(group), len(groups) == 1, len(group) > 1))
        block.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            block.append(line)
        elif block:
            flush()
    if block:
        flush()
    return paragraphs


def _is_title(paragraph: _Paragraph, sentences: int) -> bool:
    text = paragraph.text
    if paragraph.joined or len(text) > MAX_TITLE_CHARS:
        return False
    return sentences == 1 or not text.endswith(".")


def _is_heading(paragraph: _Paragraph, sentences: int) -> bool:
    text = paragraph.text
    if not paragraph.alone or paragraph.joined or sentences != 1:
        return False
    if len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    core = text.rstrip(_CLOSERS)
    if not core or core[-1] in _HEADING_BAD_END:
        return False
    return starts_sentence(text[0])


def segment_text(text: str) -> list[Segment]:
    """Split normalized article text into ordered segments (see the module docstring)."""
    paragraphs = _paragraphs(normalize_text(text))
    reasons = [chrome_reason(p.text) for p in paragraphs]
    last_text = max((i for i, r in enumerate(reasons) if r is None), default=-1)

    pieces: list[tuple[int, str, str | None, str]] = []  # paragraph, kind, reason, source
    seen_text = False
    for number, (paragraph, reason) in enumerate(zip(paragraphs, reasons, strict=True), start=1):
        spans = sentence_spans(paragraph.text)
        if reason is not None:
            if reason == "not-french":
                pieces.extend((number, "chrome", reason, paragraph.text[a:b]) for a, b in spans)
            else:
                pieces.append((number, "chrome", reason, paragraph.text))
            continue
        if not seen_text:
            seen_text = True
            title = _is_title(paragraph, len(spans))
        else:
            title = number - 1 < last_text and _is_heading(paragraph, len(spans))
        if title:
            pieces.append((number, "title", None, paragraph.text))
        else:
            pieces.extend((number, "content", None, paragraph.text[a:b]) for a, b in spans)

    segments: list[Segment] = []
    occurrences: dict[str, int] = {}
    for position, (number, kind, reason, source) in enumerate(pieces, start=1):
        norm = normalize_source(source)
        occurrence = occurrences.get(norm, 0)
        occurrences[norm] = occurrence + 1
        segments.append(
            Segment(segment_id(norm, occurrence), position, number, kind, reason, source)
        )
    return segments


def segment_file(path: str | os.PathLike[str]) -> list[Segment]:
    """:func:`read_article` then :func:`segment_text`."""
    return segment_text(read_article(path))


def title_of(segments: list[Segment]) -> str:
    """The first title segment's text, else the first content segment's, else ``""``."""
    for kind in ("title", "content"):
        for segment in segments:
            if segment.kind == kind:
                return segment.source
    return ""
