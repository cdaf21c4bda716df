"""The review UI's thread workers: machine translation of the segments without MT, QA of the
whole article (what the "flagged" filter needs), re-translation of one segment, an approved
English target followed into the languages pivoted through it, export, and
the watch on the store that keeps the screen live (other reviewers' changes).

Each is a ``@work(thread=True, exit_on_error=False)`` function whose first argument is the
node that runs it (the review screen): it calls a job of :mod:`workbench.review.jobs` (or
:func:`workbench.review.run_qa`), which opens its own store connection, and only posts
:mod:`workbench.tui.messages` back; it never touches the session or a widget. A user error
becomes an ``error`` field of the message; a bug ends the worker in the ERROR state, which
the screen reports (``exit_on_error=False``: the app keeps running).
"""

from __future__ import annotations

import time
from pathlib import Path

from textual import work
from textual.dom import DOMNode
from textual.worker import get_current_worker

from workbench.errors import WorkbenchError
from workbench.review import QAJob, QARun, jobs, run_qa
from workbench.store import open_store
from workbench.tui.messages import (
    Exported,
    PivotsLinked,
    QaFinished,
    QaNotices,
    QaProgress,
    SegmentRetranslated,
    SpellingSuggested,
    StoreChanged,
    TranslateFinished,
    TranslateProgress,
)


class _Cancelled(Exception):
    """Raised from the progress callback to stop a cancelled translation worker."""


@work(
    thread=True, exclusive=True, exit_on_error=False, group="mt-open",
    description="machine translation of the segments without MT",
)  # fmt: skip
def translate_missing(node: DOMNode, workspace: Path, slug: str, lang: str) -> None:
    """MT of every segment of ``lang`` without it; progress as it goes. A newer run (a
    language switch) cancels this one at its next progress report."""
    worker = get_current_worker()

    def progress(lang: str, done: int, total: int) -> None:
        if worker.is_cancelled:
            raise _Cancelled
        node.post_message(TranslateProgress(lang, done, total))

    try:
        jobs.translate_missing(workspace, slug, lang, progress)
    except _Cancelled:
        return
    except WorkbenchError as exc:
        node.post_message(TranslateFinished(lang, str(exc)))
        return
    node.post_message(TranslateFinished(lang))


def _yield_interpreter() -> None:
    time.sleep(0)


@work(
    thread=True, exclusive=True, exit_on_error=False, group="qa",
    description="QA of every segment",
)  # fmt: skip
def qa_all(node: DOMNode, run_id: int, run: QARun, todo: list[QAJob]) -> None:
    """QA of ``todo`` in batches; a newer run (the text changed) cancels this one between
    batches."""
    worker = get_current_worker()
    for found, done in run_qa(run, todo, between=_yield_interpreter):
        if worker.is_cancelled:
            return
        node.post_message(QaProgress(run_id, run.generation, found, done, len(todo)))
    node.post_message(QaFinished(run_id))


@work(
    thread=True, exclusive=True, exit_on_error=False, group="qa-notices",
    description="which QA checks cannot run",
)  # fmt: skip
def qa_notices(node: DOMNode, lang: str) -> None:
    """The lines saying which checks cannot run in ``lang`` (loading its spelling
    dictionary, off the UI thread); a settings value that is not understood is one too."""
    try:
        lines = jobs.qa_notices(lang)
    except WorkbenchError as exc:
        lines = [str(exc)]
    node.post_message(QaNotices(lang, tuple(lines)))


@work(
    thread=True, exclusive=True, exit_on_error=False, group="spelling",
    description="spelling suggestions",
)  # fmt: skip
def spelling_suggestions(
    node: DOMNode, segment_id: str, lang: str, span: tuple[int, int], word: str
) -> None:
    """The dictionary's corrections of ``word`` (at ``span`` of the segment's target)."""
    try:
        options = tuple(jobs.spelling_suggestions(word, lang))
    except WorkbenchError as exc:
        node.post_message(SpellingSuggested(segment_id, lang, *span, word, (), str(exc)))
        return
    node.post_message(SpellingSuggested(segment_id, lang, *span, word, options))


# Not exclusive: re-translating one segment, then another, runs both.
@work(
    thread=True, exclusive=False, exit_on_error=False, group="retranslate",
    description="re-translation of one segment",
)  # fmt: skip
def retranslate(
    node: DOMNode,
    workspace: Path,
    slug: str,
    segment_id: str,
    lang: str,
    english: str | None,
    reviewer: str | None,
) -> None:
    """MT of one segment again: from the source, or from the edited ``english`` pivot."""
    try:
        if english is None:
            jobs.retranslate(workspace, slug, segment_id, lang)
        else:
            jobs.retranslate_pivot(workspace, slug, segment_id, lang, english, reviewer)
    except WorkbenchError as exc:
        node.post_message(SegmentRetranslated(segment_id, lang, str(exc)))
        return
    node.post_message(SegmentRetranslated(segment_id, lang))


# Not exclusive: each approval's follow-up runs (they write different segments).
@work(
    thread=True, exclusive=False, exit_on_error=False, group="pivot-link",
    description="the approved English as the pivot of the other languages",
)  # fmt: skip
def follow_english(
    node: DOMNode, workspace: Path, slug: str, segment_ids: list[str], reviewer: str | None
) -> None:
    """The approved English targets of ``segment_ids`` become the pivot of the languages
    reached through English, translated again from it (the store watch shows the result)."""
    try:
        report = jobs.follow_english_approval(workspace, slug, segment_ids, reviewer)
    except WorkbenchError as exc:
        node.post_message(PivotsLinked("", str(exc)))
        return
    node.post_message(PivotsLinked(report.summary()))


@work(
    thread=True, exclusive=True, exit_on_error=False, group="export",
    description="export of the approved segments",
)  # fmt: skip
def export(node: DOMNode, workspace: Path, slug: str, langs: list[str], out_dir: Path) -> None:
    """The approved segments of ``langs`` to PO files under ``out_dir``."""
    from workbench.project import QAGateError

    try:
        results = jobs.export_now(workspace, slug, langs, out_dir)
    except QAGateError as gate:  # the languages that passed the gate were written
        paths = [f"{r.path} ({r.approved} approved)" for r in gate.written]
        node.post_message(Exported(paths, str(gate)))
        return
    except WorkbenchError as exc:
        node.post_message(Exported([], str(exc)))
        return
    node.post_message(Exported([f"{r.path} ({r.approved} approved)" for r in results]))


#: How long one wait on the store's change feed lasts: the longest a cancelled watch keeps
#: its thread (a change wakes it at once).
WATCH_WAIT_S = 0.5
#: The worker group of the store watch (it runs as long as the review screen).
WATCH_GROUP = "watch"


@work(
    thread=True, exclusive=True, exit_on_error=False, group=WATCH_GROUP,
    description="watching the store for other reviewers' changes",
)  # fmt: skip
def watch_store(node: DOMNode, workspace: Path, wait: float = WATCH_WAIT_S) -> None:
    """Follow the store's change feed on a connection of its own (a store is used by one
    thread; the screen's stays on the UI thread) and post what each commit changed. The
    first message (``changes`` None) covers what was committed before the watch began."""
    worker = get_current_worker()
    try:
        with open_store(workspace) as store:
            token = store.change_token()
            node.post_message(StoreChanged(None))
            while not worker.is_cancelled:
                if not store.wait_for_change(wait) or worker.is_cancelled:
                    continue
                token, changes = store.changes_since(token)
                if changes:
                    node.post_message(StoreChanged(changes))
    except WorkbenchError as exc:
        node.post_message(StoreChanged(frozenset(), f"live refresh stopped: {exc}"))
