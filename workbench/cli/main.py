"""The command line's entry point: parse, run the command's handler, turn errors into one line.

A user error (:class:`~workbench.errors.WorkbenchError`, a path the system refuses, a damaged
database) prints one line on stderr and exits 2 (the error's own code for gates and conflicts);
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence

from workbench.cli.output import error
from workbench.cli.parser import build_parser
from workbench.errors import WorkbenchError

Handler = Callable[[argparse.Namespace], int]


def _handler(name: str) -> Handler:
    """``"listing:status"`` → ``workbench.cli.listing.status``."""
    module, _, function = name.partition(":")
    handler: Handler = getattr(importlib.import_module(f"workbench.cli.{module}"), function)
    return handler


def _os_error(exc: OSError) -> int:
    """A path the user gave that the system refuses (name too long, a file where a folder
    should be, a folder where a file should be): one line, like any user error."""
    where = "".join(
        ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(exc.filename2 or exc.filename)
    )
    error(f"workbench: error: cannot use {where}: {exc.strerror or exc}: check the path")
    return 2


def _damaged_database(exc: Exception, workspace: str | None) -> int | None:
    """A damaged database file is something the user must repair: one line; None for any
    other error (a bug)."""
    import sqlite3

    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if not isinstance(exc, sqlite3.DatabaseError) or code not in (
        sqlite3.SQLITE_CORRUPT,
        sqlite3.SQLITE_NOTADB,
    ):
        return None
    from workbench.store import database_path

    path = database_path(workspace)
    error(
        f"workbench: error: the workspace database {path} is damaged ({exc}): restore it "
        f"from a backup, or salvage it with `sqlite3 {path} .recover`"
    )
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    name: str | None = getattr(args, "handler", None)
    if name is None:
        parser.print_help()
        return 2
    try:
        return _handler(name)(args)
    except WorkbenchError as exc:
        error("workbench: error: " + str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        error("workbench: interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if exc.filename is None:
            raise
        return _os_error(exc)
    except Exception as exc:
        code = _damaged_database(exc, args.workspace)
        if code is None:
            raise
        return code
