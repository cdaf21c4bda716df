"""The review UI's keys for working fast (issue 14 item 7), driven with Pilot: clear and select
the whole target, home/end on the logical line of a wrapped target, go to segment N, the
filter picker, the position in the whole article while a search or a filter narrows the list,
and the MT alternatives shown whole as a diff against the MT (with hostile text in them).

Content is the seed article with hand-written MT (tests/support.py ``hand_mt``). The End key
in a real terminal is in tests/test_tui_tmux.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.geometry import Region
from textual.widgets import Input, Label, OptionList, Static

from tests.support import (
    SAVE_WAIT,
    SIZE,
    SLUG,
    burst,
    past_grace,
    screen_of,
    seed_workspace,
    stored,
    sync,
    target_area,
    wait,
)
from workbench.review import FILTERS
from workbench.store import MTWrite, open_store
from workbench.tui import keymap
from workbench.tui.app import ReviewApp
from workbench.tui.screens.choosers import FilterScreen, GoToScreen
from workbench.tui.screens.conflict import ConflictScreen
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.suggestions import (
    ALTERNATIVE_DROPPED,
    ALTERNATIVE_NEW,
    alternative_text,
    suggestions_text,
)


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    return seed_workspace(tmp_path / "ws")


def label(app: ReviewApp, selector: str) -> str:
    return str(screen_of(app).query_one(selector, Label).render())


def notes(app: ReviewApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def test_the_new_keys_have_ids_and_help() -> None:
    ids = {k.id: k for k in keymap.listed()}
    for wanted in ("clear-target", "select-target", "go-to-segment", "pick-filter"):
        assert wanted in ids and ids[wanted].help, wanted
        assert hasattr(ReviewScreen, f"action_{ids[wanted].action}"), wanted
    assert [b.id for b in GoToScreen.BINDINGS] == ["go-to-cancel"]  # type: ignore[union-attr]
    assert [b.id for b in FilterScreen.BINDINGS] == ["filters-cancel"]  # type: ignore[union-attr]


# -- clear and select the whole target ----------------------------------------------------------


@sync
async def test_clearing_the_target_is_an_edit_saved_and_undone(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        await pilot.press("ctrl+t")  # a content segment with its MT
        sid = s.current_id
        assert sid is not None
        before = stored(workspace, sid).target
        assert before and target_area(app).text == before
        await pilot.press("alt+x")
        assert target_area(app).text == ""
        await wait(app, pilot, SAVE_WAIT)  # autosaved as any typing
        assert stored(workspace, sid).target == ""
        with open_store(workspace) as store:
            events = store.events(SLUG, sid, "vi")
        assert events[-1].action == "edit" and events[-1].after["target"] == ""  # type: ignore[index]
        await pilot.press("alt+z")  # the store's undo brings the text back
        await pilot.pause()
        assert stored(workspace, sid).target == before
        assert target_area(app).text == before
        await pilot.press("ctrl+q")


@sync
async def test_a_cleared_target_is_never_kept_over_theirs_but_can_be_cleared_again(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    """The conflict rules: an empty text never overwrites a colleague's ("keep mine" is
    refused); taking theirs, then clearing it, is the deliberate clearing, saved."""
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        sid = s.current_id
        assert sid is not None
        await pilot.press("alt+x")  # the reviewer clears first: a draft
        with open_store(workspace) as other:
            t = other.row(SLUG, sid, "vi").translation
            assert t is not None
            other.save_target(SLUG, sid, "vi", "VI của Bảo", expected_version=t.version,
                              reviewer="bao")  # fmt: skip
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        await past_grace(app, pilot)
        await pilot.press("alt+m")
        assert isinstance(app.screen, ConflictScreen)  # an empty text is not kept over theirs
        await pilot.press("alt+t")
        await pilot.pause()
        assert target_area(app).text == "VI của Bảo"
        await pilot.press("alt+x")
        await wait(app, pilot, SAVE_WAIT)
        assert stored(workspace, sid).target == ""
        with open_store(workspace) as store:
            last = store.events(SLUG, sid, "vi")[-1]
        assert last.action == "edit" and last.after is not None and last.after["target"] == ""
        await pilot.press("ctrl+q")


@sync
async def test_clearing_page_chrome_says_so_and_changes_nothing(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        s = screen_of(app).session
        s.set_filter("chrome")
        screen_of(app).after_filter()
        await pilot.pause()
        assert s.current is not None and s.current.segment.kind == "chrome"
        await pilot.press("alt+x")
        assert any("Page chrome has no target" in n for n in notes(app))
        assert not s.dirty
        await pilot.press("ctrl+q")


@sync
async def test_select_all_then_typing_replaces_the_target(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        await pilot.press("ctrl+t")
        sid = s.current_id
        assert sid is not None
        area = target_area(app)
        area.move_cursor((0, 3))
        await pilot.press("alt+a")
        assert area.selected_text == area.text != ""
        await pilot.press(*"xin chào")
        assert area.text == "xin chào"
        await wait(app, pilot, SAVE_WAIT)
        assert stored(workspace, sid).target == "xin chào"
        await pilot.press("ctrl+q")


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


# -- go to segment N --------------------------------------------------------------------------


@sync
async def test_go_to_a_segment_by_its_number(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        s = screen_of(app).session
        first = s.current_id
        assert first is not None
        await pilot.press(*"abc")  # a draft: saved before the jump, as any move
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, GoToScreen)
        await pilot.press("ctrl+o", "f2", "alt+x")  # the review's keys: nothing happens
        await pilot.press(*"1x2")  # letters are not taken
        assert app.screen.query_one("#goto-number", Input).value == "12"
        await pilot.press("enter")
        assert isinstance(app.screen, ReviewScreen)
        assert s.row().segment.position == 12
        assert "Source (FR) · 12 of" in label(app, "#source-label")
        assert stored(workspace, first).target.startswith("abc")
        assert stored(workspace, first).status != "approved"
        # alt+g too; escape cancels, nothing moves
        await pilot.press("alt+g", "3", "escape")
        assert isinstance(app.screen, ReviewScreen) and s.row().segment.position == 12
        await pilot.press("ctrl+q")


@sync
async def test_a_burst_after_the_chooser_keys_goes_to_the_chooser(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    """A terminal hands a fast typist's keys over in one read: those after ctrl+g (or
    alt+v) reach the editor before the chooser is on top. They are the chooser's: none
    goes into the text."""
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        first = s.current_id
        assert first is not None
        text = target_area(app).text
        burst(app, "x", "ctrl+g", "1", "2", "enter")
        for _ in range(50):
            if isinstance(app.screen, ReviewScreen) and s.row().segment.position == 12:
                break
            await pilot.pause(0.02)
        assert s.row().segment.position == 12
        assert stored(workspace, first).target == "x" + text  # typed before ctrl+g, saved
        twelve = stored(workspace, s.current_id).target  # type: ignore[arg-type]
        assert target_area(app).text == twelve and not s.dirty
        burst(app, "alt+v", "down", "enter")
        for _ in range(50):
            if isinstance(app.screen, ReviewScreen) and s.filter != "all":
                break
            await pilot.pause(0.02)
        assert s.filter == "todo"
        assert target_area(app).text == stored(workspace, s.current_id).target  # type: ignore[arg-type]
        assert not s.dirty
        await pilot.press("ctrl+q")


@sync
async def test_keys_reaching_the_picker_before_it_has_the_focus_pick(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    """↓ and enter arriving after the picker is on top but before its list has the focus
    (a slower hand than a burst, a loaded machine) go to the screen: they are handed back
    to the app once the list has the focus, and the list's own keys act on them (they were
    lost: a key re-posted from the screen stopped bubbling at the screen)."""
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        burst(app, "alt+v")
        for _ in range(2000):
            if isinstance(app.screen, FilterScreen):
                break
            await asyncio.sleep(0)
        picker = app.screen
        assert isinstance(picker, FilterScreen) and not picker._ready  # the path under test
        burst(app, "down", "enter")
        for _ in range(100):
            if isinstance(app.screen, ReviewScreen) and s.filter != "all":
                break
            await pilot.pause(0.02)
        assert s.filter == "todo" and isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+q")


@sync
async def test_a_wrong_number_is_one_message_and_nothing_moves(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        s = screen_of(app).session
        here, total = s.current_id, len(s.rows)
        for typed, said in (("999", "no segment 999"), ("0", "no segment 0"), ("", "type a")):
            before = len(app._notifications)
            await pilot.press("ctrl+g", *typed, "enter")
            assert isinstance(app.screen, ReviewScreen)
            assert s.current_id == here
            new = notes(app)[before:]
            assert len(new) == 1 and said in new[0] and f"1 to {total}" in new[0], new
        await pilot.press("ctrl+q")


@sync
async def test_going_to_a_segment_the_filter_hides_shows_it(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        s = screen_of(app).session
        chrome = next(r for r in s.rows if r.segment.kind == "chrome").segment.position
        await pilot.press("alt+v", "down", "enter")  # todo: chrome is not in it
        assert s.filter == "todo"
        await pilot.press("ctrl+g", *str(chrome), "enter")
        assert s.row().segment.position == chrome
        assert s.filter == "all" and s.current_id in s.visible
        assert label(app, "#filter-label").startswith("Filter: all")
        await pilot.press("ctrl+q")


# -- the filter picker ------------------------------------------------------------------------


@sync
async def test_the_filter_picker_lists_the_filters_with_their_counts(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        rows = s.rows
        await pilot.press("alt+v")
        assert isinstance(app.screen, FilterScreen)
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [line.split()[0] for line in shown] == list(FILTERS)
        chrome = sum(1 for r in rows if r.segment.kind == "chrome")
        todo = sum(1 for r in rows if r.segment.translatable)  # nothing approved yet
        assert shown[0].split()[1] == str(len(rows)) and "(in use)" in shown[0]
        assert shown[FILTERS.index("chrome")].split()[1] == str(chrome)
        assert shown[FILTERS.index("todo")].split()[1] == str(todo)
        assert shown[FILTERS.index("approved")].split()[1] == "0"
        await pilot.press("escape")  # cancels
        assert isinstance(app.screen, ReviewScreen) and s.filter == "all"
        await pilot.press("alt+v", *["down"] * FILTERS.index("chrome"), "enter")
        assert isinstance(app.screen, ReviewScreen)
        assert s.filter == "chrome" and len(s.visible) == chrome
        assert label(app, "#filter-label").startswith(f"Filter: chrome · {chrome} of")
        await pilot.press("alt+v", "enter")  # the highlight starts on the filter in use
        assert s.filter == "chrome"
        await pilot.press("f5")  # cycling stays
        assert s.filter == FILTERS[FILTERS.index("chrome") + 1]
        titles = [c.title for c in app.get_system_commands(app.screen)]  # the palette (F9)
        for wanted in ("Filter… (alt+v)", "Go to (ctrl+g / alt+g)", "Clear (alt+x)"):
            assert wanted in titles, wanted
        await pilot.press("f1")  # the help lists them
        listed = [b.id for b in app.screen._bindings_shown]  # type: ignore[attr-defined]
        assert {"clear-target", "select-target", "go-to-segment", "pick-filter"} <= set(listed)
        await pilot.press("escape")
        await pilot.press("ctrl+q")


@sync
async def test_the_picker_is_in_the_footer_at_80_columns(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = {k.description: k for k in app.screen.query("FooterKey")}  # type: ignore[attr-defined]
        assert keys["Filter…"].key == "alt+v" and keys["Filter…"].region.right <= 80
        assert "Filter" not in keys  # F5 cycles still, from the help and the palette
        await pilot.press("ctrl+q")


# -- the position -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=str)
@sync
async def test_the_position_is_in_the_whole_article_while_searching(
    workspace: Path, make_app: Callable[..., ReviewApp], size: tuple[int, int]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=size) as pilot:
        s = screen_of(app).session
        total = len(s.rows)
        assert f"Source (FR) · 1 of {total} ·" in label(app, "#source-label")
        assert "match" not in label(app, "#source-label")
        await pilot.press("ctrl+f", *"karabakh", "enter")
        await pilot.pause()
        found = [r.segment.position for r in s.rows if "karabakh" in r.segment.source.casefold()]
        assert len(found) >= 3 and len(s.visible) == len(found)
        await pilot.press("ctrl+n", "ctrl+n")
        assert s.row().segment.position == found[2]
        place = f"{found[2]} of {total} · match 3 of {len(found)}"
        assert f"· {place} ·" in label(app, "#source-label")
        heading = screen_of(app).editor.query_one("#source-label")
        assert place in heading.render_line(0).text  # on screen, at 80 columns too
        await pilot.press("ctrl+q")


# -- MT alternatives whole, as a diff against the MT ------------------------------------------

MT = "Lực lượng gìn giữ hòa bình Nga đã bắt đầu rút khỏi khu vực Nagorno-Karabakh của Azerbaijan"
HOSTILE = (
    "Lực lượng gìn giữ hòa bình Nga đã bắt đầu rút khỏi khu vực Nagorno-Karabakh "
    "[bold]theo[/bold] \x1b[2J[@click=app.quit]RT[/] \x07 báo cáo"
)


def test_an_alternative_is_a_word_diff_against_the_mt() -> None:
    text = alternative_text(HOSTILE, MT)
    assert isinstance(text, Text)
    styled = {str(span.style): text.plain[span.start : span.end] for span in text.spans}
    assert styled[ALTERNATIVE_DROPPED] == "của Azerbaijan"  # the MT's words it leaves out
    new = styled[ALTERNATIVE_NEW]  # its own words, markup and all, as text
    assert new.startswith("[bold]theo[/bold] \x1b[2J[@click=app.quit]RT[/]")
    assert new.endswith("báo cáo")
    assert text.plain.startswith(MT.removesuffix(" của Azerbaijan"))  # shared words: plain
    assert min(span.start for span in text.spans) > len("Lực lượng gìn giữ hòa bình Nga")
    assert alternative_text("một", None).plain == "một"  # no MT: the text as it is
    lines = suggestions_text([HOSTILE, MT + " nữa"], [], MT).plain.splitlines()
    assert lines[0].startswith("F2 ") and lines[1] == f"F3 {MT} nữa"


@sync
async def test_alternatives_are_shown_whole_with_hostile_text_as_text(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    with open_store(workspace) as store:
        row = next(r for r in store.rows(SLUG, "vi") if r.segment.translatable)
        store.store_mt(SLUG, "vi", [MTWrite(row.segment.id, MT, "m@1", None, (HOSTILE,))])
    for size in (SIZE, (80, 24)):
        app = make_app(workspace)
        async with app.run_test(size=size) as pilot:
            assert screen_of(app).session.current_id == row.segment.id
            panel = screen_of(app).editor.query_one("#suggestions", Static)
            await pilot.pause()
            width, height = panel.size
            assert width > 20 and height >= 2, size
            lines = panel.render_lines(Region(0, 0, width, height + 10))
            shown = "".join(seg.text for line in lines for seg in line if not seg.control)
            assert "\x1b" not in shown and "\x07" not in shown
            words = " ".join(shown.split())
            assert "[bold]theo[/bold]" in words and "[@click=app.quit]RT[/]" in words
            assert words.rstrip().endswith("báo cáo"), words  # whole: the end is there
            assert app.is_running
            await pilot.press("ctrl+q")
