"""Segmentation speed (prints figures; not a test).

Times ``segment_text`` on the megabyte inputs of ``tests/test_segment.py`` that a backtracking
regex would take minutes on (goal, the test's old threshold: under 5 s per MB each), and on the
seed article repeated 40 and 400 times (goal: linear, the 400 copies under 30 times the 40).

    uv run python benchmarks/segment_bench.py [--repeat 3] [--json-only]

Prints a table, then one JSON object. Each figure is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench_common as common

from tests.test_segment import PATHOLOGICAL
from workbench.segment import read_article, segment_text

GOAL_SECONDS_PER_MB = 5.0
GOAL_LINEAR_RATIO = 30.0  # 10 times the text in under 30 times the time


def best_seconds(text: str, repeat: int) -> tuple[int, float]:
    """(segments, fastest time of ``segment_text(text)`` over ``repeat`` runs)."""
    times = []
    count = 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = len(segment_text(text))
        times.append(time.perf_counter() - start)
    return count, min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()

    rows = []
    for name, text in PATHOLOGICAL.items():
        megabytes = len(text.encode()) / 1e6
        count, seconds = best_seconds(text, args.repeat)
        rows.append(
            {
                "input": name,
                "mb": round(megabytes, 2),
                "segments": count,
                "s_per_mb": round(seconds / megabytes, 3),
            }
        )
    block = read_article(common.SEED_ARTICLE) + "\n\n"
    small_count, small = best_seconds(block * 40, args.repeat)
    large_count, large = best_seconds(block * 400, args.repeat)
    report = {
        "benchmark": "segment.segment_text",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "load_average": common.load_average(),
        "pathological": rows,
        "worst_s_per_mb": max(r["s_per_mb"] for r in rows),
        "goal_s_per_mb": GOAL_SECONDS_PER_MB,
        "seed_x40": {
            "mb": round(len((block * 40).encode()) / 1e6, 2),
            "segments": small_count,
            "s": round(small, 3),
        },
        "seed_x400": {
            "mb": round(len((block * 400).encode()) / 1e6, 2),
            "segments": large_count,
            "s": round(large, 3),
        },
        "linear_ratio": round(large / small, 1),
        "goal_linear_ratio": GOAL_LINEAR_RATIO,
    }
    if not args.json_only:
        print(f"{'input':<18} {'MB':>5} {'segments':>9} {'s/MB':>7}")
        for r in rows:
            print(f"{r['input']:<18} {r['mb']:>5} {r['segments']:>9} {r['s_per_mb']:>7}")
        worst = report["worst_s_per_mb"]
        verdict = "met" if worst < GOAL_SECONDS_PER_MB else "MISSED"
        print(f"worst: {worst} s/MB (goal < {GOAL_SECONDS_PER_MB:g} s/MB: {verdict})")
        ratio = report["linear_ratio"]
        verdict = "met" if ratio < GOAL_LINEAR_RATIO else "MISSED"
        print(
            f"seed article x40: {small:.3f} s, x400: {large:.3f} s ({large_count} segments, "
            f"{report['seed_x400']['mb']} MB): ratio {ratio} (goal < {GOAL_LINEAR_RATIO:g}: "
            f"{verdict}); load {report['load_average']}"
        )
        print()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
