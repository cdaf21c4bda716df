"""Alt+letter keys read whole however fast the next key follows: a guard around Textual's
terminal input parser.

A terminal sends alt+v as ESC v. Textual's ``XTermParser`` (8.2) waits ``ESCAPE_DELAY``
(0.1 s) after ESC v before it reports alt+v; when another escape sequence starts within that
time (an arrow, an F-key, another alt key: alt+z pressed twice, alt+x then ←), it reissues
ESC v as the two keys "^" and "v", and the focused editor types them into the target. The
parser installed here rewrites every ESC + lowercase letter outside a bracketed paste into
the kitty keyboard protocol's form of the same key (ESC [ 118 ; 3 u), which Textual reads at
once as alt+v; every other byte goes through unchanged. Pasted text is never rewritten.

:func:`install` puts it in the drivers that read a terminal or a browser's terminal
(``workbench review`` and ``workbench serve`` both start the app through ``run_review``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual._xterm_parser import XTermParser
from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
#: ESC + a lowercase letter, not after another ESC (ESC ESC v stays as Textual reads it).
_ALT_LETTER = re.compile(r"(?<!\x1b)\x1b([a-z])")


def _kitty(match: re.Match[str]) -> str:
    return f"\x1b[{ord(match.group(1))};3u"  # modifier 3: alt


def rewrite(data: str, in_paste: bool) -> tuple[str, bool]:
    """``data`` with its alt+letter keys in the kitty form, outside bracketed pastes; and
    whether a paste is still open at its end."""
    out: list[str] = []
    rest = data
    while rest:
        if in_paste:
            end = rest.find(PASTE_END)
            if end < 0:
                out.append(rest)
                return "".join(out), True
            out.append(rest[: end + len(PASTE_END)])
            rest, in_paste = rest[end + len(PASTE_END) :], False
            continue
        start = rest.find(PASTE_START)
        keys = rest if start < 0 else rest[:start]
        out.append(_ALT_LETTER.sub(_kitty, keys))
        if start < 0:
            break
        out.append(PASTE_START)
        rest, in_paste = rest[start + len(PASTE_START) :], True
    return "".join(out), in_paste


class AltSafeParser(XTermParser):
    """Textual's parser, fed with alt+letter keys in a form it reads without a delay."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._in_paste = False

    def feed(self, data: str) -> Iterable[Message]:
        data, self._in_paste = rewrite(data, self._in_paste)
        return super().feed(data)


def install() -> None:
    """Use :class:`AltSafeParser` in Textual's terminal and web drivers (the name each
    driver module looks up when its input thread starts)."""
    from textual.drivers import linux_driver, web_driver

    linux_driver.XTermParser = AltSafeParser  # type: ignore[misc]
    web_driver.XTermParser = AltSafeParser  # type: ignore[misc]
