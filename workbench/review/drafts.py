"""Drafts: the text being typed on the segment under review (target and English pivot), the
editing time it costs, when it is due for autosave, and saving it with the version it was
read at, so that another writer's change is a conflict and never silently overwritten.

Time comes from an injected clock (``time.monotonic`` by default), so tests drive it
instead of sleeping. The autosave delay comes from :mod:`workbench.settings`."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from workbench.errors import ConflictError, InputError
from workbench.settings import AUTOSAVE_DELAY_S
from workbench.store import Row, Store, Translation

#: Autosave after this many seconds without a keystroke.
SAVE_DELAY_S = AUTOSAVE_DELAY_S
#: One gap between two actions on a segment counts at most this long in edit_seconds,
#: so a coffee break in front of an open segment is not recorded as editing time.
IDLE_CAP_S = 300.0

Clock = Callable[[], float]
DEFAULT_CLOCK: Clock = time.monotonic


class Place(Protocol):
    """Where drafts are saved: what the review session knows of its article."""

    store: Store
    slug: str
    lang: str
    reviewer: str | None

    @property
    def current_id(self) -> str | None: ...
    def row(self, segment_id: str | None = None) -> Row: ...
    def refresh_row(self, segment_id: str) -> Row: ...


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


class DraftKeeper:
    """The unsaved text of the segment under review at ``place``. Not thread-safe."""

    def __init__(
        self, place: Place, clock: Clock = DEFAULT_CLOCK, save_delay: float = SAVE_DELAY_S
    ) -> None:
        self.place = place
        self.clock = clock
        self.save_delay = save_delay
        self.target: str | None = None
        self.pivot: str | None = None
        self._typed_at: float | None = None  # the last keystroke, while a draft is kept
        self._mark = clock()
        self._seconds = 0.0

    # -- typing and time ----------------------------------------------------------------------

    def start(self) -> None:
        """Another segment is open: no draft, and its editing time starts now."""
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

    def due_in(self) -> float | None:
        """Seconds until the drafts are due for autosave (0: due now); None without a
        draft. Due :attr:`save_delay` after the last keystroke."""
        if self._typed_at is None or (self.target is None and self.pivot is None):
            return None
        return max(0.0, self._typed_at + self.save_delay - self.clock())

    # -- what is shown ------------------------------------------------------------------------

    def text(self, segment_id: str | None = None) -> str:
        """A segment's target as the editor shows it: the draft for the current one."""
        current = self.place.current_id
        sid = segment_id if segment_id is not None else current
        if sid == current and self.target is not None:
            return self.target
        t = self.place.row(sid).translation
        return t.target if t else ""

    def pivot_text(self) -> str | None:
        if self.pivot is not None:
            return self.pivot
        t = self.place.row().translation
        return t.pivot if t else None

    def dirty(self) -> bool:
        """A draft differs from what is stored."""
        if self.place.current_id is None:
            return False
        t = self.place.row().translation
        stored, pivot = (t.target, t.pivot) if t else ("", None)
        return (self.target is not None and self.target != stored) or (
            self.pivot is not None and self.pivot != (pivot or "")
        )

    # -- saving -------------------------------------------------------------------------------

    def flush(self) -> Translation | None:
        """Save the drafts of the current segment with the version they were read at.
        Returns the new translation, None when there was nothing to save. Raises
        ConflictError (the target draft kept) as :meth:`save` does."""
        p = self.place
        if p.current_id is None:
            return None
        row = p.row()
        result: Translation | None = None
        t, pivot, target = row.translation, self.pivot, self.target
        if pivot is not None and t is not None and pivot != (t.pivot or ""):
            result = p.store.set_pivot(  # another reviewer's pivot edit meanwhile: a conflict
                p.slug,
                row.segment.id,
                p.lang,
                pivot,
                expected_version=t.version,
                reviewer=p.reviewer,
            )
            row = p.refresh_row(row.segment.id)
        self.pivot = None
        if target is not None:
            stored = row.translation.target if row.translation else ""
            if target != stored:
                result = self.save(target)
        self.drop()
        return result

    def save(self, target: str) -> Translation:
        """Save ``target`` on the current segment with the version it was read at. When the
        version moved, the save goes through only if the other write may be rebased on
        (:func:`rebasable`); else ConflictError, with the text kept as the draft."""
        p = self.place
        row = p.row()
        if not row.segment.translatable:
            raise InputError("this segment is page chrome: un-mark it (alt+c) before translating")
        t = row.translation
        self.tick()
        try:
            new = self._save_at(row, target, t.version if t else 0)
        except ConflictError:
            current = p.store.row(p.slug, row.segment.id, p.lang).translation
            if current is None or not rebasable(row, current):
                self.target = target  # keep the text for the conflict dialog
                raise
            new = self._save_at(row, target, current.version)
        self.target = None
        return new

    def _save_at(self, row: Row, target: str, version: int) -> Translation:
        p = self.place
        new = p.store.save_target(
            p.slug, row.segment.id, p.lang, target, expected_version=version,
            reviewer=p.reviewer, edit_seconds=round(self._seconds, 3),
        )  # fmt: skip
        self._seconds = 0.0
        p.refresh_row(row.segment.id)
        return new

    def keep_mine(self, text: str) -> Translation:
        """Conflict resolved in favour of the reviewer's text: saved over the version now
        in the store (a deliberate overwrite, recorded in the events)."""
        row = self.place.refresh_row(self.place.row().segment.id)
        self.tick()
        new = self._save_at(row, text, row.translation.version if row.translation else 0)
        self.target = None
        return new

    def take_theirs(self) -> Row:
        """Conflict resolved in favour of the stored text: the draft is dropped."""
        self.target = None
        return self.place.refresh_row(self.place.row().segment.id)
