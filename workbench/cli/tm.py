"""``workbench tm stats`` and ``workbench tm search TEXT``: the translation memory."""

from __future__ import annotations

import argparse

from workbench.cli.output import out
from workbench.cli.parser import lang_list
from workbench.errors import InputError


def run(args: argparse.Namespace) -> int:
    from workbench.project import tm_search, tm_stats

    langs = lang_list(args.lang)
    if args.action == "stats":
        for s in tm_stats(args.workspace, langs):
            out(f"{s.lang}: {s.segments} approved segments from {s.articles} articles")
        return 0
    if not args.text:
        raise InputError("tm search needs the TEXT to look for")
    for lang, hits in tm_search(args.workspace, args.text, langs, threshold=args.min).items():
        out(f"{lang}: {len(hits)} matches")
        for h in hits:
            out(f"  {h.score:>3}%  {h.source}\n        → {h.target}   ({h.slug}/{h.segment_id})")
    return 0
