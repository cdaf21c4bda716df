"""The review app: wiring, and what happens when it ends. ``run_review`` is what
``workbench review`` calls.

However the app ends, the reviewer's text is saved, or kept in a recovery file and said
so: ctrl+q saves first; SIGTERM, SIGHUP (the terminal window closed) and an outside SIGINT
save at once and exit cleanly, restoring the terminal (Textual's driver handles only
SIGTSTP/SIGCONT, and an unhandled SIGTERM would leave the terminal in the alternate screen
with mouse tracking on); an outside SIGTSTP saves before the driver suspends; and after the
app has stopped for any reason (an exception included) ``run_review`` saves what the editor
still shows.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from types import FrameType

from textual.app import App, SystemCommand
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen

from workbench.review import ReviewSession
from workbench.store import open_store
from workbench.textsafety import EVERY_BUT_LF, shown
from workbench.tui import keymap
from workbench.tui.controls import DROP_CONTROLS
from workbench.tui.screens.conflict import ConflictScreen
from workbench.tui.screens.review import ReviewScreen

#: After SIGHUP the terminal is gone, and the driver may block writing to it: once the text
#: is saved, the process ends by itself this long after the signal at the latest.
HANGUP_EXIT_S = 3.0


class ReviewApp(App[int]):
    """Post-edit one article in one language. The command palette is on F9: ctrl+p
    (Textual's default) moves to the previous segment here, and ctrl+k stays the target
    editor's "delete to the end of the line".

    ``signals``: handle SIGTERM, SIGHUP, SIGINT and SIGTSTP (``run_review`` does; tests
    driving the app in-process do not). ``notices``: lines shown once when the screen
    opens."""

    CSS_PATH = "workbench.tcss"
    TITLE = "workbench review"
    COMMAND_PALETTE_BINDING = "f9"

    def __init__(
        self,
        session: ReviewSession,
        *,
        translate_on_open: bool = True,
        export_dir: Path = Path("locales"),
        cursor_blink: bool = True,
        signals: bool = False,
        notices: Sequence[str] = (),
        keys: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        #: The user's keymap (``{binding id: keys}``, checked by workbench.tui.keyconfig):
        #: Textual applies it to the bindings and the footer, the help and palette read it.
        self.key_overrides: dict[str, str] = dict(keys or {})
        self.session = session
        self._screen_options = {
            "translate_on_open": translate_on_open,
            "export_dir": export_dir,
            "cursor_blink": cursor_blink,
        }
        self._signals = signals
        self._notices = list(notices)
        self._review: ReviewScreen | None = None

    def on_mount(self) -> None:
        if self.key_overrides:
            self.set_keymap(self.key_overrides)
        self._review = ReviewScreen(self.session, **self._screen_options)  # type: ignore[arg-type]
        self.push_screen(self._review)
        for notice in self._notices:
            self.notify(notice, severity="warning", timeout=10)
        if self._signals:
            self._catch_signals()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then control characters dropped from every drawn line: an ESC
        in a title or a target never reaches the terminal (:mod:`workbench.tui.controls`)."""
        return [*super().get_line_filters(), DROP_CONTROLS]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is text, never markup, whoever raises it (``Widget.notify`` passes
        ``markup=True`` on): messages carry titles, paths and errors about the data."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    @property
    def review_screen(self) -> ReviewScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReviewScreen):
                return screen
        return None

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every review key in the command palette (F9), beside Textual's own."""
        yield from super().get_system_commands(screen)
        review = self.review_screen
        if review is None:
            return
        for key in keymap.listed():
            if key.action == "quit":
                continue  # Textual's own "Quit" entry calls action_quit below
            keys = keymap.keys_in_use(key, self.key_overrides)
            yield SystemCommand(
                f"{key.label} ({keys.replace(',', ' / ')})",
                key.help,
                partial(review.run_action, key.action),
            )

    async def _on_exit_app(self) -> None:
        """Any exit (ctrl+q's, a closed browser tab's quit from textual-serve, SIGTERM): what
        the editor shows becomes the draft first, so ``run_review``'s last flush saves keys
        whose messages had not reached the screen yet."""
        review = self.review_screen
        if review is not None and review.is_mounted:
            review.capture(live=False)
        await super()._on_exit_app()

    async def action_quit(self) -> None:
        """ctrl+q anywhere (and the palette's Quit): save first, never ask."""
        review = self.review_screen
        if review is None:
            self.exit(0)
        elif isinstance(self.screen, ConflictScreen):
            self.notify("Resolve the conflict first", severity="warning")
        else:
            if self.screen is not review:
                self.pop_screen()
            review.request_quit()

    # -- signals and the end --------------------------------------------------------------------

    def _catch_signals(self) -> None:
        """Run in the event loop, so a signal's save never interrupts a store write."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            loop.add_signal_handler(sig, self._exit_signal, sig)
        suspend = signal.getsignal(signal.SIGTSTP)  # Textual's driver's handler
        if callable(suspend):
            loop.add_signal_handler(signal.SIGTSTP, self._suspending, suspend)

    def _exit_signal(self, sig: int) -> None:
        """SIGTERM, SIGHUP or an outside SIGINT (ctrl+c is a key here: the terminal is in raw
        mode; Python's default SIGINT would raise KeyboardInterrupt anywhere, a traceback
        and the draft lost): save what the editor shows at once (the process may not get
        further), save again once the keys already read have reached the editor, exit."""
        if sig == signal.SIGHUP:
            _detach_from_terminal()
            timer = threading.Timer(HANGUP_EXIT_S, os._exit, (128 + sig,))
            timer.daemon = True
            timer.start()
        review = self._review
        if review is None:
            self.exit(128 + sig, return_code=128 + sig)
            return
        review.save_now()

        def close() -> None:
            review.save_now()
            self.exit(128 + sig, return_code=128 + sig)

        self.call_later(review.after_keys, close)

    def _suspending(self, suspend: Callable[[int, FrameType | None], object]) -> None:
        """SIGTSTP from outside (ctrl+z is the editor's undo here): save, then let the
        driver restore the terminal and stop the process."""
        if self._review is not None:
            self._review.save_now()
        suspend(signal.SIGTSTP, None)

    def finish_review(self) -> list[str]:
        """After the app has stopped, for whatever reason: save what the editor still shows
        and remember the position. Returns lines for the terminal (where unsaved text is
        kept; a position that could not be remembered)."""
        notes: list[str] = []
        if self._review is not None:
            note = self._review.save_now(live=False)
        else:
            note = None
            self.session.flush()
        if note:
            notes.append(note)
        problem = self.session.remember_position()
        if problem:
            notes.append(problem)
        return notes


def _detach_from_terminal() -> None:
    """The terminal is gone (SIGHUP): point the standard streams at /dev/null, so that
    Textual's driver neither fails nor blocks reading from or writing to it as it stops."""
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1, 2):
            os.dup2(null, fd)
    finally:
        os.close(null)


def printable(text: str) -> str:
    """``text`` for a terminal: control characters (ESC, C0, C1) and bidi controls shown as
    escapes; line breaks kept."""
    return shown(text, EVERY_BUT_LF)


def run_review(
    *,
    workspace: str | os.PathLike[str] | None,
    slug: str,
    lang: str,
    reviewer: str | None,
    keys: Mapping[str, str] | None = None,
) -> int:
    """Open the store and the article (errors raise before the app starts), refresh the
    confidence calibrations, run the review app, save what is left and remember the position
    for next time."""
    from workbench.lang.codes import check_lang
    from workbench.project import refresh_calibrations
    from workbench.tui import altkeys

    check_lang(lang)
    altkeys.install()  # alt+letter never read as "^" + letter (see the module)
    with open_store(workspace) as store:
        refresh_calibrations(store)  # the expected edits the editor shows, fitted again if due
        session = ReviewSession(store, slug, lang, reviewer)
        notice = session.restore_position()
        app = ReviewApp(session, signals=True, notices=[notice] if notice else [], keys=keys)
        app.run()
        for line in app.finish_review():
            sys.stderr.write(f"workbench: {printable(line)}\n")
    return app.return_code or 0
