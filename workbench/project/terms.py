"""Use cases: the workspace glossary — list it, replace it from a CSV/TBX file, export it.

The glossary lives in the workspace's store (shared by the team on PostgreSQL). Importing
replaces it in one transaction, so a file that holds no terms is refused and the glossary is
left as it is: it is never replaced with nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from workbench.glossary import Glossary

#: File suffixes read and written as TBX; anything else is CSV.
TBX_SUFFIXES = (".tbx", ".xml")


@dataclass(frozen=True, slots=True)
class WorkspaceGlossary:
    where: str  # the workspace's database, as shown to the user
    glossary: Glossary


@dataclass(frozen=True, slots=True)
class GlossaryImport:
    source: Path
    target: str  # the workspace's database, as shown to the user
    terms: int


def is_tbx(path: Path) -> bool:
    return path.suffix.lower() in TBX_SUFFIXES


def glossary_of(workspace: str | os.PathLike[str] | None) -> WorkspaceGlossary:
    """The workspace's glossary (empty when it has none, or has no database yet)."""
    from workbench.glossary import Glossary, workspace_glossary
    from workbench.store import open_store, resolve

    try:
        with open_store(workspace) as store:
            return WorkspaceGlossary(store.location, workspace_glossary(store))
    except NotFoundError:
        return WorkspaceGlossary(resolve(workspace).shown, Glossary())


def import_glossary(
    workspace: str | os.PathLike[str] | None, source: str | os.PathLike[str]
) -> GlossaryImport:
    """Replace the workspace glossary with the terms of a CSV or TBX file (see the module
    docstring); the file is validated completely before anything is written."""
    from workbench.glossary import read_csv, read_tbx
    from workbench.store import open_store

    path = Path(source)
    terms = read_tbx(path) if is_tbx(path) else read_csv(path)
    if not terms.terms:
        raise InputError(
            f"{path} holds no terms, so the workspace glossary was left as it is: "
            "add terms to the file and import it again"
        )
    with open_store(workspace, create=True) as store:
        count = store.replace_glossary(terms.terms)
        return GlossaryImport(path, store.location, count)


def export_glossary(
    workspace: str | os.PathLike[str] | None, target: str | os.PathLike[str]
) -> int:
    """Write the workspace glossary as CSV or TBX (by the file's suffix); the term count."""
    from workbench.glossary import write_csv, write_tbx

    path = Path(target)
    current = glossary_of(workspace).glossary
    (write_tbx if is_tbx(path) else write_csv)(current, path)
    return len(current.terms)
