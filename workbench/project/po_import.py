"""Use cases: bring a file edited elsewhere back into the store — a PO file (Poedit & co), or
an XLIFF file (OmegaT, Trados, memoQ), told apart by content.

PO entries are matched by msgctxt (else by msgid when exactly one segment has that source);
non-fuzzy → approved, fuzzy → edited. What each entry does — and which store edits are
conflicts, kept and reported, never overwritten — is decided by the one planner for every
format (:mod:`workbench.formats.merge`): each entry's base (the ``#. workbench base:`` line
the export wrote) makes it a three-way merge; a file without them falls back to the instant
the export reflected (:func:`~workbench.formats.po.revision_baseline`), never to the
PO-Revision-Date an editor rewrites on every save. The file is validated completely before
the first write; a second import of the same file changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.formats.merge import Conflict, ImportResult, Incoming, apply_plan, plan_import
from workbench.formats.po import (
    entry_base,
    gettext_problem,
    read_po,
    revision_baseline,
    same_language,
)
from workbench.lang.codes import check_lang
from workbench.project.pivoting import ENGLISH, LinkReport, follow_english_approval
from workbench.store import open_store

if TYPE_CHECKING:
    import polib

    from workbench.interchange import XliffImport
    from workbench.store import Store

#: The PO import's results are the format-neutral ones (formats/merge.py).
POConflict = Conflict
ImportPOResult = ImportResult


def _incoming(po: polib.POFile) -> list[Incoming]:
    """The PO file's entries for the format-neutral import planner (formats/merge.py)."""
    entries = []
    for entry in po:
        if entry.obsolete:
            continue
        base = entry_base(entry.comment or "")
        entries.append(
            Incoming(
                label=entry.msgctxt or f"msgid {entry.msgid[:50]!r}",
                segment_id=entry.msgctxt or None,
                source=entry.msgid,
                target=entry.msgstr,
                approve=not entry.fuzzy,
                refused="plural entries are not article segments" if entry.msgid_plural else None,
                base_version=base[0] if base else None,
                base_state=base[1] if base else None,
            )
        )
    return entries


def import_po(
    store: Store, po_path: Path, slug: str, lang: str, *, reviewer: str | None = None
) -> ImportPOResult:
    """Bring a PO file edited elsewhere back into the store (see the module docstring).
    Nothing is written when the file is unusable; a second import of the same file changes
    nothing."""
    check_lang(lang)
    po = read_po(Path(po_path))
    declared = po.metadata.get("Language", "").strip()
    if declared and not same_language(declared, lang):
        raise InputError(
            f"{po_path} is a {declared!r} translation, not {lang!r}: import it with that language"
        )
    rows = store.rows(slug, lang, include_removed=True)
    plan = plan_import(
        _incoming(po), rows, slug, baseline=revision_baseline(po.metadata), problem=gettext_problem
    )
    return apply_plan(store, slug, lang, plan, reviewer=reviewer)


@dataclass(frozen=True, slots=True)
class FileImport:
    """What an import of a PO or XLIFF file did: ``xliff`` is set for an XLIFF file (its
    version, and the article and language it named)."""

    slug: str
    lang: str
    result: ImportResult
    xliff: XliffImport | None = None
    #: What the approved English targets led to (:func:`follow_english_approval`).
    linked: LinkReport = field(default_factory=LinkReport)


def import_file_in_workspace(
    workspace: str | os.PathLike[str] | None,
    path: str | os.PathLike[str],
    *,
    slug: str | None = None,
    lang: str | None = None,
    reviewer: str | None = None,
) -> FileImport:
    """Import a PO file (``slug`` and ``lang`` required) or an XLIFF file (recognised by its
    content; it names its article and language, which ``slug``/``lang`` must match). English
    targets it approves become the pivot of the languages reached through English, as any
    approval does (:func:`~workbench.project.pivoting.follow_english_approval`)."""
    from workbench.interchange import import_xliff, is_xliff

    file = Path(path)
    if is_xliff(file):
        with open_store(workspace) as store:
            done = import_xliff(store, file, slug=slug, lang=lang, reviewer=reviewer)
            linked = _linked(store, done.slug, done.lang, done.result, reviewer)
        return FileImport(done.slug, done.lang, done.result, done, linked)
    missing = [f"--{name}" for name, value in (("slug", slug), ("lang", lang)) if not value]
    if missing or slug is None or lang is None:
        raise InputError(f"import-po of a PO file needs {' and '.join(missing)}")
    with open_store(workspace) as store:
        result = import_po(store, file, slug, lang, reviewer=reviewer)
        linked = _linked(store, slug, lang, result, reviewer)
        return FileImport(slug, lang, result, linked=linked)


def _linked(
    store: Store, slug: str, lang: str, result: ImportResult, reviewer: str | None
) -> LinkReport:
    if lang != ENGLISH or not result.approved_ids:
        return LinkReport()
    return follow_english_approval(store, slug, result.approved_ids, reviewer=reviewer)
