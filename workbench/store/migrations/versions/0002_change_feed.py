"""Change feed on PostgreSQL: each event row knows its transaction, and a commit notifies.

``event.txid`` (the writing transaction's id) lets a reader holding a snapshot list exactly
the events committed since, whatever order concurrent writers took ids from the sequence in.
A statement trigger sends one ``NOTIFY workbench_changes`` per writing transaction (delivered
at commit, never for a rollback) to wake readers waiting in ``LISTEN``. On SQLite there is one
writer at a time, so the event id is already in commit order and ``PRAGMA data_version``
tells a reader that another connection committed: nothing to add.

Revision ID: 0002
Revises: 0001
Create Date: 2024-04-18
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE event ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id()")
    op.execute("CREATE INDEX event_txid ON event (txid)")
    op.execute(
        "CREATE FUNCTION workbench_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN PERFORM pg_notify('workbench_changes', ''); RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER event_notify AFTER INSERT ON event"
        " FOR EACH STATEMENT EXECUTE FUNCTION workbench_notify_change()"
    )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER event_notify ON event")
    op.execute("DROP FUNCTION workbench_notify_change()")
    op.execute("DROP INDEX event_txid")
    op.execute("ALTER TABLE event DROP COLUMN txid")
