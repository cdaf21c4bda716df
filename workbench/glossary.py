"""Terminology: the French terms of an article and their required English and Vietnamese forms.

A workspace's glossary lives in its store (shared by the team: :func:`workspace_glossary`); it
comes in and goes out as a plain CSV file a translator can edit in a spreadsheet, and as
TBX-Basic to exchange it with CAT tools. The QA check
``glossary`` (see ``workbench.qa``) uses :meth:`Glossary.find` and :meth:`Glossary.target_for`.

Matching is case-insensitive, on word boundaries and accent-sensitive (``Arménie`` is not
``Armenie``); any run of whitespace matches any other (NBSP included) and ``'`` matches ``’``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.formats.csvcell import escape_cell, unescape_cell
from workbench.fsutil import atomic_write
from workbench.settings import WorkspacePaths
from workbench.userfiles import read_user_file

if TYPE_CHECKING:
    from workbench.glossary_index import TermIndex
    from workbench.store import Store

#: Columns of the CSV file, in the order they are written.
CSV_COLUMNS = ("fr", "en", "vi", "note", "do_not_translate")
_REQUIRED_COLUMNS = ("fr", "en", "vi")
LANGS = ("fr", "en", "vi")

_TRUE = frozenset({"yes", "true", "1", "x", "y", "oui"})
_FALSE = frozenset({"no", "false", "0", "", "n", "non"})


_APOSTROPHES = re.compile(r"['’ʼ]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry: a French term and its required forms in each target language.

    An empty ``en`` or ``vi`` means "no requirement in that language". A do-not-translate term
    (a brand, an agency name) must appear unchanged, as written in ``fr``.
    """

    fr: str
    en: str
    vi: str
    note: str = ""
    do_not_translate: bool = False


@dataclass(frozen=True, slots=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    _index: TermIndex | None = field(default=None, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, source: str) -> list[tuple[Term, tuple[int, int]]]:
        """Terms occurring in ``source`` with their character spans, left to right.

        Longest term first at each position and no overlaps, so ``forces de maintien de la
        paix`` wins over a shorter ``maintien de la paix`` entry. The index behind it
        (:mod:`workbench.glossary_index`) is built at the first call, once per glossary.
        """
        if not self.terms or not source:
            return []
        index = self._index
        if index is None:
            from workbench.glossary_index import TermIndex

            index = TermIndex(self.terms)
            object.__setattr__(self, "_index", index)  # a cache, not part of the value
        return [(self.terms[i], span) for i, span in index.find(source)]

    def target_for(self, term: Term, lang: str) -> str:
        """The form ``term`` must take in ``lang`` ("" = no requirement)."""
        if lang not in LANGS:
            raise InputError(f"unknown language {lang!r}: a glossary has {', '.join(LANGS)}")
        if term.do_not_translate or lang == "fr":
            return term.fr
        return term.en if lang == "en" else term.vi


def term_regex(text: str) -> str:
    """Regex source matching ``text`` as a whole phrase: flexible spaces and apostrophes."""
    parts = []
    for chunk in _SPACES.split(text.strip()):
        parts.append("['’ʼ]".join(re.escape(p) for p in _APOSTROPHES.split(chunk)))
    return r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"


def _key(text: str) -> str:
    """Identity of a French term for duplicate detection."""
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", _APOSTROPHES.sub("'", text)).strip().casefold()


def _sorted(terms: Iterable[Term]) -> list[Term]:
    return sorted(terms, key=lambda t: (_key(t.fr), t.fr))


# --------------------------------------------------------------------------------------------
# Starter glossary


def seed_terms() -> tuple[Term, ...]:
    """The key terms of the seed article (samples/karabakh), a starting point for a workspace."""
    return (
        Term(
            "Haut-Karabakh", "Nagorno-Karabakh", "Nagorno-Karabakh", "region; not 'Upper Karabakh'"
        ),
        Term("Kremlin", "Kremlin", "Điện Kremlin", "the Russian presidency"),
        Term(
            "OTSC",
            "CSTO",
            "CSTO",
            "Organisation du traité de sécurité collective / Collective Security Treaty "
            "Organization",
        ),
        Term("Erevan", "Yerevan", "Yerevan", "capital of Armenia"),
        Term(
            "cessez-le-feu",
            "ceasefire",
            "ngừng bắn",
            "vi: lệnh ngừng bắn (the order), thỏa thuận ngừng bắn (the agreement)",
        ),
        Term(
            "forces de maintien de la paix",
            "peacekeeping forces",
            "lực lượng gìn giữ hòa bình",
        ),
        Term("force de maintien de la paix", "peacekeeping force", "lực lượng gìn giữ hòa bình"),
        Term("RT", "RT", "RT", "Russian state broadcaster (ex-Russia Today)", True),
        Term("AFP", "AFP", "AFP", "Agence France-Presse", True),
    )


def seed_glossary() -> Glossary:
    return Glossary(tuple(_sorted(seed_terms())))


# --------------------------------------------------------------------------------------------
# Workspace


def glossary_path(workspace_dir: str | os.PathLike[str]) -> Path:
    """Where a workspace kept its glossary before the store held it (moved in at the first
    open: ``workbench/store/files.py``)."""
    return WorkspacePaths(Path(workspace_dir)).glossary


def workspace_glossary(store: Store) -> Glossary:
    """The workspace's glossary, from its store (empty when none was imported)."""
    return Glossary(tuple(store.glossary_terms()))


# --------------------------------------------------------------------------------------------
# Validation shared by both formats


def _build(entries: Iterable[tuple[str, Term]], path: Path) -> Glossary:
    """Check duplicates and empty rows; ``entries`` pairs a location ("line 4") with a term."""
    seen: dict[str, str] = {}
    terms: list[Term] = []
    for where, term in entries:
        if not term.fr:
            raise InputError(f"{path}: {where}: the fr column is empty")
        if not (term.en or term.vi or term.do_not_translate):
            raise InputError(
                f"{path}: {where}: term {term.fr!r} has no en or vi form: fill one, "
                "or mark it do_not_translate"
            )
        key = _key(term.fr)
        if key in seen:
            raise InputError(
                f"{path}: {where}: duplicate term {term.fr!r} (already on {seen[key]}): "
                "keep one row per French term"
            )
        seen[key] = where
        terms.append(term)
    return Glossary(tuple(terms))


def _parse_bool(value: str, path: Path, where: str) -> bool:
    folded = value.strip().casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise InputError(
        f"{path}: {where}: do_not_translate is {value!r}: use yes/no, true/false, 1/0, x or empty"
    )


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


# --------------------------------------------------------------------------------------------
# CSV


def read_csv(path: str | os.PathLike[str]) -> Glossary:
    """Read a glossary CSV: header ``fr,en,vi[,note][,do_not_translate]``, UTF-8 (BOM allowed).

    Any problem raises InputError naming the file and line.
    """
    import csv
    import io

    file = Path(path)
    # NUL bytes are refused here: the csv module reads a NUL into a cell since Python 3.11
    text = read_user_file(file, "glossary", expected="a UTF-8 CSV file").text()

    # strict: an unclosed quote is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    entries: list[tuple[str, Term]] = []
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = _check_header(row, file, where)
                continue
            if len(row) > len(header):
                raise InputError(
                    f"{file}: {where}: {len(row)} fields but the header has {len(header)} "
                    "(quote cells that contain commas)"
                )
            cells = dict(zip(header, (_cell(c, file, where) for c in row), strict=False))
            entries.append(
                (
                    where,
                    Term(
                        fr=cells.get("fr", ""),
                        en=cells.get("en", ""),
                        vi=cells.get("vi", ""),
                        note=cells.get("note", ""),
                        do_not_translate=_parse_bool(
                            cells.get("do_not_translate", ""), file, where
                        ),
                    ),
                )
            )
    except csv.Error as exc:
        raise InputError(
            f"{file}: line {reader.line_num}: malformed CSV ({exc}): check the quotes up to there"
        ) from None
    if header is None:
        raise InputError(f"{file}: empty glossary: the first line must be {','.join(CSV_COLUMNS)}")
    return _build(entries, file)


def _cell(raw: str, file: Path, where: str) -> str:
    """A cell's text: trimmed, the quote a formula-looking cell was written with removed
    (:mod:`workbench.formats.csvcell`), and no character XML cannot carry (TBX export)."""
    from workbench.formats.xmlsafe import xml_problem

    text = unescape_cell(raw.strip())
    problem = xml_problem(text)
    if problem:
        raise InputError(f"{file}: {where}: a cell {problem.removeprefix('it ')}: remove it")
    return text


def _check_header(row: list[str], path: Path, where: str) -> list[str]:
    names = [cell.strip().casefold().replace(" ", "_").replace("-", "_") for cell in row]
    expected = ",".join(CSV_COLUMNS)
    for name in names:
        if name not in CSV_COLUMNS:
            raise InputError(f"{path}: {where}: unknown column {name!r}: the header is {expected}")
    if len(set(names)) != len(names):
        raise InputError(f"{path}: {where}: a column appears twice in the header: {expected}")
    missing = [c for c in _REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InputError(
            f"{path}: {where}: missing column {', '.join(missing)}: the header is {expected}"
        )
    return names


def write_csv(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write ``glossary`` as CSV, sorted by French term: same glossary, same bytes."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    # csv quotes a cell holding the line terminator, not one holding a lone CR, which every
    # reader (ours too) then takes as the end of the row: such rows are quoted in full
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for t in _sorted(glossary.terms):
        cells = [escape_cell(cell) for cell in (t.fr, t.en, t.vi, t.note)]
        cells.append("yes" if t.do_not_translate else "no")
        (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)
    _atomic_write(Path(path), buffer.getvalue().encode("utf-8"))


# --------------------------------------------------------------------------------------------
# TBX-Basic


def read_tbx(path: str | os.PathLike[str]) -> Glossary:
    """Read TBX-Basic (:func:`workbench.formats.tbx.read_tbx`)."""
    from workbench.formats import tbx

    return tbx.read_tbx(path)


def write_tbx(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write TBX-Basic (:func:`workbench.formats.tbx.write_tbx`)."""
    from workbench.formats import tbx

    tbx.write_tbx(glossary, path)
