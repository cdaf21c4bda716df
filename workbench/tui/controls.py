"""The review UI's last guard between data and the terminal: a line filter that drops control
characters (C0, DEL, C1) and the bidi controls from every line any widget draws.

Titles, sources, targets, notes and paths come from users and files. An ESC in one of them,
drawn as it is, is a terminal command: ``ESC [2J`` clears the screen, ``ESC ]0;…`` retitles
the window and swallows what follows, and it goes out through every widget alike (the list,
the editor's TextArea, toasts, dialogs). A bidi override (U+202E) makes a line read otherwise
in a bidi-aware terminal. Rich and Textual give these characters no width, so dropping them at
the last step leaves every layout as it was computed.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from workbench.textsafety import BIDI, DEL_C1

CONTROL = re.compile(f"[\x00-\x1f{DEL_C1}{BIDI}]")


class DropControls(LineFilter):
    """Remove control characters from the text of each segment (styles kept)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(CONTROL.sub("", seg.text), seg.style, seg.control)
            if CONTROL.search(seg.text)
            else seg
            for seg in segments
        ]


#: One instance: strips cache their filtered lines per filter object.
DROP_CONTROLS = DropControls()
