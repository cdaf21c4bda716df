"""What the command line prints: lines, JSON, a progress bar — user data made safe for a terminal.

Titles, sources, targets, notes and paths come from users and files: a control character in
them (ESC starting a terminal escape sequence, a carriage return overwriting the line, a C1
control) must not reach the terminal, nor a bidi control that makes a line read otherwise
(:mod:`workbench.textsafety`). :func:`safe` is the one place that neutralises them (shown as
``\\xNN`` or ``\\uNNNN``; tabs and line breaks stay), and :func:`out` and :func:`error` pass
everything they print through it. :func:`dump_json` escapes C1 controls and DEL as ``\\uNNNN``
(``json`` escapes only C0), so JSON output stays valid JSON and terminal-safe.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from workbench.textsafety import BIDI, C0_BUT_TAB_LF, DEL_C1, escaped

#: C0 controls but tab and line feed, DEL, the C1 controls, the bidi controls, and lone
#: surrogates.
_UNSAFE = re.compile(f"[{C0_BUT_TAB_LF}{DEL_C1}{BIDI}\ud800-\udfff]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (os.fsdecode's escape)
        return f"\\x{code - 0xDC00:02x}"
    return escaped(match.group())


def safe(text: str) -> str:
    """``text`` with every control character but tab and line feed shown as ``\\xNN``, and
    the undecodable bytes of a file name (lone surrogates, which no terminal encoding can
    write: a UnicodeEncodeError under a strict UTF-8 locale) as ``\\xNN`` too."""
    return _UNSAFE.sub(_shown, text)


def out(text: str = "") -> None:
    """One line (or several) on stdout, made safe."""
    sys.stdout.write(safe(text) + "\n")


def error(text: str) -> None:
    """One line on stderr, made safe: line breaks in ``text`` become spaces."""
    sys.stderr.write(safe(text.replace("\n", " ")) + "\n")


def dump_json(value: Any) -> None:
    """``value`` as indented UTF-8 JSON on stdout (control characters escaped)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


class ProgressBar:
    """A one-line progress bar with segments/s on stderr (only on a terminal)."""

    def __init__(self) -> None:
        import time

        self._clock = time.perf_counter
        self._start: dict[str, float] = {}
        self._tty = sys.stderr.isatty()

    def __call__(self, lang: str, done: int, total: int) -> None:
        start = self._start.setdefault(lang, self._clock())
        if not self._tty or total == 0:
            return
        rate = done / max(self._clock() - start, 1e-9)
        filled = int(30 * done / total)
        bar = "█" * filled + "·" * (30 - filled)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r  {lang} {bar} {done}/{total} segments  {rate:5.1f} seg/s{end}")
        sys.stderr.flush()


def is_terminal() -> bool:
    """stdin and stdout are a terminal (an interactive UI can run)."""
    return sys.stdin.isatty() and sys.stdout.isatty()
