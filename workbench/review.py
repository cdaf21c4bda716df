"""The review session: everything the review UI does, without the UI.

:class:`ReviewSession` holds one article in one target language for one reviewer: the rows
in order, a filter and a search over them, the segment being reviewed, the text the
reviewer is typing (the *draft*, saved by :meth:`ReviewSession.flush` with the version it
was read at), and every reviewer action (approve and go to the next to-do, unapprove,
revert, undo, redo, take an alternative, mark or un-mark page chrome, switch language).
It also computes what the editor shows beside the text: QA findings, a word diff from the
MT to the target and the edit effort (TER). The Textual app in :mod:`workbench.tui` only
renders a session and forwards keys to it; tests drive it directly.

The module imports no Textual. The ``*_in_workspace`` functions at the end are the long
jobs the UI runs in worker threads: each opens its own store connection (SQLite
connections stay in the thread that made them).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from workbench.errors import ConflictError, InputError, NotFoundError
from workbench.store import Row, Store, Translation, open_store

if TYPE_CHECKING:
    from workbench.export import ExportResult
    from workbench.project import TranslateReport

#: Filter names, in the order the filter key cycles through them.
FILTERS: tuple[str, ...] = ("all", "todo", "edited", "approved", "chrome", "flagged")
#: Statuses still to review (approved is done; chrome is not translated at all).
TODO_STATUSES = frozenset({"pending", "machine", "edited"})
#: en <-> vi: the two target languages of the workbench.
OTHER_LANG = {"en": "vi", "vi": "en"}
#: One gap between two actions on a segment counts at most this long in edit_seconds,
#: so a coffee break in front of an open segment is not recorded as editing time.
IDLE_CAP_S = 300.0
UI_STATE_FILE = "ui-state.json"


class Finding(Protocol):
    """What :mod:`workbench.qa` reports (duck-typed, so this module does not need qa)."""

    check: str
    severity: str  # error | warning | info
    message: str
    span: tuple[int, int] | None


Checker = Callable[..., Sequence[Finding]]


@dataclass(frozen=True, slots=True)
class Progress:
    approved: int
    translatable: int

    @property
    def fraction(self) -> float:
        return self.approved / self.translatable if self.translatable else 1.0


@dataclass(frozen=True, slots=True)
class DiffOp:
    op: str  # equal | delete | insert
    text: str


def default_checker() -> Checker | None:
    """``workbench.qa.run_checks`` when that module exists, else None (no findings)."""
    try:
        from workbench.qa import run_checks
    except ModuleNotFoundError as exc:
        if exc.name != "workbench.qa":
            raise
        return None
    return run_checks


def word_diff(before: str, after: str) -> list[DiffOp]:
    """Word-level diff from ``before`` (the MT) to ``after`` (the target)."""
    a, b = before.split(), after.split()
    ops: list[DiffOp] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(DiffOp("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(DiffOp("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(DiffOp("insert", " ".join(b[j1:j2])))
    return ops


@lru_cache(maxsize=1)
def _ter() -> Any:
    from sacrebleu.metrics import TER

    return TER()


def edit_effort(mt: str | None, target: str) -> float | None:
    """TER of the MT against the post-edited target (HTER): the share of words edited.
    None when there is nothing to compare."""
    if not mt or not target.strip():
        return None
    return float(_ter().sentence_score(mt, [target]).score)


def is_todo(row: Row) -> bool:
    return row.segment.translatable and row.status in TODO_STATUSES


# -- remembered position ---------------------------------------------------------


def _state_path(folder: Path) -> Path:
    return folder / UI_STATE_FILE


def load_ui_state(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads(_state_path(folder).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # a damaged state file only costs the remembered position
    return data if isinstance(data, dict) else {}


def remember_position(folder: Path, slug: str, lang: str, segment_id: str, filter_: str) -> None:
    """Store the reviewer's position for (slug, lang), atomically (temp file + rename)."""
    state = load_ui_state(folder)
    state[f"{slug}:{lang}"] = {"segment": segment_id, "filter": filter_}
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ui-state-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, _state_path(folder))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def last_position(folder: Path, slug: str, lang: str) -> tuple[str | None, str]:
    entry = load_ui_state(folder).get(f"{slug}:{lang}")
    if not isinstance(entry, dict):
        return None, "all"
    segment = entry.get("segment")
    filter_ = entry.get("filter")
    return (
        segment if isinstance(segment, str) else None,
        filter_ if filter_ in FILTERS else "all",
    )


# -- the session -----------------------------------------------------------------


class ReviewSession:
    """One reviewer on one article in one language. Not thread-safe: one thread uses it."""

    def __init__(
        self,
        store: Store,
        slug: str,
        lang: str,
        reviewer: str | None = None,
        *,
        checker: Checker | bool | None = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.slug = slug
        self.lang = lang
        self.reviewer = reviewer
        self.article = store.article(slug)
        self._checker: Checker | None = (
            default_checker() if checker is True else (checker or None)  # type: ignore[assignment]
        )
        self._clock = clock
        self._qa_cache: dict[tuple[str, str, str | None], list[Finding]] = {}
        self.filter = "all"
        self.query = ""
        self._rows: list[Row] = []
        self._index: dict[str, int] = {}
        self._visible: list[str] = []
        self.current_id: str | None = None
        self._draft: str | None = None
        self._pivot_draft: str | None = None
        self._mark = clock()
        self._seconds = 0.0
        self.reload()
        self.current_id = self._visible[0] if self._visible else None

    # -- rows ------------------------------------------------------------------

    @property
    def workspace(self) -> Path:
        return self.store.path.parent

    @property
    def rows(self) -> list[Row]:
        return self._rows

    @property
    def visible(self) -> list[str]:
        """Ids of the rows the current filter and search show, in article order."""
        return self._visible

    def reload(self) -> None:
        """Re-read every row (after a worker wrote MT, a language switch...)."""
        self._rows = self.store.rows(self.slug, self.lang)
        self._index = {r.segment.id: i for i, r in enumerate(self._rows)}
        self._recompute_visible()

    def refresh_row(self, segment_id: str) -> Row:
        row = self.store.row(self.slug, segment_id, self.lang)
        self._rows[self._index[segment_id]] = row
        return row

    def row(self, segment_id: str | None = None) -> Row:
        sid = segment_id if segment_id is not None else self.current_id
        if sid is None:
            raise NotFoundError(f"article {self.slug!r} has no segment to review")
        return self._rows[self._index[sid]]

    @property
    def current(self) -> Row | None:
        return None if self.current_id is None else self.row()

    def has(self, segment_id: str) -> bool:
        return segment_id in self._index

    def visible_index(self, segment_id: str | None = None) -> int | None:
        sid = segment_id if segment_id is not None else self.current_id
        try:
            return self._visible.index(sid) if sid is not None else None
        except ValueError:
            return None

    # -- filter and search -------------------------------------------------------

    def matches(self, row: Row) -> bool:
        f = self.filter
        if f == "todo" and not is_todo(row):
            return False
        if f in ("edited", "approved") and (row.status != f or not row.segment.translatable):
            return False
        if f == "chrome" and row.segment.kind != "chrome":
            return False
        if f == "flagged" and not self.flagged(row):
            return False
        if self.query:
            target = row.translation.target if row.translation else ""
            hay = f"{row.segment.source}\n{target}".casefold()
            if self.query not in hay:
                return False
        return True

    def _recompute_visible(self) -> None:
        self._visible = [r.segment.id for r in self._rows if self.matches(r)]

    def set_filter(self, name: str) -> list[str]:
        if name not in FILTERS:
            raise InputError(f"unknown filter {name!r}: use one of {', '.join(FILTERS)}")
        self.filter = name
        self._recompute_visible()
        return self._visible

    def cycle_filter(self) -> str:
        self.set_filter(FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)])
        return self.filter

    def set_search(self, query: str) -> list[str]:
        self.query = query.strip().casefold()
        self._recompute_visible()
        return self._visible

    # -- moving ------------------------------------------------------------------

    def goto(self, segment_id: str) -> Row:
        """Leave the current segment (saving its draft first) and open ``segment_id``.
        Raises ConflictError, staying on the current segment, when the save conflicts."""
        if segment_id not in self._index:
            raise NotFoundError(f"no segment {segment_id!r} in article {self.slug!r}")
        if segment_id != self.current_id:
            self.flush()
            self.current_id = segment_id
            self._draft = self._pivot_draft = None
            self._mark = self._clock()
            self._seconds = 0.0
        return self.row()

    def move(self, delta: int) -> Row | None:
        """Move by ``delta`` rows in the visible list (clamped)."""
        if not self._visible:
            return None
        here = self.visible_index()
        target = 0 if here is None else max(0, min(len(self._visible) - 1, here + delta))
        return self.goto(self._visible[target])

    def next_todo(self, *, after: str | None = None) -> str | None:
        """The next visible to-do row after the current one, wrapping; None when none is left."""
        if not self._visible:
            return None
        start = self.visible_index(after) if after is not None else self.visible_index()
        n = len(self._visible)
        first = 0 if start is None else start + 1
        for k in range(n):
            sid = self._visible[(first + k) % n]
            if sid != (after or self.current_id) and is_todo(self.row(sid)):
                return sid
        return None

    # -- editing -------------------------------------------------------------------

    def text(self, segment_id: str | None = None) -> str:
        """What the editor shows for a segment: the draft when it is the current one."""
        sid = segment_id if segment_id is not None else self.current_id
        if sid == self.current_id and self._draft is not None:
            return self._draft
        t = self.row(sid).translation
        return t.target if t else ""

    def pivot_text(self) -> str | None:
        t = self.row().translation
        if self._pivot_draft is not None:
            return self._pivot_draft
        return t.pivot if t else None

    def set_draft(self, text: str) -> None:
        """The reviewer typed: keep the text (cheap; :meth:`flush` writes it)."""
        self._tick()
        self._draft = text

    def set_pivot_draft(self, text: str) -> None:
        self._tick()
        self._pivot_draft = text

    @property
    def dirty(self) -> bool:
        row = self.current
        if row is None:
            return False
        stored = row.translation.target if row.translation else ""
        pivot = row.translation.pivot if row.translation else None
        return (self._draft is not None and self._draft != stored) or (
            self._pivot_draft is not None and self._pivot_draft != (pivot or "")
        )

    def _tick(self) -> None:
        now = self._clock()
        self._seconds += min(max(now - self._mark, 0.0), IDLE_CAP_S)
        self._mark = now

    def flush(self) -> Translation | None:
        """Save the draft (and an edited pivot) of the current segment with the version it
        was read at. Returns the new translation, None when there was nothing to save.
        Raises ConflictError when another writer changed the segment meanwhile and the
        change cannot be kept safely (see :meth:`save`)."""
        row = self.current
        if row is None:
            return None
        result: Translation | None = None
        t = row.translation
        if self._pivot_draft is not None and t is not None and self._pivot_draft != (t.pivot or ""):
            result = self.store.set_pivot(
                self.slug, row.segment.id, self.lang, self._pivot_draft, reviewer=self.reviewer
            )
            row = self.refresh_row(row.segment.id)
        self._pivot_draft = None
        if self._draft is not None:
            stored = row.translation.target if row.translation else ""
            if self._draft != stored:
                result = self.save(self._draft)
            self._draft = None
        return result

    def save(self, target: str) -> Translation:
        """Save ``target`` on the current segment with the version it was read at.

        When the version moved, the save goes through only if the other write left the
        text as we read it (a pivot or alternatives update) or filled a then-empty segment
        with machine output (the open-time MT worker): the store would never let MT replace
        an edited target either. Any other change raises ConflictError: never overwrite a
        person's text silently."""
        row = self.row()
        if not row.segment.translatable:
            raise InputError("this segment is page chrome: un-mark it (alt+c) before translating")
        t = row.translation
        self._tick()
        try:
            new = self._save_at(row, target, t.version if t else 0)
        except ConflictError:
            current = self.store.row(self.slug, row.segment.id, self.lang).translation
            if current is None or not self._rebasable(row, current):
                self._draft = target  # keep the text for the conflict dialog
                raise
            new = self._save_at(row, target, current.version)
        self._draft = None
        return new

    def _save_at(self, row: Row, target: str, version: int) -> Translation:
        new = self.store.save_target(
            self.slug, row.segment.id, self.lang, target, expected_version=version,
            reviewer=self.reviewer, edit_seconds=round(self._seconds, 3),
        )  # fmt: skip
        self._seconds = 0.0
        self.refresh_row(row.segment.id)
        return new

    @staticmethod
    def _rebasable(read: Row, current: Translation) -> bool:
        base = read.translation
        base_target = base.target if base else ""
        if current.target == base_target:
            return True
        was_empty = base is None or (base.status == "pending" and not base.target)
        return was_empty and current.status == "machine" and current.target == current.mt

    def keep_mine(self, text: str) -> Translation:
        """Conflict resolved by the reviewer in favour of their text: save it over the
        version that is now in the store (a deliberate overwrite, recorded in the events)."""
        row = self.refresh_row(self.row().segment.id)
        self._tick()
        new = self._save_at(row, text, row.translation.version if row.translation else 0)
        self._draft = None
        return new

    def take_theirs(self) -> Row:
        """Conflict resolved in favour of the stored text: drop the draft."""
        self._draft = None
        return self.refresh_row(self.row().segment.id)

    def _after(self, new: Translation | None) -> Row:
        self._draft = self._pivot_draft = None
        return self.refresh_row(self.row().segment.id)

    def _version(self) -> int:
        t = self.row().translation
        return t.version if t else 0

    def approve(self) -> Row:
        self.flush()
        row = self.row()
        if not row.segment.translatable:
            raise InputError("this segment is page chrome: un-mark it (alt+c) to translate it")
        new = self.store.approve(
            self.slug, row.segment.id, self.lang, expected_version=self._version(),
            reviewer=self.reviewer,
        )  # fmt: skip
        return self._after(new)

    def approve_and_next(self) -> str | None:
        """Approve the current segment (saving the draft first) and move to the next to-do.
        Returns the id moved to, None when no to-do is left (the cursor stays)."""
        here = self.row().segment.id
        self.approve()
        nxt = self.next_todo(after=here)
        if nxt is not None:
            self.goto(nxt)
        return nxt

    def unapprove(self) -> Row:
        self.flush()
        new = self.store.unapprove(
            self.slug, self.row().segment.id, self.lang, expected_version=self._version(),
            reviewer=self.reviewer,
        )  # fmt: skip
        return self._after(new)

    def revert(self) -> Row:
        """Back to the machine translation (recorded as one undoable action)."""
        self.flush()
        new = self.store.revert_to_mt(
            self.slug, self.row().segment.id, self.lang, expected_version=self._version(),
            reviewer=self.reviewer,
        )  # fmt: skip
        return self._after(new)

    def undo(self) -> Row | None:
        """Store-level undo of the segment's last reviewer action (typing is saved first,
        so it is what gets undone). None when there is nothing to undo."""
        self.flush()
        new = self.store.undo(self.slug, self.row().segment.id, self.lang, reviewer=self.reviewer)
        return None if new is None else self._after(new)

    def redo(self) -> Row | None:
        self.flush()
        new = self.store.redo(self.slug, self.row().segment.id, self.lang, reviewer=self.reviewer)
        return None if new is None else self._after(new)

    def take_alternative(self, number: int) -> Row:
        """Replace the target with the MT's alternative ``number`` (1-based) and save."""
        self.flush()
        t = self.row().translation
        alternatives = t.alternatives if t else ()
        if not 1 <= number <= len(alternatives):
            raise InputError(
                f"this segment has {len(alternatives)} alternative(s): no number {number}"
            )
        self.save(alternatives[number - 1])
        return self.row()

    def toggle_chrome(self) -> Row:
        """Mark the segment as page chrome (not translated), or un-mark it."""
        self.flush()
        seg = self.row().segment
        if seg.kind == "chrome":
            kind = None if seg.detected_kind != "chrome" else "content"
        else:
            kind = None if seg.detected_kind == "chrome" else "chrome"
        self.store.set_kind(self.slug, seg.id, kind, self.reviewer)
        return self._after(None)

    def switch_language(self, lang: str | None = None) -> str:
        """Save, then review the same article in ``lang`` (default: the other of en/vi),
        staying on the same segment."""
        self.flush()
        self.lang = lang or OTHER_LANG.get(self.lang, "en")
        keep = self.current_id
        self._qa_cache.clear()
        self.reload()
        self._draft = self._pivot_draft = None
        if keep is None or keep not in self._index:
            self.current_id = self._visible[0] if self._visible else None
        return self.lang

    # -- what the editor shows -------------------------------------------------------

    def progress(self) -> Progress:
        translatable = approved = 0
        for r in self._rows:
            if r.segment.translatable:
                translatable += 1
                approved += r.status == "approved"
        return Progress(approved, translatable)

    def findings(self, segment_id: str | None = None, text: str | None = None) -> list[Finding]:
        """QA findings for a segment's target (or ``text``), cached by content."""
        if self._checker is None:
            return []
        row = self.row(segment_id)
        target = text if text is not None else self.text(row.segment.id)
        if not row.segment.translatable or not target.strip():
            return []
        pivot = row.translation.pivot if row.translation else None
        key = (row.segment.source, target, pivot)
        found = self._qa_cache.get(key)
        if found is None:
            try:
                found = list(self._checker(row.segment.source, target, self.lang, pivot=pivot))
            except InputError:
                found = []  # QA has no checks for this language: nothing to report
            self._qa_cache[key] = found
        return found

    def flagged(self, row: Row) -> bool:
        return any(f.severity in ("error", "warning") for f in self.findings(row.segment.id, None))

    def diff(self, segment_id: str | None = None) -> list[DiffOp]:
        row = self.row(segment_id)
        mt = row.translation.mt if row.translation else None
        return word_diff(mt or "", self.text(row.segment.id)) if mt else []

    def effort(self, segment_id: str | None = None) -> float | None:
        row = self.row(segment_id)
        return edit_effort(
            row.translation.mt if row.translation else None, self.text(row.segment.id)
        )

    def needs_mt(self) -> bool:
        """Translatable segments without machine translation in this language."""
        return any(
            r.segment.translatable
            and r.segment.source.strip()
            and (r.translation is None or r.translation.mt is None)
            for r in self._rows
        )

    def export_langs(self) -> list[str]:
        """The language under review, plus any other with approved segments."""
        langs = self.store.status(self.slug).langs
        return [self.lang] + [
            lang for lang, counts in langs.items() if lang != self.lang and counts.get("approved")
        ]

    # -- remembered position --------------------------------------------------------

    def restore_position(self) -> None:
        segment, filter_ = last_position(self.workspace, self.slug, self.lang)
        self.set_filter(filter_)
        if segment is not None and segment in self._index:
            if segment not in self._visible:
                self.set_filter("all")
            self.current_id = segment
        elif self._visible:
            self.current_id = self._visible[0]
        elif self.filter != "all":
            self.set_filter("all")
            self.current_id = self._visible[0] if self._visible else None

    def remember_position(self) -> None:
        if self.current_id is not None:
            remember_position(self.workspace, self.slug, self.lang, self.current_id, self.filter)


# -- long jobs for worker threads (each opens its own connection) ---------------------

ProgressCallback = Callable[[str, int, int], None]


def translate_missing(
    workspace: Path, slug: str, lang: str, progress: ProgressCallback | None = None
) -> list[TranslateReport]:
    """Machine-translate the segments of ``lang`` that have no MT yet."""
    from workbench.project import translate_article

    with open_store(workspace) as store:
        return translate_article(store, slug, [lang], progress=progress)


def retranslate(workspace: Path, slug: str, segment_id: str, lang: str) -> None:
    from workbench.project import retranslate_segment

    with open_store(workspace) as store:
        retranslate_segment(store, slug, segment_id, lang)


def retranslate_pivot(
    workspace: Path, slug: str, segment_id: str, lang: str, english: str, reviewer: str | None
) -> None:
    from workbench.project import retranslate_from_pivot

    with open_store(workspace) as store:
        retranslate_from_pivot(store, slug, segment_id, lang, english, reviewer=reviewer)


def export_now(
    workspace: Path, slug: str, langs: Sequence[str], out_dir: Path
) -> list[ExportResult]:
    """Approved segments → ``out_dir/<lang>/LC_MESSAGES/<slug>.po``."""
    from workbench.export import export_article

    with open_store(workspace) as store:
        return export_article(store, slug, langs, out_dir)
