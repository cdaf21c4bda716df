"""A reviewer's actions on one segment: edit, approve, unapprove, revert to the MT, the note,
the English pivot, and undo / redo through the event log (across restarts).

Each decides from the row as it is inside its own transaction (writes.py), so two reviewers
acting at once get one write and one ConflictError, never a silent overwrite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from workbench.errors import InputError
from workbench.store.base import TRANSLATION_COLS, check_text, conflict, load_json, to_translation
from workbench.store.model import UNDOABLE, Event, Translation
from workbench.store.schema import event as E
from workbench.store.schema import translation as T
from workbench.store.schema import utcnow
from workbench.store.writes import WritesMixin, _key

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


class EditsMixin(WritesMixin):
    def save_target(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        target: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
        edit_seconds: float = 0.0,
    ) -> Translation:
        """A reviewer's edit. Status becomes ``edited`` (``machine`` again when the text
        equals the MT); an approved segment stays approved only if the text is unchanged."""

        def decide(current: Translation | None) -> tuple[str, str] | None:
            if current is not None and current.target == target:
                return None
            return target, "machine" if current is not None and current.mt == target else "edited"

        return self._write_target(
            slug,
            segment_id,
            lang,
            decide=decide,
            expected_version=expected_version,
            reviewer=reviewer,
            action="edit",
            edit_seconds=edit_seconds,
        )

    def approve(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
        target: str | None = None,
        edit_seconds: float = 0.0,
    ) -> Translation:
        """Approve the current target (or ``target`` when given: edit and approve at once);
        ``edit_seconds`` adds the time the reviewer spent on the segment."""

        def decide(current: Translation | None) -> tuple[str, str]:
            text = target if target is not None else (current.target if current else "")
            if not text.strip():
                raise InputError(
                    f"segment {segment_id} ({lang}) has an empty target: write it first"
                )
            return text, "approved"

        return self._write_target(
            slug,
            segment_id,
            lang,
            decide=decide,
            expected_version=expected_version,
            reviewer=reviewer,
            action="approve",
            edit_seconds=edit_seconds,
        )

    def unapprove(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
    ) -> Translation:
        def decide(current: Translation | None) -> tuple[str, str]:
            if current is None or current.status != "approved":
                raise InputError(f"segment {segment_id} ({lang}) is not approved")
            return current.target, "machine" if current.mt == current.target else "edited"

        return self._write_target(
            slug,
            segment_id,
            lang,
            decide=decide,
            expected_version=expected_version,
            reviewer=reviewer,
            action="unapprove",
        )

    def revert_to_mt(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
    ) -> Translation:
        def decide(current: Translation | None) -> tuple[str, str]:
            if current is None or current.mt is None:
                raise InputError(f"segment {segment_id} ({lang}) has no machine translation yet")
            return current.mt, "machine"

        return self._write_target(
            slug,
            segment_id,
            lang,
            decide=decide,
            expected_version=expected_version,
            reviewer=reviewer,
            action="revert",
        )

    def set_note(self, slug: str, segment_id: str, lang: str, note: str) -> None:
        aid = self._aid(slug)
        with self._write() as conn:
            conn.execute(
                update(T)
                .where(_key(aid, segment_id, lang))
                .values(note=note, version=T.c.version + 1, updated_at=utcnow())
            )

    def set_pivot(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        pivot: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
    ) -> Translation:
        """A reviewer's edit of the English pivot shown beside the Vietnamese, checked
        against the version the reviewer read like any other edit."""
        check_text(pivot, segment_id, lang)
        aid = self._aid(slug)
        with self._write() as conn:
            current = self._translation_in(conn, aid, segment_id, lang, lock=True)
            if current is None:
                raise InputError(f"segment {segment_id} ({lang}) has no pivot yet: translate it")
            if expected_version is not None and expected_version != current.version:
                raise conflict(segment_id, lang, expected_version, current)
            row = conn.execute(
                update(T)
                .where(_key(aid, segment_id, lang), T.c.version == current.version)
                .values(pivot=pivot, version=T.c.version + 1, updated_at=utcnow())
                .returning(*TRANSLATION_COLS)
            ).first()
            result = None if row is None else to_translation(row)
            if result is None:  # the row went away under the lock: nothing to write to
                raise conflict(segment_id, lang, current.version, None)
            before, after = {"pivot": current.pivot}, {"pivot": pivot}
            self._event(conn, aid, segment_id, lang, "pivot", before, after, reviewer)
        return result

    # -- events, undo, redo ------------------------------------------------------------------

    def events(
        self, slug: str, segment_id: str | None = None, lang: str | None = None
    ) -> list[Event]:
        aid = self._aid(slug)
        with self._read() as conn:
            return self._events_in(conn, aid, segment_id, lang)

    def _events_in(
        self, conn: Connection, aid: int, segment_id: str | None, lang: str | None
    ) -> list[Event]:
        query = select(
            E.c.id,
            E.c.segment_id,
            E.c.lang,
            E.c.action,
            E.c.before,
            E.c.after,
            E.c.reviewer,
            E.c.at,
        ).where(E.c.article_id == aid)
        if segment_id is not None:
            query = query.where(E.c.segment_id == segment_id)
        if lang is not None:
            query = query.where(E.c.lang == lang)
        rows = conn.execute(query.order_by(E.c.id)).all()
        return [
            Event(r[0], r[1], r[2], r[3], load_json(r[4]), load_json(r[5]), r[6], r[7])
            for r in rows
        ]

    @staticmethod
    def _stacks(events: list[Event]) -> tuple[list[Event], list[Event]]:
        """Replay a segment's events into an undo stack and a redo stack."""
        undo: list[Event] = []
        redo: list[Event] = []
        for ev in events:
            if ev.action in UNDOABLE:
                undo.append(ev)
                redo.clear()
            elif ev.action == "undo" and undo:
                redo.append(undo.pop())
            elif ev.action == "redo" and redo:
                undo.append(redo.pop())
        return undo, redo

    def _step(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        action: str,
        reviewer: str | None,
        expected_version: int | None,
    ) -> Translation | None:
        """Undo or redo: the stacks are read under the row's lock, so the step undone is
        the last one committed, and the write checks the version like any other."""
        aid = self._aid(slug)
        with self._write() as conn:
            self._translation_in(conn, aid, segment_id, lang, lock=True)
            undo, redo = self._stacks(self._events_in(conn, aid, segment_id, lang))
            stack = undo if action == "undo" else redo
            if not stack:
                return None
            wanted: dict[str, Any] | None = (
                stack[-1].before if action == "undo" else stack[-1].after
            )
            if wanted is None:
                return None
            text, status = wanted.get("target", ""), wanted.get("status", "pending")
            return self._apply_target(
                conn,
                aid,
                slug,
                segment_id,
                lang,
                decide=lambda _current: (text, status),
                expected_version=expected_version,
                reviewer=reviewer,
                action=action,
            )

    def undo(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        reviewer: str | None = None,
        expected_version: int | None = None,
    ) -> Translation | None:
        """Undo the segment's last change (across restarts); None when nothing to undo.
        With ``expected_version`` (the version the reviewer sees), a change made since by
        another reviewer is a ConflictError instead of being the one silently undone."""
        return self._step(slug, segment_id, lang, "undo", reviewer, expected_version)

    def redo(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        reviewer: str | None = None,
        expected_version: int | None = None,
    ) -> Translation | None:
        """Redo the last undone change; ``expected_version`` as for :meth:`undo`."""
        return self._step(slug, segment_id, lang, "redo", reviewer, expected_version)
