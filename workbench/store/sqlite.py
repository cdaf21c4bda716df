"""The SQLite engine: one file per workspace, WAL, foreign keys, one writer at a time.

Writes take ``BEGIN IMMEDIATE`` so writers queue on the busy timeout instead of failing
half-way with "database is locked"; reads take a plain ``BEGIN`` and never wait. Event ids
are given under the write lock, so they are in commit order: a reader's change token is the
highest event id it has seen, and ``PRAGMA data_version`` (on a connection of its own) tells
it cheaply that another connection committed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from workbench.errors import (
    InputError,
    NotFoundError,
    StoreDamagedError,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
    WorkbenchError,
)
from workbench.store.backend import Backend
from workbench.store.location import DB_NAME

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: How often wait_for_change looks at PRAGMA data_version.
POLL_S = 0.05


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    orig = getattr(exc, "orig", exc)
    return orig if isinstance(orig, sqlite3.Error) else None


class SQLiteBackend(Backend):
    name = "sqlite"

    _feed: sqlite3.Connection | None = None
    _feed_version: int = 0

    @property
    def path(self) -> Any:
        return self.location.path

    def create_engine(self) -> Engine:
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import NullPool

        engine = create_engine(
            self._url(), poolclass=NullPool, connect_args={"timeout": self.busy_timeout_s}
        )
        busy_ms = int(self.busy_timeout_s * 1000)

        @event.listens_for(engine, "connect")
        def _setup(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            dbapi_conn.isolation_level = None  # the store emits BEGIN itself (below)
            dbapi_conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
            dbapi_conn.execute("PRAGMA foreign_keys = ON")

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

        return engine

    def _url(self) -> str:
        """The file's URL; on a read-only file system, a read-only one that still reads (a
        WAL database otherwise needs to create its -shm file beside it, and fails)."""
        path = self.path
        folder = path.parent
        try:
            read_only_fs = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        except OSError:
            return self.location.url
        if not path.exists() or (not read_only_fs and os.access(folder, os.W_OK)):
            return self.location.url
        wal = path.with_name(path.name + "-wal")
        # Nobody can write on a read-only mount: read the file as it is (immutable), unless
        # a WAL left there holds commits, which only a WAL-aware read-only open sees.
        immutable = read_only_fs and not (wal.exists() and wal.stat().st_size > 0)
        options = "mode=ro&immutable=1" if immutable else "mode=ro"
        return f"sqlite:///file:{quote(str(path.absolute()))}?{options}&uri=true"

    def exists(self) -> bool:
        return bool(self.path.exists())

    def prepare(self, create: bool) -> None:
        path = self.path
        folder = self.location.workspace
        if not path.exists():
            if not create:
                if path == folder / DB_NAME:
                    raise NotFoundError(
                        f"no workspace at {folder}: import an article first "
                        "(`workbench import FILE`), or point --workspace / WORKBENCH_HOME at one"
                    )
                raise NotFoundError(
                    f"no workspace database {path}: import an article first, or check --db"
                )
            parent = path.parent
            if parent.exists() and not parent.is_dir():
                raise InputError(f"workspace {parent} is a file, not a folder: choose another path")
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"cannot create workspace {parent}: {exc.strerror}") from exc
        elif path.is_file() and path.stat().st_size == 0:
            raise StoreDamagedError(
                f"the workspace database {path} is empty (0 bytes), not a workbench database: "
                "it was cut short (a full disk, an interrupted copy?); restore it from a "
                "backup, or delete it to start a new workspace"
            )

    def before_migration(self, conn: Connection) -> None:
        """WAL is a property of the file, set outside any transaction (so on the driver's
        connection, in autocommit) before the schema is made or changed."""
        raw = conn.connection.driver_connection
        assert raw is not None  # an open connection always has its driver's
        if raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            raw.execute("PRAGMA journal_mode = WAL")

    def lock_for_migration(self, conn: Connection) -> None:
        return None  # BEGIN IMMEDIATE already holds the only write lock

    def has_table(self, conn: Connection, name: str) -> bool:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return conn.exec_driver_sql(sql, (name,)).first() is not None

    def legacy_version(self, conn: Connection) -> int:
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)

    def describe(self, exc: BaseException) -> WorkbenchError | None:
        err = _sqlite_error(exc)
        if err is None:
            return None
        code = (getattr(err, "sqlite_errorcode", 0) or 0) & 0xFF
        where = self.location.shown
        detail = str(err)
        if code == sqlite3.SQLITE_FULL:
            return StoreFullError(
                f"the disk holding the workspace database {where} is full ({detail}): "
                "nothing was written; free some space and run the command again"
            )
        if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
            return StoreReadOnlyError(
                f"the workspace database {where} is read-only ({detail}): nothing was written; "
                "make the file and its folder writable (permissions, `lsattr` for the "
                "immutable flag, a read-only mount) and run the command again"
            )
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return StoreLockedError(
                f"the workspace {where} is locked by another process for more than "
                f"{self.busy_timeout_s:.0f} s: close it there and retry"
            )
        if code == sqlite3.SQLITE_NOTADB:
            return StoreDamagedError(
                f"{where} is not a workbench database ({detail}): point --workspace (or --db) "
                "at another folder"
            )
        if code == sqlite3.SQLITE_CORRUPT:
            return StoreDamagedError(
                f"the workspace database {where} is damaged ({detail}): restore it from a "
                f"backup, or salvage it with `sqlite3 {where} .recover`"
            )
        if code == sqlite3.SQLITE_CANTOPEN:
            return StoreUnavailableError(
                f"cannot open the workspace database {where} ({detail}): check that its folder "
                "exists and that you may read and write it"
            )
        if code == sqlite3.SQLITE_IOERR and self._disk_full():
            return StoreFullError(
                f"the disk holding the workspace database {where} is full ({detail}): "
                "nothing was written; free some space and run the command again"
            )
        if code == sqlite3.SQLITE_IOERR:
            return StoreUnavailableError(
                f"cannot read or write the workspace database {where} ({detail}): check the "
                "disk; nothing was written"
            )
        return None

    def _disk_full(self) -> bool:
        """SQLite reports a full disk met while growing its -shm or -wal file as an I/O
        error: look at the disk."""
        try:
            stat = os.statvfs(self.path.parent)
        except OSError:
            return False
        return stat.f_bavail * stat.f_frsize < 64 * 1024

    def discard_new(self) -> None:
        """Remove the empty file a failed first open created (a full disk): left there, it
        would be refused next time as a database cut short."""
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                if part.stat().st_size == 0:
                    part.unlink()

    # -- change feed -------------------------------------------------------------------------

    def _feed_conn(self) -> sqlite3.Connection:
        if self._feed is None:
            self._feed = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._feed_version = self._data_version()
        return self._feed

    def _data_version(self) -> int:
        assert self._feed is not None
        return int(self._feed.execute("PRAGMA data_version").fetchone()[0])

    def change_token(self, conn: Connection) -> str:
        self._feed_conn()
        self._feed_version = self._data_version()
        last = conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM event").scalar()
        return f"sqlite:{int(last or 0)}"

    def changes_since(self, conn: Connection, token: str) -> tuple[str, list[tuple[int, str, str]]]:
        last = _parse_token(token)
        self._feed_conn()
        self._feed_version = self._data_version()
        rows = conn.exec_driver_sql(
            "SELECT id, article_id, segment_id, lang FROM event WHERE id > ? ORDER BY id", (last,)
        ).all()
        top = max((int(r[0]) for r in rows), default=last)
        return f"sqlite:{top}", [(int(r[1]), str(r[2]), str(r[3])) for r in rows]

    def wait_for_change(self, engine: Engine, timeout: float) -> bool:
        self._feed_conn()
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            if self._data_version() != self._feed_version:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(POLL_S, left))

    def integrity_check(self, conn: Connection) -> str:
        return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
            self._feed = None


def _parse_token(token: str) -> int:
    kind, _, value = token.partition(":")
    if kind != "sqlite" or not value.isdigit():
        raise InputError(f"{token!r} is not a change token of a SQLite store")
    return int(value)
