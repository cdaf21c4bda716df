"""The review session: one reviewer on one article in one target language, without a UI.

:class:`ReviewSession` is the one object the review UI talks to. It owns three small
collaborators and the store writes that tie them together:

* a :class:`~workbench.review.navigator.Navigator` (rows, filter, search, the segment
  being reviewed);
* a :class:`~workbench.review.drafts.DraftKeeper` (the text being typed, its editing time,
  when it is due for autosave);
* a :class:`~workbench.review.qa_runner.QAState` (QA findings, with the workspace glossary).

It saves drafts with the version they were read at (a conflict raises ConflictError, the
text is kept), runs every reviewer action (approve and go to the next to-do, unapprove,
revert, undo, redo, take an alternative or a TM match, mark page chrome, switch language)
and hands the editor what it shows beside the text (:mod:`workbench.review.analysis`).
The Textual app in :mod:`workbench.tui` only renders a session and forwards keys to it;
tests drive it directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from workbench.errors import ConflictError, InputError, NotFoundError
from workbench.glossary import Glossary
from workbench.review import analysis, state
from workbench.review.analysis import OTHER_LANG, DiffOp, Progress, TermHit
from workbench.review.drafts import DEFAULT_CLOCK, SAVE_DELAY_S, Clock, DraftKeeper, rebasable
from workbench.review.navigator import Navigator
from workbench.review.qa_runner import (
    Checker,
    Finding,
    QAJob,
    QAKey,
    QARun,
    QAState,
    default_checker,
    run_qa,
)
from workbench.store import Row, Store, Translation
from workbench.tm import TMMatch


class ReviewSession:
    """One reviewer on one article in one language. Not thread-safe: one thread uses it.

    ``clock`` and ``save_delay`` drive the editing time and autosave (:meth:`autosave`):
    tests pass a clock they move by hand."""

    def __init__(
        self,
        store: Store,
        slug: str,
        lang: str,
        reviewer: str | None = None,
        *,
        checker: Checker | bool | None = True,
        glossary: Glossary | None = None,
        clock: Clock = DEFAULT_CLOCK,
        save_delay: float = SAVE_DELAY_S,
    ) -> None:
        self.store = store
        self.slug = slug
        self.lang = lang
        self.reviewer = reviewer
        self.article = store.article(slug)
        #: The workspace glossary (loaded once; QA and the editor use it). A glossary that
        #: cannot be read leaves an empty one and says why in ``glossary_error``.
        self.glossary_error: str | None = None
        if glossary is None:
            glossary, self.glossary_error = analysis.load_glossary(self.workspace)
        self.glossary: Glossary = glossary
        found = default_checker() if checker is True else checker or None
        self.qa = QAState(found, glossary)
        self.drafts = DraftKeeper(clock, save_delay)
        self.nav = Navigator(self.flagged)
        self._confirmed: set[tuple[str, str]] = set()  # (lang, segment) approved with errors
        self.reload()
        self.nav.current_id = self.nav.first_visible()

    # -- rows and navigation (the Navigator) -------------------------------------------------

    @property
    def workspace(self) -> Path:
        return self.store.path.parent

    @property
    def clock(self) -> Clock:
        return self.drafts.clock

    @property
    def save_delay(self) -> float:
        return self.drafts.save_delay

    @property
    def rows(self) -> list[Row]:
        return self.nav.rows

    @property
    def visible(self) -> list[str]:
        """Ids of the rows the current filter and search show, in article order."""
        return self.nav.visible

    @property
    def current_id(self) -> str | None:
        return self.nav.current_id

    @property
    def filter(self) -> str:
        return self.nav.filter

    @property
    def query(self) -> str:
        return self.nav.query

    def reload(self) -> None:
        """Re-read every row (after a worker wrote MT, a language switch...)."""
        self.nav.load(self.store.rows(self.slug, self.lang))

    def refresh_row(self, segment_id: str) -> Row:
        return self.nav.replace(self.store.row(self.slug, segment_id, self.lang))

    def row(self, segment_id: str | None = None) -> Row:
        sid = segment_id if segment_id is not None else self.nav.current_id
        if sid is None:
            raise NotFoundError(f"article {self.slug!r} has no segment to review")
        return self.nav.get(sid)

    @property
    def current(self) -> Row | None:
        return None if self.nav.current_id is None else self.row()

    def has(self, segment_id: str) -> bool:
        return self.nav.has(segment_id)

    def visible_index(self, segment_id: str | None = None) -> int | None:
        return self.nav.visible_index(segment_id)

    def matches(self, row: Row) -> bool:
        return self.nav.matches(row)

    def set_filter(self, name: str) -> list[str]:
        return self.nav.set_filter(name)

    def cycle_filter(self) -> str:
        return self.nav.cycle_filter()

    def set_search(self, query: str) -> list[str]:
        return self.nav.set_search(query)

    def goto(self, segment_id: str) -> Row:
        """Leave the current segment (saving its draft first) and open ``segment_id``.
        Raises ConflictError, staying on the current segment, when the save conflicts."""
        if not self.nav.has(segment_id):
            raise NotFoundError(f"no segment {segment_id!r} in article {self.slug!r}")
        if segment_id != self.nav.current_id:
            self.flush()
            self.nav.current_id = segment_id
            self.drafts.start()
        return self.row()

    def move(self, delta: int) -> Row | None:
        """Move by ``delta`` rows in the visible list (clamped)."""
        target = self.nav.step(delta)
        return None if target is None else self.goto(target)

    def next_todo(self, *, after: str | None = None) -> str | None:
        """The next visible to-do row after the current one, wrapping; None when none is left."""
        return self.nav.next_todo(after=after)

    # -- drafts and saving (the DraftKeeper) -------------------------------------------------

    def text(self, segment_id: str | None = None) -> str:
        """What the editor shows for a segment: the draft when it is the current one."""
        sid = segment_id if segment_id is not None else self.nav.current_id
        if sid == self.nav.current_id and self.drafts.target is not None:
            return self.drafts.target
        t = self.row(sid).translation
        return t.target if t else ""

    def pivot_text(self) -> str | None:
        if self.drafts.pivot is not None:
            return self.drafts.pivot
        t = self.row().translation
        return t.pivot if t else None

    def set_draft(self, text: str) -> None:
        """The reviewer typed: keep the text (cheap; :meth:`flush` writes it)."""
        self.drafts.type_target(text)

    def set_pivot_draft(self, text: str) -> None:
        self.drafts.type_pivot(text)

    @property
    def dirty(self) -> bool:
        row = self.current
        if row is None:
            return False
        t = row.translation
        stored, pivot = (t.target, t.pivot) if t else ("", None)
        target, pivot_draft = self.drafts.target, self.drafts.pivot
        return (target is not None and target != stored) or (
            pivot_draft is not None and pivot_draft != (pivot or "")
        )

    def save_due_in(self) -> float | None:
        """Seconds until :meth:`autosave` saves (0: now); None when nothing is typed."""
        return self.drafts.due_in()

    def autosave(self) -> Translation | None:
        """:meth:`flush` once the draft has rested ``save_delay`` seconds since the last
        keystroke; None (nothing saved) before that."""
        wait = self.drafts.due_in()
        return self.flush() if wait is not None and wait <= 0 else None

    def flush(self) -> Translation | None:
        """Save the draft (and an edited pivot) of the current segment with the version it
        was read at. Returns the new translation, None when there was nothing to save.
        Raises ConflictError when another writer changed the segment meanwhile and the
        change cannot be kept safely (see :meth:`save`)."""
        row = self.current
        if row is None:
            return None
        result: Translation | None = None
        t, pivot, target = row.translation, self.drafts.pivot, self.drafts.target
        if pivot is not None and t is not None and pivot != (t.pivot or ""):
            result = self.store.set_pivot(
                self.slug, row.segment.id, self.lang, pivot, reviewer=self.reviewer
            )
            row = self.refresh_row(row.segment.id)
        self.drafts.pivot = None
        if target is not None:
            stored = row.translation.target if row.translation else ""
            if target != stored:
                result = self.save(target)
        self.drafts.drop()
        return result

    def save(self, target: str) -> Translation:
        """Save ``target`` on the current segment with the version it was read at.

        When the version moved, the save goes through only if the other write may be
        rebased on (:func:`~workbench.review.drafts.rebasable`): the store would never let
        MT replace an edited target either. Any other change raises ConflictError, the
        text kept as the draft: never overwrite a person's text silently."""
        row = self.row()
        if not row.segment.translatable:
            raise InputError("this segment is page chrome: un-mark it (alt+c) before translating")
        t = row.translation
        self.drafts.tick()
        try:
            new = self._save_at(row, target, t.version if t else 0)
        except ConflictError:
            current = self.store.row(self.slug, row.segment.id, self.lang).translation
            if current is None or not rebasable(row, current):
                self.drafts.target = target  # keep the text for the conflict dialog
                raise
            new = self._save_at(row, target, current.version)
        self.drafts.target = None
        return new

    def _save_at(self, row: Row, target: str, version: int) -> Translation:
        new = self.store.save_target(
            self.slug, row.segment.id, self.lang, target, expected_version=version,
            reviewer=self.reviewer, edit_seconds=self.drafts.seconds,
        )  # fmt: skip
        self.drafts.recorded()
        self.refresh_row(row.segment.id)
        return new

    def keep_mine(self, text: str) -> Translation:
        """Conflict resolved by the reviewer in favour of their text: save it over the
        version that is now in the store (a deliberate overwrite, recorded in the events)."""
        row = self.refresh_row(self.row().segment.id)
        self.drafts.tick()
        new = self._save_at(row, text, row.translation.version if row.translation else 0)
        self.drafts.target = None
        return new

    def take_theirs(self) -> Row:
        """Conflict resolved in favour of the stored text: drop the draft."""
        self.drafts.target = None
        return self.refresh_row(self.row().segment.id)

    # -- actions -------------------------------------------------------------------------------

    def _after(self, new: Translation | None) -> Row:
        self.drafts.drop()
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
        self.qa.reset()
        self.reload()
        self.drafts.drop()
        if keep is None or not self.nav.has(keep):
            self.nav.current_id = self.nav.first_visible()
        return self.lang

    # -- QA (the QAState) -----------------------------------------------------------------------

    @property
    def qa_generation(self) -> int:
        return self.qa.generation

    def _qa_key(self, row: Row, text: str | None = None) -> QAKey | None:
        """What a row's findings are cached by; None when there is nothing to check."""
        if not self.qa.enabled or not row.segment.translatable:
            return None
        target = text if text is not None else self.text(row.segment.id)
        if not target.strip():
            return None
        return (row.segment.source, target, row.translation.pivot if row.translation else None)

    def findings(self, segment_id: str | None = None, text: str | None = None) -> list[Finding]:
        """QA findings (glossary included) for a segment's target (or ``text``), computed
        now when not cached. Cached by content."""
        return self.qa.findings(self._qa_key(self.row(segment_id), text), self.lang)

    def cached_findings(self, row: Row) -> list[Finding] | None:
        """A row's findings when they are computed already, else None (never computes)."""
        return self.qa.cached(self._qa_key(row))

    def flagged(self, row: Row) -> bool:
        """The row has QA errors or warnings *as far as computed*: a row QA has not reached
        yet is not flagged (see :meth:`qa_jobs`, :meth:`check_all`)."""
        found = self.cached_findings(row)
        return found is not None and any(f.severity in ("error", "warning") for f in found)

    def qa_jobs(self) -> list[QAJob]:
        """The rows whose findings are not computed yet, one job per distinct text."""
        return self.qa.jobs(self._qa_key(row) for row in self.rows)

    def qa_run(self) -> QARun | None:
        """What a worker needs to run :func:`~workbench.review.qa_runner.run_qa` (None
        without QA checks)."""
        return self.qa.run(self.lang)

    def add_findings(self, found: Mapping[QAKey, list[Finding]], generation: int) -> bool:
        """Take findings computed elsewhere (a worker). Findings of another generation (made
        before a language switch) are dropped: returns False then. The visible rows are
        recomputed when the flagged filter is on (the current segment stays)."""
        if not self.qa.add(found, generation):
            return False
        if self.filter == "flagged":
            self.nav.recompute_keeping_current()
        return True

    def check_all(self) -> None:
        """QA every row now, in this thread (headless callers; the UI uses a worker)."""
        run = self.qa_run()
        if run is not None:
            for found, _done in run_qa(run, self.qa_jobs()):
                self.add_findings(found, run.generation)

    @property
    def qa_complete(self) -> bool:
        return not self.qa.enabled or not self.qa_jobs()

    # -- what the editor shows beside the text ------------------------------------------------

    def progress(self) -> Progress:
        return analysis.progress(self.rows)

    def terms(self, segment_id: str | None = None) -> list[TermHit]:
        """Glossary terms in the segment's source (each term once, where it first occurs),
        with the form the target language requires and whether QA finds it missing."""
        row = self.row(segment_id)
        hits = self.glossary.find(row.segment.source)
        if not hits:
            return []
        missing = {
            getattr(f, "source_span", None)
            for f in self.findings(row.segment.id)
            if f.check == "glossary"
        }
        checked = self._qa_key(row) is not None
        return analysis.term_hits(
            self.glossary, hits, row.segment.source, self.lang, missing, checked=checked
        )

    def tm(self, segment_id: str | None = None) -> list[TMMatch]:
        """Translation-memory matches of a segment (stored with its MT), best first."""
        return analysis.tm_matches(self.row(segment_id).translation)

    def diff(self, segment_id: str | None = None) -> list[DiffOp]:
        row = self.row(segment_id)
        mt = row.translation.mt if row.translation else None
        return analysis.word_diff(mt or "", self.text(row.segment.id)) if mt else []

    def effort(self, segment_id: str | None = None) -> float | None:
        row = self.row(segment_id)
        mt = row.translation.mt if row.translation else None
        return analysis.edit_effort(mt, self.text(row.segment.id))

    def needs_mt(self) -> bool:
        """Translatable segments without machine translation in this language."""
        return any(
            r.segment.translatable
            and r.segment.source.strip()
            and (r.translation is None or r.translation.mt is None)
            for r in self.rows
        )

    def export_langs(self) -> list[str]:
        """The language under review, plus any other with approved segments."""
        langs = self.store.status(self.slug).langs
        return [self.lang] + [
            lang for lang, counts in langs.items() if lang != self.lang and counts.get("approved")
        ]

    # -- remembered position -------------------------------------------------------------------

    def restore_position(self) -> None:
        self.nav.restore(*state.last_position(self.workspace, self.slug, self.lang))

    def remember_position(self) -> None:
        if self.current_id is not None:
            state.remember_position(
                self.workspace, self.slug, self.lang, self.current_id, self.filter
            )
