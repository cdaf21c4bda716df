"""``workbench report SLUG``: the quality report as one self-contained HTML page or a Markdown
summary (``--format md``, e.g. for ``$GITHUB_STEP_SUMMARY``); ``--out -`` writes to stdout."""

from __future__ import annotations

import argparse
import sys

from workbench.cli.output import out
from workbench.cli.parser import lang_list
from workbench.cli.score import notices


def run(args: argparse.Namespace) -> int:
    from workbench.project import render_report, report_in_workspace, write_report

    said: list[str] = []
    report = report_in_workspace(
        args.workspace,
        args.slug,
        lang_list(args.lang) if args.lang is not None else None,
        compare=args.compare_model or (),
        cache_file=args.cache,
        use_cache=not args.no_cache,
        notices=said,
    )
    notices(said)
    if args.out == "-":
        sys.stdout.write(render_report(report, args.format))
        return 0
    path = write_report(report, args.out or f"{args.slug}-report.{args.format}", args.format)
    out(f"wrote {path}")
    return 0
