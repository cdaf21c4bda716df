"""Use cases: a team's workspace database: who may do what (PostgreSQL roles: ``db grant``,
``db roles``; the server enforces them, revision 0005; on SQLite they are advisory and these
use cases say so in one line)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
