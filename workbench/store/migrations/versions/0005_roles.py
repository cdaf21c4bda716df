"""Identities and roles on PostgreSQL, enforced by the server (nothing on SQLite).

Three group roles (cluster-wide, created once, shared by every workbench database of the
server): ``workbench_translator`` (edits, "needs review"), ``workbench_reviewer`` (also
approves and unapproves; a member of translator) and ``workbench_admin`` (also imports
articles, glossaries and TMX, grants roles; a member of reviewer). A login gets one of them
(``workbench db grant``). The database owner and superusers count as admin.

What the server enforces, whatever client writes (the CLI, or ``psql``):

- table privileges (``workbench/store/roles.py`` grants them after every upgrade: new tables
  of later revisions get theirs there);
- row-level security on ``translation``: a row may become ``approved``, and an ``approved``
  row may change at all, only for a reviewer (:func:`workbench_may_approve`); a translator's
  ``UPDATE`` of an approved row matches no row, a write that approves fails;
  ``event``: an approve/unapprove event only from a reviewer; ``ui_position``: each login
  reads and writes its own rows;
- provenance, by triggers on ``translation`` and ``event``: for anyone but an admin, the
  reviewer is the login (``session_user``: ``SET ROLE`` cannot change it) and the time is
  the server's; a translation's version rises by exactly one per write.

The owner (who runs the migrations) bypasses row security, as PostgreSQL does for owners:
it is the admin who copies workspaces in (``db copy``) and repairs data.

Revision ID: 0005
Revises: 0004
Create Date: 2024-04-21
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GROUPS = ("workbench_translator", "workbench_reviewer", "workbench_admin")
NOW = "to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"


def _groups() -> None:
    """The three group roles (a concurrent creation by another database's upgrade is
    fine) and their chain: admin > reviewer > translator."""
    for name in GROUPS:
        op.execute(
            "DO $$ BEGIN"
            f" IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN"
            f"  BEGIN CREATE ROLE {name} NOLOGIN;"
            "  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;"
            " END IF; END $$"
        )
    _member("workbench_reviewer", "workbench_translator")
    _member("workbench_admin", "workbench_reviewer")


def _member(member: str, group: str) -> None:
    op.execute(
        "DO $$ BEGIN"
        f" IF NOT pg_has_role('{member}', '{group}', 'MEMBER') THEN GRANT {group} TO {member};"
        " END IF; END $$"
    )


def _functions(schema: str) -> None:
    op.execute(
        "CREATE FUNCTION workbench_may_approve() RETURNS boolean LANGUAGE sql STABLE AS"
        " $$ SELECT pg_catalog.pg_has_role(current_user, 'workbench_reviewer', 'USAGE') $$"
    )
    op.execute(
        "CREATE FUNCTION workbench_is_admin() RETURNS boolean LANGUAGE sql STABLE AS $$"
        " SELECT pg_catalog.pg_has_role(current_user, 'workbench_admin', 'USAGE')"
        "  OR pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')"
        f" FROM pg_catalog.pg_class c WHERE c.oid = '{schema}.translation'::pg_catalog.regclass"
        " $$"
    )
    op.execute(
        "CREATE FUNCTION workbench_role() RETURNS text LANGUAGE sql STABLE AS $$ SELECT CASE"
        f" WHEN {schema}.workbench_is_admin() THEN 'admin'"
        f" WHEN {schema}.workbench_may_approve() THEN 'reviewer'"
        " WHEN pg_catalog.pg_has_role(current_user, 'workbench_translator', 'USAGE')"
        " THEN 'translator' ELSE 'none' END $$"
    )


def _row_security(schema: str) -> None:
    may_approve = f"{schema}.workbench_may_approve()"
    allowed = f"(status <> 'approved' OR {may_approve})"
    op.execute("ALTER TABLE translation ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY translation_read ON translation FOR SELECT USING (true)")
    op.execute(f"CREATE POLICY translation_add ON translation FOR INSERT WITH CHECK {allowed}")
    op.execute(
        "CREATE POLICY translation_change ON translation FOR UPDATE"
        f" USING {allowed} WITH CHECK {allowed}"
    )
    op.execute(
        "CREATE POLICY translation_remove ON translation FOR DELETE"
        f" USING ({schema}.workbench_is_admin())"
    )
    op.execute("ALTER TABLE event ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY event_read ON event FOR SELECT USING (true)")
    op.execute(
        "CREATE POLICY event_add ON event FOR INSERT"
        f" WITH CHECK (action NOT IN ('approve', 'unapprove') OR {may_approve})"
    )
    own = f"(reviewer = session_user OR {schema}.workbench_is_admin())"
    op.execute("ALTER TABLE ui_position ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY ui_position_own ON ui_position USING {own} WITH CHECK {own}")


def _provenance(schema: str) -> None:
    op.execute(
        "CREATE FUNCTION workbench_stamp_translation() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN IF NOT {schema}.workbench_is_admin() THEN"
        f"  NEW.reviewer := session_user; NEW.updated_at := {NOW};"
        "  IF TG_OP = 'UPDATE' AND NEW.version IS DISTINCT FROM OLD.version + 1 THEN"
        "   RAISE EXCEPTION 'a translation write raises its version by one'"
        "    USING ERRCODE = '42501';"
        "  END IF;"
        " END IF; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER translation_stamp BEFORE INSERT OR UPDATE ON translation"
        " FOR EACH ROW EXECUTE FUNCTION workbench_stamp_translation()"
    )
    op.execute(
        "CREATE FUNCTION workbench_stamp_event() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN IF NOT {schema}.workbench_is_admin() THEN"
        f"  NEW.reviewer := session_user; NEW.at := {NOW};"
        " END IF; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER event_stamp BEFORE INSERT ON event"
        " FOR EACH ROW EXECUTE FUNCTION workbench_stamp_event()"
    )


def _grant_function() -> None:
    """``workbench db grant``: runs as the owner (SECURITY DEFINER, a fixed search_path),
    callable by admins only; takes one of the three roles (or none) and a plain login name."""
    op.execute(
        "CREATE FUNCTION workbench_grant(login text, wanted text) RETURNS text"
        " LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
        " DECLARE made boolean := false; g text;"
        " BEGIN"
        "  IF wanted IS NULL OR wanted NOT IN ('translator', 'reviewer', 'admin', 'none') THEN"
        "   RAISE EXCEPTION 'unknown workbench role %', wanted USING ERRCODE = '22023';"
        "  END IF;"
        "  IF login IS NULL OR login !~ '^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$'"
        "     OR login LIKE 'workbench\\_%' OR login LIKE 'pg\\_%' THEN"
        "   RAISE EXCEPTION 'not a login name: %', login USING ERRCODE = '22023';"
        "  END IF;"
        "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN"
        "   IF wanted = 'none' THEN RETURN 'unknown'; END IF;"
        "   EXECUTE format('CREATE ROLE %I LOGIN', login); made := true;"
        "  END IF;"
        "  FOREACH g IN ARRAY ARRAY['workbench_translator', 'workbench_reviewer',"
        "    'workbench_admin'] LOOP"
        "   IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
        "     JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = g AND u.rolname = login)"
        "   THEN EXECUTE format('REVOKE %I FROM %I', g, login); END IF;"
        "  END LOOP;"
        "  IF wanted <> 'none' THEN"
        "   EXECUTE format('GRANT %I TO %I', 'workbench_' || wanted, login);"
        "  END IF;"
        "  RETURN CASE WHEN made THEN 'created' ELSE 'granted' END;"
        " END $$"
    )
    op.execute("REVOKE ALL ON FUNCTION workbench_grant(text, text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION workbench_grant(text, text) TO workbench_admin")


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return  # SQLite: roles are advisory (the --reviewer name is recorded, nothing enforced)
    schema = str(op.get_bind().exec_driver_sql("SELECT quote_ident(current_schema())").scalar())
    _groups()
    _functions(schema)
    _row_security(schema)
    _provenance(schema)
    _grant_function()


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION workbench_grant(text, text)")
    op.execute("DROP TRIGGER event_stamp ON event")
    op.execute("DROP FUNCTION workbench_stamp_event()")
    op.execute("DROP TRIGGER translation_stamp ON translation")
    op.execute("DROP FUNCTION workbench_stamp_translation()")
    for policy, table in (
        ("ui_position_own", "ui_position"),
        ("event_add", "event"),
        ("event_read", "event"),
        ("translation_remove", "translation"),
        ("translation_change", "translation"),
        ("translation_add", "translation"),
        ("translation_read", "translation"),
    ):
        op.execute(f"DROP POLICY {policy} ON {table}")
    for table in ("ui_position", "event", "translation"):
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for function in ("workbench_role", "workbench_is_admin", "workbench_may_approve"):
        op.execute(f"DROP FUNCTION {function}()")
    # the group roles stay: other databases of the server may use them
