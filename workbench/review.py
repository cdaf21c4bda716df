"""The review session: everything the review UI does, without the UI.

:class:`ReviewSession` holds one article in one target language for one reviewer: the rows
in order, a filter and a search over them, the segment being reviewed, the text the
reviewer is typing (the *draft*, saved by :meth:`ReviewSession.flush` with the version it
was read at), and every reviewer action (approve and go to the next to-do, unapprove,
revert, undo, redo, take an alternative, mark or un-mark page chrome, switch language).
It also computes what the editor shows beside the text: QA findings (with the workspace
glossary), the glossary terms of the source, the translation-memory matches, a word diff
from the MT to the target and the edit effort (TER). QA of the whole article (what the
"flagged" filter needs) is split into :meth:`ReviewSession.qa_jobs`, a thread-safe
:func:`run_qa` generator and :meth:`ReviewSession.add_findings`, so the UI can run it in a
worker and filter on what is computed so far. The Textual app in :mod:`workbench.tui`
only renders a session and forwards keys to it; tests drive it directly.

The module imports no Textual. The ``*_in_workspace`` functions at the end are the long
jobs the UI runs in worker threads: each opens its own store connection (SQLite
connections stay in the thread that made them).
"""

from __future__ import annotations

import difflib
import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from workbench.errors import ConflictError, InputError, NotFoundError
from workbench.fsutil import atomic_write
from workbench.glossary import Glossary, load_workspace_glossary
from workbench.store import Row, Store, Translation, open_store
from workbench.tm import TMMatch

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
#: What QA findings are cached by: (source, target, English pivot).
QAKey = tuple[str, str, str | None]
#: Findings are handed to the UI in batches of this many segments.
QA_BATCH = 200


@dataclass(frozen=True, slots=True)
class QAJob:
    """One segment's text to check, copied out of the session (workers never touch it)."""

    key: QAKey
    source: str
    target: str
    pivot: str | None


@dataclass(frozen=True, slots=True)
class QARun:
    """Everything a worker thread needs to check :class:`QAJob` s: immutable values only."""

    checker: Checker
    lang: str
    glossary: Glossary
    generation: int  # the session's QA generation when the run was made (see add_findings)

    def check(self, job: QAJob) -> list[Finding]:
        return _check(self.checker, job.source, job.target, self.lang, job.pivot, self.glossary)


def _check(
    checker: Checker, source: str, target: str, lang: str, pivot: str | None, glossary: Glossary
) -> list[Finding]:
    try:
        return list(checker(source, target, lang, pivot=pivot, glossary=glossary))
    except InputError:
        return []  # QA has no checks for this language: nothing to report


def run_qa(
    run: QARun, jobs: Sequence[QAJob], *, between: Callable[[], None] | None = None
) -> Iterator[tuple[dict[QAKey, list[Finding]], int]]:
    """Check ``jobs``; yields ``(findings by key, jobs done so far)`` every :data:`QA_BATCH`
    jobs. Thread-safe: it reads only ``run`` and ``jobs``. A worker loops over it and stops
    between batches when cancelled. ``between`` runs after every job (a worker thread passes
    ``time.sleep(0)``: it hands the interpreter back to the UI thread at once instead of
    after Python's 5 ms switch interval)."""
    batch: dict[QAKey, list[Finding]] = {}
    for done, job in enumerate(jobs, start=1):
        batch[job.key] = run.check(job)
        if between is not None:
            between()
        if len(batch) >= QA_BATCH or done == len(jobs):
            yield batch, done
            batch = {}


@dataclass(frozen=True, slots=True)
class TermHit:
    """A glossary term found in the current segment's source."""

    fr: str  # as written in the source
    required: str  # the form the target language requires ("" = no requirement)
    do_not_translate: bool
    note: str
    span: tuple[int, int]  # in the source
    #: True when QA reports the term missing from the target, False when the target has it,
    #: None when there is nothing to check (no target, no QA).
    missing: bool | None


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


def tm_matches(translation: Translation | None) -> list[TMMatch]:
    """The translation-memory matches stored with a segment's MT, best first. A damaged
    entry (hand-edited database) is left out rather than stopping the review."""
    out = []
    for data in translation.matches if translation else ():
        try:
            out.append(TMMatch.from_json(data))
        except (KeyError, TypeError, ValueError, AssertionError):
            continue
    return out


def tm_origin_score(translation: Translation | None) -> int | None:
    """The match score (100 or 101) of a target that came from the translation memory
    (origin "tm"), None for any other origin."""
    if translation is None or translation.origin != "tm":
        return None
    matches = tm_matches(translation)
    same = [m.score for m in matches if m.target == translation.mt]
    return same[0] if same else (matches[0].score if matches else 100)


def load_glossary(workspace: Path) -> tuple[Glossary, str | None]:
    """The workspace glossary, and the error that made it unusable (then an empty one)."""
    try:
        return load_workspace_glossary(workspace), None
    except InputError as exc:
        return Glossary(), f"glossary not used: {exc}"


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
    data = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write(_state_path(folder), data.encode("utf-8"))


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
        glossary: Glossary | None = None,
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
        #: The workspace glossary (loaded once; QA and the editor use it). A glossary that
        #: cannot be read leaves an empty one and says why in ``glossary_error``.
        self.glossary: Glossary
        self.glossary_error: str | None = None
        if glossary is None:
            self.glossary, self.glossary_error = load_glossary(self.workspace)
        else:
            self.glossary = glossary
        self._qa_cache: dict[QAKey, list[Finding]] = {}
        self.qa_generation = 0  # bumped whenever the cache is dropped (language switch)
        self._confirmed: set[tuple[str, str]] = set()  # (lang, segment) approved with errors
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
        return self.store.workspace

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
                self.slug,
                row.segment.id,
                self.lang,
                self._pivot_draft,
                expected_version=t.version,  # another reviewer's pivot edit is a conflict
                reviewer=self.reviewer,
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

    def approval_errors(self) -> list[Finding]:
        """The QA errors that approving the current segment now would accept, unless the
        reviewer already said yes to approving it with errors (asked once per segment)."""
        if self.current_id is None or (self.lang, self.current_id) in self._confirmed:
            return []
        return [f for f in self.findings() if f.severity == "error"]

    def confirm_approval(self) -> None:
        """The reviewer accepts approving the current segment despite its QA errors."""
        if self.current_id is not None:
            self._confirmed.add((self.lang, self.current_id))

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
        new = self.store.undo(
            self.slug, self.row().segment.id, self.lang, reviewer=self.reviewer,
            expected_version=self._version(),
        )  # fmt: skip
        return None if new is None else self._after(new)

    def redo(self) -> Row | None:
        self.flush()
        new = self.store.redo(
            self.slug, self.row().segment.id, self.lang, reviewer=self.reviewer,
            expected_version=self._version(),
        )  # fmt: skip
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

    def tm(self, segment_id: str | None = None) -> list[TMMatch]:
        """Translation-memory matches of a segment (stored with its MT), best first."""
        return tm_matches(self.row(segment_id).translation)

    def take_match(self, number: int) -> Row:
        """Replace the target with translation-memory match ``number`` (1-based) and save."""
        self.flush()
        found = self.tm()
        if not 1 <= number <= len(found):
            raise InputError(
                f"this segment has {len(found)} translation-memory match(es): no number {number}"
            )
        self.save(found[number - 1].target)
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
        self.qa_generation += 1
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

    def _qa_key(self, row: Row, text: str | None = None) -> QAKey | None:
        """What a row's findings are cached by; None when there is nothing to check."""
        if self._checker is None or not row.segment.translatable:
            return None
        target = text if text is not None else self.text(row.segment.id)
        if not target.strip():
            return None
        return (row.segment.source, target, row.translation.pivot if row.translation else None)

    def findings(self, segment_id: str | None = None, text: str | None = None) -> list[Finding]:
        """QA findings (glossary included) for a segment's target (or ``text``), computed
        now when not cached. Cached by content."""
        row = self.row(segment_id)
        key = self._qa_key(row, text)
        if key is None or self._checker is None:
            return []
        found = self._qa_cache.get(key)
        if found is None:
            found = _check(self._checker, key[0], key[1], self.lang, key[2], self.glossary)
            self._qa_cache[key] = found
        return found

    def cached_findings(self, row: Row) -> list[Finding] | None:
        """A row's findings when they are computed already, else None (never computes)."""
        key = self._qa_key(row)
        return [] if key is None else self._qa_cache.get(key)

    def flagged(self, row: Row) -> bool:
        """The row has QA errors or warnings *as far as computed*: a row QA has not reached
        yet is not flagged (see :meth:`qa_jobs`, :meth:`check_all`)."""
        found = self.cached_findings(row)
        return bool(found) and any(f.severity in ("error", "warning") for f in found)

    def qa_jobs(self) -> list[QAJob]:
        """The rows whose findings are not computed yet, one job per distinct text."""
        jobs: dict[QAKey, QAJob] = {}
        for row in self._rows:
            key = self._qa_key(row)
            if key is not None and key not in self._qa_cache and key not in jobs:
                jobs[key] = QAJob(key, *key)
        return list(jobs.values())

    def qa_run(self) -> QARun | None:
        """What a worker needs to run :func:`run_qa` (None without QA checks)."""
        if self._checker is None:
            return None
        return QARun(self._checker, self.lang, self.glossary, self.qa_generation)

    def add_findings(self, found: Mapping[QAKey, list[Finding]], generation: int) -> bool:
        """Take findings computed elsewhere (a worker). Findings of another generation (made
        before a language switch) are dropped: returns False then. The visible rows are
        recomputed when the flagged filter is on (the current segment stays)."""
        if generation != self.qa_generation:
            return False
        self._qa_cache.update(found)
        if self.filter == "flagged":
            # The segment being reviewed stays in the list even when it is no longer
            # flagged: new findings elsewhere must not move the reviewer away from it.
            keep = self.current_id if self.current_id in self._visible else None
            self._visible = [
                r.segment.id for r in self._rows if r.segment.id == keep or self.matches(r)
            ]
        return True

    def check_all(self) -> None:
        """QA every row now, in this thread (headless callers; the UI uses a worker)."""
        run = self.qa_run()
        if run is not None:
            for found, _done in run_qa(run, self.qa_jobs()):
                self.add_findings(found, run.generation)

    @property
    def qa_complete(self) -> bool:
        return self._checker is None or not self.qa_jobs()

    def terms(self, segment_id: str | None = None) -> list[TermHit]:
        """Glossary terms in the segment's source (each term once, where it first occurs),
        with the form the target language requires and whether QA finds it missing."""
        row = self.row(segment_id)
        hits = self.glossary.find(row.segment.source)
        if not hits:
            return []
        checked = self._qa_key(row) is not None
        missing = {
            getattr(f, "source_span", None)
            for f in self.findings(row.segment.id)
            if f.check == "glossary"
        }
        seen: set[str] = set()
        out = []
        for term, span in hits:
            if term.fr in seen:
                continue
            seen.add(term.fr)
            required = self.glossary.target_for(term, self.lang) if self.lang in OTHER_LANG else ""
            out.append(
                TermHit(
                    row.segment.source[span[0] : span[1]],
                    required,
                    term.do_not_translate,
                    term.note,
                    span,
                    (span in missing) if checked and required else None,
                )
            )
        return out

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
