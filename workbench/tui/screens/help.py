"""The help screen: every review key, from :mod:`workbench.tui.keymap` (one source of truth),
and notes on saving, undo, QA and the glossary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from workbench.tui import keymap

NOTES = (
    "Edits are saved as you type (0.5 s after the last key, and every 2 s while you keep "
    "typing), when you leave a segment and when you quit or the terminal closes. Text that "
    "cannot be saved (a full disk, a conflict) stays in the editor and in a recovery file, "
    "offered back when you open the review again. Inside the target, ctrl+z / ctrl+y undo "
    "and redo typing; alt+z / alt+y undo and redo saved changes of the segment (approve, "
    "revert, edits), across restarts. Approving a text with QA errors asks first, once per "
    "segment: ctrl+o again approves, escape goes back. Dialogs take no letter as an answer "
    "and ignore keys for a moment after they open. F2-F4 take an MT alternative, F6-F8 a "
    "translation-"
    "memory match (its score and the source words that differ are shown before its text). "
    "alt+n makes the English pivot (as edited) the English target; approving an English "
    "target makes it the pivot of the Vietnamese, translated again in the background (a "
    "post-edited or approved Vietnamese is kept, and QA says its English changed). "
    "Glossary terms of the source are underlined; under the target, ✓ / ✗ say whether it "
    "uses the required form (the workspace glossary, read once at start). The "
    "flagged filter shows segments with QA warnings or errors as far as QA has checked "
    "them: it runs over the whole article in the background after the start. "
    "Home / End go to the start / end of the line even when it wraps, and pressed again, "
    "of the whole text. "
    "Tab moves between the target, the pivot, the list and the search field. F9 opens the "
    "command palette: every action by name. In the list, up / down / page keys move. "
    "Misspelled words of the target are underlined in red; alt+w on one lists the "
    "dictionary's corrections, enter puts the highlighted one in its place."
)


def key_table(bindings: Sequence[Binding], display: dict[str, str]) -> Table:
    table = Table(box=None, expand=True, show_header=True, header_style="bold")
    table.add_column("Keys", no_wrap=True, style="bold cyan")
    table.add_column("Action", no_wrap=True)
    table.add_column("What it does")
    for b in bindings:
        table.add_row(display.get(b.key, b.key), b.description, Text(b.tooltip or ""))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(keymap.bindings(keymap.HELP))

    def __init__(self, bindings: Sequence[Binding], display: dict[str, str]) -> None:
        super().__init__()
        self._bindings_shown = list(bindings)
        self._display = display

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Label("Review keys (escape closes)", classes="title")
            yield Static(key_table(self._bindings_shown, self._display))
            yield Static(Text(NOTES, style="dim"), classes="notes")

    def action_close(self) -> None:
        self.dismiss(None)
