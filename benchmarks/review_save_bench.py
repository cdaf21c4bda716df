"""Key-to-save latency of the review UI, in a real terminal (tmux), measured from the store.

The workspace comes from ``workbench demo --no-review`` (generated packages); the first
translatable segment's Vietnamese target is emptied, then ``workbench review`` runs in a
tmux pane and this script types into it with ``tmux send-keys`` while it polls the store
(a separate SQLite connection, every 2 ms) for the row's target:

* autosave: one burst of text, then nothing: time from the burst's send to the row holding
  it (the autosave waits SAVE_DELAY_S = 0.5 s of quiet);
* continuous typing: a key every ``--interval`` seconds for ``--seconds``: for every key,
  how long it waited until a save held it (the autosave saves at least every
  MAX_UNSAVED_S = 2 s while typing goes on); the maximum is what a crash could lose;
* ctrl+q right after a burst: time to the row holding it.

    uv run python benchmarks/review_save_bench.py [--rounds 5] [--interval 0.2] [--seconds 8]

Prints a table and a JSON line. Needs tmux.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tmux import Terminal, review_env, workbench_argv  # noqa: E402

SLUG = "karabakh"
POLL_S = 0.002
BURST = "Cuộc di cư của người Armenia khỏi Karabakh diễn ra rất nhanh"


def prepare(root: Path) -> tuple[Path, str]:
    """A demo workspace whose first translatable segment has an empty vi target."""
    subprocess.run(workbench_argv("demo", "--no-review"), env=review_env(root), check=True,
                   capture_output=True, cwd=root)  # fmt: skip
    db = root / "ws" / "workbench.db"
    conn = sqlite3.connect(db)
    sid, version = conn.execute(
        "SELECT s.id, t.version FROM segment s JOIN translation t ON t.segment_id = s.id"
        " AND t.article_id = s.article_id WHERE t.lang = 'vi' AND s.kind != 'chrome'"
        " ORDER BY s.position LIMIT 1"
    ).fetchone()
    conn.close()
    sys.path.insert(0, str(ROOT))
    from workbench.store import open_store

    with open_store(root / "ws") as store:
        store.save_target(SLUG, sid, "vi", "", expected_version=version, reviewer="bench")
    return db, sid


class Watcher:
    """Reads one segment's target from the store, as often as asked."""

    def __init__(self, db: Path, sid: str) -> None:
        self.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.sid = sid

    def target(self) -> str:
        row = self.conn.execute(
            "SELECT target FROM translation WHERE segment_id = ? AND lang = 'vi'", (self.sid,)
        ).fetchone()
        return str(row[0]) if row else ""

    def wait_for(self, wanted: str, timeout: float = 30.0) -> float:
        """Seconds until the target equals ``wanted``."""
        start = time.perf_counter()
        while self.target() != wanted:
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"the store never held {wanted!r}")
            time.sleep(POLL_S)
        return time.perf_counter()


def open_review(root: Path, name: str) -> Terminal:
    argv = workbench_argv("review", SLUG, "--lang", "vi", "--workspace", str(root / "ws"))
    term = Terminal(root, argv, review_env(root), name=name)
    term.wait_ready()
    return term


def autosave_latency(root: Path, watch: Watcher, rounds: int) -> list[float]:
    term = open_review(root, "autosave")
    results = []
    text = ""
    try:
        for _ in range(rounds):
            text = text + BURST + " "
            sent = time.perf_counter()
            term.type(BURST + " ")
            results.append(watch.wait_for(text) - sent)
            time.sleep(0.3)
    finally:
        term.keys("C-q")
        term.exit_code()
        term.close()
    return results


def continuous(root: Path, watch: Watcher, interval: float, seconds: float) -> dict[str, float]:
    term = open_review(root, "continuous")
    base = watch.target()
    keys = int(seconds / interval)
    typed = "abcdefghij" * (keys // 10 + 1)
    sent_at: list[float] = []
    saves: list[tuple[float, int]] = []  # (when seen, keys in it)
    next_key = time.perf_counter()
    seen = base
    try:
        while len(sent_at) < keys or time.perf_counter() < sent_at[-1] + 3.0:
            now = time.perf_counter()
            if len(sent_at) < keys and now >= next_key:
                term.type(typed[len(sent_at)])
                sent_at.append(time.perf_counter())
                next_key += interval
            target = watch.target()
            if target != seen:
                seen = target
                saves.append((time.perf_counter(), len(target) - len(base)))
            time.sleep(POLL_S)
    finally:
        term.keys("C-q")
        term.exit_code()
        term.close()
    waits = []
    for k, t in enumerate(sent_at):
        saved = next((when for when, count in saves if count > k), None)
        if saved is not None:
            waits.append(saved - t)
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(saves)]
    return {
        "keys": keys,
        "saves": len(saves),
        "max_unsaved_s": max(waits),
        "median_unsaved_s": statistics.median(waits),
        "median_gap_between_saves_s": statistics.median(gaps) if gaps else float("nan"),
    }


def quit_latency(root: Path, watch: Watcher, rounds: int) -> list[float]:
    results = []
    for i in range(rounds):
        term = open_review(root, f"quit{i}")
        wanted = BURST + watch.target()
        sent = time.perf_counter()
        term.type(BURST, "C-q")
        results.append(watch.wait_for(wanted) - sent)
        term.exit_code()
        term.close()
    return results


def line(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return (f"{name:<34} median {statistics.median(ms):7.1f} ms   min {ms[0]:7.1f}   "
            f"max {ms[-1]:7.1f}   (n={len(ms)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between keys")
    parser.add_argument("--seconds", type=float, default=8.0, help="of continuous typing")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="review-save-bench-"))
    db, sid = prepare(root)
    watch = Watcher(db, sid)
    autosave = autosave_latency(root, watch, args.rounds)
    steady = continuous(root, watch, args.interval, args.seconds)
    quits = quit_latency(root, watch, args.rounds)
    print(f"review UI key-to-save, in tmux ({platform.machine()}, {platform.python_version()})")
    print(line("burst → row in the store (autosave)", autosave))
    print(line("burst + ctrl+q → row in the store", quits))
    print(f"a key every {args.interval:g} s for {args.seconds:g} s: {steady['saves']} saves, "
          f"longest wait of a key until saved {steady['max_unsaved_s'] * 1000:.0f} ms, "
          f"median {steady['median_unsaved_s'] * 1000:.0f} ms, median gap between saves "
          f"{steady['median_gap_between_saves_s'] * 1000:.0f} ms")  # fmt: skip
    print(json.dumps({"autosave_s": autosave, "quit_s": quits, "continuous": steady}))


if __name__ == "__main__":
    main()
