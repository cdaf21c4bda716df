"""``workbench tm stats|search TEXT|export FILE.tmx|import FILE.tmx``: the translation memory."""

from __future__ import annotations

import argparse

from workbench.cli.output import out
from workbench.cli.parser import lang_list
from workbench.errors import InputError


def _file(args: argparse.Namespace) -> int:
    from workbench.project import tm_export, tm_import

    if not args.text:
        raise InputError(f"tm {args.action} needs the FILE.tmx")
    if args.action == "import" and args.slug:
        raise InputError("--slug is for tm export: an imported memory serves every article")
    if args.action == "export":
        done = tm_export(args.workspace, args.text, slug=args.slug)
        pairs = ", ".join(f"{n} fr→{lang}" for lang, n in done.pairs.items()) or "no pairs"
        out(f"wrote {done.path}: TMX 1.4, {done.units} units ({pairs})")
        return 0
    got = tm_import(args.workspace, args.text)
    added = ", ".join(f"{n} fr→{lang}" for lang, n in got.added.items()) or "nothing new"
    out(
        f"{got.path}: {got.units} units: added {added}; {got.duplicates} duplicates, "
        f"{got.skipped} skipped (no French, no target or an unknown language)"
    )
    out(f"  imported memory: {got.memory} (TM matches, never approved targets)")
    return 0


def run(args: argparse.Namespace) -> int:
    from workbench.project import tm_search, tm_stats

    if args.action in ("export", "import"):
        return _file(args)
    langs = lang_list(args.lang)
    if args.action == "stats":
        for s in tm_stats(args.workspace, langs):
            extra = f", {s.imported} pairs imported from TMX" if s.imported else ""
            out(f"{s.lang}: {s.segments} approved segments from {s.articles} articles{extra}")
        return 0
    if not args.text:
        raise InputError("tm search needs the TEXT to look for")
    for lang, hits in tm_search(args.workspace, args.text, langs, threshold=args.min).items():
        out(f"{lang}: {len(hits)} matches")
        for h in hits:
            out(f"  {h.score:>3}%  {h.source}\n        → {h.target}   ({h.slug}/{h.segment_id})")
    return 0
