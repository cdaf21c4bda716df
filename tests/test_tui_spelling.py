"""Misspelled words underlined in the review's target editor (issue 14 item 14, the TUI part),
on Debian's Hunspell dictionaries (``hunspell-en-us``, ``hunspell-vi``) as ``.ci/run``
installs them: a typo typed into the target is underlined on exactly its span once the
reviewer pauses, a correct word never; names of the source and glossary terms never; the
underline goes while typing and comes back recomputed; markup and control characters in
the target stay text and do not move it; with spelling off nothing is underlined and
nothing said, with a dictionary missing nothing is underlined and one notice says why (as
``workbench qa`` does); alt+w offers the dictionary's corrections of the word at the
cursor and puts the chosen one in its place, as an edit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.style import Style
from textual.pilot import Pilot

from tests.support import (
    PESKOV,
    SAVE_WAIT,
    SEED_ARTICLE,
    SIZE,
    hand_mt,
    need_dictionaries,
    past_grace,
    screen_of,
    settle,
    stored,
    sync,
    wait,
)
from workbench.project import import_article, import_glossary
from workbench.store import open_store
from workbench.tui import keymap
from workbench.tui.app import ReviewApp
from workbench.tui.screens.spelling import SpellingScreen
from workbench.tui.widgets.editor import TargetArea
from workbench.tui.widgets.spans import SPELLING_STYLE

UNDERLINE = Style.parse(SPELLING_STYLE)


@pytest.fixture(autouse=True)
def _dictionaries(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("WORKBENCH_SPELLING", raising=False)
    need_dictionaries()
    yield


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """The seed with hand MT in both languages, and a glossary with a term no dictionary
    knows (Zangezur)."""
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        hand_mt(store, "en")
    csv = tmp_path / "terms.csv"
    csv.write_text(
        "fr,en,vi,note,do_not_translate\n"
        "corridor de Zangezour,Zangezur corridor,hành lang Zangezur,,no\n",
        encoding="utf-8",
    )
    import_glossary(ws, csv)
    return ws


def target(app: ReviewApp) -> TargetArea:
    return screen_of(app).editor.target


async def open_peskov(app: ReviewApp, pilot: Pilot) -> None:
    """The Peskov sentence, its target emptied through the editor."""
    s = screen_of(app).session
    while not s.row(s.current_id).segment.source.startswith(PESKOV):
        await pilot.press("ctrl+n")
    area = target(app)
    area.replace("", area.document.start, area.document.end)
    await pilot.pause()


async def type_then_pause(app: ReviewApp, pilot: Pilot, text: str) -> None:
    """``text`` typed key by key, then a pause in typing: the analysis runs."""
    await pilot.press(*text)
    await wait(app, pilot, 1.0)
    await settle(app, pilot)


def underlined(area: TargetArea, line: int = 0) -> list[str]:
    """The text of the runs of ``line`` drawn with the misspelling style, as the editor
    renders them (its own drawing, not only the spans it was given)."""
    shown = area.get_line(line)
    return [
        shown.plain[span.start : span.end]
        for span in shown.spans
        if Style.parse(str(span.style)) == UNDERLINE
    ]


@sync
async def test_a_typo_is_underlined_on_its_span_and_correct_words_are_not(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_peskov(app, pilot)
        area = target(app)
        await type_then_pause(app, pilot, "The goverment said it recieved")
        assert area.text == "The goverment said it recieved"
        assert area.misspelled == [(4, 13), (22, 30)]
        assert underlined(area) == ["goverment", "recieved"]
        # Typing on: the underline goes at once (its offsets would be stale) ...
        await pilot.press("space", "x")
        assert area.misspelled == [] and underlined(area) == []
        # ... and comes back recomputed after the pause: fixing the typo removes its line.
        await wait(app, pilot, 1.0)
        assert underlined(area) == ["goverment", "recieved"]
        area.replace("government", (0, 4), (0, 13))
        await pilot.pause()
        await wait(app, pilot, 1.0)
        await settle(app, pilot)
        assert area.text.startswith("The government said it recieved")
        assert area.misspelled == [(23, 31)] and underlined(area) == ["recieved"]
        # The QA panel reports them too (the same check, one computation).
        assert "spelling: unknown word recieved" in str(screen_of(app).query_one("#qa").render())
        await pilot.press("ctrl+q")


@sync
async def test_names_of_the_source_and_glossary_terms_are_never_underlined(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_peskov(app, pilot)
        # Dmitri and Peskov are in the source, Zangezur in the glossary; Stepanakert is in
        # neither (a name no dictionary knows is still checked).
        await type_then_pause(app, pilot, "Dmitri Peskov, Zangezur, Stepanakert, teh")
        assert underlined(target(app)) == ["Stepanakert", "teh"]
        await pilot.press("ctrl+q")
    app = make_app(workspace, "vi")
    async with app.run_test(size=SIZE) as pilot:
        await open_peskov(app, pilot)
        await type_then_pause(app, pilot, "Ông Peskov nói nguời dân Zangezur")
        assert underlined(target(app)) == ["nguời"]
        await pilot.press("ctrl+q")


@sync
async def test_markup_and_control_characters_stay_text_under_the_underline(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_peskov(app, pilot)
        area = target(app)
        hostile = "[i]teh [/i]said \x1b[2J \x07\x08[red]recieved [link=x]fine[/link]"
        area.insert(hostile)
        await pilot.pause()
        await wait(app, pilot, 1.0)
        await settle(app, pilot)
        assert [hostile[a:b] for a, b in area.misspelled] == ["teh", "recieved"]
        # The markup is shown as it is; Rich drops the BEL and BS it is given (and the app's
        # line filter the ESC): the underline still covers the words, not what follows them.
        assert area.get_line(0).plain == hostile.replace("\x07", "").replace("\x08", "")
        assert underlined(area) == ["teh", "recieved"]
        await pilot.press("ctrl+q")


@sync
async def test_spelling_off_underlines_nothing_and_says_nothing(
    workspace: Path, make_app: Callable[..., ReviewApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_SPELLING", "off")
    app = make_app(workspace, "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_peskov(app, pilot)
        await type_then_pause(app, pilot, "The goverment said")
        assert target(app).misspelled == [] and underlined(target(app)) == []
        assert "spelling" not in str(screen_of(app).query_one("#qa").render())
        assert not [n for n in app._notifications if "spelling" in n.message]
        await pilot.press("ctrl+q")


@sync
async def test_a_missing_dictionary_underlines_nothing_and_says_so_once(
    workspace: Path, make_app: Callable[..., ReviewApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_SPELLING", "en=xx_XX")  # no such dictionary
    app = make_app(workspace, "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_peskov(app, pilot)
        await type_then_pause(app, pilot, "The goverment said")
        assert target(app).misspelled == [] and underlined(target(app)) == []
        for _ in range(2):  # to Vietnamese (its dictionary is there) and back
            await pilot.press("ctrl+l")
            await settle(app, pilot)
        assert "Target (EN)" in str(screen_of(app).query_one("#target-label").render())
        said = [n.message for n in app._notifications if "spelling" in n.message]
        assert said == [
            "spelling is not checked in en: no xx_XX dictionary; on Debian/Ubuntu: "
            "apt-get install the Hunspell dictionary xx_XX"
        ]
        await pilot.press("ctrl+q")


@sync
async def test_alt_w_offers_corrections_and_enter_puts_one_in_place(
    workspace: Path, make_app: Callable[..., ReviewApp]
) -> None:
    app = make_app(workspace, "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_peskov(app, pilot)
        area = target(app)
        await type_then_pause(app, pilot, "The goverment said")
        area.move_cursor((0, 1))  # on "The", spelled right: nothing to correct
        await pilot.press("alt+w")
        await settle(app, pilot)
        assert not isinstance(app.screen, SpellingScreen)
        assert any("No misspelled word" in n.message for n in app._notifications)
        area.move_cursor((0, 8))  # inside "goverment"
        await pilot.press("alt+w")
        await settle(app, pilot)  # the dictionary's suggestions come from a worker
        dialog = app.screen
        assert isinstance(dialog, SpellingScreen)
        assert dialog.word == "goverment" and dialog.suggestions[0] == "government"
        await pilot.press("enter")  # absorbed: the dialog has just opened
        assert app.screen is dialog
        await past_grace(app, pilot)
        await pilot.press("escape")  # keeps the word
        assert area.text == "The goverment said"
        await pilot.press("alt+w")
        await settle(app, pilot)
        await past_grace(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert area.text == "The government said"
        assert app.focused is area
        await wait(app, pilot, SAVE_WAIT)  # an edit like typing: saved, then no underline
        await settle(app, pilot)
        sid = screen_of(app).session.current_id
        assert stored(workspace, sid or "", "en").target == "The government said"
        assert area.misspelled == []
        await pilot.press("ctrl+q")


def test_the_spelling_dialog_keys_come_from_the_keymap() -> None:
    table = keymap.keys_of(keymap.SPELLING)
    assert [(b.id, b.key) for b in SpellingScreen.BINDINGS] == [(k.id, k.keys) for k in table]  # type: ignore[union-attr]
    assert "alt+w" in next(k.keys for k in keymap.KEYMAP if k.id == "spelling-suggestions")
