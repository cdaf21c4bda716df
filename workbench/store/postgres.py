"""The PostgreSQL engine: the team store on a server, through psycopg 3.

Transactions are READ COMMITTED; every write is a conditional ``UPDATE ... WHERE version =
:read RETURNING``, so concurrent writers of one row get a conflict, never a lost update, and
writers of different rows do not wait for each other. A writer waits at most the busy timeout
for a row another transaction holds (``lock_timeout``). Migrations take an advisory lock.

Change feed: each event row carries its transaction id (``txid``, migration 0002); a token is
a snapshot, and the changes since it are the events whose transaction that snapshot did not
see, whatever order concurrent writers drew ids in. A trigger sends ``NOTIFY
workbench_changes`` at each writing commit; :meth:`wait_for_change` blocks on ``LISTEN``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.errors import (
    InputError,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
    WorkbenchError,
)
from workbench.store.backend import Backend

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

CHANNEL = "workbench_changes"
#: pg_advisory_xact_lock key that serializes migrations ("wbmigr" in ASCII).
MIGRATION_LOCK = 0x77626D69677200


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


class PostgresBackend(Backend):
    name = "postgresql"

    _listener: Any = None
    _raw: Any = None

    def create_engine(self) -> Engine:
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise StoreUnavailableError(
                "the PostgreSQL driver is not installed: install workbench with the postgres "
                "extra (`pip install 'workbench[postgres]'`, or `uv sync --extra postgres`)"
            ) from exc
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        lock_ms = int(self.busy_timeout_s * 1000)
        return create_engine(
            self.location.url,
            poolclass=NullPool,
            isolation_level="AUTOCOMMIT",  # reads: one round trip each (see start_write)
            connect_args={
                "options": f"-c lock_timeout={lock_ms} -c TimeZone=UTC",
                "application_name": "workbench",
                "connect_timeout": 10,
            },
        )

    def exists(self) -> bool:
        return True  # known only by connecting: a missing database is a connection error

    def prepare(self, create: bool) -> None:
        if create:
            self.location.workspace.mkdir(parents=True, exist_ok=True)

    def start_write(self, conn: Connection) -> None:
        """Reads run in autocommit (READ COMMITTED gives each statement its own snapshot
        anyway, so a BEGIN and a COMMIT around them would only add round trips); a write is
        one READ COMMITTED transaction."""
        conn.execution_options(isolation_level="READ COMMITTED")

    def end_write(self, conn: Connection) -> None:
        if not conn.closed and not conn.invalidated:
            conn.execution_options(isolation_level="AUTOCOMMIT")

    def lock_for_migration(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")

    def has_table(self, conn: Connection, name: str) -> bool:
        found = conn.exec_driver_sql("SELECT to_regclass(%(name)s)", {"name": name}).scalar()
        return found is not None

    def legacy_version(self, conn: Connection) -> int:
        return 0

    def describe(self, exc: BaseException) -> WorkbenchError | None:
        import psycopg

        err = getattr(exc, "orig", exc)
        if not isinstance(err, psycopg.Error):
            return None
        state = err.sqlstate or ""
        where = self.location.shown
        detail = _first_line(err)
        if state == "53100" or state.startswith("53"):
            return StoreFullError(
                f"the database server of {where} is out of space or resources ({detail}): "
                "nothing was written; ask its administrator, then run the command again"
            )
        if state in ("25006", "42501") or state.startswith("28"):
            kind = StoreReadOnlyError if state == "25006" else StoreUnavailableError
            return kind(
                f"the database {where} refused this ({detail}): nothing was written; check the "
                "login and its rights with the database administrator"
            )
        if state in ("55P03", "57014"):
            return StoreLockedError(
                f"the database {where} is locked by another process for more than "
                f"{self.busy_timeout_s:.0f} s ({detail}): nothing was written; close it there "
                "and retry"
            )
        if state in ("40P01", "40001"):
            return StoreLockedError(
                f"this change collided with another writer on {where} ({detail}): nothing was "
                "written; run the command again"
            )
        if state == "3D000":
            return StoreUnavailableError(
                f"the database {where} does not exist ({detail}): create it (`createdb NAME`) "
                "or check --db / WORKBENCH_DB"
            )
        if state.startswith(("08", "57P")) or isinstance(err, psycopg.OperationalError):
            return StoreUnavailableError(
                f"cannot reach the database {where} ({detail}): check --db / WORKBENCH_DB and "
                "that the server runs"
            )
        return None

    # -- change feed -------------------------------------------------------------------------

    def _listen(self, engine: Engine) -> Any:
        """A connection of its own, in autocommit, listening before any token is taken so
        that no commit after the token goes unnoticed."""
        if self._listener is None:
            self._raw = engine.raw_connection()
            pg = self._raw.driver_connection
            pg.autocommit = True
            pg.execute(f"LISTEN {CHANNEL}")
            self._listener = pg
        return self._listener

    def change_token(self, conn: Connection) -> str:
        self._listen(conn.engine)
        snap = conn.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar()
        return f"pg:{snap}"

    def changes_since(self, conn: Connection, token: str) -> tuple[str, list[tuple[int, str, str]]]:
        kind, _, snap = token.partition(":")
        if kind != "pg" or not snap or any(ch not in "0123456789:," for ch in snap):
            raise InputError(f"{token!r} is not a change token of a PostgreSQL store")
        self._listen(conn.engine)
        self._drain()
        # One statement, one snapshot: the new token and the rows it sees agree.
        rows = conn.exec_driver_sql(
            "WITH s AS (SELECT CAST(%(snap)s AS pg_snapshot) AS old, pg_current_snapshot() AS now)"
            " SELECT s.now::text, e.id, e.article_id, e.segment_id, e.lang FROM s"
            " LEFT JOIN event e ON e.txid >= pg_snapshot_xmin(s.old)"
            " AND NOT pg_visible_in_snapshot(e.txid, s.old) ORDER BY e.id",
            {"snap": snap},
        ).all()
        new = f"pg:{rows[0][0]}"
        return new, [(int(r[2]), str(r[3]), str(r[4])) for r in rows if r[1] is not None]

    def _drain(self) -> None:
        if self._listener is not None:
            for _ in self._listener.notifies(timeout=0):
                pass

    def wait_for_change(self, engine: Engine, timeout: float) -> bool:
        listener = self._listen(engine)
        got = False
        for _ in listener.notifies(timeout=max(timeout, 0.0), stop_after=1):
            got = True
        return got

    def integrity_check(self, conn: Connection) -> str:
        orphans = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM translation t LEFT JOIN segment s"
            "  ON s.article_id = t.article_id AND s.id = t.segment_id WHERE s.id IS NULL)"
            " + (SELECT count(*) FROM event e LEFT JOIN article a ON a.id = e.article_id"
            "  WHERE a.id IS NULL)"
            " + (SELECT count(*) FROM translation WHERE version < 1)"
        ).scalar()
        return "ok" if not orphans else f"{orphans} rows break the store's invariants"

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
        self._raw = self._listener = None
