"""Use cases: score files against references (with the CI gate), compare two systems, and
measure the post-editing effort of an article."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import InputError
from workbench.store import Store, open_store

if TYPE_CHECKING:
    from workbench.score import ScoreReport


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
) -> GatedScore:
    """Score ``hyp`` against ``ref`` (PO files matched by msgctxt, else one segment a line);
    ``lang`` defaults to the reference PO's Language. The thresholds make the gate."""
    from workbench import score

    lang = lang or score.detect_language(Path(ref))
    keys, hyps, refs = score.load_pairs(Path(hyp), Path(ref))
    report = score.score_pairs(
        hyps, refs, check_metrics(metrics), lang=lang, per_segment=per_segment, keys=keys
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
    not resampled (BLEU when nothing else is left)."""
    from workbench import score

    lang = lang or score.detect_language(Path(ref))
    keys, hyps, refs = score.load_pairs(Path(hyp), Path(ref))
    other_keys, others, other_refs = score.load_pairs(Path(other), Path(ref))
    if other_keys != keys or other_refs != refs:
        raise InputError(f"{other} does not cover the same segments as {hyp}")
    chosen = [m for m in check_metrics(metrics) if m != "ter"] or ["bleu"]
    return score.paired_bootstrap(refs, hyps, others, chosen, lang=lang)


def edit_effort(store: Store, slug: str, lang: str) -> ScoreReport:
    """MT-vs-post-edit effort of an article: HTER (TER of the MT against the approved
    target) and chrF, per approved segment and in total."""
    from workbench.score import edit_effort as score_effort

    rows = [
        r
        for r in store.rows(slug, lang)
        if r.translation is not None
        and r.translation.status == "approved"
        and r.translation.mt is not None
    ]
    if not rows:
        raise InputError(
            f"no approved {lang} segment with a machine translation in {slug!r}: "
            "review and approve some first"
        )
    return score_effort(
        [r.translation.mt or "" for r in rows if r.translation],
        [r.translation.target for r in rows if r.translation],
        [r.segment.id for r in rows],
        lang=lang,
    )


def effort_in_workspace(
    workspace: str | os.PathLike[str] | None, slug: str, lang: str
) -> ScoreReport:
    """:func:`edit_effort` in the workspace's store."""
    with open_store(workspace) as store:
        return edit_effort(store, slug, lang)
