"""Cost of one small SQLite store write, with and without the checkpoint after each commit.

The store checkpoints every commit into the database file (``wal_checkpoint(PASSIVE)``, see
``workbench/store/sqlite.py``) so that a write reported done does not live only in a -wal
file another program may delete. This prints what that costs per write (``set_kind`` on
the seed article, alternating, in one open store):

    uv run python benchmarks/store_write_bench.py [--writes 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import SEED_ARTICLE
from workbench.project import import_article
from workbench.store import open_store
from workbench.store.sqlite import SQLiteBackend


def measure(writes: int) -> float:
    """Seconds per write."""
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        import_article(SEED_ARTICLE, slug="k", workspace=ws)
        with open_store(ws) as store:
            segments = [s for s in store.segments("k") if s.kind == "content"]
            start = time.perf_counter()
            for i in range(writes):
                kind = "chrome" if i % 2 == 0 else None
                store.set_kind("k", segments[i % len(segments)].id, kind, "bench")
            return (time.perf_counter() - start) / writes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    args = parser.parse_args()
    with_checkpoint = SQLiteBackend.after_commit
    for label in ("checkpoint after each commit", "before: no checkpoint or check"):
        if label.startswith("before"):
            SQLiteBackend.after_commit = lambda self, conn: None  # type: ignore[method-assign]
        else:
            SQLiteBackend.after_commit = with_checkpoint  # type: ignore[method-assign]
        per = measure(args.writes)
        print(f"{label:>30}: {per * 1000:6.2f} ms/write ({args.writes} writes)", flush=True)
    SQLiteBackend.after_commit = with_checkpoint  # type: ignore[method-assign]
    return 0


if __name__ == "__main__":
    sys.exit(main())
