"""The main review screen: segment list on top, editor below, keys for every action.

:class:`ReviewScreen` is built in layers, one job each: ``review_view`` (layout and
rendering of the session), ``review_saving`` (saves and conflicts), ``review_actions`` (what
the keys do, through the session), ``review_spelling`` (corrections of a misspelled word) and
this module: the key bindings (from :mod:`workbench.tui.keymap`), the start-up, and the
handlers of the widgets' and workers' messages (:mod:`workbench.tui.messages`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState

from workbench.review import LiveRefresh
from workbench.tui import keymap, live, workers
from workbench.tui.messages import (
    Exported,
    PivotEdited,
    PivotsLinked,
    QaFinished,
    QaNotices,
    QaProgress,
    SegmentHighlighted,
    SegmentRetranslated,
    StoreChanged,
    TargetEdited,
    TranslateFinished,
    TranslateProgress,
)
from workbench.tui.screens.review_spelling import ReviewSpelling

ANALYSIS_DELAY_S = 0.25  # QA, diff and TER after the last keystroke
SEARCH_DELAY_S = 0.2
MT_SYNC_EVERY_S = 2.0  # refresh the list from the store while the MT worker runs
QA_LIST_EVERY_S = 1.0  # refresh the flagged list while the QA worker runs


class ReviewScreen(ReviewSpelling):
    """One article in one language. Every action goes through the session; long jobs run in
    thread workers that only post messages back. Autosave, analysis and search wait for a
    pause in typing, measured on the session's clock."""

    BINDINGS: ClassVar[list[BindingType]] = list(keymap.bindings(keymap.REVIEW))

    def on_mount(self) -> None:
        if not self.cursor_blink:
            for area in self.query(TextArea):
                area.cursor_blink = False
            self.query_one("#search", Input).cursor_blink = False
        # First paint first: the analysis of the current segment (QA, TER: the first TER
        # imports sacrebleu) and the QA of every row come right after it.
        self.show_all(analyse=False)
        if self.session.glossary_error:
            self.banner(self.session.glossary_error)
        self.editor.target.focus()
        self.call_after_refresh(self.after_first_paint)

    def after_first_paint(self) -> None:
        self.recover()
        self.analyse()
        self.start_qa()
        if self.translate_on_open:
            self.start_mt()
        self.live = LiveRefresh(self.session, follow=False)  # other reviewers' changes
        workers.watch_store(self, self.session.workspace)

    # -- widget messages ----------------------------------------------------------------------

    def on_segment_highlighted(self, event: SegmentHighlighted) -> None:
        s = self.session
        if event.segment_id != s.current_id and s.has(event.segment_id):
            self.guard(lambda: s.goto(event.segment_id), lambda _: self.show_current())

    def on_target_edited(self, _event: TargetEdited) -> None:
        # The editor's text as it is now (maybe more than the message saw; a late message
        # about a segment the editor has left finds nothing new).
        self.capture()

    def on_pivot_edited(self, _event: PivotEdited) -> None:
        self.capture()

    def typed(self) -> None:
        # The list row follows on the debounced save (show_saved): a DataTable cell update
        # re-sorts its row index, too slow to do on every keystroke at 5,000 rows.
        self.deadlines.set("analysis", ANALYSIS_DELAY_S, self.analyse)
        super().typed()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            value = event.value
            self.schedule("search", SEARCH_DELAY_S, lambda: self.apply_search(value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.unschedule("search")
            self.apply_search(event.value)
            self.editor.target.focus()

    # -- worker messages ----------------------------------------------------------------------

    def on_translate_progress(self, event: TranslateProgress) -> None:
        if event.lang != self.session.lang:
            return
        self.header.show_mt(event.lang, event.done, event.total)
        now = self.session.clock()
        if now - self._last_mt_sync > MT_SYNC_EVERY_S:
            self._last_mt_sync = now
            self.sync_from_store()

    def on_translate_finished(self, event: TranslateFinished) -> None:
        self.header.show_mt(event.lang, 0, 0)
        if event.error:
            self.banner(f"No machine translation: {event.error}")
            self.notify(event.error, title="machine translation", severity="warning", timeout=10)
        elif event.lang == self.session.lang:
            self.banner("")
            self.sync_from_store()

    def sync_from_store(self) -> None:
        """Re-read the rows (a worker wrote MT) and redraw only what changed. The typing is
        taken first: the re-read rows never replace text the editor shows."""
        s = self.session
        self.capture()
        before_visible = list(s.visible)
        before = {r.segment.id: r for r in s.rows}
        current = s.current_id
        gone = s.reload()
        if gone:
            self.show_save_status(gone)
        if s.current_id != current:
            self.show_all()
        elif s.visible != before_visible:
            self.show_list()
        else:
            for row in s.rows:
                if before.get(row.segment.id) != row:
                    self.table.update_row(row, s.text(row.segment.id))
        self.header.show_progress(s.progress())
        if not s.dirty:
            self.show_current()
        self.start_qa()

    def on_segment_retranslated(self, event: SegmentRetranslated) -> None:
        s = self.session
        self.capture()
        if event.error:
            self.notify(event.error, title="machine translation", severity="error", timeout=10)
            return
        if event.lang != s.lang:
            return
        row = s.refresh_row(event.segment_id)
        self.table.update_row(row, s.text(event.segment_id))
        if event.segment_id == s.current_id and not s.dirty:
            self.show_current()
        self.start_qa()
        self.notify("Machine translation updated")

    def on_pivots_linked(self, event: PivotsLinked) -> None:
        if event.error:
            self.notify(
                event.error, title="English pivot", severity="error", timeout=10, markup=False
            )
        elif event.summary:
            self.notify(event.summary, title="English pivot", timeout=10, markup=False)

    def on_qa_progress(self, event: QaProgress) -> None:
        s = self.session
        before = s.visible
        if not s.add_findings(event.found, event.generation) or event.run_id != self._qa_run_id:
            return
        self._qa_progress = (event.done, event.total)
        if s.filter != "flagged":
            return
        self._qa_list_stale |= s.visible != before
        now = s.clock()
        if self._qa_list_stale and now - self._last_qa_list >= QA_LIST_EVERY_S:
            self._last_qa_list = now
            self._qa_list_stale = False
            self.after_filter()
        else:
            self.show_filter()

    def on_qa_finished(self, event: QaFinished) -> None:
        if event.run_id != self._qa_run_id:
            return
        self._qa_progress = None
        if self.session.filter == "flagged" and self._qa_list_stale:
            self._qa_list_stale = False
            self.after_filter()
        else:
            self.show_filter()

    def on_qa_notices(self, event: QaNotices) -> None:
        """A check that cannot run (no spelling dictionary: nothing is underlined), said
        once per session, as ``workbench qa`` says it."""
        for line in event.lines:
            if line not in self._notices_said:
                self._notices_said.add(line)
                self.notify(line, title="QA", severity="warning", timeout=10, markup=False)

    def on_exported(self, event: Exported) -> None:
        if event.paths:
            self.notify("\n".join(event.paths), title="exported", timeout=10, markup=False)
        if event.error:
            self.notify(event.error, title="export", severity="error", timeout=10, markup=False)

    def on_store_changed(self, event: StoreChanged) -> None:
        live.show_changes(self, self.live, event)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a worker: say it instead of dying silently (exit_on_error=False)."""
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        if isinstance(error, ModuleNotFoundError) and (error.name or "").startswith("workbench."):
            message = f"not available in this build: {error.name} is missing"
        else:
            message = f"{type(error).__name__}: {error}"
        self.header.show_mt(self.session.lang, 0, 0)
        self.banner(message)
        self.notify(message, title=event.worker.name, severity="error", timeout=10)
