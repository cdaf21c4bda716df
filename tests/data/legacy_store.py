"""Workspace databases as workbench wrote them before Alembic (schema v1 and v2), for the
migration tests: the schema SQL is copied verbatim from ``workbench/store.py`` of that time
(``MIGRATIONS`` and ``_migrate``: one ``PRAGMA user_version`` per step), the rows are what
its import, translate, edit and approve wrote. Generated at test time (no binary fixture).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

#: Each entry upgrades the schema by one ``PRAGMA user_version`` (verbatim, pre-Alembic).
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


def make_legacy_db(path: Path, version: int = 2) -> Path:
    """A WAL database at schema ``version`` holding one article with work in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    for number in range(version):
        for statement in MIGRATIONS[number].split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    conn.execute(
        "INSERT INTO article (slug, title, source_lang, source_path, source_sha256, imported_at)"
        " VALUES ('vieux', 'Un vieil article', 'fr', 'vieux.txt', 'abc',"
        " '2024-04-17T10:00:00.000Z')"
    )
    rows = [
        ("s1", 1, "title", None, "Un vieil article"),
        ("s2", 2, "content", None, "Il a dit « bonjour »."),
        ("s3", 3, "chrome", "boilerplate", "Lien source"),
    ]
    for sid, pos, kind, reason, source in rows:
        conn.execute(
            "INSERT INTO segment (article_id, id, position, paragraph, kind, chrome_reason,"
            " source) VALUES (1, ?, ?, ?, ?, ?, ?)",
            (sid, pos, pos, kind, reason, source),
        )
    extra = ", matches" if version >= 2 else ""
    matches = (", ?",) if version >= 2 else ("",)
    conn.execute(
        "INSERT INTO translation (article_id, segment_id, lang, mt, mt_model, pivot, alternatives,"
        f" origin, target, status, version, reviewer, note, updated_at, edit_seconds{extra})"
        f" VALUES (1, 's2', 'vi', 'Anh nói', 'fr_en@1>en_vi@1', 'He said', ?, 'mt', 'Anh ấy nói',"
        f" 'approved', 3, 'ana', 'ghi chú', '2024-04-17T10:05:00.000Z', 12.5{matches[0]})",
        (json.dumps(["Ông nói"]), *([json.dumps([{"score": 80}])] if version >= 2 else [])),
    )
    mt = {"target": "Anh nói", "status": "machine"}
    edited = {"target": "Anh ấy nói", "status": "edited"}
    approved = {"target": "Anh ấy nói", "status": "approved"}
    pending = {"target": "", "status": "pending"}
    for action, before, after in (
        ("mt", pending, mt),
        ("edit", mt, edited),
        ("approve", edited, approved),
    ):
        conn.execute(
            "INSERT INTO event (article_id, segment_id, lang, action, before, after, reviewer, at)"
            " VALUES (1, 's2', 'vi', ?, ?, ?, 'ana', '2024-04-17T10:01:00.000Z')",
            (action, json.dumps(before), json.dumps(after)),
        )
    conn.execute("COMMIT")
    conn.close()
    return path
