"""How CTranslate2 decodes (:class:`DecodeOptions`) and how many threads it uses.

Defaults follow argostranslate 1.11 except where measured better (see
:mod:`workbench.mt.translate` and :mod:`workbench.mt.batching` for the measurements): beam 4,
length penalty 0.2, ``replace_unknowns``; ``inter_threads = min(2, cores)`` and
``intra_threads = 1``. Decoding safety (``benchmarks/decoding_bench.py`` measures it): the
decoding limit grows with the source (:meth:`DecodeOptions.decoding_limit`) instead of Argos's
flat 256 steps, inputs longer than ``max_piece_tokens`` are split (:mod:`workbench.mt.pieces`)
instead of truncated, and repetition control is chosen by measurement.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def default_inter_threads() -> int:
    return min(2, _cores())


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    """How CTranslate2 decodes; defaults follow Argos except where measured better."""

    beam_size: int = 4
    num_hypotheses: int = 3
    length_penalty: float = 0.2
    max_batch_tokens: int = 4096  # upper bound of source tokens per batch; see _batch_tokens
    beam_batch_tokens: int = 4096  # source tokens x beam_size per batch (0: no such bound)
    # decoding limit: min(max_decoding_length, decoding_length_base + per_token * source)
    max_decoding_length: int = 512
    decoding_length_base: int = 16
    decoding_length_per_token: float = 3.0
    max_piece_tokens: int = 150  # longer inputs are split at sentence / clause boundaries
    repetition_penalty: float = 1.0  # for every output (1: off)
    no_repeat_ngram_size: int = 0  # for every output (0: off)
    # an output that reached its decoding limit (a loop) is decoded again with this penalty
    loop_retry_penalty: float = 1.5  # (1 or less: no second decoding)
    compute_type: str = "auto"
    device: str = "cpu"
    inter_threads: int = field(default_factory=default_inter_threads)
    intra_threads: int = 1
    chunk_tokens: int = 16384  # progress granularity; 0 = every text in one translate_batch

    def __post_init__(self) -> None:
        if self.beam_size < 1:
            raise ValueError("beam_size must be at least 1")
        if self.max_batch_tokens < 1:
            raise ValueError("max_batch_tokens must be at least 1")
        if self.beam_batch_tokens < 0:
            raise ValueError("beam_batch_tokens must be 0 (no bound) or more")
        if self.max_decoding_length < 1 or self.max_piece_tokens < 1:
            raise ValueError("max_decoding_length and max_piece_tokens must be at least 1")

    def decoding_limit(self, source_tokens: int) -> int:
        """How many tokens the model may write for a source of ``source_tokens`` tokens."""
        grown = self.decoding_length_base + math.ceil(
            self.decoding_length_per_token * source_tokens
        )
        return max(1, min(self.max_decoding_length, grown))

    @property
    def hypotheses(self) -> int:
        return max(1, min(self.num_hypotheses, self.beam_size))
