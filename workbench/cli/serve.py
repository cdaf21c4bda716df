"""``workbench serve [SLUG]`` and ``workbench serve token add|list|remove``: the browser UI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.output import error, out
from workbench.errors import InputError

_USAGE = "use `workbench serve [SLUG]` or `workbench serve token add|list|remove [NAME]`"


def _folder(args: argparse.Namespace) -> Path:
    from workbench import settings

    return settings.load().workspace_dir(args.workspace).resolve()


def _token(args: argparse.Namespace, words: list[str]) -> int:
    from workbench.web import tokens

    action, names = (words[0], words[1:]) if words else ("", [])
    if action == "list" and not names:
        for holder in tokens.load_holders(_folder(args)):
            out(f"{holder.name}\t{holder.role}\tmade {holder.created_at}")
        return 0
    if action in ("add", "remove") and len(names) == 1:
        if action == "remove":
            tokens.remove_token(_folder(args), names[0])
            out(f"removed the token of {names[0]}")
            return 0
        token = tokens.add_token(_folder(args), names[0], args.role)
        error(f"token for {names[0]} ({args.role}): shown once, give it to them privately")
        sys.stdout.write(token + "\n")
        return 0
    raise InputError(f"invalid token command {' '.join(['token', *words])!r}: {_USAGE}")


def _announce(line: str) -> None:
    out(line)
    sys.stdout.flush()  # a pipe (a service manager's log) sees it now, not at exit


def run(args: argparse.Namespace) -> int:
    words: list[str] = args.target
    if words[:1] == ["token"]:
        return _token(args, words[1:])
    if len(words) > 1:
        raise InputError(f"too many arguments {' '.join(words)!r}: {_USAGE}")
    from workbench.web.launch import serve

    serve(
        workspace=_folder(args),
        slug=words[0] if words else None,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        max_connections=args.max_connections,
        announce=_announce,
    )
    return 0
