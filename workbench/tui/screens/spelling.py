"""Corrections for a misspelled word of the target: the dictionary's suggestions in a list;
enter (or a click) takes the highlighted one, escape takes none. Returns the chosen word or
None. Keys are absorbed for a moment after it opens, as in every dialog of the review
(:class:`~workbench.tui.screens.dialog.GuardedDialog`); it opens only when asked (alt+w)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from workbench.review.drafts import Clock
from workbench.tui import keymap
from workbench.tui.screens.dialog import GRACE_S, GuardedDialog


class SpellingScreen(GuardedDialog[str | None]):
    """The suggestions for ``word``; the first is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = list(keymap.bindings(keymap.SPELLING))

    def __init__(
        self,
        word: str,
        suggestions: Sequence[str],
        *,
        clock: Clock = time.monotonic,
        grace: float = GRACE_S,
    ) -> None:
        super().__init__(clock=clock, grace=grace)
        self.word = word
        self.suggestions = list(suggestions)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # Data: the word and its corrections are shown as text, never read as markup.
            yield Label(Text(f"Replace “{self.word}” with:"), classes="title", markup=False)
            yield OptionList(
                *(Option(Text(s), id=str(i)) for i, s in enumerate(self.suggestions)),
                id="suggested",
            )
            yield Label(Text("enter: replace · esc: keep the word", style="dim"), markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.in_grace:
            self.dismiss(self.suggestions[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
