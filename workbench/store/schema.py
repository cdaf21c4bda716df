"""The tables as the queries see them (SQLAlchemy Core), and SQL helpers both engines share.

The migrations in ``migrations/versions`` create and change these tables; this module must
describe the schema at the head revision. Timestamps are TEXT in ISO 8601 UTC with
milliseconds (``2024-04-17T10:00:00.123Z``), taken from the database server's clock
(:class:`utcnow`), as schema v2 stored them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    REAL,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import String

#: The newest migration this workbench knows (``migrations/versions``); a test checks it.
HEAD_REVISION = "0007"
#: SQLite ``PRAGMA user_version`` of the head schema: what workbench before Alembic checked.
SQLITE_USER_VERSION = 2

metadata = MetaData()

#: A double precision number on both engines (SQLite's REAL is one; PostgreSQL's is not).
DOUBLE: Any = REAL().with_variant(DOUBLE_PRECISION(), "postgresql")

article = Table(
    "article",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", Text, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("source_lang", Text, nullable=False),
    Column("source_path", Text, nullable=False),
    Column("source_sha256", Text, nullable=False),
    Column("imported_at", Text, nullable=False),
)

segment = Table(
    "segment",
    metadata,
    Column(
        "article_id",
        Integer,
        ForeignKey("article.id", ondelete="CASCADE"),
        primary_key=True,
        nullable=False,
    ),
    Column("id", Text, primary_key=True, nullable=False),
    Column("position", Integer, nullable=False),
    Column("paragraph", Integer, nullable=False),
    Column("kind", Text, CheckConstraint("kind IN ('content', 'title', 'chrome')"), nullable=False),
    Column(
        "kind_override", Text, CheckConstraint("kind_override IN ('content', 'title', 'chrome')")
    ),
    Column("chrome_reason", Text),
    Column("source", Text, nullable=False),
    Column("removed_at", Text),
    Index("segment_position", "article_id", "position"),
)

translation = Table(
    "translation",
    metadata,
    Column("article_id", Integer, primary_key=True, nullable=False),
    Column("segment_id", Text, primary_key=True, nullable=False),
    Column("lang", Text, primary_key=True, nullable=False),
    Column("mt", Text),
    Column("mt_model", Text),
    Column("pivot", Text),
    Column("alternatives", Text, nullable=False, server_default="[]"),
    Column("origin", Text),
    Column("target", Text, nullable=False, server_default=""),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('pending', 'machine', 'edited', 'approved')"),
        nullable=False,
    ),
    Column("version", Integer, nullable=False, server_default=text("0")),
    Column("reviewer", Text),
    Column("note", Text, nullable=False, server_default=""),
    Column("updated_at", Text, nullable=False),
    # SQLite's REAL is a double; PostgreSQL's is a float4: double there (revision 0004)
    Column("edit_seconds", DOUBLE, nullable=False, server_default=text("0")),
    Column("matches", Text, nullable=False, server_default="[]"),
    # revision 0003: the MT's confidence (workbench.mt.confidence); a double on PostgreSQL: 0004
    Column("mt_confidence", DOUBLE),
    Column("mt_notes", Text, nullable=False, server_default="[]"),  # 0003: JSON list of text
    # revision 0007: the English the stored MT was translated from (NULL: direct route or TM),
    # and the English the target's text comes from (the MT's when the target was last written)
    Column("mt_pivot", Text),
    Column("target_pivot", Text),
    ForeignKeyConstraint(
        ["article_id", "segment_id"], ["segment.article_id", "segment.id"], ondelete="CASCADE"
    ),
)

calibration = Table(  # revision 0003: HTER against confidence, per model label
    "calibration",
    metadata,
    Column("model", Text, primary_key=True, nullable=False),
    Column("fit", Text, nullable=False),  # workbench.mt.confidence.Calibration.to_json()
    Column("samples", Integer, nullable=False),
    Column("fitted_at", Text, nullable=False),
)

qa_dismissal = Table(  # revision 0006: QA findings approved despite their errors
    "qa_dismissal",
    metadata,
    Column("article_id", Integer, primary_key=True, nullable=False),
    Column("segment_id", Text, primary_key=True, nullable=False),
    Column("lang", Text, primary_key=True, nullable=False),
    Column("check", Text, primary_key=True, nullable=False),
    Column("target", Text, nullable=False),  # the exact target the finding was dismissed for
    Column("message", Text, nullable=False),
    Column("reviewer", Text),
    Column("dismissed_at", Text, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "segment_id"], ["segment.article_id", "segment.id"], ondelete="CASCADE"
    ),
)

event = Table(
    "event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("segment_id", Text, nullable=False),
    Column("lang", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("before", Text),
    Column("after", Text),
    Column("reviewer", Text),
    Column("at", Text, nullable=False),
    Index("event_segment", "article_id", "segment_id", "lang", "id"),
)


# -- shared team data (revision 0004): glossary, imported translation memory, UI positions ----

glossary_term = Table(
    "glossary_term",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fr", Text, nullable=False),
    Column("en", Text, nullable=False, server_default=""),
    Column("vi", Text, nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    Column("do_not_translate", Boolean, nullable=False, server_default=text("false")),
)

tm_pair = Table(
    "tm_pair",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("lang", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("tuid", Text, nullable=False),
    # sha256 of (lang, normalized source, target): the duplicate test, bounded in size
    Column("pair_key", Text, nullable=False, unique=True),
    Column("imported_at", Text, nullable=False),
    Index("tm_pair_lang", "lang", "id"),
)

ui_position = Table(
    "ui_position",
    metadata,
    Column("reviewer", Text, primary_key=True, nullable=False),
    Column(
        "article_id",
        Integer,
        ForeignKey("article.id", ondelete="CASCADE"),
        primary_key=True,
        nullable=False,
    ),
    Column("lang", Text, primary_key=True, nullable=False),
    Column("segment_id", Text, nullable=False),
    Column("filter", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)


class utcnow(FunctionElement[str]):
    """The database server's current time as schema v2's TEXT timestamp."""

    type = String()
    inherit_cache = True


@compiles(utcnow, "sqlite")
def _utcnow_sqlite(element: utcnow, compiler: Any, **kw: Any) -> str:
    return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@compiles(utcnow, "postgresql")
def _utcnow_postgresql(element: utcnow, compiler: Any, **kw: Any) -> str:
    return "to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"


def upsert(dialect_name: str, table: Table) -> Any:
    """``INSERT`` with ``ON CONFLICT`` support for the connection's dialect."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
