"""The one-time move of a workspace's files into the database (revision 0004's tables).

Before revision 0004 the glossary (``glossary.csv``), the memory imported from TMX files
(``tm-imported.json``) and the review positions (``ui-state.json``) were files beside the
database. The first open that finds one moves it: its content goes into the store in one
transaction, then the file is renamed ``<name>.migrated`` (kept as a backup, never read
again). Every step can run twice (a crash between the commit and the rename, two processes
at once) without adding anything twice. What happened is told through a
:class:`~workbench.store.model.StoreNotice` warning, which the CLI prints as one line.

A file that cannot be moved now stays where it is and is tried again at the next open: a
damaged glossary or memory (the notice says what is wrong), a read-only folder, or, on
PostgreSQL, a login that may not change the glossary or the memory (an admin's next command
moves them).
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import settings
from workbench.errors import InputError, PermissionDeniedError
from workbench.store.model import StoreNotice

if TYPE_CHECKING:
    from workbench.store.store import SQLStore

SUFFIX = ".migrated"
#: A review-state file bigger than this is not ours (one short entry per article).
MAX_STATE_BYTES = 1 << 20


def _names() -> tuple[str, str, str]:
    from workbench.tm_imported import FILE_NAME

    return settings.GLOSSARY_FILE, FILE_NAME, settings.UI_STATE_FILE


def notice(text: str) -> None:
    warnings.warn(StoreNotice(text), stacklevel=3)


def move_workspace_files(store: SQLStore) -> None:
    """Move whichever of the three files the workspace still has into the store."""
    folder = store.workspace
    glossary, memory, ui_state = (folder / name for name in _names())
    present = [p for p in (glossary, memory, ui_state) if p.is_file()]
    if not present:
        return  # the usual case: three stat calls
    if not os.access(folder, os.W_OK):
        names = ", ".join(p.name for p in present)
        notice(f"{names} in {folder} not moved into the database: the folder is read-only")
        return
    for path, move in ((glossary, _glossary), (memory, _memory), (ui_state, _ui_state)):
        if path in present:
            try:
                move(store, path)
            except PermissionDeniedError as exc:
                notice(f"{path} not moved into the database yet: {exc}")


def _backup(path: Path) -> Path | None:
    """Rename ``path`` to ``<name>.migrated`` (``.migrated.1`` ... when taken); None when
    another process moved it first."""
    target = path.with_name(path.name + SUFFIX)
    number = 0
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}{SUFFIX}.{number}")
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


def _glossary(store: SQLStore, path: Path) -> None:
    from workbench.glossary import read_csv

    try:
        terms = read_csv(path).terms
    except InputError as exc:
        notice(
            f"{path} not moved into the database: {exc}; fix it (it is tried again at the "
            "next command) or import a glossary with `workbench glossary import FILE`"
        )
        return
    current = store.glossary_terms()
    if current and set(current) != set(terms):
        kept = _backup(path)
        notice(
            f"the database already holds a glossary ({len(current)} terms): {path.name} was "
            f"not merged into it and is kept as {kept}; `workbench glossary import` it to "
            "replace the database's"
        )
        return
    if not current:
        store.replace_glossary(terms)
    kept = _backup(path)
    notice(f"moved the glossary ({len(terms)} terms) into the database; {path.name} kept as {kept}")


def _memory(store: SQLStore, path: Path) -> None:
    from workbench.tm_imported import load

    try:
        pairs = load(path.parent)
    except InputError as exc:
        notice(f"{path} not moved into the database: {exc}")
        return
    done = store.add_imported_pairs(pairs)
    kept = _backup(path)
    notice(
        f"moved {len(pairs)} imported translation-memory pairs into the database "
        f"({done.duplicates} already there); {path.name} is kept as {kept}"
    )


def _read_state(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_STATE_BYTES + 1)
        if len(raw) > MAX_STATE_BYTES:
            return None
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _ui_state(store: SQLStore, path: Path) -> None:
    """Positions per ``slug:lang`` go to the reviewer who opens the workspace (the login on
    PostgreSQL) where that reviewer has none yet; a damaged file only costs the positions."""
    data = _read_state(path)
    moved = 0
    if data is not None:
        reviewer = store.reviewer_for(settings.load().reviewer())
        known = {a.slug for a in store.articles()}
        for key, entry in sorted(data.items()):
            slug, _, lang = str(key).rpartition(":")
            if slug not in known or not isinstance(entry, dict):
                continue
            segment, filter_ = entry.get("segment"), entry.get("filter")
            if not isinstance(segment, str) or not isinstance(filter_, str):
                continue
            if store.position(slug, lang, reviewer) is None:
                store.remember_position(slug, lang, segment, filter_, reviewer)
                moved += 1
    kept = _backup(path)
    what = f"{moved} review positions" if data is not None else "no review position (damaged)"
    notice(f"moved {what} into the database; {path.name} is kept as {kept}")
