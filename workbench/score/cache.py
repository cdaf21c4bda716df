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
Each entry carries a 64-bit BLAKE2b over its settings, key and value: a corrupted entry is a
miss, never a wrong score. Any problem with the file (not a cache, unreadable, locked,
corrupted) turns the cache off for the run with one notice in :attr:`StatsCache.notices`;
scoring goes on without.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: "WBSC" in ``PRAGMA application_id``: this file is a workbench score cache.
APPLICATION_ID = 0x57425343
SCHEMA_VERSION = 1
#: The file's name in the workspace when no ``--cache FILE`` is given.
DEFAULT_NAME = "score-cache.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS entry (
    settings INTEGER NOT NULL,
    pair BLOB NOT NULL,
    check_ INTEGER NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (settings, pair)
) WITHOUT ROWID;
"""

Statistics = list[Any]


def pair_key(hyp: str, ref: str) -> bytes:
    """128-bit BLAKE2b of the pair; the hypothesis is length-prefixed ("a"+"bc" != "ab"+"c")."""
    first = hyp.encode("utf-8", "surrogatepass")
    data = len(first).to_bytes(8, "little") + first + ref.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16, person=b"wb-score-pair").digest()


_SHORT = 1 << 16
_LONG = 1 << 63


def _tags(stats: Statistics) -> bytes | None:
    """One struct code per value: ``H`` (every int in 0..65535: BLEU's and chrF's counts),
    ``q`` (other 64-bit ints), ``d`` (floats); None for anything else (bools, numpy
    scalars, huge ints), which is then computed every time instead of cached."""
    kinds = set(map(type, stats))
    if kinds == {int}:
        low, high = min(stats), max(stats)
        if low >= 0 and high < _SHORT:
            return b"H" * len(stats)
        return b"q" * len(stats) if low >= -_LONG and high < _LONG else None
    if not kinds <= {int, float}:
        return None
    codes = []
    for value in stats:
        if type(value) is float:
            codes.append(b"d")
        elif -_LONG <= value < _LONG:
            codes.append(b"H" if 0 <= value < _SHORT else b"q")
        else:
            return None
    return b"".join(codes)


_STRUCTS: dict[bytes, struct.Struct] = {}


def _layout(tags: bytes) -> struct.Struct:
    layout = _STRUCTS.get(tags)
    if layout is None:
        layout = _STRUCTS[tags] = struct.Struct("<" + tags.decode("ascii"))
    return layout


def encode(stats: Statistics) -> bytes | None:
    """``len, type tags, values``: ints and floats round-trip exactly, with their types.
    None for statistics this format cannot hold (they are then simply not cached)."""
    tags = _tags(stats) if len(stats) < 256 else None
    if tags is None:
        return None
    return bytes([len(stats)]) + tags + _layout(tags).pack(*stats)


def decode(payload: bytes) -> Statistics:
    """The statistics of :func:`encode`'s bytes; raises ``struct.error``, ``ValueError`` or
    ``IndexError`` for bytes it did not write."""
    count = payload[0]
    return list(_layout(payload[1 : 1 + count]).unpack_from(payload, 1 + count))


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
                return _tuned(conn)
            if app != APPLICATION_ID:
                reason = "it is not a workbench score cache: give another --cache file"
            elif version != SCHEMA_VERSION:
                reason = f"it has cache format {version}, this workbench reads {SCHEMA_VERSION}"
            else:
                return _tuned(conn)
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

    def lookup(
        self, settings: Sequence[str], keys: Sequence[bytes]
    ) -> dict[str, dict[bytes, Statistics]]:
        """For each settings text, the stored statistics of those (distinct) pair keys: a
        subset, the missing ones are misses. The keys go to a temporary table once; each
        metric is then one indexed join."""
        found: dict[str, dict[bytes, Statistics]] = {s: {} for s in settings}
        conn = self._connection(create=False) if keys else None
        if conn is not None:
            try:
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (pair BLOB NOT NULL)")
                conn.execute("DELETE FROM temp.wanted")
                conn.executemany("INSERT INTO temp.wanted (pair) VALUES (?)", ((k,) for k in keys))
                for text in settings:
                    found[text] = self._read(conn, text)
                conn.execute("DELETE FROM temp.wanted")
            except sqlite3.Error as error:
                self._fail(f"cannot read it ({_reason(error)}); delete it to start a new cache")
                found = {s: {} for s in settings}
        got = sum(len(f) for f in found.values())
        self.hits += got
        self.misses += len(keys) * len(settings) - got
        return found

    def _read(self, conn: sqlite3.Connection, settings: str) -> dict[bytes, Statistics]:
        sid = self._settings_id(conn, settings, create=False)
        if sid is None:
            return {}
        rows = conn.execute(
            "SELECT e.pair, e.check_, e.value FROM temp.wanted AS w"
            " JOIN entry AS e ON e.settings = ? AND e.pair = w.pair",
            (sid,),
        )
        scope = _scope(settings)
        found: dict[bytes, Statistics] = {}
        bad = 0
        for pair, check, value in rows:
            stats = _verified(scope, pair, check, value)
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
        scope = _scope(settings)
        rows = []
        for pair, stats in sorted(items, key=lambda item: item[0]):  # in key order: locality
            payload = encode(stats)
            if payload is not None:
                rows.append((pair, _check(scope, pair, payload), payload))
        conn = self._connection(create=True) if rows else None
        if conn is None:
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                sid = self._settings_id(conn, settings, create=True)
                conn.executemany(
                    "INSERT OR REPLACE INTO entry (settings, pair, check_, value)"
                    " VALUES (?, ?, ?, ?)",
                    [(sid, *row) for row in rows],
                )
            except BaseException:
                conn.execute("ROLLBACK")
                self._ids.pop(settings, None)
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            self._fail(f"cannot write it ({_reason(error)})")


def _tuned(conn: sqlite3.Connection) -> sqlite3.Connection:
    """WAL (a write appends; readers go on), the wanted-keys table in memory, 64 MB of page
    cache: measured at 300,000 entries, random-order inserts through the default rollback
    journal took 14.5 s for 3 s of CPU, and the lookup's temporary table went to disk."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def _scope(settings: str) -> bytes:
    return hashlib.blake2b(settings.encode("utf-8"), digest_size=16).digest()


def _check(scope: bytes, pair: bytes, payload: bytes) -> int:
    """64-bit BLAKE2b of the settings, the pair key and the value, as a signed integer."""
    digest = hashlib.blake2b(scope + pair + payload, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _verified(scope: bytes, pair: object, check: object, value: object) -> Statistics | None:
    """The statistics of a stored entry, or None when it fails its check or does not decode."""
    if not isinstance(pair, bytes) or not isinstance(value, bytes) or not value:
        return None
    if _check(scope, pair, value) != check:
        return None
    try:
        return decode(value)
    except (struct.error, ValueError, IndexError):
        return None


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(str(error).split()) or type(error).__name__
