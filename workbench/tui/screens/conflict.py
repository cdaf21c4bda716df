"""The conflict dialog: another writer changed the segment since the reviewer read it.
It shows both texts and returns "mine", "theirs" or "cancel"; it never decides itself, and
typing cannot answer it (:class:`~workbench.tui.screens.dialog.GuardedDialog`).

"Keep mine" is offered only for text the reviewer typed, and never for an empty text over
theirs (the session refuses it too): take theirs, then clear it, if that is what is meant."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from workbench.review.drafts import Clock
from workbench.tui import keymap
from workbench.tui.screens.dialog import GRACE_S, GuardedDialog

CHOICES = ("mine", "theirs", "cancel")


class ConflictScreen(GuardedDialog[str]):
    """Yours vs theirs; alt+m keeps yours (saved over theirs), alt+t takes theirs, escape
    cancels. Cancel has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = list(keymap.bindings(keymap.CONFLICT))

    def __init__(
        self,
        *,
        source: str,
        mine: str | None,
        theirs: str,
        message: str,
        clock: Clock = time.monotonic,
        grace: float = GRACE_S,
    ) -> None:
        super().__init__(clock=clock, grace=grace)
        self.source = source
        self.mine = mine
        self.theirs = theirs
        self.message = message

    @property
    def can_keep_mine(self) -> bool:
        return self.mine is not None and bool(self.mine.strip() or not self.theirs.strip())

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Conflict: this segment changed since you opened it", classes="title")
            yield Static(Text(self.message, style="dim"), classes="message")
            yield Label("Source (FR)", classes="section")
            yield Static(Text(self.source), id="conflict-source")
            yield Label("Yours (not saved)", classes="section")
            if self.mine is None:
                yours = Text("(you have not changed the text: nothing of yours to keep)", "dim")
            elif not self.mine.strip():
                yours = Text("(empty: keeping it would erase theirs, so it is not offered)", "dim")
            else:
                yours = Text(self.mine)
            yield Static(yours, id="mine")
            yield Label("Theirs (in the store now)", classes="section")
            yield Static(Text(self.theirs), id="theirs")
            with Horizontal(classes="buttons"):
                yield Button(
                    "Keep mine (alt+m)",
                    id="choose-mine",
                    variant="warning",
                    disabled=not self.can_keep_mine,
                )
                yield Button("Take theirs (alt+t)", id="choose-theirs", variant="primary")
                yield Button("Cancel (esc)", id="choose-cancel")

    def on_mount(self) -> None:
        self.query_one("#choose-cancel", Button).focus()

    def action_choose(self, choice: str) -> None:
        if choice == "mine" and not self.can_keep_mine:
            self.notify("There is no text of yours to keep here", severity="warning")
            return
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = (event.button.id or "").removeprefix("choose-")
        self.action_choose(choice if choice in CHOICES else "cancel")
