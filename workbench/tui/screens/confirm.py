"""Approve with QA errors? A real question, asked the first time for a segment: it lists the
errors and returns True (approve) or False (go back to the text). Pressing approve again
(ctrl+o) answers yes, so a reviewer who meant it loses one key press, not a workflow; no
letter answers it, and keys are absorbed for a moment after it opens
(:class:`~workbench.tui.screens.dialog.GuardedDialog`)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from workbench.review import Finding
from workbench.review.drafts import Clock
from workbench.tui import keymap
from workbench.tui.screens.dialog import GRACE_S, YesNoDialog


class ConfirmApproveScreen(YesNoDialog):
    """ctrl+o approves; escape goes back without approving. "Go back" has the focus, so
    enter is the safe answer."""

    BINDINGS: ClassVar[list[BindingType]] = list(keymap.bindings(keymap.CONFIRM))

    def __init__(
        self,
        errors: Sequence[Finding],
        *,
        position: str = "",
        clock: Clock = time.monotonic,
        grace: float = GRACE_S,
    ) -> None:
        super().__init__(clock=clock, grace=grace)
        self.errors = list(errors)
        self.position = position

    def compose(self) -> ComposeResult:
        count = len(self.errors)
        where = f" (segment {self.position})" if self.position else ""
        with Vertical(id="dialog"):
            yield Label(
                f"Approve with {count} QA error{'s' if count != 1 else ''}{where}?",
                classes="title",
            )
            listing = Text()
            for i, f in enumerate(self.errors):
                if i:
                    listing.append("\n")
                listing.append(f"✖ {f.check}: ", style="bold red")
                listing.append(f.message)
            yield Static(listing, id="confirm-errors")
            yield Static(
                Text(
                    "Asked once per segment: after a yes, approving it again does not ask.",
                    style="dim",
                ),
                classes="message",
            )
            with Horizontal(classes="buttons"):
                yield Button("Approve anyway (ctrl+o)", id="answer-yes", variant="warning")
                yield Button("Go back (esc)", id="answer-no", variant="primary")
