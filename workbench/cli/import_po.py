"""``workbench import-po FILE.po --slug S --lang L``: exit 1 when a conflict was kept."""

from __future__ import annotations

import argparse

from workbench.cli.output import out


def run(args: argparse.Namespace) -> int:
    from workbench.project import import_po_in_workspace

    result = import_po_in_workspace(
        args.workspace, args.file, args.slug, args.lang, reviewer=args.reviewer
    )
    out(
        f"{args.file}: {result.approved} approved, {result.edited} edited (fuzzy), "
        f"{result.unchanged} unchanged, {result.skipped_empty} empty skipped"
    )
    for key in result.unknown:
        out(f"  not in {args.slug}: {key}")
    for c in result.conflicts:
        out(
            f"  CONFLICT {c.segment_id}: the store has a newer edit by {c.reviewer or 'someone'} "
            f"({c.store_updated_at}); kept {c.store_text!r}, not {c.po_text!r}"
        )
    return 1 if result.conflicts else 0
