"""What every part of the store shares: the open connection, its read and write
transactions, driver errors turned into one-line WorkbenchErrors, and rows turned into values.

A read runs in a short transaction of its own (SQLite ``BEGIN``, never waiting for writers); a
write in one ``BEGIN IMMEDIATE`` (SQLite) or READ COMMITTED (PostgreSQL) transaction that
commits or rolls back whole. Nothing of sqlite3, psycopg or SQLAlchemy's errors leaves the
store: :meth:`StoreBase._guard` turns them into the :class:`~workbench.errors.StoreError`
the backend says they mean (a bug still raises as itself).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select

from workbench.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkbenchError,
)
from workbench.store.model import Article, StoredSegment, Translation
from workbench.store.schema import article as A
from workbench.store.schema import event as E
from workbench.store.schema import segment as S
from workbench.store.schema import translation as T
from workbench.store.schema import utcnow

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Connection, Engine

    from workbench.store.backend import Backend

ARTICLE_COLS = (
    A.c.id,
    A.c.slug,
    A.c.title,
    A.c.source_lang,
    A.c.source_path,
    A.c.source_sha256,
    A.c.imported_at,
)
SEGMENT_COLS = (
    S.c.id,
    S.c.position,
    S.c.paragraph,
    func.coalesce(S.c.kind_override, S.c.kind),
    S.c.kind,
    S.c.chrome_reason,
    S.c.source,
    S.c.removed_at,
)
TRANSLATION_COLS = (
    T.c.segment_id,
    T.c.lang,
    T.c.mt,
    T.c.mt_model,
    T.c.pivot,
    T.c.alternatives,
    T.c.origin,
    T.c.target,
    T.c.status,
    T.c.version,
    T.c.reviewer,
    T.c.note,
    T.c.updated_at,
    T.c.edit_seconds,
    T.c.matches,
    T.c.mt_confidence,
    T.c.mt_notes,
    T.c.mt_pivot,
    T.c.target_pivot,
)


def to_segment(r: Sequence[Any]) -> StoredSegment:
    return StoredSegment(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] is not None)


def to_translation(r: Sequence[Any]) -> Translation | None:
    if r[0] is None:
        return None
    return Translation(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        tuple(json.loads(r[5])),
        r[6],
        r[7],
        r[8],
        r[9],
        r[10],
        r[11],
        r[12],
        float(r[13]),
        tuple(json.loads(r[14])),
        None if r[15] is None else float(r[15]),
        tuple(json.loads(r[16])),
        r[17],
        r[18],
    )


def dump_json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def load_json(value: str | None) -> dict[str, Any] | None:
    return None if value is None else json.loads(value)


def check_text(text: str, segment_id: str, lang: str) -> None:
    """Targets must be storable UTF-8 (a lone surrogate is not) and free of NUL."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"segment {segment_id} ({lang}): the text holds an invalid character "
            f"(U+{ord(text[exc.start]):04X}); remove it and save again"
        ) from exc
    if "\x00" in text:
        raise InputError(f"segment {segment_id} ({lang}): the text holds a NUL character")


def state(t: Translation | None) -> dict[str, Any]:
    if t is None:
        return {"target": "", "status": "pending"}
    return {"target": t.target, "status": t.status}


def conflict(
    segment_id: str, lang: str, expected: int, current: Translation | None, what: str = ""
) -> ConflictError:
    version = current.version if current else 0
    return ConflictError(
        f"{what}segment {segment_id} ({lang}) was changed by "
        f"{(current.reviewer if current else None) or 'another writer'} since you "
        f"read it (version {expected}, now {version}): compare both versions and save again",
        current_version=version,
        current_target=current.target if current else "",
    )


class StoreBase:
    """An open store: one connection, used from one thread at a time."""

    def __init__(self, backend: Backend, engine: Engine, conn: Connection) -> None:
        self.backend = backend
        self.engine = engine
        self.conn = conn
        location = backend.location
        #: ``sqlite`` or ``postgresql``
        self.engine_name = backend.name
        #: the database as it may be printed (a file path, or a URL without its password)
        self.location = location.shown
        #: the folder of the files kept beside the database (glossary, UI state)
        self.workspace: Path = location.workspace
        #: the SQLite file; None on a server
        self.path: Path | None = location.path
        #: the database login (PostgreSQL; None on SQLite): the reviewer of every write
        self.login: str | None = None
        #: the login's workbench role on PostgreSQL (admin, reviewer, translator or none);
        #: None on SQLite, where roles are advisory
        self.role: str | None = None
        self._article_ids: dict[str, int] = {}

    # -- identity ----------------------------------------------------------------------------

    def _identify(self) -> None:
        """Ask the engine who this connection is (after the schema is up to date)."""
        with self._read() as conn:
            self.login, self.role = self.backend.identify(conn)

    def _who(self, reviewer: str | None) -> str | None:
        """The reviewer a write records: the login on PostgreSQL, else the name given."""
        return self.login if self.login is not None else reviewer

    def reviewer_for(self, requested: str | None) -> str | None:
        """The reviewer this store records for a user who asked for ``requested``."""
        return self._who(requested)

    @property
    def may_approve(self) -> bool:
        """Whether the login may approve (always on SQLite: roles are advisory there)."""
        return self.role is None or self.role in ("reviewer", "admin")

    def _refuse_approval(self, what: str) -> PermissionDeniedError:
        from workbench.store.roles import approve_refused

        return PermissionDeniedError(approve_refused(self.login, self.role, self.location, what))

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        try:
            with self._guard():
                self.conn.close()
        finally:
            self.backend.close()
            self.engine.dispose()

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Driver errors become the StoreError they mean (read-only, full, locked ...)."""
        try:
            yield
        except WorkbenchError:
            raise
        except Exception as exc:  # SQLAlchemy's DBAPIError, or the driver's own error
            error = self.backend.describe(exc)
            if error is None:
                raise
            raise error from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A read transaction; inside a write, the write's own."""
        conn = self.conn
        if conn.in_transaction():
            yield conn
            return
        with self._guard(), conn.begin():
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction: all of it commits, or none of it."""
        conn = self.conn
        if conn.in_transaction():
            raise RuntimeError("a store write inside another one")
        with self._guard():
            conn.info["write"] = True
            self.backend.start_write(conn)
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info["write"] = False
                self.backend.end_write(conn)
            self.backend.after_commit(conn)

    # -- shared reads ------------------------------------------------------------------------

    def articles(self) -> list[Article]:
        with self._read() as conn:
            rows = conn.execute(select(*ARTICLE_COLS).order_by(A.c.slug)).all()
        return [Article(*r) for r in rows]

    def article(self, slug: str) -> Article:
        with self._read() as conn:
            row = conn.execute(select(*ARTICLE_COLS).where(A.c.slug == slug)).first()
        if row is None:
            known = ", ".join(a.slug for a in self.articles()) or "none yet"
            raise NotFoundError(
                f"no article {slug!r} in {self.location} (articles: {known}): "
                "import it with `workbench import FILE --slug SLUG`"
            )
        return Article(*row)

    def _aid(self, slug: str) -> int:
        aid = self._article_ids.get(slug)
        if aid is None:
            aid = self.article(slug).id
            self._article_ids[slug] = aid
        return aid

    def _event(
        self,
        conn: Connection,
        aid: int,
        segment_id: str,
        lang: str,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        reviewer: str | None,
    ) -> None:
        self._events(conn, aid, [(segment_id, lang, action, before, after, reviewer)])

    def _events(
        self,
        conn: Connection,
        aid: int,
        rows: Sequence[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None, Any]],
    ) -> None:
        """Log changes in the write's transaction, stamped with the server's clock."""
        if not rows:
            return
        conn.execute(
            insert(E).values(at=utcnow()),
            [
                {
                    "article_id": aid,
                    "segment_id": sid,
                    "lang": lang,
                    "action": action,
                    "before": dump_json(before),
                    "after": dump_json(after),
                    "reviewer": self._who(reviewer),
                }
                for sid, lang, action, before, after, reviewer in rows
            ],
        )

    def _translation_in(
        self, conn: Connection, aid: int, segment_id: str, lang: str, *, lock: bool = False
    ) -> Translation | None:
        """One translation; ``lock`` (in a write) holds its row until the commit on
        PostgreSQL, so what is read there decides the write (SQLite's write lock already
        covers the whole file)."""
        plain = select(*TRANSLATION_COLS).where(
            T.c.article_id == aid, T.c.segment_id == segment_id, T.c.lang == lang
        )
        row = conn.execute(plain.with_for_update() if lock else plain).first()
        if row is None and lock and not self.may_approve:
            # Row security hides an approved row from a translator's FOR UPDATE: say why.
            seen = conn.execute(plain).first()
            if seen is not None and seen[8] == "approved":
                raise self._refuse_approval(f"changing approved segment {segment_id} ({lang})")
        return None if row is None else to_translation(row)
