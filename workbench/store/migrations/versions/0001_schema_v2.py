"""Schema v2: articles, segments, translations (with TM matches) and the event log.

The schema workbench wrote before Alembic (``PRAGMA user_version`` 2). Files made then are
stamped at this revision on first open (migrate.py) and upgraded from here: nothing in them
is rewritten.

Revision ID: 0001
Revises:
Create Date: 2024-04-17
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

KIND = "IN ('content', 'title', 'chrome')"


def upgrade() -> None:
    _articles_and_segments()
    _translations()
    _events()
    if op.get_context().dialect.name == "sqlite":
        op.execute("PRAGMA user_version = 2")


def _articles_and_segments() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.Integer, primary_key=True, nullable=True),  # rowid: NOT NULL anyway
        sa.Column("slug", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("source_lang", sa.Text, nullable=False),
        sa.Column("source_path", sa.Text, nullable=False),
        sa.Column("source_sha256", sa.Text, nullable=False),
        sa.Column("imported_at", sa.Text, nullable=False),
    )
    op.create_table(
        "segment",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            primary_key=True,
            nullable=False,
        ),
        sa.Column("id", sa.Text, primary_key=True, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("paragraph", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, sa.CheckConstraint(f"kind {KIND}"), nullable=False),
        sa.Column("kind_override", sa.Text, sa.CheckConstraint(f"kind_override {KIND}")),
        sa.Column("chrome_reason", sa.Text),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("removed_at", sa.Text),
    )
    op.create_index("segment_position", "segment", ["article_id", "position"])


def _translations() -> None:
    op.create_table(
        "translation",
        sa.Column("article_id", sa.Integer, primary_key=True, nullable=False),
        sa.Column("segment_id", sa.Text, primary_key=True, nullable=False),
        sa.Column("lang", sa.Text, primary_key=True, nullable=False),
        sa.Column("mt", sa.Text),
        sa.Column("mt_model", sa.Text),
        sa.Column("pivot", sa.Text),
        sa.Column("alternatives", sa.Text, nullable=False, server_default="[]"),
        sa.Column("origin", sa.Text),
        sa.Column("target", sa.Text, nullable=False, server_default=""),
        sa.Column(
            "status",
            sa.Text,
            sa.CheckConstraint("status IN ('pending', 'machine', 'edited', 'approved')"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("reviewer", sa.Text),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("edit_seconds", sa.REAL, nullable=False, server_default=sa.text("0")),
        sa.Column("matches", sa.Text, nullable=False, server_default="[]"),
        sa.ForeignKeyConstraint(
            ["article_id", "segment_id"],
            ["segment.article_id", "segment.id"],
            ondelete="CASCADE",
        ),
    )


def _events() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.Integer, primary_key=True, nullable=True),  # rowid: NOT NULL anyway
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("segment_id", sa.Text, nullable=False),
        sa.Column("lang", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("reviewer", sa.Text),
        sa.Column("at", sa.Text, nullable=False),
    )
    op.create_index("event_segment", "event", ["article_id", "segment_id", "lang", "id"])


def downgrade() -> None:
    for table in ("event", "translation", "segment", "article"):
        op.drop_table(table)
