"""The review's two small choosers: go to segment N (a number typed in a field) and the
filter picker (a list of the filters with their counts).

Both are questions whose purpose is the reviewer's typing, so nothing typed into them
answers anything else: the go-to field takes digits only (a letter is not inserted), enter
jumps, escape cancels; the picker moves with the arrows, enter picks, escape cancels, and
its highlight starts on the filter in use (an enter by mistake changes nothing). The review
screen's keys do not reach the review while one is open (it is modal), and keys typed
right after the key that opened it, in the same burst, are its, not the editor's
(:mod:`~workbench.tui.widgets.inorder`). What the answer
means (an out-of-range number) is the session's to judge, after the chooser closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from workbench.tui import keymap

T = TypeVar("T")

if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object  # a plain mixin: as a Widget subclass it would reset the CSS components

#: Digits only, and no more than a segment number needs.
NUMBER = r"[0-9]*"
MAX_DIGITS = 6


class Chooser(ModalScreen[T]):
    """A modal whose purpose is typing. The keys of a burst typed right after the key that
    opened it (a terminal hands them over in one read) reach it before its field has the
    focus, some through the editor (:meth:`take_key`, from
    :class:`~workbench.tui.widgets.inorder.InOrderKeys`), some directly: they are kept and
    handed to the app again, in their order, once the field has the focus. A key that
    arrives while handed-over keys are still on their way waits behind them (:meth:`holds`,
    asked by the field first: :class:`ChooserKeys`), so that ↓ then enter never pick before
    the ↓ moved."""

    def __init__(self) -> None:
        super().__init__()
        self._ready = False
        self._early: list[tuple[str, str | None]] = []
        self._handed: list[events.Key] = []  # handed to the app, not yet at the field

    def take_key(self, event: events.Key) -> None:
        self._keep(event.key, event.character)

    def holds(self, event: events.Key) -> bool:
        """True when ``event`` must wait (it is kept and handed over later, in its turn);
        False when it may act now: one of the keys handed over, or any key once none is
        on its way."""
        for index, handed in enumerate(self._handed):
            if handed is event:
                del self._handed[index]
                return False
        if self._ready and not self._handed:
            return False
        self._keep(event.key, event.character)
        return True

    def on_key(self, event: events.Key) -> None:
        if self.focused is None and self.holds(event):  # nothing has the focus yet
            event.stop()
            event.prevent_default()

    def focus_then_replay(self, widget: Widget) -> None:
        widget.focus()
        self.call_after_refresh(self._replay)

    def _keep(self, key: str, character: str | None) -> None:
        if self._ready:
            self._hand_over(key, character)
        else:
            self._early.append((key, character))

    def _replay(self) -> None:
        self._ready = True
        early, self._early = self._early, []
        for key, character in early:
            self._hand_over(key, character)

    def _hand_over(self, key: str, character: str | None) -> None:
        """The key to the app again, as the terminal's keys come: made on the app's own
        queue, so that it bubbles from the focused field up to the app, whose bindings (the
        option list's arrows and enter) act on it. A key made here would have this screen
        as its sender, and Textual stops a message's bubbling at its sender."""

        def post() -> None:
            event = events.Key(key, character)
            self._handed.append(event)
            self.app.post_message(event)

        self.app.call_later(post)


class ChooserKeys(_Base):
    """Mix into a chooser's field (before it): each key asks the chooser first whether it
    must wait behind keys handed over before it."""

    async def _on_key(self, event: events.Key) -> None:
        holds = getattr(self.screen, "holds", None)
        if holds is not None and holds(event):
            event.stop()
            event.prevent_default()


class NumberInput(ChooserKeys, Input):
    """The go-to field."""


class FilterList(ChooserKeys, OptionList):
    """The filter picker's list."""


class GoToScreen(Chooser[str | None]):
    """A field for a segment number: returns what was typed (enter), None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = list(keymap.bindings(keymap.GO_TO))

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser"):
            yield Label(
                f"Go to segment (1-{self.total}) · enter jumps, esc cancels",
                classes="title",
                markup=False,
            )
            yield NumberInput(
                placeholder="number as in the list",
                restrict=NUMBER,
                max_length=MAX_DIGITS,
                id="goto-number",
            )

    def on_mount(self) -> None:
        self.focus_then_replay(self.query_one("#goto-number", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def filter_option(name: str, count: int, current: bool) -> Text:
    text = Text(f"{name:<10}", style="bold" if current else "")
    text.append(f"{count:>6} segment{'s' if count != 1 else ''}", style="dim")
    if current:
        text.append("  (in use)", style="italic")
    return text


class FilterScreen(Chooser[str | None]):
    """The filters and how many segments each shows: returns the one picked (enter), None
    (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = list(keymap.bindings(keymap.FILTER_PICKER))

    def __init__(self, counts: Mapping[str, int], current: str) -> None:
        super().__init__()
        self.counts = dict(counts)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser"):
            yield Label("Filter · ↑↓ enter picks, esc cancels", classes="title")
            yield FilterList(
                *(
                    Option(filter_option(name, count, name == self.current), id=name)
                    for name, count in self.counts.items()
                ),
                id="filter-list",
            )

    def on_mount(self) -> None:
        options = self.query_one("#filter-list", OptionList)
        options.highlighted = list(self.counts).index(self.current)
        self.focus_then_replay(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
