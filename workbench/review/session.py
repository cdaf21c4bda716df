"""The review session: one reviewer on one article in one target language, without a UI.

:class:`ReviewSession` is the one object the review UI talks to: a facade over a
:class:`~workbench.review.navigator.Navigator` (rows, filter, search, cursor), a
:class:`~workbench.review.drafts.DraftKeeper` (typing, autosave, saving with conflicts) and
a :class:`~workbench.review.qa_runner.QAState` (findings), plus the reviewer's actions
(:mod:`workbench.review.actions`: approve and go to the next to-do, unapprove, revert,
undo, redo, take an alternative or a TM match, mark page chrome, take back kept drafts),
switching language, and what the editor shows beside the text
(:mod:`workbench.review.analysis`). The Textual app only renders a session and forwards
keys to it; tests drive it directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from workbench.errors import NotFoundError, StoreError
from workbench.glossary import Glossary
from workbench.review import analysis, recovery, state
from workbench.review.actions import Actions
from workbench.review.analysis import OTHER_LANG, DiffOp, Progress, TermHit
from workbench.review.drafts import (
    DEFAULT_CLOCK,
    MAX_UNSAVED_S,
    SAVE_DELAY_S,
    Clock,
    DraftKeeper,
)
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


class ReviewSession(Actions):
    """One reviewer on one article in one language. Not thread-safe: one thread uses it.

    ``clock``, ``save_delay`` and ``max_unsaved`` drive the editing time and autosave
    (:meth:`autosave`): tests pass a clock they move by hand."""

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
        max_unsaved: float = MAX_UNSAVED_S,
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
            glossary, self.glossary_error = analysis.load_glossary(store)
        self.glossary: Glossary = glossary
        found = default_checker() if checker is True else checker or None
        self.qa = QAState(found, glossary, self.text)
        #: Where drafts that cannot be saved are kept (this reviewer's recovery files of
        #: this database).
        self.shelf = recovery.Shelf.of(store, reviewer)
        self.drafts = DraftKeeper(self, clock, save_delay, max_unsaved)
        from workbench import settings
        from workbench.project import load_calibrations

        self.nav = Navigator(self.qa.flagged, settings.load().low_confidence())
        #: Confidence calibrations by model label (refitted by ``workbench qa`` and when the
        #: review opens from the CLI), for the expected edit the editor shows.
        self.calibrations = load_calibrations(store)
        self.reload()
        self.nav.current_id = self.nav.first_visible()

    # -- rows and navigation (the Navigator) -------------------------------------------------

    @property
    def workspace(self) -> Path:
        return self.store.workspace

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

    def reload(self) -> str | None:
        """Re-read every row (after a worker wrote MT, a language switch...). When the
        segment under review is gone (a re-import removed it), its drafts go to a recovery
        file and the cursor moves to the nearest segment left: the line returned says so."""
        before = self.current
        self.nav.load(self.store.rows(self.slug, self.lang))
        if before is None or self.nav.has(before.segment.id):
            return None
        kept = self.drafts.set_aside("segment gone", before)
        self.drafts.start()
        position = before.segment.position
        after = [sid for sid in self.visible if self.nav.get(sid).segment.position > position]
        if after:
            self.nav.current_id = after[0]
        else:
            self.nav.current_id = self.visible[-1] if self.visible else None
        text = f": your text is kept in {kept}" if kept else ""
        return f"segment {position} was removed by a re-import of the article{text}"

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

    def set_filter(self, name: str) -> list[str]:
        return self.nav.set_filter(name)

    def cycle_filter(self) -> str:
        return self.nav.cycle_filter()

    @property
    def order(self) -> str:
        return self.nav.order

    def cycle_order(self) -> str:
        """The article's order, or the least confident machine translation first."""
        return self.nav.cycle_order()

    def confidence_line(self, row: Row) -> str:
        """``confidence 0.31 · expected edit ~45 %`` for a row's MT ("" without one)."""
        return analysis.confidence_line(row, self.calibrations)

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
            self.refresh_row(segment_id)  # opened: re-read (another reviewer may have saved)
        return self.row()

    def goto_number(self, answer: str) -> Row:
        """Go to the segment numbered ``answer`` (typed in the go-to field), as :meth:`goto`;
        InputError when it is no number of the article. A filter hiding it is dropped."""
        row = self.goto(self.nav.numbered(answer))
        self.nav.reveal_current()
        return row

    def place(self, segment_id: str | None = None) -> str:
        """Where it is: "12 of 28 · match 3 of 5" (:meth:`Navigator.place`)."""
        return self.nav.place(segment_id)

    def filter_counts(self) -> dict[str, int]:
        """How many segments each filter would show, with the search applied."""
        return self.nav.counts()

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
        return self.drafts.text(segment_id)

    def pivot_text(self) -> str | None:
        return self.drafts.pivot_text()

    def set_draft(self, text: str) -> None:
        """The reviewer typed: keep the text (cheap; :meth:`flush` writes it)."""
        self.drafts.type_target(text)

    def set_pivot_draft(self, text: str) -> None:
        self.drafts.type_pivot(text)

    @property
    def dirty(self) -> bool:
        return self.drafts.dirty()

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
        was read at; None when there was nothing to save. ConflictError (the text kept)
        when another writer changed it meanwhile (:meth:`DraftKeeper.save`)."""
        return self.drafts.flush()

    def save(self, target: str) -> Translation:
        """Save ``target`` on the current segment with the version it was read at."""
        return self.drafts.save(target)

    def keep_mine(self, text: str) -> Translation:
        """Conflict resolved in favour of the reviewer's text (saved over theirs). Only a
        draft the reviewer typed, and never an empty one over their text (InputError)."""
        return self.drafts.keep_mine(text)

    def set_aside(self, reason: str = "closed") -> str | None:
        """Keep the drafts in a recovery file now (the UI closes with a draft it could not
        save); returns the file, None without a draft or when no place could take it."""
        return self.drafts.set_aside(reason)

    @property
    def kept(self) -> str | None:
        """The recovery file holding the current drafts after a failed save, if any."""
        return self.drafts.kept

    def take_theirs(self) -> Row:
        """Conflict resolved in favour of the stored text: drop the draft."""
        return self.drafts.take_theirs()

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

    def findings(self, segment_id: str | None = None, text: str | None = None) -> list[Finding]:
        """QA findings (glossary included) for a segment's target (or ``text``), computed
        now when not cached. Cached by content."""
        return self.qa.findings(self.row(segment_id), self.lang, text)

    def qa_jobs(self) -> list[QAJob]:
        """The rows whose findings are not computed yet, one job per distinct text."""
        return self.qa.jobs(self.rows)

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
        source = row.segment.source
        hits = self.glossary.find(source)
        if not hits:
            return []
        found, checked = self.findings(row.segment.id), self.qa.key(row) is not None
        return analysis.term_hits(self.glossary, hits, source, self.lang, found, checked)

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
        return analysis.needs_mt(self.rows)

    def export_langs(self) -> list[str]:
        """The language under review, plus any other with approved segments."""
        langs = self.store.status(self.slug).langs
        return [self.lang] + [
            lang for lang, counts in langs.items() if lang != self.lang and counts.get("approved")
        ]

    # -- remembered position -------------------------------------------------------------------

    def restore_position(self) -> str | None:
        """Back to where the reviewer left this article (kept in the store); returns a line
        for the reviewer when it cannot be read (only the remembered position is lost)."""
        try:
            found = state.last_position(self.store, self.slug, self.lang, self._owner())
        except StoreError as exc:
            self.nav.restore(None, "all")
            return f"the review position could not be read ({exc}): starting at the first segment"
        self.nav.restore(*found)
        return None

    def remember_position(self) -> str | None:
        """Remember the position for next time; returns why it could not be (a full or
        read-only disk: only the position is lost)."""
        if self.current_id is None:
            return None
        try:
            state.remember_position(
                self.store, self.slug, self.lang, self.current_id, self.filter, self._owner()
            )
        except StoreError as exc:
            return f"the review position could not be remembered ({exc})"
        return None

    def _owner(self) -> str:
        """Whose position this is (the store records the login instead on PostgreSQL)."""
        from workbench import settings

        return self.reviewer or settings.load().reviewer()
