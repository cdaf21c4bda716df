"""``workbench segments SLUG`` and ``workbench status [SLUG]``: what the workspace holds."""

from __future__ import annotations

import argparse
import os

from workbench.cli.output import dump_json, out


def segments(args: argparse.Namespace) -> int:
    from workbench.project import list_segments

    found = list_segments(args.workspace, args.slug, include_removed=args.all)
    if args.json:
        dump_json(
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
                for s in found
            ]
        )
        return 0
    for s in found:
        kind = s.kind if s.kind != "chrome" else f"chrome:{s.reason}"
        flag = " (removed)" if s.removed else ""
        out(f"{s.position:>4} ¶{s.paragraph:<3} {s.id}  {kind:<20} {s.source}{flag}")
    return 0


def status(args: argparse.Namespace) -> int:
    print_status(args.workspace, args.slug, as_json=args.json)
    return 0


def print_status(
    workspace: str | os.PathLike[str] | None, slug: str | None, *, as_json: bool = False
) -> None:
    from workbench.project import translatable, workspace_status

    found = workspace_status(workspace, slug)
    if as_json:
        dump_json(
            {
                "workspace": found.path,
                "articles": [
                    {
                        "slug": r.article.slug,
                        "title": r.article.title,
                        "kinds": r.kinds,
                        "removed": r.removed,
                        "langs": r.langs,
                        "demo_mt": r.demo_mt,
                    }
                    for r in found.articles
                ],
            }
        )
        return
    out(f"workspace {found.path}")
    if not found.articles:
        out("no articles yet: `workbench import FILE`")
    for r in found.articles:
        total = sum(r.kinds.values())
        kinds = ", ".join(f"{k} {n}" for k, n in r.kinds.items())
        out(f"{r.article.slug}: {r.article.title}")
        out(f"  segments {total} ({kinds})" + (f", {r.removed} removed" if r.removed else ""))
        if not r.langs:
            out("  not translated yet: `workbench translate " + r.article.slug + " --to en,vi`")
        for lang, counts in r.langs.items():
            detail = " · ".join(f"{s} {n}" for s, n in counts.items())
            out(f"  {lang}: {counts['approved']}/{translatable(r)} approved  ({detail})")
            if r.demo_mt.get(lang):
                out(
                    f"    {r.demo_mt[lang]} unreviewed segments hold output of a generated demo "
                    "model (random weights): gibberish, not a translation"
                )
