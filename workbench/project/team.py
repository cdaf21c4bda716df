"""Use cases: a team's workspace database: who may do what (PostgreSQL roles: ``db grant``,
``db roles``; the server enforces them, revision 0005; on SQLite they are advisory and these
use cases say so in one line), and moving a workspace between databases (``db copy``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.store.copy import TableCopy
    from workbench.store.model import Member


@dataclass(frozen=True, slots=True)
class Granted:
    where: str  # the database, as shown to the user
    result: str  # created, granted or unknown (``none`` for a login that does not exist)

    @property
    def created(self) -> bool:
        return self.result == "created"


def grant_role(workspace: str | os.PathLike[str] | None, login: str, role: str) -> Granted:
    """Give ``login`` exactly ``role`` (translator, reviewer, admin; ``none`` takes them
    away), creating the login when it does not exist. Needs the admin role."""
    from workbench.store import open_store

    with open_store(workspace) as store:
        return Granted(store.location, store.grant_role(login, role))


def members(workspace: str | os.PathLike[str] | None) -> tuple[str, list[Member]]:
    """(the database as shown, every login with a workbench role)."""
    from workbench.store import open_store

    with open_store(workspace) as store:
        return store.location, store.members()


@dataclass(frozen=True, slots=True)
class CopyReport:
    source: str  # the databases, as shown to the user
    target: str
    tables: list[TableCopy]


def copy_database(workspace: str | os.PathLike[str] | None, to: str) -> CopyReport:
    """Copy the workspace's database into the new, empty database ``to`` (``db copy``):
    every table, ids as they are, proven equal (rows and SHA-256 per table) before the
    commit. A SQLite file this made is removed again when the copy fails."""
    from workbench.store import open_store, resolve

    where = resolve(workspace, to)
    made = where.path is not None and not where.path.exists()
    with open_store(workspace) as source:
        try:
            with open_store(workspace, create=True, db_url=to) as target:
                return CopyReport(source.location, target.location, source.copy_into(target))
        except BaseException:
            if made and where.path is not None:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    where.path.with_name(where.path.name + suffix).unlink(missing_ok=True)
            raise
