"""``workbench translate SLUG [--to en,vi] ...``: machine translation with a progress bar."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from workbench.cli.output import ProgressBar, out
from workbench.cli.parser import lang_list

if TYPE_CHECKING:
    from workbench.project import TranslateReport

#: Notes printed per language (segments cut for the model, loops); the rest are counted.
MAX_NOTES = 10


def print_reports(reports: Sequence[TranslateReport]) -> None:
    for r in reports:
        rate = r.translated / r.seconds if r.seconds > 0 else 0.0
        tok_rate = r.target_tokens / r.seconds if r.seconds > 0 else 0.0
        out(
            f"{r.lang}: {r.translated} segments machine-translated, {r.from_memory} from "
            f"translation memory, {r.skipped_done} already done, {r.kept_targets} edited/approved "
            f"targets kept · {r.seconds:.1f} s, {rate:.1f} seg/s, {tok_rate:.0f} target tokens/s "
            f"· {r.route}"
        )
        for note in r.notes[:MAX_NOTES]:
            out(f"   {r.lang}: {note}")
        if len(r.notes) > MAX_NOTES:
            out(f"   {r.lang}: … and {len(r.notes) - MAX_NOTES} more such segments")
        if r.generated_models:
            out(
                f"   {r.lang}: the model is a generated demo model with random weights: its output "
                "is gibberish, not a translation. Install a real one: `workbench models install "
                "FILE.argosmodel`"
            )


def run(args: argparse.Namespace) -> int:
    from workbench.project import decode_options, translate_in_workspace

    options = decode_options(args.beam, args.alternatives, args.threads)
    reports = translate_in_workspace(
        args.workspace, args.slug, lang_list(args.to), force=args.force, options=options,
        progress=ProgressBar(),
    )  # fmt: skip
    print_reports(reports)
    return 0
