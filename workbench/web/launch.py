"""Before ``workbench serve`` listens: the checks that refuse an unsafe or broken set-up.

* beyond localhost (any address but a loopback one) only with tokens made — a server that
  nobody can log in to is a mistake there, and a server without login would be worse;
* ``public_url`` (a TLS reverse proxy's address) must be an ``http(s)://host[:port]`` origin;
* the workspace, and the article when one is named, must exist; the ``web`` extra must be installed.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from pathlib import Path

from workbench.errors import InputError
from workbench.web import tokens

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+")
DEFAULT_MAX_CONNECTIONS = 16


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may well resolve beyond this machine


def check_public_url(url: str | None) -> str | None:
    if url is None:
        return None
    url = url.rstrip("/")
    if not _ORIGIN.fullmatch(url):
        raise InputError(
            f"invalid public URL {url!r}: give the address reviewers open, like "
            "https://review.example.org (scheme and host, no path)"
        )
    return url


def serve(
    *,
    workspace: Path,
    slug: str | None,
    host: str,
    port: int,
    public_url: str | None,
    max_connections: int,
    announce: Callable[[str], None],
) -> None:
    """Check the set-up, then serve until interrupted."""
    public = check_public_url(public_url)
    holders = tokens.load_holders(workspace)
    if not holders and not is_loopback(host):
        raise InputError(
            f"refusing to listen on {host} without tokens: add one per reviewer with "
            "`workbench serve token add NAME` first"
        )
    from workbench.project import workspace_status

    workspace_status(workspace, slug)  # no workspace, no such article: one line, not served
    try:
        from workbench.web.server import ServeOptions, run
    except ImportError as exc:
        raise InputError(
            f"workbench serve needs the web extra ({exc.name} is missing): "
            "pip install 'workbench[web]' (or uv sync --extra web)"
        ) from None
    if not holders:
        announce("no token yet: only the login page is served until you run "
                 "`workbench serve token add NAME`")  # fmt: skip
    options = ServeOptions(workspace, slug, host, port, public, max_connections)
    run(options, lambda url: announce(f"serving the review UI on {url} (ctrl+c stops)"))
