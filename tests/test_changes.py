"""The change feed: a reader learns cheaply that another process committed, and which
segments changed, on both engines (SQLite: PRAGMA data_version + event ids; PostgreSQL:
LISTEN/NOTIFY + snapshots). Latency is measured by benchmarks/change_feed_bench.py."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.support import STORE_ARTICLE as ARTICLE
from tests.support import write_machine_mt as machine
from workbench.errors import InputError
from workbench.store import Change, open_store

#: Waits for a line on stdin, then saves one segment's target and prints "saved".
WRITER = r"""
import sys
from workbench.store import open_store
ws, sid, text = sys.argv[1:4]
with open_store(ws) as store:
    sys.stdin.readline()
    store.save_target("art", sid, "en", text, expected_version=None, reviewer="other")
    print("saved", flush=True)
"""


@pytest.fixture()
def ws(tmp_path: Path, engine: str) -> Path:
    ws = tmp_path / "ws"
    with open_store(ws, create=True) as store:
        store.import_article("art", ARTICLE, title="t", source_path="a", source_sha256="x")
        machine(store)
    return ws


def test_a_write_by_another_process_wakes_the_reader_and_names_the_segment(ws: Path) -> None:
    with open_store(ws) as reader:
        sid = reader.segments("art")[1].id
        token = reader.change_token()
        assert reader.changes_since(token)[1] == frozenset()
        assert reader.wait_for_change(0.2) is False  # nothing written: it times out
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(ws), sid, "From elsewhere."],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        woke: list[bool] = []
        waiting = threading.Thread(target=lambda: woke.append(reader.wait_for_change(60)))
        waiting.start()  # blocked in wait_for_change (its own connection) ...
        assert writer.stdin is not None and writer.stdout is not None
        writer.stdin.write("go\n")  # ... when the other process writes
        writer.stdin.flush()
        assert writer.stdout.readline() == "saved\n"
        waiting.join(timeout=60)
        assert woke == [True]
        assert writer.wait(timeout=60) == 0
        token, changes = reader.changes_since(token)
        assert changes == {Change("art", sid, "en")}
        assert reader.row("art", sid, "en").translation.target == "From elsewhere."
        # and then nothing more, until the next write (its own writes count too)
        assert reader.changes_since(token)[1] == frozenset()
        other = reader.segments("art")[2].id
        reader.save_target("art", other, "en", "Mine.", expected_version=None)
        assert reader.changes_since(token)[1] == {Change("art", other, "en")}


def test_a_token_of_the_other_engine_is_refused(ws: Path, engine: str) -> None:
    foreign = "pg:1:2:" if engine == "sqlite" else "sqlite:5"
    with open_store(ws) as store, pytest.raises(InputError, match="not a change token"):
        store.changes_since(foreign)


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_commit_that_lands_after_a_later_event_is_not_missed(ws: Path) -> None:
    """Concurrent writers draw event ids in one order and commit in another: a reader that
    kept only the highest id seen would skip the slow writer's event for ever."""
    from sqlalchemy import create_engine, text

    from tests.engines import db_url

    with open_store(ws) as reader, open_store(ws) as fast:
        a, b = (s.id for s in reader.segments("art")[1:3])
        token = reader.change_token()
        slow = create_engine(db_url(ws)).connect()
        transaction = slow.begin()  # takes an event id first, commits last
        slow.execute(
            text(
                "INSERT INTO event (article_id, segment_id, lang, action, at)"
                " VALUES (1, :sid, 'en', 'slow', 'now')"
            ),
            {"sid": a},
        )
        fast.save_target("art", b, "en", "Fast.", expected_version=None)
        token, changes = reader.changes_since(token)
        assert changes == {Change("art", b, "en")}
        transaction.commit()
        slow.close()
        token, changes = reader.changes_since(token)
        assert changes == {Change("art", a, "en")}
        assert reader.changes_since(token)[1] == frozenset()
