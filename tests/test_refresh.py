"""Live refresh of an open review session (workbench.review.refresh), headless: two reviewers
on one workspace, each with a store of their own, on SQLite and on PostgreSQL. What one
commits reaches the other's rows and editor; the other's unsaved draft is never replaced,
and saving it goes through the conflict rule."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import SEED_ARTICLE, SLUG, hand_mt
from workbench.errors import ConflictError
from workbench.project import import_article
from workbench.review import LiveRefresh, Refreshed, ReviewSession
from workbench.store import Store, open_store


@pytest.fixture()
def ws(tmp_path: Path, engine: str) -> Path:
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        hand_mt(store, "en")
    return ws


@pytest.fixture()
def anna(ws: Path) -> Iterator[ReviewSession]:
    store = open_store(ws)
    yield ReviewSession(store, SLUG, "vi", "anna", checker=False)
    store.close()


@pytest.fixture()
def bao(ws: Path) -> Iterator[Store]:
    """The other reviewer: a connection of their own."""
    store = open_store(ws)
    yield store
    store.close()


def content_ids(s: ReviewSession) -> list[str]:
    return [r.segment.id for r in s.rows if r.segment.kind == "content"]


def bao_saves(bao: Store, sid: str, text: str, lang: str = "vi") -> None:
    t = bao.row(SLUG, sid, lang).translation
    bao.save_target(SLUG, sid, lang, text, expected_version=t.version if t else 0, reviewer="bao")


def test_another_reviewers_save_reaches_the_list_and_the_open_editor(
    anna: ReviewSession, bao: Store
) -> None:
    live = LiveRefresh(anna)
    here, other = content_ids(anna)[:2]
    anna.goto(here)
    assert live.poll() == Refreshed()  # nothing written yet
    bao_saves(bao, other, "VI của Bảo ở dòng khác")
    bao_saves(bao, here, "VI của Bảo")
    done = live.poll()
    assert set(done.rows) == {here, other}
    assert done.current and not done.held
    assert anna.text() == "VI của Bảo" and not anna.dirty  # the editor shows it
    assert anna.row(other).translation.target == "VI của Bảo ở dòng khác"  # type: ignore[union-attr]
    assert anna.row(other).status == "edited"
    # Anna saves on top of it: no conflict, the version she now holds is the stored one.
    anna.set_draft("VI của Anna, sau Bảo")
    saved = anna.flush()
    assert saved is not None and saved.target == "VI của Anna, sau Bảo"


def test_an_unsaved_draft_is_never_overwritten_and_saving_it_conflicts(
    anna: ReviewSession, bao: Store
) -> None:
    live = LiveRefresh(anna)
    here = content_ids(anna)[0]
    anna.goto(here)
    anna.set_draft("VI của Anna, chưa lưu")
    bao_saves(bao, here, "VI của Bảo")
    done = live.poll()
    assert done.held and not done.current and here not in done.rows
    assert anna.text() == "VI của Anna, chưa lưu"
    # Polling again holds it again; the draft is still the text.
    bao_saves(bao, here, "VI của Bảo, lần hai")
    assert live.poll().held
    assert anna.text() == "VI của Anna, chưa lưu"
    with pytest.raises(ConflictError) as info:
        anna.flush()
    assert info.value.current_target == "VI của Bảo, lần hai"
    assert anna.text() == "VI của Anna, chưa lưu"
    anna.take_theirs()
    assert anna.text() == "VI của Bảo, lần hai"
    assert live.poll() == Refreshed()  # the held row is the stored one now
    assert live.held_id is None


def test_a_held_row_is_read_again_once_the_draft_is_gone(anna: ReviewSession, bao: Store) -> None:
    live = LiveRefresh(anna)
    here = content_ids(anna)[0]
    anna.goto(here)
    stored = anna.text()
    anna.set_draft(stored)  # typed, then typed back: a draft equal to what was read
    bao_saves(bao, here, "VI của Bảo")
    assert live.poll().held
    assert anna.flush() is None  # nothing of Anna's to save
    done = live.poll()  # no new change, but the held row comes in now
    assert done.rows == (here,) and done.current
    assert anna.text() == "VI của Bảo"


def test_an_approval_elsewhere_enters_a_filtered_list(anna: ReviewSession, bao: Store) -> None:
    live = LiveRefresh(anna)
    anna.set_filter("approved")
    assert anna.visible == []
    sid = content_ids(anna)[3]
    t = bao.row(SLUG, sid, "vi").translation
    assert t is not None
    bao.approve(SLUG, sid, "vi", expected_version=t.version, reviewer="bao")
    done = live.poll()
    assert done.relisted and done.rows == (sid,)
    assert anna.visible == [sid]


def test_other_languages_and_articles_are_ignored(anna: ReviewSession, bao: Store) -> None:
    live = LiveRefresh(anna)
    sid = content_ids(anna)[0]
    bao_saves(bao, sid, "EN by Bao", lang="en")
    assert live.poll() == Refreshed()
    assert anna.text(sid) != "EN by Bao"


def test_a_page_chrome_mark_elsewhere_reaches_the_list(anna: ReviewSession, bao: Store) -> None:
    live = LiveRefresh(anna)
    sid = content_ids(anna)[2]
    bao.set_kind(SLUG, sid, "chrome", "bao")
    done = live.poll()
    assert sid in done.rows
    assert anna.row(sid).segment.kind == "chrome"


def test_a_reimport_elsewhere_reads_every_row_again(
    anna: ReviewSession, ws: Path, tmp_path: Path
) -> None:
    live = LiveRefresh(anna)
    here = content_ids(anna)[0]
    anna.goto(here)
    before = len(anna.rows)
    changed = tmp_path / "fr.txt"
    changed.write_text(
        SEED_ARTICLE.read_text(encoding="utf-8") + "\nUne phrase ajoutée par Bảo.\n",
        encoding="utf-8",
    )
    import_article(changed, workspace=ws, slug=SLUG)
    done = live.poll()
    assert done.relisted and len(anna.rows) == before + 1
    assert any(r.segment.source == "Une phrase ajoutée par Bảo." for r in anna.rows)
    assert anna.current_id == here


def test_opening_a_segment_reads_it_again(anna: ReviewSession, bao: Store) -> None:
    """Without any refresh: the segment opened is the stored one, not the list's copy."""
    sid = content_ids(anna)[1]
    bao_saves(bao, sid, "VI của Bảo")
    assert anna.text(sid) != "VI của Bảo"  # the list's copy, not refreshed
    anna.goto(sid)
    assert anna.text() == "VI của Bảo"
    anna.set_draft("VI của Anna")
    assert anna.flush() is not None  # read at the stored version: no conflict
