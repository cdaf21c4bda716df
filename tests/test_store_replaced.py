"""The -wal and -shm files of an open workspace deleted by another program (issue 15 item 8).

A review UI keeps its store open; someone deletes ``workbench.db-wal`` and ``-shm`` (by hand,
a sync tool); then a ``workbench import`` in another process writes and says it is done. The
UI's SQLite goes on with the unlinked files, the import with new ones: when the UI closed, its
checkpoint and its removal of "its" -wal (by name: the import's) lost the import's write.

Processes, not connections: SQLite shares one -shm per database file inside a process, so
the split only happens between processes, as it does for users.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED_ARTICLE
from tests.test_cli import run
from workbench.project import import_article, list_segments

HOLDER = r"""
import sys
from workbench.errors import StoreReplacedError
from workbench.segment import segment_text
from workbench.store import open_store

store = open_store(sys.argv[1])
print("open", len(store.segments("karabakh")), flush=True)
sys.stdin.readline()  # the test deletes the files and writes from another process meanwhile
text = open(sys.argv[2], encoding="utf-8").read() + "\n\nUne phrase du relecteur.\n"
try:
    store.import_article("held", segment_text(text), title="held", source_path="x",
                         source_sha256="0" * 64)
except StoreReplacedError as exc:
    print("refused", str(exc).replace("\n", " "), flush=True)
else:
    print("written", flush=True)
store.close()
"""


def test_write_reported_done_survives_deleted_wal_and_shm(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, slug="karabakh", workspace=ws)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ws), str(SEED_ARTICLE)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        first = holder.stdout.readline()
        assert first.startswith("open "), first + holder.stderr.read() if holder.stderr else ""
        for suffix in ("-wal", "-shm"):
            (ws / f"workbench.db{suffix}").unlink(missing_ok=True)
        article = tmp_path / "article.txt"
        article.write_text(
            SEED_ARTICLE.read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté ensuite.\n",
            encoding="utf-8",
        )
        done = run(
            "import", str(article), "--slug", "karabakh", "--workspace", str(ws), cwd=tmp_path
        )
        assert done.returncode == 0 and "1 new" in done.stdout, done.stdout + done.stderr
        holder.stdin.write("go\n")
        holder.stdin.flush()
        said, err = holder.communicate(timeout=120)
    finally:
        if holder.poll() is None:
            holder.kill()
    assert holder.returncode == 0, err
    # the holder was told its files were replaced, and wrote nothing to the orphaned ones
    assert said.startswith("refused"), said
    assert "workbench.db-wal and workbench.db-shm" in said and "deleted or replaced" in said
    # the write the CLI reported done is in the database every later process reads
    sources = [s.source for s in list_segments(ws, "karabakh")]
    assert "Un paragraphe ajouté ensuite." in sources
    status = run("status", "--json", "--workspace", str(ws), cwd=tmp_path)
    assert '"held"' not in status.stdout
