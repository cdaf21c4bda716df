"""Live refresh: what another reviewer (another review UI, ``import-po``, ``translate``,
``batch``) committed reaches an open review session, without ever overwriting its draft.

:class:`LiveRefresh` follows the store's change feed (:meth:`~workbench.store.Store.
changes_since`) from a token and applies the changes to a :class:`~workbench.review.
ReviewSession`: the changed rows of its article and language are re-read; an article-wide
change (an import) re-reads them all. The segment being edited is the one exception: while
the reviewer has a draft on it, the row the draft was read at is kept (held), so saving the
draft carries the old version and goes through the session's conflict rule (a conflict, or
a rebase when the other write left the text alone); once the draft is gone, the held row
is re-read. Without a draft, the editor shows the new text.

Headless callers :meth:`~LiveRefresh.poll` (the session's store, this thread); the review
UI's worker follows the feed on a connection of its own and hands the changes to
:meth:`~LiveRefresh.apply` on the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.review.session import ReviewSession
    from workbench.store import Change, Row


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What one refresh changed in the session, for a UI to redraw."""

    #: ids of the rows whose stored version changed (their list lines need redrawing)
    rows: tuple[str, ...] = ()
    #: the visible rows (filter, search, order) changed: redraw the whole list
    relisted: bool = False
    #: the segment being edited changed and has no draft: the editor shows the new text
    current: bool = False
    #: the segment being edited changed under an unsaved draft, which is kept: saving it
    #: goes through the conflict rule
    held: bool = False

    def __bool__(self) -> bool:
        return bool(self.rows) or self.relisted or self.current or self.held


class LiveRefresh:
    """Applies the store's changes to one review session. Not thread-safe: the session's
    thread calls it."""

    def __init__(self, session: ReviewSession, *, follow: bool = True) -> None:
        self.session = session
        #: where :meth:`poll` reads the feed from: taken now when ``follow`` (a caller that
        #: only :meth:`apply`s changes read elsewhere leaves the session's store alone)
        self.token: str | None = session.store.change_token() if follow else None
        #: the segment whose stored change waits under the reviewer's draft
        self.held_id: str | None = None

    def poll(self) -> Refreshed:
        """Read what was committed since the last poll (any process) and apply it."""
        store = self.session.store
        if self.token is None:
            self.token = store.change_token()
        self.token, changes = store.changes_since(self.token)
        return self.apply(changes)

    def apply(self, changes: Iterable[Change] | None) -> Refreshed:
        """Apply ``changes`` (None: anything may have changed; every row is re-read)."""
        s = self.session
        ids: set[str] = set()
        whole = changes is None
        for c in changes or ():
            if c.slug == s.slug and c.lang in ("", s.lang):
                whole |= c.segment_id == "" or not s.has(c.segment_id)
                ids.add(c.segment_id)
        held = self.held_id
        if held is not None and (held != s.current_id or not self._drafting()):
            ids.add(held)  # the draft is gone: re-read what it held back
        if whole:
            return self._reread_all()
        return self._reread(sorted(i for i in ids if s.has(i)))

    # -- reading ------------------------------------------------------------------------

    def _drafting(self) -> bool:
        d = self.session.drafts
        return d.target is not None or d.pivot is not None

    def _keep(self, old: Row, new: Row) -> bool:
        """Whether ``old`` stays (held) instead of ``new``: the segment being edited, changed
        under a draft."""
        if old.segment.id != self.session.current_id or not self._drafting():
            if old.segment.id == self.held_id:
                self.held_id = None
            return False
        self.held_id = old.segment.id
        return True

    def _reread(self, ids: list[str]) -> Refreshed:
        s = self.session
        changed: list[str] = []
        current = held = False
        for sid in ids:
            old, new = s.row(sid), s.store.row(s.slug, sid, s.lang)
            if old == new:
                if sid == self.held_id and (sid != s.current_id or not self._drafting()):
                    self.held_id = None
                continue
            if self._keep(old, new):
                held = True
                continue
            s.nav.replace(new)
            changed.append(sid)
            current |= sid == s.current_id
        return self._relist(tuple(changed), current=current, held=held)

    def _reread_all(self) -> Refreshed:
        """Every row again (an import may add, remove or reorder segments)."""
        s = self.session
        fresh = s.store.rows(s.slug, s.lang)
        here = s.current_id
        old = {r.segment.id: r for r in s.rows}
        if here is not None and self._drafting() and all(r.segment.id != here for r in fresh):
            # The segment under the draft was removed: keep everything until the draft is
            # saved (a conflict) or dropped, rather than lose it.
            self.held_id = here
            return Refreshed(held=True)
        rows, changed, current, held = [], [], False, False
        for row in fresh:
            sid = row.segment.id
            was = old.get(sid)
            if was is not None and was != row and self._keep(was, row):
                rows.append(was)
                held = True
                continue
            rows.append(row)
            if was != row:
                changed.append(sid)
                current |= sid == here
        reordered = [r.segment.id for r in rows] != list(old)
        shown = list(s.nav.visible)
        s.nav.load(rows)
        if here is not None and s.has(here):
            s.nav.visible = shown  # as the reviewer saw it: _relist keeps the current one
            return self._relist(tuple(changed), current=current, held=held, relisted=reordered)
        s.nav.current_id = s.nav.first_visible()  # removed without a draft: the first one
        s.drafts.start()
        return Refreshed(tuple(changed), relisted=True, current=True, held=held)

    def _relist(
        self, changed: tuple[str, ...], *, current: bool, held: bool, relisted: bool = False
    ) -> Refreshed:
        """The filter and search over the new rows; the segment being edited stays listed."""
        nav = self.session.nav
        before = list(nav.visible)
        if (changed or relisted) and nav.current_id in before:
            nav.recompute_keeping_current()
        elif changed or relisted:
            nav.recompute()
        return Refreshed(
            changed, relisted=relisted or nav.visible != before, current=current, held=held
        )
