"""The segment list: a DataTable (it renders only the visible rows, so 5,000 segments stay
fast), one row per segment, updated cell by cell as segments change.

Loading 5,000 rows is kept cheap three ways (measured with benchmarks/tui_bench.py):

* the rows up to the current one and a screenful after it are added before the first
  paint; the rest follow in batches after each paint (:meth:`SegmentTable.load`);
* cells are small :class:`Cell` objects that build their Rich ``Text`` only when the row is
  drawn (``__rich__``), so rows that are never scrolled to cost no Rich object;
* every column has a fixed width and every row one line, so the table needs no measuring:
  :meth:`SegmentTable._update_dimensions` skips DataTable's measure of every new cell
  (0.6 s at 5,000 rows) and only sets the scrollable size.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widgets import DataTable

from workbench.store import Row
from workbench.tui.messages import SegmentHighlighted, SegmentsLoaded

#: status -> (icon, style). Single-width characters only: every terminal draws them alike.
STATUS_ICONS: dict[str, tuple[str, str]] = {
    "pending": ("·", "dim"),
    "machine": ("○", "cyan"),
    "edited": ("◐", "yellow"),
    "approved": ("●", "bold green"),
    "chrome": ("⊘", "dim"),
}
FIXED_WIDTH = 4 + 1 + 2 * 4 + 2  # position, status, cell padding, scrollbar
FIRST_ROWS = 100  # at least this many rows before the first paint
MORE_ROWS = 1000  # then this many per batch, one batch after each paint


def status_cell(row: Row) -> Text:
    icon, style = STATUS_ICONS["chrome" if row.segment.kind == "chrome" else row.status]
    return Text(icon, style=style)


def _one_line(text: str, style: str = "") -> Text:
    return Text(text.replace("\n", " ⏎ "), style=style, no_wrap=True, overflow="ellipsis", end="")


def source_cell(row: Row) -> Text:
    return _one_line(row.segment.source, "dim" if row.segment.kind == "chrome" else "")


def target_cell(row: Row, text: str | None = None) -> Text:
    if row.segment.kind == "chrome":
        return _one_line(f"page chrome: {row.segment.reason or 'marked by reviewer'}", "dim italic")
    value = text if text is not None else (row.translation.target if row.translation else "")
    if not value:
        return _one_line("(not translated yet)", "dim italic")
    return _one_line(value)


class Cell:
    """A table cell that renders its text when drawn (rows off screen never build one)."""

    __slots__ = ("kind", "row", "text")

    def __init__(self, kind: str, row: Row, text: str | None = None) -> None:
        self.kind = kind
        self.row = row
        self.text = text

    def __rich__(self) -> Text:
        if self.kind == "position":
            return Text(str(self.row.segment.position), style="dim", justify="right")
        if self.kind == "status":
            return status_cell(self.row)
        if self.kind == "source":
            return source_cell(self.row)
        return target_cell(self.row, self.text)

    def __str__(self) -> str:
        return self.__rich__().plain


def row_cells(row: Row, text: str | None = None) -> tuple[Cell, Cell, Cell, Cell]:
    return (
        Cell("position", row),
        Cell("status", row),
        Cell("source", row),
        Cell("target", row, text),
    )


class SegmentTable(DataTable[Any]):
    """Position, status icon, French source and target of the visible segments."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._lang = ""
        self._width = 0
        self._load_id = 0
        self._pending: list[Row] = []  # rows of the last load still to add, in order
        self._pending_at: dict[str, int] = {}

    def _column_width(self) -> int:
        return max(12, (self.size.width or self.app.size.width) - FIXED_WIDTH) // 2

    def _columns(self, lang: str) -> None:
        self._width = self._column_width()
        self.add_column("#", width=4, key="position")
        self.add_column("", width=1, key="status")
        self.add_column("Source (FR)", width=self._width, key="source")
        self.add_column(f"Target ({lang.upper()})", width=self._width, key="target")

    def load(self, rows: Iterable[Row], lang: str, current: str | None) -> None:
        """Show ``rows`` (the session's visible ones), cursor on ``current``. The rows up to
        ``current`` and a screenful after it are added now, the rest after the next paints
        (:attr:`filling` until then; :class:`SegmentsLoaded` is posted at the end)."""
        self._load_id += 1
        self._lang = lang
        self.clear(columns=True)
        self._columns(lang)
        pending = list(rows)
        at = next((i for i, r in enumerate(pending) if r.segment.id == current), 0)
        first = max(FIRST_ROWS, at + 1 + (self.size.height or self.app.size.height))
        for row in pending[:first]:
            self.add_row(*row_cells(row), key=row.segment.id)
        self._pending = pending[first:]
        self._pending_at = {r.segment.id: i for i, r in enumerate(self._pending)}
        self.select(current)
        if self._pending:
            self.call_after_refresh(self._load_more, self._load_id, 0)
        else:
            self.post_message(SegmentsLoaded(self.row_count))

    @property
    def filling(self) -> bool:
        """Rows of the last load are still being added."""
        return bool(self._pending)

    def _load_more(self, load_id: int, start: int) -> None:
        if load_id != self._load_id:
            return  # a newer load replaced these rows
        end = min(start + MORE_ROWS, len(self._pending))
        for row in self._pending[start:end]:
            self.add_row(*row_cells(row), key=row.segment.id)
        if end < len(self._pending):
            self.call_after_refresh(self._load_more, load_id, end)
            return
        self._pending = []
        self._pending_at = {}
        self.post_message(SegmentsLoaded(self.row_count))

    def update_row(self, row: Row, text: str | None = None) -> None:
        """Redraw one segment's status and target (no-op when it is filtered out)."""
        key = row.segment.id
        if key in self._pending_at:  # not added yet: add the new version when its turn comes
            self._pending[self._pending_at[key]] = row
        if key not in self.rows:
            return
        _, status, source, target = row_cells(row, text)
        self.update_cell(key, "status", status)
        self.update_cell(key, "source", source)
        self.update_cell(key, "target", target)

    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        """DataTable measures every cell of every new row here, to size auto-width columns
        and auto-height rows; this table has neither (fixed column widths, one-line rows,
        no row labels), so only the scrollable size is set. Should a later Textual change
        the columns or rows it hands us, the full measure runs as before."""
        new_rows = list(new_rows)
        added = (self.rows.get(key) for key in new_rows)
        fixed = all(not c.auto_width for c in self.columns.values()) and all(
            r is None or (r.height == 1 and not r.auto_height and r.label is None) for r in added
        )
        if not fixed:
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width, self.row_count + header)

    def select(self, segment_id: str | None) -> None:
        if segment_id is None or segment_id not in self.rows:
            return
        index = self.get_row_index(segment_id)
        if index != self.cursor_row:
            self.move_cursor(row=index)

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return key

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        # Adding rows and programmatic moves queue highlights of rows the cursor has
        # already left: only the one under the cursor now counts.
        if event.cursor_row == self.cursor_row and event.row_key.value is not None:
            self.post_message(SegmentHighlighted(event.row_key.value))

    def on_resize(self) -> None:
        """Give the text columns the new width: re-add the same cells (a rare event)."""
        if not self.columns or self._column_width() == self._width:
            return
        current = self.current_key
        data = [(key.value, self.get_row(key)) for key in self.rows]
        self.clear(columns=True)
        self._columns(self._lang)
        for key, cells in data:
            self.add_row(*cells, key=key)
        self.select(current)
