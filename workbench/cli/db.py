"""``workbench db upgrade``: run the migrations the workspace's database misses."""

from __future__ import annotations

import argparse

from workbench.cli.output import out


def run(args: argparse.Namespace) -> int:
    from workbench.store import resolve, upgrade_database

    before, after = upgrade_database(args.workspace)
    where = resolve(args.workspace).shown
    if before == after:
        out(f"{where}: up to date (revision {after})")
    else:
        out(f"{where}: upgraded from {before or 'the schema before migrations'} to {after}")
    return 0
