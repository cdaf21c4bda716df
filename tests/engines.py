"""The two store engines in the tests: a throwaway PostgreSQL cluster, fresh databases, and
engine-neutral ways to look into a store from outside (counts, content dumps).

The cluster: Debian's ``initdb`` / ``pg_ctl`` (``/usr/lib/postgresql/<v>/bin``) run as the
``postgres`` user (the server refuses root) on a temporary data directory, listening on a free
port of 127.0.0.1 and a socket folder of its own; ``fsync`` is off (the tests kill clients,
never the server). ``WORKBENCH_TEST_POSTGRES_URL`` (an admin login, e.g.
``postgresql://postgres@127.0.0.1:5432/postgres``) uses a running server instead. Without
either the PostgreSQL variants are skipped with one warning, unless
``WORKBENCH_REQUIRE_SERVICES=1`` (CI), where a missing server fails the run.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

URL_ENV = "WORKBENCH_TEST_POSTGRES_URL"
REQUIRE_ENV = "WORKBENCH_REQUIRE_SERVICES"
TABLES = ("article", "segment", "translation", "event")
_names = itertools.count(1)


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return found[0].parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running server and an admin URL (database ``postgres``)."""

    admin_url: str
    data_dir: Path | None = None
    bin_dir: Path | None = None
    created: list[str] = field(default_factory=list)

    def url(self, database: str) -> str:
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{database}"

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(self.admin_url, autocommit=True)

    def create_database(self) -> str:
        name = f"wbtest_{os.getpid()}_{next(_names)}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        self.created.append(name)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rpartition("/")[2]
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.data_dir is None or self.bin_dir is None:  # a server we did not start
            for name in self.created:
                self.drop_database(self.url(name))
            return
        _as_postgres([str(self.bin_dir / "pg_ctl"), "stop", "-D", str(self.data_dir), "-m", "fast"])
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def _as_postgres(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)


def start_cluster() -> tuple[Cluster | None, str]:
    """A server for the tests, or None and why not."""
    given = os.environ.get(URL_ENV)
    if given:
        return Cluster(given), ""
    bin_dir = _bin_dir()
    if bin_dir is None:
        return None, "no PostgreSQL server binaries (apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            return None, "no postgres user to run the server as"
    else:
        user = pwd.getpwuid(os.geteuid())
    root = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    for path in (root, sockets):
        os.chown(path, user.pw_uid, user.pw_gid)
    port = _free_port()
    settings = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets}"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        " -c max_connections=200 -c shared_buffers=32MB"
    )
    try:
        _as_postgres(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        )  # fmt: skip
        _as_postgres(
            [str(bin_dir / "pg_ctl"), "start", "-w", "-D", str(data), "-o", settings,
             "-l", str(root / "server.log")]
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        log = root / "server.log"
        tail = log.read_text(errors="replace")[-400:] if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        return None, f"the PostgreSQL test cluster did not start: {exc.stderr.strip()} {tail}"
    return Cluster(f"postgresql://postgres@127.0.0.1:{port}/postgres", data, bin_dir), ""


# -- looking into a store from outside ----------------------------------------------------------


def db_url(ws: Path) -> str:
    """The SQLAlchemy URL of the store a test's workspace uses (``$WORKBENCH_DB`` or its file)."""
    url = os.environ.get("WORKBENCH_DB")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{ws / 'workbench.db'}"


_engines: dict[str, Any] = {}


@contextlib.contextmanager
def connect(ws: Path) -> Iterator[Any]:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    url = db_url(ws)
    if url not in _engines:
        _engines[url] = create_engine(url, poolclass=NullPool)
    with _engines[url].connect() as conn:
        yield conn


def count(ws: Path, sql: str, **params: object) -> int:
    from sqlalchemy import text

    with connect(ws) as conn:
        return int(conn.execute(text(sql), params).scalar() or 0)


def dump(ws: Path) -> str:
    """Every row of the store's tables, in key order: what it holds, whatever the engine."""
    from sqlalchemy import text

    lines = []
    with connect(ws) as conn:
        for table in TABLES:
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2, 3")):
                lines.append(f"{table} {tuple(row)!r}")
    return "\n".join(lines)


def engine_name() -> str:
    return "postgresql" if os.environ.get("WORKBENCH_DB") else "sqlite"
