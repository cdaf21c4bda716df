"""Roles on PostgreSQL (revision 0005), enforced by the server: a translator edits and marks
"needs review" but cannot approve nor change an approved segment, through workbench or with
plain SQL; a reviewer approves; an admin imports and grants. Writes record the login, not a
name the client chose. On SQLite roles are advisory: ``db grant`` says so in one line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.engines import as_login, login_url, open_as
from tests.support import SEED_ARTICLE, assert_one_line_error, run
from workbench.errors import PermissionDeniedError
from workbench.project import import_article
from workbench.store import open_store

SLUG = "karabakh"


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_cluster: Any) -> Iterator[Path]:
    """A PostgreSQL workspace (made by the cluster's superuser, its owner) with the seed
    article and an MT for every segment."""
    from workbench.store import MTWrite

    monkeypatch.setenv("WORKBENCH_DB", postgres_cluster.create_database())
    folder = tmp_path / "ws"
    import_article(SEED_ARTICLE, slug=SLUG, workspace=folder)
    with open_store(folder) as store:
        ids = [s.id for s in store.segments(SLUG) if s.kind == "content"]
        store.store_mt(SLUG, "en", [MTWrite(sid, f"MT {sid}", "m@1") for sid in ids])
    yield folder


def _psql(url: str, sql: str, *params: object) -> Any:
    """Plain SQL as a login, past workbench: what a user with psql could do."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return cur.rowcount if cur.description is None else cur.fetchall()


def _first(ws: Path) -> str:
    with open_store(ws) as store:
        return next(s.id for s in store.segments(SLUG) if s.kind == "content")


def test_a_translator_edits_but_cannot_approve_even_with_plain_sql(ws: Path) -> None:
    import psycopg

    sid = _first(ws)
    with open_as(ws, "tina", "translator") as tina:
        assert (tina.login, tina.role, tina.may_approve) == ("tina", "translator", False)
        saved = tina.save_target(SLUG, sid, "en", "Tina's text.", expected_version=1,
                                 reviewer="someone else")  # fmt: skip
        assert (saved.status, saved.reviewer) == ("edited", "tina")  # the login, not the name
        with pytest.raises(PermissionDeniedError, match="needs the reviewer role: tina is a tr"):
            tina.approve(SLUG, sid, "en", expected_version=saved.version)
    url = as_login("tina", "translator")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _psql(url, "UPDATE translation SET status = 'approved', version = version + 1"
                   " WHERE segment_id = %s AND lang = 'en'", sid)  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _psql(url, "INSERT INTO event (article_id, segment_id, lang, action, before, after, at)"
                   " SELECT article_id, segment_id, lang, 'approve', '{}', '{}', 'x'"
                   " FROM translation WHERE segment_id = %s AND lang = 'en'", sid)  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="version by one"):
        _psql(url, "UPDATE translation SET version = 1 WHERE segment_id = %s", sid)
    with open_store(ws) as admin:
        row = admin.row(SLUG, sid, "en").translation
        assert row is not None and (row.status, row.target) == ("edited", "Tina's text.")


def test_an_approved_segment_is_read_only_for_a_translator(ws: Path) -> None:
    import psycopg

    sid = _first(ws)
    with open_as(ws, "rita", "reviewer") as rita:
        assert rita.may_approve and rita.role == "reviewer"
        done = rita.approve(SLUG, sid, "en", expected_version=1, target="Approved.")
        assert (done.status, done.reviewer) == ("approved", "rita")
    with open_as(ws, "tina", "translator") as tina:
        with pytest.raises(PermissionDeniedError, match="changing approved segment"):
            tina.save_target(SLUG, sid, "en", "Sneaky.", expected_version=done.version)
        with pytest.raises(PermissionDeniedError, match="reviewer role"):
            tina.unapprove(SLUG, sid, "en", expected_version=done.version)
    url = as_login("tina", "translator")
    assert _psql(url, "UPDATE translation SET target = 'x', version = version + 1"
                      " WHERE segment_id = %s AND lang = 'en'", sid) == 0  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        _psql(url, "DELETE FROM translation WHERE segment_id = %s", sid)  # admins only
    with open_store(ws) as admin:
        row = admin.row(SLUG, sid, "en").translation
        assert row is not None and (row.status, row.target) == ("approved", "Approved.")


def test_a_translator_cannot_import_and_a_stranger_cannot_read(ws: Path, tmp_path: Path) -> None:
    env = dict(os.environ, WORKBENCH_DB=as_login("tina", "translator"))
    proc = run("import", str(SEED_ARTICLE), "--slug", "other", cwd=tmp_path, env=env)
    assert_one_line_error(proc, "importing or changing articles needs the admin role")
    url = os.environ["WORKBENCH_DB"]
    _psql(url, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nobody')"
               " THEN CREATE ROLE nobody LOGIN; END IF; END $$")  # fmt: skip
    env["WORKBENCH_DB"] = login_url(url, "nobody")
    assert_one_line_error(run("status", cwd=tmp_path, env=env), "nobody has no workbench role")


def test_db_grant_and_roles(ws: Path, tmp_path: Path) -> None:
    proc = run("db", "grant", "quinn", "--role", "reviewer", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "quinn is reviewer now (login created" in proc.stdout
    proc = run("db", "roles", cwd=tmp_path)
    listed = proc.stdout
    assert "  quinn  reviewer" in listed and "(owner, superuser)" in listed, proc
    with open_as(ws, "quinn", "reviewer") as quinn:  # as_login keeps the role it has
        assert quinn.role == "reviewer"
    # a reviewer may not grant (only admins may run workbench_grant)
    env = dict(os.environ, WORKBENCH_DB=login_url(os.environ["WORKBENCH_DB"], "quinn"))
    proc = run("db", "grant", "quinn", "--role", "admin", cwd=tmp_path, env=env)
    assert_one_line_error(proc, "granting roles needs the admin role")
    assert run("db", "grant", "quinn", "--role", "none", cwd=tmp_path).returncode == 0
    assert "quinn" not in run("db", "roles", cwd=tmp_path).stdout
    assert_one_line_error(
        run("db", "grant", "pg_monitor", "--role", "admin", cwd=tmp_path), "not a login name"
    )


def test_roles_are_advisory_on_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    import_article(SEED_ARTICLE, slug=SLUG, workspace=tmp_path / ".workbench")
    proc = run("db", "grant", "anna", "--role", "reviewer", cwd=tmp_path)
    assert_one_line_error(proc, "roles exist only on a PostgreSQL store")
    with open_store(tmp_path / ".workbench") as store:
        assert (store.login, store.role, store.may_approve) == (None, None, True)
