"""The store implemented once with SQLAlchemy Core (:class:`SQLStore`), and
:func:`open_sql_store`, which connects it to the engine a location names and brings the
schema up to date. Callers use :func:`workbench.store.open_store` and the
:class:`~workbench.store.interface.Store` interface."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from workbench.errors import WorkbenchError
from workbench.store import migrate
from workbench.store.articles import ArticlesMixin
from workbench.store.backend import Backend, backend_for
from workbench.store.calibrations import CalibrationsMixin
from workbench.store.edits import EditsMixin
from workbench.store.interface import Store
from workbench.store.location import resolve
from workbench.store.reports import ReportsMixin

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine


class SQLStore(ArticlesMixin, EditsMixin, ReportsMixin, CalibrationsMixin, Store):
    """An open workspace database (SQLite or PostgreSQL) on one connection."""

    def __enter__(self) -> SQLStore:
        return self

    def upgrade(self) -> str | None:
        """Run the migrations this database misses; the new revision, None if none ran."""
        return self._upgrade(create=False)

    def _upgrade(self, create: bool) -> str | None:
        with self._guard():
            self.backend.before_migration(self.conn)
        with self._write() as conn:
            return migrate.upgrade(self.backend, conn, create=create)


def _connect(backend: Backend) -> tuple[Engine, Connection]:
    engine = backend.create_engine()
    try:
        return engine, engine.connect()
    except DBAPIError as exc:
        engine.dispose()
        error = backend.describe(exc)
        if error is None:
            raise
        raise error from exc


def open_sql_store(
    workspace: str | os.PathLike[str] | None = None,
    *,
    create: bool = False,
    db_url: str | None = None,
    upgrade: bool = True,
) -> SQLStore:
    """Open the workspace's database: ``db_url`` (``--db``), else ``$WORKBENCH_DB``, else
    ``<workspace>/workbench.db``. ``create`` makes the folder and the schema when missing;
    without it a missing workspace is a NotFoundError (read commands write nothing).
    ``upgrade=False`` refuses an older schema instead (``workbench db upgrade`` runs it)."""
    backend = backend_for(resolve(workspace, db_url))
    fresh = create and not backend.exists()
    backend.prepare(create)
    try:
        engine, conn = _connect(backend)
    except BaseException:
        if fresh:
            backend.discard_new()
        raise
    store = SQLStore(backend, engine, conn)
    try:
        with store._read() as reading:
            behind = migrate.needs_upgrade(backend, reading)
        if behind and not upgrade:
            raise WorkbenchError(
                f"the workspace {store.location} uses an older schema: run `workbench db upgrade`"
            )
        if behind:
            store._upgrade(create)
    except BaseException:
        store.close()
        if fresh:
            backend.discard_new()
        raise
    return store


def upgrade_database(
    workspace: str | os.PathLike[str] | None = None, *, db_url: str | None = None
) -> tuple[str | None, str]:
    """``workbench db upgrade``: run the migrations a database misses. Returns the revision
    it was at (None: made before Alembic) and the one it is at now."""
    backend = backend_for(resolve(workspace, db_url))
    backend.prepare(False)
    engine, conn = _connect(backend)
    store = SQLStore(backend, engine, conn)
    try:
        with store._read() as reading:
            before = migrate.current_revision(backend, reading)
        after = store._upgrade(create=False) or before
    finally:
        store.close()
    return before, str(after)
