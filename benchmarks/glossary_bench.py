"""Glossary matching time at 2,000 / 10,000 / 30,000 terms (prints figures; not a test).

A glossary of N French terms is generated (``tests.test_glossary_index.make_terms``: the seed
glossary's nine, phrases of the seed article, so some terms really occur, with apostrophes and
hyphens, then made-up newsroom terms). Then, per size:

* ``first find``: the first ``Glossary.find`` (builds whatever index the matcher needs);
* ``find/segment``: ``Glossary.find`` on each seed sentence (median, after the first);
* ``qa``: ``run_checks`` with the glossary on the 14 seed sentences in en and vi (the
  ``workbench qa`` of one article), from a fresh ``Glossary`` (index build included).

    uv run python benchmarks/glossary_bench.py [--sizes 2000,10000,30000] [--budget 400]

``--budget`` (seconds) skips the qa step of a size once a smaller size's qa took so long that
this one would not finish in it (the old matcher took > 300 s at 30,000 terms).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_glossary_index import make_terms
from tests.test_qa import SEED_PAIRS
from workbench.glossary import Glossary
from workbench.qa import run_checks


def measure(size: int, run_qa: bool) -> dict[str, float | int | None]:
    terms = make_terms(size)
    sources = [source for source, _, _ in SEED_PAIRS]
    glossary = Glossary(terms)
    start = time.perf_counter()
    hits = len(glossary.find(sources[0]))
    first = time.perf_counter() - start
    per = []
    for source in sources[1:]:
        start = time.perf_counter()
        hits += len(glossary.find(source))
        per.append(time.perf_counter() - start)
    qa_seconds = None
    findings = 0
    if run_qa:
        fresh = Glossary(tuple(terms))
        start = time.perf_counter()
        for source, en, vi in SEED_PAIRS:
            findings += len(run_checks(source, en, "en", glossary=fresh))
            findings += len(run_checks(source, vi, "vi", glossary=fresh))
        qa_seconds = time.perf_counter() - start
    return {
        "terms": size,
        "hits": hits,
        "first_find_s": round(first, 4),
        "find_median_ms": round(statistics.median(per) * 1000, 3),
        "find_max_ms": round(max(per) * 1000, 3),
        "qa_s": None if qa_seconds is None else round(qa_seconds, 3),
        "qa_findings": findings,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000,30000")
    parser.add_argument("--budget", type=float, default=400.0)
    args = parser.parse_args()
    results = []
    last_qa: tuple[int, float] | None = None
    print(f"{'terms':>7} {'hits':>5} {'first find':>11} {'find/seg':>10} {'max':>9} {'qa':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        # the old matcher grew about linearly per segment: skip a qa that cannot finish
        run_qa = last_qa is None or last_qa[1] * size / last_qa[0] < args.budget
        row = measure(size, run_qa)
        if row["qa_s"] is not None:
            last_qa = (size, float(row["qa_s"]))
        results.append(row)
        qa = "skipped" if row["qa_s"] is None else f"{row['qa_s']:.3f} s"
        print(
            f"{size:>7} {row['hits']:>5} {row['first_find_s']:>9.3f} s "
            f"{row['find_median_ms']:>7.2f} ms {row['find_max_ms']:>6.2f} ms {qa:>9}",
            flush=True,
        )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
