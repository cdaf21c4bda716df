"""A real terminal for the review UI: tmux, driven as a person would (keys sent to the pane
with ``send-keys``, a burst of text in one write, signals to the process, the window closed).
Used by tests/test_tui_tmux.py and benchmarks/review_save_bench.py.

Each :class:`Terminal` has its own tmux server (``-S`` socket in a temporary folder), so
tests never touch a user's tmux and can run side by side.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

REQUIRE = "WORKBENCH_REQUIRE_SERVICES"
#: tmux takes the terminal's character set from the locale of the process that starts it.
UTF8 = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
SIZE = (120, 36)
READY_S = 30.0  # the UI's first paint, on a loaded 2-core machine


def need_tmux() -> str:
    """The tmux binary; a skip with the reason when it is missing, a failure when the run
    requires every service (.ci/run sets WORKBENCH_REQUIRE_SERVICES=1 and installs tmux)."""
    found = shutil.which("tmux")
    if found:
        return found
    reason = "tmux is not installed (apt-get install tmux): the real-terminal tests need it"
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{reason}; {REQUIRE}=1 requires it")
    pytest.skip(reason)


def review_env(root: Path) -> dict[str, str]:
    """The environment of a workbench process whose folders all live under ``root``."""
    env = dict(os.environ)
    for var, sub in (
        ("WORKBENCH_HOME", "ws"),
        ("ARGOS_PACKAGES_DIR", "argos/packages"),
        ("XDG_DATA_HOME", "xdg/data"),
        ("XDG_CONFIG_HOME", "xdg/config"),
        ("XDG_CACHE_HOME", "xdg/cache"),
        ("XDG_STATE_HOME", "xdg/state"),
    ):
        env[var] = str(root / sub)
    env.pop("TEXTUAL", None)
    env["WORKBENCH_REVIEWER"] = "anna"
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    return env


class Terminal:
    """One tmux pane running ``argv``; after it ends the pane prints ``EXITED=<code>``."""

    def __init__(
        self,
        folder: Path,
        argv: Sequence[str],
        env: Mapping[str, str],
        name: str = "review",
        size: tuple[int, int] = SIZE,
    ) -> None:
        self.tmux = need_tmux()
        self.folder = folder
        # Its own server; a short path (a socket's is limited to 107 bytes).
        self._sockets = tempfile.mkdtemp(prefix="wb-tmux-")
        self.socket = Path(self._sockets) / "s"
        self.name = name
        self.argv = list(argv)
        command = " ".join(_quote(a) for a in ["env", *_env_args(env), *argv])
        self._run(
            "new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]),
            f"{command}; echo EXITED=$?; sleep 600",
        )  # fmt: skip

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-u", "-S", str(self.socket), *args],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
            env=UTF8,
        )
        return done.stdout

    # -- what the terminal shows -------------------------------------------------------------

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.name)

    def flag(self, name: str) -> str:
        """A tmux pane format variable (alternate_on, mouse_any_flag ...)."""
        return self._run("display-message", "-p", "-t", self.name, f"#{{{name}}}").strip()

    def wait_for(self, text: str, timeout: float = READY_S) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not on the screen after {timeout} s:\n{shown}")
            time.sleep(0.05)

    def wait_ready(self) -> None:
        """The review UI has painted its editor and footer (and so reads keys)."""
        self.wait_for("^q Quit")
        self.wait_for("Target (")
        time.sleep(0.3)  # the focus and the analysis right after the first paint

    def editor_text(self) -> str:
        """The target editor's text as shown (its wrapped lines joined by spaces)."""
        lines = self.screen().splitlines()
        top = next((i for i, line in enumerate(lines) if "╭" in line), None)
        if top is None:
            return ""
        left = lines[top].index("╭")
        shown = []
        for line in lines[top + 1 :]:
            if "╰" in line:
                break
            shown.append(line[left + 1 :].rsplit("│", 1)[0].strip())
        return " ".join(part for part in shown if part)

    def wait_shown(self, text: str, timeout: float = READY_S) -> None:
        """The target editor shows ``text`` (as its words: the editor wraps lines)."""
        wanted = " ".join(text.split())
        deadline = time.monotonic() + timeout
        while " ".join(self.editor_text().split()) != wanted:
            if time.monotonic() > deadline:
                raise AssertionError(f"the editor shows {self.editor_text()!r}, not {wanted!r}")
            time.sleep(0.03)

    def exit_code(self, timeout: float = READY_S) -> int:
        shown = self.wait_for("EXITED=", timeout)
        return int(shown.split("EXITED=")[1].split()[0])

    # -- what a person does -----------------------------------------------------------------

    def keys(self, *keys: str) -> None:
        """Key names as tmux knows them (C-q, BSpace, End, M-m...), in one write."""
        self._run("send-keys", "-t", self.name, *keys)

    def type(self, text: str, *then: str) -> None:
        """``text`` as one burst (a single write to the terminal), then the keys ``then`` in
        the same tmux command: as fast as a paste or a fast typist followed by ctrl+q."""
        args = ["send-keys", "-t", self.name, "-l", text]
        if then:
            args += [";", "send-keys", "-t", self.name, *then]
        self._run(*args)

    def pid(self) -> int:
        """The process running ``argv`` (a child of the pane's shell)."""
        shell = int(self.flag("pane_pid"))
        deadline = time.monotonic() + READY_S
        while time.monotonic() < deadline:
            for child in _children(shell):
                return child
            time.sleep(0.05)
        raise AssertionError("the review process did not start")

    def signal(self, sig: signal.Signals) -> None:
        os.kill(self.pid(), sig)

    def close_window(self) -> None:
        """What closing a terminal window does: the pane's terminal hangs up (SIGHUP)."""
        self._run("kill-server")

    def close(self) -> None:
        subprocess.run(
            [self.tmux, "-S", str(self.socket), "kill-server"], capture_output=True, timeout=30
        )
        shutil.rmtree(self._sockets, ignore_errors=True)


def wait_gone(pid: int, timeout: float = READY_S) -> None:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists():
        stat = Path(f"/proc/{pid}/stat").read_text() if Path(f"/proc/{pid}").exists() else ""
        if ") Z " in stat:  # ended, not reaped yet
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"process {pid} still runs {timeout} s later")
        time.sleep(0.05)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _env_args(env: Mapping[str, str]) -> list[str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "WORKBENCH_", "ARGOS_", "XDG_", "PYTHON", "UV_")
    return [f"{k}={v}" for k, v in sorted(env.items()) if k.startswith(keep)]


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def workbench_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "workbench", *args]
