"""The segment list: a DataTable (it renders only the visible rows, so 5,000 segments stay
fast), one row per segment, updated cell by cell as segments change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from workbench.store import Row

#: status -> (icon, style). Single-width characters only: every terminal draws them alike.
STATUS_ICONS: dict[str, tuple[str, str]] = {
    "pending": ("·", "dim"),
    "machine": ("○", "cyan"),
    "edited": ("◐", "yellow"),
    "approved": ("●", "bold green"),
    "chrome": ("⊘", "dim"),
}
FIXED_WIDTH = 4 + 1 + 2 * 4 + 2  # position, status, cell padding, scrollbar


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


class SegmentTable(DataTable[Text]):
    """Position, status icon, French source and target of the visible segments."""

    @dataclass
    class SegmentHighlighted(Message):
        """The cursor is on a segment (by keys, mouse or a programmatic move)."""

        segment_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._lang = ""
        self._width = 0

    def _column_width(self) -> int:
        return max(12, (self.size.width or self.app.size.width) - FIXED_WIDTH) // 2

    def _columns(self, lang: str) -> None:
        self._width = self._column_width()
        self.add_column("#", width=4, key="position")
        self.add_column("", width=1, key="status")
        self.add_column("Source (FR)", width=self._width, key="source")
        self.add_column(f"Target ({lang.upper()})", width=self._width, key="target")

    def load(self, rows: Iterable[Row], lang: str, current: str | None) -> None:
        """Show ``rows`` (the session's visible ones), cursor on ``current``."""
        self._lang = lang
        self.clear(columns=True)
        self._columns(lang)
        for row in rows:
            self.add_row(
                Text(str(row.segment.position), style="dim", justify="right"),
                status_cell(row),
                source_cell(row),
                target_cell(row),
                key=row.segment.id,
            )
        self.select(current)

    def update_row(self, row: Row, text: str | None = None) -> None:
        """Redraw one segment's status and target (no-op when it is filtered out)."""
        key = row.segment.id
        if key not in self.rows:
            return
        self.update_cell(key, "status", status_cell(row))
        self.update_cell(key, "source", source_cell(row))
        self.update_cell(key, "target", target_cell(row, text))

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
            self.post_message(self.SegmentHighlighted(event.row_key.value))

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
