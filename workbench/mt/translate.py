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
* batches of about 4,096 source tokens x beam (see :func:`workbench.mt.batching.batch_tokens`).
* beam 4, 3 hypotheses, length penalty 0.2: Argos's settings. Greedy decoding is 3x faster,
  but its quality cost can only be measured with a real model. Asking for more hypotheses at
  the same beam never changes the best one (tests/test_decode_safety.py).
* decoding safety (:mod:`workbench.mt.options`): each text is split for the model at sentence
  (and, past ``max_piece_tokens``, clause) boundaries and rejoined (:mod:`workbench.mt.pieces`);
  the decoding limit grows with the source instead of a flat 256 steps. A piece cut between
  words, or an output stopped at the limit, is said in :attr:`MTResult.notes`.
* every MT carries a confidence (:mod:`workbench.mt.confidence`): the best output's
  geometric-mean token probability, per leg, multiplied over a pivot route.
* tokens are encoded and decoded by :mod:`workbench.mt.decode` (argostranslate's decoding,
  better where safe: no leaked ``▁``/``@@``/tags, real underscores kept).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.errors import InputError, PackageError
from workbench.mt import loaded
from workbench.mt.batching import Decoded, chunks, decode
from workbench.mt.confidence import combine_legs, leg_confidence
from workbench.mt.options import DecodeOptions
from workbench.mt.pieces import Split, rejoin, split_for_model

if TYPE_CHECKING:
    from workbench.mt.decode import Codec
    from workbench.mt.packages import InstalledPackage
    from workbench.mt.routes import Route

ProgressCallback = Callable[[int, int], None]


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
    confidence: float = 1.0  # 0-1, see workbench.mt.confidence (product over a pivot route)
    notes: tuple[str, ...] = ()  # what the reviewer must know: a cut input, a decoding limit


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
    log_prob: float = 0.0  # of the best hypothesis, all pieces
    scored_tokens: int = 0
    notes: tuple[str, ...] = ()

    @property
    def confidence(self) -> float:
        return leg_confidence(self.log_prob, self.scored_tokens)


_EMPTY = _Output((("", 0.0),), 0, 0)

# --------------------------------------------------------------------------------------------
# one step


def _notes(split: Split, parts: Sequence[Decoded], options: DecodeOptions) -> tuple[str, ...]:
    notes = []
    limit = options.max_piece_tokens
    if split.cut:
        notes.append(
            f"a passage of more than {limit} tokens with no sentence or clause boundary was "
            f"translated in {len(split.pieces)} pieces cut between words: check the joins"
        )
    elif split.clauses:
        notes.append(f"a sentence of more than {limit} tokens was translated clause by clause")
    retried = sum(1 for part in parts if part.retried)
    if retried:
        notes.append(
            "the model looped (it reached its decoding limit); this is a second decoding with "
            f"repetition penalty {options.loop_retry_penalty:g}"
            + (f" of {retried} of {len(parts)} pieces" if len(parts) > 1 else "")
        )
    stopped = sum(1 for part in parts if part.hit_limit)
    if stopped:
        notes.append(
            "the model stopped at its decoding limit"
            + (f" in {stopped} of {len(parts)} pieces" if len(parts) > 1 else "")
            + ": it may have looped or left something out"
        )
    return tuple(notes)


def _combine(
    codec: Codec, split: Split, parts: Sequence[Decoded], lengths: Sequence[int], prefix: str,
    options: DecodeOptions,
) -> _Output:  # fmt: skip
    """One text's output from its pieces' (rank r joins each piece's r-th hypothesis, or its
    last one)."""
    ranks = max(len(part.hypotheses) for part in parts)
    hypotheses = []
    for rank in range(ranks):
        chosen = [part.hypotheses[min(rank, len(part.hypotheses) - 1)] for part in parts]
        text = rejoin([codec.decode(tokens) for tokens, _ in chosen], split.separators)
        weights = [len(tokens) + 1 for tokens, _ in chosen]
        score = sum(w * value for w, (_, value) in zip(weights, chosen, strict=True)) / sum(weights)
        hypotheses.append((text, score if len(parts) > 1 else chosen[0][1]))
    best_tokens = 0
    for part in parts:
        tokens = part.hypotheses[0][0]
        best_tokens += len(tokens) - (1 if prefix and tokens[:1] == (prefix,) else 0)
    return _Output(
        hypotheses=tuple(hypotheses),
        source_tokens=sum(lengths),
        target_tokens=best_tokens,
        log_prob=sum(part.log_prob for part in parts),
        scored_tokens=sum(part.scored_tokens for part in parts),
        notes=_notes(split, parts, options),
    )


def _split(text: str, package: InstalledPackage, codec: Codec, options: DecodeOptions) -> Split:
    return split_for_model(
        text, package.from_code, lambda piece: len(codec.encode(piece)), options.max_piece_tokens
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
    splits = {i: _split(texts[i], package, codec, options) for i in pending}
    jobs = [(i, k) for i in pending for k in range(len(splits[i].pieces))]
    tokens = [codec.encode(splits[i].pieces[k]) for i, k in jobs]
    lengths = [len(t) for t in tokens]
    decoded: dict[int, Decoded] = {}
    left = Counter(i for i, _ in jobs)
    for chunk in chunks(
        sorted(range(len(jobs)), key=lengths.__getitem__), lengths, options.chunk_tokens
    ):
        try:
            results = decode(translator, [tokens[j] for j in chunk], package.target_prefix, options)
        except RuntimeError as error:
            # e.g. an input longer than the model's position table (the copy model's limit)
            raise PackageError(f"package {package.label} could not translate ({error})") from error
        finished = 0
        for job, result in zip(chunk, results, strict=True):
            decoded[job] = result
            left[jobs[job][0]] -= 1
            finished += left[jobs[job][0]] == 0
        yield finished
    by_text: dict[int, list[int]] = {}
    for job, (i, _k) in enumerate(jobs):
        by_text.setdefault(i, []).append(job)
    for i, members in by_text.items():
        parts = [decoded[job] for job in members]
        outputs[i] = _combine(
            codec, splits[i], parts, [lengths[j] for j in members], package.target_prefix, options
        )
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
    stages = route_label.split(">")
    notes = tuple(
        f"{stage}: {note}" if len(per_step) > 1 else note
        for stage, output in zip(stages, per_step, strict=False)
        for note in output.notes
    )
    return MTResult(
        text=last.hypotheses[0][0],
        score=sum(output.hypotheses[0][1] for output in per_step),
        alternatives=_alternatives(last.hypotheses),
        pivot=pivot,
        model=route_label,
        source_tokens=per_step[0].source_tokens,
        target_tokens=last.target_tokens,
        confidence=combine_legs([output.confidence for output in per_step]),
        notes=notes,
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
