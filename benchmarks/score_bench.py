"""Time corpus BLEU, chrF and TER (workbench.score -> sacreBLEU) on many segment pairs.

Pairs are built from the reference translations in samples/karabakh (en and vi), cycled
to the requested count, each hypothesis perturbed by a seeded random mix of dropped,
swapped and replaced words so that scores are neither 0 nor 100.

    uv run python benchmarks/score_bench.py [--pairs 100000] [--lang en|vi] [--json-only]
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

from workbench.score import METRICS, score_pairs

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
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args(argv)

    hyps, refs = make_pairs(args.lang, args.pairs)
    rows = []
    for name in METRICS:
        start = time.perf_counter()
        report = score_pairs(hyps, refs, [name], lang=args.lang)
        seconds = time.perf_counter() - start
        metric = report.metrics[0]
        rows.append(
            {
                "metric": metric.label,
                "score": round(metric.score, 2),
                "seconds": round(seconds, 2),
                "signature": metric.signature,
            }
        )
    total = round(sum(r["seconds"] for r in rows), 2)
    result = {
        "pairs": args.pairs,
        "lang": args.lang,
        "ref_words": sum(len(r.split()) for r in refs),
        "total_seconds": total,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "metrics": rows,
    }
    if not args.json_only:
        print(f"{args.pairs:,} segment pairs ({args.lang}), {result['ref_words']:,} ref words")
        print(f"{'metric':<7} {'score':>7} {'seconds':>8}  signature")
        for r in rows:
            print(f"{r['metric']:<7} {r['score']:>7.2f} {r['seconds']:>8.2f}  {r['signature']}")
        print(f"{'total':<7} {'':>7} {total:>8.2f}")
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
