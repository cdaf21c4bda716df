"""Replace the English target with the pivot? Asked when the reviewer makes a Vietnamese
segment's English pivot its English target (alt+n) and a reviewer already wrote or approved an
English target that says something else. Pressing alt+n again answers yes; escape (or enter:
"Keep it" has the focus) keeps the English; no letter answers, and keys are absorbed for a
moment after it opens (:class:`~workbench.tui.screens.dialog.GuardedDialog`)."""

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
from workbench.tui.screens.dialog import GRACE_S, YesNoDialog


class ReplaceEnglishScreen(YesNoDialog):
    """True: replace the English target with the pivot; False: keep it."""

    BINDINGS: ClassVar[list[BindingType]] = list(keymap.bindings(keymap.REPLACE_ENGLISH))

    def __init__(
        self,
        english: str,
        status: str,
        pivot: str,
        *,
        clock: Clock = time.monotonic,
        grace: float = GRACE_S,
    ) -> None:
        super().__init__(clock=clock, grace=grace)
        self.english, self.status, self.pivot = english, status, pivot

    def compose(self) -> ComposeResult:
        what = "approved" if self.status == "approved" else "post-edited"
        with Vertical(id="dialog"):
            yield Label(f"Replace the {what} English target with the pivot?", classes="title")
            listing = Text()
            listing.append("English target: ", style="bold")
            listing.append(self.english)
            listing.append("\nPivot:          ", style="bold")
            listing.append(self.pivot)
            yield Static(listing, id="replace-texts")
            note = "It becomes a post-edit (not approved); alt+z on the English undoes it."
            yield Static(Text(note, style="dim"), classes="message")
            with Horizontal(classes="buttons"):
                yield Button("Replace (alt+n)", id="answer-yes", variant="warning")
                yield Button("Keep it (esc)", id="answer-no", variant="primary")
