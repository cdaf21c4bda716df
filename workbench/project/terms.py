"""Use cases: the workspace glossary — list it, replace it from a CSV/TBX file, export it.

Importing replaces the workspace's ``glossary.csv``, so a file that holds no terms is refused
and the glossary is left as it is: it is never replaced with nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench import settings
from workbench.errors import InputError

if TYPE_CHECKING:
    from workbench.glossary import Glossary

#: File suffixes read and written as TBX; anything else is CSV.
TBX_SUFFIXES = (".tbx", ".xml")


@dataclass(frozen=True, slots=True)
class WorkspaceGlossary:
    folder: Path  # the workspace folder
    path: Path  # its glossary.csv (may not exist)
    glossary: Glossary


@dataclass(frozen=True, slots=True)
class GlossaryImport:
    source: Path
    target: Path  # the workspace's glossary.csv, replaced
    terms: int


def is_tbx(path: Path) -> bool:
    return path.suffix.lower() in TBX_SUFFIXES


def glossary_of(workspace: str | os.PathLike[str] | None) -> WorkspaceGlossary:
    """The workspace's glossary (empty when it has none)."""
    from workbench.glossary import load_workspace_glossary

    paths = settings.load().workspace(workspace)
    return WorkspaceGlossary(paths.folder, paths.glossary, load_workspace_glossary(paths.folder))


def import_glossary(
    workspace: str | os.PathLike[str] | None, source: str | os.PathLike[str]
) -> GlossaryImport:
    """Replace the workspace glossary with the terms of a CSV or TBX file (see the module
    docstring); the file is validated completely before anything is written."""
    from workbench.glossary import read_csv, read_tbx, write_csv

    path = Path(source)
    terms = read_tbx(path) if is_tbx(path) else read_csv(path)
    if not terms.terms:
        raise InputError(
            f"{path} holds no terms, so the workspace glossary was left as it is: "
            "add terms to the file and import it again"
        )
    paths = settings.load().workspace(workspace)
    paths.folder.mkdir(parents=True, exist_ok=True)
    write_csv(terms, paths.glossary)
    return GlossaryImport(path, paths.glossary, len(terms.terms))


def export_glossary(
    workspace: str | os.PathLike[str] | None, target: str | os.PathLike[str]
) -> int:
    """Write the workspace glossary as CSV or TBX (by the file's suffix); the term count."""
    from workbench.glossary import write_csv, write_tbx

    path = Path(target)
    current = glossary_of(workspace).glossary
    (write_tbx if is_tbx(path) else write_csv)(current, path)
    return len(current.terms)
