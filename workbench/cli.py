"""Command line: argument parsing only. Each subcommand calls one function elsewhere.

Start-up stays fast: only argparse is imported here; each handler imports what it needs.
User errors (:class:`~workbench.errors.WorkbenchError`) print one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from workbench import __version__
from workbench.errors import InputError, WorkbenchError

if TYPE_CHECKING:
    from workbench.score import ScoreReport

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2), like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _dump_json(value: Any) -> None:
    _out(json.dumps(value, ensure_ascii=False, indent=2))


# -- handlers ------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.project import import_article

    report = import_article(args.file, slug=args.slug, workspace=args.workspace)
    verb = "imported" if report.created else "re-imported"
    _out(
        f"{verb} {report.article.slug!r} ({report.article.title[:60]}): "
        f"{report.added} new, {report.kept} unchanged, {report.removed} removed"
        + (f", {report.restored} restored" if report.restored else "")
        + " segments"
    )
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    from workbench.store import open_store

    with open_store(args.workspace) as store:
        segments = store.segments(args.slug, include_removed=args.all)
    if args.json:
        _dump_json(
            [
                {
                    "id": s.id,
                    "position": s.position,
                    "paragraph": s.paragraph,
                    "kind": s.kind,
                    "reason": s.reason,
                    "source": s.source,
                }
                | ({"removed": True} if s.removed else {})
                for s in segments
            ]
        )
        return 0
    for s in segments:
        kind = s.kind if s.kind != "chrome" else f"chrome:{s.reason}"
        flag = " (removed)" if s.removed else ""
        _out(f"{s.position:>4} ¶{s.paragraph:<3} {s.id}  {kind:<20} {s.source}{flag}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from workbench.store import open_store

    with open_store(args.workspace) as store:
        slugs = [args.slug] if args.slug else [a.slug for a in store.articles()]
        reports = [store.status(slug) for slug in slugs]
        where = store.path
    if args.json:
        _dump_json(
            {
                "workspace": str(where),
                "articles": [
                    {
                        "slug": r.article.slug,
                        "title": r.article.title,
                        "kinds": r.kinds,
                        "removed": r.removed,
                        "langs": r.langs,
                    }
                    for r in reports
                ],
            }
        )
        return 0
    _out(f"workspace {where}")
    if not reports:
        _out("no articles yet: `workbench import FILE`")
    for r in reports:
        total = sum(r.kinds.values())
        kinds = ", ".join(f"{k} {n}" for k, n in r.kinds.items())
        _out(f"{r.article.slug}: {r.article.title}")
        _out(f"  segments {total} ({kinds})" + (f", {r.removed} removed" if r.removed else ""))
        todo = r.kinds["content"] + r.kinds["title"]
        if not r.langs:
            _out("  not translated yet: `workbench translate " + r.article.slug + " --to en,vi`")
        for lang, counts in r.langs.items():
            detail = " · ".join(f"{s} {n}" for s, n in counts.items())
            _out(f"  {lang}: {counts['approved']}/{todo} approved  ({detail})")
    return 0


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def cmd_score(args: argparse.Namespace) -> int:
    from workbench import score

    metrics = _csv(args.metrics)
    unknown = sorted(set(metrics) - set(score.METRICS))
    if unknown:
        raise InputError(
            f"unknown metric {', '.join(unknown)}: choose from {', '.join(score.METRICS)}"
        )
    if args.effort:
        if not args.slug or not args.lang:
            raise InputError(
                "--effort needs an article and a language: score SLUG --lang vi --effort"
            )
        from workbench.project import edit_effort
        from workbench.store import open_store

        with open_store(args.workspace) as store:
            report = edit_effort(store, args.slug, args.lang)
        _emit_report(report, args.json)
        return 0
    if not args.hyp or not args.ref:
        raise InputError("give --hyp FILE and --ref FILE (PO files or one segment per line)")
    lang = args.lang or score.detect_language(args.ref)
    keys, hyps, refs = score.load_pairs(args.hyp, args.ref)
    if args.compare:
        other_keys, others, other_refs = score.load_pairs(args.compare, args.ref)
        if other_keys != keys or other_refs != refs:
            raise InputError(f"{args.compare} does not cover the same segments as {args.hyp}")
        result = score.paired_bootstrap(
            refs, hyps, others, [m for m in metrics if m != "ter"] or ["bleu"], lang=lang
        )
        if args.json:
            _dump_json(result)
        else:
            _out(f"paired bootstrap, {result['n_samples']} samples, {result['count']} segments")
            for m in result["metrics"].values():
                _out(
                    f"{m['label']}: {args.hyp} {m['baseline']['score']:.2f} vs {args.compare} "
                    f"{m['system']['score']:.2f} (delta {m['delta']:+.2f}, p = {m['p_value']:.4f})"
                    f"  signature: {m['signature']}"
                )
        return 0
    report = score.score_pairs(
        hyps, refs, metrics, lang=lang, per_segment=args.per_segment, keys=keys
    )
    failures = score.check_thresholds(report, args.min_bleu, args.min_chrf)
    _emit_report(report, args.json, failures)
    for failure in failures:
        sys.stderr.write(f"workbench: quality gate failed: {failure}\n")
    return 1 if failures else 0


def _emit_report(report: ScoreReport, as_json: bool, failures: Sequence[str] = ()) -> None:
    from workbench.score import format_report

    if as_json:
        _dump_json(report.to_json() | {"passed": not failures, "failures": list(failures)})
    else:
        _out(format_report(report))


def default_reviewer() -> str:
    import getpass
    import os

    return os.environ.get("WORKBENCH_REVIEWER") or getpass.getuser()


def cmd_review(args: argparse.Namespace) -> int:
    from workbench.tui.app import run_review

    return run_review(
        workspace=args.workspace,
        slug=args.slug,
        lang=args.lang,
        reviewer=args.reviewer or default_reviewer(),
    )


# -- parser --------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--workspace",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="workspace folder (default: $WORKBENCH_HOME, else ./.workbench)",
    )
    parser = _Parser(
        prog="workbench",
        description="Offline translation workbench for French news articles.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("--workspace", metavar="DIR", default=None, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(handler=handler)
        return p

    p = add("import", cmd_import, "import (or re-import) a French article as segments")
    p.add_argument("file", help="UTF-8 text file: title on the first line, blank-line paragraphs")
    p.add_argument("--slug", help="short name for the article (default: from the file name)")

    p = add("segments", cmd_segments, "list an article's segments")
    p.add_argument("slug")
    p.add_argument("--json", action="store_true", help="a JSON array of segment objects")
    p.add_argument("--all", action="store_true", help="include segments removed by a re-import")

    p = add("status", cmd_status, "counts per segment kind and per language status")
    p.add_argument("slug", nargs="?")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("score", cmd_score, "BLEU / chrF / TER with sacreBLEU; exit 1 below a threshold")
    p.add_argument("slug", nargs="?", help="article (for --effort)")
    p.add_argument("--hyp", metavar="FILE", help="hypothesis: PO file or one segment a line")
    p.add_argument("--ref", metavar="FILE", help="reference: PO file or one segment a line")
    p.add_argument("--metrics", default="bleu,chrf,ter", help="comma list (bleu,chrf,ter)")
    p.add_argument("--lang", help="target language (default: the reference PO's Language)")
    p.add_argument("--json", action="store_true", help="JSON for CI")
    p.add_argument("--min-bleu", type=float, metavar="X", help="fail (exit 1) below this BLEU")
    p.add_argument("--min-chrf", type=float, metavar="Y", help="fail (exit 1) below this chrF")
    p.add_argument("--per-segment", action="store_true", help="add sentence-level scores")
    p.add_argument("--effort", action="store_true", help="MT vs post-edit effort (HTER, chrF)")
    p.add_argument(
        "--compare", metavar="OTHER", help="paired bootstrap of --hyp (baseline) against OTHER"
    )

    p = add("review", cmd_review, "post-edit and approve an article in the terminal UI")
    p.add_argument("slug")
    p.add_argument("--lang", default="vi", help="target language to review (default: vi)")
    p.add_argument(
        "--reviewer", help="your name in the audit log (default: $WORKBENCH_REVIEWER or login)"
    )

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except WorkbenchError as exc:
        sys.stderr.write("workbench: error: " + str(exc).replace("\n", " ") + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("workbench: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
