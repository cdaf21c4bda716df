"""The review's long jobs, for worker threads: machine-translate the segments without MT,
re-translate one segment (from the source or from an edited English pivot), follow an
approved English target into the languages pivoted through it, export the
approved segments through the QA gate. Each opens its own store connection (SQLite
connections stay in the thread that made them) and goes through the use cases of
:mod:`workbench.project`, imported when the job runs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.store import open_store

if TYPE_CHECKING:
    from workbench.project import ExportResult, LinkReport, TranslateReport

#: progress(lang, done, total), called from the worker thread.
ProgressCallback = Callable[[str, int, int], None]


def translate_missing(
    workspace: Path, slug: str, lang: str, progress: ProgressCallback | None = None
) -> list[TranslateReport]:
    """Machine-translate the segments of ``lang`` that have no MT yet."""
    from workbench.project import translate_article

    with open_store(workspace) as store:
        return translate_article(store, slug, [lang], progress=progress)


def retranslate(workspace: Path, slug: str, segment_id: str, lang: str) -> None:
    from workbench.project import retranslate_segment

    with open_store(workspace) as store:
        retranslate_segment(store, slug, segment_id, lang)


def retranslate_pivot(
    workspace: Path, slug: str, segment_id: str, lang: str, english: str, reviewer: str | None
) -> None:
    from workbench.project import retranslate_from_pivot

    with open_store(workspace) as store:
        retranslate_from_pivot(store, slug, segment_id, lang, english, reviewer=reviewer)


def follow_english_approval(
    workspace: Path, slug: str, segment_ids: Sequence[str], reviewer: str | None
) -> LinkReport:
    """English targets approved: the pivot, and the MT from it, of the other languages
    (:func:`~workbench.project.follow_english_approval`)."""
    from workbench.project import follow_english_approval as follow

    with open_store(workspace) as store:
        return follow(store, slug, segment_ids, reviewer=reviewer)


def export_now(
    workspace: Path, slug: str, langs: Sequence[str], out_dir: Path
) -> list[ExportResult]:
    """Approved segments → ``out_dir/<lang>/LC_MESSAGES/<slug>.po``, through the same QA
    gate as ``workbench export`` (:func:`~workbench.project.export_checked`): a language
    with undismissed QA errors raises QAGateError, whose ``written`` lists the others."""
    from workbench.project import export_checked

    with open_store(workspace) as store:
        return export_checked(store, slug, langs, out_dir)


def qa_notices(lang: str) -> list[str]:
    """Why a QA check of the review cannot run in ``lang`` (the ``spelling`` check without
    its dictionary: which Debian package to install), one line each, as ``workbench qa``
    says it. Loads the dictionary (0.1 s for English): a worker's job."""
    from workbench.project.checking import qa_notices as notices
    from workbench.qa import DEFAULT_CHECKS

    return notices([lang], DEFAULT_CHECKS)


def spelling_suggestions(word: str, lang: str) -> list[str]:
    """The dictionary's corrections for ``word``, best first (Hunspell: 0.05-0.2 s a word,
    a worker's job; empty without a dictionary)."""
    from workbench.qa.spelling import suggestions

    return suggestions(word, lang)
