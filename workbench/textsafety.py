"""The characters of user text that must never reach a terminal as they are, named once.

Titles, sources, targets, notes and paths come from users and files. Control characters (C0,
DEL, C1) are terminal commands (ESC starts an escape sequence, CR overwrites the line). The
Unicode bidirectional controls (LRM, RLM, ALM, the embeddings, overrides and isolates) are
not commands, but they make a line read differently from what it holds: U+202E (RIGHT-TO-LEFT
OVERRIDE) in a title shows "gpj.exe" as "exe.jpg" in a bidi-aware terminal (the "Trojan
Source" trick). French, English and Vietnamese text never needs them.

The CLI, the score report and the review UI build their filters from these classes; each
decides what to keep (tab and line feed in CLI output) and how to show the rest (an escape
such as ``\\x1b`` or ``\\u202e``, or nothing in the review UI's drawn lines).
"""

from __future__ import annotations

import re

#: C0 controls but tab (U+0009) and line feed (U+000A), for a character class.
C0_BUT_TAB_LF = "\x00-\x08\x0b-\x1f"
#: DEL and the C1 controls (U+0080–U+009F; U+009B is an 8-bit CSI).
DEL_C1 = "\x7f-\x9f"
#: The bidirectional formatting characters (Unicode Bidi_Control): ALM, LRM, RLM, LRE, RLE,
#: PDF, LRO, RLO, LRI, RLI, FSI, PDI.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Every control character and bidi control: what a terminal must never receive raw.
EVERY = re.compile(f"[\x09\x0a{C0_BUT_TAB_LF}{DEL_C1}{BIDI}]")
#: The same but line feed: text whose lines stay lines.
EVERY_BUT_LF = re.compile(f"[\x09{C0_BUT_TAB_LF}{DEL_C1}{BIDI}]")


def escaped(char: str) -> str:
    """One hidden character as a visible escape: ``\\x1b``, ``\\u202e``."""
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str, hidden: re.Pattern[str] = EVERY) -> str:
    """``text`` with every character ``hidden`` matches as a visible escape."""
    return hidden.sub(lambda m: escaped(m.group()), text)
