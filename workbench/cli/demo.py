"""``workbench demo [--no-review]``: the sample article end to end, then the review UI."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.output import ProgressBar, is_terminal, out


def run(args: argparse.Namespace) -> int:
    from workbench import settings
    from workbench.cli.listing import print_status
    from workbench.cli.translate import print_reports
    from workbench.formats.po import po_path
    from workbench.project import DEMO_LANGS, DEMO_SLUG, demo

    report = demo(args.workspace, note=out, progress=ProgressBar())
    i = report.imported
    out(f"imported sample article {i.article.slug!r}: {i.added} new, {i.kept} unchanged segments")
    for package in report.installed:
        out(f"installed generated demo package {package.pair} {package.label}")
    if report.installed:
        out(
            "NOTE: no real Argos model was installed, so the demo uses generated models with "
            "random weights. Their output is gibberish, not a translation. For real translations "
            "install Argos packages: `workbench models install FILE.argosmodel`."
        )
    print_reports(report.translated)
    if is_terminal() and not args.no_review:
        from workbench.tui import keyconfig
        from workbench.tui.app import run_review

        return run_review(
            workspace=args.workspace,
            slug=DEMO_SLUG,
            lang="vi",
            reviewer=settings.load().reviewer(),
            keys=keyconfig.from_env().overrides,
        )
    print_status(args.workspace, DEMO_SLUG)
    out(f"next: `workbench review {DEMO_SLUG} --lang vi` to post-edit and approve, then")
    paths = ", ".join(str(po_path(Path("locales"), lang, DEMO_SLUG)) for lang in DEMO_LANGS)
    out(f"      `workbench export {DEMO_SLUG}` writes the approved segments to {paths}")
    return 0
