"""The whole command-line workflow on both store engines: import, translate, export, a PO
edited elsewhere brought back with import-po, a stale PO refused as a conflict, export again,
score. On PostgreSQL the children find the server through WORKBENCH_DB, as a team would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import polib
import pytest

from tests.data.legacy_store import make_legacy_db
from tests.engines import Cluster
from tests.support import SEED_ARTICLE, msgfmt_check, run
from workbench.store.schema import HEAD_REVISION

if TYPE_CHECKING:
    from workbench.models import InstalledPackage

SLUG = "karabakh"
REF_EN = SEED_ARTICLE.parent / "en.po"


def _ok(*args: str, cwd: Path) -> str:
    proc = run(*args, cwd=cwd)
    assert proc.returncode == 0, (args, proc.stderr)
    assert proc.stderr == "" or "gibberish" in proc.stderr or "generated" in proc.stderr, proc
    return proc.stdout


def test_import_translate_review_by_po_export_and_score(
    tmp_path: Path, engine: str, tiny_packages: dict[str, InstalledPackage]
) -> None:
    ws = ("--workspace", str(tmp_path / "ws"))
    out = tmp_path / "locales"
    _ok("import", str(SEED_ARTICLE), "--slug", SLUG, *ws, cwd=tmp_path)
    _ok("translate", SLUG, "--to", "en,vi", "--beam", "1", "--alternatives", "0", *ws, cwd=tmp_path)
    status = json.loads(_ok("status", SLUG, "--json", *ws, cwd=tmp_path))
    assert status["articles"][0]["langs"]["en"]["machine"] == 15
    assert status["workspace"].startswith("postgresql://" if engine == "postgresql" else "/")
    # a translator takes the machine output to Poedit and approves three entries
    _ok("export", SLUG, "--lang", "en", "--include-machine", "--out", str(out), *ws, cwd=tmp_path)
    po_path = out / "en" / "LC_MESSAGES" / f"{SLUG}.po"
    stale = po_path.read_bytes()
    po = polib.pofile(str(po_path))
    refs = {e.msgid: e.msgstr for e in polib.pofile(str(REF_EN))}
    for entry in po[:3]:
        entry.msgstr = refs[entry.msgid]  # what a translator would write
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    edited = tmp_path / "edited.po"
    po.save(str(edited))
    back = _ok("import-po", str(edited), "--slug", SLUG, "--lang", "en", *ws, cwd=tmp_path)
    assert "3 approved" in back
    # the first export again (an older copy): the approved segments are conflicts, kept
    old = tmp_path / "old.po"
    old.write_bytes(stale)
    old_po = polib.pofile(str(old))
    for entry in old_po[:3]:
        entry.msgstr = "Stale text."
        entry.flags = []
    old_po.save(str(old))
    proc = run("import-po", str(old), "--slug", SLUG, "--lang", "en", *ws, cwd=tmp_path)
    assert proc.returncode == 1, proc  # a conflict: exit 1, each one named, nothing replaced
    assert proc.stdout.count("not 'Stale text.'") == 3, proc.stdout
    _ok("export", SLUG, "--lang", "en", "--out", str(out), *ws, cwd=tmp_path)
    assert msgfmt_check(po_path) == "3 translated messages."
    assert [e.msgstr for e in polib.pofile(str(po_path))] == [refs[e.msgid] for e in po[:3]]
    scores = json.loads(
        _ok("score", "--hyp", str(po_path), "--ref", str(REF_EN), "--metrics", "bleu",
            "--json", cwd=tmp_path)
    )  # fmt: skip
    # the 3 approved segments are the references word for word; the other 12 are empty
    assert " 100.0/100.0/100.0/100.0 " in scores["metrics"]["bleu"]["formatted"], scores
    assert (scores["count"], len(scores["empty"])) == (15, 12)
    status = json.loads(_ok("status", SLUG, "--json", *ws, cwd=tmp_path))
    assert status["articles"][0]["langs"]["en"]["approved"] == 3


def test_the_db_option_picks_the_database_for_every_command(
    tmp_path: Path, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    url = postgres_cluster.create_database()
    _ok("import", str(SEED_ARTICLE), "--slug", SLUG, "--db", url, cwd=tmp_path)
    status = json.loads(_ok("status", "--json", "--db", url, cwd=tmp_path))
    assert status["workspace"] == url
    assert [a["slug"] for a in status["articles"]] == [SLUG]
    assert not (tmp_path / ".workbench" / "workbench.db").exists()  # nothing went to SQLite
    proc = run("segments", SLUG, cwd=tmp_path)  # without --db: the (missing) SQLite default
    assert proc.returncode == 2 and "no workspace" in proc.stderr
    assert "up to date (revision" in _ok("db", "upgrade", "--db", url, cwd=tmp_path)


def test_db_upgrade_brings_a_pre_alembic_file_to_the_head_revision(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    make_legacy_db(ws / "workbench.db", 1)
    out = _ok("db", "upgrade", "--workspace", str(ws), cwd=tmp_path)
    assert f"upgraded from the schema before migrations to {HEAD_REVISION}" in out
    assert "up to date" in _ok("db", "upgrade", "--workspace", str(ws), cwd=tmp_path)
    assert "vieux" in _ok("status", "--workspace", str(ws), cwd=tmp_path)
