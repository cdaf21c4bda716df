"""Alembic environment: run the revisions on the connection workbench hands over.

workbench calls Alembic with ``config.attributes["connection"]`` already inside the
transaction that holds the migration lock (migrate.py), so every revision of one upgrade
commits or rolls back together. Run by hand (``alembic -c .../alembic.ini``), it connects
to ``$WORKBENCH_DB``.
"""

from __future__ import annotations

import os
from typing import Any

from alembic import context
from sqlalchemy import create_engine

config = context.config


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("WORKBENCH_DB", "")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
