"""``workbench import-po FILE [--slug S --lang L]``: a PO or XLIFF file edited elsewhere comes
back; exit 1 when a conflict was kept."""

from __future__ import annotations

import argparse

from workbench.cli.output import out


def run(args: argparse.Namespace) -> int:
    from workbench.project import import_file_in_workspace

    done = import_file_in_workspace(
        args.workspace, args.file, slug=args.slug, lang=args.lang, reviewer=args.reviewer
    )
    r = done.result
    if done.xliff is not None:
        out(
            f"{args.file}: XLIFF {done.xliff.version} for {done.slug} ({done.lang}): "
            f"{r.approved} approved, {r.edited} edited, {r.unchanged} unchanged, "
            f"{r.skipped_empty} empty skipped"
        )
    else:
        out(
            f"{args.file}: {r.approved} approved, {r.edited} edited (fuzzy), "
            f"{r.unchanged} unchanged, {r.skipped_empty} empty skipped"
        )
    if done.linked.links:
        out(f"  {done.linked.summary()}")
    for key in r.unknown:
        out(f"  not in {done.slug}: {key}")
    for c in r.conflicts:
        out(
            f"  CONFLICT {c.segment_id}: the store has a newer edit by {c.reviewer or 'someone'} "
            f"({c.store_updated_at}); kept {c.store_text!r}, not {c.file_text!r}"
        )
    return 1 if r.conflicts else 0
