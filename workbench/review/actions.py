"""The reviewer's actions on the current segment, as a mixin of
:class:`~workbench.review.session.ReviewSession`: approve (and go to the next to-do),
unapprove, revert, undo, redo, take an MT alternative or a TM match, mark page chrome, and
take back the drafts kept in recovery files by an earlier session. Every action saves the
drafts first and writes with the version it read, after checking that the segment is still
there to be written (a re-import may have removed it meanwhile)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import ConflictError, InputError, StoreError
from workbench.review import recovery
from workbench.review.drafts import Base, DraftKeeper
from workbench.review.navigator import Navigator
from workbench.review.qa_runner import Finding
from workbench.store import Row, Store, Translation
from workbench.tm import TMMatch

if TYPE_CHECKING:
    from workbench.project import EnglishFromPivot


class Actions:
    """What the reviewer does to the current segment. The session provides the rest."""

    store: Store
    slug: str
    lang: str
    reviewer: str | None
    drafts: DraftKeeper
    shelf: recovery.Shelf
    nav: Navigator

    # provided by ReviewSession
    if TYPE_CHECKING:

        @property
        def workspace(self) -> Path: ...
        @property
        def current_id(self) -> str | None: ...

    row: Callable[..., Row]
    refresh_row: Callable[[str], Row]
    flush: Callable[[], Translation | None]
    save: Callable[[str], Translation]
    goto: Callable[[str], Row]
    next_todo: Callable[..., str | None]
    findings: Callable[..., list[Finding]]
    tm: Callable[..., list[TMMatch]]
    text: Callable[[], str]

    def _write(self, write: Callable[..., Translation | None]) -> Translation | None:
        """Save the drafts, then one store write on the current segment (``store.approve``,
        ``store.undo``...) with the version it was read at."""
        self.flush()
        row = self.drafts.check_there()
        t = row.translation
        return write(
            self.slug, row.segment.id, self.lang, expected_version=t.version if t else 0,
            reviewer=self.reviewer,
        )  # fmt: skip

    def _after(self) -> Row:
        self.drafts.drop()
        return self.refresh_row(self.row().segment.id)

    def approve(self) -> Row:
        self.flush()
        if not self.row().segment.translatable:
            raise InputError("this segment is page chrome: un-mark it (alt+c) to translate it")
        self._write(self.store.approve)
        return self._after()

    def approval_errors(self) -> list[Finding]:
        """The QA errors that approving the current segment's text now would accept, less
        those a reviewer already dismissed for this very text (asked once per text: the
        decision is kept in the store, and the export's QA gate honours it)."""
        if self.current_id is None:
            return []
        sid, text = self.current_id, self.text()
        dismissed = {
            d.check
            for d in self.store.dismissals(self.slug, self.lang)
            if d.segment_id == sid and d.target == text
        }
        return [f for f in self.findings() if f.severity == "error" and f.check not in dismissed]

    def confirm_approval(self) -> None:
        """The reviewer accepts approving the current text despite its QA errors: each
        finding is dismissed in the store (who, when, for this text), Weblate-style."""
        errors = self.approval_errors()
        if self.current_id is None or not errors:
            return
        self.store.dismiss_findings(
            self.slug, self.current_id, self.lang, [(f.check, f.message) for f in errors],
            self.text(), self.reviewer,
        )  # fmt: skip

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
        self._write(self.store.unapprove)
        return self._after()

    def revert(self) -> Row:
        """Back to the machine translation (recorded as one undoable action; the typing it
        replaces is saved first, so undo brings it back)."""
        self._write(self.store.revert_to_mt)
        return self._after()

    def undo(self) -> Row | None:
        """Store-level undo of the segment's last reviewer action (typing is saved first,
        so it is what gets undone, and redo brings it back). None when there is nothing to
        undo."""
        return None if self._write(self.store.undo) is None else self._after()

    def redo(self) -> Row | None:
        return None if self._write(self.store.redo) is None else self._after()

    def take_alternative(self, number: int) -> Row:
        """Replace the target with the MT's alternative ``number`` (1-based) and save (the
        typing it replaces is saved first)."""
        self.flush()
        t = self.row().translation
        return self._take(t.alternatives if t else (), "alternative(s)", number)

    def take_match(self, number: int) -> Row:
        """Replace the target with translation-memory match ``number`` (1-based) and save."""
        self.flush()
        return self._take([m.target for m in self.tm()], "translation-memory match(es)", number)

    def copy_source(self) -> Row:
        """The French source as the target, to edit from (names, figures, quotations), as
        Poedit's "copy from source"; saved as one undoable change (typing saved first)."""
        self.flush()
        return self._take([self.row().segment.source], "source", 1)

    def _take(self, options: Sequence[str], what: str, number: int) -> Row:
        if not 1 <= number <= len(options):
            raise InputError(f"this segment has {len(options)} {what}: no number {number}")
        self.save(options[number - 1])
        return self.row()

    def pivot_to_english(
        self, *, replace: bool = False, expected_version: int | None = None
    ) -> EnglishFromPivot:
        """The current segment's English pivot (as typed: saved first) as its English target,
        through :func:`workbench.project.english_from_pivot` (``ask`` when a reviewer's English
        says something else; ``replace`` with the version asked about confirms). The English
        changed since the question is an InputError: the reviewer asks again and sees it."""
        from workbench.project import english_from_pivot

        self.flush()
        sid = self.drafts.check_there().segment.id
        try:
            return english_from_pivot(
                self.store, self.slug, sid, self.lang, reviewer=self.reviewer, replace=replace,
                expected_version=expected_version,
            )  # fmt: skip
        except ConflictError as exc:
            raise InputError(
                "the English target changed meanwhile: nothing replaced, ask again to see it"
            ) from exc

    def toggle_chrome(self) -> Row:
        """Mark the segment as page chrome (not translated), or un-mark it."""
        self.flush()
        seg = self.row().segment
        if seg.translatable:
            seg = self.drafts.check_there().segment
        if seg.kind == "chrome":
            kind = None if seg.detected_kind != "chrome" else "content"
        else:
            kind = None if seg.detected_kind == "chrome" else "chrome"
        self.store.set_kind(self.slug, seg.id, kind, self.reviewer)
        return self._after()

    # -- drafts kept by an earlier session ------------------------------------------------------

    def recover(self) -> list[str]:
        """Take back the drafts an earlier session kept in recovery files for this article
        and language (a full disk, a crash in a conflict, a segment removed meanwhile); one
        line for the reviewer each. A draft typed on the version still stored is saved now,
        as its autosave would have; the first one whose segment changed since becomes the
        current segment's draft (saving it is a conflict: the reviewer chooses); the others,
        and those whose segment is gone, stay in their files for next time."""
        notes: list[str] = []
        for entry, path in self.shelf.kept(self.slug, self.lang):
            note = self._recover(entry, path)
            if note:
                notes.append(note)
        return notes

    def _recover(self, entry: recovery.Kept, path: Path) -> str | None:
        sid = entry.segment_id
        if not self.nav.has(sid) or not self.row(sid).segment.translatable:
            return (f"Text you typed on a segment that is gone or page chrome now "
                    f"(“{entry.source[:40]}”) is kept in {path}")  # fmt: skip
        row = self.row(sid)
        t = row.translation
        position = row.segment.position
        target = None if t is not None and entry.target == t.target else entry.target
        pivot = None if t is not None and entry.pivot == (t.pivot or "") else entry.pivot
        if target is None and pivot is None:
            self.shelf.forget(self.slug, self.lang, sid)  # saved after all
            return None
        if (t.version if t else 0) == entry.base_version:
            who, version = entry.reviewer or self.reviewer, entry.base_version
            try:
                if pivot is not None and t is not None:
                    version = self.store.set_pivot(
                        self.slug, sid, self.lang, pivot, expected_version=version, reviewer=who
                    ).version
                if target is not None:
                    self.store.save_target(self.slug, sid, self.lang, target,
                                           expected_version=version, reviewer=who)  # fmt: skip
            except ConflictError:
                pass  # changed meanwhile: as below
            except StoreError as exc:
                return (f"Your unsaved text of segment {position} is still not saved "
                        f"({exc}): kept in {path}")  # fmt: skip
            else:
                self.shelf.forget(self.slug, self.lang, sid)
                self.refresh_row(sid)
                return (f"Recovered and saved your unsaved text of segment {position} "
                        f"({entry.saved_at})")  # fmt: skip
        if self.drafts.target is not None or self.drafts.pivot is not None:
            return (f"Your unsaved text of segment {position} is kept in {path} (offered "
                    "again next time)")  # fmt: skip
        self.goto(sid)
        base = Base(entry.base_version, entry.base_target, machine=not entry.base_target)
        self.drafts.recovered(target, pivot, base, str(path))
        return (f"Recovered your unsaved text of segment {position} ({entry.saved_at}); the "
                "segment changed since: ctrl+s compares both versions")  # fmt: skip
