"""``workbench score``: BLEU / chrF / TER against references (exit 1 below a threshold), the
paired bootstrap test (``--compare``) and post-editing effort (``SLUG --effort``)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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


def _comparison(result: dict[str, Any], hyp: str, other: str, as_json: bool) -> None:
    if as_json:
        dump_json(result)
        return
    out(f"paired bootstrap, {result['n_samples']} samples, {result['count']} segments")
    for m in result["metrics"].values():
        out(
            f"{m['label']}: {hyp} {m['baseline']['score']:.2f} vs {other} "
            f"{m['system']['score']:.2f} (delta {m['delta']:+.2f}, p = {m['p_value']:.4f})"
            f"  signature: {m['signature']}"
        )


def run(args: argparse.Namespace) -> int:
    from workbench.project import check_metrics, compare_files, effort_in_workspace, score_files

    metrics = check_metrics(csv_list(args.metrics))
    if args.effort:
        if not args.slug or not args.lang:
            raise InputError(
                "--effort needs an article and a language: score SLUG --lang vi --effort"
            )
        _emit(effort_in_workspace(args.workspace, args.slug, args.lang), args.json)
        return 0
    if not args.hyp or not args.ref:
        raise InputError("give --hyp FILE and --ref FILE (PO files or one segment per line)")
    if args.compare:
        result = compare_files(args.hyp, args.compare, args.ref, metrics, lang=args.lang)
        _comparison(result, args.hyp, args.compare, args.json)
        return 0
    scored = score_files(
        args.hyp, args.ref, metrics, lang=args.lang, per_segment=args.per_segment,
        min_bleu=args.min_bleu, min_chrf=args.min_chrf,
    )  # fmt: skip
    _emit(scored.report, args.json, scored.failures)
    for failure in scored.failures:
        error(f"workbench: quality gate failed: {failure}")
    return 1 if scored.failures else 0
