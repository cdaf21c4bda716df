"""The conflict dialog: another writer changed the segment since the reviewer read it.
It shows both texts and returns "mine", "theirs" or "cancel"; it never decides itself."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from workbench.tui import keymap

CHOICES = ("mine", "theirs", "cancel")


class ConflictScreen(ModalScreen[str]):
    """Yours vs theirs; m keeps yours (saved over theirs), t takes theirs, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = list(keymap.bindings(keymap.CONFLICT))

    def __init__(self, *, source: str, mine: str, theirs: str, message: str) -> None:
        super().__init__()
        self.source = source
        self.mine = mine
        self.theirs = theirs
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Conflict: this segment changed since you opened it", classes="title")
            yield Static(Text(self.message, style="dim"), classes="message")
            yield Label("Source (FR)", classes="section")
            yield Static(Text(self.source), id="conflict-source")
            yield Label("Yours (not saved)", classes="section")
            yield Static(Text(self.mine), id="mine")
            yield Label("Theirs (in the store now)", classes="section")
            yield Static(Text(self.theirs), id="theirs")
            with Horizontal(classes="buttons"):
                yield Button("Keep mine (m)", id="choose-mine", variant="warning")
                yield Button("Take theirs (t)", id="choose-theirs", variant="primary")
                yield Button("Cancel (esc)", id="choose-cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = (event.button.id or "").removeprefix("choose-")
        self.dismiss(choice if choice in CHOICES else "cancel")
