"""The project store: articles, segments, translations and the event log, on SQLite (one file
per workspace, the zero-set-up default) or PostgreSQL (a team on many machines).

Translation status flows ``pending -> machine -> edited -> approved``. Every write bumps
``version``; writers pass the version they read and get a
:class:`~workbench.errors.ConflictError` when another writer came first. Every change is
recorded in ``event`` (before/after as JSON), which also drives per-segment undo and redo
across restarts and the change feed (:meth:`Store.changes_since`). Every user action is one
transaction: a crash loses at most what was not yet handed to the store.

Layout: ``model`` (values), ``location`` (where the database is), ``schema`` (tables),
``migrate`` + ``migrations/`` (Alembic), ``backend`` (the engine interface) with ``sqlite``
and ``postgres``, and the store itself in ``base``, ``articles``, ``writes``, ``edits``,
``reports``, ``calibrations``, ``store`` (behind ``interface.Store``). All SQL of the project
lives here.

Importing this package is cheap: SQLAlchemy loads with the first :func:`open_store`.
"""

from __future__ import annotations

import os

from workbench.store.backend import BUSY_TIMEOUT_S
from workbench.store.interface import Store
from workbench.store.location import (
    DB_ENV,
    DB_NAME,
    DEFAULT_DIR,
    SLUG_RE,
    Location,
    check_slug,
    database_path,
    resolve,
    slugify,
    workspace_dir,
)
from workbench.store.model import (
    KINDS,
    STATUSES,
    UNDOABLE,
    Article,
    ArticleStatus,
    CalibrationSample,
    Change,
    Event,
    ImportReport,
    MTWrite,
    Row,
    StoredSegment,
    TargetWrite,
    Translation,
    now,
)

__all__ = [
    "BUSY_TIMEOUT_S",
    "DB_ENV",
    "DB_NAME",
    "DEFAULT_DIR",
    "KINDS",
    "SLUG_RE",
    "STATUSES",
    "UNDOABLE",
    "Article",
    "ArticleStatus",
    "CalibrationSample",
    "Change",
    "Event",
    "ImportReport",
    "Location",
    "MTWrite",
    "Row",
    "Store",
    "StoredSegment",
    "TargetWrite",
    "Translation",
    "check_slug",
    "database_path",
    "now",
    "open_store",
    "resolve",
    "slugify",
    "upgrade_database",
    "workspace_dir",
]


def open_store(
    workspace: str | os.PathLike[str] | None = None,
    *,
    create: bool = False,
    db_url: str | None = None,
    upgrade: bool = True,
) -> Store:
    """Open the workspace's database: ``db_url`` (``--db``), else ``$WORKBENCH_DB``, else
    ``<workspace>/workbench.db`` (SQLite). ``create`` makes the folder and the schema when
    missing; without it a missing workspace is a NotFoundError (read commands write
    nothing). A schema behind this workbench's is migrated unless ``upgrade=False`` (then
    it is a WorkbenchError that points at ``workbench db upgrade``)."""
    from workbench.store.store import open_sql_store

    return open_sql_store(workspace, create=create, db_url=db_url, upgrade=upgrade)


def upgrade_database(
    workspace: str | os.PathLike[str] | None = None, *, db_url: str | None = None
) -> tuple[str | None, str]:
    """Run the migrations the database misses (``workbench db upgrade``); returns the
    revision it was at (None: made before Alembic) and the one it is at now."""
    from workbench.store.store import upgrade_database as upgrade

    return upgrade(workspace, db_url=db_url)
