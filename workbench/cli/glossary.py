"""``workbench glossary list|import FILE|export FILE``: the workspace glossary."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.output import out
from workbench.errors import InputError


def run(args: argparse.Namespace) -> int:
    from workbench.project import export_glossary, glossary_of, import_glossary

    if args.action == "list":
        current = glossary_of(args.workspace)
        if not current.glossary.terms:
            out(f"no glossary in {current.folder}: `workbench glossary import FILE.csv`")
        for t in current.glossary.terms:
            flag = "  [do not translate]" if t.do_not_translate else ""
            note = f"  ({t.note})" if t.note else ""
            out(f"{t.fr}  →  en: {t.en}  ·  vi: {t.vi}{flag}{note}")
        return 0
    if not args.file:
        raise InputError(f"glossary {args.action} needs a FILE (.csv or .tbx)")
    if args.action == "import":
        done = import_glossary(args.workspace, args.file)
        out(f"imported {done.terms} terms from {done.source} into {done.target}")
        return 0
    count = export_glossary(args.workspace, args.file)
    out(f"exported {count} terms to {Path(args.file)}")
    return 0
