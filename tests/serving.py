"""``workbench serve`` in the tests and the benchmark: a workspace to serve, the real CLI in a
child process on a free port, headless Chromium through Playwright, and what the browser's
terminal received.

The workspace holds the seed article with the committed post-edits (``locales/``) standing in
as its machine translation (labelled ``example``), so the review app opens without a model.
Chromium is Debian's (``/usr/bin/chromium``), never a Playwright download; without it (or
without Playwright) the browser tests skip, unless ``WORKBENCH_REQUIRE_SERVICES=1`` (CI),
where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
import pytest

from tests.engines import REQUIRE_ENV
from tests.support import REPO_ROOT, SLUG

_ANSI = re.compile(
    rb"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-B]|.)"
)


def chromium_path() -> str:
    """Debian's Chromium and Playwright for Python, or a skip (a failure in CI)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        browser = None
    if browser is None:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"chromium and playwright are required ({REQUIRE_ENV}=1) but missing")
        pytest.skip("chromium (apt-get install -y chromium) or playwright is missing; CI has both")
    return browser


def serve_workspace(workspace: Path, langs: tuple[str, ...] = ("vi",)) -> None:
    """The seed article; its "MT" the committed post-edits; nothing approved."""
    from workbench.project import import_article
    from workbench.store import MTWrite, open_store

    import_article(REPO_ROOT / "samples" / SLUG / "fr.txt", slug=SLUG, workspace=workspace)
    with open_store(workspace) as store:
        for lang in langs:
            po = polib.pofile(str(REPO_ROOT / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"))
            mt = {e.msgctxt: e.msgstr for e in po if e.msgctxt and e.msgstr}
            rows = [r for r in store.rows(SLUG, lang) if r.segment.id in mt]
            store.store_mt(SLUG, lang, [MTWrite(r.segment.id, mt[r.segment.id], "example")
                                        for r in rows])  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli_env(workspace: Path) -> dict[str, str]:
    env = {**os.environ, "WORKBENCH_HOME": str(workspace)}
    env.pop("WORKBENCH_DB", None)
    return env


def add_token(workspace: Path, name: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", "serve", "token", "add", name],
        env=cli_env(workspace), capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return proc.stdout.strip()


@dataclass
class Served:
    url: str
    workspace: Path
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def stop(self) -> str:
        """ctrl+c, as a user stops it; what it printed (once stopped, the same again)."""
        if self.process.stdout is None or self.process.stdout.closed:
            return "".join(self.output)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        out, _ = self.process.communicate()
        self.output.append(out or "")
        return "".join(self.output)


@contextmanager
def serving(workspace: Path, *args: str) -> Iterator[Served]:
    """``workbench serve ARGS`` on a free port of 127.0.0.1, until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--port", str(port), *args],
        env=cli_env(workspace), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    served = Served(f"http://127.0.0.1:{port}", workspace, process)
    try:
        wait_for(lambda: _accepts(port) or process.poll() is not None, 60, "the server port")
        if process.poll() is not None:
            raise AssertionError(f"workbench serve exited: {served.stop()}")
        yield served
    finally:
        served.stop()


def _accepts(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(condition: Callable[[], Any], seconds: float, what: str, page: Any = None) -> Any:
    """Poll ``condition`` until it is true (a time-out, not a timing assertion). With a
    Playwright ``page`` the pause is the page's own, so its events keep arriving (the sync
    API delivers them only while it runs)."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {seconds:.0f} s")
        if page is not None and not page.is_closed():
            page.wait_for_timeout(50)
        else:
            time.sleep(0.05)


class Screen:
    """Everything the page's websockets received (the review app's terminal output), as
    text without escape sequences: what xterm.js drew, searchable."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.chunks: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        self.chunks.append(payload if isinstance(payload, bytes) else payload.encode())

    def text(self) -> str:
        return _ANSI.sub(b"", b"".join(self.chunks)).decode("utf-8", "replace")

    def wait_for(self, needle: str, seconds: float = 60) -> None:
        what = f"{needle!r} on the browser's screen"
        wait_for(lambda: needle in self.text(), seconds, what, self.page)

    def clear(self) -> None:
        self.chunks.clear()


def log_in(page: Any, url: str, token: str) -> None:
    page.goto(url + "/")
    page.fill("#token", token)
    page.click("button[type=submit]")
