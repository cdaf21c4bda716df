from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import STORE_ARTICLE as ARTICLE
from tests.support import SmallDisk, make_segments, wait_past
from tests.support import write_machine_mt as machine
from workbench.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    StoreDamagedError,
    StoreFullError,
    WorkbenchError,
)
from workbench.store import MTWrite, Store, open_store
from workbench.store.schema import SQLITE_USER_VERSION


@pytest.fixture()
def store(tmp_path: Path, engine: str) -> Store:
    s = open_store(tmp_path / "ws", create=True)
    s.import_article("art", ARTICLE, title="La Russie", source_path="a.txt", source_sha256="x")
    yield s
    s.close()


def ids(store: Store) -> list[str]:
    return [s.id for s in store.segments("art")]


def test_open_without_create_writes_nothing(tmp_path: Path, engine: str) -> None:
    with pytest.raises(NotFoundError, match="no workspace"):
        open_store(tmp_path / "nope")
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_schema_wal_and_foreign_keys(store: Store) -> None:
    conn = store.conn
    assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert conn.exec_driver_sql("PRAGMA user_version").scalar() == SQLITE_USER_VERSION
    assert store.integrity_check() == "ok"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    open_store(tmp_path, create=True).close()
    conn = sqlite3.connect(tmp_path / "workbench.db")
    conn.execute(f"PRAGMA user_version = {SQLITE_USER_VERSION + 5}")
    conn.close()
    with pytest.raises(WorkbenchError, match="newer workbench"):
        open_store(tmp_path)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "workbench.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreDamagedError, match="not a workbench database"):
        open_store(tmp_path)


def test_unknown_slug(store: Store) -> None:
    with pytest.raises(NotFoundError, match=r"no article .other.*art"):
        store.segments("other")


def test_invalid_slug_rejected(store: Store) -> None:
    with pytest.raises(InputError, match="invalid slug"):
        store.import_article("../x", ARTICLE, title="", source_path="", source_sha256="")


def test_reimport_keeps_work_on_unchanged_segments(store: Store) -> None:
    machine(store)
    _, second, third, _ = store.segments("art")
    store.approve("art", second.id, "en", expected_version=1, target="The Kremlin confirmed.")
    edited = make_segments(
        ("title", "La Russie retire ses forces."),
        ("content", "Un nouveau paragraphe arrive."),
        ("content", "Le Kremlin a confirmé le retrait."),
        ("chrome", "Lien source"),
    )
    report = store.import_article(
        "art", edited, title="La Russie", source_path="a.txt", source_sha256="y"
    )
    assert (report.created, report.added, report.kept, report.removed) == (False, 1, 3, 1)
    live = store.segments("art")
    assert [s.source for s in live] == [s.source for s in edited]
    assert [s.position for s in live] == [1, 2, 3, 4]
    row = store.row("art", second.id, "en")
    assert row.translation is not None
    assert (row.translation.target, row.translation.status) == (
        "The Kremlin confirmed.",
        "approved",
    )
    assert row.segment.position == 3
    gone = store.row("art", third.id, "en")
    assert gone.segment.removed and gone.translation is not None  # work kept, segment marked
    assert third.id not in ids(store)
    assert third.id in [s.id for s in store.segments("art", include_removed=True)]
    # Bringing the sentence back restores it with its work.
    report = store.import_article(
        "art", ARTICLE, title="La Russie", source_path="a.txt", source_sha256="x"
    )
    assert report.restored == 1 and report.removed == 1
    assert store.row("art", third.id, "en").translation.target == "MT 3"


def test_store_mt_never_overwrites_edits(store: Store) -> None:
    machine(store)
    a, b, c, _ = store.segments("art")
    store.save_target("art", a.id, "en", "Edited title", expected_version=1)
    store.approve("art", b.id, "en", expected_version=1)
    store.store_mt("art", "en", [MTWrite(s.id, "NEW", "fr_en@2.0") for s in (a, b, c)])
    ra, rb, rc = (store.row("art", s.id, "en").translation for s in (a, b, c))
    assert (ra.target, ra.status, ra.mt) == ("Edited title", "edited", "NEW")
    assert (rb.target, rb.status, rb.mt) == ("MT 2", "approved", "NEW")
    assert (rc.target, rc.status, rc.mt_model) == ("NEW", "machine", "fr_en@2.0")


def test_pivot_and_alternatives_round_trip(store: Store) -> None:
    seg = store.segments("art")[1]
    store.store_mt(
        "art",
        "vi",
        [
            MTWrite(
                seg.id,
                "Điện Kremlin",
                "fr_en@1>en_vi@1",
                pivot="The Kremlin",
                alternatives=("a", "b"),
            )
        ],
    )
    t = store.row("art", seg.id, "vi").translation
    assert (t.pivot, t.alternatives, t.mt_model) == ("The Kremlin", ("a", "b"), "fr_en@1>en_vi@1")
    t2 = store.set_pivot("art", seg.id, "vi", "The Kremlin (edited)", expected_version=t.version)
    assert t2.pivot == "The Kremlin (edited)" and t2.version == t.version + 1


def test_version_check_reports_conflict(store: Store) -> None:
    machine(store)
    seg = store.segments("art")[1]
    first = store.save_target("art", seg.id, "en", "mine", expected_version=1, reviewer="ana")
    assert first.version == 2 and first.status == "edited"
    with pytest.raises(ConflictError) as info:
        store.save_target("art", seg.id, "en", "theirs", expected_version=1, reviewer="bao")
    assert info.value.current_version == 2 and info.value.current_target == "mine"
    assert store.row("art", seg.id, "en").translation.target == "mine"


def test_status_flow_and_revert(store: Store) -> None:
    machine(store)
    seg = store.segments("art")[1]
    t = store.save_target("art", seg.id, "en", "edited", expected_version=1)
    assert t.status == "edited"
    t = store.save_target("art", seg.id, "en", "MT 2", expected_version=t.version)
    assert t.status == "machine"  # typing the MT back is not an edit
    t = store.approve("art", seg.id, "en", expected_version=t.version)
    assert t.status == "approved"
    t = store.unapprove("art", seg.id, "en", expected_version=t.version)
    assert t.status == "machine"
    t = store.save_target("art", seg.id, "en", "x", expected_version=t.version)
    t = store.revert_to_mt("art", seg.id, "en", expected_version=t.version)
    assert (t.target, t.status) == ("MT 2", "machine")
    with pytest.raises(InputError, match="empty target"):
        store.approve("art", seg.id, "en", expected_version=None, target="  ")


def test_events_one_per_change_and_none_for_noop(store: Store) -> None:
    machine(store)
    seg = store.segments("art")[1]
    store.save_target("art", seg.id, "en", "one", expected_version=1)
    store.save_target("art", seg.id, "en", "one", expected_version=2)  # no change
    store.approve("art", seg.id, "en", expected_version=2)
    actions = [e.action for e in store.events("art", seg.id, "en")]
    assert actions == ["mt", "edit", "approve"]
    ev = store.events("art", seg.id, "en")[1]
    assert ev.before == {"target": "MT 2", "status": "machine"}
    assert ev.after == {"target": "one", "status": "edited"}


def test_undo_redo_across_restart(tmp_path: Path, engine: str) -> None:
    ws = tmp_path / "ws"
    with open_store(ws, create=True) as s:
        s.import_article("art", ARTICLE, title="t", source_path="a", source_sha256="x")
        machine(s)
        seg = s.segments("art")[1].id
        s.save_target("art", seg, "en", "one", expected_version=1)
        s.save_target("art", seg, "en", "two", expected_version=2)
        s.approve("art", seg, "en", expected_version=3)
    with open_store(ws) as s:
        assert s.undo("art", seg, "en").status == "edited"
        assert s.undo("art", seg, "en").target == "one"
    with open_store(ws) as s:
        assert s.undo("art", seg, "en").target == "MT 2"
        assert s.undo("art", seg, "en") is None  # stops at the MT, never blanks the target
        assert s.redo("art", seg, "en").target == "one"
        s.save_target("art", seg, "en", "three", expected_version=None)
        assert s.redo("art", seg, "en") is None  # a new edit clears the redo stack
        assert s.undo("art", seg, "en").target == "one"


def test_status_counts(store: Store) -> None:
    machine(store, "en")
    seg = store.segments("art")[1]
    store.approve("art", seg.id, "en", expected_version=1)
    status = store.status("art")
    assert status.kinds == {"content": 2, "title": 1, "chrome": 1}
    assert status.langs == {"en": {"pending": 0, "machine": 2, "edited": 0, "approved": 1}}


def test_unmark_chrome(store: Store) -> None:
    chrome = store.segments("art")[3]
    assert chrome.kind == "chrome" and not chrome.translatable
    store.set_kind("art", chrome.id, "content", reviewer="ana")
    seg = store.segments("art")[3]
    assert (seg.kind, seg.detected_kind, seg.translatable) == ("content", "chrome", True)
    assert store.status("art").kinds["chrome"] == 0


def test_two_connections_conflict_and_both_survive(tmp_path: Path, engine: str) -> None:
    ws = tmp_path / "ws"
    with open_store(ws, create=True) as s:
        s.import_article("art", ARTICLE, title="t", source_path="a", source_sha256="x")
        machine(s)
    one, two = open_store(ws), open_store(ws)
    try:
        a, b = (seg.id for seg in one.segments("art")[1:3])
        one.save_target("art", a, "en", "from one", expected_version=1)
        two.save_target("art", b, "en", "from two", expected_version=1)
        with pytest.raises(ConflictError):
            two.save_target("art", a, "en", "late", expected_version=1)
    finally:
        one.close()
        two.close()
    with open_store(ws) as s:
        assert s.row("art", a, "en").translation.target == "from one"
        assert s.row("art", b, "en").translation.target == "from two"


def test_write_targets_batch_reports_conflicts_and_writes_the_rest(store: Store) -> None:
    from workbench.store import TargetWrite

    machine(store)
    a, b, c, _ = store.segments("art")
    store.save_target("art", b.id, "en", "someone else", expected_version=1)
    results = store.write_targets(
        "art",
        "en",
        [
            TargetWrite(a.id, "Approved title", "approved", 1),
            TargetWrite(b.id, "stale", "approved", 1),
            TargetWrite(c.id, "MT 3", "edited", 1),
        ],
        reviewer="po",
    )
    assert isinstance(results[1], ConflictError)
    assert results[0].status == "approved" and results[2].status == "machine"
    assert store.row("art", b.id, "en").translation.target == "someone else"
    assert [e.action for e in store.events("art", a.id, "en")] == ["mt", "import-po"]
    assert store.undo("art", a.id, "en").target == "MT 1"  # an import is undoable


def test_invalid_text_is_an_input_error(store: Store) -> None:
    seg = store.segments("art")[1]
    with pytest.raises(InputError, match="invalid character"):
        store.save_target("art", seg.id, "en", "bad \ud800 text", expected_version=None)
    with pytest.raises(InputError, match="NUL"):
        store.save_target("art", seg.id, "en", "bad \x00 text", expected_version=None)
    assert store.row("art", seg.id, "en").translation is None


def test_note_bumps_version_and_reimport_keeps_imported_at(store: Store) -> None:
    machine(store)
    seg = store.segments("art")[1]
    store.set_note("art", seg.id, "en", "check the name")
    t = store.row("art", seg.id, "en").translation
    assert (t.note, t.version) == ("check the name", 2)
    first = store.article("art").imported_at
    store.import_article("art", ARTICLE, title="La Russie", source_path="b.txt", source_sha256="x")
    assert store.article("art").imported_at == first
    wait_past(first)  # timestamps have millisecond resolution
    store.import_article("art", ARTICLE, title="La Russie", source_path="b.txt", source_sha256="z")
    assert store.article("art").imported_at > first


def test_two_reviewers_editing_one_pivot_get_a_conflict(tmp_path: Path, engine: str) -> None:
    """Issue 15 item 6: set_pivot checked no version, so the second reviewer's English
    silently replaced the first's."""
    ws = tmp_path / "ws"
    with open_store(ws, create=True) as s:
        s.import_article("art", ARTICLE, title="t", source_path="a", source_sha256="x")
        seg = s.segments("art")[1].id
        s.store_mt("art", "vi", [MTWrite(seg, "Điện Kremlin", "m", pivot="The Kremlin")])
    with open_store(ws) as anna, open_store(ws) as binh:
        seen_a = anna.row("art", seg, "vi").translation
        seen_b = binh.row("art", seg, "vi").translation
        assert seen_a.version == seen_b.version == 1
        mine = anna.set_pivot("art", seg, "vi", "Anna's English", expected_version=1, reviewer="a")
        assert (mine.pivot, mine.version) == ("Anna's English", 2)
        with pytest.raises(ConflictError, match="changed by another writer since you read it"):
            binh.set_pivot("art", seg, "vi", "Binh's English", expected_version=1, reviewer="b")
        t = binh.row("art", seg, "vi").translation
        assert (t.pivot, t.version) == ("Anna's English", 2)
        pivots = [e.after for e in binh.events("art", seg, "vi") if e.action == "pivot"]
        assert pivots == [{"pivot": "Anna's English"}]
        # with the version read again, Binh's edit is deliberate and lands
        again = binh.set_pivot("art", seg, "vi", "Binh's English", expected_version=2)
        assert (again.pivot, again.version) == ("Binh's English", 3)


def test_times_come_from_the_database_clock_in_schema_v2_format(store: Store) -> None:
    import re

    machine(store)
    t = store.row("art", store.segments("art")[1].id, "en").translation
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
    assert stamp.fullmatch(t.updated_at), t.updated_at
    assert stamp.fullmatch(store.article("art").imported_at)
    assert all(stamp.fullmatch(e.at) for e in store.events("art"))


def test_import_is_logged_for_readers_of_the_change_feed(store: Store) -> None:
    token = store.change_token()
    report = store.import_article("art", ARTICLE[:2], title="t", source_path="a", source_sha256="y")
    assert (report.kept, report.removed) == (2, 2)
    _, changes = store.changes_since(token)
    assert {(c.slug, c.segment_id, c.lang) for c in changes} == {("art", "", "")}
    assert store.events("art")[-1].after == {"added": 0, "kept": 2, "removed": 2, "restored": 0}


# -- a full disk -------------------------------------------------------------------------------


@pytest.fixture()
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    d = SmallDisk(tmp_path / "disk")
    yield d
    d.close()


def test_a_full_disk_is_a_store_error_and_the_store_stays_usable(disk: SmallDisk) -> None:
    """A real full filesystem (or SQLite's own size limit): one StoreFullError, nothing
    written, no transaction left open; the same connection writes once there is room."""
    from tests.conftest import SEED_ARTICLE
    from workbench.project import import_article

    ws = disk.folder / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    long = "Lực lượng gìn giữ hòa bình Nga đã rút khỏi Karabakh. " * 80  # > a page
    with open_store(ws) as store:
        sid = next(r.segment.id for r in store.rows("karabakh", "vi") if r.segment.translatable)
        disk.fill(store)
        with pytest.raises(StoreFullError, match="is full"):
            store.save_target("karabakh", sid, "vi", long, expected_version=0)
        assert not store.conn.in_transaction()
        assert store.row("karabakh", sid, "vi").translation is None
        disk.free()
        saved = store.save_target("karabakh", sid, "vi", long, expected_version=0)
        assert saved.version == 1 and saved.target == long
