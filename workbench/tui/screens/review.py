"""The main review screen: segment list on top, editor below, keys for every action.

Every action goes through the :class:`~workbench.review.ReviewSession`; this module only
turns keys and widget messages into session calls and shows the results. Long jobs
(machine translation, QA of every row for the flagged filter, export) run in thread
workers that only post messages back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from workbench.errors import ConflictError, WorkbenchError
from workbench.review import Finding, QAJob, QAKey, QARun, ReviewSession, jobs, run_qa
from workbench.tui.screens.confirm import ConfirmApproveScreen
from workbench.tui.screens.conflict import ConflictScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.widgets.editor import EditorPane
from workbench.tui.widgets.header import ReviewHeader
from workbench.tui.widgets.segment_table import SegmentTable

SAVE_DELAY_S = 0.5  # autosave after the last keystroke
ANALYSIS_DELAY_S = 0.25  # QA, diff and TER after the last keystroke
SEARCH_DELAY_S = 0.2
MT_SYNC_EVERY_S = 2.0  # refresh the list from the store while the MT worker runs
QA_LIST_EVERY_S = 1.0  # refresh the flagged list while the QA worker runs

#: (keys, action, footer description, help text, shown in the footer).
#: Only ctrl-letters the TextArea leaves alone, alt+letters and F-keys: they reach the app
#: in every terminal and through tmux (checked with tmux send-keys). Not alt+digits: Textual
#: reads ESC 1 as "¡" (macOS option keys); not alt+f / alt+b: they arrive as ctrl+right /
#: ctrl+left; not alt+enter: it arrives as enter. All bindings have priority, so they work
#: while the target TextArea has the focus. The footer shows six keys, so that all of them
#: fit in 80 columns; every key is in the help (F1) and the command palette (F9).
KEYMAP: tuple[tuple[str, str, str, str, bool], ...] = (
    ("ctrl+n,alt+down", "next", "Next", "Next segment in the list", True),
    ("ctrl+p,alt+up", "previous", "Prev", "Previous segment in the list", False),
    ("ctrl+o", "approve_next", "Approve▸next",
     "Approve this segment, go to the next to-do (QA errors: asks once per segment)", True),
    ("ctrl+t", "next_todo", "To-do", "Next segment still to review (not approved)", True),
    ("alt+u", "unapprove", "Unapprove", "Take the approval back (the text stays)", False),
    ("ctrl+r", "revert", "Revert", "Replace the target with the machine translation", False),
    ("alt+z", "undo", "Undo", "Undo the segment's last saved change (store, survives restarts)",
     False),
    ("alt+y", "redo", "Redo", "Redo the segment's last undone change", False),
    ("ctrl+l", "switch_lang", "EN⇄VI", "Switch the target language (en ↔ vi)", False),
    ("alt+c", "toggle_chrome", "Chrome", "Mark this segment as page chrome, or un-mark it", False),
    ("alt+r", "retranslate", "Re-MT", "Machine-translate this segment again", False),
    ("alt+p", "retranslate_pivot", "From pivot",
     "Re-translate the target from the edited English pivot", False),
    ("f2", "take_alternative(1)", "Alternative 1", "Take MT alternative 1 as the target", False),
    ("f3", "take_alternative(2)", "Alternative 2", "Take MT alternative 2 as the target", False),
    ("f4", "take_alternative(3)", "Alternative 3", "Take MT alternative 3 as the target", False),
    ("f6", "take_match(1)", "TM match 1", "Take translation-memory match 1 as the target",
     False),
    ("f7", "take_match(2)", "TM match 2", "Take translation-memory match 2 as the target",
     False),
    ("f8", "take_match(3)", "TM match 3", "Take translation-memory match 3 as the target",
     False),
    ("f5", "cycle_filter", "Filter",
     "Cycle the filter: all, todo, edited, approved, chrome, flagged (QA warnings and errors)",
     True),
    ("ctrl+f", "search", "Search", "Search source and target (enter returns to the target)",
     False),
    ("alt+e", "export", "Export", "Export approved segments to locales/<lang>/LC_MESSAGES/",
     False),
    ("ctrl+s", "save", "Save", "Save now (edits are also saved as you type)", False),
    ("f1", "help", "Help", "Show every key", True),
    ("ctrl+q", "quit", "Quit", "Save and quit (never asks, never loses a character)", True),
)  # fmt: skip


class ReviewScreen(Screen[None]):
    #: A short terminal (24 lines) gets a shorter editor (workbench.tcss, ``-short``).
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-short"), (32, "-tall")]

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(keys, action, label, tooltip=tip, show=show, priority=True)
            for keys, action, label, tip, show in KEYMAP
        ),
        Binding("escape", "focus_target", "Back to the target", show=False),
    ]

    # -- worker messages ---------------------------------------------------------

    @dataclass
    class TranslateProgress(Message):
        lang: str
        done: int
        total: int

    @dataclass
    class TranslateFinished(Message):
        lang: str
        error: str | None = None

    @dataclass
    class SegmentRetranslated(Message):
        segment_id: str
        lang: str
        error: str | None = None

    @dataclass
    class Exported(Message):
        paths: list[str]
        error: str | None = None

    @dataclass
    class QaProgress(Message):
        """A batch of findings from the QA worker (run ``run_id``)."""

        run_id: int
        generation: int
        found: dict[QAKey, list[Finding]]
        done: int
        total: int

    @dataclass
    class QaFinished(Message):
        run_id: int

    def __init__(
        self,
        session: ReviewSession,
        *,
        translate_on_open: bool = True,
        export_dir: Path = Path("locales"),
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.session = session
        self.translate_on_open = translate_on_open
        self.export_dir = export_dir
        self.cursor_blink = cursor_blink
        self._save_timer: Timer | None = None
        self._analysis_timer: Timer | None = None
        self._search_timer: Timer | None = None
        self._conflict_open = False
        self._last_mt_sync = 0.0
        self._qa_run_id = 0
        self._qa_progress: tuple[int, int] | None = None  # (done, total) while QA runs
        self._last_qa_list = 0.0
        self._qa_list_stale = False  # the flagged list lags behind the findings

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ReviewHeader(id="header")
        yield Static("", id="banner")
        with Horizontal(id="filterbar"):
            yield Label("", id="filter-label")
            yield Input(placeholder="search source and target (ctrl+f)", id="search")
        yield SegmentTable(id="segments")
        yield EditorPane(id="editor")
        yield Footer(compact=True)

    @property
    def table(self) -> SegmentTable:
        return self.query_one(SegmentTable)

    @property
    def editor(self) -> EditorPane:
        return self.query_one(EditorPane)

    @property
    def header(self) -> ReviewHeader:
        return self.query_one(ReviewHeader)

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
        self.analyse()
        self.start_qa()
        if self.translate_on_open:
            self.start_mt()

    def show_all(self, *, analyse: bool = True) -> None:
        """Header, filter line, the whole list and the current segment."""
        s = self.session
        self.header.show(s.article.title, s.lang, s.reviewer, s.progress())
        self.show_filter()
        self.table.load((s.row(sid) for sid in s.visible), s.lang, s.current_id)
        self.show_current(analyse=analyse)

    def show_filter(self) -> None:
        s = self.session
        query = f" · search “{s.query}”" if s.query else ""
        running = ""
        if s.filter == "flagged" and self._qa_progress is not None:
            done, total = self._qa_progress
            running = f" · QA running… {done}/{total} checked"
        self.query_one("#filter-label", Label).update(
            f"Filter: {s.filter}{query}{running} · {len(s.visible)} of {len(s.rows)} segments"
        )

    def show_current(self, *, analyse: bool = True) -> None:
        s = self.session
        row = s.current
        if row is None:
            return
        here = s.visible_index()
        place = f"{here + 1}/{len(s.visible)}" if here is not None else "hidden by the filter"
        self.editor.show_segment(
            row, s.lang, text=s.text(), pivot=s.pivot_text(), place=place, matches=s.tm()
        )
        self.table.select(row.segment.id)
        if analyse:
            self.analyse()

    def analyse(self) -> None:
        s = self.session
        if s.current is not None:
            self.editor.show_analysis(
                s.findings(), s.diff(), s.effort(), s.terms(), self.glossary_note()
            )

    def glossary_note(self) -> str:
        """What the glossary line says when the segment has no term."""
        s = self.session
        if s.glossary_error:
            return "not used: the workspace glossary.csv has an error (see the banner)"
        if not len(s.glossary):
            return "none in this workspace (workbench glossary import FILE.csv)"
        return "no term in this segment"

    def show_saved(self) -> None:
        """After a write on the current segment: its row, status, progress and analysis."""
        s = self.session
        row = s.current
        if row is None:
            return
        self.table.update_row(row, s.text())
        self.editor.show_status(row, s.lang)
        self.header.show_progress(s.progress())
        self.analyse()

    def banner(self, text: str) -> None:
        banner = self.query_one("#banner", Static)
        banner.update(text)
        banner.set_class(bool(text), "shown")

    # -- running session calls -------------------------------------------------------

    def guard(self, call: Callable[[], Any], then: Callable[[Any], None] | None = None) -> None:
        """Run a session call; a conflict opens the conflict dialog (and the call runs again
        once it is resolved), any other user error becomes a notification."""
        try:
            result = call()
        except ConflictError as exc:
            self.open_conflict(exc, retry=lambda: self.guard(call, then))
            return
        except WorkbenchError as exc:
            self.notify(str(exc), title=exc.title, severity="error")
            self.table.select(self.session.current_id)
            return
        if then is not None:
            then(result)

    def open_conflict(self, exc: ConflictError, retry: Callable[[], None] | None) -> None:
        if self._conflict_open:
            return
        s = self.session
        row = s.current
        if row is None:
            return
        mine = s.text()
        self._conflict_open = True

        def resolved(choice: str | None) -> None:
            self._conflict_open = False
            if choice == "mine":
                self.guard(lambda: s.keep_mine(mine))
            elif choice == "theirs":
                s.take_theirs()
            else:
                self.notify("Not saved: your text stays in the editor", severity="warning")
                self.table.select(s.current_id)
                return
            self.show_current()
            self.show_saved()
            if retry is not None:
                retry()

        self.app.push_screen(
            ConflictScreen(
                source=row.segment.source, mine=mine, theirs=exc.current_target, message=str(exc)
            ),
            resolved,
        )

    def restart_timer(self, timer: Timer | None, delay: float, call: Callable[[], None]) -> Timer:
        if timer is not None:
            timer.stop()
        return self.set_timer(delay, call)

    # -- widget messages -------------------------------------------------------------

    def on_segment_table_segment_highlighted(self, event: SegmentTable.SegmentHighlighted) -> None:
        if event.segment_id != self.session.current_id and self.session.has(event.segment_id):
            self.guard(lambda: self.session.goto(event.segment_id), lambda _: self.show_current())

    def on_editor_pane_target_edited(self, event: EditorPane.TargetEdited) -> None:
        s = self.session
        # A late message (the editor has moved on since) is not an edit of this segment.
        if event.segment_id != s.current_id or event.text != self.editor.target.text:
            return
        if s.current is None or event.text == s.text():
            return
        s.set_draft(event.text)
        self.editor.clear_spans()
        # The list row follows on the debounced save (show_saved): a DataTable cell update
        # re-sorts its row index, too slow to do on every keystroke at 5,000 rows.
        self._analysis_timer = self.restart_timer(
            self._analysis_timer, ANALYSIS_DELAY_S, self.analyse
        )
        self._save_timer = self.restart_timer(self._save_timer, SAVE_DELAY_S, self.autosave)

    def on_editor_pane_pivot_edited(self, event: EditorPane.PivotEdited) -> None:
        s = self.session
        if event.segment_id != s.current_id or event.text != self.editor.pivot.text:
            return
        if s.current is None or event.text == (s.pivot_text() or ""):
            return
        s.set_pivot_draft(event.text)
        self._save_timer = self.restart_timer(self._save_timer, SAVE_DELAY_S, self.autosave)

    def autosave(self) -> None:
        if self._conflict_open or not self.session.dirty:
            return
        self.guard(self.session.flush, lambda _: self.show_saved())

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            value = event.value
            self._search_timer = self.restart_timer(
                self._search_timer, SEARCH_DELAY_S, lambda: self.apply_search(value)
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            if self._search_timer is not None:
                self._search_timer.stop()
            self.apply_search(event.value)
            self.editor.target.focus()

    def apply_search(self, value: str) -> None:
        self.session.set_search(value)
        self.after_filter()

    def after_filter(self) -> None:
        s = self.session
        if s.visible and s.visible_index() is None:
            self.guard(lambda: s.goto(s.visible[0]))
        self.show_filter()
        self.table.load((s.row(sid) for sid in s.visible), s.lang, s.current_id)
        self.show_current()

    # -- actions ----------------------------------------------------------------------

    def action_next(self) -> None:
        self.guard(lambda: self.session.move(+1), lambda _: self.show_current())

    def action_previous(self) -> None:
        self.guard(lambda: self.session.move(-1), lambda _: self.show_current())

    def action_next_todo(self) -> None:
        nxt = self.session.next_todo()
        if nxt is None:
            self.notify("Nothing left to review in this view", severity="information")
            return
        self.guard(lambda: self.session.goto(nxt), lambda _: self.show_current())

    def action_approve_next(self) -> None:
        """Approve and go to the next to-do. With QA errors on the text, ask first (once per
        segment): ctrl+o again or y in the dialog approves, n or escape goes back."""
        s = self.session
        if s.current is None:
            return
        errors = s.approval_errors()
        if not errors:
            self._approve_next()
            return
        here = s.visible_index()

        def answered(yes: bool | None) -> None:
            if yes:
                s.confirm_approval()
                self._approve_next()
            else:
                self.notify("Not approved: the QA errors are listed under the target")
            self.editor.target.focus()

        self.app.push_screen(
            ConfirmApproveScreen(
                errors, position=f"{here + 1}/{len(s.visible)}" if here is not None else ""
            ),
            answered,
        )

    def _approve_next(self) -> None:
        s = self.session
        here = s.current_id

        def done(nxt: str | None) -> None:
            self.table.update_row(s.row(here))
            self.header.show_progress(s.progress())
            if nxt is None:
                self.notify("Approved. Nothing left to review in this view.")
            self.show_current()

        self.guard(s.approve_and_next, done)

    def _current_changed(self, _: object = None) -> None:
        self.show_current()
        self.show_saved()

    def action_unapprove(self) -> None:
        self.guard(self.session.unapprove, self._current_changed)

    def action_revert(self) -> None:
        self.guard(self.session.revert, self._current_changed)

    def action_undo(self) -> None:
        self.guard(self.session.undo, self._undone("undo"))

    def action_redo(self) -> None:
        self.guard(self.session.redo, self._undone("redo"))

    def _undone(self, what: str) -> Callable[[Any], None]:
        def then(row: Any) -> None:
            if row is None:
                self.notify(f"Nothing to {what} on this segment", severity="warning")
            self._current_changed()

        return then

    def action_take_alternative(self, number: int) -> None:
        self.guard(lambda: self.session.take_alternative(number), self._current_changed)

    def action_take_match(self, number: int) -> None:
        self.guard(lambda: self.session.take_match(number), self._current_changed)

    def action_toggle_chrome(self) -> None:
        def then(row: Any) -> None:
            self._current_changed()
            if row.segment.kind != "chrome" and not (row.translation and row.translation.mt):
                self.notify("Un-marked: alt+r machine-translates it")

        self.guard(self.session.toggle_chrome, then)

    def action_switch_lang(self) -> None:
        def then(_: object) -> None:
            self.show_all()
            self.start_qa()
            if self.translate_on_open:
                self.start_mt()

        self.guard(self.session.switch_language, then)

    def action_cycle_filter(self) -> None:
        self.session.cycle_filter()
        if not self.session.visible:
            self.notify(f"No segment matches the filter “{self.session.filter}”")
        self.after_filter()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_target(self) -> None:
        self.editor.target.focus()

    def action_save(self) -> None:
        self.guard(self.session.flush, lambda _: (self.show_saved(), self.notify("Saved")))

    def action_help(self) -> None:
        bindings = [b for b in self._bindings_for_help()]
        self.app.push_screen(HelpScreen(bindings, {}))

    def _bindings_for_help(self) -> list[Binding]:
        return [
            Binding(keys.replace(",", ", "), action, label, tooltip=tip)
            for keys, action, label, tip, _show in KEYMAP
        ]

    def action_quit(self) -> None:
        self.request_quit()

    def request_quit(self) -> None:
        """Save synchronously, remember the position, exit. A conflict asks first."""
        if self._conflict_open:
            self.notify("Resolve the conflict first", severity="warning")
            return
        for timer in (self._save_timer, self._analysis_timer, self._search_timer):
            if timer is not None:
                timer.stop()
        try:
            self.session.flush()
        except ConflictError as exc:
            self.open_conflict(exc, retry=self.request_quit)
            return
        self.session.remember_position()
        self.app.exit(0)

    # -- workers -----------------------------------------------------------------------

    def start_mt(self) -> None:
        if self.session.needs_mt():
            self.header.show_mt(self.session.lang, 0, 1)
            self.translate_missing(self.session.lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="mt-open")
    def translate_missing(self, lang: str) -> None:
        worker = get_current_worker()

        def progress(lang: str, done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Cancelled
            self.post_message(self.TranslateProgress(lang, done, total))

        s = self.session
        try:
            jobs.translate_missing(s.workspace, s.slug, lang, progress)
        except _Cancelled:
            return
        except WorkbenchError as exc:
            self.post_message(self.TranslateFinished(lang, str(exc)))
            return
        self.post_message(self.TranslateFinished(lang))

    def on_review_screen_translate_progress(self, event: TranslateProgress) -> None:
        if event.lang != self.session.lang:
            return
        self.header.show_mt(event.lang, event.done, event.total)
        now = time.monotonic()
        if now - self._last_mt_sync > MT_SYNC_EVERY_S:
            self._last_mt_sync = now
            self.sync_from_store()

    def on_review_screen_translate_finished(self, event: TranslateFinished) -> None:
        self.header.show_mt(event.lang, 0, 0)
        if event.error:
            self.banner(f"No machine translation: {event.error}")
            self.notify(event.error, title="machine translation", severity="warning", timeout=10)
        elif event.lang == self.session.lang:
            self.banner("")
            self.sync_from_store()

    def sync_from_store(self) -> None:
        """Re-read the rows (a worker wrote MT) and redraw only what changed."""
        s = self.session
        before_visible = list(s.visible)
        before = {r.segment.id: r for r in s.rows}
        s.reload()
        if s.visible != before_visible:
            self.table.load((s.row(sid) for sid in s.visible), s.lang, s.current_id)
        else:
            for row in s.rows:
                if before.get(row.segment.id) != row:
                    self.table.update_row(row, s.text(row.segment.id))
        self.header.show_progress(s.progress())
        if not s.dirty:
            self.show_current()
        self.start_qa()

    def action_retranslate(self) -> None:
        s = self.session
        row = s.current
        if row is None:
            return

        def start(_: object) -> None:
            self.notify("Re-translating this segment…")
            self.retranslate(row.segment.id, s.lang, None)

        self.guard(s.flush, start)

    def action_retranslate_pivot(self) -> None:
        s = self.session
        row = s.current
        english = s.pivot_text()
        if row is None or english is None:
            self.notify("This segment has no English pivot", severity="warning")
            return

        def start(_: object) -> None:
            self.notify("Re-translating from the English pivot…")
            self.retranslate(row.segment.id, s.lang, english)

        self.guard(s.flush, start)

    @work(thread=True, exclusive=False, exit_on_error=False, group="retranslate")
    def retranslate(self, segment_id: str, lang: str, english: str | None) -> None:
        s = self.session
        try:
            if english is None:
                jobs.retranslate(s.workspace, s.slug, segment_id, lang)
            else:
                jobs.retranslate_pivot(s.workspace, s.slug, segment_id, lang, english, s.reviewer)
        except WorkbenchError as exc:
            self.post_message(self.SegmentRetranslated(segment_id, lang, str(exc)))
            return
        self.post_message(self.SegmentRetranslated(segment_id, lang))

    def on_review_screen_segment_retranslated(self, event: SegmentRetranslated) -> None:
        s = self.session
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

    def start_qa(self) -> None:
        """QA every row whose findings are not known yet, in a worker (the flagged filter
        shows what is checked so far)."""
        s = self.session
        run = s.qa_run()
        jobs = s.qa_jobs() if run is not None else []
        self._qa_run_id += 1
        if run is None or not jobs:
            self._qa_progress = None
            self.show_filter()
            return
        self._qa_progress = (0, len(jobs))
        self.show_filter()
        self.qa_all(self._qa_run_id, run, jobs)

    @work(thread=True, exclusive=True, exit_on_error=False, group="qa")
    def qa_all(self, run_id: int, run: QARun, jobs: list[QAJob]) -> None:
        worker = get_current_worker()
        for found, done in run_qa(run, jobs, between=_yield_interpreter):
            if worker.is_cancelled:
                return
            self.post_message(self.QaProgress(run_id, run.generation, found, done, len(jobs)))
        self.post_message(self.QaFinished(run_id))

    def on_review_screen_qa_progress(self, event: QaProgress) -> None:
        s = self.session
        before = s.visible
        if not s.add_findings(event.found, event.generation) or event.run_id != self._qa_run_id:
            return
        self._qa_progress = (event.done, event.total)
        if s.filter != "flagged":
            return
        self._qa_list_stale |= s.visible != before
        now = time.monotonic()
        if self._qa_list_stale and now - self._last_qa_list >= QA_LIST_EVERY_S:
            self._last_qa_list = now
            self._qa_list_stale = False
            self.after_filter()
        else:
            self.show_filter()

    def on_review_screen_qa_finished(self, event: QaFinished) -> None:
        if event.run_id != self._qa_run_id:
            return
        self._qa_progress = None
        if self.session.filter == "flagged" and self._qa_list_stale:
            self._qa_list_stale = False
            self.after_filter()
        else:
            self.show_filter()

    def action_export(self) -> None:
        self.guard(self.session.flush, lambda _: self.export(self.session.export_langs()))

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export(self, langs: list[str]) -> None:
        s = self.session
        try:
            results = jobs.export_now(s.workspace, s.slug, langs, self.export_dir)
        except WorkbenchError as exc:
            self.post_message(self.Exported([], str(exc)))
            return
        self.post_message(self.Exported([f"{r.path} ({r.approved} approved)" for r in results]))

    def on_review_screen_exported(self, event: Exported) -> None:
        if event.error:
            self.notify(event.error, title="export", severity="error", timeout=10)
        else:
            self.notify("\n".join(event.paths), title="exported", timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a worker: say it instead of dying silently (exit_on_error=False)."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            if isinstance(error, ModuleNotFoundError) and (error.name or "").startswith(
                "workbench."
            ):
                message = f"not available in this build: {error.name} is missing"
            else:
                message = f"{type(error).__name__}: {error}"
            self.header.show_mt(self.session.lang, 0, 0)
            self.banner(message)
            self.notify(message, title=event.worker.name, severity="error", timeout=10)


def _yield_interpreter() -> None:
    time.sleep(0)


class _Cancelled(Exception):
    """Raised from the progress callback to stop a cancelled translation worker."""
