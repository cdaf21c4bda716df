"""The English pivot actually used: ``translation.mt_pivot`` and ``translation.target_pivot``.

``pivot`` is the English as the reviewer sees and may edit it; until this revision nothing said
which English the Vietnamese MT was translated from once the pivot had been edited and not
translated again. ``mt_pivot`` is the English the stored MT was translated from (NULL for a
direct route or a translation-memory match); ``target_pivot`` the English the target's text
comes from (the MT's, when the target was last written by the machine or a reviewer). The PO
export's ``#. en:`` comment prints ``target_pivot``; a post-edited or approved target whose
``target_pivot`` differs from ``mt_pivot`` was made from an English that changed since.

Existing rows take the English of their last ``mt`` event (the pivot the MT was stored with),
else their ``pivot``. On PostgreSQL the privileges are the table's: nothing to grant.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _mt_event_pivots(conn: sa.engine.Connection) -> dict[tuple[int, str, str], str]:
    """The pivot each translation's last ``mt`` event stored, by (article, segment, lang)."""
    rows = conn.execute(
        sa.text(
            "SELECT article_id, segment_id, lang, after FROM event"
            " WHERE action = 'mt' AND after IS NOT NULL ORDER BY id"
        )
    )
    found: dict[tuple[int, str, str], str] = {}
    for article_id, segment_id, lang, after in rows:
        pivot = json.loads(after).get("pivot")
        key = (article_id, segment_id, lang)
        if isinstance(pivot, str):
            found[key] = pivot
        else:
            found.pop(key, None)  # a later MT without pivot (a TM match, a direct route)
    return found


def upgrade() -> None:
    with op.batch_alter_table("translation") as batch:
        batch.add_column(sa.Column("mt_pivot", sa.Text))
        batch.add_column(sa.Column("target_pivot", sa.Text))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE translation SET mt_pivot = pivot, target_pivot = pivot"))
    update = sa.text(
        "UPDATE translation SET mt_pivot = :p, target_pivot = :p"
        " WHERE article_id = :a AND segment_id = :s AND lang = :l AND pivot IS NOT NULL"
    )
    params = [
        {"p": p, "a": a, "s": s, "l": lang} for (a, s, lang), p in _mt_event_pivots(conn).items()
    ]
    if params:
        conn.execute(update, params)


def downgrade() -> None:
    with op.batch_alter_table("translation") as batch:
        batch.drop_column("target_pivot")
        batch.drop_column("mt_pivot")
