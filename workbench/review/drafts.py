"""Drafts: the text being typed on the segment under review (target and English pivot), the
editing time it costs, when it is due for saving, and saving it with the version it was
typed on, so that another writer's change is a conflict and never silently overwritten.

Nothing typed is dropped: a save that fails (a full disk, a conflict, the segment removed
under the editor by a re-import) keeps the text as the draft and in a recovery file
(:mod:`workbench.review.recovery`), and the save is tried again.

Time comes from an injected clock (``time.monotonic`` by default), so tests drive it
instead of sleeping. The delays come from :mod:`workbench.settings`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from workbench.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    NotSavedError,
    SegmentGoneError,
    StoreError,
)
from workbench.review import recovery
from workbench.settings import AUTOSAVE_DELAY_S, AUTOSAVE_MAX_UNSAVED_S, SAVE_RETRY_S
from workbench.store import Row, Store, Translation, now

#: Autosave after this many seconds without a keystroke.
SAVE_DELAY_S = AUTOSAVE_DELAY_S
#: ... and at least this often while the reviewer types without such a pause, so a crash
#: (or kill -9) loses at most this many seconds of typing.
MAX_UNSAVED_S = AUTOSAVE_MAX_UNSAVED_S
#: After a failed save (a full disk, a locked database, a conflict), try again this long after.
RETRY_S = SAVE_RETRY_S
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
    shelf: recovery.Shelf  # where drafts that cannot be saved are kept

    @property
    def current_id(self) -> str | None: ...
    def row(self, segment_id: str | None = None) -> Row: ...
    def refresh_row(self, segment_id: str) -> Row: ...


@dataclass(frozen=True, slots=True)
class Base:
    """What a draft was typed on: the stored translation the reviewer was reading."""

    version: int
    target: str
    machine: bool  # no person's text: pending, or machine output (MT, a TM fill)
    pivot: str | None = None  # the English pivot as read

    @classmethod
    def of(cls, row: Row) -> Base:
        t = row.translation
        if t is None:
            return cls(0, "", True)
        return cls(t.version, t.target, t.status in ("pending", "machine"), t.pivot)


def rebasable(base: Base, current: Translation) -> bool:
    """Whether a save of text typed on ``base`` may go through on ``current`` (the version now
    in the store, written by someone else meanwhile): only when the other write left the
    text as it was read (a pivot or alternatives update), or replaced machine text (or
    nothing) with machine output (the open-time MT worker, a re-translation the reviewer
    asked for). Never overwrite a person's text."""
    if current.target == base.target:
        return True
    return base.machine and current.status == "machine" and current.target == current.mt


class DraftKeeper:
    """The unsaved text of the segment under review at ``place``. Not thread-safe."""

    def __init__(
        self,
        place: Place,
        clock: Clock = DEFAULT_CLOCK,
        save_delay: float = SAVE_DELAY_S,
        max_unsaved: float = MAX_UNSAVED_S,
    ) -> None:
        self.place = place
        self.clock = clock
        self.save_delay = save_delay
        self.max_unsaved = max_unsaved
        self.target: str | None = None
        self.pivot: str | None = None
        #: Where the current draft is kept outside the store (a failed save), if anywhere.
        self.kept: str | None = None
        self._base: Base | None = None  # what the drafts were typed on
        self._typed_at: float | None = None  # the last keystroke, while a draft is kept
        self._unsaved_since: float | None = None  # the first keystroke not saved yet
        self._retry_at: float | None = None  # after a failed save
        self._mark = clock()
        self._seconds = 0.0

    # -- typing and time ----------------------------------------------------------------------

    def start(self) -> None:
        """Another segment is open: no draft, and its editing time starts now."""
        self.drop()
        self._mark = self.clock()
        self._seconds = 0.0

    def drop(self) -> None:
        """Forget both drafts (saved, or replaced by a stored version). A recovery file
        stays where it is (see :meth:`take_theirs`)."""
        self.target = self.pivot = self.kept = None
        self._base = None
        self._typed_at = self._unsaved_since = self._retry_at = None

    def type_target(self, text: str) -> None:
        self._typed()
        self.target = text

    def type_pivot(self, text: str) -> None:
        self._typed()
        self.pivot = text

    def _typed(self) -> None:
        self.tick()
        if self._base is None:
            self._base = Base.of(self.place.row())
        self._typed_at = self._mark
        if self._unsaved_since is None:
            self._unsaved_since = self._mark

    def recovered(self, target: str | None, pivot: str | None, base: Base, kept: str) -> None:
        """Take a kept draft (the recovery file ``kept``) back as the draft of the current
        segment, typed on ``base``: its save conflicts when the segment changed since."""
        self.drop()
        self.target, self.pivot, self._base, self.kept = target, pivot, base, kept
        self._typed_at = self._unsaved_since = self.clock()

    def tick(self) -> None:
        """Count the time since the last action as editing time (capped)."""
        now = self.clock()
        self._seconds += min(max(now - self._mark, 0.0), IDLE_CAP_S)
        self._mark = now

    def due_in(self) -> float | None:
        """Seconds until the drafts are due for saving (0: due now); None without a draft.
        Due :attr:`save_delay` after the last keystroke, and :attr:`max_unsaved` after the
        first unsaved one at the latest; after a failed save, :data:`RETRY_S` after it."""
        if self._typed_at is None or (self.target is None and self.pivot is None):
            return None
        if self._retry_at is not None:
            due = self._retry_at
        else:
            first = self._unsaved_since if self._unsaved_since is not None else self._typed_at
            due = min(self._typed_at + self.save_delay, first + self.max_unsaved)
        return max(0.0, due - self.clock())

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
        """Save the drafts of the current segment with the version they were typed on.
        Returns the new translation, None when there was nothing to save. When the save
        fails the drafts stay (and go to a recovery file): ConflictError when another
        writer changed the text meanwhile, NotSavedError when the store refused the write
        (tried again :data:`RETRY_S` later), SegmentGoneError when the segment was removed
        or re-marked as page chrome meanwhile (the drafts are dropped, kept in the file)."""
        if self.place.current_id is None or (self.target is None and self.pivot is None):
            return None
        try:
            result = self._flush()
        except ConflictError:
            self._failed("conflict")
            raise
        except StoreError as exc:
            self._failed("not saved")
            where = (f"kept in {self.kept}" if self.kept
                     else "kept in memory only: no recovery file could be written")  # fmt: skip
            raise NotSavedError(
                f"Not saved: {exc}. Your text is {where}; saving again every {RETRY_S:g} s",
                kept=self.kept,
            ) from exc
        self._saved()
        return result

    def _flush(self) -> Translation | None:
        p = self.place
        row = self.check_there()
        base = self._base or Base.of(row)
        result: Translation | None = None
        t, pivot, target = row.translation, self.pivot, self.target
        if pivot is not None and t is not None and pivot != (t.pivot or ""):
            result = self._save_pivot(base, row, pivot)
            row = p.refresh_row(row.segment.id)
        self.pivot = None
        if target is not None:
            stored = row.translation.target if row.translation else ""
            if target != stored:
                result = self._save_on(base, row, target)
        return result

    def _save_pivot(self, base: Base, row: Row, pivot: str) -> Translation:
        """The English pivot typed on ``base``: another reviewer's pivot edit meanwhile is a
        conflict; another write that left the pivot as it was read (a target saved) is not."""
        p = self.place
        save = p.store.set_pivot
        try:
            return save(p.slug, row.segment.id, p.lang, pivot, expected_version=base.version,
                        reviewer=p.reviewer)  # fmt: skip
        except ConflictError:
            current = p.store.row(p.slug, row.segment.id, p.lang).translation
            if current is None or current.pivot != base.pivot:
                raise
            return save(p.slug, row.segment.id, p.lang, pivot, expected_version=current.version,
                        reviewer=p.reviewer)  # fmt: skip

    def save(self, target: str) -> Translation:
        """Save ``target`` (an MT alternative, a TM match) on the current segment, with the
        version the reviewer read. Raises ConflictError when another writer changed the text
        meanwhile, SegmentGoneError when the segment is gone."""
        row = self.place.row()
        if not row.segment.translatable:
            raise InputError("this segment is page chrome: un-mark it (alt+c) before translating")
        self.check_there()
        return self._save_on(self._base or Base.of(row), row, target)

    def _save_on(self, base: Base, row: Row, target: str) -> Translation:
        """Save over ``base``; when the store moved on, only if the other write may be
        rebased on (:func:`rebasable`), else ConflictError."""
        p = self.place
        self.tick()
        try:
            new = self._save_at(row, target, base.version)
        except ConflictError:
            current = p.store.row(p.slug, row.segment.id, p.lang).translation
            if current is None or not rebasable(base, current):
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

    def check_there(self) -> Row:
        """The current segment as read, after checking in the store that it is still there
        to be written: SegmentGoneError (the drafts kept in a recovery file, then dropped)
        when a re-import removed it or it is page chrome now."""
        p = self.place
        row = p.row()
        try:
            fresh = p.store.row(p.slug, row.segment.id, p.lang).segment
        except NotFoundError:
            fresh = None
        if fresh is not None and fresh.translatable:
            return row
        what = "is page chrome now" if fresh is not None and not fresh.removed else "was removed"
        had_text = self.target is not None or self.pivot is not None
        kept = self._set_aside("segment gone") if had_text else None
        self.drop()
        text = (f": your text is kept in {kept}" if kept else
                ": your text is kept in memory only" if had_text else "")  # fmt: skip
        raise SegmentGoneError(
            f"segment {row.segment.position} {what} (a re-import of the article, or another "
            f"reviewer){text}",
            kept=kept,
        )

    def _failed(self, reason: str) -> None:
        self._set_aside(reason)
        self._retry_at = self.clock() + RETRY_S

    def _saved(self) -> None:
        p = self.place
        if self.kept is not None and p.current_id is not None:
            p.shelf.forget(p.slug, p.lang, p.current_id)
        self.drop()

    def set_aside(self, reason: str, row: Row | None = None) -> str | None:
        """Keep the drafts of the current segment (or ``row``, as it was read) in a recovery
        file now; returns its path, None when there is no draft or no place took it."""
        if (row is None and self.place.current_id is None) or (
            self.target is None and self.pivot is None
        ):
            return None
        return self._set_aside(reason, row)

    def _set_aside(self, reason: str, row: Row | None = None) -> str | None:
        p = self.place
        row = row or p.row()
        base = self._base or Base.of(row)
        entry = recovery.Kept(
            database=p.shelf.database, slug=p.slug, lang=p.lang, segment_id=row.segment.id,
            source=row.segment.source, target=self.target, pivot=self.pivot,
            base_version=base.version, base_target=base.target, reason=reason,
            reviewer=p.reviewer, saved_at=now(),
        )  # fmt: skip
        path = p.shelf.keep(entry)
        self.kept = str(path) if path is not None else None
        return self.kept

    # -- conflicts ----------------------------------------------------------------------------

    def keep_mine(self, text: str) -> Translation:
        """Conflict resolved in favour of the reviewer's text: saved over the version now
        in the store (a deliberate overwrite, recorded in the events). Only a draft the
        reviewer typed can be kept, and never an empty one over their text: take theirs,
        then clear it, if that is what the reviewer wants."""
        if self.target is None:
            raise InputError("you have no text of your own on this segment to keep: take theirs")
        row = self.place.refresh_row(self.place.row().segment.id)
        theirs = row.translation.target if row.translation else ""
        if not text.strip() and theirs.strip():
            raise InputError(
                "your text is empty: keeping it would erase theirs. Take theirs, then clear "
                "the target yourself if that is what you want"
            )
        self.check_there()
        self.tick()
        new = self._save_at(row, text, row.translation.version if row.translation else 0)
        self.target = None
        self._saved()
        return new

    def take_theirs(self) -> Row:
        """Conflict resolved in favour of the stored text: the drafts are dropped (and their
        recovery file)."""
        p = self.place
        sid = p.row().segment.id
        if self.kept is not None:
            p.shelf.forget(p.slug, p.lang, sid)
        self.drop()
        return p.refresh_row(sid)
