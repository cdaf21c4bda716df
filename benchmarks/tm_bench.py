"""Translation-memory lookup time at 100,000 entries (exact + fuzzy), and index build time.

Entries are French sentences generated from the seed article's vocabulary with random
words swapped, so the inverted index sees realistic word frequencies. Prints a table and
JSON. Usage: ``uv run python benchmarks/tm_bench.py [--entries 100000] [--queries 500]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from pathlib import Path

from workbench.tm import TMEntry, TMIndex

SEED = Path(__file__).resolve().parent.parent / "samples" / "karabakh" / "fr.txt"


def make_sentences(n: int, rng: random.Random) -> list[str]:
    words = re.findall(r"\w+", SEED.read_text(encoding="utf-8"))
    vocab = sorted(set(words)) + [f"mot{i}" for i in range(20_000)]  # a newsroom-size vocabulary
    out = []
    for _ in range(n):
        length = rng.randint(8, 35)
        out.append(" ".join(rng.choice(vocab) for _ in range(length)).capitalize() + ".")
    return out


def mutate(sentence: str, rng: random.Random) -> str:
    words = sentence.rstrip(".").split()
    for _ in range(max(1, len(words) // 10)):
        words[rng.randrange(len(words))] = "changé"
    return " ".join(words) + "."


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(7)
    sentences = make_sentences(args.entries, rng)
    entries = [TMEntry(s, f"EN {i}", "bench", f"s{i}") for i, s in enumerate(sentences)]
    t0 = time.perf_counter()
    index = TMIndex(entries)
    build = time.perf_counter() - t0
    picks = [rng.choice(sentences) for _ in range(args.queries)]
    # queries are made before the clock starts (making a new sentence takes ~5 ms: it was
    # inside the no-match timing until the TM moved to rapidfuzz)
    near = [mutate(s, rng) for s in picks]
    misses = make_sentences(args.queries, rng)
    exact_ms, fuzzy_ms, miss_ms, found = [], [], [], 0
    for s, q, miss in zip(picks, near, misses, strict=True):
        t = time.perf_counter()
        assert index.exact(s) is not None
        exact_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        found += bool(index.fuzzy(q))
        fuzzy_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        index.fuzzy(miss)
        miss_ms.append((time.perf_counter() - t) * 1000)

    def p95(xs: list[float]) -> float:
        return sorted(xs)[int(len(xs) * 0.95) - 1]

    result = {
        "entries": len(entries),
        "index_build_s": round(build, 2),
        "exact_ms_median": round(statistics.median(exact_ms), 3),
        "fuzzy_ms_median": round(statistics.median(fuzzy_ms), 2),
        "fuzzy_ms_p95": round(p95(fuzzy_ms), 2),
        "no_match_ms_median": round(statistics.median(miss_ms), 2),
        "fuzzy_found_share": round(found / len(picks), 3),
    }
    print(f"{'metric':<22}{'value':>12}")
    for key, value in result.items():
        print(f"{key:<22}{value:>12}")
    print(json.dumps({"tm": result}))


if __name__ == "__main__":
    main()
