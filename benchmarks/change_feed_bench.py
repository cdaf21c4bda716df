"""How soon a reader learns of another process's commit, on SQLite and on PostgreSQL.

A writer process saves one segment per request and prints the wall-clock time right after
its commit; the reader blocks in ``Store.wait_for_change`` and notes when it wakes, then asks
``changes_since``. Prints p50 / p95 / max of commit -> wake-up and of commit -> changes read.
SQLite polls ``PRAGMA data_version`` (POLL_S); PostgreSQL wakes on LISTEN/NOTIFY. PostgreSQL
runs on a throwaway cluster (tests/engines.py), or on WORKBENCH_TEST_POSTGRES_URL.

    uv run python benchmarks/change_feed_bench.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.engines import start_cluster
from tests.support import STORE_ARTICLE as ARTICLE
from tests.support import write_machine_mt as machine
from workbench.store import open_store

WRITER = r"""
import sys, time
from workbench.store import open_store
ws, sid = sys.argv[1:3]
with open_store(ws) as store:
    for n, _ in enumerate(sys.stdin):
        store.save_target("art", sid, "en", f"edit {n}", expected_version=None)
        print(time.time(), flush=True)
"""


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(ws: Path, rounds: int) -> tuple[list[float], list[float]]:
    with open_store(ws, create=True) as store:
        store.import_article("art", ARTICLE, title="t", source_path="a", source_sha256="x")
        machine(store)
        sid = store.segments("art")[1].id
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(ws), sid],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert writer.stdin is not None and writer.stdout is not None
    wake, read = [], []
    with open_store(ws) as reader:
        token = reader.change_token()
        for _ in range(rounds):
            woke: list[float] = []

            def wait(into: list[float] = woke) -> None:
                if reader.wait_for_change(10):
                    into.append(time.time())

            thread = threading.Thread(target=wait)
            thread.start()
            time.sleep(0.05)  # the reader is waiting before the write
            writer.stdin.write("go\n")
            writer.stdin.flush()
            committed = float(writer.stdout.readline())
            thread.join()
            token, changes = reader.changes_since(token)
            done = time.time()
            assert woke and changes, "the write was not seen"
            wake.append(woke[0] - committed)
            read.append(done - committed)
    writer.stdin.close()
    writer.wait()
    return wake, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    cluster, why = start_cluster()
    try:
        for engine in ("sqlite", "postgresql"):
            if engine == "postgresql":
                if cluster is None:
                    print(f"postgresql: skipped ({why})")
                    continue
                os.environ["WORKBENCH_DB"] = cluster.create_database()
            with tempfile.TemporaryDirectory() as folder:
                wake, read = measure(Path(folder) / "ws", args.rounds)
            ms = [(name, [v * 1000 for v in values]) for name, values in
                  (("commit -> wake", wake), ("commit -> changes read", read))]  # fmt: skip
            for name, values in ms:
                print(
                    f"{engine:<10} {name:<24} p50 {statistics.median(values):6.1f} ms"
                    f"  p95 {_pct(values, 0.95):6.1f} ms  max {max(values):6.1f} ms"
                    f"  ({len(values)} commits)"
                )
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
