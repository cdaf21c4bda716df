"""The review UI in a small terminal (issue 14 item 9): at 80×24, on a Vietnamese segment with
a long model name and a confidence line, the reviewer sees the source, the MT text, the
English pivot, the target editor, the QA findings, the diff and the position; and a toast
never covers the QA, diff or any other region of the editor, at 80×24 as at the default size.

"Sees" is checked on the composed screen: each region lies inside the terminal, above the
footer, and every one of its cells is that region's (``Screen.get_widget_at``), so nothing
(a toast, another region) is drawn over it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from tests.support import (
    PESKOV,
    SEED_ARTICLE,
    SIZE,
    SLUG,
    hand_mt,
    screen_of,
    settle,
    sync,
    wait,
)
from workbench.project import import_article
from workbench.store import MTWrite, open_store
from workbench.tui.app import ReviewApp

SMALL = (80, 24)
#: Names as long as real ones (Argos package codes and versions, both legs of the pivot).
MODEL = "translate-fr_en@1.9>translate-en_vi@1.1"
#: With a wrong date (18 for 17): the QA has a finding to show.
MT = (
    "Người phát ngôn Điện Kremlin Dmitry Peskov ngày 18/4 xác nhận Nga đã bắt đầu rút lực "
    "lượng gìn giữ hòa bình khỏi vùng Nagorno-Karabakh của Azerbaijan, theo RT."
)
PIVOT = (
    "Kremlin spokesman Dmitry Peskov confirmed on April 17 that Russia had begun withdrawing "
    "its peacekeeping forces from the Nagorno-Karabakh region of Azerbaijan, according to RT."
)
REGIONS = ("#source", "#mt-heading", "#mt", "#pivot", "#target", "#qa", "#diff")


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """The seed in Vietnamese, the Peskov sentence with a real-length MT, pivot and model."""
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        row = next(r for r in store.rows(SLUG, "vi") if r.segment.source.startswith(PESKOV))
        store.store_mt(SLUG, "vi", [MTWrite(row.segment.id, MT, MODEL, PIVOT, confidence=0.42)])
    return ws


async def _open_peskov(app: ReviewApp, pilot: Pilot) -> None:
    s = screen_of(app).session
    while not s.row(s.current_id).segment.source.startswith(PESKOV):
        await pilot.press("ctrl+n")
    await wait(app, pilot, 1.0)  # the analysis: QA, diff, TER
    await settle(app, pilot)


def _covering(app: ReviewApp, widget: Widget) -> set[Widget]:
    """The widgets the screen shows on the cells of ``widget``'s region that are neither
    ``widget`` nor a part of it (its scroll bars): empty when nothing covers it."""
    region = widget.region
    shown = {
        app.screen.get_widget_at(x, y)[0]
        for x in range(region.x, region.right)
        for y in range(region.y, region.bottom)
    }
    return {w for w in shown if widget not in w.ancestors_with_self}


def _assert_all_shown(app: ReviewApp, size: tuple[int, int]) -> None:
    editor = screen_of(app).editor
    for selector in REGIONS:
        widget = editor.query_one(selector)
        region = widget.region
        assert region.height >= 1 and region.width >= 20, (selector, region)
        assert region.bottom <= size[1] - 1, (selector, region)  # above the footer
        assert region.right <= size[0], (selector, region)
        assert not _covering(app, widget), selector


@pytest.mark.parametrize("size", [SMALL, (100, 30), SIZE, (200, 50)], ids=str)
@sync
async def test_every_region_of_a_vietnamese_segment_is_on_screen(
    workspace: Path, make_app: Callable[..., ReviewApp], size: tuple[int, int]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=size) as pilot:
        await _open_peskov(app, pilot)
        editor = screen_of(app).editor
        _assert_all_shown(app, size)
        # The heading is one line; the MT text starts on the first line of its own region,
        # and shows at least two lines of it (so does the pivot, at least its first line).
        heading = editor.query_one("#mt-heading")
        assert heading.region.height == 1
        assert str(heading.render()).startswith("MT · confidence 0.42")
        mt = editor.query_one("#mt")
        assert mt.region.height >= 2
        first = mt.render_line(0).text.strip()
        second = mt.render_line(1).text.strip()
        assert first and MT.startswith(f"{first} {second}")
        pivot = editor.query_one("#pivot")
        assert pivot.region.height >= 1
        assert PIVOT.startswith(pivot.render_line(0).text.strip())
        assert editor.target.region.height >= 5  # its border and three lines, at least
        # The position and the QA findings.
        label = str(editor.query_one("#source-label").render())
        assert label.startswith("Source (FR) · 3 of 28 · ")
        assert str(editor.query_one("#qa").render()).startswith("✖ numbers: ")
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("size", [SMALL, SIZE], ids=str)
@sync
async def test_toasts_never_cover_the_editor(
    workspace: Path, make_app: Callable[..., ReviewApp], size: tuple[int, int]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=size, notifications=True) as pilot:
        await _open_peskov(app, pilot)
        # What an export says: two paths, a title; then a warning on top of it.
        app.notify(
            "locales/vi/LC_MESSAGES/karabakh.po\nlocales/en/LC_MESSAGES/karabakh.po",
            title="exported",
            timeout=60,
        )
        app.notify("Machine translation updated", severity="warning", timeout=60)
        await pilot.pause()
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        assert len(toasts) == 2
        # The newest toast is on screen, whole: above the editor, inside the terminal.
        newest = toasts[-1].region
        assert newest.height >= 1 and newest.y >= 0
        assert newest.bottom <= screen_of(app).editor.region.y
        assert "Toast" in {type(app.screen.get_widget_at(newest.x, newest.y)[0]).__name__}
        _assert_all_shown(app, size)
        await pilot.press("ctrl+q")
