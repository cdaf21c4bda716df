"""Use cases: the translation memory — its size per language, a lookup for a sentence, and
TMX files in and out (the approved segments out; pairs in, as matches, never as targets)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.store import open_store

if TYPE_CHECKING:
    from workbench.interchange import TmxExport, TmxImport
    from workbench.tm import TMIndex, TMMatch


@dataclass(frozen=True, slots=True)
class TMStats:
    lang: str
    segments: int  # approved segments of the workspace's articles
    articles: int  # the articles they come from
    imported: int = 0  # pairs imported from TMX files


def _indexes(workspace: str | os.PathLike[str] | None, langs: Sequence[str]) -> dict[str, TMIndex]:
    """Each language's memory: approved segments and imported TMX pairs."""
    from workbench.tm import TMIndex
    from workbench.tm_imported import memory_entries

    with open_store(workspace) as store:
        return {lang: TMIndex(memory_entries(store, lang)) for lang in langs}


def tm_stats(workspace: str | os.PathLike[str] | None, langs: Sequence[str]) -> list[TMStats]:
    from workbench.tm_imported import IMPORTED_SLUG

    stats = []
    for lang, memory in _indexes(workspace, langs).items():
        own = [e for e in memory.entries if e.slug != IMPORTED_SLUG]
        stats.append(TMStats(lang, len(own), len({e.slug for e in own}), len(memory) - len(own)))
    return stats


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


def tm_export(
    workspace: str | os.PathLike[str] | None,
    path: str | os.PathLike[str],
    *,
    slug: str | None = None,
) -> TmxExport:
    """The memory as TMX 1.4b: one article's approved segments, or the workspace's plus the
    pairs imported before."""
    from workbench.interchange import export_tmx

    with open_store(workspace) as store:
        return export_tmx(store, path, slug=slug)


def tm_import(workspace: str | os.PathLike[str] | None, path: str | os.PathLike[str]) -> TmxImport:
    """Add a TMX file's French → target pairs to the workspace's imported memory."""
    from workbench.interchange import import_tmx

    with open_store(workspace) as store:
        return import_tmx(store, path)
