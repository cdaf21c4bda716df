"""User text made safe to show, and numbers made short, for both report formats.

Control characters (C0 but tab and newline, DEL, C1) and the Unicode bidirectional controls
(which can make text read differently from what it is) become visible escapes such as
``\\x1b`` or ``\\u202e``: a report shows exactly which characters a segment holds.
"""

from __future__ import annotations

import re

from workbench.textsafety import BIDI, C0_BUT_TAB_LF, DEL_C1, escaped, shown

_HIDDEN = re.compile(f"[{C0_BUT_TAB_LF}{DEL_C1}{BIDI}]")


def runs(text: str) -> list[tuple[bool, str]]:
    """``text`` split into (hidden, text) runs; hidden runs are already escaped."""
    out: list[tuple[bool, str]] = []
    last = 0
    for match in _HIDDEN.finditer(text):
        if match.start() > last:
            out.append((False, text[last : match.start()]))
        out.append((True, escaped(match.group())))
        last = match.end()
    if last < len(text):
        out.append((False, text[last:]))
    return out


def visible(text: str) -> str:
    """``text`` with every control and bidi character as a visible escape."""
    return shown(text, _HIDDEN)


def one_line(text: str, width: int = 0) -> str:
    """Visible text on one line (whitespace runs collapsed), cut with "…" past ``width``."""
    flat = " ".join(visible(text).split())
    if width and len(flat) > width:
        return flat[: width - 1].rstrip() + "…"
    return flat


def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def duration(seconds: float | None) -> str:
    """ "42 s", "3 min 05 s", "1 h 02 min"; "–" when unknown."""
    if seconds is None:
        return "–"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
