"""How the review screen keeps the reviewer's text: session calls that take the typing
first (:meth:`ReviewSaving.guard`), the autosave and what a failed save shows (a conflict,
a full disk, a segment gone), the conflict dialog, and the saves when the screen closes:
ctrl+q, a signal (SIGTERM, SIGHUP, SIGTSTP) and the last one after the app has stopped for
any reason. Nothing here drops text: a save that fails leaves the text in the editor, as
the session's draft and in a recovery file, and says so on one line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.errors import (
    ConflictError,
    NotSavedError,
    SegmentGoneError,
    StoreError,
    WorkbenchError,
)
from workbench.tui.screens.conflict import ConflictScreen
from workbench.tui.screens.review_view import ReviewView


class ReviewSaving(ReviewView):
    """Saving, failed saves, conflicts and closing, for the review screen."""

    _save_problem = ""
    _quit_unsaved = False  # ctrl+q was refused once because the text could not be kept

    def after_keys(self, call: Callable[[], None]) -> None:
        """Run ``call`` once the focused widget has handled the keys already sent to it
        (ctrl+q is the app's priority binding, and a signal comes from outside: both may
        arrive while a fast typist's keys still wait there). The editors run their keys'
        bindings themselves (:mod:`~workbench.tui.widgets.inorder`): in its queue is all."""
        focused = self.focused
        if focused is None or not focused.call_later(call):
            call()

    # -- running session calls ---------------------------------------------------------------

    def guard(
        self,
        call: Callable[[], Any],
        then: Callable[[Any], None] | None = None,
        *,
        retry_on_theirs: bool = True,
    ) -> None:
        """Take the typing, then run a session call. A conflict opens the conflict dialog
        (and the call runs again once it is resolved: after "take theirs" only when
        ``retry_on_theirs``, so an approval or a revert never acts on text the reviewer has
        not seen); a failed save says so on the save line; any other user error becomes a
        notification."""
        self.capture()
        try:
            result = call()
        except ConflictError as exc:
            retry = lambda: self.guard(call, then, retry_on_theirs=retry_on_theirs)  # noqa: E731
            self.open_conflict(exc, retry, retry_on_theirs=retry_on_theirs)
            return
        except (NotSavedError, SegmentGoneError, StoreError) as exc:
            self.save_failed(exc)
            return
        except WorkbenchError as exc:
            self.notify(str(exc), title=exc.title, severity="error")
            self.table.select(self.session.current_id)
            return
        self.saved()
        if then is not None:
            then(result)

    # -- autosave ---------------------------------------------------------------------------

    def typed(self) -> None:
        self.editor.clear_spans()
        super().typed()

    def autosave(self) -> None:
        """The save deadline: save the drafts once they are due (a pause in typing, at the
        latest :data:`~workbench.review.drafts.MAX_UNSAVED_S` after the first unsaved key,
        or the retry after a failed save). A conflict found here does not open the dialog:
        the reviewer may be typing; the save line says so, and the next explicit save,
        move or quit asks."""
        s = self.session
        if self._conflict_open:
            return
        self.capture()
        wait = s.save_due_in()
        if wait is None:
            return
        if wait > 0:  # typed again since the deadline was set: not due yet
            self.schedule("save", wait, self.autosave)
            return
        try:
            s.flush()
        except ConflictError as exc:
            self.show_conflict_pending(exc)
        except (NotSavedError, SegmentGoneError, StoreError) as exc:
            self.save_failed(exc)
        except WorkbenchError as exc:
            self.notify(str(exc), title=exc.title, severity="error")
        else:
            self.saved()
            self.show_saved()
        self.schedule_save()  # the retry, when the save failed

    def saved(self) -> None:
        """A session call went through: clear the save line once nothing is left unsaved."""
        if self._save_problem and self.session.kept is None and not self.session.dirty:
            self._save_problem = ""
            self._quit_unsaved = False
            self.show_save_status("")

    def show_conflict_pending(self, exc: ConflictError) -> None:
        kept = self.session.kept
        where = f" (and in {kept})" if kept else ""
        self._save_problem = "conflict"
        self.show_save_status(
            f"Not saved: another writer changed this "
            f"segment since you opened it. Your text stays here{where}; ctrl+s compares "
            "both versions"
        )

    def save_failed(self, exc: WorkbenchError) -> None:
        """A save the store refused (kept, retried), or a segment gone under the editor
        (kept in a file; the list is re-read and the cursor moves on)."""
        self._save_problem = "failed"
        self.show_save_status(str(exc))
        if isinstance(exc, SegmentGoneError):
            self.session.reload()
            self.show_all()
        else:
            self.table.select(self.session.current_id)  # a move that could not save
            self.schedule_save()

    def recover(self) -> None:
        """Offer back the text an earlier session could not save (recovery files): one
        line each; a recovered draft that conflicts stays on the save line."""
        s = self.session
        before = s.current_id
        notes = s.recover()
        if not notes:
            return
        for note in notes:
            self.notify(note, title="recovered", severity="warning", timeout=15)
        if s.current_id != before or s.dirty:
            self.show_current()
            self.schedule_save()
        elif s.current_id is not None and s.text() != self.editor.known_target:
            self.show_current()  # a draft of this segment saved: the editor shows it
        self.table.update_row(s.row(), s.text())
        self.header.show_progress(s.progress())

    # -- conflicts ------------------------------------------------------------------------------

    def open_conflict(
        self, exc: ConflictError, retry: Callable[[], None] | None, *, retry_on_theirs: bool
    ) -> None:
        if self._conflict_open:
            return
        s = self.session
        row = s.current
        if row is None:
            return
        mine = s.drafts.target
        self._conflict_open = True

        def resolved(choice: str | None) -> None:
            self._conflict_open = False
            self.editor.target.focus()
            if choice == "mine" and mine is not None:
                self.guard(lambda: s.keep_mine(mine), self.show_current_saved)
                if s.drafts.target is None and retry is not None:
                    retry()
                return
            if choice == "theirs":
                s.take_theirs()
                self.saved()
                self.show_current_saved()
                if retry is not None and retry_on_theirs:
                    retry()
                return
            self.notify("Not saved: your text stays in the editor", severity="warning")
            self.table.select(s.current_id)

        self.app.push_screen(
            ConflictScreen(
                source=row.segment.source,
                mine=mine,
                theirs=exc.current_target,
                message=str(exc),
                clock=s.clock,
            ),
            resolved,
        )

    # -- closing ------------------------------------------------------------------------------

    def request_quit(self) -> None:
        """Save, remember the position, exit; never asks (a conflict does). Keys typed just
        before ctrl+q (a terminal hands a fast burst over in one read) may still wait in the
        focused widget's queue: the quit runs after them."""
        if self._conflict_open:
            self.notify("Resolve the conflict first", severity="warning")
            return
        self.after_keys(self._quit)

    def _quit(self) -> None:
        if self._conflict_open:
            return
        self.unschedule()
        self.capture()
        s = self.session
        try:
            s.flush()
        except ConflictError as exc:
            self.open_conflict(exc, retry=self.request_quit, retry_on_theirs=True)
            return
        except (NotSavedError, SegmentGoneError, StoreError) as exc:
            if isinstance(exc, SegmentGoneError) or s.kept is not None or self._quit_unsaved:
                self.app.exit(0)  # kept in a recovery file: run_review says where
                return
            self.save_failed(exc)
            self._quit_unsaved = True
            self.notify(
                "Your text could not be saved or kept in a file: free some space and wait "
                "for the retry. ctrl+q again quits and prints it in the terminal",
                severity="error",
                timeout=15,
            )
            return
        s.remember_position()  # a failure is said on the terminal after the app (finish)
        self.app.exit(0)

    def save_now(self, *, live: bool = True) -> str | None:
        """Save what the editor shows at once, without asking: a signal (the terminal may be
        gone), or the last save after the app stopped (``live`` False: nothing is scheduled
        or drawn). Returns a line for the terminal when the text is not in the store: where
        it is kept, or the text itself when no file could take it."""
        if live:
            self.unschedule()
        self.capture(live=live)
        s = self.session
        current = s.current
        try:
            s.flush()
        except (ConflictError, NotSavedError, SegmentGoneError) as exc:
            what = "a conflict" if isinstance(exc, ConflictError) else str(exc)
            where = f"segment {current.segment.position}" if current else "a segment"
            kept = s.kept or getattr(exc, "kept", None)
            if kept:
                return (f"your text of {where} is not saved ({what}): it is kept in {kept} "
                        "and offered back when you open the review again")  # fmt: skip
            return (f"your text of {where} could not be saved ({what}) nor kept in a "
                    f"file; here it is:\n{s.text()}")  # fmt: skip
        return None
