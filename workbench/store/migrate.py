"""Bring a database to the schema this workbench knows, with Alembic, in one transaction.

Opening a store checks the revision with one cheap query and imports Alembic only when there
is something to do. A database made before Alembic (SQLite ``PRAGMA user_version`` 1 or 2) is
first brought to schema v2 by its old step and stamped at revision 0001, so its data stays as
it is. A revision this workbench does not know means a newer workbench wrote it: refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import NotFoundError, StoreDamagedError, WorkbenchError
from workbench.store.schema import HEAD_REVISION, SQLITE_USER_VERSION

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from workbench.store.backend import Backend

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
#: The one step of the pre-Alembic store that schema v2 needs on a v1 file.
_LEGACY_V1_TO_V2 = "ALTER TABLE translation ADD COLUMN matches TEXT NOT NULL DEFAULT '[]'"


def current_revision(backend: Backend, conn: Connection) -> str | None:
    if not backend.has_table(conn, "alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def known_revisions() -> frozenset[str]:
    """The revision ids shipped here (file names start with them), without Alembic."""
    return frozenset(p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("*.py"))


def _check_known(backend: Backend, conn: Connection, revision: str | None) -> None:
    legacy = backend.legacy_version(conn)
    if legacy > SQLITE_USER_VERSION or (revision is not None and revision not in known_revisions()):
        found = f"revision {revision}" if revision else f"schema {legacy}"
        raise WorkbenchError(
            f"the workspace {backend.location.shown} was written by a newer workbench ({found}, "
            f"this one knows up to {HEAD_REVISION}): upgrade workbench"
        )


def needs_upgrade(backend: Backend, conn: Connection) -> bool:
    """Whether the schema is behind this workbench's (raises for a newer or foreign one)."""
    revision = current_revision(backend, conn)
    _check_known(backend, conn, revision)
    return revision != HEAD_REVISION


def upgrade(backend: Backend, conn: Connection, *, create: bool) -> str | None:
    """Run the missing revisions inside the caller's write transaction; returns the new
    revision, None when there was nothing to do.
    Without ``create``, a database without any workbench table is refused, not filled."""
    backend.lock_for_migration(conn)
    revision = current_revision(backend, conn)  # again, under the lock
    _check_known(backend, conn, revision)
    if revision == HEAD_REVISION:
        return None
    legacy = backend.legacy_version(conn)
    has_tables = backend.has_table(conn, "article")
    if revision is None and not has_tables:
        if legacy:
            raise StoreDamagedError(
                f"{backend.location.shown} says schema {legacy} but holds no workbench table: "
                "restore it from a backup"
            )
        if not create:
            raise NotFoundError(
                f"no workspace in {backend.location.shown}: import an article first "
                "(`workbench import FILE`)"
            )
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if revision is None and has_tables:
        _adopt_legacy(backend, conn, legacy, ScriptDirectory.from_config(config))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")
    after = current_revision(backend, conn)
    if after != HEAD_REVISION:  # a bug: HEAD_REVISION and the versions folder disagree
        raise RuntimeError(f"migrated to {after}, expected {HEAD_REVISION}")
    return after


def _adopt_legacy(backend: Backend, conn: Connection, legacy: int, script: object) -> None:
    """A pre-Alembic file: finish its own v1 -> v2 step, then mark it as revision 0001."""
    from alembic.runtime.migration import MigrationContext

    if legacy not in (1, SQLITE_USER_VERSION):
        raise StoreDamagedError(
            f"{backend.location.shown} holds workbench tables but no schema version "
            f"({legacy}): restore it from a backup"
        )
    if legacy == 1:
        conn.exec_driver_sql(_LEGACY_V1_TO_V2)
        conn.exec_driver_sql(f"PRAGMA user_version = {SQLITE_USER_VERSION}")
    MigrationContext.configure(conn).stamp(script, "0001")  # type: ignore[arg-type]
