"""Roles on PostgreSQL: the privileges each workbench role has on each table, the login's
identity and role, ``workbench db grant`` / ``db roles``, and a refusal turned into a line
that names the role needed.

Revision 0005 makes the group roles, the row-level security policies and the triggers; the
table privileges live here, as data, and :func:`apply_grants` applies them after every
upgrade, so a table a later revision adds gets its privileges too (:data:`DEFAULT` unless it
is listed). Roles nest: a reviewer is also a translator, an admin also a reviewer. On SQLite
nothing here runs: roles are advisory there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.errors import InputError, PermissionDeniedError
from workbench.store.model import Member

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

ROLES = ("translator", "reviewer", "admin")
#: A login ``db grant`` accepts: a plain PostgreSQL name (quoted as an identifier anyway).
LOGIN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.@-]{0,62}")
_GROUP = {role: f"workbench_{role}" for role in ROLES}

_ALL = "SELECT, INSERT, UPDATE, DELETE"
#: table -> role -> privileges (added to those of the roles below it). The event log is
#: append-only; articles, segments, the glossary and imported TM are the admin's, but a
#: translator may mark a segment as page chrome (``kind_override``).
TABLE_PRIVILEGES: dict[str, dict[str, str]] = {
    "alembic_version": {"translator": "SELECT"},
    "article": {"translator": "SELECT", "admin": _ALL},
    "segment": {"translator": "SELECT, UPDATE (kind_override)", "admin": _ALL},
    "translation": {"translator": "SELECT, INSERT, UPDATE", "admin": _ALL},
    "event": {"translator": "SELECT, INSERT"},
    "glossary_term": {"translator": "SELECT", "admin": _ALL},
    "tm_pair": {"translator": "SELECT", "admin": _ALL},
    "ui_position": {"translator": _ALL},
    # "approve despite QA errors" is an approval: only a reviewer dismisses a finding
    "qa_dismissal": {"translator": "SELECT", "reviewer": _ALL},
}
#: A table of a later revision not listed above: every role reads and writes it.
DEFAULT = {"translator": _ALL}
#: What a table's writes are, for the line a refused write gets.
_WHAT = {
    "article": ("importing or changing articles", "admin"),
    "segment": ("importing or changing articles", "admin"),
    "glossary_term": ("changing the glossary", "admin"),
    "tm_pair": ("importing translation memory", "admin"),
    "qa_dismissal": ("approving despite QA errors", "reviewer"),
    "alembic_version": ("upgrading the database", "admin"),
    "workbench_grant": ("granting roles", "admin"),
}


def check_login(name: str) -> str:
    if not LOGIN_RE.fullmatch(name) or name.startswith(("workbench_", "pg_")):
        raise InputError(
            f"{name!r} is not a login name for workbench: use letters, digits and _ . @ - "
            "(up to 63, starting with a letter or _; not workbench_* or pg_*)"
        )
    return name


def check_role(role: str) -> str:
    if role not in (*ROLES, "none"):
        raise InputError(f"unknown role {role!r}: use translator, reviewer, admin or none")
    return role


def apply_grants(conn: Connection) -> None:
    """Every table's privileges for the three groups, from :data:`TABLE_PRIVILEGES` (run by
    the owner after each upgrade; revoking first, so a tightened rule applies)."""
    tables = [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    ]
    groups = ", ".join(_GROUP.values())
    for table in tables:
        quoted = _quote(table)
        conn.exec_driver_sql(f"REVOKE ALL ON {quoted} FROM {groups}")
        for role, privileges in TABLE_PRIVILEGES.get(table, DEFAULT).items():
            conn.exec_driver_sql(f"GRANT {privileges} ON {quoted} TO {_GROUP[role]}")
    sequences = conn.exec_driver_sql(
        "SELECT s.relname, t.relname FROM pg_class s"
        " JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a'"
        " JOIN pg_class t ON t.oid = d.refobjid"
        " WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace"
    ).all()
    for sequence, table in sequences:
        rules = TABLE_PRIVILEGES.get(table, DEFAULT)
        role = "translator" if "INSERT" in rules.get("translator", "") else "admin"
        conn.exec_driver_sql(f"REVOKE ALL ON SEQUENCE {_quote(sequence)} FROM {groups}")
        conn.exec_driver_sql(f"GRANT USAGE ON SEQUENCE {_quote(sequence)} TO {_GROUP[role]}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def identity(conn: Connection) -> tuple[str, str]:
    """(login, role): ``session_user`` and ``admin``, ``reviewer``, ``translator`` or
    ``none``."""
    row = conn.exec_driver_sql("SELECT session_user, workbench_role()").one()
    return str(row[0]), str(row[1])


def grant(conn: Connection, login: str, role: str) -> str:
    """Give ``login`` exactly ``role`` (``none`` takes every workbench role away), creating
    the login when it does not exist. Returns ``created``, ``granted`` or ``unknown``."""
    result = conn.exec_driver_sql(
        "SELECT workbench_grant(%(login)s, %(role)s)",
        {"login": check_login(login), "role": check_role(role)},
    ).scalar()
    return str(result)


def members(conn: Connection) -> list[Member]:
    """Every role that holds a workbench role, and the database owner (admin)."""
    rows = conn.exec_driver_sql(
        "WITH owner AS (SELECT relowner AS oid FROM pg_class"
        "  WHERE oid = to_regclass('translation'))"
        " SELECT u.rolname, CASE"
        "  WHEN u.rolsuper OR u.oid = (SELECT oid FROM owner)"
        "   OR pg_has_role(u.oid, 'workbench_admin', 'USAGE') THEN 'admin'"
        "  WHEN pg_has_role(u.oid, 'workbench_reviewer', 'USAGE') THEN 'reviewer'"
        "  ELSE 'translator' END,"
        " u.rolcanlogin, u.rolsuper, u.oid = (SELECT oid FROM owner)"
        " FROM pg_roles u"
        " WHERE u.rolname NOT IN ('workbench_translator', 'workbench_reviewer',"
        "  'workbench_admin') AND NOT starts_with(u.rolname, 'pg_')"
        "  AND (pg_has_role(u.oid, 'workbench_translator', 'USAGE')"
        "   OR u.oid = (SELECT oid FROM owner))"
        " ORDER BY 1"
    ).all()
    return [Member(r[0], r[1], bool(r[2]), bool(r[3]), bool(r[4])) for r in rows]


def approve_refused(login: str | None, role: str | None, where: str, what: str) -> str:
    who = f"{login} is {_article(role)}" if login else "this login has no workbench role"
    return (
        f"{what} needs the reviewer role: {who} on {where} "
        f"(an admin runs `workbench db grant {login or 'LOGIN'} --role reviewer`)"
    )


def _article(role: str | None) -> str:
    if role in (None, "none"):
        return "not a workbench member"
    return f"an {role}" if role == "admin" else f"a {role}"


def denial(
    message: str, login: str | None, role: str | None, where: str
) -> PermissionDeniedError | None:
    """The line for PostgreSQL's refusal ``message`` (SQLSTATE 42501), naming the role it
    takes; None when the message is not one of the refusals workbench expects."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    who = login or "this login"
    if "row-level security" in first:
        if '"ui_position"' in first:
            return PermissionDeniedError(f"{who} may change only their own review position")
        text = approve_refused(login, role, where, "approving or changing an approved segment")
        return PermissionDeniedError(text)
    if "version by one" in first:
        return PermissionDeniedError(f"{first} ({who} on {where})")
    found = re.search(r"permission denied for (?:table|function|sequence) (\w+)", first)
    if found is None:
        return None
    what, needed = _WHAT.get(found.group(1), ("using this workspace", "translator"))
    if role in (None, "none"):
        needed = "translator" if needed == "translator" else needed
        return PermissionDeniedError(
            f"{who} has no workbench role on {where}: {what} needs the {needed} role "
            f"(an admin runs `workbench db grant {who} --role {needed}`)"
        )
    return PermissionDeniedError(
        f"{what} needs the {needed} role: {who} is {_article(role)} on {where} "
        f"(an admin runs `workbench db grant {who} --role {needed}`)"
    )
