"""The review app: wiring only. ``run_review`` is what ``workbench review`` calls."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from workbench.review import ReviewSession
from workbench.store import open_store
from workbench.tui import keymap
from workbench.tui.screens.conflict import ConflictScreen
from workbench.tui.screens.review import ReviewScreen


class ReviewApp(App[int]):
    """Post-edit one article in one language. The command palette is on F9: ctrl+p
    (Textual's default) moves to the previous segment here, and ctrl+k stays the target
    editor's "delete to the end of the line"."""

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
    ) -> None:
        super().__init__()
        self.session = session
        self._screen_options = {
            "translate_on_open": translate_on_open,
            "export_dir": export_dir,
            "cursor_blink": cursor_blink,
        }

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.session, **self._screen_options))  # type: ignore[arg-type]

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
            yield SystemCommand(
                f"{key.label} ({key.keys.replace(',', ' / ')})",
                key.help,
                partial(review.run_action, key.action),
            )

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


def run_review(
    *,
    workspace: str | os.PathLike[str] | None,
    slug: str,
    lang: str,
    reviewer: str | None,
) -> int:
    """Open the store and the article (errors raise before the app starts), refresh the
    confidence calibrations, run the review app, save what is left and remember the position
    for next time."""
    from workbench.lang.codes import check_lang
    from workbench.project import refresh_calibrations

    check_lang(lang)
    with open_store(workspace) as store:
        refresh_calibrations(store)  # the expected edits the editor shows, fitted again if due
        session = ReviewSession(store, slug, lang, reviewer)
        session.restore_position()
        app = ReviewApp(session)
        app.run()
        session.flush()  # normally done on quit already; a crash still keeps the draft
        session.remember_position()
    return app.return_code or 0
