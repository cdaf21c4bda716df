"""``workbench export SLUG ...``: PO (and MO) files through the QA gate, or XLIFF files."""

from __future__ import annotations

import argparse

from workbench.cli.output import error, out
from workbench.cli.parser import lang_list
from workbench.errors import InputError

#: QA errors listed when the export gate refuses; `workbench qa` lists them all.
GATE_LINES = 20


def _xliff(args: argparse.Namespace, langs: list[str] | None) -> int:
    from workbench.interchange import XLIFF_FORMATS
    from workbench.project import export_xliff_in_workspace

    po_only = [flag for flag in ("include_machine", "mo", "force") if getattr(args, flag)]
    if po_only:
        flags = ", ".join("--" + flag.replace("_", "-") for flag in po_only)
        raise InputError(
            f"{flags}: only for --format po (an XLIFF file carries every segment with its "
            "status, and its QA findings as notes)"
        )
    results = export_xliff_in_workspace(
        args.workspace, args.slug, langs, args.out, version=XLIFF_FORMATS[args.format]
    )
    for r in results:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(r.counts.items()))
        out(f"wrote {r.path}: XLIFF {r.version}, {sum(r.counts.values())} units ({counts})")
    return 0


def run(args: argparse.Namespace) -> int:
    from workbench.project import QAGateError, export_in_workspace

    langs = lang_list(args.lang) if args.lang is not None else None
    if args.format != "po":
        return _xliff(args, langs)
    try:
        results = export_in_workspace(
            args.workspace, args.slug, langs, args.out, include_machine=args.include_machine,
            mo=args.mo, force=args.force,
        )  # fmt: skip
    except QAGateError as gate:
        lines = [
            f"  #{seg.position} {seg.segment_id}: {f.check}: {f.message}"
            for seg in gate.blocked
            for f in seg.findings
            if f.severity == "error"
        ]
        for line in lines[:GATE_LINES]:
            error(line)
        if len(lines) > GATE_LINES:
            error(f"  … and {len(lines) - GATE_LINES} more: `workbench qa {args.slug}`")
        raise
    for r in results:
        extra = f", {r.fuzzy} fuzzy" if r.fuzzy else ""
        out(f"wrote {r.path}: {r.approved} approved{extra}, {r.untranslated_skipped} not exported")
        if r.approved == 0 and r.fuzzy == 0:
            out(f"  nothing approved yet in {r.lang}: header-only file")
        if r.mo_path:
            out(f"wrote {r.mo_path}")
    return 0
