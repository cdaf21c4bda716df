"""The review TUI driven with Pilot, plus snapshot tests of the main screen and the editor.

Content is the seed article with hand-written MT (never a model's output: a random-weight
model's text differs between CPUs), and the open-time MT worker is off unless a test is
about it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TextArea

from tests.support import (
    SAVE_WAIT,
    SEED_ARTICLE,
    SIZE,
    SLUG,
    Clock,
    FakeFinding,
    burst,
    hand_mt,
    no_digits,
    past_grace,
    save_line,
    screen_of,
    settle,
    stored,
    sync,
    target_area,
    tm_match,
    wait,
    write_glossary,
)
from workbench.errors import PackageError
from workbench.glossary import Glossary
from workbench.project import import_article
from workbench.review import FILTERS, jobs, last_position
from workbench.store import MTWrite, open_store
from workbench.tui import keymap
from workbench.tui.app import ReviewApp, run_review
from workbench.tui.deadlines import Deadlines
from workbench.tui.screens.confirm import ConfirmApproveScreen
from workbench.tui.screens.conflict import ConflictScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.replace import ReplaceEnglishScreen
from workbench.tui.screens.review import ReviewScreen


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        hand_mt(store, "en")
    return ws


#: A TM match for the segment with "2 000" (its source words that differ from the match's).
FUZZY = tm_match(88, "Nga đã triển khai lực lượng gìn giữ hòa bình gồm 1.960 binh sĩ.",
                 ("2", "000", "hommes"))  # fmt: skip


@pytest.fixture()
def rich_workspace(workspace: Path) -> Path:
    """The seed workspace plus a glossary, TM matches on the "2 000" segment and a title
    whose target came from the translation memory (origin tm, 101 %)."""
    write_glossary(workspace)
    with open_store(workspace) as store:
        rows = [r for r in store.rows(SLUG, "vi") if r.segment.translatable]
        title = rows[0]
        store.store_mt(SLUG, "vi", [MTWrite(
            title.segment.id, "Nga rút lực lượng gìn giữ hòa bình khỏi Nagorno-Karabakh",
            "tm:karabakh-2023/s0123456789ab", origin="tm", matches=(tm_match(
                101, "Nga rút lực lượng gìn giữ hòa bình khỏi Nagorno-Karabakh"),),
        )])  # fmt: skip
        row = next(r for r in rows if "2 000" in r.segment.source)
        t = row.translation
        assert t is not None
        fuzzy = MTWrite(
            row.segment.id, t.mt or "", t.mt_model or "", t.pivot, t.alternatives, matches=(FUZZY,)
        )
        store.store_mt(SLUG, "vi", [fuzzy])
    return workspace


def shown_source(app: ReviewApp) -> str:
    return str(screen_of(app).query_one("#source", Static).render())


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

        # Type an edit: saved by the debounce, without leaving the segment, once typing
        # has paused for the autosave delay (0.5 s).
        await pilot.press("end")
        await type_text(pilot, " sửa")
        effort = screen_of(app).query_one("#effort")
        assert str(effort.render()).startswith("TER 0.0")  # analysed after 0.25 s
        await wait(app, pilot, 0.4)
        assert not stored(workspace, third).target.endswith(" sửa")
        assert not str(effort.render()).startswith("TER 0.0")
        await wait(app, pilot, 0.2)
        t = stored(workspace, third)
        assert t.target.endswith(" sửa") and t.status == "edited"
        assert t.edit_seconds >= 0

        # Approve and go to the next to-do in one key (the chrome line after it is skipped).
        # The real QA finds errors in the hand MT: approving asks first; ctrl+o again = yes.
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ConfirmApproveScreen)
        assert stored(workspace, third).status == "edited"
        await pilot.press("ctrl+o")  # pressed twice by mistake: absorbed while the dialog is new
        assert isinstance(app.screen, ConfirmApproveScreen)
        await past_grace(app, pilot)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ReviewScreen)
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
        await pilot.press(*["f5"] * (len(FILTERS) - 1))  # round to "all" again
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
        await wait(app, pilot, SAVE_WAIT)
        assert stored(workspace, third).pivot.endswith(" fixed")

        # Type and quit at once: the quit saves synchronously.
        target_area(app).focus()
        await pilot.press("end", "!")
        await pilot.press("ctrl+q")
    assert app.return_value == 0
    final = stored(workspace, third)
    assert final.target.endswith(" sửa!") and final.status == "edited"
    with open_store(workspace) as store:
        assert last_position(store, SLUG, "vi", "anna") == (third, "all")

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
async def test_approve_with_qa_errors_asks_once(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace, checker=no_digits)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        first = s.current_id
        await pilot.press("ctrl+o")  # no QA error: approved at once
        assert stored(workspace, first).status == "approved"
        sid = s.current_id
        target_area(app).load_text("không có số")  # typed, not saved yet: it counts
        await pilot.pause()
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ConfirmApproveScreen)
        assert "no number in the target" in str(app.screen.query_one("#confirm-errors").render())
        await past_grace(app, pilot)
        await pilot.press("n", "y", "enter")  # letters answer nothing; enter is "go back"
        assert isinstance(app.screen, ReviewScreen) and s.current_id == sid
        assert target_area(app).has_focus and target_area(app).text == "không có số"
        assert stored(workspace, sid).status != "approved"
        await pilot.press("ctrl+o")  # a "no" is not remembered: it asks again
        assert isinstance(app.screen, ConfirmApproveScreen)
        await past_grace(app, pilot)
        await pilot.press("escape")
        assert stored(workspace, sid).status != "approved"
        await pilot.press("ctrl+o")
        await past_grace(app, pilot)
        await pilot.press("ctrl+o")
        assert stored(workspace, sid).status == "approved" and s.current_id != sid
        while s.current_id != sid:
            await pilot.press("ctrl+p")
        await pilot.press("alt+u")  # unapprove, approve again: asked once already
        assert stored(workspace, sid).status == "edited"
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ReviewScreen)
        assert stored(workspace, sid).status == "approved"
        await pilot.press("ctrl+q")


@sync
async def test_glossary_and_translation_memory_in_the_editor(
    rich_workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(rich_workspace)  # the real QA, with the workspace glossary
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        editor = screen_of(app).editor

        def shown(selector: str) -> str:
            return str(editor.query_one(selector).render())

        # The title came from the translation memory: marked as such, not as MT.
        assert shown("#mt-heading").startswith("TM 101% · translation memory: karabakh-2023/")
        assert "from TM 101%" in shown("#target-label")
        assert "F6 TM 101%" in shown("#suggestions")
        assert "✓ Haut-Karabakh → Nagorno-Karabakh" in shown("#glossary")

        row = next(r for r in s.rows if "2 000" in r.segment.source)
        while s.current_id != row.segment.id:
            await pilot.press("ctrl+n")
        assert shown("#mt-heading").startswith("MT · test-fr_en>en_vi")
        suggestions = shown("#suggestions").splitlines()
        assert suggestions[0].startswith("F2 ") and suggestions[1].startswith("F3 ")
        assert suggestions[2].startswith("F6 TM 88% ≠ 2, 000, hommes │ Nga đã triển khai")
        glossary = shown("#glossary")
        assert "✗ force de maintien de la paix → lực lượng gìn giữ hòa bình" in glossary
        assert "glossary" in shown("#qa")  # the glossary check reports it too
        await pilot.press("f6")
        assert stored(rich_workspace, row.segment.id).target == FUZZY["target"]
        assert "✓ force de maintien de la paix" in shown("#glossary")
        await pilot.press("f7")  # there is no second match: said, nothing changes
        assert stored(rich_workspace, row.segment.id).target == FUZZY["target"]
        assert any("no number 2" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+q")


@sync
async def test_demo_output_is_marked(workspace: Path, make_app: Callable[..., ReviewApp]) -> None:
    with open_store(workspace) as store:
        sid = store.rows(SLUG, "vi")[0].segment.id
        store.store_mt(SLUG, "vi", [MTWrite(sid, "xq zu", "demo-fr_vi", origin="mt-demo")])
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        editor = screen_of(app).editor
        assert str(editor.query_one("#mt-heading").render()) == (
            "MT (demo model: placeholder text) · demo-fr_vi"
        )
        assert str(editor.query_one("#mt").render()) == "xq zu"
        await pilot.press("ctrl+q")


@sync
async def test_flagged_filter_while_qa_runs(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    gate = threading.Event()

    def russia(source: str, target: str, lang: str, **_: object) -> list[FakeFinding]:
        """Flags every segment about Russia; held in the worker until the test says go."""
        if threading.current_thread() is not threading.main_thread():
            gate.wait(10)
        return [FakeFinding("x", "warning", "Russie", None)] if "Russie" in source else []

    app = make_app(workspace, checker=russia)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        label = screen_of(app).query_one("#filter-label")
        await pilot.press(*["f5"] * 5)
        assert s.filter == "flagged"
        # Only the current segment (the title, about Russia) is checked so far.
        assert s.visible == [s.rows[0].segment.id]
        assert "QA running… 0/" in str(label.render())
        gate.set()
        await settle(app, pilot)
        await pilot.pause()
        about_russia = [r.segment.id for r in s.rows
                        if r.segment.translatable and "Russie" in r.segment.source]  # fmt: skip
        assert len(about_russia) > 1 and s.visible == about_russia
        assert screen_of(app).table.row_count == len(about_russia)
        assert "running" not in str(label.render())
        await pilot.press("ctrl+q")


@sync
async def test_footer_keeps_the_main_keys_at_80_columns(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = {k.description: k.region for k in app.screen.query("FooterKey")}  # type: ignore[attr-defined]
        for wanted in ("Next", "Approve▸next", "Help", "Quit"):
            region = keys[wanted]
            assert region.width and region.right <= 80, wanted
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


# -- key map and timing ---------------------------------------------------------------------


def test_every_binding_comes_from_the_keymap() -> None:
    ids = [k.id for k in keymap.KEYMAP]
    assert len(ids) == len(set(ids))  # a user's keymap file names them: unique, stable
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    screens = {keymap.REVIEW: ReviewScreen, keymap.HELP: HelpScreen,
               keymap.CONFIRM: ConfirmApproveScreen, keymap.CONFLICT: ConflictScreen,
               keymap.REPLACE_ENGLISH: ReplaceEnglishScreen}  # fmt: skip
    for scope, screen in screens.items():
        table = keymap.keys_of(scope)
        assert [(b.id, b.key) for b in screen.BINDINGS] == [(k.id, k.keys) for k in table]  # type: ignore[union-attr]
        keys = [key for k in table for key in k.keys.split(",")]
        assert len(keys) == len(set(keys)), scope  # no key does two things on one screen
        for k in table:
            assert hasattr(screen, f"action_{k.action.split('(')[0]}"), k.id
    help_ids = [b.id for b in keymap.help_bindings()]
    assert help_ids == [k.id for k in keymap.keys_of(keymap.REVIEW) if k.id != "focus-target"]


@sync
async def test_a_binding_id_can_be_remapped(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    """What a user's keymap file will do: Textual's keymap, keyed by our binding ids."""
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        app.set_keymap({"next-segment": "f12"})
        await pilot.press("f12")
        assert s.current_id == s.rows[1].segment.id
        await pilot.press("ctrl+n")  # the old key is gone
        assert s.current_id == s.rows[1].segment.id
        await pilot.press("ctrl+q")


@sync
async def test_copy_source_into_the_target(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    """ctrl+b (Poedit's key) and alt+s (ctrl+b is tmux's prefix) copy the source, saved."""
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        for key in ("ctrl+b", "alt+s"):
            await pilot.press("ctrl+t")  # the next to-do: a content segment
            await pilot.pause()
            source = s.row().segment.source
            assert target_area(app).text != source
            await pilot.press(key)
            await pilot.pause()
            assert target_area(app).text == source, key
            assert s.row().translation.target == source  # type: ignore[union-attr]
        await pilot.press("ctrl+q")


def test_deadlines_follow_their_clock() -> None:
    clock = Clock()
    ran: list[str] = []
    d = Deadlines(clock)
    assert d.next_in() is None and d.pop_due() == []
    d.set("save", 0.5, lambda: ran.append("save"))
    d.set("analysis", 0.25, lambda: ran.append("analysis"))
    assert d.next_in() == 0.25
    clock.now += 0.2
    d.set("analysis", 0.25, lambda: ran.append("analysis"))  # typed again: moves on
    clock.now += 0.1
    assert d.pop_due() == [] and d.next_in() == pytest.approx(0.15)  # analysis at 0.45
    clock.now += 0.3
    for call in d.pop_due():
        call()
    assert ran == ["analysis", "save"] and d.next_in() is None  # earliest first, then gone
    d.set("search", 1, lambda: ran.append("search"))
    d.cancel()
    clock.now += 5
    assert d.pop_due() == [] and not d.pending("search")


@sync
async def test_export_writes_po_files(
    workspace: Path, make_app: Callable[..., ReviewApp], tmp_path: Path
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        if isinstance(app.screen, ConfirmApproveScreen):  # the hand MT has QA errors
            await past_grace(app, pilot)
            await pilot.press("ctrl+o")
        await pilot.press("alt+e")
        await settle(app, pilot)
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
        await pilot.press("end", "x")  # typing first: a change before it would be shown live
        with open_store(workspace) as other:
            t = other.row(SLUG, sid, "vi").translation
            other.save_target(SLUG, sid, "vi", "VI của Bảo", expected_version=t.version,
                              reviewer="bao")  # fmt: skip
        await wait(app, pilot, SAVE_WAIT)
        # The autosave found the conflict: said on one line, no dialog while typing.
        assert isinstance(app.screen, ReviewScreen)
        assert "changed this segment" in save_line(app)
        assert stored(workspace, sid).target == "VI của Bảo"  # nothing overwritten silently
        await pilot.press("ctrl+s")  # an explicit save asks
        assert isinstance(app.screen, ConflictScreen)
        await past_grace(app, pilot)
        await pilot.press("alt+m")
        assert isinstance(app.screen, ReviewScreen)
        assert save_line(app) == ""
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
        await past_grace(app, pilot)
        await pilot.press("alt+t")
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
        await past_grace(app, pilot)
        await pilot.press("escape")  # cancel: still running, text still there
        assert isinstance(app.screen, ReviewScreen) and target_area(app).text.endswith("x")
        await pilot.press("ctrl+q")
        await past_grace(app, pilot)
        await pilot.press("alt+m")
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

    monkeypatch.setattr(jobs, "translate_missing", no_model)
    app = make_app(ws, translate=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
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

    monkeypatch.setattr(jobs, "translate_missing", fake_translate)
    app = make_app(ws, translate=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
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
            store.set_pivot(slug, sid, lang, english, expected_version=None)
            store.store_mt(slug, lang, [MTWrite(sid, f"VI từ: {english}", "fake", english)])

    monkeypatch.setattr(jobs, "retranslate_pivot", fake_pivot)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen_of(app).query_one("#pivot", TextArea).focus()
        await pilot.press("end", "!")
        await pilot.press("alt+p")
        await settle(app, pilot)
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
    app = make_app(ws, checker=False)  # QA of every row has its own test
    async with app.run_test(size=SIZE) as pilot:
        table = screen_of(app).table
        while table.filling:  # the rows after the first screenful come in batches
            await pilot.pause()
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


def fixed_findings(
    source: str, target: str, lang: str, *, glossary: Glossary | None = None, **_: object
) -> list[FakeFinding]:
    """A fixed QA result, so the snapshot changes only when the UI does: missing glossary
    terms, and two findings on the "2 000" segment."""
    found = []
    seen: set[str] = set()
    for term, span in glossary.find(source) if glossary is not None else ():
        required = glossary.target_for(term, lang)  # type: ignore[union-attr]
        if term.fr not in seen and required and required not in target:
            message = f"{term.fr} must be translated as {required}"
            found.append(FakeFinding("glossary", "warning", message, None, span))
        seen.add(term.fr)
    if "2 000" in source:
        found += [
            FakeFinding("numbers", "error", "number 2 000 is missing from the translation", None),
            FakeFinding("length", "warning", "much shorter than the source",
                        (0, min(len(target), 12))),
        ]  # fmt: skip
    return found


def test_snapshot_main_screen(
    rich_workspace: Path, make_app: Callable[..., ReviewApp], snap_compare: Callable[..., bool]
) -> None:
    """The title came from the translation memory; the glossary terms of its source."""
    app = make_app(rich_workspace, checker=fixed_findings)
    assert snap_compare(app, terminal_size=SIZE)


def test_snapshot_main_screen_80x24(
    rich_workspace: Path, make_app: Callable[..., ReviewApp], snap_compare: Callable[..., bool]
) -> None:
    """A small terminal: a shorter editor, and the footer's main keys still visible."""
    app = make_app(rich_workspace, checker=fixed_findings)
    assert snap_compare(app, terminal_size=(80, 24))


async def to_the_2000_segment(app: ReviewApp, pilot: Pilot) -> None:
    s = screen_of(app).session
    target = next(r for r in s.rows if "2 000" in r.segment.source)
    while s.current_id != target.segment.id:
        await pilot.press("ctrl+n")


def test_snapshot_vietnamese_editor_with_pivot_and_findings(
    rich_workspace: Path, make_app: Callable[..., ReviewApp], snap_compare: Callable[..., bool]
) -> None:
    """Pivot, MT alternatives and a TM match, a missing glossary term, QA spans, the diff."""
    app = make_app(rich_workspace, checker=fixed_findings)

    async def edit(pilot: Pilot) -> None:
        await to_the_2000_segment(app, pilot)
        await pilot.press("end")
        await type_text(pilot, " (đã sửa)")
        await wait(app, pilot, SAVE_WAIT)

    assert snap_compare(app, terminal_size=SIZE, run_before=edit)


def test_snapshot_approve_with_errors_dialog(
    rich_workspace: Path, make_app: Callable[..., ReviewApp], snap_compare: Callable[..., bool]
) -> None:
    app = make_app(rich_workspace, checker=fixed_findings)

    async def approve(pilot: Pilot) -> None:
        await to_the_2000_segment(app, pilot)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ConfirmApproveScreen)

    assert snap_compare(app, terminal_size=SIZE, run_before=approve)


@sync
async def test_keys_typed_just_before_quit_are_saved(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        sid = app.session.current_id
        burst(app, "x", "y", "z", "ctrl+q")
        await pilot.pause()
    assert app.return_value == 0
    assert stored(workspace, sid).target.startswith("xyz")
