"""``workbench db upgrade|copy|grant|roles``: run the migrations the workspace's database
misses; copy the workspace into another database; give a PostgreSQL login a workbench role
and list who has one."""

from __future__ import annotations

import argparse

from workbench.cli.output import out
from workbench.errors import InputError


def run(args: argparse.Namespace) -> int:
    if args.action == "grant":
        return _grant(args)
    if args.action == "roles":
        return _roles(args)
    if args.action == "copy":
        return _copy(args)
    from workbench.store import resolve, upgrade_database

    before, after = upgrade_database(args.workspace)
    where = resolve(args.workspace).shown
    if before == after:
        out(f"{where}: up to date (revision {after})")
    else:
        out(f"{where}: upgraded from {before or 'the schema before migrations'} to {after}")
    return 0


def _grant(args: argparse.Namespace) -> int:
    from workbench.project import grant_role

    if not args.login or not args.role:
        raise InputError("db grant needs a LOGIN and --role translator|reviewer|admin|none")
    done = grant_role(args.workspace, args.login, args.role)
    if done.result == "unknown":
        out(f"{done.where}: no login {args.login}: nothing to take away")
    elif args.role == "none":
        out(f"{done.where}: {args.login} has no workbench role now")
    else:
        made = " (login created: set its password or authentication on the server)"
        out(f"{done.where}: {args.login} is {args.role} now" + (made if done.created else ""))
    return 0


def _roles(args: argparse.Namespace) -> int:
    from workbench.project import members

    where, found = members(args.workspace)
    out(f"{where}: {len(found)} with a workbench role")
    for m in found:
        notes = [n for n, on in (("owner", m.owner), ("superuser", m.superuser)) if on]
        if not m.can_login:
            notes.append("cannot log in")
        out(f"  {m.name}  {m.role}" + (f"  ({', '.join(notes)})" if notes else ""))
    return 0


def _copy(args: argparse.Namespace) -> int:
    from workbench.project import copy_database

    if not args.to:
        raise InputError("db copy needs --to URL (postgresql://USER@HOST/DB or sqlite:///PATH)")
    done = copy_database(args.workspace, args.to)
    total = sum(t.rows for t in done.tables)
    out(f"copied {done.source} into {done.target}: {total} rows, every table checked")
    for t in done.tables:
        out(f"  {t.name:<14} {t.rows:>8} rows  sha256 {t.sha256[:16]}")
    return 0
