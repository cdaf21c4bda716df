"""The review screen's actions: what each key (:mod:`workbench.tui.keymap`) does. Every action
calls the :class:`~workbench.review.ReviewSession` through
:meth:`~.review_saving.ReviewSaving.guard`
(the typing is taken first; a conflict opens the conflict dialog, a failed save says so,
any other user error becomes a notification) and redraws what changed; long jobs are
handed to :mod:`workbench.tui.workers`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets import Input

from workbench.store import Row
from workbench.tui import keymap, workers
from workbench.tui.screens.choosers import FilterScreen, GoToScreen
from workbench.tui.screens.confirm import ConfirmApproveScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.replace import ReplaceEnglishScreen
from workbench.tui.screens.review_saving import ReviewSaving

if TYPE_CHECKING:
    from workbench.project import EnglishFromPivot


class ReviewActions(ReviewSaving):
    """The ``action_*`` methods of the review screen and what they share."""

    def apply_search(self, value: str) -> None:
        self.session.set_search(value)
        self.after_filter()

    def after_filter(self) -> None:
        s = self.session
        if s.visible and s.visible_index() is None:
            self.guard(lambda: s.goto(s.visible[0]))
        self.show_filter()
        self.show_list()
        self.show_current()

    # -- moving -------------------------------------------------------------------------------

    def _moved(self, _row: object = None) -> None:
        self.show_current()

    def action_next(self) -> None:
        self.guard(lambda: self.session.move(+1), self._moved)

    def action_previous(self) -> None:
        self.guard(lambda: self.session.move(-1), self._moved)

    def action_next_todo(self) -> None:
        nxt = self.session.next_todo()
        if nxt is None:
            self.notify("Nothing left to review in this view", severity="information")
            return
        self.guard(lambda: self.session.goto(nxt), self._moved)

    def action_cycle_filter(self) -> None:
        self.session.cycle_filter()
        if not self.session.visible:
            self.notify(f"No segment matches the filter “{self.session.filter}”")
        self.after_filter()

    def action_pick_filter(self) -> None:
        """The filters with their counts in a list: enter picks, escape cancels."""
        s = self.session

        def picked(name: str | None) -> None:
            self.editor.target.focus()
            if name is None or name == s.filter:
                return
            s.set_filter(name)
            if not s.visible:
                self.notify(f"No segment matches the filter “{name}”")
            self.after_filter()

        self.capture()
        self.app.push_screen(FilterScreen(s.filter_counts(), s.filter), picked)

    def action_go_to_segment(self) -> None:
        """A field for a segment number (the list's): enter goes there, saving first."""
        s = self.session

        def answered(answer: str | None) -> None:
            self.editor.target.focus()
            if answer is None:
                return
            before = (s.filter, s.query)

            def moved(_row: object) -> None:
                if (s.filter, s.query) != before:
                    self.query_one("#search", Input).value = s.query
                    self.notify("Filter “all”, no search: the segment was hidden")
                    self.after_filter()
                else:
                    self.show_current()

            self.guard(lambda: s.goto_number(answer), moved)

        self.capture()
        self.app.push_screen(GoToScreen(len(s.rows)), answered)

    def action_cycle_order(self) -> None:
        self.session.cycle_order()
        self.after_filter()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_target(self) -> None:
        self.editor.target.focus()

    # -- approving ----------------------------------------------------------------------------

    def action_approve_next(self) -> None:
        """Approve and go to the next to-do. With QA errors on the text, ask first (once per
        segment): ctrl+o again in the dialog approves, escape goes back."""
        s = self.session
        self.capture()  # the QA errors of the text as typed
        if s.current is None:
            return
        errors = s.approval_errors()
        if not errors:
            self._approve_next()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                s.confirm_approval()
                self._approve_next()
            else:
                self.notify("Not approved: the QA errors are listed under the target")
            self.editor.target.focus()

        self.app.push_screen(
            ConfirmApproveScreen(
                errors,
                position=s.place(),
                clock=s.clock,
            ),
            answered,
        )

    def _approve_next(self) -> None:
        s = self.session
        here = s.current_id

        def done(nxt: str | None) -> None:
            self.table.update_row(s.row(here))
            self.header.show_progress(s.progress())
            self.follow_english([here])
            if nxt is None:
                self.notify("Approved. Nothing left to review in this view.")
            self.show_current()

        self.guard(s.approve_and_next, done, retry_on_theirs=False)

    def follow_english(self, segment_ids: list[str | None]) -> None:
        """Approved English targets become the pivot of the languages reached through
        English, translated again from it, in a worker (the store watch shows the result)."""
        s = self.session
        ids = [sid for sid in segment_ids if sid is not None and s.has(sid)]
        if s.lang == "en" and any(s.row(sid).status == "approved" for sid in ids):
            workers.follow_english(self, s.workspace, s.slug, ids, s.reviewer)

    def action_unapprove(self) -> None:
        self.guard(self.session.unapprove, self.show_current_saved, retry_on_theirs=False)

    # -- changing the target ------------------------------------------------------------------

    def action_revert(self) -> None:
        self.guard(self.session.revert, self.show_current_saved, retry_on_theirs=False)

    def action_undo(self) -> None:
        self.guard(self.session.undo, self._undone("undo"), retry_on_theirs=False)

    def action_redo(self) -> None:
        self.guard(self.session.redo, self._undone("redo"), retry_on_theirs=False)

    def _undone(self, what: str) -> Callable[[Row | None], None]:
        def then(row: Row | None) -> None:
            if row is None:
                self.notify(f"Nothing to {what} on this segment", severity="warning")
            else:
                self.follow_english([row.segment.id])  # an approval undone back
            self.show_current_saved()

        return then

    def action_take_alternative(self, number: int) -> None:
        take = lambda: self.session.take_alternative(number)  # noqa: E731
        self.guard(take, self.show_current_saved, retry_on_theirs=False)

    def action_clear_target(self) -> None:
        """Empty the target: an edit like any typing (saved after the pause, alt+z undoes
        it once saved, ctrl+z in the editor before)."""
        target = self.editor.target
        target.focus()
        if target.read_only:
            self.notify("Page chrome has no target to clear", severity="warning")
        elif target.clear_text():
            self.capture()

    def action_select_target(self) -> None:
        """Select the whole target: what is typed next replaces it."""
        target = self.editor.target
        target.focus()
        target.select_whole()

    def action_copy_source(self) -> None:
        self.guard(self.session.copy_source, self.show_current_saved, retry_on_theirs=False)

    def action_take_match(self, number: int) -> None:
        take = lambda: self.session.take_match(number)  # noqa: E731
        self.guard(take, self.show_current_saved, retry_on_theirs=False)

    def action_toggle_chrome(self) -> None:
        def then(row: Row) -> None:
            self.show_current_saved()
            if row.segment.kind != "chrome" and not (row.translation and row.translation.mt):
                self.notify("Un-marked: alt+r machine-translates it")

        self.guard(self.session.toggle_chrome, then, retry_on_theirs=False)

    def action_save(self) -> None:
        def saved(_: object) -> None:
            self.show_saved()
            self.notify("Saved")

        self.guard(self.session.flush, saved)

    # -- language, machine translation, export ------------------------------------------------

    def action_switch_lang(self) -> None:
        def then(_: object) -> None:
            self.recover()
            self.show_all()
            self.start_qa()
            if self.translate_on_open:
                self.start_mt()

        self.guard(self.session.switch_language, then)

    def start_mt(self) -> None:
        s = self.session
        if s.needs_mt():
            self.header.show_mt(s.lang, 0, 1)
            workers.translate_missing(self, s.workspace, s.slug, s.lang)

    def start_qa(self) -> None:
        """QA every row whose findings are not known yet, in a worker (the flagged filter
        shows what is checked so far)."""
        s = self.session
        run = s.qa_run()
        if run is not None and s.lang not in self._notices_asked:
            self._notices_asked.add(s.lang)
            workers.qa_notices(self, s.lang)  # a missing spelling dictionary: said once
        todo = s.qa_jobs() if run is not None else []
        self._qa_run_id += 1
        if run is None or not todo:
            self._qa_progress = None
            self.show_filter()
            return
        self._qa_progress = (0, len(todo))
        self.show_filter()
        workers.qa_all(self, self._qa_run_id, run, todo)

    def action_retranslate(self) -> None:
        self._retranslate(from_pivot=False)

    def action_retranslate_pivot(self) -> None:
        self._retranslate(from_pivot=True)

    def _retranslate(self, *, from_pivot: bool) -> None:
        s = self.session
        self.capture()  # the pivot as typed
        row = s.current
        english = s.pivot_text() if from_pivot else None
        if row is None or (from_pivot and english is None):
            if from_pivot:
                self.notify("This segment has no English pivot", severity="warning")
            return
        lang, sid = s.lang, row.segment.id

        def start(_: object) -> None:
            what = "from the English pivot" if from_pivot else "this segment"
            self.notify(f"Re-translating {what}…")
            workers.retranslate(self, s.workspace, s.slug, sid, lang, english, s.reviewer)

        self.guard(s.flush, start)

    def action_pivot_to_english(self, replace: bool = False, version: int | None = None) -> None:
        """The English pivot (as typed) becomes the segment's English target; a reviewer's
        different English is replaced only after the question (alt+n again, escape keeps)."""
        s = self.session

        def done(result: EnglishFromPivot) -> None:
            if result.outcome == "same":
                self.notify("The English target already is this pivot")
            elif result.outcome == "written":
                self.notify("English target set from the pivot (a post-edit, not approved)")
            elif result.english is not None:
                ask = ReplaceEnglishScreen(
                    result.english.target, result.english.status, result.pivot, clock=s.clock
                )
                self.app.push_screen(ask, lambda yes: answered(yes, result.version))

        def answered(yes: bool | None, asked: int) -> None:
            if yes:
                self.action_pivot_to_english(replace=True, version=asked)
            else:
                self.notify("English target kept")
            self.editor.target.focus()

        call = lambda: s.pivot_to_english(replace=replace, expected_version=version)  # noqa: E731
        self.guard(call, done, retry_on_theirs=False)

    def action_export(self) -> None:
        s = self.session

        def start(_: object) -> None:
            workers.export(self, s.workspace, s.slug, s.export_langs(), self.export_dir)

        self.guard(s.flush, start)

    # -- help and quit ------------------------------------------------------------------------

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(keymap.help_bindings(overrides=self._key_overrides()), {}))

    def _key_overrides(self) -> dict[str, str]:
        """The user's keymap, as the app holds it (``ReviewApp.key_overrides``)."""
        overrides: dict[str, str] = getattr(self.app, "key_overrides", {})
        return overrides

    def action_quit(self) -> None:
        self.request_quit()
