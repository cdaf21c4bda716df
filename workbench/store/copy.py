"""``workbench db copy``: a whole workspace from one database into a new, empty one (SQLite to
PostgreSQL, back, or between two of the same kind), proven exact.

The source is read in one snapshot (a SQLite read transaction; REPEATABLE READ on
PostgreSQL), every table of the schema in dependency order with its ids as they are, so the
event log, undo history and change-feed order survive. The destination is written in one
transaction, read back inside it and compared with the source table by table (row count and
a SHA-256 of every row in key order, values as the store reads them, floats bit for bit);
any difference rolls the whole copy back. PostgreSQL's id sequences then continue after the
copied ids. On PostgreSQL the copy is the work of an admin (the database owner, or a login
with the admin role): the server refuses anyone else.

Roles (PostgreSQL logins) belong to the server, not to the workspace: they are not copied.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, insert, select

from workbench.errors import InputError, StoreError
from workbench.store.schema import metadata

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from workbench.store.store import SQLStore

#: Rows per INSERT and per fetch.
CHUNK = 1000


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table of a copy: its rows and the digest both databases agree on."""

    name: str
    rows: int
    sha256: str


def tables() -> list[Table]:
    """The workspace's tables, parents before children."""
    return list(metadata.sorted_tables)


def _value(value: Any) -> Any:
    """A value as the digest sees it: a float bit for bit, anything else as JSON has it."""
    return {"float": value.hex()} if isinstance(value, float) else value


def _rows(conn: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    """The table's rows in key order, a chunk at a time."""
    key = list(table.primary_key.columns) or list(table.c)
    result = conn.execute(select(*table.c).order_by(*key)).mappings()
    while chunk := result.fetchmany(CHUNK):
        yield [dict(row) for row in chunk]


def digest(conn: Connection, table: Table) -> tuple[int, str]:
    """(rows, SHA-256 of every row in key order)."""
    h = hashlib.sha256()
    count = 0
    for chunk in _rows(conn, table):
        for row in chunk:
            values = [_value(row[c.name]) for c in table.c]
            h.update(json.dumps(values, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            h.update(b"\n")
            count += 1
    return count, h.hexdigest()


@contextmanager
def snapshot(store: SQLStore) -> Iterator[Connection]:
    """One consistent view of the whole source database."""
    if store.engine_name != "postgresql":
        with store._read() as conn:
            yield conn
        return
    conn = store.conn
    conn.execution_options(isolation_level="REPEATABLE READ")
    try:
        with store._guard(), conn.begin():
            yield conn
    finally:
        conn.execution_options(isolation_level="AUTOCOMMIT")


def _refuse_unless_empty(conn: Connection, where: str) -> None:
    held = {t.name: conn.execute(select(func.count()).select_from(t)).scalar() for t in tables()}
    held = {name: n for name, n in held.items() if n}
    if held:
        what = ", ".join(f"{n} {name} rows" for name, n in held.items())
        raise InputError(
            f"{where} already holds a workspace ({what}): copy into a new, empty database "
            "(nothing was written)"
        )


def _continue_ids(conn: Connection) -> None:
    """PostgreSQL: each id sequence goes on after the largest copied id."""
    if conn.dialect.name != "postgresql":
        return  # SQLite's INTEGER PRIMARY KEY continues after the largest rowid anyway
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not key[0].autoincrement or key[0].type.python_type is not int:
            continue
        name, column = table.name, key[0].name
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', '{column}'),"
            f" COALESCE((SELECT max({column}) FROM {name}), 0) + 1, false)"
        )


def copy_into(source: SQLStore, target: SQLStore) -> list[TableCopy]:
    """Copy every row of ``source`` into the empty ``target`` and prove it (module doc)."""
    if source.location == target.location:
        raise InputError(f"db copy: {source.location} is the database being copied")
    copied: list[TableCopy] = []
    with snapshot(source) as reading, target._write() as writing:
        _refuse_unless_empty(writing, target.location)
        for table in tables():
            rows, sha = digest(reading, table)
            for chunk in _rows(reading, table):
                writing.execute(insert(table), chunk)
            got = digest(writing, table)
            if got != (rows, sha):
                raise StoreError(
                    f"db copy: table {table.name} differs after the copy ({rows} rows "
                    f"{sha[:12]} in {source.location}, {got[0]} rows {got[1][:12]} in "
                    f"{target.location}): nothing was written"
                )
            copied.append(TableCopy(table.name, rows, sha))
        _continue_ids(writing)
    return copied
