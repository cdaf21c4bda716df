"""The review UI's side of the pivot link (issue 14, item 8), driven with Pilot: alt+n makes the
English pivot (as typed) the English target; a reviewer's different English is replaced only
through the question (alt+n again; escape keeps it; keys absorbed while it is new); approving
an English target (ctrl+o) follows it into the Vietnamese in a worker, with real MT through
the tiny packages installed in the session's Argos folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.support import SIZE, past_grace, screen_of, seed_workspace, settle, stored, sync
from workbench.mt.packages import InstalledPackage
from workbench.store import open_store
from workbench.tui.app import ReviewApp
from workbench.tui.screens.replace import ReplaceEnglishScreen
from workbench.tui.screens.review import ReviewScreen


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    return seed_workspace(tmp_path / "ws")


def _toasts(app: ReviewApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


@sync
async def test_alt_n_makes_the_typed_pivot_the_english_target(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        sid = s.current_id
        assert sid is not None and stored(workspace, sid, "en").target == s.pivot_text()
        pivot = screen_of(app).query_one("#pivot", TextArea)
        pivot.focus()
        await pilot.press("end", *" fixed")
        await pilot.press("alt+n")  # no wait for the autosave: the typing is taken first
        en = stored(workspace, sid, "en")
        assert en.target.endswith(" fixed") and en.target == stored(workspace, sid).pivot
        assert (en.status, en.reviewer) == ("edited", "anna")
        assert "English target set from the pivot" in _toasts(app)
        await pilot.press("alt+n")  # the same text again: nothing written
        assert stored(workspace, sid, "en").version == en.version
        assert "already is this pivot" in _toasts(app)
        await pilot.press("ctrl+q")


@sync
async def test_a_reviewers_english_is_replaced_only_through_the_question(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace)
    with open_store(workspace) as store:
        sid = app.session.current_id
        assert sid is not None
        en = store.row("karabakh", sid, "en").translation
        store.approve("karabakh", sid, "en", expected_version=en.version, target="Binh's.")
    async with app.run_test(size=SIZE) as pilot:
        pivot = stored(workspace, sid).pivot
        await pilot.press("alt+n")
        assert isinstance(app.screen, ReplaceEnglishScreen)
        await pilot.press("alt+n", "m", "enter")  # while it is new: absorbed
        assert isinstance(app.screen, ReplaceEnglishScreen)
        await past_grace(app, pilot)
        await pilot.press("enter")  # the focused button is the safe one
        assert isinstance(app.screen, ReviewScreen)
        assert (stored(workspace, sid, "en").target, stored(workspace, sid, "en").status) == (
            "Binh's.", "approved",
        )  # fmt: skip
        assert "English target kept" in _toasts(app)

        await pilot.press("alt+n")
        await past_grace(app, pilot)
        await pilot.press("escape")
        assert stored(workspace, sid, "en").target == "Binh's."

        await pilot.press("alt+n")
        await past_grace(app, pilot)
        await pilot.press("alt+n")
        assert isinstance(app.screen, ReviewScreen)
        en = stored(workspace, sid, "en")
        # the pivot is the English MT here: the English is its MT again, no longer approved
        assert (en.target, en.status, en.reviewer) == (pivot, "machine", "anna")
        await pilot.press("ctrl+q")


@sync
async def test_alt_n_on_the_english_says_there_is_no_pivot(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        before = stored(workspace, app.session.current_id or "", "en")
        await pilot.press("alt+n")
        assert "has no pivot" in _toasts(app)
        assert stored(workspace, app.session.current_id or "", "en") == before
        await pilot.press("ctrl+q")


@sync
async def test_approving_english_retranslates_the_vietnamese_in_a_worker(
    workspace: Path,
    make_app: Callable[..., ReviewApp],
    tiny_packages: dict[str, InstalledPackage],
) -> None:
    app = make_app(workspace, "en", checker=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        s = screen_of(app).session
        sid = s.current_id
        assert sid is not None
        old = stored(workspace, sid)
        english = s.text()
        assert old.pivot == english  # hand MT: the English MT is the pivot …
        area = screen_of(app).editor.target
        area.focus()
        await pilot.press("end", *" now")  # … until the reviewer corrects the English
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        vi = stored(workspace, sid)
        assert (vi.pivot, vi.mt_pivot, vi.target_pivot) == (english + " now",) * 3
        assert vi.mt_model == tiny_packages["en_vi"].label and vi.mt != old.mt
        assert vi.target == vi.mt and vi.status == "machine"
        assert "approved English → vi pivot: 1 re-translated" in _toasts(app)
        await pilot.press("ctrl+q")
