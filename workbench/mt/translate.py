"""Batched CTranslate2 translation with each package's own tokenizer; pivot; n-best.

Store-free: plain lists of strings in, :class:`MTResult` out, in input order.

This replaces Argos's ``apply_packaged_translation`` loop (one ``translate_batch`` per paragraph):
all texts of a step are tokenized, sorted by token length and given to ``translate_batch`` with
``batch_type="tokens"``, so CTranslate2 packs them into few, evenly padded batches and runs them
on ``inter_threads`` workers. A pivot route runs every text through fr→en, then every English
best through en→vi. Texts are fed in chunks of ``DecodeOptions.chunk_tokens`` tokens (one chunk
for a normal article) only so that long jobs can report progress and be cancelled.

Decisions (measured on the 2-core machine this was written on; benchmarks/mt_bench.py sweeps
them on the Transformer-base generated model, benchmarks/run_all.py prints the figures):

* threads: ``inter_threads = min(2, cores)``, ``intra_threads = 1``. Argos's default
  ``intra_threads=0`` (one OpenMP pool over all cores per batch) was 2.2x slower on 2 cores
  with the tiny model (DESIGN.md's 15-25x did not reproduce here); on the base model, beam 4:
  812 target tokens/s against 628 (inter 1, intra 0), 638 (1, 2), 466 (1, 1), 768 (2, 2).
  Two single-threaded workers on two batches use both cores without oversubscription.
* ``compute_type="auto"``: CTranslate2 picks ``int8_float32`` here (int8 matrix products,
  float32 elsewhere); forcing ``int8`` or ``int8_float32`` changed nothing beyond the noise,
  nor did ``CT2_FORCE_CPU_ISA=AVX512`` (CTranslate2 picks its AVX2 kernels on AMD CPUs).
* batches of about 4,096 source tokens x beam (see :func:`_batch_tokens`).
* beam 4, 3 hypotheses, length penalty 0.2, 256 decoding steps: Argos's settings. Greedy
  decoding is 3x faster, but its quality cost can only be measured with a real model.
* tokens are encoded and decoded by :mod:`workbench.mt.decode` (argostranslate's decoding,
  better where safe: no leaked ``▁``/``@@``/tags, real underscores kept).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.errors import InputError, PackageError
from workbench.mt import loaded
from workbench.mt.options import DecodeOptions

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage
    from workbench.mt.routes import Route

ProgressCallback = Callable[[int, int], None]
MIN_BATCH_TOKENS = 64


@dataclass(frozen=True, slots=True)
class MTResult:
    """One machine translation, with what is needed to record and review it."""

    text: str  # best hypothesis, detokenized
    score: float  # its score (CTranslate2's length-normalized log prob; summed over a pivot)
    alternatives: tuple[str, ...]  # other distinct non-empty hypotheses, best first
    pivot: str | None  # English pivot text when routed through en
    model: str  # "code@version", or "code@version>code@version" for a pivot route
    source_tokens: int
    target_tokens: int


@dataclass(frozen=True, slots=True)
class Progress:
    """A progress event of :func:`iter_translate`; the last one carries the results."""

    done: int  # texts translated so far, counted once per step
    total: int
    stage: str  # "fr→en"
    results: tuple[MTResult, ...] | None = None


@dataclass(frozen=True, slots=True)
class _Output:
    hypotheses: tuple[tuple[str, float], ...]  # at least one
    source_tokens: int
    target_tokens: int  # of the best hypothesis


_EMPTY = _Output((("", 0.0),), 0, 0)

# --------------------------------------------------------------------------------------------
# one step


def _chunks(order: list[int], lengths: list[int], chunk_tokens: int) -> Iterator[list[int]]:
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


def _batch_tokens(total: int, options: DecodeOptions) -> int:
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


def _translate_batch(
    translator: Any,
    batch: list[list[str]],
    prefix: list[list[str]] | None,
    options: DecodeOptions,
) -> list[Any]:
    return translator.translate_batch(
        batch,
        target_prefix=prefix,
        max_batch_size=_batch_tokens(sum(len(tokens) for tokens in batch), options),
        batch_type="tokens",
        beam_size=options.beam_size,
        num_hypotheses=options.hypotheses,
        length_penalty=options.length_penalty,
        max_decoding_length=options.max_decoding_length,
        max_input_length=options.max_input_length,
        return_scores=True,
        replace_unknowns=True,
    )


def _step(
    texts: Sequence[str], package: InstalledPackage, options: DecodeOptions
) -> Generator[int, None, list[_Output]]:
    """Translate ``texts`` with one package; yields how many were done after each chunk."""
    outputs: list[_Output] = [_EMPTY] * len(texts)
    pending = [i for i, text in enumerate(texts) if text.strip()]
    if not pending:
        return outputs
    codec = loaded.codec(package)
    translator = loaded.translator(package, options)
    tokens: dict[int, list[str]] = {i: codec.encode(texts[i]) for i in pending}
    lengths = [len(tokens.get(i, ())) for i in range(len(texts))]
    order = sorted(pending, key=lambda i: lengths[i])
    for chunk in _chunks(order, lengths, options.chunk_tokens):
        batch = [tokens[i] for i in chunk]
        prefix = [[package.target_prefix] for _ in chunk] if package.target_prefix else None
        try:
            results = _translate_batch(translator, batch, prefix, options)
        except RuntimeError as error:
            # e.g. an input longer than the model's position table (the copy model's limit)
            raise PackageError(f"package {package.label} could not translate ({error})") from error
        for index, result in zip(chunk, results, strict=True):
            hypotheses = tuple(
                (codec.decode(hypothesis), float(score))
                for hypothesis, score in zip(result.hypotheses, result.scores, strict=True)
            )
            best_tokens = len(result.hypotheses[0]) if result.hypotheses else 0
            if (
                package.target_prefix
                and best_tokens
                and result.hypotheses[0][0] == package.target_prefix
            ):
                best_tokens -= 1
            outputs[index] = _Output(hypotheses or (("", 0.0),), lengths[index], best_tokens)
        yield len(chunk)
    return outputs


def translate_one_step(
    texts: Sequence[str], package: InstalledPackage, options: DecodeOptions | None = None
) -> list[list[tuple[str, float]]]:
    """The n-best ``(text, score)`` list of every text with one package (``[("", 0.0)]`` when
    the text is empty)."""
    generator = _step(list(texts), package, options or DecodeOptions())
    outputs = _drain(generator)
    return [list(output.hypotheses) for output in outputs]


def _drain(generator: Generator[int, None, list[_Output]]) -> list[_Output]:
    """Run a step generator to the end, dropping its progress counts."""
    while True:
        try:
            next(generator)
        except StopIteration as stop:
            return stop.value


# --------------------------------------------------------------------------------------------
# routes


def _alternatives(hypotheses: Sequence[tuple[str, float]]) -> tuple[str, ...]:
    best = hypotheses[0][0]
    seen = {best}
    alternatives: list[str] = []
    for text, _score in hypotheses[1:]:
        if text.strip() and text not in seen:
            seen.add(text)
            alternatives.append(text)
    return tuple(alternatives)


def _stage(package: InstalledPackage) -> str:
    return f"{package.from_code}→{package.to_code}"


def _run_steps(
    texts: Sequence[str],
    steps: Sequence[InstalledPackage],
    options: DecodeOptions,
) -> Generator[Progress, None, list[list[_Output]]]:
    """Run ``texts`` through each package in turn (each step on the previous step's bests)."""
    count = sum(1 for text in texts if text.strip())
    total = count * len(steps)
    per_step: list[list[_Output]] = []
    current = list(texts)
    for number, package in enumerate(steps):
        generator = _step(current, package, options)
        done = number * count
        while True:
            try:
                done += next(generator)
            except StopIteration as stop:
                outputs: list[_Output] = stop.value
                break
            yield Progress(done, total, _stage(package))
        per_step.append(outputs)
        current = [output.hypotheses[0][0] for output in outputs]
    return per_step


def _result(
    original: str, per_step: Sequence[_Output], route_label: str, pivot_given: str | None
) -> MTResult:
    if not original.strip():
        return MTResult("", 0.0, (), None, route_label, 0, 0)
    last = per_step[-1]
    pivot = pivot_given
    if pivot is None and len(per_step) == 2:
        pivot = per_step[0].hypotheses[0][0]
    return MTResult(
        text=last.hypotheses[0][0],
        score=sum(output.hypotheses[0][1] for output in per_step),
        alternatives=_alternatives(last.hypotheses),
        pivot=pivot,
        model=route_label,
        source_tokens=per_step[0].source_tokens,
        target_tokens=last.target_tokens,
    )


def iter_translate(
    texts: Sequence[str], route: Route, options: DecodeOptions | None = None
) -> Iterator[Progress]:
    """Translate ``texts`` along ``route``, yielding :class:`Progress` after each chunk.

    The last event has ``results`` (one :class:`MTResult` per text, in input order). Stop
    iterating to cancel: no further chunk is started (toolong-style worker loop).
    """
    texts = list(texts)
    options = options or DecodeOptions()
    per_step = yield from _run_steps(texts, route.steps, options)
    results = tuple(
        _result(text, [outputs[i] for outputs in per_step], route.label, None)
        for i, text in enumerate(texts)
    )
    count = sum(1 for text in texts if text.strip()) * len(route.steps)
    yield Progress(count, count, "done", results)


def _collect(events: Iterator[Progress], progress: ProgressCallback | None) -> list[MTResult]:
    for event in events:
        if progress is not None:
            progress(event.done, event.total)
        if event.results is not None:
            return list(event.results)
    raise RuntimeError("translation ended without results")  # a bug: iter_translate always ends


def translate_texts(
    texts: Sequence[str],
    route: Route,
    options: DecodeOptions | None = None,
    progress: ProgressCallback | None = None,
) -> list[MTResult]:
    """Translate every text along ``route`` (one pass per step); results in input order."""
    return _collect(iter_translate(texts, route, options), progress)


def iter_retranslate_from_pivot(
    english: Sequence[str], route: Route, options: DecodeOptions | None = None
) -> Iterator[Progress]:
    """Like :func:`iter_translate` for the second step of a pivot route only, from given
    (reviewer-edited) English. ``MTResult.model`` is the second package only, ``pivot`` the
    given English, token counts are of the English and the output."""
    if route.pivot is None:
        raise InputError(
            f"the {route.from_code}→{route.to_code} route is direct: there is no English pivot "
            "to re-translate from"
        )
    english = list(english)
    options = options or DecodeOptions()
    second = route.steps[1]
    per_step = yield from _run_steps(english, (second,), options)
    results = tuple(
        _result(text, [per_step[0][i]], second.label, text) for i, text in enumerate(english)
    )
    count = sum(1 for text in english if text.strip())
    yield Progress(count, count, "done", results)


def retranslate_from_pivot(
    english: Sequence[str],
    route: Route,
    options: DecodeOptions | None = None,
    progress: ProgressCallback | None = None,
) -> list[MTResult]:
    """Re-translate from edited English pivots with the second package of ``route``."""
    return _collect(iter_retranslate_from_pivot(english, route, options), progress)
