"""The review session never loses or silently overwrites a translator's text (issues 14 and
15): saves while the reviewer types on, a full disk (a real one), a segment removed or
re-marked under the editor by a re-import, recovery files offered back on the next open,
the conflict rules (no empty "keep mine"), a damaged ui-state.json. Without Textual: the
clock is a hand-driven one."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.support import (
    LONG,
    SLUG,
    Clock,
    SmallDisk,
    limit_pages,
    reimport_without,
    seed_workspace,
)
from workbench.errors import (
    ConflictError,
    InputError,
    NotSavedError,
    SegmentGoneError,
)
from workbench.review import MAX_UNSAVED_S, RETRY_S, SAVE_DELAY_S, ReviewSession, recovery
from workbench.store import MTWrite, Store, open_store


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    return seed_workspace(tmp_path / "ws")


@pytest.fixture()
def store(workspace: Path) -> Iterator[Store]:
    s = open_store(workspace)
    yield s
    s.close()


def session(store: Store, clock: Clock | None = None, lang: str = "vi") -> ReviewSession:
    return ReviewSession(store, SLUG, lang, "anna", checker=False, clock=clock or Clock())


def first_content(s: ReviewSession) -> str:
    sid = next(r.segment.id for r in s.rows if r.segment.kind == "content")
    s.goto(sid)
    return sid


def stored_target(ws: Path, sid: str, lang: str = "vi") -> str:
    with open_store(ws) as other:
        t = other.row(SLUG, sid, lang).translation
    return t.target if t else ""


def edit_events(ws: Path, sid: str, lang: str = "vi") -> list[str]:
    with open_store(ws) as other:
        return [e.after["target"] for e in other.events(SLUG, sid, lang)
                if e.action == "edit" and e.after]  # fmt: skip


# -- bounded unsaved time (15.2) ------------------------------------------------------------


def test_typing_without_a_pause_is_saved_every_few_seconds(store: Store, workspace: Path) -> None:
    """One key every 0.2 s for 8 s never rests SAVE_DELAY_S: the autosave still saves at
    least every MAX_UNSAVED_S, so a crash loses at most that much typing."""
    clock = Clock()
    s = session(store, clock)
    sid = first_content(s)
    text, first_unsaved, oldest = "", None, 0.0
    for i in range(40):
        clock.now += 0.2
        text += "Cuộc di cư "[i % 11]
        s.set_draft(text)
        first_unsaved = first_unsaved or clock.now
        if s.autosave() is not None:
            assert stored_target(workspace, sid) == text
            first_unsaved = None
        else:  # how long the oldest key typed has waited to be saved
            oldest = max(oldest, clock.now - first_unsaved)
    assert 0.2 < SAVE_DELAY_S < MAX_UNSAVED_S  # the typist never paused long enough
    assert oldest < MAX_UNSAVED_S
    assert edit_events(workspace, sid) == [text[:11], text[:22], text[:33]]  # 2.2, 4.4, 6.6 s


def test_a_pause_still_saves_at_once(store: Store, workspace: Path) -> None:
    clock = Clock()
    s = session(store, clock)
    sid = first_content(s)
    s.set_draft("một")
    clock.now += SAVE_DELAY_S
    assert s.autosave() is not None and stored_target(workspace, sid) == "một"
    assert s.save_due_in() is None


# -- a draft keeps the version it was typed on ----------------------------------------------


def test_a_reload_under_a_draft_does_not_turn_a_conflict_into_an_overwrite(
    store: Store, workspace: Path
) -> None:
    """The MT worker's progress re-reads every row while the reviewer types: the draft
    still saves against the version it was typed on, never over a colleague's newer text."""
    s = session(store)
    sid = first_content(s)
    s.set_draft("của tôi")
    with open_store(workspace) as other:
        t = other.row(SLUG, sid, "vi").translation
        assert t is not None
        other.save_target(SLUG, sid, "vi", "của Bảo", expected_version=t.version, reviewer="bao")
    s.reload()  # the row now says version+1, text "của Bảo"
    with pytest.raises(ConflictError):
        s.flush()
    assert stored_target(workspace, sid) == "của Bảo"
    assert s.text() == "của tôi"  # kept


def test_a_new_machine_translation_under_typing_is_not_a_conflict(
    store: Store, workspace: Path
) -> None:
    """alt+r, then typing on the old MT while the worker writes the new one: machine text
    replaced by machine text is no one's work; the typing wins, the new MT stays as MT."""
    s = session(store)
    sid = first_content(s)
    s.set_draft("bản của tôi")
    with open_store(workspace) as worker:
        worker.store_mt(SLUG, "vi", [MTWrite(sid, "MT mới", "test-fr_en>en_vi")])
    saved = s.flush()
    assert saved is not None and saved.target == "bản của tôi" and saved.mt == "MT mới"


def test_revert_and_undo_while_typing_keep_the_typing_in_the_history(
    store: Store, workspace: Path
) -> None:
    s = session(store)
    sid = first_content(s)
    mt = s.text()
    s.set_draft("gõ dở")
    s.revert()  # the typing is saved first, then the MT comes back
    assert s.text() == mt and edit_events(workspace, sid)[-1] == "gõ dở"
    s.undo()
    assert s.text() == "gõ dở"
    s.set_draft("gõ dở thêm")
    s.undo()  # undo while typing undoes the typing: redo brings it back
    assert s.text() == "gõ dở"
    s.redo()
    assert s.text() == "gõ dở thêm"


def test_a_reload_under_a_pivot_draft_keeps_the_colleague_s_pivot(
    store: Store, workspace: Path
) -> None:
    s = session(store)
    sid = first_content(s)
    s.set_pivot_draft("My English")
    with open_store(workspace) as other:
        t = other.row(SLUG, sid, "vi").translation
        assert t is not None
        other.set_pivot(SLUG, sid, "vi", "Bao's English", expected_version=t.version)
    s.reload()
    with pytest.raises(ConflictError):
        s.flush()
    with open_store(workspace) as other:
        assert other.row(SLUG, sid, "vi").translation.pivot == "Bao's English"  # type: ignore[union-attr]


def test_a_target_save_under_a_pivot_draft_is_not_a_pivot_conflict(
    store: Store, workspace: Path
) -> None:
    """Another writer saved the target and left the pivot as it was: the pivot goes in."""
    s = session(store)
    sid = first_content(s)
    s.set_pivot_draft("My English")
    with open_store(workspace) as other:
        t = other.row(SLUG, sid, "vi").translation
        assert t is not None
        other.save_target(SLUG, sid, "vi", "của Bảo", expected_version=t.version)
    s.flush()
    with open_store(workspace) as other:
        assert other.row(SLUG, sid, "vi").translation.pivot == "My English"  # type: ignore[union-attr]


# -- conflicts: keep mine only for text the reviewer typed (14.2) ---------------------------


def test_keep_mine_needs_a_typed_draft_and_never_empties_their_text(
    store: Store, workspace: Path
) -> None:
    s = session(store)
    sid = first_content(s)
    with open_store(workspace) as other:
        t = other.row(SLUG, sid, "vi").translation
        assert t is not None
        other.save_target(SLUG, sid, "vi", "VI của Bảo", expected_version=t.version)
    # An approval on the stale screen conflicts; there is nothing of the reviewer's to keep:
    # "keeping" the stale text would replace the colleague's translation.
    with pytest.raises(ConflictError):
        s.approve()
    with pytest.raises(InputError, match="no text of your own"):
        s.keep_mine(s.text())
    # The reviewer emptied the target and the autosave met the conflict: an empty draft is
    # never kept over their text.
    s.set_draft("")
    with pytest.raises(ConflictError):
        s.flush()
    with pytest.raises(InputError, match="empty"):
        s.keep_mine("")
    assert stored_target(workspace, sid) == "VI của Bảo"
    # Taking theirs, then clearing deliberately, is an edit of their version.
    s.take_theirs()
    s.set_draft("")
    s.flush()
    assert stored_target(workspace, sid) == ""


def test_taking_theirs_forgets_the_kept_draft(store: Store, workspace: Path) -> None:
    s = session(store)
    sid = first_content(s)
    s.set_draft("của tôi")
    with open_store(workspace) as other:
        t = other.row(SLUG, sid, "vi").translation
        assert t is not None
        other.save_target(SLUG, sid, "vi", "của Bảo", expected_version=t.version)
    with pytest.raises(ConflictError):
        s.flush()
    kept = s.kept
    assert kept is not None and json.loads(Path(kept).read_text())["target"] == "của tôi"
    s.take_theirs()
    assert not Path(kept).exists()
    assert s.shelf.kept(SLUG, "vi") == []


# -- a full disk (15.4) ----------------------------------------------------------------------


@pytest.fixture()
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    d = SmallDisk(tmp_path / "disk")
    yield d
    d.close()


def test_a_full_disk_keeps_the_text_says_where_and_saves_it_later(disk: SmallDisk) -> None:
    ws = seed_workspace(disk.folder / "ws")
    clock = Clock()
    with open_store(ws) as store:
        s = session(store, clock)
        sid = first_content(s)
        before = stored_target(ws, sid)
        disk.fill(store)
        s.set_draft(LONG)
        clock.now += SAVE_DELAY_S
        with pytest.raises(NotSavedError) as failed:
            s.autosave()
        message = str(failed.value)
        assert "full" in message and "\n" not in message
        kept = failed.value.kept
        assert kept is not None and kept in message  # one line says where the text is
        assert not Path(kept).is_relative_to(disk.folder)  # the full disk could not take it
        assert recovery.read(Path(kept)).target == LONG  # type: ignore[union-attr]
        assert s.text() == LONG and s.dirty  # and in memory
        assert stored_target(ws, sid) == before  # nothing half-written
        if disk.mounted:
            assert s.remember_position() is not None  # only the position is lost
        # Retried by itself RETRY_S later; still full: still kept.
        assert s.save_due_in() == pytest.approx(RETRY_S)
        clock.now += RETRY_S
        with pytest.raises(NotSavedError):
            s.autosave()
        disk.free()
        clock.now += RETRY_S
        assert s.autosave() is not None
        assert stored_target(ws, sid) == LONG and edit_events(ws, sid)[-1] == LONG
        assert not Path(kept).exists() and s.kept is None


def test_no_place_for_a_recovery_file_keeps_the_text_in_memory(
    disk: SmallDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not disk.mounted:
        pytest.skip("needs a real full filesystem for every place (mount as root)")
    ws = seed_workspace(disk.folder / "ws")
    monkeypatch.setenv("XDG_STATE_HOME", str(disk.folder / "state"))
    monkeypatch.setattr(tempfile, "tempdir", str(disk.folder / "tmp"))
    (disk.folder / "tmp").mkdir()
    with open_store(ws) as store:
        s = session(store)
        first_content(s)
        disk.fill(store)
        s.set_draft(LONG)
        with pytest.raises(NotSavedError, match="kept in memory only") as failed:
            s.flush()
        assert failed.value.kept is None and s.text() == LONG


# -- recovery files offered back ---------------------------------------------------------------


def keep_a_draft(ws: Path, text: str) -> tuple[str, str]:
    """A session whose save failed on a full database leaves ``text`` (longer than a database
    page) in a recovery file."""
    with open_store(ws) as store:
        s = session(store)
        sid = first_content(s)
        limit_pages(store, None)
        s.set_draft(text)
        with pytest.raises(NotSavedError) as failed:
            s.flush()
    assert failed.value.kept is not None
    return sid, failed.value.kept


def test_a_kept_draft_is_saved_when_the_review_opens_again(store: Store, workspace: Path) -> None:
    sid, kept = keep_a_draft(workspace, LONG)
    s = session(store)
    notes = s.recover()
    assert len(notes) == 1 and "Recovered and saved" in notes[0]
    assert stored_target(workspace, sid) == LONG and edit_events(workspace, sid)[-1] == LONG
    assert not Path(kept).exists()
    assert session(store).recover() == []  # once


def test_a_kept_draft_that_conflicts_becomes_the_draft_to_decide(
    store: Store, workspace: Path
) -> None:
    mine = "của tôi, " * 600  # more than a page: the database limit refuses it
    sid, kept = keep_a_draft(workspace, mine)
    with open_store(workspace) as other:
        t = other.row(SLUG, sid, "vi").translation
        assert t is not None
        other.save_target(SLUG, sid, "vi", "của Bảo", expected_version=t.version)
    s = session(store)
    notes = s.recover()
    assert "changed since" in notes[0]
    assert s.current_id == sid and s.text() == mine
    with pytest.raises(ConflictError):
        s.flush()
    s.keep_mine(mine)
    assert stored_target(workspace, sid) == mine and not Path(kept).exists()


def test_damaged_recovery_files_are_ignored(store: Store, workspace: Path) -> None:
    text = "một, " * 1000
    _sid, kept = keep_a_draft(workspace, text)
    folder = Path(kept).parent
    (folder / f"{SLUG}.vi.deep.json").write_text("[" * 100000)
    (folder / f"{SLUG}.vi.list.json").write_text("[1, 2]")
    (folder / f"{SLUG}.vi.fields.json").write_text(json.dumps({"slug": SLUG}))
    assert [e.target for e, _p in recovery.Shelf.of(store, "anna").kept(SLUG, "vi")] == [text]


def test_a_kept_draft_is_offered_only_to_its_own_database(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two PostgreSQL databases reviewed from one workspace folder hold the same article with
    the same segment ids: a draft kept for one is never offered to the other. The same
    SQLite workspace named by a relative path is the same database."""
    _sid, kept = keep_a_draft(workspace, LONG)
    entry = recovery.read(Path(kept))
    assert entry is not None
    one = recovery.Shelf(workspace, "postgresql://team@db.example/newsroom", "anna")
    two = recovery.Shelf(workspace, "postgresql://team@db.example/archive", "anna")
    one.keep(entry.__class__(**{**asdict(entry), "database": one.database}))
    assert [e.database for e, _p in one.kept(SLUG, "vi")] == [one.database]
    assert two.kept(SLUG, "vi") == []
    monkeypatch.chdir(workspace.parent)
    with open_store(Path(workspace.name)) as store:
        assert [e.target for e, _p in recovery.Shelf.of(store, "anna").kept(SLUG, "vi")] == [LONG]


def test_a_kept_draft_is_offered_only_to_the_reviewer_who_typed_it(
    store: Store, workspace: Path
) -> None:
    """Reviewers sharing a workspace (browsers on one server, a team database): anna's kept
    draft is never offered to binh, nor saved under his name."""
    sid, _kept = keep_a_draft(workspace, LONG)
    binh = ReviewSession(store, SLUG, "vi", "binh", checker=False, clock=Clock())
    assert recovery.Shelf.of(store, "binh").kept(SLUG, "vi") == []
    assert binh.recover() == [] and not binh.dirty
    assert stored_target(workspace, sid) != LONG
    assert [e.target for e, _p in recovery.Shelf.of(store, "anna").kept(SLUG, "vi")] == [LONG]


# -- a re-import under the open editor (15.5) -------------------------------------------------


def test_a_segment_removed_under_the_editor_keeps_the_draft(
    store: Store, workspace: Path, tmp_path: Path
) -> None:
    s = session(store)
    sid = first_content(s)
    source = s.row().segment.source
    before = stored_target(workspace, sid)
    s.set_draft("bản dịch đang gõ")
    reimport_without(workspace, tmp_path, source)
    with pytest.raises(SegmentGoneError, match="was removed") as gone:
        s.flush()
    assert stored_target(workspace, sid) == before  # nothing landed on the removed segment
    kept = gone.value.kept
    assert kept is not None and kept in str(gone.value)
    assert recovery.read(Path(kept)).target == "bản dịch đang gõ"  # type: ignore[union-attr]
    s.reload()
    assert not s.has(sid) and s.current_id is not None  # on a neighbour now
    s.set_draft("tiếp tục")  # the rest works
    s.flush()
    assert stored_target(workspace, s.current_id) == "tiếp tục"
    notes = session(store).recover()
    assert any(str(kept) in n for n in notes)  # offered again; the file stays
    assert Path(kept).exists()


def test_a_reload_that_finds_the_segment_gone_keeps_the_draft(
    store: Store, workspace: Path, tmp_path: Path
) -> None:
    s = session(store)
    sid = first_content(s)
    position = s.row().segment.position
    s.set_draft("bản dịch đang gõ")
    reimport_without(workspace, tmp_path, s.row().segment.source)
    note = s.reload()
    assert note is not None and f"segment {position} was removed" in note and "kept in" in note
    assert s.current_id != sid and s.row().segment.position > position
    assert not s.dirty


def test_a_segment_re_marked_as_chrome_keeps_the_draft(store: Store, workspace: Path) -> None:
    s = session(store)
    sid = first_content(s)
    s.set_draft("bản dịch đang gõ")
    with open_store(workspace) as other:
        other.set_kind(SLUG, sid, "chrome", "bao")
    with pytest.raises(SegmentGoneError, match="page chrome now"):
        s.flush()
    assert s.shelf.kept(SLUG, "vi")[0][0].target == "bản dịch đang gõ"


def test_actions_on_a_removed_segment_are_refused(
    store: Store, workspace: Path, tmp_path: Path
) -> None:
    s = session(store)
    sid = first_content(s)
    reimport_without(workspace, tmp_path, s.row().segment.source)
    for action in (s.approve, s.revert, s.undo, lambda: s.take_alternative(1)):
        with pytest.raises(SegmentGoneError):
            action()
    with open_store(workspace) as other:
        assert other.row(SLUG, sid, "vi").status == "machine"


# -- the remembered position (15.20) ----------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"[" * 100000, b'{"a":' * 50000, b"\xff\xfe", b"[1, 2]", b" " * (2 << 20)],
    ids=["nested-list", "nested-object", "not-utf8", "not-an-object", "too-big"],
)
def test_a_damaged_state_file_costs_only_the_position(workspace: Path, content: bytes) -> None:
    """Positions live in the store; an older workspace's ui-state.json moves into it when the
    store opens. A damaged one (nested too deep for the parser, not UTF-8, not an object, too
    big) costs only the positions: the store opens, the review starts at the first segment,
    and positions are remembered from then on."""
    (workspace / "ui-state.json").write_bytes(content)
    with open_store(workspace) as store:
        s = session(store)
        assert s.restore_position() is None
        assert s.current_id == s.visible[0]
        second = s.visible[1]
        s.goto(second)
        assert s.remember_position() is None
    with open_store(workspace) as store:
        s = session(store)
        assert s.restore_position() is None
        assert s.current_id == second
