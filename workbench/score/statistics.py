"""Per-segment sufficient statistics with sacreBLEU's own code: each distinct (hypothesis,
reference) pair computed once, taken from the statistics cache when it holds it, the rest in
worker processes on large corpora; corpus scores summed from them exactly.

sacreBLEU's ``corpus_score`` is ``_extract_corpus_statistics`` (one list per segment, each
depending only on its own pair) followed by ``_aggregate_and_compute`` over the whole list.
Here the first step runs on distinct pairs only (in chunks, in worker processes, or not at all
for cached pairs), the lists are put back in corpus order, and the second step runs on the
same list a single call would build: the result is identical to the last digit.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.score.metrics import METRICS, statistics_settings

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

    from workbench.score.cache import StatsCache

#: Below this many pairs to compute, statistics are computed in this process; above it, in
#: one worker process per core. A pair takes ~0.7 ms of sacreBLEU (BLEU + chrF + TER,
#: profiled on the benchmark corpus); starting the workers costs ~0.3-0.5 s (an interpreter
#: and sacreBLEU's import each, in parallel): two workers win from ~1,500 pairs on.
PARALLEL_MIN_PAIRS = 2_000
#: Chunks per worker: small enough to balance uneven segments, big enough to pickle cheaply.
CHUNKS_PER_WORKER = 4


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class CorpusStatistics:
    """Per-segment statistics of every metric, in corpus order, with the metric objects that
    computed them (ready for ``_aggregate_and_compute``)."""

    metrics: dict[str, Metric]
    segments: dict[str, list[list[Any]]]


def _chunk_statistics(
    names: Sequence[str], lang: str | None, hyps: Sequence[str], refs: Sequence[str]
) -> dict[str, list[list[Any]]]:
    """sacreBLEU's ``_extract_corpus_statistics`` of one chunk, for every metric named. Run in
    a worker process: the cyclic garbage collector is off meanwhile (the chunk's n-gram
    counters are all alive until it ends, so collections find nothing and cost ~5 %)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return {
            name: METRICS[name](lang)._extract_corpus_statistics(hyps, [refs]) for name in names
        }
    finally:
        if enabled:
            gc.enable()


def _compute(
    names: Sequence[str],
    lang: str | None,
    hyps: Sequence[str],
    refs: Sequence[str],
    workers: int | None,
) -> dict[str, list[list[Any]]]:
    if workers is None:
        workers = _workers() if len(refs) >= PARALLEL_MIN_PAIRS else 1
    if workers <= 1 or len(refs) < 2:
        return {
            name: METRICS[name](lang)._extract_corpus_statistics(hyps, [refs]) for name in names
        }
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, -(-len(refs) // (workers * CHUNKS_PER_WORKER)))
    out: dict[str, list[list[Any]]] = {name: [] for name in names}
    names = list(names)
    # spawn, not fork: the caller may hold threads (the TUI's workers, CTranslate2's pool).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [
            pool.submit(_chunk_statistics, names, lang, hyps[i : i + size], refs[i : i + size])
            for i in range(0, len(refs), size)
        ]
        for future in futures:
            for name, chunk in future.result().items():
                out[name].extend(chunk)
    return out


def _distinct(hyps: Sequence[str], refs: Sequence[str]) -> tuple[list[str], list[str], list[int]]:
    """The distinct pairs, in first-seen order, and each segment's index among them."""
    index: dict[tuple[str, str], int] = {}
    order = [index.setdefault(pair, len(index)) for pair in zip(hyps, refs, strict=True)]
    return [h for h, _ in index], [r for _, r in index], order


def corpus_statistics(
    hyps: Sequence[str],
    refs: Sequence[str],
    names: Sequence[str],
    *,
    lang: str | None = None,
    workers: int | None = None,
    cache: StatsCache | None = None,
) -> CorpusStatistics:
    """Per-segment statistics of ``hyps`` against one reference each, for every metric named.

    ``workers`` defaults to the usable cores when at least :data:`PARALLEL_MIN_PAIRS` pairs
    must be computed, else 1. Texts are scored as given (the caller normalises them). With a
    ``cache``, stored pairs are read from it and the computed ones added to it. (sacreBLEU's
    "100 lines end in a tokenized period" warning then counts computed distinct pairs only.)
    """
    metrics = {name: METRICS[name](lang) for name in names}
    for metric in metrics.values():
        metric._check_corpus_score_args(hyps, [refs])  # sacreBLEU's own argument checks
    distinct_hyps, distinct_refs, order = _distinct(hyps, refs)
    found: dict[str, list[list[Any] | None]] = {}
    keys: list[bytes] = []
    if cache is not None and cache.usable:
        from workbench.score.cache import pair_key

        keys = [pair_key(h, r) for h, r in zip(distinct_hyps, distinct_refs, strict=True)]
    settings = {name: statistics_settings(metric) for name, metric in metrics.items()}
    stored = cache.lookup(list(settings.values()), keys) if keys and cache is not None else {}
    for name in names:
        hits = stored.get(settings[name])
        found[name] = [hits.get(k) for k in keys] if hits else [None] * len(distinct_refs)
    computed = _fill_missing(found, distinct_hyps, distinct_refs, lang, workers)
    if keys and cache is not None:
        for name, indices in computed.items():  # corrupted entries were misses: mended here
            cache.store(
                settings[name],
                [(keys[i], s) for i in indices if (s := found[name][i]) is not None],
            )
    segments: dict[str, list[list[Any]]] = {}
    for name, metric in metrics.items():
        # as _cache_references sets it: one reference for every segment
        metric.num_refs = 1
        per_pair = found[name]
        segments[name] = [per_pair[i] for i in order]  # type: ignore[misc]
    return CorpusStatistics(metrics=metrics, segments=segments)


def _fill_missing(
    found: dict[str, list[list[Any] | None]],
    hyps: list[str],
    refs: list[str],
    lang: str | None,
    workers: int | None,
) -> dict[str, list[int]]:
    """Computes the pairs the cache did not hold, grouped by the metrics they lack, so a
    pair's texts go to a worker once however many metrics it needs. Returns the indices
    computed, per metric."""
    groups: dict[tuple[str, ...], list[int]] = {}
    done: dict[str, list[int]] = {}
    for i in range(len(refs)):
        lacking = tuple(name for name in found if found[name][i] is None)
        if lacking:
            groups.setdefault(lacking, []).append(i)
    for lacking, indices in groups.items():
        computed = _compute(
            lacking, lang, [hyps[i] for i in indices], [refs[i] for i in indices], workers
        )
        for name in lacking:
            column = found[name]
            for i, stats in zip(indices, computed[name], strict=True):
                column[i] = stats
            done.setdefault(name, []).extend(indices)
    return done


def corpus_scores(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: Sequence[str],
    *,
    lang: str | None = None,
    workers: int | None = None,
    cache: StatsCache | None = None,
) -> dict[str, tuple[Metric, Any]]:
    """``{name: (metric, sacreBLEU score)}``: the same numbers as ``metric.corpus_score(hyps,
    [refs])``, from :func:`corpus_statistics` (parallel on large corpora, cached when asked).
    The caller has checked the inputs (same length, not empty); texts are scored as given."""
    stats = corpus_statistics(hyps, refs, metrics, lang=lang, workers=workers, cache=cache)
    return {
        name: (metric, metric._aggregate_and_compute(stats.segments[name]))
        for name, metric in stats.metrics.items()
    }
