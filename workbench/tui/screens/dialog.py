"""The base of every question the review asks (the conflict, approving with QA errors): text
being typed can never answer it.

* Its answers are keys with a modifier (alt+m, ctrl+o, escape) or a button pressed with
  enter or the mouse; no bare letter answers.
* The safe answer's button has the focus, so an enter typed into the dialog by mistake
  takes the safe way.
* For :data:`GRACE_S` after it opens (on the clock the review runs on), every key is
  absorbed: a reviewer typing fast when it appears, or pressing the key that opened it
  twice, answers nothing.
"""

from __future__ import annotations

import time
from typing import TypeVar

from textual import events
from textual.screen import ModalScreen
from textual.widgets import Button

from workbench.review.drafts import Clock

#: Keys are absorbed this long after a dialog opens (a typist's reaction time, plus margin).
GRACE_S = 0.8

T = TypeVar("T")


class GuardedDialog(ModalScreen[T]):
    """A modal question that absorbs keys for ``grace`` seconds of ``clock`` after it opens."""

    def __init__(self, *, clock: Clock = time.monotonic, grace: float = GRACE_S) -> None:
        super().__init__()
        self.clock = clock
        self.grace = grace
        self.opened_at = clock()

    def on_mount(self) -> None:
        self.opened_at = self.clock()

    @property
    def in_grace(self) -> bool:
        return self.clock() - self.opened_at < self.grace

    def on_key(self, event: events.Key) -> None:
        """Every key bubbles through the screen before the app looks up its binding: while
        the dialog is new, none goes further."""
        if self.in_grace:
            event.stop()
            event.prevent_default()


class YesNoDialog(GuardedDialog[bool]):
    """A yes/no question with the buttons ``#answer-yes`` and ``#answer-no``: "no", the safe
    answer, has the focus; the screen's key bindings answer through ``answer(True|False)``."""

    def on_mount(self) -> None:
        self.query_one("#answer-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "answer-yes")
