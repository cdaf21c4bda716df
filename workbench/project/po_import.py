"""Use cases: bring a PO file edited elsewhere (Poedit & co) back into the store.

Entries are matched by msgctxt (else by msgid when exactly one segment has that source);
non-fuzzy → approved, fuzzy → edited, one store transaction with the version read at the start.
A segment edited or approved in the store after the file's revision instant
(:func:`~workbench.formats.po.revision_baseline`) that differs from the file is a conflict:
kept, reported, never overwritten. The file is validated completely before the first write;
a second import of the same file changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import ConflictError, InputError
from workbench.formats.po import (
    gettext_problem,
    parse_iso,
    read_po,
    revision_baseline,
    same_language,
)
from workbench.lang.codes import check_lang
from workbench.store import TargetWrite, open_store

if TYPE_CHECKING:
    import polib

    from workbench.store import Row, Store


@dataclass(frozen=True, slots=True)
class POConflict:
    segment_id: str
    msgid: str
    po_text: str
    store_text: str
    store_updated_at: str
    reviewer: str | None


@dataclass(frozen=True, slots=True)
class ImportPOResult:
    approved: int
    edited: int  # fuzzy entries saved (status edited, or machine when equal to the MT)
    unchanged: int
    conflicts: tuple[POConflict, ...]
    unknown: tuple[str, ...]  # "<msgctxt or msgid>: <why it was not imported>"
    skipped_empty: int


@dataclass(frozen=True, slots=True)
class _Write:
    row: Row
    text: str
    approve: bool


@dataclass(slots=True)
class _Plan:
    writes: list[_Write] = field(default_factory=list)
    conflicts: list[POConflict] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped_empty: int = 0


def _find(
    entry: polib.POEntry, by_id: dict[str, Row], by_source: dict[str, list[Row]], slug: str
) -> Row | str:
    """The entry's row, or why it has none."""
    if entry.msgctxt:
        row = by_id.get(entry.msgctxt)
        if row is None:
            return f"no such segment in article {slug!r}"
        if row.segment.source != entry.msgid:
            return (
                "the French source changed since the export; not imported, "
                "export again and redo this entry"
            )
        return row
    matches = by_source.get(entry.msgid, [])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return "no segment has this source"
    return f"{len(matches)} segments have this source; add the msgctxt (segment id)"


def _refusal(row: Row, taken: set[str], entry: polib.POEntry) -> str | None:
    """Why the entry's segment cannot take its text, or None."""
    seg = row.segment
    if seg.removed:
        return "the segment was removed from the article by a re-import"
    if not seg.translatable:
        return "the segment is page chrome, not translated"
    if seg.id in taken:
        return f"segment {seg.id} is already in this file"
    taken.add(seg.id)
    problem = gettext_problem(entry.msgid, entry.msgstr)
    if problem:  # msgfmt rejects it; keep the store exportable
        return f"{problem}; fix the entry and import again"
    return None


def _decide(plan: _Plan, row: Row, entry: polib.POEntry, baseline: datetime | None) -> None:
    """Same text (unchanged, or approved now), a conflict, or a write."""
    approve = not entry.fuzzy
    t = row.translation
    seg = row.segment
    if t is not None and t.target == entry.msgstr:
        # same text: approve if asked; a fuzzy flag alone never un-approves
        if t.status == "approved" or not approve:
            plan.unchanged += 1
            return
    elif (
        t is not None
        and t.status in ("edited", "approved")
        and (baseline is None or parse_iso(t.updated_at) > baseline)
    ):
        plan.conflicts.append(
            POConflict(seg.id, seg.source, entry.msgstr, t.target, t.updated_at, t.reviewer)
        )
        return
    plan.writes.append(_Write(row, entry.msgstr, approve))


def _plan(po: polib.POFile, rows: list[Row], slug: str) -> _Plan:
    by_id = {r.segment.id: r for r in rows}
    by_source: dict[str, list[Row]] = {}
    for r in rows:
        if r.segment.translatable:
            by_source.setdefault(r.segment.source, []).append(r)
    baseline = revision_baseline(po.metadata)
    plan = _Plan()
    taken: set[str] = set()
    for entry in po:
        if entry.obsolete:
            continue
        label = entry.msgctxt or f"msgid {entry.msgid[:50]!r}"
        if entry.msgid_plural:
            plan.unknown.append(f"{label}: plural entries are not article segments")
            continue
        if not entry.msgstr.strip():
            plan.skipped_empty += 1
            continue
        found = _find(entry, by_id, by_source, slug)
        if isinstance(found, str):
            plan.unknown.append(f"{label}: {found}")
            continue
        why = _refusal(found, taken, entry)
        if why is not None:
            plan.unknown.append(f"{label}: {why}")
            continue
        _decide(plan, found, entry, baseline)
    return plan


def _apply(store: Store, slug: str, lang: str, plan: _Plan, reviewer: str | None) -> ImportPOResult:
    """Write the plan in one transaction; a writer that came between the read and the write
    turns that write into a conflict."""
    batch = [
        TargetWrite(
            w.row.segment.id,
            w.text,
            "approved" if w.approve else "edited",
            w.row.translation.version if w.row.translation is not None else 0,
        )
        for w in plan.writes
    ]
    conflicts = list(plan.conflicts)
    approved = edited = 0
    outcomes = store.write_targets(slug, lang, batch, reviewer=reviewer)
    for w, outcome in zip(plan.writes, outcomes, strict=True):
        if isinstance(outcome, ConflictError):
            current = store.row(slug, w.row.segment.id, lang).translation
            conflicts.append(
                POConflict(
                    w.row.segment.id,
                    w.row.segment.source,
                    w.text,
                    current.target if current else "",
                    current.updated_at if current else "",
                    current.reviewer if current else None,
                )
            )
        elif w.approve:
            approved += 1
        else:
            edited += 1
    return ImportPOResult(
        approved,
        edited,
        plan.unchanged,
        tuple(conflicts),
        tuple(plan.unknown),
        plan.skipped_empty,
    )


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
    return _apply(store, slug, lang, _plan(po, rows, slug), reviewer)


def import_po_in_workspace(
    workspace: str | os.PathLike[str] | None,
    po_path: str | os.PathLike[str],
    slug: str,
    lang: str,
    *,
    reviewer: str | None = None,
) -> ImportPOResult:
    """:func:`import_po` in the workspace's store."""
    with open_store(workspace) as store:
        return import_po(store, Path(po_path), slug, lang, reviewer=reviewer)
