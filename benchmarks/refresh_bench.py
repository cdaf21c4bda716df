"""Refresh latency of the open review UI: a write in another process -> shown in the editor.

The review app runs headless (Textual's pilot, no key pressed) on the seed article; a writer
process saves the open segment's target per request and prints the wall-clock time right
after its commit; the app's event loop runs until the editor shows the new text. Prints p50 /
p95 / max of commit -> shown, on SQLite (PRAGMA data_version polling) and PostgreSQL
(LISTEN/NOTIFY; a throwaway cluster from tests/engines.py, or WORKBENCH_TEST_POSTGRES_URL).

    uv run python benchmarks/refresh_bench.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.engines import start_cluster
from tests.support import SEED_ARTICLE, SIZE, SLUG, hand_mt, screen_of
from workbench.project import import_article
from workbench.review import ReviewSession
from workbench.store import open_store
from workbench.tui.app import ReviewApp

WRITER = r"""
import sys, time
from workbench.store import open_store
ws, slug, sid = sys.argv[1:4]
with open_store(ws) as store:
    for line in sys.stdin:
        store.save_target(slug, sid, "vi", line.strip(), expected_version=None, reviewer="bao")
        print(time.time(), flush=True)
"""


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(ws: Path, rounds: int) -> list[float]:
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
    store = open_store(ws)
    session = ReviewSession(store, SLUG, "vi", "anna", checker=False)
    app = ReviewApp(session, translate_on_open=False, cursor_blink=False)
    latencies: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("ctrl+n", "ctrl+n")
        while not any(w.group == "watch" and w.is_running for w in app.workers):
            await pilot.pause(0.01)
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(ws), SLUG, str(session.current_id)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert writer.stdin is not None and writer.stdout is not None
        for n in range(rounds):
            text = f"VI của Bảo, lần {n}"
            writer.stdin.write(text + "\n")
            writer.stdin.flush()
            committed = float(await asyncio.to_thread(writer.stdout.readline))
            while screen.editor.target.text != text:
                await pilot.pause(0.002)
            latencies.append(time.time() - committed)
        writer.stdin.close()
        writer.wait(timeout=60)
        await pilot.press("ctrl+q")
    store.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
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
                ms = [v * 1000 for v in asyncio.run(measure(Path(folder) / "ws", args.rounds))]
            print(
                f"{engine:<10} commit -> shown in the open editor  p50 "
                f"{statistics.median(ms):6.1f} ms  p95 {_pct(ms, 0.95):6.1f} ms"
                f"  max {max(ms):6.1f} ms  ({len(ms)} writes)"
            )
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
