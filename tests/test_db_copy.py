"""``workbench db copy``: a whole workspace from SQLite into PostgreSQL and back, exact (every
table, ids, history, team data, floats bit for bit), proven by the copy itself (rows and
SHA-256 per table) and checked here from outside; a destination that holds data, or the
database itself, is refused in one line with nothing written."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.support import SEED_ARTICLE, assert_one_line_error, run
from workbench.glossary import Term
from workbench.project import import_article
from workbench.store import MTWrite, open_store
from workbench.tm_imported import ImportedPair

SLUG = "karabakh"
HOSTILE = (
    "« Ça » — l'été 🇫🇷 \u200f\u05e9\u05dc\u05d5\u05dd\u200f\ttab\nline 'quote' \"dq\" \\ %s %%"
)


def _rich_workspace(ws: Path) -> None:
    """A workspace with some of everything: MT with confidence and notes, edits with odd
    edit times, approvals, an undo, notes, glossary, imported TM, positions, calibration, a
    dismissed QA finding."""
    import_article(SEED_ARTICLE, slug=SLUG, workspace=ws)
    with open_store(ws) as store:
        ids = [s.id for s in store.segments(SLUG) if s.kind == "content"]
        for lang in ("en", "vi"):
            writes = [
                MTWrite(sid, f"MT {lang} {i} {HOSTILE}", "m@1", pivot="pivot" if lang == "vi"
                        else None, alternatives=("a", "b"), confidence=1 / (i + 3),
                        notes=("cut between words",) if i == 2 else ())
                for i, sid in enumerate(ids)
            ]  # fmt: skip
            store.store_mt(SLUG, lang, writes)
        saved = store.save_target(SLUG, ids[0], "en", HOSTILE, expected_version=1,
                                  reviewer="anna", edit_seconds=0.1 + 0.2)  # fmt: skip
        store.approve(SLUG, ids[0], "en", expected_version=saved.version, reviewer="binh",
                      edit_seconds=1e-9)  # fmt: skip
        store.approve(SLUG, ids[1], "vi", expected_version=1, target="Đã duyệt.", reviewer="lan")
        edited = store.save_target(SLUG, ids[2], "vi", "Sửa.", expected_version=1)
        store.undo(SLUG, ids[2], "vi", expected_version=edited.version)
        store.set_note(SLUG, ids[3], "en", "check the name\nwith the desk")
        store.replace_glossary([Term("Kremlin", "Kremlin", "Điện Kremlin", HOSTILE),
                                Term("AFP", "AFP", "AFP", "", True)])  # fmt: skip
        pairs = [ImportedPair("en", "Paix.", "Peace.", "o.tmx", "1"),
                 ImportedPair("vi", HOSTILE, "Hòa bình.", "o.tmx", "2")]  # fmt: skip
        store.add_imported_pairs(pairs)
        store.remember_position(SLUG, "vi", ids[4], "todo", "anna")
        store.save_calibration("m@1", '{"x": [0.1, 0.2]}', 31)
        store.dismiss_findings(SLUG, ids[1], "vi", [("numbers", f"2 000 {HOSTILE}")], "Đã duyệt.",
                               "lan")  # fmt: skip


def _contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every workspace table, in key order, read from outside the store."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.pool import NullPool

    from workbench.store.copy import tables

    engine = create_engine(
        url.replace("postgresql://", "postgresql+psycopg://"), poolclass=NullPool
    )
    try:
        with engine.connect() as conn:
            return {
                t.name: [tuple(r) for r in conn.execute(select(*t.c).order_by(*t.primary_key))]
                for t in tables()
            }
    finally:
        engine.dispose()


def _digests(stdout: str) -> list[tuple[str, str, str]]:
    return re.findall(r"^  (\w+) +(\d+) rows  sha256 ([0-9a-f]{16})$", stdout, re.M)


def test_sqlite_to_postgresql_and_back_is_exact(tmp_path: Path, postgres_cluster: Any) -> None:
    ws = tmp_path / ".workbench"
    _rich_workspace(ws)
    pg = postgres_cluster.create_database()
    original = _contents(f"sqlite:///{ws / 'workbench.db'}")
    assert all(original[name] for name in original)  # every table has rows to copy

    there = run("db", "copy", "--to", pg, cwd=tmp_path)
    assert there.returncode == 0, there.stderr
    assert _contents(pg) == original
    back_file = tmp_path / "back" / "workbench.db"
    back = run("--db", pg, "db", "copy", "--to", f"sqlite:///{back_file}", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert _contents(f"sqlite:///{back_file}") == original
    assert _digests(there.stdout) == _digests(back.stdout) and len(_digests(there.stdout)) == len(
        original
    )

    # the copy is a working workspace: ids go on after the copied ones, history undoes
    env = dict(os.environ, WORKBENCH_DB=pg)
    assert (
        run("import", str(SEED_ARTICLE), "--slug", "again", cwd=tmp_path, env=env).returncode == 0
    )
    with open_store(ws, db_url=pg) as store:
        assert [a.slug for a in store.articles()] == ["again", SLUG]
        sid = next(s.id for s in store.segments(SLUG) if s.kind == "content")
        row = store.row(SLUG, sid, "en").translation
        assert row is not None and row.status == "approved"
        undone = store.undo(SLUG, sid, "en", expected_version=row.version)
        assert undone is not None and (undone.status, undone.target) == ("edited", HOSTILE)
        events = [e.id for e in store.events(SLUG)]
        assert len(events) == len(set(events)) and max(events) > len(original["event"])


def test_a_destination_with_data_or_the_source_itself_is_refused(
    tmp_path: Path, postgres_cluster: Any
) -> None:
    ws = tmp_path / ".workbench"
    import_article(SEED_ARTICLE, slug=SLUG, workspace=ws)
    pg = postgres_cluster.create_database()
    assert run("db", "copy", "--to", pg, cwd=tmp_path).returncode == 0
    before = _contents(pg)
    assert_one_line_error(run("db", "copy", "--to", pg, cwd=tmp_path), "already holds a workspace")
    assert _contents(pg) == before
    same = f"sqlite:///{ws / 'workbench.db'}"
    assert_one_line_error(run("db", "copy", "--to", same, cwd=tmp_path), "is the database being")
    assert_one_line_error(run("db", "copy", cwd=tmp_path), "db copy needs --to URL")


def test_a_failed_copy_into_a_new_file_leaves_no_file(
    tmp_path: Path, postgres_cluster: Any
) -> None:
    ws = tmp_path / ".workbench"
    import_article(SEED_ARTICLE, slug=SLUG, workspace=ws)
    pg = postgres_cluster.create_database()
    assert run("db", "copy", "--to", pg, cwd=tmp_path).returncode == 0
    target = tmp_path / "new" / "workbench.db"
    # a PostgreSQL login without a workbench role cannot read what it would copy
    from tests.engines import login_url

    with pytest.MonkeyPatch.context() as mp:
        import psycopg

        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname ="
                         " 'nobody') THEN CREATE ROLE nobody LOGIN; END IF; END $$")  # fmt: skip
        mp.setenv("WORKBENCH_DB", login_url(pg, "nobody"))
        proc = run("db", "copy", "--to", f"sqlite:///{target}", cwd=tmp_path)
    assert_one_line_error(proc, "nobody has no workbench role")
    assert not target.exists()
