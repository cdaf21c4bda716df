"""Drafts: the text being typed on the current segment (target and English pivot) before it
is saved, the editing time it has cost, when it is due for autosave, and the rule that says
whether a save may go through after another writer changed the segment.

Time comes from an injected clock (``time.monotonic`` by default), so tests drive it
instead of sleeping. The defaults are module constants (later read from the settings)."""

from __future__ import annotations

import time
from collections.abc import Callable

from workbench.store import Row, Translation

#: Autosave after this many seconds without a keystroke.
SAVE_DELAY_S = 0.5
#: One gap between two actions on a segment counts at most this long in edit_seconds,
#: so a coffee break in front of an open segment is not recorded as editing time.
IDLE_CAP_S = 300.0

Clock = Callable[[], float]
DEFAULT_CLOCK: Clock = time.monotonic


class DraftKeeper:
    """The unsaved text of the segment being reviewed. Not thread-safe."""

    def __init__(self, clock: Clock = DEFAULT_CLOCK, save_delay: float = SAVE_DELAY_S) -> None:
        self.clock = clock
        self.save_delay = save_delay
        self.target: str | None = None
        self.pivot: str | None = None
        self._typed_at: float | None = None  # the last keystroke, while a draft is kept
        self._mark = clock()
        self._seconds = 0.0

    def start(self) -> None:
        """A new segment is open: no draft, and its editing time starts now."""
        self.drop()
        self._mark = self.clock()
        self._seconds = 0.0

    def drop(self) -> None:
        """Forget both drafts (saved, or replaced by a stored version)."""
        self.target = self.pivot = None
        self._typed_at = None

    def type_target(self, text: str) -> None:
        self.tick()
        self.target = text
        self._typed_at = self._mark

    def type_pivot(self, text: str) -> None:
        self.tick()
        self.pivot = text
        self._typed_at = self._mark

    def tick(self) -> None:
        """Count the time since the last action as editing time (capped)."""
        now = self.clock()
        self._seconds += min(max(now - self._mark, 0.0), IDLE_CAP_S)
        self._mark = now

    @property
    def seconds(self) -> float:
        """Editing time not yet recorded with a save."""
        return round(self._seconds, 3)

    def recorded(self) -> None:
        """A save recorded :attr:`seconds`."""
        self._seconds = 0.0

    def due_in(self) -> float | None:
        """Seconds until the drafts are due for autosave (0: due now); None without a
        draft. Due :attr:`save_delay` after the last keystroke."""
        if self._typed_at is None or (self.target is None and self.pivot is None):
            return None
        return max(0.0, self._typed_at + self.save_delay - self.clock())


def rebasable(read: Row, current: Translation) -> bool:
    """Whether a save made against ``read`` may go through on ``current`` (the version now
    in the store, written by someone else meanwhile): only when the other write left the
    text as it was read (a pivot or alternatives update), or filled a then-empty segment
    with machine output (the open-time MT worker). Never overwrite a person's text."""
    base = read.translation
    base_target = base.target if base else ""
    if current.target == base_target:
        return True
    was_empty = base is None or (base.status == "pending" and not base.target)
    return was_empty and current.status == "machine" and current.target == current.mt
