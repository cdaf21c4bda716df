"""``workbench batch FOLDER|--all [--to en,vi] [--workers N] [--ray auto|ADDRESS]``: many
articles at once, with one progress bar (articles, segments/s, ETA) and a summary; exit 1 when
some file or segment was skipped."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.output import out
from workbench.cli.parser import lang_list

if TYPE_CHECKING:
    from workbench.batch import BatchProgress, BatchReport


def _duration(seconds: float) -> str:
    whole = int(seconds)
    if whole >= 3600:
        return f"{whole // 3600}h{whole % 3600 // 60:02d}m"
    if whole >= 60:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole}s"


class BatchBar:
    """One progress line on stderr (only on a terminal): files imported, then articles done,
    segments, segments/s and the time left."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()

    def __call__(self, event: BatchProgress) -> None:
        if not self._tty:
            return
        if event.phase == "import":
            line = f"  importing {event.articles_done}/{event.articles_total} files"
        else:
            filled = int(30 * event.segments_done / max(event.segments_total, 1))
            eta = event.eta
            left = f"  ETA {_duration(eta)}" if eta is not None and event.phase != "done" else ""
            line = (
                f"  articles {event.articles_done}/{event.articles_total} "
                f"{'█' * filled}{'·' * (30 - filled)} "
                f"{event.segments_done}/{event.segments_total} segments  "
                f"{event.rate:5.1f} seg/s{left}"
            )
        end = "\n" if event.phase == "done" else ""
        sys.stderr.write("\r" + line.ljust(96) + end)
        sys.stderr.flush()


def summary(report: BatchReport) -> list[str]:
    """What is printed after a batch (made terminal-safe by ``out``)."""
    seconds = report.translate_seconds
    rate = report.translated / seconds if seconds > 0 else 0.0
    articles = f"{report.articles} article{'' if report.articles == 1 else 's'}"
    lines = [
        f"batch: {articles} into {', '.join(report.langs)} ({report.engine}) · "
        f"{report.translated} segments machine-translated ({report.distinct_texts} distinct "
        f"texts), {report.from_memory} from translation memory, {report.already_done} already "
        f"done · {report.imported} files imported, {report.unchanged} unchanged · "
        f"{report.seconds:.1f} s, {rate:.1f} seg/s",
        *(f"  {route}" for route in report.routes),
    ]
    if report.generated_models:
        lines.append(
            "  the models are generated demo models with random weights: their output is "
            "gibberish, not a translation. Install real ones: `workbench models install "
            "FILE.argosmodel`"
        )
    if report.skipped:
        lines.append(f"skipped {len(report.skipped)} (exit code 1):")
        lines.extend(f"  {item.name}: {item.reason}" for item in report.skipped)
    return lines


def run(args: argparse.Namespace) -> int:
    from workbench.batch import batch
    from workbench.project import decode_options

    report = batch(
        None if args.all else args.folder,
        lang_list(args.to),
        workspace=args.workspace,
        workers=args.workers,
        ray=args.ray,
        progress=BatchBar(),
        options=decode_options(args.beam, args.alternatives),
    )
    for line in summary(report):
        out(line)
    return report.exit_code
