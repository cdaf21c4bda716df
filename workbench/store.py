"""The project store: one SQLite file per workspace (WAL, foreign keys on).

All SQL of the project lives in this module, written portably (``?`` parameters,
``INSERT ... ON CONFLICT``, no SQLite-only functions in queries) so a PostgreSQL
store can replace it later. Every user action is one transaction: a crash loses
at most what was not yet handed to the store, never a saved or approved segment.

Translation status flows ``pending -> machine -> edited -> approved``. Every
write bumps ``version``; writers pass the version they read and get a
:class:`~workbench.errors.ConflictError` when another writer came first.
Every change is recorded in ``event`` (before/after as JSON), which also drives
per-segment undo and redo across restarts.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import settings
from workbench.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    StoreError,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
    WorkbenchError,
)
from workbench.tm import TMEntry

if TYPE_CHECKING:
    from workbench.segment import Segment

DB_NAME = settings.DB_FILE
DEFAULT_DIR = settings.DEFAULT_WORKSPACE
BUSY_TIMEOUT_S = 15.0
STATUSES = ("pending", "machine", "edited", "approved")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

#: Each entry upgrades the schema by one ``PRAGMA user_version``.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE article (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        source_lang TEXT NOT NULL,
        source_path TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE TABLE segment (
        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('content', 'title', 'chrome')),
        kind_override TEXT CHECK (kind_override IN ('content', 'title', 'chrome')),
        chrome_reason TEXT,
        source TEXT NOT NULL,
        removed_at TEXT,
        PRIMARY KEY (article_id, id)
    );
    CREATE INDEX segment_position ON segment (article_id, position);
    CREATE TABLE translation (
        article_id INTEGER NOT NULL,
        segment_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        mt TEXT,
        mt_model TEXT,
        pivot TEXT,
        alternatives TEXT NOT NULL DEFAULT '[]',
        origin TEXT,
        target TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('pending', 'machine', 'edited', 'approved')),
        version INTEGER NOT NULL DEFAULT 0,
        reviewer TEXT,
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        edit_seconds REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (article_id, segment_id, lang),
        FOREIGN KEY (article_id, segment_id) REFERENCES segment (article_id, id)
            ON DELETE CASCADE
    );
    CREATE TABLE event (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        segment_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        action TEXT NOT NULL,
        before TEXT,
        after TEXT,
        reviewer TEXT,
        at TEXT NOT NULL
    );
    CREATE INDEX event_segment ON event (article_id, segment_id, lang, id);
    """,
    # 2: translation-memory matches offered beside the machine translation.
    """
    ALTER TABLE translation ADD COLUMN matches TEXT NOT NULL DEFAULT '[]';
    """,
)

#: Reviewer actions on a target that undo can step back through (machine writes are not:
#: undo stops at the MT the reviewer started from).
UNDOABLE = frozenset({"edit", "approve", "unapprove", "revert", "import-po", "import-xliff"})


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    slug: str
    title: str
    source_lang: str
    source_path: str
    source_sha256: str
    imported_at: str


@dataclass(frozen=True, slots=True)
class StoredSegment:
    id: str
    position: int
    paragraph: int
    kind: str  # effective kind: the reviewer's override, else the segmenter's
    detected_kind: str
    reason: str | None
    source: str
    removed: bool

    @property
    def translatable(self) -> bool:
        return self.kind != "chrome" and not self.removed


@dataclass(frozen=True, slots=True)
class Translation:
    segment_id: str
    lang: str
    mt: str | None
    mt_model: str | None
    pivot: str | None
    alternatives: tuple[str, ...]
    origin: str | None
    target: str
    status: str
    version: int
    reviewer: str | None
    note: str
    updated_at: str
    edit_seconds: float
    matches: tuple[dict[str, Any], ...] = ()  # TM fuzzy matches (tm.TMMatch.to_json())


@dataclass(frozen=True, slots=True)
class Row:
    """A segment with its translation in one language (None when never translated)."""

    segment: StoredSegment
    translation: Translation | None

    @property
    def status(self) -> str:
        return self.translation.status if self.translation else "pending"


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    segment_id: str
    lang: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reviewer: str | None
    at: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    article: Article
    created: bool
    added: int
    kept: int
    removed: int
    restored: int


@dataclass(frozen=True, slots=True)
class MTWrite:
    """Machine output for one segment, as the translate step hands it to the store."""

    segment_id: str
    mt: str
    model: str
    pivot: str | None = None
    alternatives: tuple[str, ...] = ()
    origin: str = "mt"  # "mt" or "tm" (an exact translation-memory match used instead of MT)
    matches: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class TargetWrite:
    """A target written by a batch (PO import): ``status`` is ``approved`` or ``edited``."""

    segment_id: str
    target: str
    status: str
    expected_version: int | None


@dataclass(frozen=True, slots=True)
class ArticleStatus:
    article: Article
    kinds: dict[str, int]
    removed: int
    langs: dict[str, dict[str, int]]  # lang -> status -> count (translatable segments)
    demo_mt: dict[str, int]  # lang -> unreviewed segments whose target is demo-model output


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def workspace_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--workspace DIR``, else ``$WORKBENCH_HOME``, else ``./.workbench``."""
    return settings.load().workspace_dir(explicit)


def check_slug(slug: str) -> str:
    if not SLUG_RE.match(slug):
        raise InputError(
            f"invalid slug {slug!r}: use 1-64 lowercase letters, digits and hyphens, "
            "starting with a letter or digit"
        )
    return slug


def slugify(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:64].rstrip("-")


def _check_text(text: str, segment_id: str, lang: str) -> None:
    """Targets must be storable UTF-8 (a lone surrogate is not) and free of NUL."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"segment {segment_id} ({lang}): the text holds an invalid character "
            f"(U+{ord(text[exc.start]):04X}); remove it and save again"
        ) from exc
    if "\x00" in text:
        raise InputError(f"segment {segment_id} ({lang}): the text holds a NUL character")


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(value: str | None) -> dict[str, Any] | None:
    return None if value is None else json.loads(value)


class Store:
    """An open workspace. Use :func:`open_store` (or the class as a context manager)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._article_ids: dict[str, int] = {}

    # -- lifecycle -------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with BEGIN IMMEDIATE so writers queue on the
        busy timeout instead of failing half-way with 'database is locked'."""
        conn = self.conn
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise StoreLockedError(
                        f"the workspace {self.path} is locked by another process for more "
                        f"than {BUSY_TIMEOUT_S:.0f} s: close it there and retry"
                    ) from exc
                time.sleep(0.05)
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:  # a failed COMMIT (a full disk) may have ended it already
                conn.execute("ROLLBACK")
            error = _store_error(exc, self.path)
            if error is not None:
                raise error from exc
            raise

    # -- articles --------------------------------------------------------------

    def _article_row(self, row: Sequence[Any]) -> Article:
        return Article(*row)

    def articles(self) -> list[Article]:
        cur = self.conn.execute(
            "SELECT id, slug, title, source_lang, source_path, source_sha256, imported_at "
            "FROM article ORDER BY slug"
        )
        return [self._article_row(r) for r in cur.fetchall()]

    def article(self, slug: str) -> Article:
        row = self.conn.execute(
            "SELECT id, slug, title, source_lang, source_path, source_sha256, imported_at "
            "FROM article WHERE slug = ?",
            (slug,),
        ).fetchone()
        if row is None:
            known = ", ".join(a.slug for a in self.articles()) or "none yet"
            raise NotFoundError(
                f"no article {slug!r} in {self.path} (articles: {known}): "
                "import it with `workbench import FILE --slug SLUG`"
            )
        return self._article_row(row)

    def _aid(self, slug: str) -> int:
        aid = self._article_ids.get(slug)
        if aid is None:
            aid = self.article(slug).id
            self._article_ids[slug] = aid
        return aid

    def import_article(
        self,
        slug: str,
        segments: Sequence[Segment],
        *,
        title: str,
        source_path: str,
        source_sha256: str,
        source_lang: str = "fr",
    ) -> ImportReport:
        """Create or update an article. Segments keep their stable ids, so a re-import
        keeps the work on unchanged segments, marks vanished ones removed and adds new ones."""
        check_slug(slug)
        stamp = now()
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM article WHERE slug = ?", (slug,)).fetchone()
            created = row is None
            if created:
                cur = conn.execute(
                    "INSERT INTO article (slug, title, source_lang, source_path, source_sha256,"
                    " imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (slug, title, source_lang, source_path, source_sha256, stamp),
                )
                aid = int(cur.lastrowid or 0)
            else:
                aid = int(row[0])
                # imported_at (the PO's POT-Creation-Date) moves only when the text changed.
                conn.execute(
                    "UPDATE article SET title = ?, source_lang = ?, source_path = ?,"
                    " imported_at = CASE WHEN source_sha256 = ? THEN imported_at ELSE ? END,"
                    " source_sha256 = ? WHERE id = ?",
                    (title, source_lang, source_path, source_sha256, stamp, source_sha256, aid),
                )
            existing = {
                r[0]: r[1]
                for r in conn.execute(
                    "SELECT id, removed_at FROM segment WHERE article_id = ?", (aid,)
                )
            }
            new_ids = {s.id for s in segments}
            added = kept = restored = 0
            # Positions are unique only among live segments; park them first.
            conn.execute("UPDATE segment SET position = -position - 1 WHERE article_id = ?", (aid,))
            for seg in segments:
                if seg.id in existing:
                    if existing[seg.id] is not None:
                        restored += 1
                    else:
                        kept += 1
                    conn.execute(
                        "UPDATE segment SET position = ?, paragraph = ?, kind = ?,"
                        " chrome_reason = ?, source = ?, removed_at = NULL"
                        " WHERE article_id = ? AND id = ?",
                        (
                            seg.position,
                            seg.paragraph,
                            seg.kind,
                            seg.reason,
                            seg.source,
                            aid,
                            seg.id,
                        ),
                    )
                else:
                    added += 1
                    conn.execute(
                        "INSERT INTO segment (article_id, id, position, paragraph, kind,"
                        " chrome_reason, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            aid,
                            seg.id,
                            seg.position,
                            seg.paragraph,
                            seg.kind,
                            seg.reason,
                            seg.source,
                        ),
                    )
            gone = [sid for sid, removed_at in existing.items() if sid not in new_ids]
            removed = 0
            for sid in gone:
                if existing[sid] is None:
                    removed += 1
                    conn.execute(
                        "UPDATE segment SET removed_at = ? WHERE article_id = ? AND id = ?",
                        (stamp, aid, sid),
                    )
        self._article_ids[slug] = aid
        return ImportReport(self.article(slug), created, added, kept, removed, restored)

    # -- segments --------------------------------------------------------------

    _SEGMENT_COLS = (
        "s.id, s.position, s.paragraph, COALESCE(s.kind_override, s.kind), s.kind,"
        " s.chrome_reason, s.source, s.removed_at"
    )
    _TRANSLATION_COLS = (
        "t.segment_id, t.lang, t.mt, t.mt_model, t.pivot, t.alternatives, t.origin, t.target,"
        " t.status, t.version, t.reviewer, t.note, t.updated_at, t.edit_seconds, t.matches"
    )

    @staticmethod
    def _segment(r: Sequence[Any]) -> StoredSegment:
        return StoredSegment(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] is not None)

    @staticmethod
    def _translation(r: Sequence[Any]) -> Translation | None:
        if r[0] is None:
            return None
        return Translation(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            tuple(json.loads(r[5])),
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            r[13],
            tuple(json.loads(r[14])),
        )

    def segments(self, slug: str, *, include_removed: bool = False) -> list[StoredSegment]:
        aid = self._aid(slug)
        where = "" if include_removed else " AND s.removed_at IS NULL"
        cur = self.conn.execute(
            f"SELECT {self._SEGMENT_COLS} FROM segment s WHERE s.article_id = ?{where}"
            " ORDER BY s.removed_at IS NOT NULL, s.position",
            (aid,),
        )
        return [self._segment(r) for r in cur.fetchall()]

    def rows(self, slug: str, lang: str, *, include_removed: bool = False) -> list[Row]:
        """Every segment of an article in order, with its translation into ``lang``."""
        aid = self._aid(slug)
        where = "" if include_removed else " AND s.removed_at IS NULL"
        cur = self.conn.execute(
            f"SELECT {self._SEGMENT_COLS}, {self._TRANSLATION_COLS} FROM segment s"
            " LEFT JOIN translation t ON t.article_id = s.article_id AND t.segment_id = s.id"
            f" AND t.lang = ? WHERE s.article_id = ?{where}"
            " ORDER BY s.removed_at IS NOT NULL, s.position",
            (lang, aid),
        )
        return [Row(self._segment(r[:8]), self._translation(r[8:])) for r in cur.fetchall()]

    def row(self, slug: str, segment_id: str, lang: str) -> Row:
        aid = self._aid(slug)
        r = self.conn.execute(
            f"SELECT {self._SEGMENT_COLS}, {self._TRANSLATION_COLS} FROM segment s"
            " LEFT JOIN translation t ON t.article_id = s.article_id AND t.segment_id = s.id"
            " AND t.lang = ? WHERE s.article_id = ? AND s.id = ?",
            (lang, aid, segment_id),
        ).fetchone()
        if r is None:
            raise NotFoundError(f"no segment {segment_id!r} in article {slug!r}")
        return Row(self._segment(r[:8]), self._translation(r[8:]))

    def set_kind(self, slug: str, segment_id: str, kind: str | None, reviewer: str | None) -> None:
        """Override the segmenter's kind (e.g. un-mark chrome); None restores it."""
        if kind is not None and kind not in ("content", "title", "chrome"):
            raise InputError(f"unknown segment kind {kind!r}: use content, title or chrome")
        aid = self._aid(slug)
        with self.transaction() as conn:
            before = self.row(slug, segment_id, "").segment
            conn.execute(
                "UPDATE segment SET kind_override = ? WHERE article_id = ? AND id = ?",
                (kind, aid, segment_id),
            )
            self._event(
                conn,
                aid,
                segment_id,
                "",
                "kind",
                {"kind": before.kind},
                {"kind": kind or before.detected_kind},
                reviewer,
            )

    # -- translations ----------------------------------------------------------

    def _event(
        self,
        conn: sqlite3.Connection,
        aid: int,
        segment_id: str,
        lang: str,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        reviewer: str | None,
    ) -> None:
        conn.execute(
            "INSERT INTO event (article_id, segment_id, lang, action, before, after, reviewer, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, segment_id, lang, action, _dump(before), _dump(after), reviewer, now()),
        )

    @staticmethod
    def _state(t: Translation | None) -> dict[str, Any]:
        if t is None:
            return {"target": "", "status": "pending"}
        return {"target": t.target, "status": t.status}

    def store_mt(
        self, slug: str, lang: str, writes: Iterable[MTWrite], *, reviewer: str | None = None
    ) -> int:
        """Store machine output in one transaction. The MT, model, pivot and alternatives
        are always updated; the target only while the segment is pending or machine, so an
        edited or approved target is never overwritten. Returns the number of rows written."""
        aid = self._aid(slug)
        count = 0
        stamp = now()
        with self.transaction() as conn:
            for w in writes:
                current = self._translation_in(conn, aid, w.segment_id, lang)
                keeps_target = current is not None and current.status in ("edited", "approved")
                conn.execute(
                    "INSERT INTO translation (article_id, segment_id, lang, mt, mt_model, pivot,"
                    " alternatives, origin, matches, target, status, version, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine', 1, ?)"
                    " ON CONFLICT (article_id, segment_id, lang) DO UPDATE SET"
                    " mt = excluded.mt, mt_model = excluded.mt_model, pivot = excluded.pivot,"
                    " alternatives = excluded.alternatives, origin = excluded.origin,"
                    " matches = excluded.matches,"
                    " target = CASE WHEN translation.status IN ('edited', 'approved')"
                    "   THEN translation.target ELSE excluded.target END,"
                    " status = CASE WHEN translation.status IN ('edited', 'approved')"
                    "   THEN translation.status ELSE 'machine' END,"
                    " version = translation.version + 1, updated_at = excluded.updated_at",
                    (
                        aid,
                        w.segment_id,
                        lang,
                        w.mt,
                        w.model,
                        w.pivot,
                        json.dumps(list(w.alternatives), ensure_ascii=False),
                        w.origin,
                        json.dumps(list(w.matches), ensure_ascii=False, sort_keys=True),
                        w.mt,
                        stamp,
                    ),
                )
                after = (
                    self._state(current) if keeps_target else {"target": w.mt, "status": "machine"}
                )
                self._event(
                    conn,
                    aid,
                    w.segment_id,
                    lang,
                    "mt",
                    self._state(current),
                    {**after, "mt": w.mt, "model": w.model, "pivot": w.pivot},
                    reviewer,
                )
                count += 1
        return count

    def _translation_in(
        self, conn: sqlite3.Connection, aid: int, segment_id: str, lang: str
    ) -> Translation | None:
        r = conn.execute(
            f"SELECT {self._TRANSLATION_COLS} FROM translation t"
            " WHERE t.article_id = ? AND t.segment_id = ? AND t.lang = ?",
            (aid, segment_id, lang),
        ).fetchone()
        return None if r is None else self._translation(r)

    def _apply_target(
        self,
        conn: sqlite3.Connection,
        aid: int,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        target: str,
        status: str,
        expected_version: int | None,
        reviewer: str | None,
        action: str,
        edit_seconds: float = 0.0,
    ) -> Translation:
        """Write one target inside the caller's transaction, checking the version read."""
        _check_text(target, segment_id, lang)
        seg = conn.execute(
            "SELECT 1 FROM segment WHERE article_id = ? AND id = ?", (aid, segment_id)
        ).fetchone()
        if seg is None:
            raise NotFoundError(f"no segment {segment_id!r} in article {slug!r}")
        current = self._translation_in(conn, aid, segment_id, lang)
        current_version = current.version if current else 0
        if expected_version is not None and expected_version != current_version:
            raise ConflictError(
                f"segment {segment_id} ({lang}) was changed by "
                f"{(current.reviewer if current else None) or 'another writer'} since you "
                f"read it (version {expected_version}, now {current_version}): "
                "compare both versions and save again",
                current_version=current_version,
                current_target=current.target if current else "",
            )
        stamp = now()
        if current is None:
            conn.execute(
                "INSERT INTO translation (article_id, segment_id, lang, target, status,"
                " version, reviewer, updated_at, edit_seconds)"
                " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
                (aid, segment_id, lang, target, status, reviewer, stamp, edit_seconds),
            )
        else:
            conn.execute(
                "UPDATE translation SET target = ?, status = ?, version = version + 1,"
                " reviewer = COALESCE(?, reviewer), updated_at = ?,"
                " edit_seconds = edit_seconds + ?"
                " WHERE article_id = ? AND segment_id = ? AND lang = ?",
                (target, status, reviewer, stamp, edit_seconds, aid, segment_id, lang),
            )
        self._event(
            conn,
            aid,
            segment_id,
            lang,
            action,
            self._state(current),
            {"target": target, "status": status},
            reviewer,
        )
        result = self._translation_in(conn, aid, segment_id, lang)
        assert result is not None
        return result

    def _write_target(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        target: str,
        status: str,
        expected_version: int | None,
        reviewer: str | None,
        action: str,
        edit_seconds: float = 0.0,
    ) -> Translation:
        aid = self._aid(slug)
        with self.transaction() as conn:
            return self._apply_target(
                conn,
                aid,
                slug,
                segment_id,
                lang,
                target=target,
                status=status,
                expected_version=expected_version,
                reviewer=reviewer,
                action=action,
                edit_seconds=edit_seconds,
            )

    def write_targets(
        self,
        slug: str,
        lang: str,
        writes: Sequence[TargetWrite],
        *,
        reviewer: str | None = None,
        action: str = "import-po",
    ) -> list[Translation | ConflictError]:
        """Many targets in one transaction (a PO import): each write is checked against the
        version it read; a conflicting one is returned as its ConflictError, not written,
        and the others still are. ``edited`` becomes ``machine`` when the text equals the MT."""
        aid = self._aid(slug)
        results: list[Translation | ConflictError] = []
        with self.transaction() as conn:
            for w in writes:
                status = w.status
                if status == "edited":
                    current = self._translation_in(conn, aid, w.segment_id, lang)
                    if current is not None and current.mt == w.target:
                        status = "machine"
                try:
                    results.append(
                        self._apply_target(
                            conn,
                            aid,
                            slug,
                            w.segment_id,
                            lang,
                            target=w.target,
                            status=status,
                            expected_version=w.expected_version,
                            reviewer=reviewer,
                            action=action,
                        )
                    )
                except ConflictError as conflict:
                    results.append(conflict)
        return results

    def _current(self, slug: str, segment_id: str, lang: str) -> Translation | None:
        return self.row(slug, segment_id, lang).translation

    def save_target(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        target: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
        edit_seconds: float = 0.0,
    ) -> Translation:
        """A reviewer's edit. Status becomes ``edited`` (``machine`` again when the text
        equals the MT); an approved segment stays approved only if the text is unchanged."""
        current = self._current(slug, segment_id, lang)
        if current is not None and current.target == target:
            if expected_version is not None and expected_version != current.version:
                pass  # fall through: _write_target reports the conflict
            else:
                return current
        status = "machine" if current is not None and current.mt == target else "edited"
        return self._write_target(
            slug,
            segment_id,
            lang,
            target=target,
            status=status,
            expected_version=expected_version,
            reviewer=reviewer,
            action="edit",
            edit_seconds=edit_seconds,
        )

    def approve(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
        target: str | None = None,
        edit_seconds: float = 0.0,
    ) -> Translation:
        """Approve the current target (or ``target`` when given: edit and approve at once);
        ``edit_seconds`` adds the time the reviewer spent on the segment."""
        current = self._current(slug, segment_id, lang)
        text = target if target is not None else (current.target if current else "")
        if not text.strip():
            raise InputError(f"segment {segment_id} ({lang}) has an empty target: write it first")
        return self._write_target(
            slug,
            segment_id,
            lang,
            target=text,
            status="approved",
            expected_version=expected_version,
            reviewer=reviewer,
            action="approve",
            edit_seconds=edit_seconds,
        )

    def unapprove(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
    ) -> Translation:
        current = self._current(slug, segment_id, lang)
        if current is None or current.status != "approved":
            raise InputError(f"segment {segment_id} ({lang}) is not approved")
        status = "machine" if current.mt == current.target else "edited"
        return self._write_target(
            slug,
            segment_id,
            lang,
            target=current.target,
            status=status,
            expected_version=expected_version,
            reviewer=reviewer,
            action="unapprove",
        )

    def revert_to_mt(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
    ) -> Translation:
        current = self._current(slug, segment_id, lang)
        if current is None or current.mt is None:
            raise InputError(f"segment {segment_id} ({lang}) has no machine translation yet")
        return self._write_target(
            slug,
            segment_id,
            lang,
            target=current.mt,
            status="machine",
            expected_version=expected_version,
            reviewer=reviewer,
            action="revert",
        )

    def set_note(self, slug: str, segment_id: str, lang: str, note: str) -> None:
        aid = self._aid(slug)
        with self.transaction() as conn:
            conn.execute(
                "UPDATE translation SET note = ?, version = version + 1, updated_at = ?"
                " WHERE article_id = ? AND segment_id = ? AND lang = ?",
                (note, now(), aid, segment_id, lang),
            )

    def set_pivot(
        self, slug: str, segment_id: str, lang: str, pivot: str, *, reviewer: str | None = None
    ) -> Translation:
        """A reviewer's edit of the English pivot shown beside the Vietnamese."""
        aid = self._aid(slug)
        with self.transaction() as conn:
            current = self._translation_in(conn, aid, segment_id, lang)
            if current is None:
                raise InputError(f"segment {segment_id} ({lang}) has no pivot yet: translate it")
            conn.execute(
                "UPDATE translation SET pivot = ?, version = version + 1, updated_at = ?"
                " WHERE article_id = ? AND segment_id = ? AND lang = ?",
                (pivot, now(), aid, segment_id, lang),
            )
            self._event(
                conn,
                aid,
                segment_id,
                lang,
                "pivot",
                {"pivot": current.pivot},
                {"pivot": pivot},
                reviewer,
            )
            result = self._translation_in(conn, aid, segment_id, lang)
        assert result is not None
        return result

    # -- events, undo, redo ----------------------------------------------------

    def events(
        self, slug: str, segment_id: str | None = None, lang: str | None = None
    ) -> list[Event]:
        aid = self._aid(slug)
        sql = (
            "SELECT id, segment_id, lang, action, before, after, reviewer, at FROM event"
            " WHERE article_id = ?"
        )
        params: list[Any] = [aid]
        if segment_id is not None:
            sql += " AND segment_id = ?"
            params.append(segment_id)
        if lang is not None:
            sql += " AND lang = ?"
            params.append(lang)
        cur = self.conn.execute(sql + " ORDER BY id", params)
        return [
            Event(r[0], r[1], r[2], r[3], _load(r[4]), _load(r[5]), r[6], r[7])
            for r in cur.fetchall()
        ]

    def _stacks(self, slug: str, segment_id: str, lang: str) -> tuple[list[Event], list[Event]]:
        """Replay the segment's events into an undo stack and a redo stack."""
        undo: list[Event] = []
        redo: list[Event] = []
        by_id: dict[int, Event] = {}
        for ev in self.events(slug, segment_id, lang):
            by_id[ev.id] = ev
            if ev.action in UNDOABLE:
                undo.append(ev)
                redo.clear()
            elif ev.action == "undo" and undo:
                redo.append(undo.pop())
            elif ev.action == "redo" and redo:
                undo.append(redo.pop())
        return undo, redo

    def _restore(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        state: dict[str, Any],
        action: str,
        reviewer: str | None,
        expected_version: int | None = None,
    ) -> Translation:
        return self._write_target(
            slug,
            segment_id,
            lang,
            target=state.get("target", ""),
            status=state.get("status", "pending"),
            expected_version=expected_version,
            reviewer=reviewer,
            action=action,
        )

    def undo(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        reviewer: str | None = None,
        expected_version: int | None = None,
    ) -> Translation | None:
        """Undo the segment's last change (across restarts); None when nothing to undo.
        With ``expected_version`` (the version the reviewer sees), a change made since by
        another reviewer is a ConflictError instead of being the one silently undone."""
        undo, _ = self._stacks(slug, segment_id, lang)
        if not undo or undo[-1].before is None:
            return None
        return self._restore(
            slug, segment_id, lang, undo[-1].before, "undo", reviewer, expected_version
        )

    def redo(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        reviewer: str | None = None,
        expected_version: int | None = None,
    ) -> Translation | None:
        """Redo the last undone change; ``expected_version`` as for :meth:`undo`."""
        _, redo = self._stacks(slug, segment_id, lang)
        if not redo or redo[-1].after is None:
            return None
        return self._restore(
            slug, segment_id, lang, redo[-1].after, "redo", reviewer, expected_version
        )

    # -- reporting -------------------------------------------------------------

    def status(self, slug: str) -> ArticleStatus:
        article = self.article(slug)
        aid = article.id
        kinds = {k: 0 for k in ("content", "title", "chrome")}
        removed = 0
        for kind, is_removed, n in self.conn.execute(
            "SELECT COALESCE(kind_override, kind), removed_at IS NOT NULL, COUNT(*) FROM segment"
            " WHERE article_id = ? GROUP BY COALESCE(kind_override, kind), removed_at IS NOT NULL",
            (aid,),
        ):
            if is_removed:
                removed += n
            else:
                kinds[kind] = n
        translatable = kinds["content"] + kinds["title"]
        langs: dict[str, dict[str, int]] = {}
        for lang, status, n in self.conn.execute(
            "SELECT t.lang, t.status, COUNT(*) FROM translation t JOIN segment s"
            " ON s.article_id = t.article_id AND s.id = t.segment_id"
            " WHERE t.article_id = ? AND s.removed_at IS NULL"
            " AND COALESCE(s.kind_override, s.kind) <> 'chrome' GROUP BY t.lang, t.status",
            (aid,),
        ):
            langs.setdefault(lang, {s: 0 for s in STATUSES})[status] = n
        for counts in langs.values():
            counts["pending"] += translatable - sum(counts.values())
        demo = dict(
            self.conn.execute(
                "SELECT t.lang, COUNT(*) FROM translation t JOIN segment s"
                " ON s.article_id = t.article_id AND s.id = t.segment_id"
                " WHERE t.article_id = ? AND s.removed_at IS NULL AND t.origin = 'mt-demo'"
                " AND t.status = 'machine'"
                " GROUP BY t.lang",
                (aid,),
            ).fetchall()
        )
        return ArticleStatus(article, kinds, removed, dict(sorted(langs.items())), demo)

    def tm_entries(self, lang: str) -> list[TMEntry]:
        """Every approved ``lang`` translation of every live segment in the workspace, with
        the sources of its neighbours (for in-context matches): the translation memory."""
        cur = self.conn.execute(
            "SELECT a.slug, s.id, s.source, t.target, s.prev_source, s.next_source FROM ("
            "  SELECT article_id, id, source,"
            "   LAG(source) OVER (PARTITION BY article_id ORDER BY position) AS prev_source,"
            "   LEAD(source) OVER (PARTITION BY article_id ORDER BY position) AS next_source"
            "  FROM segment WHERE removed_at IS NULL) s"
            " JOIN translation t ON t.article_id = s.article_id AND t.segment_id = s.id"
            " JOIN article a ON a.id = s.article_id"
            " WHERE t.lang = ? AND t.status = 'approved'"
            " ORDER BY a.slug, s.id",
            (lang,),
        )
        return [TMEntry(r[2], r[3], r[0], r[1], r[4], r[5]) for r in cur.fetchall()]

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def _store_error(exc: BaseException, path: Path) -> StoreError | None:
    """The StoreError a driver error means (a full disk, a read-only file), else None."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and _disk_full(path)):
        return StoreFullError(
            f"the disk holding the workspace database {path} is full ({exc}): "
            "nothing was written; free some space and retry"
        )
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return StoreReadOnlyError(
            f"the workspace database {path} is read-only ({exc}): nothing was written; "
            "make the file and its folder writable and retry"
        )
    if code == sqlite3.SQLITE_IOERR:
        return StoreError(f"cannot write the workspace database {path} ({exc}): check the disk")
    return None


def _disk_full(path: Path) -> bool:
    """SQLite reports a full disk met while growing its -wal or -shm file as an I/O error."""
    try:
        stat = os.statvfs(path.parent)
    except OSError:
        return False
    return stat.f_bavail * stat.f_frsize < 64 * 1024


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise WorkbenchError(
            f"the workspace {path} was written by a newer workbench (schema {version}, this one "
            f"knows {len(MIGRATIONS)}): upgrade workbench"
        )
    if version == len(MIGRATIONS):
        return
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read under the write lock: another process may have migrated meanwhile.
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for number in range(version, len(MIGRATIONS)):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def database_path(workspace: str | os.PathLike[str] | None = None) -> Path:
    return settings.load().workspace(workspace).database


def open_store(workspace: str | os.PathLike[str] | None = None, *, create: bool = False) -> Store:
    """Open the workspace database; ``create`` makes the folder and schema when missing.
    Without ``create`` a missing workspace is a NotFoundError (read commands write nothing)."""
    folder = workspace_dir(workspace)
    path = folder / DB_NAME
    if not path.exists():
        if not create:
            raise NotFoundError(
                f"no workspace at {folder}: import an article first "
                "(`workbench import FILE`), or point --workspace / WORKBENCH_HOME at one"
            )
        if folder.exists() and not folder.is_dir():
            raise InputError(f"workspace {folder} is a file, not a folder: choose another path")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create workspace {folder}: {exc.strerror}") from exc
    try:
        conn = _connect(path)
        _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"{path} is not a workbench database ({exc}): point --workspace at another folder"
        ) from exc
    return Store(path, conn)
