"""Command line: argument parsing only. Each subcommand calls one function elsewhere.

Start-up stays fast: only argparse is imported here; each handler imports what it needs.
User errors (:class:`~workbench.errors.WorkbenchError`) print one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from workbench import __version__
from workbench.errors import InputError, WorkbenchError

if TYPE_CHECKING:
    from workbench.formats.merge import ImportResult
    from workbench.project import TranslateReport
    from workbench.score import ScoreReport, StatsCache

Handler = Callable[[argparse.Namespace], int]
GATE_LINES = 20  # QA errors listed when the export gate refuses; `workbench qa` lists them all


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
        where = store.location
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
                        "demo_mt": r.demo_mt,
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
            if r.demo_mt.get(lang):
                _out(
                    f"    {r.demo_mt[lang]} unreviewed segments hold output of a generated demo "
                    "model (random weights): gibberish, not a translation"
                )
    return 0


class _ProgressBar:
    """A one-line progress bar with segments/s on stderr (only on a terminal)."""

    def __init__(self) -> None:
        import time

        self._clock = time.perf_counter
        self._start: dict[str, float] = {}
        self._tty = sys.stderr.isatty()

    def __call__(self, lang: str, done: int, total: int) -> None:
        start = self._start.setdefault(lang, self._clock())
        if not self._tty or total == 0:
            return
        rate = done / max(self._clock() - start, 1e-9)
        filled = int(30 * done / total)
        bar = "█" * filled + "·" * (30 - filled)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r  {lang} {bar} {done}/{total} segments  {rate:5.1f} seg/s{end}")
        sys.stderr.flush()


def _print_translate_reports(reports: Sequence[TranslateReport]) -> None:
    for r in reports:
        rate = r.translated / r.seconds if r.seconds > 0 else 0.0
        tok_rate = r.target_tokens / r.seconds if r.seconds > 0 else 0.0
        _out(
            f"{r.lang}: {r.translated} segments machine-translated, {r.from_memory} from "
            f"translation memory, {r.skipped_done} already done, {r.kept_targets} edited/approved "
            f"targets kept · {r.seconds:.1f} s, {rate:.1f} seg/s, {tok_rate:.0f} target tokens/s "
            f"· {r.route}"
        )
        if r.generated_models:
            _out(
                f"   {r.lang}: the model is a generated demo model with random weights: its output "
                "is gibberish, not a translation. Install a real one: `workbench models install "
                "FILE.argosmodel`"
            )


def cmd_translate(args: argparse.Namespace) -> int:
    from workbench.mt.options import DecodeOptions
    from workbench.project import translate_article
    from workbench.store import open_store

    threads = {"inter_threads": args.threads} if args.threads else {}
    options = DecodeOptions(
        beam_size=args.beam, num_hypotheses=min(args.alternatives + 1, args.beam), **threads
    )
    with open_store(args.workspace) as store:
        store.article(args.slug)  # unknown slug: fail before loading any model
        reports = translate_article(
            store, args.slug, _langs(args.to), force=args.force, options=options,
            progress=_ProgressBar(),
        )  # fmt: skip
    _print_translate_reports(reports)
    return 0


def _langs(value: str) -> list[str]:
    from workbench.lang.codes import is_language_code

    langs = _csv(value)
    bad = [lang for lang in langs if not is_language_code(lang)]
    if not langs or bad:
        raise InputError(f"invalid language list {value!r}: use codes like en,vi")
    return langs


def cmd_models(args: argparse.Namespace) -> int:
    from workbench.mt import check, index, install
    from workbench.mt import packages as installed

    if args.action == "list":
        packages = installed.list_installed()
        if args.json:
            _dump_json(
                [
                    {
                        "code": p.code, "from": p.from_code, "to": p.to_code,
                        "version": p.version, "path": str(p.path), "generated": p.generated,
                    }
                    for p in packages
                ]
            )  # fmt: skip
            return 0
        _out(f"packages in {installed.packages_dir()}")
        if not packages:
            _out("none installed: `workbench models install FILE.argosmodel`")
        for p in packages:
            flag = "  (generated: random weights, no real translation)" if p.generated else ""
            _out(f"  {p.pair:<8} {p.label:<36} {p.path}{flag}")
        return 0
    if args.action == "install":
        if args.online:
            if args.target:
                raise InputError("give either FILE.argosmodel or --online FROM TO, not both")
            package = index.install_online(*args.online)
        else:
            if len(args.target) != 1:
                raise InputError("install takes one FILE.argosmodel (or --online FROM TO)")
            package = install.install_from_file(args.target[0])
        _out(f"installed {package.pair} {package.label} in {package.path}")
        return 0
    if args.action == "remove":
        if len(args.target) != 1:
            raise InputError("remove takes one package code or pair: see `workbench models list`")
        package = installed.remove(args.target[0])
        _out(f"removed {package.pair} {package.label}")
        return 0
    # verify
    targets = installed.list_installed()
    if args.target:
        targets = [
            p for p in targets if args.target[0] in (p.code, p.label, f"{p.from_code}_{p.to_code}")
        ]
        if not targets:
            raise InputError(
                f"no installed package {args.target[0]!r}: see `workbench models list`"
            )
    for p in targets:
        _out(f"{p.pair} {p.label}: ok → {check.verify(p)!r}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from workbench.export import po_path
    from workbench.project import DEMO_LANGS, DEMO_SLUG, demo

    report = demo(args.workspace, note=lambda text: _out(text), progress=_ProgressBar())
    i = report.imported
    _out(f"imported sample article {i.article.slug!r}: {i.added} new, {i.kept} unchanged segments")
    for package in report.installed:
        _out(f"installed generated demo package {package.pair} {package.label}")
    if report.installed:
        _out(
            "NOTE: no real Argos model was installed, so the demo uses generated models with "
            "random weights. Their output is gibberish, not a translation. For real translations "
            "install Argos packages: `workbench models install FILE.argosmodel`."
        )
    _print_translate_reports(report.translated)
    if sys.stdin.isatty() and sys.stdout.isatty() and not args.no_review:
        from workbench.tui.app import run_review

        return run_review(
            workspace=args.workspace, slug=DEMO_SLUG, lang="vi", reviewer=default_reviewer()
        )
    status = argparse.Namespace(workspace=args.workspace, slug=DEMO_SLUG, json=False)
    cmd_status(status)
    from pathlib import Path

    _out(f"next: `workbench review {DEMO_SLUG} --lang vi` to post-edit and approve, then")
    paths = ", ".join(str(po_path(Path("locales"), lang, DEMO_SLUG)) for lang in DEMO_LANGS)
    _out(f"      `workbench export {DEMO_SLUG}` writes the approved segments to {paths}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from workbench.project import QAGateError, export_checked
    from workbench.store import open_store

    if args.format != "po":
        return _export_xliff(args)
    with open_store(args.workspace) as store:
        langs = (
            _langs(args.lang) if args.lang else list(store.status(args.slug).langs) or ["en", "vi"]
        )
        try:
            results = export_checked(
                store, args.slug, langs, Path(args.out), include_machine=args.include_machine,
                mo=args.mo, force=args.force,
            )  # fmt: skip
        except QAGateError as gate:
            errors = [
                f"  #{seg.position} {seg.segment_id}: {f.check}: {f.message}\n"
                for seg in gate.blocked
                for f in seg.findings
                if f.severity == "error"
            ]
            sys.stderr.writelines(errors[:GATE_LINES])
            if len(errors) > GATE_LINES:
                more = len(errors) - GATE_LINES
                sys.stderr.write(f"  … and {more} more: `workbench qa {args.slug}`\n")
            raise
    for r in results:
        extra = f", {r.fuzzy} fuzzy" if r.fuzzy else ""
        _out(f"wrote {r.path}: {r.approved} approved{extra}, {r.untranslated_skipped} not exported")
        if r.approved == 0 and r.fuzzy == 0:
            _out(f"  nothing approved yet in {r.lang}: header-only file")
        if r.mo_path:
            _out(f"wrote {r.mo_path}")
    return 0


def _export_xliff(args: argparse.Namespace) -> int:
    from pathlib import Path

    from workbench.interchange import XLIFF_FORMATS, export_xliff
    from workbench.store import open_store

    po_only = [flag for flag in ("include_machine", "mo", "force") if getattr(args, flag)]
    if po_only:
        flags = ", ".join("--" + flag.replace("_", "-") for flag in po_only)
        raise InputError(
            f"{flags}: only for --format po (an XLIFF file carries every segment with its "
            "status, and its QA findings as notes)"
        )
    with open_store(args.workspace) as store:
        langs = (
            _langs(args.lang) if args.lang else list(store.status(args.slug).langs) or ["en", "vi"]
        )
        results = export_xliff(
            store, args.slug, langs, Path(args.out), version=XLIFF_FORMATS[args.format]
        )
    for r in results:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(r.counts.items()))
        _out(f"wrote {r.path}: XLIFF {r.version}, {sum(r.counts.values())} units ({counts})")
    return 0


def cmd_qa(args: argparse.Namespace) -> int:
    from workbench.project import qa_article
    from workbench.qa import parse_enabled
    from workbench.store import open_store

    enabled = parse_enabled(args.checks)
    with open_store(args.workspace) as store:
        langs = _langs(args.lang) if args.lang else list(store.status(args.slug).langs)
        if not langs:
            raise InputError(
                f"{args.slug!r} has no translation yet: `workbench translate {args.slug}`"
            )
        results = {lang: qa_article(store, args.slug, lang, enabled=enabled) for lang in langs}
    errors = sum(seg.errors for segs in results.values() for seg in segs)
    if args.json:
        _dump_json(
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
    else:
        for lang, segs in results.items():
            count = sum(len(seg.findings) for seg in segs)
            _out(f"{lang}: {count} findings in {len(segs)} segments")
            for seg in segs:
                _out(f"  #{seg.position} {seg.segment_id} [{seg.status}] {seg.target[:70]}")
                for f in seg.findings:
                    where = f" «{seg.target[f.span[0] : f.span[1]]}»" if f.span else ""
                    message = f.message.removeprefix(f"{f.check}: ")
                    _out(f"      {f.severity:<7} {f.check}: {message}{where}")
    return 1 if errors else 0


def cmd_glossary(args: argparse.Namespace) -> int:
    from pathlib import Path

    from workbench import glossary
    from workbench.store import workspace_dir

    folder = workspace_dir(args.workspace)
    target = glossary.glossary_path(folder)
    if args.action == "list":
        terms = glossary.load_workspace_glossary(folder).terms
        if not terms:
            _out(f"no glossary in {folder}: `workbench glossary import FILE.csv`")
        for t in terms:
            flag = "  [do not translate]" if t.do_not_translate else ""
            note = f"  ({t.note})" if t.note else ""
            _out(f"{t.fr}  →  en: {t.en}  ·  vi: {t.vi}{flag}{note}")
        return 0
    if not args.file:
        raise InputError(f"glossary {args.action} needs a FILE (.csv or .tbx)")
    path = Path(args.file)
    is_tbx = path.suffix.lower() in (".tbx", ".xml")
    if args.action == "import":
        terms = glossary.read_tbx(path) if is_tbx else glossary.read_csv(path)
        if not terms.terms:  # importing replaces the glossary: never with nothing
            raise InputError(
                f"{path} holds no terms, so the workspace glossary was left as it is: "
                "add terms to the file and import it again"
            )
        folder.mkdir(parents=True, exist_ok=True)
        glossary.write_csv(terms, target)
        _out(f"imported {len(terms.terms)} terms from {path} into {target}")
        return 0
    current = glossary.load_workspace_glossary(folder)
    (glossary.write_tbx if is_tbx else glossary.write_csv)(current, path)
    _out(f"exported {len(current.terms)} terms to {path}")
    return 0


def cmd_tm(args: argparse.Namespace) -> int:
    from workbench.store import open_store
    from workbench.tm import TMIndex
    from workbench.tm_imported import IMPORTED_SLUG, memory_entries

    if args.action in ("export", "import"):
        return _tm_file(args)
    with open_store(args.workspace) as store:
        langs = _langs(args.lang)
        memories = {lang: TMIndex(memory_entries(store, lang)) for lang in langs}
    if args.action == "stats":
        for lang, memory in memories.items():
            own = [e for e in memory.entries if e.slug != IMPORTED_SLUG]
            articles = len({e.slug for e in own})
            imported = len(memory) - len(own)
            extra = f", {imported} pairs imported from TMX" if imported else ""
            _out(f"{lang}: {len(own)} approved segments from {articles} articles{extra}")
        return 0
    if not args.text:
        raise InputError("tm search needs the TEXT to look for")
    for lang, memory in memories.items():
        hits = memory.fuzzy(args.text, threshold=args.min) or []
        exact = memory.exact(args.text)
        if exact:
            hits.insert(0, exact)
        hits += [h for h in memory.search(args.text) if h not in hits]
        _out(f"{lang}: {len(hits)} matches")
        for h in hits:
            _out(f"  {h.score:>3}%  {h.source}\n        → {h.target}   ({h.slug}/{h.segment_id})")
    return 0


def _tm_file(args: argparse.Namespace) -> int:
    from workbench.interchange import export_tmx, import_tmx
    from workbench.store import open_store

    if not args.text:
        raise InputError(f"tm {args.action} needs the FILE.tmx")
    if args.action == "import" and args.slug:
        raise InputError("--slug is for tm export: an imported memory serves every article")
    if args.action == "export":
        with open_store(args.workspace) as store:
            done = export_tmx(store, args.text, slug=args.slug)
        pairs = ", ".join(f"{n} fr→{lang}" for lang, n in done.pairs.items()) or "no pairs"
        _out(f"wrote {done.path}: TMX 1.4, {done.units} units ({pairs})")
        return 0
    with open_store(args.workspace) as store:
        got = import_tmx(store, args.text)
    added = ", ".join(f"{n} fr→{lang}" for lang, n in got.added.items()) or "nothing new"
    _out(
        f"{got.path}: {got.units} units: added {added}; {got.duplicates} duplicates, "
        f"{got.skipped} skipped (no French, no target or an unknown language)"
    )
    _out(f"  imported memory: {got.memory} (TM matches, never approved targets)")
    return 0


def _import_xliff(args: argparse.Namespace) -> int:
    from pathlib import Path

    from workbench.interchange import import_xliff
    from workbench.store import open_store

    with open_store(args.workspace) as store:
        done = import_xliff(
            store, Path(args.file), slug=args.slug, lang=args.lang, reviewer=args.reviewer
        )
    r = done.result
    _out(
        f"{args.file}: XLIFF {done.version} for {done.slug} ({done.lang}): {r.approved} approved, "
        f"{r.edited} edited, {r.unchanged} unchanged, {r.skipped_empty} empty skipped"
    )
    _report_import(r, done.slug)
    return 1 if r.conflicts else 0


def _report_import(result: ImportResult, slug: str) -> None:
    for key in result.unknown:
        _out(f"  not in {slug}: {key}")
    for c in result.conflicts:
        _out(
            f"  CONFLICT {c.segment_id}: the store has a newer edit by {c.reviewer or 'someone'} "
            f"({c.store_updated_at}); kept {c.store_text!r}, not {c.file_text!r}"
        )


def cmd_import_po(args: argparse.Namespace) -> int:
    from pathlib import Path

    from workbench.export import import_po
    from workbench.interchange import is_xliff
    from workbench.store import open_store

    if is_xliff(args.file):
        return _import_xliff(args)
    missing = [f"--{name}" for name in ("slug", "lang") if not getattr(args, name)]
    if missing:
        raise InputError(f"import-po of a PO file needs {' and '.join(missing)}")
    with open_store(args.workspace) as store:
        result = import_po(store, Path(args.file), args.slug, args.lang, reviewer=args.reviewer)
    _out(
        f"{args.file}: {result.approved} approved, {result.edited} edited (fuzzy), "
        f"{result.unchanged} unchanged, {result.skipped_empty} empty skipped"
    )
    _report_import(result, args.slug)
    return 1 if result.conflicts else 0


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


@contextlib.contextmanager
def _score_cache(args: argparse.Namespace) -> Iterator[StatsCache | None]:
    """The statistics cache: ``--cache FILE``, else the workspace's; None with --no-cache.
    Its notices (an unreadable file, ...) go to stderr when it closes."""
    if args.no_cache:
        yield None
        return
    from pathlib import Path

    from workbench.score import StatsCache, printable
    from workbench.score.cache import DEFAULT_NAME
    from workbench.store import workspace_dir

    path = Path(args.cache) if args.cache else workspace_dir(args.workspace) / DEFAULT_NAME
    cache = StatsCache.open(path)
    try:
        yield cache
    finally:
        cache.close()
        for notice in cache.notices:
            sys.stderr.write(f"workbench: notice: {printable(notice)}\n")


def cmd_score(args: argparse.Namespace) -> int:
    from workbench import score

    metrics = _csv(args.metrics)
    unknown = sorted(set(metrics) - set(score.METRICS))
    if unknown:
        raise InputError(
            f"unknown metric {', '.join(unknown)}: choose from {', '.join(score.METRICS)}"
        )
    if args.effort and (not args.slug or not args.lang):
        raise InputError("--effort needs an article and a language: score SLUG --lang vi --effort")
    if not args.effort and (not args.hyp or not args.ref):
        raise InputError("give --hyp FILE and --ref FILE (PO files or one segment a line)")
    if args.compare:
        return _compare(args, metrics)
    if args.effort:
        from workbench.project import edit_effort
        from workbench.store import open_store

        with open_store(args.workspace) as store:
            store.article(args.slug)  # an unknown slug fails before the cache is created
            with _score_cache(args) as cache:
                report = edit_effort(store, args.slug, args.lang, cache=cache)
        _emit_report(report, args.json)
        return 0
    lang = args.lang or score.detect_language(args.ref)
    pairs = score.load_segment_pairs(args.hyp, args.ref)
    with _score_cache(args) as cache:
        report = score.score_pairs(
            pairs.hyps,
            pairs.refs,
            metrics,
            lang=lang,
            per_segment=args.per_segment,
            keys=pairs.keys,
            positions=pairs.positions,
            sources=pairs.sources,
            cache=cache,
        )
    failures = score.check_thresholds(report, args.min_bleu, args.min_chrf)
    _emit_report(report, args.json, failures)
    for failure in failures:
        sys.stderr.write(f"workbench: quality gate failed: {failure}\n")
    return 1 if failures else 0


def _compare(args: argparse.Namespace, metrics: list[str]) -> int:
    from workbench import score

    lang = args.lang or score.detect_language(args.ref)
    keys, hyps, refs = score.load_pairs(args.hyp, args.ref)
    other_keys, others, other_refs = score.load_pairs(args.compare, args.ref)
    if other_keys != keys or other_refs != refs:
        raise InputError(f"{args.compare} does not cover the same segments as {args.hyp}")
    result = score.paired_bootstrap(
        refs, hyps, others, [m for m in metrics if m != "ter"] or ["bleu"], lang=lang
    )
    if args.json:
        names = {"A": args.hyp, "B": args.compare}
        _dump_json(result | {"systems": names, "verdicts": score.verdicts(result, "A", "B")})
    else:
        _out(score.format_comparison(result, args.hyp, args.compare))
    return 0


def _emit_report(report: ScoreReport, as_json: bool, failures: Sequence[str] = ()) -> None:
    from workbench.score import format_report

    if as_json:
        _dump_json(report.to_json() | {"passed": not failures, "failures": list(failures)})
    else:
        _out(format_report(report))


def cmd_report(args: argparse.Namespace) -> int:
    from workbench.project import quality_report, render_report, write_report
    from workbench.store import open_store

    fmt = args.format
    with open_store(args.workspace) as store:
        langs = _langs(args.lang) if args.lang else list(store.status(args.slug).langs)
        if not langs:
            raise InputError(
                f"{args.slug!r} has no translation yet: `workbench translate {args.slug}`"
            )
        with _score_cache(args) as cache:
            report = quality_report(
                store, args.slug, langs, compare=args.compare_model or (), cache=cache
            )
    if args.out == "-":
        sys.stdout.write(render_report(report, fmt))
        return 0
    out = args.out or f"{args.slug}-report.{fmt}"
    _out(f"wrote {write_report(report, out, fmt)}")
    return 0


def default_reviewer() -> str:
    import getpass
    import os

    return os.environ.get("WORKBENCH_REVIEWER") or getpass.getuser()


def cmd_review(args: argparse.Namespace) -> int:
    from workbench.tui.app import run_review

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal the app would draw into a pipe forever: say so, after the
        # errors the user would get anyway (language, workspace, article).
        from workbench.lang.codes import check_lang
        from workbench.store import open_store

        check_lang(args.lang)
        with open_store(args.workspace) as store:
            store.article(args.slug)
        raise InputError(
            "review is interactive and needs a terminal (stdin and stdout are not one here): "
            "run it in a terminal; scripts use `workbench export` and `workbench import-po`"
        )
    return run_review(
        workspace=args.workspace,
        slug=args.slug,
        lang=args.lang,
        reviewer=args.reviewer or default_reviewer(),
    )


# -- parser --------------------------------------------------------------------


def _int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer from ``low`` to ``high`` (a usage error otherwise)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--workspace",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="workspace folder (default: $WORKBENCH_HOME, else ./.workbench)",
    )
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database: postgresql://USER@HOST/DB or sqlite:///PATH (default: $WORKBENCH_DB, "
        "else workbench.db in the workspace)",
    )
    parser = _Parser(
        prog="workbench",
        description="Offline translation workbench for French news articles.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("--workspace", metavar="DIR", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--db", metavar="URL", default=None, help=argparse.SUPPRESS)
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

    p = add("translate", cmd_translate, "machine-translate an article (Argos models, offline)")
    p.add_argument("slug")
    p.add_argument("--to", default="en,vi", help="comma list of target languages (default en,vi)")
    p.add_argument("--force", action="store_true", help="translate again segments that have MT")
    p.add_argument(
        "--beam", type=_int_between(1, 64), default=4, help="beam size, 1-64 (default 4, Argos's)"
    )
    p.add_argument(
        "--alternatives", type=_int_between(0, 63), default=2, help="n-best alternatives to keep"
    )
    p.add_argument(
        "--threads",
        type=_int_between(1, 256),
        help="parallel translation workers, one core each (default: all cores, up to 2)",
    )

    p = add("models", cmd_models, "list, install, remove or verify Argos packages")
    p.add_argument("action", choices=("list", "install", "remove", "verify"))
    p.add_argument("target", nargs="*", help="FILE.argosmodel | FROM TO (--online) | code")
    p.add_argument(
        "--online",
        nargs=2,
        metavar=("FROM", "TO"),
        help="install the FROM→TO package from the Argos package index",
    )
    p.add_argument("--json", action="store_true", help="list as JSON")

    p = add("demo", cmd_demo, "import the sample article, translate it to en and vi, review it")
    p.add_argument("--no-review", action="store_true", help="do not open the review UI")

    p = add("export", cmd_export, "write approved segments as PO files (or XLIFF for CAT tools)")
    p.add_argument("slug")
    p.add_argument("--lang", help="comma list (default: every translated language)")
    p.add_argument("--out", default="locales", help="output folder (default: locales)")
    p.add_argument(
        "--format",
        choices=("po", "xliff-1.2", "xliff-2.0"),
        default="po",
        help="po (default): LANG/LC_MESSAGES/SLUG.po; xliff-1.2 / xliff-2.0: LANG/SLUG.xlf with "
        "every segment, its status and notes",
    )
    p.add_argument(
        "--include-machine", action="store_true", help="add machine and edited ones as fuzzy"
    )
    p.add_argument("--mo", action="store_true", help="also compile .mo files")
    p.add_argument("--force", action="store_true", help="export even with QA errors")

    p = add("qa", cmd_qa, "QA checks on translated segments (exit 1 when errors are found)")
    p.add_argument("slug")
    p.add_argument("--lang", help="comma list (default: every translated language)")
    p.add_argument(
        "--checks",
        help="checks to run: 'numbers,names', or all but some: --checks=-length (default all)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("glossary", cmd_glossary, "the workspace glossary (CSV; TBX-Basic import/export)")
    p.add_argument("action", choices=("import", "export", "list"))
    p.add_argument("file", nargs="?", help="FILE.csv or FILE.tbx")

    p = add("tm", cmd_tm, "translation memory: approved segments and imported TMX pairs")
    p.add_argument("action", choices=("stats", "search", "export", "import"))
    p.add_argument(
        "text", nargs="?", help="French text to look up (search); FILE.tmx (export, import)"
    )
    p.add_argument("--lang", default="en,vi", help="comma list (default en,vi)")
    p.add_argument("--slug", help="tm export: only this article (default: the whole workspace)")
    p.add_argument("--min", type=int, default=75, help="lowest fuzzy match to show (percent)")

    p = add(
        "import-po", cmd_import_po, "bring back a PO or XLIFF file edited in Poedit, OmegaT & co"
    )
    p.add_argument("file", help="FILE.po, or an XLIFF 1.2 / 2.0 file (recognised by its content)")
    p.add_argument("--slug", help="the article (required for PO; XLIFF files name theirs)")
    p.add_argument("--lang", help="the language (required for PO; XLIFF files name theirs)")
    p.add_argument("--reviewer", help="name recorded in the audit log")

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
    p.add_argument(
        "--cache",
        metavar="FILE",
        help="per-segment statistics cache (default: score-cache.sqlite in the workspace)",
    )
    p.add_argument("--no-cache", action="store_true", help="compute every segment, store nothing")

    p = add("report", cmd_report, "quality report: one self-contained HTML page or Markdown")
    p.add_argument("slug")
    p.add_argument("--lang", help="comma list (default: every translated language)")
    p.add_argument("--out", metavar="FILE", help="default SLUG-report.html (or .md); - for stdout")
    p.add_argument("--format", choices=("html", "md"), default="html", help="md: a CI summary")
    p.add_argument(
        "--compare-model",
        action="append",
        metavar="FILE.po",
        help="another model version's output (PO) to compare with the stored MT; twice: "
        "compare the two files",
    )
    p.add_argument("--cache", metavar="FILE", help="per-segment statistics cache file")
    p.add_argument("--no-cache", action="store_true", help="compute every segment, store nothing")

    p = add("review", cmd_review, "post-edit and approve an article in the terminal UI")
    p.add_argument("slug")
    p.add_argument("--lang", default="vi", help="target language to review (default: vi)")
    p.add_argument(
        "--reviewer", help="your name in the audit log (default: $WORKBENCH_REVIEWER or login)"
    )

    p = add("db", cmd_db, "the workspace database: `db upgrade` runs its migrations")
    p.add_argument("action", choices=("upgrade",))

    return parser


def _use_database(url: str | None) -> None:
    """``--db URL`` stands for ``$WORKBENCH_DB`` in this process (and the ones it starts):
    every store it opens, through any use case, uses that database."""
    if url is None:
        return
    from workbench.store import DB_ENV, resolve

    resolve(None, url)  # a URL of another kind: one line now, before anything runs
    os.environ[DB_ENV] = url


def cmd_db(args: argparse.Namespace) -> int:
    from workbench.store import upgrade_database

    before, after = upgrade_database(args.workspace)
    from workbench.store import resolve

    where = resolve(args.workspace).shown
    if before == after:
        _out(f"{where}: up to date (revision {after})")
    else:
        _out(f"{where}: upgraded from {before or 'the schema before migrations'} to {after}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        _use_database(args.db)
        return handler(args)
    except WorkbenchError as exc:
        sys.stderr.write("workbench: error: " + str(exc).replace("\n", " ") + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("workbench: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A path the user gave that the system refuses (name too long, a file where a folder
        # should be, a folder where a file should be): one line, like any user error.
        if exc.filename is None:
            raise
        where = "".join(
            ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(exc.filename2 or exc.filename)
        )
        sys.stderr.write(
            f"workbench: error: cannot use {where}: {exc.strerror or exc}: check the path\n"
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
