"""The glossary's term index: where its terms occur in a text, in time independent of its size.

The rule (:meth:`workbench.glossary.Glossary.find`) is what one regular expression alternation
of every term's :func:`~workbench.glossary.term_regex`, longest French form first, would find
with ``finditer`` and ``re.IGNORECASE``. Trying 30,000 alternatives at every character took
minutes per article; this index gives the same findings in milliseconds:

1. The text and every term are *folded* to a key string: a run of whitespace becomes one space,
   each apostrophe (``'``, ``’``, ``ʼ``) one ``'``, and every other character the first
   character of the glossary's alphabet that ``re.IGNORECASE`` matches with it (asked of the
   ``re`` module itself, so its case rules — ``ſ`` is ``s``, ``K`` the Kelvin sign is ``k``,
   ``ı`` is ``i`` — hold exactly). Whatever a term's regex matches folds to the term's key.
2. An Aho–Corasick automaton (``pyahocorasick``) of the term keys finds, in one pass over the
   folded text, every place a term may start: a superset of the real matches.
3. Each candidate is confirmed with the term's own regex at that place (word boundaries,
   exact span), and among the terms confirmed at the leftmost place the alternation's order
   decides (longest French form, then glossary order); the search goes on after that match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.glossary import Term

_APOSTROPHES = frozenset("'’ʼ")


class TermIndex:
    """The index of one glossary's terms (built once, then read-only but for its caches)."""

    def __init__(self, terms: Sequence[Term]) -> None:
        import ahocorasick

        self._terms = terms
        #: term index -> its place in the alternation (longest French form first)
        order = sorted(range(len(terms)), key=lambda i: (-len(terms[i].fr), i))
        self._rank = {i: rank for rank, i in enumerate(order)}
        raw = {i: _raw_key(terms[i].fr) for i in order if terms[i].fr.strip()}
        alphabet = sorted({ch for key in raw.values() for ch in key} - {" ", "'"})
        self._alphabet = alphabet
        self._classes = (
            re.compile("|".join(f"({re.escape(ch)})" for ch in alphabet), re.IGNORECASE)
            if alphabet
            else None
        )
        self._fold: dict[str, str] = {" ": " ", "'": "'"}
        self._regexes: dict[int, re.Pattern[str]] = {}
        automaton: Any = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        keys: dict[str, list[int]] = {}
        for i, key in raw.items():  # in alternation order: each list is already ranked
            keys.setdefault("".join(self._fold_char(ch) for ch in key), []).append(i)
        for key, ids in keys.items():
            automaton.add_word(key, (len(key), tuple(ids)))
        self._automaton = automaton if keys else None
        if keys:
            automaton.make_automaton()

    def _fold_char(self, ch: str) -> str:
        """The first alphabet character ``re.IGNORECASE`` equates with ``ch`` (``ch`` when
        none: it can then be in no match)."""
        folded = self._fold.get(ch)
        if folded is None:
            found = self._classes.fullmatch(ch) if self._classes is not None else None
            folded = self._alphabet[found.lastindex - 1] if found and found.lastindex else ch
            self._fold[ch] = folded
        return folded

    def _folded(self, text: str) -> tuple[str, list[int]]:
        """``text`` folded, and for each folded character the offset it came from."""
        chars: list[str] = []
        offsets: list[int] = []
        in_space = False
        for at, ch in enumerate(text):
            if ch.isspace():  # the same characters as the regex's \s (str patterns)
                if not in_space:
                    chars.append(" ")
                    offsets.append(at)
                in_space = True
                continue
            in_space = False
            chars.append("'" if ch in _APOSTROPHES else self._fold_char(ch))
            offsets.append(at)
        return "".join(chars), offsets

    def _regex(self, i: int) -> re.Pattern[str]:
        pattern = self._regexes.get(i)
        if pattern is None:
            from workbench.glossary import term_regex

            pattern = re.compile(term_regex(self._terms[i].fr), re.IGNORECASE)
            self._regexes[i] = pattern
        return pattern

    def find(self, text: str) -> list[tuple[int, tuple[int, int]]]:
        """(term index, span) of each term found in ``text``, left to right, no overlaps."""
        if self._automaton is None or not text:
            return []
        folded, offsets = self._folded(text)
        starts: dict[int, list[int]] = {}
        for end, (length, ids) in self._automaton.iter(folded):
            starts.setdefault(offsets[end - length + 1], []).extend(ids)
        found: list[tuple[int, tuple[int, int]]] = []
        position = 0
        for start in sorted(starts):
            if start < position:
                continue
            for i in sorted(set(starts[start]), key=self._rank.__getitem__):
                match = self._regex(i).match(text, start)
                if match is not None:
                    found.append((i, match.span()))
                    position = match.end()
                    break
        return found


def _raw_key(fr: str) -> str:
    """A term as the folding sees it before case: words joined by one space, apostrophes
    as ``'`` (the pieces :func:`~workbench.glossary.term_regex` is built from)."""
    return " ".join(
        "".join("'" if ch in _APOSTROPHES else ch for ch in word) for word in fr.split()
    )
