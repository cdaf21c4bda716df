"""Time corpus BLEU, chrF and TER (workbench.score -> sacreBLEU) on many segment pairs.

Pairs are built from the reference translations in samples/karabakh (en and vi), cycled
to the requested count, each hypothesis perturbed by a seeded random mix of dropped,
swapped and replaced words so that scores are neither 0 nor 100.

Before: each metric's sacreBLEU ``corpus_score`` in this process (what workbench did until the
parallel path). After: ``workbench.score.score_pairs`` with the three metrics, as ``workbench
score`` calls it: above ``PARALLEL_MIN_PAIRS`` pairs the per-segment statistics are computed in
one worker process per core with sacreBLEU's own code and combined exactly.

    uv run python benchmarks/score_bench.py [--pairs 100000] [--lang en|vi] [--skip-serial]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

import polib

from workbench.score import METRICS, PARALLEL_MIN_PAIRS, corpus_scores, score_pairs
from workbench.score import statistics as score_statistics

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "karabakh"


def make_pairs(lang: str, count: int, seed: int = 1234) -> tuple[list[str], list[str]]:
    refs_seed = [e.msgstr for e in polib.pofile(str(SAMPLES / f"{lang}.po"))]
    vocabulary = sorted({w for r in refs_seed for w in r.split()})
    rng = random.Random(seed)
    refs: list[str] = []
    hyps: list[str] = []
    for i in range(count):
        ref = refs_seed[i % len(refs_seed)]
        words = ref.split()
        out: list[str] = []
        for word in words:
            roll = rng.random()
            if roll < 0.08:
                continue  # drop
            if roll < 0.16:
                out.append(rng.choice(vocabulary))  # replace
            else:
                out.append(word)
        if len(out) > 2 and rng.random() < 0.3:
            j = rng.randrange(len(out) - 1)
            out[j], out[j + 1] = out[j + 1], out[j]  # swap neighbours
        refs.append(ref)
        hyps.append(" ".join(out))
    return hyps, refs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--lang", choices=("en", "vi"), default="en")
    parser.add_argument("--skip-serial", action="store_true", help="only the parallel run")
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args(argv)

    hyps, refs = make_pairs(args.lang, args.pairs)
    rows = []
    if not args.skip_serial:  # before: one sacreBLEU corpus_score per metric, in this process
        for name in METRICS:
            start = time.perf_counter()
            metric, score = corpus_scores(hyps, refs, [name], lang=args.lang, workers=1)[name]
            seconds = time.perf_counter() - start
            rows.append(
                {
                    "metric": score.name,
                    "score": round(score.score, 2),
                    "seconds": round(seconds, 2),
                    "signature": str(metric.get_signature()),
                }
            )
    serial = round(sum(r["seconds"] for r in rows), 2) if rows else None
    # after: workbench.score.score_pairs, all three metrics, as the CLI calls it
    start = time.perf_counter()
    report = score_pairs(hyps, refs, list(METRICS), lang=args.lang)
    parallel = round(time.perf_counter() - start, 2)
    if rows:
        for row, metric in zip(rows, report.metrics, strict=True):
            assert row["score"] == round(metric.score, 2), (row, metric)
    result = {
        "pairs": args.pairs,
        "lang": args.lang,
        "ref_words": sum(len(r.split()) for r in refs),
        "serial_seconds": serial,
        "total_seconds": parallel,
        "workers": score_statistics._workers() if args.pairs >= PARALLEL_MIN_PAIRS else 1,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "metrics": rows
        or [
            {"metric": m.label, "score": round(m.score, 2), "signature": m.signature}
            for m in report.metrics
        ],
    }
    if not args.json_only:
        print(f"{args.pairs:,} segment pairs ({args.lang}), {result['ref_words']:,} ref words")
        print(f"{'metric':<7} {'score':>7} {'seconds':>8}  signature (one process each)")
        for r in rows:
            print(f"{r['metric']:<7} {r['score']:>7.2f} {r['seconds']:>8.2f}  {r['signature']}")
        if serial is not None:
            print(f"{'total':<7} {'':>7} {serial:>8.2f}  in one process (before)")
        print(
            f"{'total':<7} {'':>7} {parallel:>8.2f}  score_pairs, {result['workers']} "
            "worker process(es) (after)"
        )
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
