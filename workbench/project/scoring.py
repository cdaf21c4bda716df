"""Use cases: score files against references (with the CI gate), compare two systems, and
measure the post-editing effort of an article; the per-segment statistics cache they share."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import InputError
from workbench.store import Store, open_store

if TYPE_CHECKING:
    from workbench.score import ScoreReport, StatsCache


@contextlib.contextmanager
def score_cache(
    workspace: str | os.PathLike[str] | None,
    cache_file: str | os.PathLike[str] | None = None,
    *,
    enabled: bool = True,
    notices: list[str] | None = None,
) -> Iterator[StatsCache | None]:
    """The per-segment statistics cache: ``cache_file``, else ``score-cache.sqlite`` in the
    workspace; None when not ``enabled``. What it has to say (an unreadable file, ...) is
    appended to ``notices`` when it closes."""
    if not enabled:
        yield None
        return
    from workbench.score import StatsCache
    from workbench.score.cache import DEFAULT_NAME
    from workbench.store import workspace_dir

    path = Path(cache_file) if cache_file else workspace_dir(workspace) / DEFAULT_NAME
    cache = StatsCache.open(path)
    try:
        yield cache
    finally:
        cache.close()
        if notices is not None:
            notices.extend(cache.notices)


def check_metrics(names: Sequence[str]) -> list[str]:
    """``names`` when every one is a metric we compute, else one InputError."""
    from workbench.score import METRICS

    unknown = sorted(set(names) - set(METRICS))
    if unknown:
        raise InputError(f"unknown metric {', '.join(unknown)}: choose from {', '.join(METRICS)}")
    return list(names)


@dataclass(frozen=True, slots=True)
class GatedScore:
    report: ScoreReport
    failures: list[str]  # one message per threshold not met; empty: the gate passes


def score_files(
    hyp: str | os.PathLike[str],
    ref: str | os.PathLike[str],
    metrics: Sequence[str],
    *,
    lang: str | None = None,
    per_segment: bool = False,
    min_bleu: float | None = None,
    min_chrf: float | None = None,
    cache: StatsCache | None = None,
) -> GatedScore:
    """Score ``hyp`` against ``ref`` (PO files matched by msgctxt, else one segment a line);
    ``lang`` defaults to the reference PO's Language. The thresholds make the gate."""
    from workbench import score

    lang = lang or score.detect_language(Path(ref))
    pairs = score.load_segment_pairs(Path(hyp), Path(ref))
    report = score.score_pairs(
        pairs.hyps,
        pairs.refs,
        check_metrics(metrics),
        lang=lang,
        per_segment=per_segment,
        keys=pairs.keys,
        positions=pairs.positions,
        sources=pairs.sources,
        cache=cache,
    )
    return GatedScore(report, score.check_thresholds(report, min_bleu, min_chrf))


def compare_files(
    hyp: str | os.PathLike[str],
    other: str | os.PathLike[str],
    ref: str | os.PathLike[str],
    metrics: Sequence[str],
    *,
    lang: str | None = None,
) -> dict[str, Any]:
    """sacreBLEU's paired bootstrap test of ``other`` against ``hyp`` (the baseline); TER is
    not resampled (BLEU when nothing else is left). ``systems`` names A (``hyp``) and B
    (``other``); ``verdicts`` says in words which is better and whether it is significant."""
    from workbench import score

    lang = lang or score.detect_language(Path(ref))
    keys, hyps, refs = score.load_pairs(Path(hyp), Path(ref))
    other_keys, others, other_refs = score.load_pairs(Path(other), Path(ref))
    if other_keys != keys or other_refs != refs:
        raise InputError(f"{other} does not cover the same segments as {hyp}")
    chosen = [m for m in check_metrics(metrics) if m != "ter"] or ["bleu"]
    result = score.paired_bootstrap(refs, hyps, others, chosen, lang=lang)
    names = {"A": str(hyp), "B": str(other)}
    return result | {"systems": names, "verdicts": score.verdicts(result, "A", "B")}


def edit_effort(
    store: Store, slug: str, lang: str, *, cache: StatsCache | None = None
) -> ScoreReport:
    """MT-vs-post-edit effort of an article: HTER (TER of the MT against the approved
    target) and chrF, per approved segment (named by its position and source) and in total."""
    from workbench.score import edit_effort as score_effort

    pairs = [
        (r.segment, r.translation)
        for r in store.rows(slug, lang)
        if r.translation is not None
        and r.translation.status == "approved"
        and r.translation.mt is not None
    ]
    if not pairs:
        raise InputError(
            f"no approved {lang} segment with a machine translation in {slug!r}: "
            "review and approve some first"
        )
    return score_effort(
        [t.mt or "" for _, t in pairs],
        [t.target for _, t in pairs],
        [s.id for s, _ in pairs],
        lang=lang,
        positions=[s.position for s, _ in pairs],
        sources=[s.source for s, _ in pairs],
        cache=cache,
    )


def effort_in_workspace(
    workspace: str | os.PathLike[str] | None,
    slug: str,
    lang: str,
    *,
    cache_file: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    notices: list[str] | None = None,
) -> ScoreReport:
    """:func:`edit_effort` in the workspace's store (an unknown slug fails before the
    statistics cache is created)."""
    with open_store(workspace) as store:
        store.article(slug)
        with score_cache(workspace, cache_file, enabled=use_cache, notices=notices) as cache:
            return edit_effort(store, slug, lang, cache=cache)
