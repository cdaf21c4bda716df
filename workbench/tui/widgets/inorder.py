"""Keys in the order they were typed, for the review screen's text widgets (the target and
pivot editors, the search field).

Textual hands a key to the focused widget's queue, and a key the widget does not insert as
text bubbles up through its parents' queues to the app, which looks up its binding there.
Meanwhile the widget goes on with the next keys: with a fast burst ("abc", backspace,
ctrl+n, "def" in one read) the letters after a bound key are inserted before its action runs
(the move saves "abcdef", or "def" lands in the segment being left), and a priority binding
(run by the app before it even forwards the letters typed before it) acts on text older
than what was typed. Here every key is resolved where it arrives, in its turn: a key with an
active (non-priority) binding runs that binding's action right there, the editor's own ones
(backspace, ctrl+k ...) and the review's (ctrl+n, F2, ctrl+l ...) alike, and the key goes no
further; only plain text is left to the widget.

A key with alt is a command, never text: it is not taken for a letter (Textual gives alt+u
the character "u", which a TextArea would insert) and the bindings of the screen see it.

A key that opens a chooser whose purpose is typing (go to segment N, the filter picker:
a screen with ``take_key``) is followed by keys meant for it: those of the same burst that
reached this widget before the chooser was on top are handed to it, in their order, instead
of going into the text. (Other dialogs are not typed into: keys
that reach the editor before they open stay the reviewer's text.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: as a Widget subclass it would reset the CSS components


class InOrderKeys(_Base):
    """Mix into a TextArea or Input subclass (before it: ``class T(InOrderKeys, TextArea)``)."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if "alt+" in key:
            return False  # a command: the screen's bindings stay in the chain
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        take = getattr(self.app.screen, "take_key", None)
        if self.app.screen is not self.screen and take is not None:
            event.stop()
            event.prevent_default()
            take(event)  # a chooser opened by an earlier key of this burst: it is its key
            return
        command = "alt+" in event.key
        if event.is_printable and not command:
            return  # text: the widget inserts it
        active = self.screen.active_bindings.get(event.key)
        if active is None or not active.enabled or active.binding.priority:
            if command:
                event.prevent_default()  # not bound: still never a letter
            return
        event.stop()
        event.prevent_default()
        await self.app.run_action(active.binding.action, active.node)
