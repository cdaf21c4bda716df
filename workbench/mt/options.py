"""How CTranslate2 decodes (:class:`DecodeOptions`) and how many threads it uses.

Defaults follow argostranslate 1.11 except where measured better (see
:mod:`workbench.mt.translate` for the measurements): beam 4, length penalty 0.2, 256 decoding
steps, ``replace_unknowns``; ``inter_threads = min(2, cores)`` and ``intra_threads = 1``.
"""

from __future__ import annotations

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
    max_decoding_length: int = 256
    max_input_length: int = 1024
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

    @property
    def hypotheses(self) -> int:
        return max(1, min(self.num_hypotheses, self.beam_size))
