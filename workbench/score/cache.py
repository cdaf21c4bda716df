"""A file of per-segment sufficient statistics, so re-scoring a mostly unchanged corpus only
computes the segments that changed.

sacreBLEU scores a corpus from the sum of per-segment statistics (BLEU's n-gram counts and
lengths, chrF's character n-gram counts, TER's edits and reference length); each depends only
on the (hypothesis, reference) pair and the metric's settings. An entry is keyed by the
metric's settings text (:func:`workbench.score.metrics.statistics_settings`: class, sacreBLEU
version, signature, every setting) and a 128-bit BLAKE2b hash of the pair, and holds the
statistics exactly: Python ints and floats with their types, so the corpus score summed from
cached entries is the cold run's to the last digit.

The file is SQLite, marked with an application id so a foreign database is never written.
Each value carries a CRC-32 over its key and its bytes: a corrupted entry is a miss, never a
wrong score. Any problem with the file (not a cache, unreadable, locked, corrupted) turns the
cache off for the run with one notice in :attr:`StatsCache.notices`; scoring goes on without.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

#: "WBSC" in ``PRAGMA application_id``: this file is a workbench score cache.
APPLICATION_ID = 0x57425343
SCHEMA_VERSION = 1
#: The file's name in the workspace when no ``--cache FILE`` is given.
DEFAULT_NAME = "score-cache.sqlite"
#: Keys per SELECT (SQLite's default bound on host parameters is 32,766).
_BATCH = 900
_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS entry (
    settings INTEGER NOT NULL,
    pair BLOB NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (settings, pair)
) WITHOUT ROWID;
"""

Statistics = list[Any]


def pair_key(hyp: str, ref: str) -> bytes:
    """128-bit BLAKE2b of the pair, each text length-prefixed (so "a"+"bc" != "ab"+"c")."""
    digest = hashlib.blake2b(digest_size=16, person=b"wb-score-pair")
    for text in (hyp, ref):
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.digest()


def _tag(value: object) -> str | None:
    if type(value) is float:
        return "d"
    if type(value) is int:
        return "H" if 0 <= value < 1 << 16 else "q" if -(1 << 63) <= value < 1 << 63 else None
    return None  # bools, numpy scalars, ...: not stored, computed every time


@lru_cache(maxsize=256)
def _struct(tags: str) -> struct.Struct:
    return struct.Struct("<" + tags)


def encode(stats: Statistics) -> bytes | None:
    """``len, type tags, values``: ints and floats round-trip exactly, with their types.
    None for statistics this format cannot hold (they are then simply not cached)."""
    tags = [_tag(v) for v in stats]
    if len(stats) > 255 or any(t is None for t in tags):
        return None
    text = "".join(t for t in tags if t)
    return bytes([len(stats)]) + text.encode("ascii") + _struct(text).pack(*stats)


def decode(payload: bytes) -> Statistics:
    count = payload[0]
    tags = payload[1 : 1 + count].decode("ascii")
    return list(_struct(tags).unpack(payload[1 + count :]))


def _checksum(scope: bytes, pair: bytes, payload: bytes) -> bytes:
    return zlib.crc32(payload, zlib.crc32(pair, zlib.crc32(scope))).to_bytes(4, "little")


class StatsCache:
    """Per-segment statistics in one SQLite file. Open with :meth:`open`; close when done.

    The file is created at the first store, so a run that fails before computing anything
    leaves nothing behind. Never raises for a problem with the file: it records one notice
    and behaves as an empty cache that stores nothing for the rest of the run.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        self._conn: sqlite3.Connection | None = None
        self._failed = False
        self._ids: dict[str, int] = {}
        self.hits = 0
        self.misses = 0
        self.corrupted = 0

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> StatsCache:
        cache = cls(Path(path))
        if cache.path.exists():
            cache._connection(create=False)
        return cache

    def _connection(self, *, create: bool) -> sqlite3.Connection | None:
        if self._conn is None and not self._failed and (create or self.path.exists()):
            try:
                self._conn = self._connect()
            except (sqlite3.Error, OSError) as error:
                self._fail(f"cannot use it ({_reason(error)})")
        return self._conn

    def _connect(self) -> sqlite3.Connection | None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            app, version = (
                conn.execute("PRAGMA application_id").fetchone()[0],
                conn.execute("PRAGMA user_version").fetchone()[0],
            )
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app == 0 and version == 0 and tables == 0:  # a new (or empty) file: ours now
                conn.executescript(
                    f"PRAGMA application_id = {APPLICATION_ID};"
                    f"PRAGMA user_version = {SCHEMA_VERSION};" + _SCHEMA
                )
                return conn
            if app != APPLICATION_ID:
                reason = "it is not a workbench score cache: give another --cache file"
            elif version != SCHEMA_VERSION:
                reason = f"it has cache format {version}, this workbench reads {SCHEMA_VERSION}"
            else:
                return conn
        except sqlite3.Error:
            conn.close()
            raise
        conn.close()
        self._fail(reason)
        return None

    def _fail(self, reason: str) -> None:
        message = f"score cache {self.path}: {reason}; scoring without the cache"
        if message not in self.notices:
            self.notices.append(message)
        self._failed = True
        if self._conn is not None:
            self._conn.close()
        self._conn = None

    @property
    def usable(self) -> bool:
        """False once the file has proved unusable for this run."""
        return not self._failed

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> StatsCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _settings_id(self, conn: sqlite3.Connection, settings: str, *, create: bool) -> int | None:
        if settings in self._ids:
            return self._ids[settings]
        row = conn.execute("SELECT id FROM settings WHERE text = ?", (settings,)).fetchone()
        if row is None and create:
            row = (conn.execute("INSERT INTO settings (text) VALUES (?)", (settings,)).lastrowid,)
        if row is None:
            return None
        self._ids[settings] = int(row[0])
        return self._ids[settings]

    def lookup(self, settings: str, keys: Sequence[bytes]) -> dict[bytes, Statistics]:
        """The stored statistics of those pair keys (a subset: missing ones are misses)."""
        conn = self._connection(create=False)
        if conn is None:
            self.misses += len(set(keys))
            return {}
        try:
            found = self._lookup(conn, settings, keys)
        except sqlite3.Error as error:
            self._fail(f"cannot read it ({_reason(error)}); delete it to start a new cache")
            return {}
        self.hits += len(found)
        self.misses += len(set(keys)) - len(found)
        return found

    def _lookup(
        self, conn: sqlite3.Connection, settings: str, keys: Sequence[bytes]
    ) -> dict[bytes, Statistics]:
        sid = self._settings_id(conn, settings, create=False)
        if sid is None:
            return {}
        scope = settings.encode("utf-8")
        found: dict[bytes, Statistics] = {}
        bad = 0
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            rows = conn.execute(
                f"SELECT pair, value FROM entry WHERE settings = ? AND pair IN ({marks})",
                (sid, *batch),
            )
            for pair, value in rows:
                stats = _verified(scope, pair, value)
                if stats is None:
                    bad += 1
                else:
                    found[pair] = stats
        if bad:
            self.corrupted += bad
            message = f"score cache {self.path}: {bad} corrupted entries ignored and computed again"
            if message not in self.notices:
                self.notices.append(message)
        return found

    def store(self, settings: str, items: Iterable[tuple[bytes, Statistics]]) -> None:
        """Adds (or replaces) entries, in one transaction."""
        if self._failed:
            return
        scope = settings.encode("utf-8")
        rows = []
        for pair, stats in items:
            payload = encode(stats)
            if payload is not None:
                rows.append((pair, _checksum(scope, pair, payload) + payload))
        conn = self._connection(create=True) if rows else None
        if conn is None:
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                sid = self._settings_id(conn, settings, create=True)
                conn.executemany(
                    "INSERT OR REPLACE INTO entry (settings, pair, value) VALUES (?, ?, ?)",
                    [(sid, pair, value) for pair, value in rows],
                )
            except BaseException:
                conn.execute("ROLLBACK")
                self._ids.pop(settings, None)
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            self._fail(f"cannot write it ({_reason(error)})")


def _verified(scope: bytes, pair: object, value: object) -> Statistics | None:
    if not isinstance(pair, bytes) or not isinstance(value, bytes) or len(value) < 6:
        return None
    check, payload = value[:4], value[4:]
    if _checksum(scope, pair, payload) != check:
        return None
    try:
        return decode(payload)
    except (struct.error, UnicodeDecodeError, IndexError):
        return None


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(str(error).split()) or type(error).__name__
