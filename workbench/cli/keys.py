"""``workbench keys``: the review UI's keymap in force (id, keys, what it does), so users
know the ids to remap in keys.toml (:mod:`workbench.tui.keyconfig`)."""

from __future__ import annotations

import argparse

from workbench.cli.output import out


def run(args: argparse.Namespace) -> int:
    from workbench import settings
    from workbench.tui import keyconfig

    path, _ = settings.load().keys_file()
    config = keyconfig.from_env()
    read = "read" if config.source is not None else "none there: the defaults"
    out(f"# key file: {path} ({read})")
    for key, keys in config.table():
        what = key.help or key.label
        screen = "" if key.screen == "review" else f"[{key.screen}] "
        out(f"{key.id:<22} {keys:<18} {screen}{what}")
    return 0
