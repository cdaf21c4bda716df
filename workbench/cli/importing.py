"""``workbench import FILE [--slug S]``."""

from __future__ import annotations

import argparse

from workbench.cli.output import out


def run(args: argparse.Namespace) -> int:
    from workbench.project import import_article

    report = import_article(args.file, slug=args.slug, workspace=args.workspace)
    verb = "imported" if report.created else "re-imported"
    out(
        f"{verb} {report.article.slug!r} ({report.article.title[:60]}): "
        f"{report.added} new, {report.kept} unchanged, {report.removed} removed"
        + (f", {report.restored} restored" if report.restored else "")
        + " segments"
    )
    return 0
