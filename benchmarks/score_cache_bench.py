"""Time BLEU + chrF + TER on many pairs with the per-segment statistics cache: cold (empty
cache: everything computed, then stored), warm (same corpus again), warm with 1 % of the
hypotheses changed, and without any cache; checks that all give the same scores.

Pairs come from ``score_bench.make_pairs`` (the samples' references, seeded random damage);
by default every (hypothesis, reference) pair is distinct, so the cold figure does not
profit from repeated pairs (``--allow-repeats`` keeps make_pairs' ~10-20 % repeats).

    uv run python benchmarks/score_cache_bench.py [--pairs 100000] [--lang en,vi]
        [--changed 0.01] [--skip-no-cache]

The machine may be shared: the 1-minute load average is printed before and after each run,
with the CPU seconds used (this process and its worker processes), which load changes less.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_bench import make_pairs

from workbench.score import StatsCache, score_pairs

NAMES = ["bleu", "chrf", "ter"]


def distinct_pairs(lang: str, count: int) -> tuple[list[str], list[str]]:
    """make_pairs, with each repeated pair's hypothesis damaged again until it is new."""
    hyps, refs = make_pairs(lang, count)
    seen: set[tuple[str, str]] = set()
    rng = random.Random(99)
    for i, pair in enumerate(zip(hyps, refs, strict=True)):
        while pair in seen:
            words = pair[0].split() or ["…"]
            words.insert(rng.randrange(len(words) + 1), rng.choice(refs[i].split() or ["x"]))
            pair = (" ".join(words), refs[i])
        hyps[i] = pair[0]
        seen.add(pair)
    return hyps, refs


def changed(hyps: list[str], share: float, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = list(hyps)
    for i in rng.sample(range(len(out)), max(1, round(len(out) * share))):
        out[i] = out[i] + " (updated)"
    return out


def _load() -> float:
    return os.getloadavg()[0]


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, hyps: list[str], refs: list[str], lang: str, path: Path | None) -> dict:
    load_before = _load()
    cpu = _cpu()
    start = time.perf_counter()
    if path is None:
        report = score_pairs(hyps, refs, NAMES, lang=lang)
        hits = misses = 0
    else:
        with StatsCache.open(path) as cache:
            report = score_pairs(hyps, refs, NAMES, lang=lang, cache=cache)
            hits, misses = cache.hits, cache.misses
            assert not cache.notices, cache.notices
    seconds = time.perf_counter() - start
    cpu = _cpu() - cpu
    print(f"  {lang} {label}: {seconds:.2f} s, load {load_before:.2f} -> {_load():.2f}", flush=True)
    return {
        "run": label,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "hits": hits,
        "misses": misses,
        "load_before": round(load_before, 2),
        "load_after": round(_load(), 2),
        "scores": [m.formatted for m in report.metrics],
        "signatures": [m.signature for m in report.metrics],
    }


def run_lang(lang: str, args: argparse.Namespace, folder: Path) -> list[dict]:
    if args.allow_repeats:
        hyps, refs = make_pairs(lang, args.pairs)
    else:
        hyps, refs = distinct_pairs(lang, args.pairs)
    edited = changed(hyps, args.changed)
    path = folder / f"{lang}.sqlite"
    rows = [timed("cold", hyps, refs, lang, path)]
    rows[-1]["cache_bytes"] = path.stat().st_size
    rows.append(timed("warm", hyps, refs, lang, path))
    rows.append(timed(f"warm, {args.changed:.0%} changed", edited, refs, lang, path))
    if not args.skip_no_cache:
        rows.append(timed("no cache", hyps, refs, lang, None))
        assert rows[-1]["scores"] == rows[0]["scores"], "no-cache differs from cold"
        assert rows[-1]["signatures"] == rows[0]["signatures"]
        rows.append(timed(f"no cache, {args.changed:.0%} changed", edited, refs, lang, None))
        assert rows[-1]["scores"] == rows[2]["scores"], "no-cache differs from warm 1 %"
    assert rows[1]["scores"] == rows[0]["scores"], "warm differs from cold"
    for row in rows:
        row.update(lang=lang, pairs=len(refs), distinct=len(set(zip(hyps, refs, strict=True))))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--lang", default="en,vi")
    parser.add_argument("--changed", type=float, default=0.01)
    parser.add_argument("--skip-no-cache", action="store_true")
    parser.add_argument("--allow-repeats", action="store_true")
    args = parser.parse_args(argv)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="score-cache-bench-") as tmp:
        for lang in args.lang.split(","):
            rows.extend(run_lang(lang, args, Path(tmp)))
    print(
        f"{'lang':<4} {'run':<22} {'seconds':>8} {'CPU s':>8} {'computed':>9} {'cached':>9}"
        "  load 1 min"
    )
    for r in rows:
        print(
            f"{r['lang']:<4} {r['run']:<22} {r['seconds']:>8.2f} {r['cpu_seconds']:>8.2f} "
            f"{r['misses']:>9,} {r['hits']:>9,}  {r['load_before']:.2f} -> {r['load_after']:.2f}"
        )
    for r in rows:
        if "cache_bytes" in r:
            print(f"{r['lang']}: cache file {r['cache_bytes'] / 1e6:.1f} MB, {r['pairs']:,} pairs")
    print("scores identical across cold, warm and no-cache runs: yes (asserted)")
    json.dump({"rows": rows, "cpus": os.cpu_count()}, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
