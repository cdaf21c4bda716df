"""Navigation in the review: the rows of one article in order, the filter and the search
that choose the visible ones, their order (the article's, or least confident MT first), the
segment being reviewed, and where moving goes (by rows, to the next to-do, back to a
remembered position). It reads no store and saves nothing: the session loads rows into it
and saves before it moves."""

from __future__ import annotations

import re
from collections.abc import Callable

from workbench.errors import InputError
from workbench.store import Row

#: Filter names, in the order the filter key cycles through them.
FILTERS: tuple[str, ...] = ("all", "todo", "edited", "approved", "chrome", "flagged", "doubtful")
#: Orders of the visible rows: the article's, or the least confident machine translation first.
ORDERS: tuple[str, ...] = ("article", "confidence")
#: Statuses still to review (approved is done; chrome is not translated at all).
TODO_STATUSES = frozenset({"pending", "machine", "edited"})


def is_todo(row: Row) -> bool:
    return row.segment.translatable and row.status in TODO_STATUSES


def machine_confidence(row: Row) -> float | None:
    """The MT's confidence while the target is still that MT (None otherwise)."""
    t = row.translation
    if t is None or t.status != "machine" or t.target != t.mt:
        return None
    return t.mt_confidence


def is_doubtful(row: Row, low_confidence: float) -> bool:
    """An unedited MT whose confidence is below ``low_confidence`` (the "doubtful" filter)."""
    confidence = machine_confidence(row)
    return row.segment.translatable and confidence is not None and confidence < low_confidence


def _confidence_key(row: Row) -> tuple[bool, float]:
    confidence = machine_confidence(row)
    return (confidence is None, confidence or 0.0)


class Navigator:
    """Rows, filter, search and cursor. ``flagged`` tells whether a row has QA warnings or
    errors as far as computed (the "flagged" filter)."""

    def __init__(self, flagged: Callable[[Row], bool], low_confidence: float = 0.5) -> None:
        self._flagged = flagged
        self.low_confidence = low_confidence
        self.filter = "all"
        self.order = "article"
        self.query = ""  # casefolded
        self.rows: list[Row] = []
        self._index: dict[str, int] = {}
        #: Ids of the rows the filter and search show, in article order (a new list on
        #: every change, so a caller can keep the old one to compare).
        self.visible: list[str] = []
        self.current_id: str | None = None

    # -- rows ---------------------------------------------------------------------------

    def load(self, rows: list[Row]) -> None:
        self.rows = rows
        self._index = {r.segment.id: i for i, r in enumerate(rows)}
        self.recompute()

    def replace(self, row: Row) -> Row:
        self.rows[self._index[row.segment.id]] = row
        return row

    def has(self, segment_id: str) -> bool:
        return segment_id in self._index

    def get(self, segment_id: str) -> Row:
        return self.rows[self._index[segment_id]]

    def visible_index(self, segment_id: str | None = None) -> int | None:
        sid = segment_id if segment_id is not None else self.current_id
        try:
            return self.visible.index(sid) if sid is not None else None
        except ValueError:
            return None

    def first_visible(self) -> str | None:
        return self.visible[0] if self.visible else None

    # -- filter and search ----------------------------------------------------------------

    def matches(self, row: Row) -> bool:
        return self._in_filter(row, self.filter) and self._in_search(row)

    def _in_filter(self, row: Row, f: str) -> bool:
        if f == "todo" and not is_todo(row):
            return False
        if f in ("edited", "approved") and (row.status != f or not row.segment.translatable):
            return False
        if f == "chrome" and row.segment.kind != "chrome":
            return False
        if f == "flagged" and not self._flagged(row):
            return False
        return not (f == "doubtful" and not is_doubtful(row, self.low_confidence))

    def _in_search(self, row: Row) -> bool:
        if not self.query:
            return True
        target = row.translation.target if row.translation else ""
        return self.query in f"{row.segment.source}\n{target}".casefold()

    def counts(self) -> dict[str, int]:
        """How many rows each filter would show (with the search applied), by filter name."""
        found = [r for r in self.rows if self._in_search(r)]
        return {f: sum(1 for r in found if self._in_filter(r, f)) for f in FILTERS}

    def place(self, segment_id: str | None = None) -> str:
        """Where a segment is, as the reviewer counts: its number in the whole article
        ("12 of 28"), and while a filter or a search narrows the list, its place among the
        matches ("· match 3 of 5"). Short: at 80 columns it follows "Source (FR) · " in a
        39-column heading."""
        sid = segment_id if segment_id is not None else self.current_id
        if sid is None or not self.has(sid):
            return ""
        here = f"{self.get(sid).segment.position} of {len(self.rows)}"
        if self.filter == "all" and not self.query:
            return here
        index = self.visible_index(sid)
        if index is None:
            return f"{here} · hidden by the filter"
        return f"{here} · match {index + 1} of {len(self.visible)}"

    def reveal_current(self) -> None:
        """Drop the filter and the search when they hide the current segment."""
        if self.current_id is not None and self.current_id not in self.visible:
            self.query = ""
            self.set_filter("all")

    def numbered(self, answer: str) -> str:
        """The id of the segment numbered ``answer`` in the list (its position, as typed in
        the go-to field); InputError when it is not a number of this article."""
        number, total = answer.strip(), len(self.rows)
        if not re.fullmatch(r"[0-9]{1,9}", number):
            raise InputError(f"type a segment number, from 1 to {total}")
        found = [r.segment.id for r in self.rows if r.segment.position == int(number)]
        if not found:
            raise InputError(f"no segment {int(number)}: this article has 1 to {total}")
        return found[0]

    def _ordered(self, rows: list[Row]) -> list[str]:
        if self.order == "confidence":  # least confident first; no confidence last
            rows = sorted(rows, key=_confidence_key)  # stable: article order among equals
        return [r.segment.id for r in rows]

    def recompute(self) -> None:
        self.visible = self._ordered([r for r in self.rows if self.matches(r)])

    def recompute_keeping_current(self) -> None:
        """Apply the filter to changed findings, but keep the segment being reviewed in the
        list even when it no longer matches: new findings elsewhere must not move the
        reviewer away from it."""
        keep = self.current_id if self.current_id in self.visible else None
        self.visible = self._ordered(
            [r for r in self.rows if r.segment.id == keep or self.matches(r)]
        )

    def set_filter(self, name: str) -> list[str]:
        if name not in FILTERS:
            raise InputError(f"unknown filter {name!r}: use one of {', '.join(FILTERS)}")
        self.filter = name
        self.recompute()
        return self.visible

    def cycle_filter(self) -> str:
        self.set_filter(FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)])
        return self.filter

    def set_order(self, name: str) -> list[str]:
        if name not in ORDERS:
            raise InputError(f"unknown order {name!r}: use one of {', '.join(ORDERS)}")
        self.order = name
        self.recompute()
        return self.visible

    def cycle_order(self) -> str:
        self.set_order(ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)])
        return self.order

    def set_search(self, query: str) -> list[str]:
        self.query = query.strip().casefold()
        self.recompute()
        return self.visible

    # -- where moving goes ----------------------------------------------------------------

    def step(self, delta: int) -> str | None:
        """The id ``delta`` rows away in the visible list (clamped); None when it is empty."""
        if not self.visible:
            return None
        here = self.visible_index()
        target = 0 if here is None else max(0, min(len(self.visible) - 1, here + delta))
        return self.visible[target]

    def next_todo(self, *, after: str | None = None) -> str | None:
        """The next visible to-do row after ``after`` (default: the current one), wrapping;
        None when none is left."""
        if not self.visible:
            return None
        start = self.visible_index(after) if after is not None else self.visible_index()
        n = len(self.visible)
        first = 0 if start is None else start + 1
        for k in range(n):
            sid = self.visible[(first + k) % n]
            if sid != (after or self.current_id) and is_todo(self.get(sid)):
                return sid
        return None

    def restore(self, segment: str | None, filter_: str) -> None:
        """Back to a remembered position: the filter, then the segment (the filter is
        dropped when it hides the segment, or shows nothing)."""
        self.set_filter(filter_)
        if segment is not None and self.has(segment):
            if segment not in self.visible:
                self.set_filter("all")
            self.current_id = segment
        elif self.visible:
            self.current_id = self.visible[0]
        elif self.filter != "all":
            self.set_filter("all")
            self.current_id = self.first_visible()
