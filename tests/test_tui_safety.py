"""The review UI never loses or silently overwrites what the reviewer typed, driven with
Pilot (the real-terminal side is tests/test_tui_tmux.py): keys typed just before an action
key, redraws while messages about typing are still on their way (MT progress, search,
filter), dialogs that typing cannot answer, a full disk, a re-import under the editor, an
exception in the app, recovery files and a damaged state file at open."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Button

from tests.support import (
    LONG,
    SAVE_WAIT,
    SIZE,
    SLUG,
    SmallDisk,
    burst,
    past_grace,
    reimport_without,
    save_line,
    screen_of,
    seed_workspace,
    stop_live_refresh,
    stored,
    sync,
    target_area,
    wait,
)
from workbench.review import RETRY_S
from workbench.store import open_store
from workbench.tui.app import ReviewApp, printable
from workbench.tui.screens.confirm import ConfirmApproveScreen
from workbench.tui.screens.conflict import ConflictScreen
from workbench.tui.screens.review import ReviewScreen


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    return seed_workspace(tmp_path / "ws")


def events_of(ws: Path, sid: str) -> list[str]:
    with open_store(ws) as store:
        return [e.after["target"] for e in store.events(SLUG, sid, "vi")
                if e.action == "edit" and e.after]  # fmt: skip


def notes(app: ReviewApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- keys typed just before an action key ----------------------------------------------------


@sync
async def test_keys_and_a_backspace_just_before_leaving_are_saved(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    """The backspace is a binding of the editor, run by the app when the key comes back up:
    the move waits for it too."""
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        sid = s.current_id
        before = target_area(app).text
        burst(app, "x", "y", "z", "backspace", "ctrl+n")
        await pilot.pause()
        assert s.current_id != sid
        await pilot.press("ctrl+q")
    assert stored(workspace, sid).target == "xy" + before
    assert events_of(workspace, sid)[-1] == "xy" + before


@sync
async def test_keys_just_before_switching_language_stay_in_their_language(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        sid = s.current_id
        vi, en = stored(workspace, sid).target, stored(workspace, sid, "en").target
        burst(app, "đ", "ã", "ctrl+l", "!")
        await pilot.pause()
        assert s.lang == "en"
        await pilot.press("ctrl+q")
    assert stored(workspace, sid).target == "đã" + vi
    assert stored(workspace, sid, "en").target == "!" + en  # typed after the switch


@sync
async def test_keys_before_taking_an_alternative_are_an_undoable_edit(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        await pilot.press("ctrl+n", "ctrl+n")
        sid = s.current_id
        before = target_area(app).text
        burst(app, "a", "b", "f2")
        await pilot.pause()
        alternative = s.row().translation.alternatives[0]  # type: ignore[union-attr]
        assert stored(workspace, sid).target == alternative
        assert events_of(workspace, sid)[-2:] == ["ab" + before, alternative]
        await pilot.press("alt+z")  # the typing comes back
        assert target_area(app).text == "ab" + before
        await pilot.press("ctrl+q")


# -- redraws while the messages about typing are on their way --------------------------------


@sync
async def test_a_store_refresh_never_redraws_over_typing(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    """The MT worker's progress re-reads the rows; the key just typed (its TextArea.Changed
    not handled yet) must stay, and become the draft."""
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        sid = screen.session.current_id
        area = target_area(app)
        area.insert("mới ", (0, 0))  # the editor has it; the messages are still queued
        screen.sync_from_store()
        assert area.text.startswith("mới ")
        assert screen.session.text().startswith("mới ")
        await wait(app, pilot, SAVE_WAIT)
        assert stored(workspace, sid).target.startswith("mới ")
        await pilot.press("ctrl+q")


@sync
async def test_a_search_never_redraws_over_typing(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        sid = screen.session.current_id
        area = target_area(app)
        area.insert("mới ", (0, 0))
        screen.apply_search("Russie")  # the current segment matches: it stays
        assert screen.session.current_id == sid and area.text.startswith("mới ")
        area.insert("nữa ", (0, 0))
        screen.apply_search("Kremlin")  # it does not: leaving saves it first
        assert screen.session.current_id != sid
        await pilot.press("ctrl+q")
    assert stored(workspace, sid).target.startswith("nữa mới ")


# -- dialogs: typing never answers ------------------------------------------------------------


async def colleague_saves(ws: Path, sid: str, text: str) -> None:
    with open_store(ws) as other:
        t = other.row(SLUG, sid, "vi").translation
        assert t is not None
        other.save_target(SLUG, sid, "vi", text, expected_version=t.version, reviewer="bao")


@sync
async def test_letters_never_answer_the_conflict_dialog(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        sid = s.current_id
        await pilot.press("A", "r")  # typing first: a change before it would be shown live
        await colleague_saves(workspace, sid, "VI của Bảo")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        assert app.screen.focused is app.screen.query_one("#choose-cancel", Button)
        await pilot.press("m", "e", "n", "enter", "alt+m", "escape")  # absorbed while new
        assert isinstance(app.screen, ConflictScreen)
        await past_grace(app, pilot)
        await pilot.press("m", "t", "y", "n")  # no letter is an answer
        assert isinstance(app.screen, ConflictScreen)
        assert stored(workspace, sid).target == "VI của Bảo"  # type: ignore[arg-type]
        await pilot.press("enter")  # the focused button: cancel
        assert isinstance(app.screen, ReviewScreen)
        assert target_area(app).text.startswith("Ar")
        await pilot.press("ctrl+s")
        await past_grace(app, pilot)
        await pilot.press("shift+tab", "enter")  # a button chosen deliberately: take theirs
        assert target_area(app).text == "VI của Bảo"
        await pilot.press("ctrl+q")
    assert stored(workspace, sid).target == "VI của Bảo"  # type: ignore[arg-type]


@sync
async def test_an_empty_text_is_never_kept_over_theirs(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        sid = s.current_id
        target_area(app).load_text("")  # the reviewer emptied the target
        await pilot.pause()
        await colleague_saves(workspace, sid, "VI của Bảo")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        assert app.screen.query_one("#choose-mine", Button).disabled
        await past_grace(app, pilot)
        await pilot.press("alt+m")
        assert isinstance(app.screen, ConflictScreen)  # not an answer
        await pilot.press("alt+t")
        await pilot.press("ctrl+q")
    assert stored(workspace, sid).target == "VI của Bảo"  # type: ignore[arg-type]


@sync
async def test_a_stale_approval_cannot_keep_the_stale_text(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    """No typing, an approval on a segment a colleague changed: there is nothing of the
    reviewer's to keep; taking theirs does not approve what the reviewer has not seen."""
    app = make_app(workspace, checker=False)
    async with app.run_test(size=SIZE) as pilot:
        sid = screen_of(app).session.current_id
        await stop_live_refresh(app, pilot)  # the colleague's change has not reached the screen
        await colleague_saves(workspace, sid, "VI của Bảo")  # type: ignore[arg-type]
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ConflictScreen)
        assert app.screen.query_one("#choose-mine", Button).disabled
        await past_grace(app, pilot)
        await pilot.press("alt+t")
        assert target_area(app).text == "VI của Bảo"
        assert stored(workspace, sid).status == "edited"  # type: ignore[arg-type]
        await pilot.press("ctrl+q")


@sync
async def test_a_letter_never_approves(workspace: Path, make_app: Callable[..., ReviewApp]) -> None:
    app = make_app(workspace)  # the real QA finds errors in the hand MT: approving asks
    async with app.run_test(size=SIZE) as pilot:
        sid = screen_of(app).session.current_id
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ConfirmApproveScreen)
        await past_grace(app, pilot)
        await pilot.press("y", "a")
        assert isinstance(app.screen, ConfirmApproveScreen)
        assert stored(workspace, sid).status != "approved"  # type: ignore[arg-type]
        await pilot.press("escape")
        await pilot.press("ctrl+q")


# -- a full disk, a re-import, an exception -----------------------------------------------------


@pytest.fixture()
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    d = SmallDisk(tmp_path / "disk")
    yield d
    d.close()


@sync
async def test_a_full_disk_is_one_line_and_the_save_is_retried(
    disk: SmallDisk, make_app: Callable[..., ReviewApp]
) -> None:
    ws = seed_workspace(disk.folder / "ws")
    app = make_app(ws, checker=False)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        sid = s.current_id
        disk.fill(s.store)
        target_area(app).load_text(LONG)
        await pilot.pause()
        await wait(app, pilot, SAVE_WAIT)
        line = save_line(app)
        assert line.startswith("Not saved") and "full" in line and str(s.kept) in line
        assert target_area(app).text == LONG and isinstance(app.screen, ReviewScreen)
        await wait(app, pilot, RETRY_S)  # retried: still full
        assert save_line(app).startswith("Not saved")
        disk.free()
        await wait(app, pilot, RETRY_S)
        assert save_line(app) == ""
        assert stored(ws, sid).target == LONG  # type: ignore[arg-type]
        await pilot.press("ctrl+q")
    assert app.return_value == 0


@sync
async def test_quitting_on_a_full_disk_keeps_the_text_in_a_file(
    disk: SmallDisk, make_app: Callable[..., ReviewApp]
) -> None:
    ws = seed_workspace(disk.folder / "ws")
    app = make_app(ws, checker=False)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        disk.fill(s.store)
        target_area(app).load_text(LONG)
        await pilot.press("ctrl+q")
    assert app.return_value == 0
    lines = app.finish_review()
    assert any("not saved" in line and "kept in" in line for line in lines)
    assert app.session.shelf.kept(SLUG, "vi")[0][0].target == LONG
    disk.free()
    again = make_app(ws, checker=False)  # offered back: saved at once
    async with again.run_test(size=SIZE) as pilot:
        assert any("Recovered and saved" in n for n in notes(again))
        assert target_area(again).text == LONG  # the editor shows what was saved
        await pilot.press("ctrl+q")
    assert stored(ws, s.rows[0].segment.id).target == LONG


@sync
async def test_no_place_for_the_text_asks_before_quitting_then_prints_it(
    disk: SmallDisk, make_app: Callable[..., ReviewApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    if not disk.mounted:
        pytest.skip("needs a real full filesystem for every place (mount as root)")
    ws = seed_workspace(disk.folder / "ws")
    monkeypatch.setenv("XDG_STATE_HOME", str(disk.folder / "state"))
    (disk.folder / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(disk.folder / "tmp"))
    app = make_app(ws, checker=False)
    async with app.run_test(size=SIZE) as pilot:
        disk.fill(screen_of(app).session.store)
        target_area(app).load_text("chữ\x1b[2J không chỗ nào giữ")
        await pilot.press("ctrl+q")  # refused once: the text is nowhere else
        assert isinstance(app.screen, ReviewScreen)
        assert any("ctrl+q again" in n for n in notes(app))
        await pilot.press("ctrl+q")
    assert app.return_value == 0
    lines = app.finish_review()
    assert any(line.endswith("chữ\x1b[2J không chỗ nào giữ") for line in lines)
    assert any("here it is" in line for line in lines)
    shown = [printable(line) for line in lines]  # what run_review writes to the terminal
    assert all("\x1b" not in line for line in shown) and any("\\x1b[2J" in x for x in shown)


@sync
async def test_a_re_import_under_the_editor(
    workspace: Path, make_app: Callable[..., ReviewApp], tmp_path: Path
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        await pilot.press("ctrl+n", "ctrl+n")
        sid, source = s.current_id, s.row().segment.source
        before = stored(workspace, sid).target  # type: ignore[arg-type]
        await pilot.press("x", "y")
        reimport_without(workspace, tmp_path, source)
        await wait(app, pilot, SAVE_WAIT)
        assert "was removed" in save_line(app) and "kept in" in save_line(app)
        assert s.current_id != sid and not s.has(sid)  # type: ignore[arg-type]
        assert stored(workspace, sid).target == before  # type: ignore[arg-type]
        await pilot.press("z")  # the rest works
        await pilot.press("ctrl+q")
    assert app.return_value == 0
    assert app.session.shelf.kept(SLUG, "vi")[0][0].target == "xy" + before


@sync
async def test_an_exception_in_the_app_still_saves_the_editor(
    workspace: Path, make_app: Callable[..., ReviewApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: ReviewScreen) -> None:
        raise RuntimeError("a bug in the analysis")

    app = make_app(workspace)
    with pytest.raises(RuntimeError, match="a bug"):
        async with app.run_test(size=SIZE) as pilot:
            sid = screen_of(app).session.current_id
            before = target_area(app).text
            monkeypatch.setattr(ReviewScreen, "analyse", broken)
            await pilot.press("o", "k")
            await wait(app, pilot, 0.3)  # the analysis deadline raises
    assert app.finish_review() == []
    assert stored(workspace, sid).target == "ok" + before  # type: ignore[arg-type]


# -- at open -----------------------------------------------------------------------------------
