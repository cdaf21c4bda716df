"""``workbench score``: BLEU / chrF / TER against references (exit 1 below a threshold), the
paired bootstrap test (``--compare``) and post-editing effort (``SLUG --effort``)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from workbench.cli.output import dump_json, error, out
from workbench.cli.parser import csv_list
from workbench.errors import InputError

if TYPE_CHECKING:
    from workbench.score import ScoreReport


def _emit(report: ScoreReport, as_json: bool, failures: Sequence[str] = ()) -> None:
    from workbench.score import format_report

    if as_json:
        dump_json(report.to_json() | {"passed": not failures, "failures": list(failures)})
    else:
        out(format_report(report))


def notices(said: Sequence[str]) -> None:
    """What the statistics cache had to say (an unreadable file, ...), one line each."""
    for notice in said:
        error(f"workbench: notice: {notice}")


def run(args: argparse.Namespace) -> int:
    from workbench.project import (
        check_metrics,
        compare_files,
        effort_in_workspace,
        score_cache,
        score_files,
    )

    metrics = check_metrics(csv_list(args.metrics))
    if args.effort and (not args.slug or not args.lang):
        raise InputError("--effort needs an article and a language: score SLUG --lang vi --effort")
    if not args.effort and (not args.hyp or not args.ref):
        raise InputError("give --hyp FILE and --ref FILE (PO files or one segment a line)")
    said: list[str] = []
    cache = {"cache_file": args.cache, "use_cache": not args.no_cache, "notices": said}
    if args.effort:
        report = effort_in_workspace(args.workspace, args.slug, args.lang, **cache)
        notices(said)
        _emit(report, args.json)
        return 0
    if args.compare:
        from workbench.score import format_comparison

        result = compare_files(args.hyp, args.compare, args.ref, metrics, lang=args.lang)
        if args.json:
            dump_json(result)
        else:
            out(format_comparison(result, args.hyp, args.compare))
        return 0
    with score_cache(
        args.workspace, args.cache, enabled=not args.no_cache, notices=said
    ) as stats_cache:
        scored = score_files(
            args.hyp, args.ref, metrics, lang=args.lang, per_segment=args.per_segment,
            min_bleu=args.min_bleu, min_chrf=args.min_chrf, cache=stats_cache,
        )  # fmt: skip
    notices(said)
    _emit(scored.report, args.json, scored.failures)
    for failure in scored.failures:
        error(f"workbench: quality gate failed: {failure}")
    return 1 if scored.failures else 0
