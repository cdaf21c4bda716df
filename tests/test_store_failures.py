"""A store the system refuses: read-only, full, empty, unreachable. Each command says what is
actually wrong in one line (exit 2), writes nothing, and works again once the cause is gone.

Done for real where the tests run as root (CI does): an immutable file (``chattr +i``), a
small tmpfs mounted with ``size=`` and filled up, the same tmpfs remounted read-only. Elsewhere
those are skipped, and SQLite's own limit (``PRAGMA max_page_count``) stands in for a full disk
through the store API. PostgreSQL: a server that does not answer, a database that does not exist.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.data.make_bad import long_article
from tests.engines import dump
from tests.support import SEED_ARTICLE, assert_one_line_error, run
from workbench.errors import StoreDamagedError, StoreFullError
from workbench.project import import_article
from workbench.segment import read_article, segment_text
from workbench.store import open_store

SLUG = "karabakh"
REF_EN = SEED_ARTICLE.parent / "en.po"
as_root = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root (mount, chattr)"
)


def _ws(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, slug=SLUG, workspace=ws)
    return ws


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def _fill(disk: Path, keep: int = 0) -> Path:
    """Fill the file system but ``keep`` bytes (a file that can be removed to free them)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0" * 4096):
                pass
    finally:
        os.close(fd)
    stat = os.statvfs(disk)
    free_needed = keep - stat.f_bavail * stat.f_frsize
    if free_needed > 0:
        os.truncate(filler, max(filler.stat().st_size - free_needed, 0))
    return filler


# == an empty (0-byte) database file ===========================================================


@pytest.mark.parametrize("command", [("status",), ("import", str(SEED_ARTICLE))], ids=str)
def test_a_zero_byte_database_is_refused_not_recreated(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """`status` on a 0-byte workbench.db silently created a new, empty schema in it."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "workbench.db").write_bytes(b"")
    proc = run(*command, "--workspace", str(ws), cwd=tmp_path)
    assert_one_line_error(proc, "is empty (0 bytes), not a workbench database")
    assert [p.name for p in ws.iterdir()] == ["workbench.db"]
    assert (ws / "workbench.db").stat().st_size == 0
    with pytest.raises(StoreDamagedError):
        open_store(ws, create=True)


# == read-only =================================================================================


@as_root
def test_an_immutable_database_reads_and_refuses_writes_in_one_line(
    tmp_path: Path, tiny_packages: object
) -> None:
    ws = _ws(tmp_path)
    db = ws / "workbench.db"
    before = dump(ws)
    subprocess.run(["chattr", "+i", str(db)], check=True)
    try:
        args = ("--workspace", str(ws))
        status = run("status", *args, cwd=tmp_path)
        assert status.returncode == 0 and "segments 28" in status.stdout, status
        needle = "is read-only (attempt to write a readonly database): nothing was written"
        for command in (
            ("import", str(SEED_ARTICLE), "--slug", "again"),
            ("translate", SLUG, "--to", "en", "--beam", "1", "--alternatives", "0"),
            ("import-po", str(REF_EN), "--slug", SLUG, "--lang", "en"),
        ):
            assert_one_line_error(run(*command, *args, cwd=tmp_path), needle)
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
    assert dump(ws) == before  # (the -shm file beside it changes: readers use it)
    assert run("import", str(SEED_ARTICLE), "--slug", "again", *args, cwd=tmp_path).returncode == 0


@as_root
def test_a_read_only_mount_still_reads_and_says_read_only_on_write(tmp_path: Path) -> None:
    """`status` said 'not a workbench database': a WAL database could not make its -shm."""
    with tmpfs(tmp_path / "disk", "8m") as disk:
        ws = _ws(disk)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        args = ("--workspace", str(ws))
        status = run("status", SLUG, "--json", *args, cwd=tmp_path)
        assert status.returncode == 0, status
        segments = run("segments", SLUG, *args, cwd=tmp_path)
        assert segments.returncode == 0 and len(segments.stdout.splitlines()) == 28
        proc = run("import", str(SEED_ARTICLE), "--slug", "again", *args, cwd=tmp_path)
        assert_one_line_error(proc, "is read-only")


# == a full disk ===============================================================================


@as_root
def test_a_full_disk_during_import_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "2m") as disk:
        ws = _ws(disk)
        big = long_article(tmp_path / "long.txt", 3000)
        before = dump(ws)
        filler = _fill(disk, keep=160 * 1024)  # room to open, not for 3,000 segments
        proc = run("import", str(big), "--slug", "long", "--workspace", str(ws), cwd=tmp_path)
        assert_one_line_error(proc, "is full")
        assert "nothing was written; free some space" in proc.stderr
        filler.unlink()
        assert dump(ws) == before  # nothing half-written
        proc = run("import", str(big), "--slug", "long", "--workspace", str(ws), cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        with open_store(ws) as store:
            assert len(store.segments("long")) == 3001
            assert store.integrity_check() == "ok"


@as_root
def test_a_full_disk_at_the_first_import_says_full_and_leaves_no_empty_file(
    tmp_path: Path,
) -> None:
    """It said 'not a workbench database', and left a 0-byte file behind."""
    with tmpfs(tmp_path / "disk", "256k") as disk:
        ws = disk / "ws"
        ws.mkdir()
        filler = _fill(disk)
        proc = run("import", str(SEED_ARTICLE), "--workspace", str(ws), cwd=tmp_path)
        assert_one_line_error(proc, "is full")
        assert list(ws.iterdir()) == []
        filler.unlink()
        proc = run("import", str(SEED_ARTICLE), "--workspace", str(ws), cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr


def test_the_database_page_limit_is_a_full_store_and_rolls_back(tmp_path: Path) -> None:
    """Anywhere (no root needed): SQLite's own size limit stands in for a full disk."""
    ws = _ws(tmp_path)
    segments = segment_text(read_article(long_article(tmp_path / "long.txt", 3000)))
    before = dump(ws)
    with open_store(ws) as store:
        raw = store.conn.connection.driver_connection
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
        raw.execute(f"PRAGMA max_page_count = {pages + 8}")
        with pytest.raises(StoreFullError, match=r"is full .*nothing was written"):
            store.import_article("long", segments, title="t", source_path="p", source_sha256="x")
        assert [a.slug for a in store.articles()] == [SLUG]
    assert dump(ws) == before


# == PostgreSQL: a server that is not there ====================================================


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://nobody:secret@127.0.0.1:{port}/workbench"
    proc = run("status", cwd=tmp_path, env={"WORKBENCH_DB": url})
    assert_one_line_error(
        proc, f"cannot reach the database postgresql://nobody:***@127.0.0.1:{port}"
    )
    assert "secret" not in proc.stderr


def test_a_missing_database_on_the_server_is_one_line(tmp_path: Path, postgres_cluster) -> None:
    url = postgres_cluster.url("no_such_database")
    proc = run("import", str(SEED_ARTICLE), cwd=tmp_path, env={"WORKBENCH_DB": url})
    assert_one_line_error(proc, "does not exist")


def test_an_unknown_database_url_is_one_line(tmp_path: Path) -> None:
    proc = run("status", cwd=tmp_path, env={"WORKBENCH_DB": "mysql://u@h/db"})
    assert_one_line_error(proc, "unsupported database mysql://")
