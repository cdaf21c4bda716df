"""Writes to translations: machine output, a reviewer's edits and approvals, PO imports,
notes and the English pivot.

Every write is optimistic and atomic: it reads the row inside its transaction (locked until
the commit on PostgreSQL), decides from what it read, and writes with ``UPDATE ... WHERE
version = :read RETURNING ...`` (or ``INSERT ... ON CONFLICT DO NOTHING RETURNING ...`` for a
new row). Zero rows back means another writer came first: a ConflictError when the caller
passed the version it saw, else the write is decided again on the new row. Each write logs
one event in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, select, update

from workbench.errors import ConflictError, NotFoundError, PermissionDeniedError
from workbench.store.base import (
    TRANSLATION_COLS,
    StoreBase,
    check_text,
    conflict,
    state,
    to_translation,
)
from workbench.store.model import MTWrite, TargetWrite, Translation
from workbench.store.schema import segment as S
from workbench.store.schema import translation as T
from workbench.store.schema import upsert, utcnow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

#: A write decides its (target, status) from the row it read; None: nothing to change.
Decide = Callable[[Translation | None], tuple[str, str] | None]
#: Attempts of a write without an expected version when other writers keep coming first.
RETRIES = 8
_KEEPS = ("edited", "approved")


def _key(aid: int, segment_id: str, lang: str) -> Any:
    return (T.c.article_id == aid) & (T.c.segment_id == segment_id) & (T.c.lang == lang)


def _returned(conn: Connection, statement: Any) -> Translation | None:
    row = conn.execute(statement.returning(*TRANSLATION_COLS)).first()
    return None if row is None else to_translation(row)


class WritesMixin(StoreBase):
    # -- machine output ----------------------------------------------------------------------

    def store_mt(
        self, slug: str, lang: str, writes: Iterable[MTWrite], *, reviewer: str | None = None
    ) -> int:
        """Store machine output in one transaction. The MT, model, pivot and alternatives
        are always updated; the target only while the segment is pending or machine, so an
        edited or approved target is never overwritten. Returns the number of rows written."""
        aid = self._aid(slug)
        todo = sorted(writes, key=lambda w: w.segment_id)  # one lock order for every writer
        if not todo:
            return 0
        with self._write() as conn:
            currents = self._translations_in(conn, aid, lang, {w.segment_id for w in todo})
            if not self.may_approve:  # a translator leaves approved segments alone
                kept = self._approved_ids(conn, aid, lang, {w.segment_id for w in todo})
                todo = [w for w in todo if w.segment_id not in kept]
            events = []
            for w in todo:
                current = currents.get(w.segment_id)
                try:
                    written = self._put_mt_retrying(conn, aid, lang, w, current)
                except PermissionDeniedError:
                    continue  # approved meanwhile by a reviewer: no longer ours to change
                currents[w.segment_id] = written
                keeps = current is not None and current.status in _KEEPS
                after = state(current) if keeps else {"target": w.mt, "status": "machine"}
                extra = {"mt": w.mt, "model": w.model, "pivot": w.pivot}
                events.append((w.segment_id, lang, "mt", state(current), after | extra, reviewer))
            self._events(conn, aid, events)
        return len(events)

    def _put_mt_retrying(
        self, conn: Connection, aid: int, lang: str, w: MTWrite, current: Translation | None
    ) -> Translation:
        for _ in range(RETRIES):
            written = self._put_mt(conn, aid, lang, w, current)
            if written is not None:
                return written
            current = self._translation_in(conn, aid, w.segment_id, lang, lock=True)
        raise ConflictError(f"segment {w.segment_id} ({lang}) kept changing: retry")

    @staticmethod
    def _approved_ids(conn: Connection, aid: int, lang: str, ids: set[str]) -> set[str]:
        query = select(T.c.segment_id).where(
            T.c.article_id == aid, T.c.lang == lang, T.c.status == "approved"
        )
        return {r[0] for r in conn.execute(query) if r[0] in ids}

    def _translations_in(
        self, conn: Connection, aid: int, lang: str, ids: set[str]
    ) -> dict[str, Translation | None]:
        found: dict[str, Translation | None] = {}
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            query = (
                select(*TRANSLATION_COLS)
                .where(
                    T.c.article_id == aid,
                    T.c.lang == lang,
                    T.c.segment_id.in_(ordered[start : start + 500]),
                )
                .order_by(T.c.segment_id)
                .with_for_update()
            )
            for row in conn.execute(query):
                found[row[0]] = to_translation(row)
        return found

    def _put_mt(
        self, conn: Connection, aid: int, lang: str, w: MTWrite, current: Translation | None
    ) -> Translation | None:
        values: dict[str, Any] = {
            "mt": w.mt,
            "mt_model": w.model,
            "pivot": w.pivot,
            "mt_pivot": w.pivot,
            "alternatives": json.dumps(list(w.alternatives), ensure_ascii=False),
            "origin": w.origin,
            "matches": json.dumps(list(w.matches), ensure_ascii=False, sort_keys=True),
            "mt_confidence": w.confidence,
            "mt_notes": json.dumps(list(w.notes), ensure_ascii=False),
            "updated_at": utcnow(),
        }
        if current is None:
            new = upsert(conn.dialect.name, T).values(
                article_id=aid,
                segment_id=w.segment_id,
                lang=lang,
                target=w.mt,
                status="machine",
                version=1,
                target_pivot=w.pivot,
                **values,
            )
            return _returned(conn, new.on_conflict_do_nothing())
        kept = T.c.status.in_(_KEEPS)
        change = (
            update(T)
            .where(_key(aid, w.segment_id, lang), T.c.version == current.version)
            .values(
                target=case((kept, T.c.target), else_=w.mt),
                status=case((kept, T.c.status), else_="machine"),
                target_pivot=case((kept, T.c.target_pivot), else_=w.pivot),
                version=T.c.version + 1,
                **values,
            )
        )
        return _returned(conn, change)

    # -- targets -----------------------------------------------------------------------------

    def _apply_target(
        self,
        conn: Connection,
        aid: int,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        decide: Decide,
        expected_version: int | None,
        reviewer: str | None,
        action: str,
        edit_seconds: float = 0.0,
    ) -> Translation:
        """Write one target inside the caller's transaction, checking the version read."""
        for _ in range(RETRIES):
            current = self._translation_in(conn, aid, segment_id, lang, lock=True)
            if current is None:  # (a translation's segment exists: its foreign key says so)
                seg = select(S.c.id).where(S.c.article_id == aid, S.c.id == segment_id)
                if conn.execute(seg).first() is None:
                    raise NotFoundError(f"no segment {segment_id!r} in article {slug!r}")
            version = current.version if current else 0
            change = decide(current)  # a refusal (InputError) comes before a conflict
            if expected_version is not None and expected_version != version:
                raise conflict(segment_id, lang, expected_version, current)
            if change is None:
                if current is None:
                    raise RuntimeError("a write decided nothing for a row that does not exist")
                return current
            target, status = change
            if not self.may_approve and "approved" in (status, current.status if current else ""):
                what = "approving" if status == "approved" else "changing an approved segment"
                raise self._refuse_approval(f"{what} ({segment_id}, {lang})")
            check_text(target, segment_id, lang)
            written = self._put_target(
                conn, aid, segment_id, lang, current, target, status, reviewer, edit_seconds
            )
            if written is not None:
                after = {"target": target, "status": status}
                self._event(conn, aid, segment_id, lang, action, state(current), after, reviewer)
                return written
            if expected_version is not None:
                now = self._translation_in(conn, aid, segment_id, lang)
                raise conflict(segment_id, lang, expected_version, now)
        raise ConflictError(f"segment {segment_id} ({lang}) kept changing while saved: retry")

    def _put_target(
        self,
        conn: Connection,
        aid: int,
        segment_id: str,
        lang: str,
        current: Translation | None,
        target: str,
        status: str,
        reviewer: str | None,
        edit_seconds: float,
    ) -> Translation | None:
        """The conditional write itself: None when the row is no longer what was read. The
        target now comes from the MT as it stands: its English pivot becomes the target's."""
        values: dict[str, Any] = {"target": target, "status": status, "updated_at": utcnow()}
        who = self._who(reviewer)
        if who is not None:
            values["reviewer"] = who
        if current is None:
            new = upsert(conn.dialect.name, T).values(
                article_id=aid,
                segment_id=segment_id,
                lang=lang,
                version=1,
                edit_seconds=edit_seconds,
                **values,
            )
            return _returned(conn, new.on_conflict_do_nothing())
        change = (
            update(T)
            .where(_key(aid, segment_id, lang), T.c.version == current.version)
            .values(
                version=T.c.version + 1,
                edit_seconds=T.c.edit_seconds + edit_seconds,
                target_pivot=T.c.mt_pivot,
                **values,
            )
        )
        return _returned(conn, change)

    def _write_target(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        decide: Decide,
        expected_version: int | None,
        reviewer: str | None,
        action: str,
        edit_seconds: float = 0.0,
    ) -> Translation:
        aid = self._aid(slug)
        with self._write() as conn:
            return self._apply_target(
                conn,
                aid,
                slug,
                segment_id,
                lang,
                decide=decide,
                expected_version=expected_version,
                reviewer=reviewer,
                action=action,
                edit_seconds=edit_seconds,
            )

    def write_targets(
        self,
        slug: str,
        lang: str,
        writes: Sequence[TargetWrite],
        *,
        reviewer: str | None = None,
        action: str = "import-po",
    ) -> list[Translation | ConflictError]:
        """Many targets in one transaction (a PO import): each write is checked against the
        version it read; a conflicting one is returned as its ConflictError, not written,
        and the others still are. ``edited`` becomes ``machine`` when the text equals the MT."""
        aid = self._aid(slug)
        results: dict[int, Translation | ConflictError] = {}
        order = sorted(range(len(writes)), key=lambda i: writes[i].segment_id)  # lock order
        with self._write() as conn:
            for i in order:
                w = writes[i]
                try:
                    results[i] = self._apply_target(
                        conn,
                        aid,
                        slug,
                        w.segment_id,
                        lang,
                        decide=_batch_decision(w),
                        expected_version=w.expected_version,
                        reviewer=reviewer,
                        action=action,
                    )
                except ConflictError as error:
                    results[i] = error
        return [results[i] for i in range(len(writes))]


def _batch_decision(w: TargetWrite) -> Decide:
    def decide(current: Translation | None) -> tuple[str, str]:
        if w.status == "edited" and current is not None and current.mt == w.target:
            return w.target, "machine"
        return w.target, w.status

    return decide
