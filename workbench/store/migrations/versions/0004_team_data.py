"""Shared team data in the database: the glossary, the translation memory imported from TMX
files and each reviewer's remembered UI position.

Until this revision they were files in the workspace folder (``glossary.csv``,
``tm-imported.json``, ``ui-state.json``), which reviewers on other machines never saw. The
first open after this revision moves them into these tables, once, and keeps each file as
``<name>.migrated`` (``workbench/store/files.py``: data, not schema, so not done here).

- ``glossary_term``: one row per French term (``workbench.glossary.Term``).
- ``tm_pair``: French -> target pairs from TMX files; ``pair_key`` (sha256 of the language,
  the normalized source and the target) makes a pair imported twice one row.
- ``ui_position``: where ``reviewer`` left an article in a language (segment and filter).

On PostgreSQL, ``translation.edit_seconds`` and ``mt_confidence`` (revision 0003) become
``double precision``: ``REAL`` is a double on SQLite but a 4-byte float there, so a workspace
copied from SQLite lost digits.

Revision ID: 0004
Revises: 0003
Create Date: 2024-04-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossary_term",
        sa.Column("id", sa.Integer, primary_key=True, nullable=True),  # rowid: NOT NULL anyway
        sa.Column("fr", sa.Text, nullable=False),
        sa.Column("en", sa.Text, nullable=False, server_default=""),
        sa.Column("vi", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("do_not_translate", sa.Boolean, nullable=False, server_default=sa.text("false")),
    )
    op.create_table(
        "tm_pair",
        sa.Column("id", sa.Integer, primary_key=True, nullable=True),  # rowid: NOT NULL anyway
        sa.Column("lang", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("tuid", sa.Text, nullable=False),
        sa.Column("pair_key", sa.Text, nullable=False, unique=True),
        sa.Column("imported_at", sa.Text, nullable=False),
    )
    op.create_index("tm_pair_lang", "tm_pair", ["lang", "id"])
    op.create_table(
        "ui_position",
        sa.Column("reviewer", sa.Text, primary_key=True, nullable=False),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            primary_key=True,
            nullable=False,
        ),
        sa.Column("lang", sa.Text, primary_key=True, nullable=False),
        sa.Column("segment_id", sa.Text, nullable=False),
        sa.Column("filter", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    if op.get_context().dialect.name == "postgresql":
        for column in ("edit_seconds", "mt_confidence"):
            op.execute(f"ALTER TABLE translation ALTER COLUMN {column} TYPE double precision")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for column in ("edit_seconds", "mt_confidence"):
            op.execute(f"ALTER TABLE translation ALTER COLUMN {column} TYPE real")
    for table in ("ui_position", "tm_pair", "glossary_term"):
        op.drop_table(table)
