"""Debounced calls on an injected clock: the screen's autosave, analysis and search run a
moment after the last keystroke. Setting a name again moves its deadline (that is the
debounce). Which calls are due is decided by the clock alone; a Textual timer only wakes
the screen up (:meth:`Deadlines.next_in` says when), so a test that moves a hand-driven
clock and calls the screen's ``run_due`` sees exactly what the delay would have done,
without sleeping. No Textual here."""

from __future__ import annotations

from collections.abc import Callable

from workbench.review.drafts import Clock


class Deadlines:
    """Named one-shot calls, each due at a time of ``clock``."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._due: dict[str, tuple[float, Callable[[], None]]] = {}

    def set(self, name: str, delay: float, call: Callable[[], None]) -> None:
        """Call ``call`` ``delay`` seconds from now (replacing ``name``'s earlier call)."""
        self._due[name] = (self.clock() + delay, call)

    def cancel(self, *names: str) -> None:
        """Forget the calls of ``names`` (every call when none is given)."""
        for name in names or list(self._due):
            self._due.pop(name, None)

    def pending(self, name: str) -> bool:
        return name in self._due

    def next_in(self) -> float | None:
        """Seconds until the next call is due (0 when one is due now); None when none."""
        if not self._due:
            return None
        return max(0.0, min(at for at, _call in self._due.values()) - self.clock())

    def pop_due(self) -> list[Callable[[], None]]:
        """The calls due now, earliest first, forgotten (a call may set its name again)."""
        now = self.clock()
        due = sorted((at, name) for name, (at, _call) in self._due.items() if at <= now)
        return [self._due.pop(name)[1] for _at, name in due]
