"""The command line's entry point: parse, run the command's handler, turn errors into one line.

A user error (:class:`~workbench.errors.WorkbenchError`, among them every database failure the
store reports, or a path the system refuses) prints one line on stderr and exits 2 (the
error's own code for gates and conflicts); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
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


def _use_database(url: str | None) -> None:
    """``--db URL`` stands for ``$WORKBENCH_DB`` in this process (and the ones it starts), so
    every store any use case opens is that database. A URL of another kind is one line now,
    before anything runs. (The store turns every driver error into a one-line StoreError:
    no sqlite3 or psycopg exception reaches this module.)"""
    if url is None:
        return
    from workbench.store import DB_ENV, resolve

    resolve(None, url)
    os.environ[DB_ENV] = url


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    name: str | None = getattr(args, "handler", None)
    if name is None:
        parser.print_help()
        return 2
    try:
        _use_database(args.db)
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
