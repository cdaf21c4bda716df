"""The review TUI driven with Pilot, plus snapshot tests of the main screen and the editor.

Content is the seed article with hand-written MT (never a model's output: a random-weight
model's text differs between CPUs), and the open-time MT worker is off unless a test is
about it.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TextArea

from tests.conftest import SEED_ARTICLE
from tests.test_review import SLUG, FakeFinding, hand_mt
from workbench import review
from workbench.errors import PackageError
from workbench.project import import_article
from workbench.review import ReviewSession, last_position
from workbench.store import MTWrite, Store, Translation, open_store
from workbench.tui.app import ReviewApp, run_review
from workbench.tui.screens.conflict import ConflictScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.review import ReviewScreen

SIZE = (120, 36)
SAVE_WAIT = 0.8  # a little more than the autosave delay


def sync(test: Callable[..., Coroutine[object, object, None]]) -> Callable[..., None]:
    """Run an async test in its own event loop (no pytest asyncio plugin is needed)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        hand_mt(store, "en")
    return ws


class Opened:
    """Apps opened by a test, with their store connections closed at the end."""

    def __init__(self, export_dir: Path) -> None:
        self.stores: list[Store] = []
        self.export_dir = export_dir

    def __call__(
        self, ws: Path, lang: str = "vi", *, checker: object = True, translate: bool = False
    ) -> ReviewApp:
        store = open_store(ws)
        self.stores.append(store)
        session = ReviewSession(store, SLUG, lang, "anna", checker=checker)  # type: ignore[arg-type]
        session.restore_position()
        return ReviewApp(
            session, translate_on_open=translate, cursor_blink=False, export_dir=self.export_dir
        )


@pytest.fixture()
def make_app(tmp_path: Path) -> Iterator[Callable[..., ReviewApp]]:
    opened = Opened(tmp_path / "locales")
    yield opened
    for store in opened.stores:
        store.close()


def screen_of(app: ReviewApp) -> ReviewScreen:
    screen = app.review_screen
    assert screen is not None
    return screen


def shown_source(app: ReviewApp) -> str:
    return str(screen_of(app).query_one("#source", Static).render())


def target_area(app: ReviewApp) -> TextArea:
    return screen_of(app).query_one("#target", TextArea)


def stored(ws: Path, segment_id: str, lang: str = "vi") -> Translation:
    with open_store(ws) as store:
        t = store.row(SLUG, segment_id, lang).translation
    assert t is not None
    return t


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


# -- the whole flow -------------------------------------------------------------------------


@sync
async def test_review_flow_and_reopen(workspace: Path, make_app: Callable[..., ReviewApp]) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        rows = s.rows
        assert s.current_id == rows[0].segment.id
        assert target_area(app).has_focus
        table = screen_of(app).query_one(DataTable)
        assert table.row_count == len(rows)

        # Move: ctrl+n twice (over the chrome byline) while the target has the focus.
        await pilot.press("ctrl+n", "ctrl+n")
        third = rows[2].segment.id
        assert s.current_id == third and table.cursor_row == 2
        assert rows[2].segment.source in shown_source(app)

        # Type an edit: saved by the debounce, without leaving the segment.
        await pilot.press("end")
        await type_text(pilot, " sửa")
        await pilot.pause(SAVE_WAIT)
        t = stored(workspace, third)
        assert t.target.endswith(" sửa") and t.status == "edited"
        assert t.edit_seconds >= 0

        # Approve and go to the next to-do in one key (the chrome line after it is skipped).
        await pilot.press("ctrl+o")
        assert stored(workspace, third).status == "approved"
        fifth = rows[4].segment.id
        assert rows[3].segment.kind == "chrome" and s.current_id == fifth
        assert screen_of(app).header.query_one("#approved-count").render().plain.startswith("1/")

        # Store-level undo (alt+z) on the approved segment: back to "edited".
        await pilot.press("ctrl+p", "ctrl+p")
        assert s.current_id == third
        await pilot.press("alt+z")
        assert stored(workspace, third).status == "edited"
        await pilot.press("alt+y")
        assert stored(workspace, third).status == "approved"
        await pilot.press("alt+z")

        # Filter: F5 cycles to "todo"; the list shrinks to the translatable segments.
        await pilot.press("f5")
        assert s.filter == "todo"
        assert table.row_count == sum(r.segment.translatable for r in rows)
        await pilot.press("f5", "f5", "f5", "f5", "f5")
        assert s.filter == "all" and table.row_count == len(rows)

        # Search.
        await pilot.press("ctrl+f")
        assert screen_of(app).query_one("#search", Input).has_focus
        await type_text(pilot, "Kremlin")
        await pilot.press("enter")
        assert target_area(app).has_focus
        assert 0 < table.row_count < len(rows)
        await pilot.press("ctrl+f", *["backspace"] * 7, "enter")
        assert table.row_count == len(rows)

        # Switch language (en ⇄ vi) on the same segment.
        await pilot.press("ctrl+l")
        assert s.lang == "en" and s.current_id == third
        assert target_area(app).text.startswith("EN ")
        await pilot.press("ctrl+l")
        assert s.lang == "vi"

        # Edit the English pivot: saved like the target.
        pivot = screen_of(app).query_one("#pivot", TextArea)
        pivot.focus()
        await pilot.press("end")
        await type_text(pilot, " fixed")
        await pilot.pause(SAVE_WAIT)
        assert stored(workspace, third).pivot.endswith(" fixed")

        # Type and quit at once: the quit saves synchronously.
        target_area(app).focus()
        await pilot.press("end", "!")
        await pilot.press("ctrl+q")
    assert app.return_value == 0
    final = stored(workspace, third)
    assert final.target.endswith(" sửa!") and final.status == "edited"
    assert last_position(workspace, SLUG, "vi") == (third, "all")

    # Reopen: everything is there and the cursor is back on the same segment.
    again = make_app(workspace)
    async with again.run_test(size=SIZE) as pilot:
        s2 = screen_of(again).session
        assert s2.current_id == third
        assert screen_of(again).query_one(DataTable).cursor_row == 2
        assert target_area(again).text.endswith(" sửa!")
        await pilot.press("ctrl+q")


@sync
async def test_keys_work_from_the_list_too(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        table = screen_of(app).query_one(DataTable)
        table.focus()
        await pilot.press("down", "down")
        s = screen_of(app).session
        assert s.current_id == s.rows[2].segment.id
        await pilot.press("f2")  # alternative 1
        alt = s.row().translation.alternatives[0]
        assert stored(workspace, s.current_id).target == alt
        await pilot.press("ctrl+r")  # revert to MT
        assert stored(workspace, s.current_id).status == "machine"
        await pilot.press("alt+c")  # mark as chrome
        assert s.row().segment.kind == "chrome" and target_area(app).read_only
        await pilot.press("alt+c")
        assert s.row().segment.kind == "content"
        await pilot.press("ctrl+t")
        assert s.current_id == s.rows[4].segment.id
        await pilot.press("ctrl+q")


@sync
async def test_help_and_palette(workspace: Path, make_app: Callable[..., ReviewApp]) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Approve▸next", "Undo", "EN⇄VI", "Filter", "Export", "From pivot"):
            assert any(t.startswith(wanted) for t in titles), wanted
        await pilot.press("f9")
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press("escape")
        await pilot.press("ctrl+q")


@sync
async def test_export_writes_po_files(
    workspace: Path, make_app: Callable[..., ReviewApp], tmp_path: Path
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.press("alt+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        po = tmp_path / "locales" / "vi" / "LC_MESSAGES" / f"{SLUG}.po"
        assert po.exists()
        assert any(str(po) in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+q")


# -- conflicts ------------------------------------------------------------------------------


@sync
async def test_conflict_keep_mine(workspace: Path, make_app: Callable[..., ReviewApp]) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        await pilot.press("ctrl+n", "ctrl+n")
        sid = s.current_id
        with open_store(workspace) as other:
            t = other.row(SLUG, sid, "vi").translation
            other.save_target(SLUG, sid, "vi", "VI của Bảo", expected_version=t.version,
                              reviewer="bao")  # fmt: skip
        await pilot.press("end", "x")
        await pilot.pause(SAVE_WAIT)
        assert isinstance(app.screen, ConflictScreen)
        assert stored(workspace, sid).target == "VI của Bảo"  # nothing overwritten silently
        await pilot.press("m")
        assert isinstance(app.screen, ReviewScreen)
        mine = stored(workspace, sid)
        assert mine.target.endswith("x") and mine.target != "VI của Bảo"
        await pilot.press("ctrl+q")


@sync
async def test_conflict_take_theirs_on_leaving(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        await pilot.press("ctrl+n", "ctrl+n")
        sid = s.current_id
        await pilot.press("end", "x")
        with open_store(workspace) as other:
            t = other.row(SLUG, sid, "vi").translation
            other.save_target(SLUG, sid, "vi", "VI của Bảo", expected_version=t.version)
        await pilot.press("ctrl+n")  # leaving saves: conflict
        assert isinstance(app.screen, ConflictScreen)
        assert s.current_id == sid
        await pilot.press("t")
        assert stored(workspace, sid).target == "VI của Bảo"
        assert s.current_id != sid  # the move went on after the choice
        await pilot.press("ctrl+p")
        assert target_area(app).text == "VI của Bảo"
        await pilot.press("ctrl+q")


@sync
async def test_conflict_on_quit_cancel_then_keep(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        sid = s.current_id
        await pilot.press("end", "x")
        with open_store(workspace) as other:
            t = other.row(SLUG, sid, "vi").translation
            other.save_target(SLUG, sid, "vi", "VI của Bảo", expected_version=t.version)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")  # cancel: still running, text still there
        assert isinstance(app.screen, ReviewScreen) and target_area(app).text.endswith("x")
        await pilot.press("ctrl+q")
        await pilot.press("m")
    assert app.return_value == 0
    assert stored(workspace, sid).target.endswith("x")


# -- workers -------------------------------------------------------------------------------


@sync
async def test_missing_model_is_a_banner_not_a_crash(
    tmp_path: Path, make_app: Callable[..., ReviewApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "fresh"
    import_article(SEED_ARTICLE, workspace=ws)

    def no_model(*args: object, **kwargs: object) -> None:
        raise PackageError("no fr→vi package installed: workbench models install FILE")

    monkeypatch.setattr(review, "translate_missing", no_model)
    app = make_app(ws, translate=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        banner = screen_of(app).query_one("#banner", Static)
        assert "no fr→vi package" in str(banner.render()) and banner.display
        await type_text(pilot, "tự gõ")  # the reviewer keeps working
        await pilot.press("ctrl+q")
    assert stored(ws, app.session.rows[0].segment.id).target == "tự gõ"


@sync
async def test_open_time_mt_fills_the_list(
    tmp_path: Path, make_app: Callable[..., ReviewApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "fresh"
    import_article(SEED_ARTICLE, workspace=ws)

    def fake_translate(workspace: Path, slug: str, lang: str, progress: object) -> list:
        with open_store(workspace) as store:
            rows = [r for r in store.rows(slug, lang) if r.segment.translatable]
            progress(lang, 0, len(rows))  # type: ignore[operator]
            store.store_mt(slug, lang, [MTWrite(r.segment.id, f"MT {r.segment.position}",
                                                "fake") for r in rows])  # fmt: skip
            progress(lang, len(rows), len(rows))  # type: ignore[operator]
        return []

    monkeypatch.setattr(review, "translate_missing", fake_translate)
    app = make_app(ws, translate=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert target_area(app).text == "MT 1"
        assert not screen_of(app).header.has_class("translating")
        await pilot.press("ctrl+q")


@sync
async def test_retranslate_from_pivot_worker(
    workspace: Path, make_app: Callable[..., ReviewApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def fake_pivot(ws: Path, slug: str, sid: str, lang: str, english: str, who: object) -> None:
        calls.append(english)
        with open_store(ws) as store:
            store.set_pivot(slug, sid, lang, english)
            store.store_mt(slug, lang, [MTWrite(sid, f"VI từ: {english}", "fake", english)])

    monkeypatch.setattr(review, "retranslate_pivot", fake_pivot)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen_of(app).query_one("#pivot", TextArea).focus()
        await pilot.press("end", "!")
        await pilot.press("alt+p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert calls and calls[0].endswith("!")
        assert target_area(app).text == f"VI từ: {calls[0]}"
        await pilot.press("ctrl+q")


# -- scale ------------------------------------------------------------------------------------


def big_article(path: Path, sentences: int) -> Path:
    lines = ["Un très long article de test", ""]
    for p in range(0, sentences, 5):
        lines.append(" ".join(
            f"La phrase numéro {i + 1} parle du Haut-Karabakh et de la Russie."
            for i in range(p, min(p + 5, sentences))
        ))  # fmt: skip
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@sync
async def test_five_thousand_segments_open_and_scroll(
    tmp_path: Path, make_app: Callable[..., ReviewApp]
) -> None:
    ws = tmp_path / "big"
    import_article(big_article(tmp_path / "big.txt", 5000), slug=SLUG, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        assert len(store.rows(SLUG, "vi")) == 5001
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        table = screen_of(app).query_one(DataTable)
        assert table.row_count == 5001
        table.focus()
        await pilot.press(*["down"] * 30)
        assert table.cursor_row == 30
        await pilot.press("pagedown", "pagedown")
        s = screen_of(app).session
        row = table.cursor_row
        assert row > 30 and s.current_id == s.rows[row].segment.id
        assert s.rows[row].segment.source in shown_source(app)
        await pilot.press("ctrl+end")
        assert s.current_id == s.rows[-1].segment.id
        assert "numéro 5000 " in shown_source(app)
        await pilot.press("ctrl+q")


# -- run_review -------------------------------------------------------------------------------


def test_run_review_errors_before_the_app(tmp_path: Path, workspace: Path) -> None:
    from workbench.errors import InputError, NotFoundError

    with pytest.raises(NotFoundError, match="no workspace"):
        run_review(workspace=tmp_path / "none", slug=SLUG, lang="vi", reviewer="anna")
    with pytest.raises(NotFoundError, match="no article"):
        run_review(workspace=workspace, slug="other", lang="vi", reviewer="anna")
    with pytest.raises(InputError):
        run_review(workspace=workspace, slug=SLUG, lang="not a lang", reviewer="anna")


# -- snapshots (pytest-textual-snapshot) --------------------------------------------------------


def fixed_findings(source: str, target: str, lang: str, **_: object) -> list[FakeFinding]:
    """A fixed QA result, so the snapshot changes only when the UI does."""
    if "2 000" not in source:
        return []
    return [
        FakeFinding("numbers", "error", "number 2 000 is missing from the translation", None),
        FakeFinding("length", "warning", "much shorter than the source", (0, min(len(target), 12))),
    ]


def test_snapshot_main_screen(
    workspace: Path, make_app: Callable[..., ReviewApp], snap_compare: Callable[..., bool]
) -> None:
    app = make_app(workspace, checker=fixed_findings)
    assert snap_compare(app, terminal_size=SIZE)


def test_snapshot_vietnamese_editor_with_pivot_and_findings(
    workspace: Path, make_app: Callable[..., ReviewApp], snap_compare: Callable[..., bool]
) -> None:
    app = make_app(workspace, checker=fixed_findings)

    async def edit(pilot: Pilot) -> None:
        s = screen_of(app).session
        target = next(r for r in s.rows if "2 000" in r.segment.source)
        while s.current_id != target.segment.id:
            await pilot.press("ctrl+n")
        await pilot.press("end")
        await type_text(pilot, " (đã sửa)")
        await pilot.pause(SAVE_WAIT)

    assert snap_compare(app, terminal_size=SIZE, run_before=edit)
