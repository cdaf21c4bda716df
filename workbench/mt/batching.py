"""How token sequences are handed to CTranslate2: chunks, batches, decoding limits, scoring.

Texts are tokenized, sorted by length and fed in chunks of ``DecodeOptions.chunk_tokens``
(progress and cancellation); within a chunk, sequences are grouped by their decoding limit
(:meth:`~workbench.mt.options.DecodeOptions.decoding_limit`, proportional to the source length)
and every group is submitted to ``translate_batch`` asynchronously at once, so the
``inter_threads`` workers stay busy across groups. The best hypotheses' log-probabilities (the
confidence of :mod:`workbench.mt.confidence`) come from CTranslate2's scores, or from
``score_batch`` where those are not the model's own (see :func:`_log_probs`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from workbench.mt.options import DecodeOptions

MIN_BATCH_TOKENS = 64
#: Sequences whose decoding limits are within this factor share one translate_batch call.
LIMIT_GROUP_FACTOR = 1.5


@dataclass(frozen=True, slots=True)
class Decoded:
    """One sequence's n-best and what the best one cost."""

    hypotheses: tuple[tuple[tuple[str, ...], float], ...]  # (tokens, CTranslate2 score)
    log_prob: float  # sum of the best hypothesis' token log-probs, </s> included
    scored_tokens: int  # how many tokens log_prob sums over
    hit_limit: bool  # the best hypothesis stopped at the decoding limit, not at </s>
    retried: bool = False  # decoded a second time with the loop-retry penalty


def chunks(order: list[int], lengths: Sequence[int], chunk_tokens: int) -> Iterator[list[int]]:
    """``order`` cut into runs of about ``chunk_tokens`` tokens (one run when 0 or less)."""
    if chunk_tokens <= 0:
        if order:
            yield order
        return
    chunk: list[int] = []
    size = 0
    for index in order:
        if chunk and size + lengths[index] > chunk_tokens:
            yield chunk
            chunk, size = [], 0
        chunk.append(index)
        size += lengths[index]
    if chunk:
        yield chunk


def batch_tokens(total: int, options: DecodeOptions) -> int:
    """Source tokens per batch: at most ``max_batch_tokens`` and ``beam_batch_tokens /
    beam_size``, and small enough that every one of the ``inter_threads`` workers gets a batch
    (one 450-token article in a single batch left one of two workers idle: 1.19 s against
    0.82 s with 256-token batches, base model, beam 4).

    The beam bound: each decoding step scores batch x beam hypotheses against the whole
    vocabulary (32k floats each), and the step's working set must stay in cache. Measured on
    the 500-segment article, base model, 2 cores (alternating runs, medians of 4): beam 4 ran
    866 target tokens/s with 1,024-token batches, 746 with 2,048, 828 with 512; greedy 2,833
    with 4,096, 2,685 with 2,048, 2,521 with one batch per worker. Against the former fixed
    2,048-token bound, 4,096 / beam was faster in 15 of 16 paired runs: fr→en +8 % at beam 4,
    +10 % greedy; fr→en→vi +5 % and +7 %."""
    workers = max(1, options.inter_threads)
    limit = options.max_batch_tokens
    if options.beam_batch_tokens > 0:
        limit = min(limit, max(MIN_BATCH_TOKENS, options.beam_batch_tokens // options.beam_size))
    return min(limit, max(MIN_BATCH_TOKENS, -(-total // workers)))


def limit_groups(lengths: Sequence[int], options: DecodeOptions) -> list[tuple[list[int], int]]:
    """Positions of length-sorted ``lengths`` grouped by decoding limit: (positions, limit),
    each group's limit the one of its longest sequence."""
    groups: list[tuple[list[int], int]] = []
    first_limit = 0
    for position, length in enumerate(lengths):
        limit = options.decoding_limit(length)
        if not groups or limit > LIMIT_GROUP_FACTOR * first_limit:
            groups.append(([], limit))
            first_limit = limit
        members, _ = groups[-1]
        members.append(position)
        groups[-1] = (members, limit)
    return groups


def _submit(
    translator: Any, batch: list[list[str]], prefix: list[list[str]] | None, limit: int,
    options: DecodeOptions,
) -> list[Any]:  # fmt: skip
    return translator.translate_batch(
        batch,
        target_prefix=prefix,
        max_batch_size=batch_tokens(sum(len(tokens) for tokens in batch), options),
        batch_type="tokens",
        asynchronous=True,
        beam_size=options.beam_size,
        num_hypotheses=options.hypotheses,
        length_penalty=options.length_penalty,
        repetition_penalty=options.repetition_penalty,
        no_repeat_ngram_size=options.no_repeat_ngram_size,
        max_decoding_length=limit,
        max_input_length=0,  # never truncate: workbench.mt.pieces bounds every input
        return_scores=True,
        replace_unknowns=True,
    )


def decode(
    translator: Any, batch: list[list[str]], prefix: str, options: DecodeOptions
) -> list[Decoded]:
    """Translate length-sorted ``batch`` (see the module docstring); results in its order.
    Outputs that reached their decoding limit are decoded again with
    ``options.loop_retry_penalty`` (:func:`retry_loops`)."""
    return retry_loops(
        translator, batch, prefix, options, _decode(translator, batch, prefix, options)
    )


def retry_loops(
    translator: Any,
    batch: list[list[str]],
    prefix: str,
    options: DecodeOptions,
    decoded: list[Decoded],
) -> list[Decoded]:
    """Decode again, with a repetition penalty, the sequences whose output reached the limit;
    keep the second output when it ends by itself. Measured (benchmarks/decoding_bench.py):
    a global penalty or n-gram ban changes outputs that were fine; on the looping copy model a
    penalty of 1.5 stops every loop exactly where the source ends, 1.1 and 1.2 none."""
    looped = [i for i, result in enumerate(decoded) if result.hit_limit]
    if not looped or options.loop_retry_penalty <= 1.0:
        return decoded
    again = replace(options, repetition_penalty=options.loop_retry_penalty)
    second = _decode(translator, [batch[i] for i in looped], prefix, again)
    out = list(decoded)
    for i, result in zip(looped, second, strict=True):
        if not result.hit_limit:
            out[i] = replace(result, retried=True)
    return out


def _log_probs(
    translator: Any,
    batch: list[list[str]],
    results: list[Any],
    bests: list[list[str]],
    stopped: list[bool],
    offset: int,
    options: DecodeOptions,
) -> list[tuple[float, int]]:
    """(sum of the log-probs of each best output, its token count, ``</s>`` included).

    From CTranslate2's own score where it is exact: ``score = sum / (tokens + 1) **
    length_penalty``, ``</s>`` and the target prefix counted in the length, the prefix's
    log-prob not in the sum (tests check it against ``score_batch``). ``score_batch`` (+34 %
    time on the base model when run on every output, benchmarks/scoring_overhead.py) only for
    outputs stopped at the limit — no ``</s>`` written; scoring adds the one the model did not
    want — and for decodings with a repetition penalty or n-gram ban, whose scores are not the
    model's."""
    penalized = options.repetition_penalty != 1.0 or options.no_repeat_ngram_size > 0
    sums: list[tuple[float, int]] = []
    rescore: list[int] = []
    for index, (result, best) in enumerate(zip(results, bests, strict=True)):
        if penalized or stopped[index] or not result.scores:
            rescore.append(index)
            sums.append((0.0, 0))
            continue
        length = len(best) + 1
        sums.append((float(result.scores[0]) * length**options.length_penalty, length - offset))
    if rescore:
        scored = translator.score_batch(
            [batch[i] for i in rescore], [bests[i] for i in rescore],
            max_batch_size=batch_tokens(sum(len(batch[i]) for i in rescore), options),
            batch_type="tokens", max_input_length=0, offset=offset,
        )  # fmt: skip
        for index, score in zip(rescore, scored, strict=True):
            sums[index] = (float(sum(score.log_probs)), len(score.log_probs))
    return sums


def _decode(
    translator: Any, batch: list[list[str]], prefix: str, options: DecodeOptions
) -> list[Decoded]:
    pending: list[tuple[int, Any, int]] = []
    for positions, limit in limit_groups([len(tokens) for tokens in batch], options):
        group = [batch[p] for p in positions]
        prefixes = [[prefix] for _ in group] if prefix else None
        for position, result in zip(
            positions, _submit(translator, group, prefixes, limit, options), strict=True
        ):
            pending.append((position, result, limit))
    results: list[Any] = [None] * len(batch)
    limits = [0] * len(batch)
    for position, result, limit in pending:
        results[position] = result.result()
        limits[position] = limit
    bests = [list(r.hypotheses[0]) if r.hypotheses else [] for r in results]
    offset = 1 if prefix else 0
    stopped = [len(best) - offset >= limit for best, limit in zip(bests, limits, strict=True)]
    sums = _log_probs(translator, batch, results, bests, stopped, offset, options)
    decoded = []
    for result, (log_prob, count), hit in zip(results, sums, stopped, strict=True):
        hypotheses = tuple(
            (tuple(tokens), float(value))
            for tokens, value in zip(result.hypotheses, result.scores, strict=True)
        )
        decoded.append(
            Decoded(
                hypotheses=hypotheses or (((), 0.0),),
                log_prob=log_prob,
                scored_tokens=count,
                hit_limit=hit,
            )
        )
    return decoded
