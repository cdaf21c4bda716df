"""Where a workspace lives: its folder, its database (a SQLite file or a server URL), slugs.

No SQLAlchemy here: ``workbench --version`` and every command's argument checks import this.
The database comes from ``--db URL``, else ``$WORKBENCH_DB``, else the SQLite file
``<workspace>/workbench.db``. The workspace folder (``--workspace``, ``$WORKBENCH_HOME``,
``./.workbench``) still holds the files beside the database (glossary, UI state) whatever the
engine.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from workbench import settings
from workbench.errors import InputError

DB_NAME = settings.DB_FILE
DEFAULT_DIR = settings.DEFAULT_WORKSPACE
DB_ENV = "WORKBENCH_DB"
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")

#: URL schemes accepted for ``--db``, and the SQLAlchemy driver each one means.
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved database: ``engine`` is ``sqlite`` or ``postgresql``; ``url`` is what
    SQLAlchemy connects to; ``shown`` is safe to print (no password); ``path`` is the SQLite
    file (None on a server); ``workspace`` is the folder for the files beside the database."""

    engine: str
    url: str
    shown: str
    path: Path | None
    workspace: Path


def workspace_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--workspace DIR``, else ``$WORKBENCH_HOME``, else ``./.workbench``."""
    return settings.load().workspace_dir(explicit)


def database_path(workspace: str | os.PathLike[str] | None = None) -> Path:
    """The default SQLite file of a workspace (used when no ``--db`` / ``$WORKBENCH_DB``)."""
    return settings.load().workspace(workspace).database


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def resolve(workspace: str | os.PathLike[str] | None = None, db_url: str | None = None) -> Location:
    """The database a command uses: ``db_url`` (``--db``), else ``$WORKBENCH_DB``, else the
    workspace's SQLite file. Raises InputError for a URL of another kind."""
    config = settings.load()
    folder = config.workspace_dir(workspace)
    url = db_url if db_url is not None else config.database_url
    if url is None:
        path = folder / DB_NAME
        return Location("sqlite", f"sqlite:///{path}", str(path), path, folder)
    if any(ch in url for ch in "\r\n\x00"):
        raise InputError("the database URL holds a line break or NUL: check --db / WORKBENCH_DB")
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise InputError(
            f"{_redact(url)!r} is not a database URL: use sqlite:///PATH or "
            "postgresql://USER@HOST/DBNAME (--db or WORKBENCH_DB)"
        )
    scheme = scheme.lower()
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise InputError(
                f"{url!r}: a SQLite URL names a file, sqlite:///relative/path.db or "
                "sqlite:////absolute/path.db"
            )
        path = Path(rest[1:])
        return Location("sqlite", f"sqlite:///{path}", str(path), path, folder)
    if scheme in _POSTGRES_SCHEMES:
        full = f"postgresql+psycopg://{rest}"
        return Location("postgresql", full, _redact(f"postgresql://{rest}"), None, folder)
    raise InputError(
        f"unsupported database {scheme}:// in {_redact(url)!r}: use sqlite:///PATH or "
        "postgresql://USER@HOST/DBNAME"
    )


def check_slug(slug: str) -> str:
    if not SLUG_RE.fullmatch(slug):
        raise InputError(
            f"invalid slug {slug!r}: use 1-64 lowercase letters, digits and hyphens, "
            "starting with a letter or digit"
        )
    return slug


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:64].rstrip("-")
