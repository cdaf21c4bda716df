"""Scores translations against references with sacreBLEU's own metric objects.

BLEU, chrF and TER come from ``sacrebleu.metrics``; every score carries sacreBLEU's
reproducibility signature. sacrebleu (and polib) are imported inside the functions that use
them, so ``import workbench.score`` stays cheap.

    pairs       reading a hypothesis and a reference file (PO or one segment a line)
    metrics     the metric registry, signatures, the settings that identify statistics
    statistics  per-segment statistics: distinct pairs, worker processes, the cache
    cache       the per-segment statistics file (SQLite)
    scoring     corpus and sentence scores, edit effort (HTER), CI thresholds
    compare     sacreBLEU's paired bootstrap test and its verdict in words
    format      terminal text
"""

from __future__ import annotations

from workbench.score.cache import StatsCache
from workbench.score.compare import SIGNIFICANCE, paired_bootstrap, verdicts
from workbench.score.format import format_comparison, format_report, printable, segment_name
from workbench.score.metrics import METRICS, SOURCE_LANG, MetricFactory
from workbench.score.pairs import (
    POTranslations,
    SegmentPairs,
    detect_language,
    load_pairs,
    load_segment_pairs,
    load_translations,
)
from workbench.score.results import MetricScore, ScoreReport, SegmentScore
from workbench.score.scoring import (
    check_thresholds,
    edit_effort,
    score_pairs,
    segment_effort,
    sentence_scores,
)
from workbench.score.statistics import (
    CHUNKS_PER_WORKER,
    PARALLEL_MIN_PAIRS,
    corpus_scores,
    corpus_statistics,
)

__all__ = [
    "CHUNKS_PER_WORKER",
    "METRICS",
    "PARALLEL_MIN_PAIRS",
    "SIGNIFICANCE",
    "SOURCE_LANG",
    "MetricFactory",
    "MetricScore",
    "POTranslations",
    "ScoreReport",
    "SegmentPairs",
    "SegmentScore",
    "StatsCache",
    "check_thresholds",
    "corpus_scores",
    "corpus_statistics",
    "detect_language",
    "edit_effort",
    "format_comparison",
    "format_report",
    "load_pairs",
    "load_segment_pairs",
    "load_translations",
    "paired_bootstrap",
    "printable",
    "score_pairs",
    "segment_effort",
    "segment_name",
    "sentence_scores",
    "verdicts",
]
