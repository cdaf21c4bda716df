"""Bring a file edited in another tool (PO, XLIFF) back into the store: one set of rules.

Each format reads its file into :class:`Incoming` entries; :func:`plan_import` decides, the
same way for every format, what each entry does, and :func:`apply_plan` writes the result in
one store transaction:

* an entry names its segment by id (msgctxt, XLIFF unit id), else by its source when exactly
  one segment has it; an unknown id, a source that changed since the export, a removed or
  chrome segment, a segment named twice, a target gettext would refuse: not imported, listed;
* an empty target is skipped; the same text as the store approves it when the file says so
  (a "needs work" flag alone never un-approves);
* what the entry was exported as (its *base*: :func:`state_key` of the final flag and the
  text, which the export writes into every entry) makes the import a three-way merge: an
  entry left as exported brings nothing (the workspace's newer work stays, no conflict); an
  entry changed in the file is taken when the workspace still holds its base; when both
  changed it is a conflict (kept, reported, never overwritten) unless the texts agree or
  the workspace only has new machine output;
* a file without bases (older exports, tools that drop comments) falls back to the
  translation version the entry carries (XLIFF), else the instant the export reflected
  (the PO header ``X-Workbench-Revision``, never ``PO-Revision-Date``, which every editor
  rewrites on save): a segment edited or approved in the workspace since then and differing
  from the file is a conflict; with neither, every differing edit is a conflict. A fuzzy
  entry holding exactly the workspace's MT brings nothing new there either;
* each write carries the version read at the start, so a writer that comes between the read
  and the write is a conflict too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from workbench.errors import ConflictError
from workbench.store import TargetWrite

if TYPE_CHECKING:
    from workbench.store import Row, Store, Translation


@dataclass(frozen=True, slots=True)
class Incoming:
    """One entry of an edited file, whatever its format."""

    label: str  # how messages name the entry: the segment id, or "msgid '...'"
    segment_id: str | None  # None: find the segment by its source
    source: str
    target: str
    approve: bool  # the file marks the target final (non-fuzzy PO, approved XLIFF)
    base_version: int | None = None  # translation version the file was made from
    refused: str | None = None  # a format-level reason not to import (a plural PO entry)
    base_state: str | None = None  # state_key() of what the export wrote for this entry


def state_key(final: bool, text: str) -> str:
    """Twelve hex digits naming a (final or not, text) state: the *base* an export writes
    into each entry, compared at import with the file's entry and the workspace's target."""
    data = (
        ("final" if final else "fuzzy").encode() + b"\x00" + text.encode("utf-8", "surrogatepass")
    )
    return hashlib.sha256(data).hexdigest()[:12]


def stored_state(t: Translation) -> str:
    """The :func:`state_key` of a stored translation (approved = final)."""
    return state_key(t.status == "approved", t.target)


@dataclass(frozen=True, slots=True)
class Conflict:
    segment_id: str
    source: str
    file_text: str
    store_text: str
    store_updated_at: str
    reviewer: str | None

    @property
    def msgid(self) -> str:  # the PO import's names
        return self.source

    @property
    def po_text(self) -> str:
        return self.file_text


@dataclass(frozen=True, slots=True)
class ImportResult:
    approved: int
    edited: int  # saved as edits (status edited, or machine when equal to the MT)
    unchanged: int
    conflicts: tuple[Conflict, ...]
    unknown: tuple[str, ...]  # "<label>: <why it was not imported>"
    skipped_empty: int
    approved_ids: tuple[str, ...] = ()  # the segments this import approved


@dataclass(frozen=True, slots=True)
class Write:
    row: Row
    text: str
    approve: bool


@dataclass(frozen=True, slots=True)
class Plan:
    writes: tuple[Write, ...]
    conflicts: tuple[Conflict, ...]
    unknown: tuple[str, ...]
    unchanged: int
    skipped_empty: int


def parse_iso(stamp: str) -> datetime:
    value = datetime.fromisoformat(stamp)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def changed_since(t: Translation, entry: Incoming, baseline: datetime | None) -> bool:
    """Whether the store's translation moved on since the file was made (files without a
    base: the version the entry carries, else the instant the file reflects)."""
    if entry.base_state is not None:
        return stored_state(t) != entry.base_state
    if entry.base_version is not None:
        return t.version != entry.base_version
    return baseline is None or parse_iso(t.updated_at) > baseline


def decide(t: Translation | None, entry: Incoming, baseline: datetime | None) -> str:
    """What an entry does to its segment's translation ``t``: ``write``, ``unchanged``
    (nothing new in the file) or ``conflict`` (see the module docstring)."""
    if t is None:
        return "write"
    if entry.base_state is not None:
        if state_key(entry.approve, entry.target) == entry.base_state:
            return "unchanged"  # left as exported: whatever the workspace did since stays
    elif not entry.approve and t.mt is not None and entry.target == t.mt != t.target:
        return "unchanged"  # a fuzzy entry holding the workspace's own MT
    if t.target == entry.target:
        # same text: approve if asked; a fuzzy flag alone never un-approves
        return "unchanged" if t.status == "approved" or not entry.approve else "write"
    if t.status in ("edited", "approved") and changed_since(t, entry, baseline):
        return "conflict"
    return "write"


def _find(
    entry: Incoming, by_id: dict[str, Row], by_source: dict[str, list[Row]], slug: str
) -> Row | str:
    """The entry's row, or why it has none."""
    if entry.segment_id:
        row = by_id.get(entry.segment_id)
        if row is None:
            return f"no such segment in article {slug!r}"
        if row.segment.source != entry.source:
            return (
                "the French source changed since the export; not imported, "
                "export again and redo this entry"
            )
        return row
    matches = by_source.get(entry.source, [])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return "no segment has this source"
    return f"{len(matches)} segments have this source; add the msgctxt (segment id)"


def plan_import(
    entries: Iterable[Incoming],
    rows: Sequence[Row],
    slug: str,
    *,
    baseline: datetime | None,
    problem: Callable[[str, str], str | None],
) -> Plan:
    """What each entry does (see the module docstring). ``rows`` include removed segments;
    ``problem(source, target)`` names what would make the target unexportable."""
    by_id = {r.segment.id: r for r in rows}
    by_source: dict[str, list[Row]] = {}
    for r in rows:
        if r.segment.translatable:
            by_source.setdefault(r.segment.source, []).append(r)
    writes: list[Write] = []
    conflicts: list[Conflict] = []
    unknown: list[str] = []
    unchanged = skipped_empty = 0
    taken: set[str] = set()
    for entry in entries:
        if entry.refused:
            unknown.append(f"{entry.label}: {entry.refused}")
            continue
        if not entry.target.strip():
            skipped_empty += 1
            continue
        found = _find(entry, by_id, by_source, slug)
        if isinstance(found, str):
            unknown.append(f"{entry.label}: {found}")
            continue
        seg = found.segment
        why = (
            "the segment was removed from the article by a re-import"
            if seg.removed
            else "the segment is page chrome, not translated"
            if not seg.translatable
            else f"segment {seg.id} is already in this file"
            if seg.id in taken
            else None
        )
        if why:
            unknown.append(f"{entry.label}: {why}")
            continue
        taken.add(seg.id)
        bad = problem(entry.source, entry.target)
        if bad:  # msgfmt would reject it: keep the store exportable
            unknown.append(f"{entry.label}: {bad}; fix the entry and import again")
            continue
        t = found.translation
        what = decide(t, entry, baseline)
        if what == "unchanged":
            unchanged += 1
        elif what == "conflict" and t is not None:
            conflicts.append(
                Conflict(seg.id, seg.source, entry.target, t.target, t.updated_at, t.reviewer)
            )
        else:
            writes.append(Write(found, entry.target, entry.approve))
    return Plan(tuple(writes), tuple(conflicts), tuple(unknown), unchanged, skipped_empty)


def apply_plan(
    store: Store,
    slug: str,
    lang: str,
    plan: Plan,
    *,
    reviewer: str | None = None,
    action: str = "import-po",
) -> ImportResult:
    """Write the plan's targets in one transaction, each checked against the version read;
    a writer that came in between turns that write into a conflict."""
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
    approved: list[str] = []
    edited = 0
    outcomes = store.write_targets(slug, lang, batch, reviewer=reviewer, action=action)
    for w, outcome in zip(plan.writes, outcomes, strict=True):
        if isinstance(outcome, ConflictError):
            current = store.row(slug, w.row.segment.id, lang).translation
            conflicts.append(
                Conflict(
                    w.row.segment.id,
                    w.row.segment.source,
                    w.text,
                    current.target if current else "",
                    current.updated_at if current else "",
                    current.reviewer if current else None,
                )
            )
        elif w.approve:
            approved.append(w.row.segment.id)
        else:
            edited += 1
    return ImportResult(
        len(approved), edited, plan.unchanged, tuple(conflicts), plan.unknown,
        plan.skipped_empty, tuple(approved),
    )  # fmt: skip
