"""``workbench review SLUG [--lang vi] [--reviewer NAME]``: the review UI (needs a terminal)."""

from __future__ import annotations

import argparse

from workbench.cli.output import is_terminal
from workbench.errors import InputError


def run(args: argparse.Namespace) -> int:
    from workbench import settings
    from workbench.tui import keyconfig

    keys = keyconfig.from_env()  # a bad keys.toml: one line, before anything opens
    if not is_terminal():
        # Without a terminal the app would draw into a pipe forever: say so, after the
        # errors the user would get anyway (language, workspace, article).
        from workbench.project import check_review

        check_review(args.workspace, args.slug, args.lang)
        raise InputError(
            "review is interactive and needs a terminal (stdin and stdout are not one here): "
            "run it in a terminal; scripts use `workbench export` and `workbench import-po`"
        )
    from workbench.tui.app import run_review

    return run_review(
        workspace=args.workspace,
        slug=args.slug,
        lang=args.lang,
        reviewer=args.reviewer or settings.load().reviewer(),
        keys=keys.overrides,
    )
