"""``workbench qa SLUG [--lang ...] [--checks ...] [--json]``: exit 1 when errors are found."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from workbench.cli.output import dump_json, out
from workbench.cli.parser import lang_list

if TYPE_CHECKING:
    from workbench.project import SegmentQA


def _json(results: dict[str, list[SegmentQA]]) -> None:
    dump_json(
        {
            lang: [
                {
                    "segment": seg.segment_id, "position": seg.position, "status": seg.status,
                    "source": seg.source, "target": seg.target,
                    "findings": [
                        {"check": f.check, "severity": f.severity, "message": f.message,
                         "span": f.span, "source_span": f.source_span}
                        for f in seg.findings
                    ],
                }
                for seg in segs
            ]
            for lang, segs in results.items()
        }
    )  # fmt: skip


def _text(results: dict[str, list[SegmentQA]]) -> None:
    for lang, segs in results.items():
        count = sum(len(seg.findings) for seg in segs)
        out(f"{lang}: {count} findings in {len(segs)} segments")
        for seg in segs:
            out(f"  #{seg.position} {seg.segment_id} [{seg.status}] {seg.target[:70]}")
            for f in seg.findings:
                where = f" «{seg.target[f.span[0] : f.span[1]]}»" if f.span else ""
                message = f.message.removeprefix(f"{f.check}: ")
                out(f"      {f.severity:<7} {f.check}: {message}{where}")


def run(args: argparse.Namespace) -> int:
    from workbench.project import qa_in_workspace

    langs = lang_list(args.lang) if args.lang is not None else None
    results = qa_in_workspace(args.workspace, args.slug, langs, checks=args.checks)
    (_json if args.json else _text)(results)
    return 1 if any(seg.errors for segs in results.values() for seg in segs) else 0
