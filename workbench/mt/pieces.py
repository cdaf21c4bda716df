"""What a model is given: a text split at sentence, then clause boundaries, and rejoined after.

Argos and OPUS-MT models are trained on single sentences of at most a few hundred tokens
(Marian's ``--max-length``; OPUS-MT-train validates on 100-token sentences): given two sentences
they often drop one, and past their training length they truncate or loop. argostranslate
splits every paragraph into sentences before translating. Here:

1. a text of several sentences is split into its sentences (French rules of
   :mod:`workbench.segment.sentences`; :mod:`workbench.segment.english` for English and any
   other language) — a reviewer's edited English pivot is often two sentences;
2. a sentence longer than ``limit`` tokens is split at clause boundaries (``;`` ``:`` ``,``
   dashes, followed by a space), adjacent clauses packed back together up to ``limit``;
3. a clause still longer is cut between words into pieces of at most ``limit`` tokens — the
   only split that can hurt the translation, so it is reported (:attr:`Split.cut`) and the
   machine translation says so.

The pieces are translated with everything else and rejoined with the whitespace that separated
them in the source (:func:`rejoin`). Nothing is ever truncated: every character of the text is
in exactly one piece.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_CLAUSE = re.compile(r"(?<=[;:,–—])\s+|\s+(?=[–—]\s)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Split:
    """A text as the model gets it."""

    pieces: tuple[str, ...]
    separators: tuple[str, ...]  # whitespace before each piece ("" before the first)
    sentences: int  # how many sentences the text had
    clauses: bool  # a sentence over the limit was split at clause boundaries
    cut: bool  # a clause over the limit was cut between words


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    if lang == "fr":
        from workbench.segment.sentences import sentence_spans as french

        return french(text)
    from workbench.segment.english import english_sentence_spans

    return english_sentence_spans(text)


def _spans(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Sub-spans of ``text[start:end]`` between the matches of ``pattern``."""
    spans = []
    position = start
    for match in pattern.finditer(text, start, end):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < end:
        spans.append((position, end))
    return spans


def _pack(
    text: str, spans: list[tuple[int, int]], count: Callable[[str], int], limit: int
) -> list[tuple[int, int]]:
    """Adjacent spans joined while the joined text stays within ``limit`` tokens."""
    packed: list[tuple[int, int]] = []
    for span in spans:
        if packed and count(text[packed[-1][0] : span[1]]) <= limit:
            packed[-1] = (packed[-1][0], span[1])
        else:
            packed.append(span)
    return packed


def _fit(
    text: str, span: tuple[int, int], count: Callable[[str], int], limit: int
) -> tuple[list[tuple[int, int]], bool, bool]:
    """``span`` as pieces of at most ``limit`` tokens: (pieces, clause split, cut)."""
    start, end = span
    if count(text[start:end]) <= limit:
        return [span], False, False
    clauses = _pack(text, _spans(text, _CLAUSE, start, end), count, limit)
    pieces: list[tuple[int, int]] = []
    cut = False
    for clause in clauses:
        if count(text[clause[0] : clause[1]]) <= limit:
            pieces.append(clause)
            continue
        cut = True
        words = _spans(text, _SPACE, clause[0], clause[1])
        pieces += _pack(text, words, count, limit)
    return pieces, len(clauses) > 1, cut


def split_for_model(text: str, lang: str, count: Callable[[str], int], limit: int) -> Split:
    """Split ``text`` (see the module docstring); ``count`` gives a text's token count."""
    sentences = sentence_spans(text, lang)  # none for a blank text
    spans: list[tuple[int, int]] = []
    clauses = cut = False
    for sentence in sentences:
        pieces, split_clauses, was_cut = _fit(text, sentence, count, limit)
        spans += pieces
        clauses |= split_clauses
        cut |= was_cut
    separators = [""] * bool(spans) + [text[a[1] : b[0]] for a, b in itertools.pairwise(spans)]
    return Split(
        pieces=tuple(text[a:b] for a, b in spans),
        separators=tuple(separators),
        sentences=len(sentences),
        clauses=clauses,
        cut=cut,
    )


def rejoin(translations: Sequence[str], separators: Sequence[str]) -> str:
    """The pieces' translations joined by the whitespace that separated the pieces in the
    source; an empty translation adds nothing (no doubled separator)."""
    parts: list[str] = []
    for translation, separator in zip(translations, separators, strict=True):
        if not translation:
            continue
        if parts:
            parts.append(separator or " ")
        parts.append(translation)
    return "".join(parts)
