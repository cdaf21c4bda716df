"""Migrations: Alembic revisions shipped in workbench/store/migrations, run by open_store.

Files written before Alembic (schema v1 and v2, built here with that code's own SQL) upgrade
without losing a byte of their rows; revision 0001 makes the same schema v2 that code made;
the tables the queries use (schema.py) are exactly what the migrations create, on both
engines; a revision this workbench does not know is refused on both.
"""

from __future__ import annotations

import ast
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.data.legacy_store import make_legacy_db
from tests.engines import connect, dump
from workbench.errors import WorkbenchError
from workbench.store import open_store
from workbench.store.migrate import MIGRATIONS_DIR, known_revisions
from workbench.store.schema import HEAD_REVISION, SQLITE_USER_VERSION, metadata


def _schema(path: Path) -> dict[str, object]:
    """SQLite's own description of every table: columns (name, type, not null, default,
    key), foreign keys, indexes and the CHECK text of the table's SQL."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN"
                " ('alembic_version', 'sqlite_sequence') ORDER BY name"
            )
        ]
        out: dict[str, object] = {}
        for table in tables:
            indexes = {
                r[1]: (r[2], [c[2] for c in conn.execute(f"PRAGMA index_info('{r[1]}')")])
                for r in conn.execute(f"PRAGMA index_list('{table}')")
            }
            out[table] = (
                [tuple(r[1:]) for r in conn.execute(f"PRAGMA table_info('{table}')")],
                [tuple(r[2:]) for r in conn.execute(f"PRAGMA foreign_key_list('{table}')")],
                sorted((unique, cols) for unique, cols in indexes.values()),
                sorted(str(r) for r in conn.execute(f"PRAGMA index_xinfo('{table}')")),
            )
        return out


def _with_pivots_used(line: str) -> str:
    pivot = ast.literal_eval(line.removeprefix("translation "))[5]
    return f"{line[:-1]}, {pivot!r}, {pivot!r})"


@pytest.mark.parametrize("version", [1, 2])
def test_a_database_made_before_alembic_upgrades_and_keeps_every_row(
    tmp_path: Path, version: int
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    db = make_legacy_db(ws / "workbench.db", version)
    before = dump(ws).splitlines()
    open_store(ws).close()  # upgrades
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SQLITE_USER_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    if version == 1:  # the one change v1 -> v2: TM matches, empty for the old rows
        before = [line.replace("12.5)", "12.5, '[]')") for line in before]
    # revision 0003: no MT confidence and no notes for the old rows; 0007: the pivot the MT
    # was stored with is the pivot used, for the MT and the target
    before = [
        _with_pivots_used(line[:-1] + ", None, '[]')") if line.startswith("translation (") else line
        for line in before
    ]
    assert dump(ws).splitlines() == before  # every row as it was
    with open_store(ws) as store:
        t = store.row("vieux", "s2", "vi").translation
        assert (t.target, t.status, t.version, t.reviewer, t.edit_seconds) == (
            "Anh ấy nói",
            "approved",
            3,
            "ana",
            12.5,
        )
        assert [e.action for e in store.events("vieux", "s2", "vi")] == ["mt", "edit", "approve"]
        undone = store.undo("vieux", "s2", "vi")  # its history still drives undo
        assert (undone.status, undone.version) == ("edited", 4)


def _at_revision(path: Path, revision: str) -> Path:
    """A new SQLite database migrated only up to ``revision``."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()
    return path


def test_revision_0001_makes_the_same_schema_as_the_code_before_alembic(tmp_path: Path) -> None:
    legacy = make_legacy_db(tmp_path / "legacy.db", 2)
    assert _schema(_at_revision(tmp_path / "r1.db", "0001")) == _schema(legacy)


def test_revision_0003_adds_confidence_notes_and_calibration(tmp_path: Path) -> None:
    before = _schema(_at_revision(tmp_path / "r2.db", "0002"))
    after = _schema(_at_revision(tmp_path / "r3.db", "0003"))
    assert sorted(after) == sorted([*before, "calibration"])
    columns = [c[0] for c in after["translation"][0]]  # type: ignore[index]
    assert columns == [*(c[0] for c in before["translation"][0]), "mt_confidence", "mt_notes"]  # type: ignore[index]


def test_revision_0004_adds_the_team_tables_and_changes_nothing_else(tmp_path: Path) -> None:
    before = _schema(_at_revision(tmp_path / "r3.db", "0003"))
    made = _schema(_at_revision(tmp_path / "r5.db", "0005"))  # 0005 makes nothing on SQLite
    assert {name: made[name] for name in before} == before
    assert set(made) - set(before) == {"glossary_term", "tm_pair", "ui_position"}


def test_revision_0006_adds_the_qa_dismissal_table_only(tmp_path: Path) -> None:
    before = _schema(_at_revision(tmp_path / "r5.db", "0005"))
    after = _schema(_at_revision(tmp_path / "r6.db", "0006"))
    assert {k: v for k, v in after.items() if k != "qa_dismissal"} == before
    columns = [c[0] for c in after["qa_dismissal"][0]]  # type: ignore[index]
    assert columns == [
        "article_id", "segment_id", "lang", "check", "target", "message", "reviewer",
        "dismissed_at",
    ]  # fmt: skip


def test_revision_0007_records_the_pivot_each_mt_was_translated_from(tmp_path: Path) -> None:
    """A pivot edited after the MT and never translated again is not the pivot used: the
    upgrade takes the English of the last ``mt`` event; a row whose last MT had no pivot
    (a translation-memory match) has none."""
    import json

    ws = tmp_path / "ws"
    ws.mkdir()
    db = _at_revision(ws / "workbench.db", "0006")
    at = "2024-04-17T10:00:00.000Z"
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "INSERT INTO article (id, slug, title, source_lang, source_path, source_sha256,"
            " imported_at) VALUES (1, 'a', 'A', 'fr', 'a.txt', 'x', ?)",
            (at,),
        )
        for sid, pivot in (("s1", "He says."), ("s2", None), ("s3", "Untouched.")):
            conn.execute(
                "INSERT INTO segment (article_id, id, position, paragraph, kind, source)"
                " VALUES (1, ?, 1, 1, 'content', 'Il dit.')",
                (sid,),
            )
            conn.execute(
                "INSERT INTO translation (article_id, segment_id, lang, mt, mt_model, pivot,"
                " target, status, version, updated_at) VALUES (1, ?, 'vi', 'Anh nói.', 'm', ?,"
                " 'Anh nói.', 'machine', 2, ?)",
                (sid, pivot, at),
            )
        events = [
            ("s1", "mt", {"target": "Anh nói.", "pivot": "He said."}),
            ("s1", "pivot", {"pivot": "He says."}),  # edited, never translated again
            ("s2", "mt", {"target": "Anh nói.", "pivot": "He said."}),
            ("s2", "mt", {"target": "Anh nói.", "pivot": None}),  # then a TM match
        ]
        for sid, action, after in events:
            conn.execute(
                "INSERT INTO event (article_id, segment_id, lang, action, after, at)"
                " VALUES (1, ?, 'vi', ?, ?, ?)",
                (sid, action, json.dumps(after), at),
            )
    with open_store(ws) as store:
        got = {r.segment.id: r.translation for r in store.rows("a", "vi")}
    assert {sid: (t.pivot, t.mt_pivot, t.target_pivot) for sid, t in got.items()} == {
        "s1": ("He says.", "He said.", "He said."),
        "s2": (None, None, None),
        "s3": ("Untouched.", "Untouched.", "Untouched."),  # no event: its pivot
    }


@pytest.mark.filterwarnings("ignore:Did not recognize type 'xid8'")
def test_the_queries_tables_are_what_the_migrations_make(tmp_path: Path, engine: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    ws = tmp_path / "ws"
    open_store(ws, create=True).close()

    def ours(name: str | None, kind: str, parent: object) -> bool:
        # PostgreSQL's change feed (revision 0002) is no part of what the queries read
        return name not in ("alembic_version", "txid", "event_txid")

    with connect(ws) as conn:
        context = MigrationContext.configure(conn, opts={"include_name": ours})
        diff = compare_metadata(context, metadata)
    if engine == "sqlite":  # an INTEGER PRIMARY KEY is the rowid: SQLite reports it nullable
        rowid = [("article", "id"), ("event", "id"), ("glossary_term", "id"), ("tm_pair", "id")]
        diff = [d for d in diff if not (d[0][0] == "modify_nullable" and d[0][2:4] in rowid)]
    assert diff == []


def test_head_revision_is_the_last_shipped_revision() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [HEAD_REVISION]
    assert known_revisions() == {r.revision for r in script.walk_revisions()}


def test_a_revision_from_a_newer_workbench_is_refused(tmp_path: Path, engine: str) -> None:
    from sqlalchemy import text

    ws = tmp_path / "ws"
    open_store(ws, create=True).close()
    with connect(ws) as conn, conn.begin():
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(WorkbenchError, match=r"written by a newer workbench \(revision 9999"):
        open_store(ws)


def test_a_second_open_runs_no_migration(tmp_path: Path, engine: str) -> None:
    """The check on open is one query; Alembic is imported only when something is to do."""
    import subprocess
    import sys

    ws = tmp_path / "ws"
    open_store(ws, create=True).close()
    code = (
        "import sys\nfrom workbench.store import open_store\n"
        f"open_store({str(ws)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
