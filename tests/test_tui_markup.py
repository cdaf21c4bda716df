"""Data is shown as text in the review UI, never read as Textual markup (issue 15.10): a title
with ``[@click=app.quit]cliquez ici[/]`` must not quit the app when clicked, ``[EN DIRECT]``
must not vanish, and ``[/b]`` in a title, a source, a target, a model name, a reviewer's name
or a workspace path (``…/[/2024]/…``) must not crash it (MarkupError) in the list, the
editor's headings and glossary line, the header, the filter line, dialogs or toasts.

The article is imported through the real import path; the "MT" is hand-written (with markup
in it too) as in tests/test_tui.py. The main test types nothing: it opens the review, reads
what is on screen and clicks the title's would-be link.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label, Static

from tests.support import SIZE, Clock, past_grace, screen_of, settle, sync, wait
from workbench.glossary import Term
from workbench.project import import_article
from workbench.review import ReviewSession
from workbench.store import MTWrite, Store, open_store
from workbench.tui.app import ReviewApp
from workbench.tui.screens.conflict import ConflictScreen

SLUG = "en-direct"
TITLE = "[EN DIRECT] Guerre au Haut-Karabakh : [@click=app.quit]cliquez ici[/] [/b]"
SOURCES = (
    "Le texte [b]gras[/b] de la dépêche [/2024] reste tel quel.",
    "Une phrase avec [link='https://exemple.fr']un lien[/link] et [red]rouge[/].",
)
MT_MODEL = "[bold]fr_vi[/bold] [/model]"
REVIEWER = "[i]anna[/]"
#: A folder whose path holds what would close an unopened tag: ``…/[/2024]/…``.
HOSTILE_DIR = ("[", "2024]")


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    folder = tmp_path.joinpath(*HOSTILE_DIR)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture()
def workspace(root: Path) -> Path:
    article = root / "en-direct.txt"
    article.write_text(TITLE + "\n\n" + "\n\n".join(SOURCES) + "\n", encoding="utf-8")
    ws = root / "ws"
    import_article(article, slug=SLUG, workspace=ws)
    with open_store(ws) as store:
        writes = [
            MTWrite(
                row.segment.id,
                f"[b]VI {row.segment.position}[/b] [/x]",
                MT_MODEL,
                None,
                (f"[@click=app.quit]{row.segment.position}[/]",),
            )
            for row in store.rows(SLUG, "vi")
            if row.segment.translatable
        ]
        store.store_mt(SLUG, "vi", writes)
    return ws


def open_app(ws: Path, root: Path, stores: list[Store]) -> ReviewApp:
    store = open_store(ws)
    stores.append(store)
    session = ReviewSession(store, SLUG, "vi", REVIEWER, clock=Clock())
    return ReviewApp(
        session,
        translate_on_open=False,
        cursor_blink=False,
        export_dir=root / "locales",
        notices=[f"a notice naming {root} and [/b]"],
    )


@pytest.fixture()
def stores() -> list[Store]:
    return []


def text_of(app: ReviewApp, selector: str) -> str:
    return str(screen_of(app).query_one(selector, Static).render())


def toasts(app: ReviewApp) -> list[str]:
    """The toasts on screen, as they read."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


@sync
async def test_markup_in_data_is_shown_as_text(
    workspace: Path, root: Path, stores: list[Store]
) -> None:
    # A glossary term whose required form holds markup (the editor's glossary line quotes it).
    with open_store(workspace) as store:
        store.replace_glossary(
            [Term("Karabakh", "Karabakh", "[b]Karabakh[/b] [/x]", "[red]oui[/]")]
        )
    app = open_app(workspace, root, stores)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # Clicking along the title: "cliquez ici" as a link would quit the app.
        title = screen_of(app).query_one("#title", Label)
        for x in range(0, title.region.width, 2):
            await pilot.click(title, offset=(x, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert text_of(app, "#title") == TITLE
        assert REVIEWER in text_of(app, "#meta")
        assert MT_MODEL in text_of(app, "#mt-heading")
        assert "[b]VI 1[/b] [/x]" in text_of(app, "#mt")
        assert any(f"a notice naming {root} and [/b]" in t for t in toasts(app))
        await wait(app, pilot, 1.0)  # the analysis (QA, glossary) runs after its delay
        await settle(app, pilot)
        assert "Karabakh → [b]Karabakh[/b] [/x]" in text_of(app, "#glossary")
        # The list: the title's row shows its tags.
        table = screen_of(app).table
        first = table.get_row_at(0)
        assert "[EN DIRECT]" in str(first[2].__rich__())  # type: ignore[attr-defined]
        # The next segment: its source in the editor and its heading.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert SOURCES[0] in text_of(app, "#source")
        await pilot.press("ctrl+q")
    assert app.return_code == 0


@sync
async def test_markup_in_paths_and_texts_in_toasts_and_dialogs(
    workspace: Path, root: Path, stores: list[Store]
) -> None:
    app = open_app(workspace, root, stores)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("alt+e")  # the export's toast names the paths: …/[/2024]/…
        await settle(app, pilot)
        await pilot.pause()
        assert app.is_running
        assert any(str(root / "locales") in t for t in toasts(app))
        # A search typed into the filter line.
        await pilot.press("ctrl+f", *"[/b]")
        await wait(app, pilot, 1.0)
        assert "[/b]" in str(screen_of(app).query_one("#filter-label", Label).render())
        await pilot.press("escape")
        # A colleague's text with markup in the conflict dialog.
        session = screen_of(app).session
        sid = session.current_id
        assert sid is not None
        with open_store(workspace) as other:
            t = other.row(SLUG, sid, "vi").translation
            assert t is not None
            await pilot.press("x")  # typing first: a change before it would be shown live
            other.save_target(SLUG, sid, "vi", "[@click=app.quit]theirs[/] [/b]",
                              expected_version=t.version, reviewer="bao")  # fmt: skip
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert str(app.screen.query_one("#theirs", Static).render()) == (
            "[@click=app.quit]theirs[/] [/b]"
        )
        await past_grace(app, pilot)
        await pilot.press("alt+t")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
    assert app.return_code == 0
