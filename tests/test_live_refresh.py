"""The open review UI is live (issue 14 item 3): what another reviewer's store commits shows
in the list and the editor without a key press, on SQLite and on PostgreSQL, and a draft
being typed is never replaced by it. The waits poll the screen up to a generous deadline
(a loaded machine); what they wait for is the assertion."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.support import (
    SEED_ARTICLE,
    SIZE,
    SLUG,
    hand_mt,
    past_grace,
    screen_of,
    sync,
    watching,
)
from workbench.project import import_article
from workbench.review import ReviewSession
from workbench.store import Store, open_store
from workbench.tui.app import ReviewApp
from workbench.tui.live import HELD_NOTICE
from workbench.tui.screens.conflict import ConflictScreen

#: Seconds a test waits for the screen before it fails (the refresh takes ~0.1 s idle).
DEADLINE_S = 30.0


@pytest.fixture()
def ws(tmp_path: Path, engine: str) -> Path:
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
    return ws


async def until(pilot: Pilot, done: Callable[[], bool]) -> bool:
    """Let the app run (no key pressed) until ``done()`` or the deadline."""
    deadline = time.monotonic() + DEADLINE_S
    while not done():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


def bao_saves(ws: Path, sid: str, text: str) -> None:
    """The other reviewer: a store of their own, opened and closed for the write."""
    with open_store(ws) as bao:
        t = bao.row(SLUG, sid, "vi").translation
        assert t is not None
        bao.save_target(SLUG, sid, "vi", text, expected_version=t.version, reviewer="bao")


def list_target(app: ReviewApp, sid: str) -> str:
    return str(screen_of(app).table.get_cell(sid, "target"))


def content_ids(s: ReviewSession) -> list[str]:
    return [r.segment.id for r in s.rows if r.segment.kind == "content"]


@sync
async def test_another_reviewers_save_shows_without_a_key_press(
    ws: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        s = screen.session
        await pilot.press("ctrl+n", "ctrl+n")
        here = s.current_id
        assert here is not None and s.text()
        elsewhere = next(i for i in content_ids(s) if i != here and s.text(i))
        assert await until(pilot, lambda: watching(app))
        bao_saves(ws, elsewhere, "VI dòng khác của Bảo")
        bao_saves(ws, here, "VI của Bảo")
        assert await until(pilot, lambda: screen.editor.target.text == "VI của Bảo")
        assert await until(pilot, lambda: list_target(app, elsewhere) == "VI dòng khác của Bảo")
        assert list_target(app, here) == "VI của Bảo"
        assert s.row(elsewhere).status == "edited" and not s.dirty
        assert s.current_id == here  # the cursor stayed
        await pilot.press("ctrl+q")


@sync
async def test_a_draft_being_typed_is_never_replaced(
    ws: Path, make_app: Callable[..., ReviewApp], store_of: Callable[[ReviewApp], Store]
) -> None:
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        s = screen.session
        await pilot.press("ctrl+n", "ctrl+n")
        sid = s.current_id
        assert sid is not None and s.text() and await until(pilot, lambda: watching(app))
        await pilot.press("end", "x")  # a draft, not saved (the session's clock stands still)
        mine = screen.editor.target.text
        assert mine.endswith("x") and s.dirty
        bao_saves(ws, sid, "VI của Bảo")
        assert await until(pilot, lambda: screen.live.held_id == sid)
        assert await until(pilot, lambda: any(HELD_NOTICE in str(n.message)
                                              for n in app._notifications))  # fmt: skip
        assert screen.editor.target.text == mine and s.text() == mine
        # The row keeps the version the draft was read at: saving is a conflict, not an
        # overwrite of Bảo's text.
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        assert store_of(app).row(SLUG, sid, "vi").translation.target == "VI của Bảo"  # type: ignore[union-attr]
        await past_grace(app, pilot)  # a new dialog takes no key for a moment
        await pilot.press("alt+t")  # take theirs: the editor shows it
        assert await until(pilot, lambda: screen.editor.target.text == "VI của Bảo")
        await pilot.press("ctrl+q")


@pytest.fixture()
def store_of() -> Callable[[ReviewApp], Store]:
    return lambda app: app.session.store


@sync
async def test_a_write_the_editor_has_not_drawn_is_not_typing(
    ws: Path, make_app: Callable[..., ReviewApp], store_of: Callable[[ReviewApp], Store]
) -> None:
    """Only what differs from the text the editor was loaded with is typing. The session
    saves the open segment without a redraw (as a recovered draft is saved at start); then
    a colleague's commit elsewhere wakes the refresh: the editor's older text must not
    become a draft that quitting saves over the newer one (it did: the flaky full-disk
    recovery test lost the recovered text this way)."""
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        s = screen.session
        await pilot.press("ctrl+n", "ctrl+n")
        here = s.current_id
        assert here is not None and await until(pilot, lambda: watching(app))
        shown = screen.editor.target.text
        t = s.row(here).translation
        assert t is not None and shown == t.target
        newer = "VI bản đã lưu, chưa vẽ lại"
        store_of(app).save_target(SLUG, here, "vi", newer, expected_version=t.version,
                                  reviewer="anna")  # fmt: skip
        s.refresh_row(here)  # the session knows it; the editor still shows the older text
        elsewhere = next(i for i in content_ids(s) if i != here)
        bao_saves(ws, elsewhere, "VI dòng khác của Bảo")
        assert await until(pilot, lambda: list_target(app, elsewhere) == "VI dòng khác của Bảo")
        assert not s.dirty  # the older text on screen was not taken for typing
        await pilot.press("ctrl+q")
    assert app.return_value == 0
    with open_store(ws) as store:
        assert store.row(SLUG, here, "vi").translation.target == newer  # type: ignore[union-attr]
