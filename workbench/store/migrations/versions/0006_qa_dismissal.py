"""QA findings a reviewer dismissed: "approve despite QA errors", kept per finding.

One row per (segment, language, check), as Weblate keeps a dismissed check per unit: who
dismissed it, when, the finding's message as it was shown, and the exact target it was
dismissed for. The export's QA gate honours a dismissal only while the target is that text:
a changed target is checked again.

On PostgreSQL its privileges come from ``workbench/store/roles.py`` (a reviewer writes it,
a translator reads it), applied after the upgrade.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qa_dismissal",
        sa.Column("article_id", sa.Integer, primary_key=True, nullable=False),
        sa.Column("segment_id", sa.Text, primary_key=True, nullable=False),
        sa.Column("lang", sa.Text, primary_key=True, nullable=False),
        sa.Column("check", sa.Text, primary_key=True, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("reviewer", sa.Text),
        sa.Column("dismissed_at", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id", "segment_id"],
            ["segment.article_id", "segment.id"],
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("qa_dismissal")
