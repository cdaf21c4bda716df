"""The entry grammar of gettext PO files, as GNU msgfmt enforces it and polib does not.

polib reads a ``msgstr`` with no ``msgid``, a dangling ``msgctxt``, ``msgstr[1]`` before
``msgstr[0]`` or an entry half obsolete (``#~``) without a word; msgfmt refuses all of them.
:func:`grammar_error` runs over the lines (each already one keyword with a string, or a
string, or a comment: :func:`workbench.formats.po.first_bad_line`) and says where the file
breaks the grammar; ``tests/test_po_msgfmt.py`` fuzzes it against msgfmt itself.
"""

from __future__ import annotations

import re

from workbench.formats.po import _NEWLINE, _PO_LINE

_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s*\"")


def _tokens(text: str) -> list[tuple[int, bool, str]]:
    """(line, obsolete, keyword or ``"`` for a continuation string) of each line gettext
    parses; comments dropped. None of the lines is malformed (:func:`first_bad_line`)."""
    out = []
    for number, line in enumerate(_NEWLINE.split(text), start=1):
        line = line.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|") or not line:
                continue
            if not _PO_LINE.fullmatch(line):
                return [(number, True, "?")]
        elif not line or line.startswith("#"):
            continue
        m = _KEYWORD.match(line)
        out.append((number, obsolete, m.group(1) if m else '"'))
    return out


def grammar_error(text: str) -> str | None:
    """Where and why gettext's grammar (msgfmt) refuses the entries of ``text``: each entry
    is ``[msgctxt] msgid (msgstr | msgid_plural msgstr[0] msgstr[1]...)``, every keyword
    with its strings, all of an entry obsolete (``#~``) or none. None when it is fine."""
    # states: -1 before any entry, 0 after msgctxt, 1 after msgid, 2 after msgid_plural,
    # 3 after msgstr (complete), 4 + k after msgstr[k] (complete)
    state, obsolete_entry = -1, False
    for number, obsolete, word in _tokens(text):
        if word == "?":
            return f"syntax error at line {number}: an obsolete (#~) line that is not PO syntax"
        if word == '"':
            if state < 0:
                return f"syntax error at line {number}: a string outside any entry"
            continue
        if (state == -1 or state >= 3) and word in ("msgctxt", "msgid"):
            state, obsolete_entry = (0 if word == "msgctxt" else 1), obsolete
            continue
        if obsolete != obsolete_entry:
            return f"syntax error at line {number}: inconsistent use of #~ within one entry"
        following = {0: ("msgid",), 1: ("msgstr", "msgid_plural"), 2: ("msgstr[0]",)}
        if state >= 4:
            following[state] = (f"msgstr[{state - 3}]",)
        if word not in following.get(state, ()):
            return f"syntax error at line {number}: {word} out of place"
        if word == "msgid":
            state = 1
        elif word == "msgstr":
            state = 3
        elif word == "msgid_plural":
            state = 2
        else:
            state = 4 + int(word[7:-1])
    if state in (0, 1, 2):
        return "syntax error at the end: the last entry has no msgstr"
    return None
