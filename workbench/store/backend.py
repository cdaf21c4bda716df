"""The engine interface: what differs between SQLite and PostgreSQL, and nothing else.

The shape of harlequin's ``adapter.py``: the store (``store.py`` and its parts) is written
once against SQLAlchemy Core and calls a :class:`Backend` for the few things an engine does
its own way: connecting, starting a write, reading its error codes, telling a reader that
another process committed, checking its own integrity. ``sqlite.py`` and ``postgres.py``
implement it; :func:`backend_for` picks one from a resolved :class:`Location`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from workbench.errors import WorkbenchError
    from workbench.store.location import Location

#: Seconds a writer waits for another writer's lock before giving up with one line
#: (SQLite's busy timeout, PostgreSQL's lock_timeout).
BUSY_TIMEOUT_S = 15.0


class Backend(ABC):
    """One database engine behind the store."""

    name: ClassVar[str]

    def __init__(self, location: Location, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.location = location
        self.busy_timeout_s = busy_timeout_s

    @abstractmethod
    def create_engine(self) -> Engine:
        """A SQLAlchemy engine whose connections are set up for the store."""

    @abstractmethod
    def exists(self) -> bool:
        """Whether the database is there at all (without creating anything)."""

    @abstractmethod
    def prepare(self, create: bool) -> None:
        """Make the place the database lives in (the folder of a SQLite file) when
        ``create``; raise a WorkbenchError when it cannot be."""

    def start_write(self, conn: Connection) -> None:  # noqa: B027 - optional step
        """Before a write's BEGIN (outside any transaction): what the engine needs for it."""

    def end_write(self, conn: Connection) -> None:  # noqa: B027 - optional step
        """After a write's COMMIT or ROLLBACK."""

    def before_migration(self, conn: Connection) -> None:  # noqa: B027 - optional step
        """Outside any transaction, before migrating: engine settings migrations rely on."""

    @abstractmethod
    def lock_for_migration(self, conn: Connection) -> None:
        """Inside the migration's transaction: keep other processes from migrating at once."""

    @abstractmethod
    def has_table(self, conn: Connection, name: str) -> bool:
        """Whether the schema holds ``name`` (cheap: no SQLAlchemy reflection)."""

    @abstractmethod
    def legacy_version(self, conn: Connection) -> int:
        """The schema version workbench wrote before Alembic (0 when none)."""

    @abstractmethod
    def describe(self, exc: BaseException) -> WorkbenchError | None:
        """The one-line error a driver exception means for the user; None for a bug."""

    @abstractmethod
    def change_token(self, conn: Connection) -> str:
        """An opaque mark of everything committed so far."""

    @abstractmethod
    def changes_since(self, conn: Connection, token: str) -> tuple[str, list[tuple[int, str, str]]]:
        """A new token and the (article id, segment id, lang) of every event committed
        since ``token``."""

    @abstractmethod
    def wait_for_change(self, engine: Engine, timeout: float) -> bool:
        """Block up to ``timeout`` seconds until another connection commits a change;
        False on timeout. May return True spuriously (the caller then finds no change)."""

    @abstractmethod
    def integrity_check(self, conn: Connection) -> str:
        """``ok``, or what is wrong with the database's own structures."""

    def discard_new(self) -> None:  # noqa: B027 - nothing to discard on a server
        """After a failed first open with ``create``: remove what it left half-made."""

    def close(self) -> None:  # noqa: B027 - engines without resources of their own
        """Release what the backend opened for itself (listening connections)."""


def backend_for(location: Location, busy_timeout_s: float | None = None) -> Backend:
    timeout = BUSY_TIMEOUT_S if busy_timeout_s is None else busy_timeout_s
    if location.engine == "postgresql":
        from workbench.store.postgres import PostgresBackend

        return PostgresBackend(location, timeout)
    from workbench.store.sqlite import SQLiteBackend

    return SQLiteBackend(location, timeout)
