"""Machine-translation confidence and notes, and the per-model confidence calibration.

``translation.mt_confidence`` (REAL, NULL for translation-memory matches and MT written before)
is the model's geometric-mean token probability of the MT, multiplied over a pivot route
(workbench.mt.confidence); ``translation.mt_notes`` (JSON list of text) says what the reviewer
must know about the MT (an input cut between words for the model, an output stopped at the
decoding limit or decoded again after a loop). ``calibration`` keeps, per model label
(``code@version`` route), the isotonic fit of HTER against confidence
(workbench.mt.confidence.Calibration as JSON) and how many approved segments it came from.

Revision ID: 0003
Revises: 0002
Create Date: 2024-04-19
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("translation") as batch:
        batch.add_column(sa.Column("mt_confidence", sa.REAL))
        batch.add_column(sa.Column("mt_notes", sa.Text, nullable=False, server_default="[]"))
    op.create_table(
        "calibration",
        sa.Column("model", sa.Text, primary_key=True, nullable=False),
        sa.Column("fit", sa.Text, nullable=False),
        sa.Column("samples", sa.Integer, nullable=False),
        sa.Column("fitted_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("calibration")
    with op.batch_alter_table("translation") as batch:
        batch.drop_column("mt_notes")
        batch.drop_column("mt_confidence")
