"""The review UI's keys for working fast (issue 14 item 7), driven with Pilot: clear and select
the whole target, home/end on the logical line of a wrapped target, go to segment N, the
filter picker, the position in the whole article while a search or a filter narrows the list,
and the MT alternatives shown whole as a diff against the MT (with hostile text in them).

Content is the seed article with hand-written MT (tests/support.py ``hand_mt``). The End key
in a real terminal is in tests/test_tui_tmux.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import SIZE, seed_workspace, sync, target_area
from workbench.tui.app import ReviewApp


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    return seed_workspace(tmp_path / "ws")


# -- home and end -----------------------------------------------------------------------------


@sync
async def test_home_and_end_go_to_the_ends_of_the_logical_line(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    """Textual's TextArea goes to the ends of the wrapped row; ours to the ends of the
    line, then (pressed again) of the text."""
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        area = target_area(app)
        first = "Lực lượng gìn giữ hòa bình Nga đã rút khỏi Karabakh năm 2024. " * 4
        area.load_text(f"{first}\nhai")
        await pilot.pause()
        assert area.wrapped_document.height > 3  # the first line wraps
        area.move_cursor((0, 0))
        await pilot.press("end")
        assert area.cursor_location == (0, len(first))
        await pilot.press("end")
        assert area.cursor_location == (1, 3)
        await pilot.press("home")
        assert area.cursor_location == (1, 0)
        area.move_cursor((0, len(first) - 5))  # on the last wrapped row of line 0
        await pilot.press("home")
        assert area.cursor_location == (0, 0)
        await pilot.press("shift+end")
        assert area.selected_text == first
        await pilot.press("home", "ctrl+e")  # ctrl+e / ctrl+a are the same actions
        assert area.cursor_location == (0, len(first)) and not area.selected_text
        await pilot.press("ctrl+a")
        assert area.cursor_location == (0, 0)
        await pilot.press("home")  # at the start of the text: stays
        assert area.cursor_location == (0, 0)
        await pilot.press("ctrl+q")
