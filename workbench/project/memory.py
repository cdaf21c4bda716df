"""Use cases: the translation memory — its size per language, and a lookup for a sentence."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.store import open_store

if TYPE_CHECKING:
    from workbench.tm import TMIndex, TMMatch


@dataclass(frozen=True, slots=True)
class TMStats:
    lang: str
    segments: int  # approved segments
    articles: int  # the articles they come from


def _indexes(workspace: str | os.PathLike[str] | None, langs: Sequence[str]) -> dict[str, TMIndex]:
    from workbench.tm import TMIndex

    with open_store(workspace) as store:
        return {lang: TMIndex(store.tm_entries(lang)) for lang in langs}


def tm_stats(workspace: str | os.PathLike[str] | None, langs: Sequence[str]) -> list[TMStats]:
    return [
        TMStats(lang, len(memory), len({e.slug for e in memory.entries}))
        for lang, memory in _indexes(workspace, langs).items()
    ]


def lookup(memory: TMIndex, text: str, *, threshold: int) -> list[TMMatch]:
    """Everything the memory knows about ``text``: the exact match first, then the fuzzy ones
    (>= ``threshold`` %), then the entries that contain it (concordance), each once."""
    hits = memory.fuzzy(text, threshold=threshold)
    exact = memory.exact(text)
    if exact:
        hits.insert(0, exact)
    hits += [h for h in memory.search(text) if h not in hits]
    return hits


def tm_search(
    workspace: str | os.PathLike[str] | None,
    text: str,
    langs: Sequence[str],
    *,
    threshold: int,
) -> dict[str, list[TMMatch]]:
    """:func:`lookup` in each language's memory."""
    return {
        lang: lookup(memory, text, threshold=threshold)
        for lang, memory in _indexes(workspace, langs).items()
    }
