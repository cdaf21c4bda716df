"""The review screen's layout and rendering: the header, the filter line and search field,
the segment list and the editor, and how a :class:`~workbench.review.ReviewSession`'s state
is drawn on them. Also the screen's clock-driven debounce (:class:`Deadlines` woken by one
Textual timer). No key handling and no session changes here: see ``review_actions`` and
``review``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Static

from workbench.review import ReviewSession
from workbench.tui.deadlines import Deadlines
from workbench.tui.widgets.editor import EditorPane
from workbench.tui.widgets.header import ReviewHeader
from workbench.tui.widgets.inorder import InOrderKeys
from workbench.tui.widgets.segment_table import SegmentTable


class SearchInput(InOrderKeys, Input):
    """The search field: its keys run in the order they were typed too."""


#: A deadline due this close is run at once (Textual's timers may fire up to 0.5 ms early).
MIN_WAKE_S = 0.001


class ReviewView(Screen[None]):
    """Layout, rendering and the debounce clock of the review screen."""

    #: A short terminal gets a shorter editor (workbench.tcss, ``-short``); under 28 lines
    #: (80×24) the list shrinks to two rows so the editor keeps every region (``-tiny``).
    #: (Textual's Screen declares it as ``ClassVar[...] | None``, which mypy reads as an
    #: instance attribute: annotating it ClassVar here is a mypy error.)
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (28, "-short"), (32, "-tall")]  # noqa: RUF012

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
        #: Autosave, analysis and search, debounced on the session's clock.
        self.deadlines = Deadlines(session.clock)
        self._wake: Timer | None = None
        self._conflict_open = False
        self._last_mt_sync = 0.0
        self._qa_run_id = 0
        self._qa_progress: tuple[int, int] | None = None  # (done, total) while QA runs
        self._last_qa_list = 0.0
        self._qa_list_stale = False  # the flagged list lags behind the findings
        #: Languages whose QA notices were asked for, and the lines already said.
        self._notices_asked: set[str] = set()
        self._notices_said: set[str] = set()
        # Kept as an attribute, not queried: the last save after the app closed reads it.
        self._editor = EditorPane(id="editor")

    def compose(self) -> ComposeResult:
        yield ReviewHeader(id="header")
        yield Static("", id="banner", markup=False)
        yield Static("", id="save-status", markup=False)
        with Horizontal(id="filterbar"):
            yield Label("", id="filter-label", markup=False)
            yield SearchInput(placeholder="search source and target (ctrl+f)", id="search")
        yield SegmentTable(id="segments")
        yield self._editor
        yield Footer(compact=True)

    @property
    def table(self) -> SegmentTable:
        return self.query_one(SegmentTable)

    @property
    def editor(self) -> EditorPane:
        return self._editor

    @property
    def header(self) -> ReviewHeader:
        return self.query_one(ReviewHeader)

    # -- rendering ----------------------------------------------------------------------

    def show_all(self, *, analyse: bool = True) -> None:
        """Header, filter line, the whole list and the current segment."""
        s = self.session
        self.header.show(s.article.title, s.lang, s.reviewer, s.progress())
        self.show_filter()
        self.show_list()
        self.show_current(analyse=analyse)

    def show_list(self) -> None:
        """The visible rows, cursor on the current segment."""
        s = self.session
        self.table.load((s.row(sid) for sid in s.visible), s.lang, s.current_id)

    def show_filter(self) -> None:
        s = self.session
        query = f" · search “{s.query}”" if s.query else ""
        running = ""
        if s.filter == "flagged" and self._qa_progress is not None:
            done, total = self._qa_progress
            running = f" · QA running… {done}/{total} checked"
        order = " · least confident first" if s.order == "confidence" else ""
        self.query_one("#filter-label", Label).update(
            f"Filter: {s.filter}{order}{query}{running} · {len(s.visible)} of {len(s.rows)} "
            "segments"
        )

    def show_current(self, *, analyse: bool = True) -> None:
        self.capture()  # typing not seen yet is a draft, never overwritten by this
        s = self.session
        row = s.current
        if row is None:
            return
        self.editor.show_segment(
            row, s.lang, text=s.text(), pivot=s.pivot_text(), place=s.place(), matches=s.tm(),
            confidence=s.confidence_line(row),
        )  # fmt: skip
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
            return "not used: the workspace glossary has an error (see the banner)"
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

    def show_current_saved(self, _result: object = None) -> None:
        """After an action changed the current segment: the editor, its row and analysis."""
        self.show_current()
        self.show_saved()

    def banner(self, text: str) -> None:
        banner = self.query_one("#banner", Static)
        banner.update(text)
        banner.set_class(bool(text), "shown")

    def show_save_status(self, text: str) -> None:
        """The one line that says the reviewer's text is not in the store (and where it is),
        or nothing."""
        line = self.query_one("#save-status", Static)
        line.update(Text(text.replace("\n", " ")))
        line.set_class(bool(text), "shown")

    # -- typing -----------------------------------------------------------------------------

    def capture(self, *, live: bool = True) -> bool:
        """What the reviewer typed that the session has not seen yet becomes the drafts,
        and their save is scheduled. A fast typist's keys reach the editor before the
        messages about them reach this screen, and a key bound to an action can run in
        between: every action, redraw and reload calls this first, so none works on (or
        redraws over) text older than what the editor shows. True when something was new.
        ``live`` False: the app has stopped, nothing is scheduled."""
        s, editor = self.session, self.editor
        if s.current is None or editor.segment_id != s.current_id:
            return False
        typed = False
        target = editor.target
        if not target.read_only and target.text != editor.known_target:
            editor.known_target = target.text
            s.set_draft(target.text)
            typed = True
        pivot = editor.pivot
        if editor.known_pivot is not None and pivot.text != editor.known_pivot:
            editor.known_pivot = pivot.text
            s.set_pivot_draft(pivot.text)
            typed = True
        if typed and live:
            self.typed()
        return typed

    def typed(self) -> None:
        """New typing was taken: schedule its save (and the analysis, in the screen)."""
        self.schedule_save()

    def schedule_save(self) -> None:
        wait = self.session.save_due_in()
        if wait is not None:
            self.schedule("save", wait, self.autosave)

    def autosave(self) -> None:
        """The save deadline (see ``review_saving``)."""

    # -- debounce ---------------------------------------------------------------------------

    def schedule(self, name: str, delay: float, call: Callable[[], None]) -> None:
        """Run ``call`` ``delay`` seconds (of the session's clock) from now, replacing the
        call of the same ``name`` that was waiting."""
        self.deadlines.set(name, delay, call)
        self._arm()

    def unschedule(self, *names: str) -> None:
        """Drop waiting calls (all when no name is given)."""
        self.deadlines.cancel(*names)
        self._arm()

    def run_due(self) -> None:
        """Run the calls whose time has come, then sleep until the next one."""
        for call in self.deadlines.pop_due():
            call()
        self._arm()

    def _arm(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        wait = self.deadlines.next_in()
        if wait is not None:
            self._wake = self.set_timer(max(wait, MIN_WAKE_S), self.run_due)
