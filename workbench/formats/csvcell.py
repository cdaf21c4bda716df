"""CSV cells a spreadsheet opens as text, never as a formula, and read back unchanged.

A glossary exported as CSV is opened in Excel or LibreOffice Calc by translators. A cell
whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken there as
a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``, DDE): OWASP's "CSV Injection" advice is
to write such a cell with a leading single quote, which the spreadsheet shows as text.

The quote has to come off again when workbench reads the file back, and a cell that really
starts with a quote must survive: the rule is recursive, so it is unambiguous. A cell *needs*
a quote when it starts with one of those characters, or with a quote followed by a cell that
needs one; :func:`escape_cell` prefixes exactly the cells that need it and
:func:`unescape_cell` removes one quote exactly from a quote followed by such a cell, so
``unescape_cell(escape_cell(x)) == x`` for every ``x``. (A hand-written ``'=A1`` reads as
``=A1``: the quote was there to keep a spreadsheet from evaluating it.)
"""

from __future__ import annotations

#: First characters a spreadsheet takes as the start of a formula (OWASP).
FORMULA_START = frozenset("=+-@\t\r")


def needs_quote(cell: str) -> bool:
    """Whether ``cell`` must be written with a leading ``'`` to stay text."""
    rest = cell
    while rest[:1] == "'":
        rest = rest[1:]
    return rest[:1] in FORMULA_START


def escape_cell(cell: str) -> str:
    """``cell`` as written to a CSV file (a leading ``'`` when a spreadsheet would evaluate it)."""
    return "'" + cell if needs_quote(cell) else cell


def unescape_cell(cell: str) -> str:
    """The text of a cell :func:`escape_cell` wrote (any other cell unchanged)."""
    return cell[1:] if cell[:1] == "'" and needs_quote(cell[1:]) else cell
