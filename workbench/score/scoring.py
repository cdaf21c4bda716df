"""Corpus and sentence scores of aligned pairs, edit effort (HTER), and the CI thresholds.

Corpus scores and sentence scores come from the same per-segment statistics
(:mod:`workbench.score.statistics`): a sentence score is sacreBLEU's ``sentence_score``
computed from the statistics already extracted for the corpus, not a second pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from workbench.errors import InputError
from workbench.score.metrics import METRICS, check_names, nfc, signature
from workbench.score.results import MetricScore, ScoreReport, SegmentScore
from workbench.score.statistics import corpus_statistics

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

    from workbench.score.cache import StatsCache


def sentence_scores(name: str, lang: str | None, stats: Sequence[list[Any]]) -> list[float]:
    """Sentence-level scores from per-segment statistics, exactly ``sentence_score(hyp,
    [ref])`` of the sentence metric (BLEU with effective order, as sacreBLEU's
    ``--sentence-level``): that method is ``_aggregate_and_compute([statistics])``."""
    metric = METRICS[name](lang, sentence=True)
    memo: dict[int, float] = {}  # a repeated pair shares its statistics list
    out = []
    for item in stats:
        score = memo.get(id(item))
        if score is None:
            score = memo[id(item)] = float(metric._aggregate_and_compute([list(item)]).score)
        out.append(score)
    return out


def _labels(
    count: int, keys: Sequence[str] | None, positions: Sequence[int] | None
) -> tuple[list[str], list[int]]:
    keys = [str(i) for i in range(1, count + 1)] if keys is None else [str(k) for k in keys]
    if len(keys) != count:
        raise ValueError(f"{len(keys)} keys for {count} segment pairs")
    positions = list(range(1, count + 1)) if positions is None else list(positions)
    if len(positions) != count:
        raise ValueError(f"{len(positions)} positions for {count} segment pairs")
    return keys, positions


def _score(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: Sequence[str],
    *,
    lang: str | None,
    per_segment: bool,
    keys: Sequence[str] | None,
    positions: Sequence[int] | None = None,
    sources: Sequence[str] | None = None,
    rename: dict[str, tuple[str, str]] | None = None,
    cache: StatsCache | None = None,
    workers: int | None = None,
) -> ScoreReport:
    check_names(metrics)
    if len(hyps) != len(refs):
        raise ValueError(f"{len(hyps)} hypotheses but {len(refs)} references")
    if not refs:
        raise InputError("nothing to score: there are no segment pairs")
    keys, positions = _labels(len(refs), keys, positions)
    sources = [""] * len(refs) if sources is None else list(sources)
    hyps, refs = nfc(hyps), nfc(refs)
    rename = rename or {}
    stats = corpus_statistics(hyps, refs, metrics, lang=lang, workers=workers, cache=cache)
    results: list[MetricScore] = []
    per: dict[str, list[float]] = {}
    for name in metrics:
        out_name, out_label = rename.get(name, (name, ""))
        metric = stats.metrics[name]
        score = metric._aggregate_and_compute(stats.segments[name])
        results.append(
            MetricScore(
                name=out_name,
                score=float(score.score),
                signature=signature(metric, lang).format(),
                formatted=str(score),
                label=out_label or score.name,
            )
        )
        if per_segment:
            per[out_name] = sentence_scores(name, lang, stats.segments[name])
    segments = tuple(
        SegmentScore(
            key=keys[i],
            hyp=hyps[i],
            ref=refs[i],
            scores={n: v[i] for n, v in per.items()},
            position=positions[i],
            source=sources[i],
        )
        for i in range(len(refs) if per_segment else 0)
    )
    empty = tuple(k for k, h in zip(keys, hyps, strict=True) if not h.strip())
    return ScoreReport(
        metrics=tuple(results), segments=segments, count=len(refs), lang=lang, empty=empty
    )


def score_pairs(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
    *,
    lang: str | None = None,
    per_segment: bool = False,
    keys: Sequence[str] | None = None,
    positions: Sequence[int] | None = None,
    sources: Sequence[str] | None = None,
    cache: StatsCache | None = None,
    workers: int | None = None,
) -> ScoreReport:
    """Corpus scores (and optionally sentence scores) of ``hyps`` against one reference each.

    ``lang`` is the target language: it picks the BLEU tokenizer and appears in every
    signature as ``lang:fr-<lang>``. Texts are compared in NFC. ``keys``, ``positions`` and
    ``sources`` name the segments in per-segment output. With a ``cache``, the statistics of
    pairs scored before are read from it (same scores to the last digit).
    """
    return _score(
        hyps,
        refs,
        metrics,
        lang=lang,
        per_segment=per_segment,
        keys=keys,
        positions=positions,
        sources=sources,
        cache=cache,
        workers=workers,
    )


def edit_effort(
    mt: Sequence[str],
    post_edits: Sequence[str],
    keys: Sequence[str] | None = None,
    *,
    lang: str | None = None,
    positions: Sequence[int] | None = None,
    sources: Sequence[str] | None = None,
    cache: StatsCache | None = None,
) -> ScoreReport:
    """HTER (TER of the MT against its post-edit) and chrF, per segment and in total.

    0 HTER means the reviewer changed nothing; 100 means as many edits as post-edit words.
    """
    return _score(
        mt,
        post_edits,
        ("ter", "chrf"),
        lang=lang,
        per_segment=True,
        keys=keys,
        positions=positions,
        sources=sources,
        rename={"ter": ("hter", "HTER")},
        cache=cache,
    )


@lru_cache(maxsize=8)
def _sentence_metric(name: str, lang: str | None) -> Metric:
    return METRICS[name](lang, sentence=True)


def segment_effort(mt: str | None, target: str, *, lang: str | None = None) -> float | None:
    """HTER of one segment (what the review editor shows as you type): the same figure as
    the segment's line in :func:`edit_effort`'s report, to the digit (NFC texts, sacreBLEU's
    sentence TER). None when there is nothing to compare (no MT, or an empty target)."""
    if not mt or not target.strip():
        return None
    hyp, ref = nfc([mt, target])
    return float(_sentence_metric("ter", lang).sentence_score(hyp, [ref]).score)


def check_thresholds(
    report: ScoreReport, min_bleu: float | None, min_chrf: float | None
) -> list[str]:
    """One message per failed threshold; an empty list means the report passes."""
    failures: list[str] = []
    for name, label, minimum in (("bleu", "BLEU", min_bleu), ("chrf", "chrF", min_chrf)):
        if minimum is None:
            continue
        metric = report.metric(name)
        if metric is None:
            failures.append(
                f"{label} was not computed, so --min-{name} {minimum:g} cannot be checked: "
                f"add {name} to the metrics"
            )
        elif metric.score < minimum:
            failures.append(f"{metric.label} {metric.score:.2f} is below the minimum {minimum:g}")
    return failures
