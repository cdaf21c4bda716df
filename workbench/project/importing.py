"""Use cases: import an article into the workspace, list its segments, report the status."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.store import ImportReport, check_slug, open_store, slugify

if TYPE_CHECKING:
    from workbench.store import ArticleStatus, StoredSegment

#: File stems that say nothing about the article: the slug comes from the folder then.
_GENERIC_STEMS = frozenset({"article", "index", "text", "source", "fr", "en", "vi", "input"})


def default_slug(path: Path) -> str:
    """``samples/karabakh/fr.txt`` -> ``karabakh``; ``news/peskov-2024.txt`` -> ``peskov-2024``."""
    stem = path.stem
    if stem.lower() in _GENERIC_STEMS and path.resolve().parent.name:
        stem = path.resolve().parent.name
    return slugify(stem) or "article"


def import_article(
    path: str | os.PathLike[str],
    *,
    slug: str | None = None,
    workspace: str | os.PathLike[str] | None = None,
) -> ImportReport:
    """Read, validate and segment ``path``, then create or update the article in the store.
    Nothing is written when the file is rejected."""
    from workbench.segment import read_article, segment_text, title_of

    file = Path(path)
    chosen = check_slug(slug) if slug is not None else default_slug(file)
    text = read_article(file)
    segments = segment_text(text)
    if all(s.kind == "chrome" for s in segments):
        reasons = ", ".join(sorted({s.reason or "" for s in segments}))
        raise InputError(
            f"{file} holds no French article text: every line is page chrome ({reasons}); "
            "check that this is the article, in French"
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with open_store(workspace, create=True) as store:
        return store.import_article(
            chosen,
            segments,
            title=title_of(segments),
            source_path=str(file.resolve()),
            source_sha256=digest,
        )


def list_segments(
    workspace: str | os.PathLike[str] | None, slug: str, *, include_removed: bool = False
) -> list[StoredSegment]:
    """An article's segments in order (``include_removed``: those a re-import removed too)."""
    with open_store(workspace) as store:
        return store.segments(slug, include_removed=include_removed)


def translatable(status: ArticleStatus) -> int:
    """Segments to translate and review (content and titles, not page chrome)."""
    return status.kinds["content"] + status.kinds["title"]


@dataclass(frozen=True, slots=True)
class WorkspaceStatus:
    path: str  # the workspace database as it may be printed (a file, or a URL sans password)
    articles: Sequence[ArticleStatus]


def workspace_status(
    workspace: str | os.PathLike[str] | None, slug: str | None = None
) -> WorkspaceStatus:
    """Segment counts per kind and per language status: of ``slug``, or of every article."""
    with open_store(workspace) as store:
        slugs = [slug] if slug else [a.slug for a in store.articles()]
        reports = [store.status(s) for s in slugs]
        return WorkspaceStatus(store.location, reports)
