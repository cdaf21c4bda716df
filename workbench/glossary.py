"""Terminology: the French terms of an article and their required English and Vietnamese forms.

A glossary is a plain CSV file in the workspace (``<workspace>/glossary.csv``) that a translator
can edit in a spreadsheet; TBX-Basic import/export exchanges it with CAT tools. The QA check
``glossary`` (see ``workbench.qa``) uses :meth:`Glossary.find` and :meth:`Glossary.target_for`.

Matching is case-insensitive, on word boundaries and accent-sensitive (``Arménie`` is not
``Armenie``); any run of whitespace matches any other (NBSP included) and ``'`` matches ``’``.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.fsutil import atomic_write
from workbench.settings import WorkspacePaths
from workbench.userfiles import read_user_file

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

#: Columns of the CSV file, in the order they are written.
CSV_COLUMNS = ("fr", "en", "vi", "note", "do_not_translate")
_REQUIRED_COLUMNS = ("fr", "en", "vi")
LANGS = ("fr", "en", "vi")

_TRUE = frozenset({"yes", "true", "1", "x", "y", "oui"})
_FALSE = frozenset({"no", "false", "0", "", "n", "non"})
_DNT_MARKERS = frozenset({"do not translate", "do-not-translate", "donottranslate", "dnt"})

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TBX_NS = "urn:iso:std:iso:30042:ed-2"

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

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, source: str) -> list[tuple[Term, tuple[int, int]]]:
        """Terms occurring in ``source`` with their character spans, left to right.

        Longest term first at each position and no overlaps, so ``forces de maintien de la
        paix`` wins over a shorter ``maintien de la paix`` entry.
        """
        if not self.terms or not source:
            return []
        pattern = _term_pattern(self.terms)
        found: list[tuple[Term, tuple[int, int]]] = []
        for match in pattern.finditer(source):
            group = match.lastgroup
            if group is None:  # pragma: no cover - every alternative is a named group
                continue
            found.append((self.terms[int(group[1:])], match.span()))
        return found

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


@functools.lru_cache(maxsize=32)
def _term_pattern(terms: tuple[Term, ...]) -> re.Pattern[str]:
    order = sorted(range(len(terms)), key=lambda i: (-len(terms[i].fr), i))
    alternatives = [f"(?P<t{i}>{term_regex(terms[i].fr)})" for i in order if terms[i].fr.strip()]
    return re.compile("|".join(alternatives), re.IGNORECASE)


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
    return WorkspacePaths(Path(workspace_dir)).glossary


def load_workspace_glossary(workspace_dir: str | os.PathLike[str]) -> Glossary:
    """The workspace's glossary, or an empty one when it has no glossary.csv."""
    path = glossary_path(workspace_dir)
    if not path.exists():
        return Glossary()
    return read_csv(path)


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
            cells = dict(zip(header, (c.strip() for c in row), strict=False))
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
    writer.writerow(CSV_COLUMNS)
    for t in _sorted(glossary.terms):
        writer.writerow((t.fr, t.en, t.vi, t.note, "yes" if t.do_not_translate else "no"))
    _atomic_write(Path(path), buffer.getvalue().encode("utf-8"))


# --------------------------------------------------------------------------------------------
# TBX-Basic


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: object) -> str:
    return " ".join("".join(element.itertext()).split())  # type: ignore[attr-defined]


def _parse_tbx(data: bytes, file: Path) -> ET.Element:
    """The XML tree, through defusedxml with no DTD at all: no entity bomb (billion laughs)
    and no external entity (XXE) is ever expanded. InputError (one line) otherwise."""
    import xml.etree.ElementTree as ET
    from xml.parsers import expat

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(
        target=ET.TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
    except DefusedXmlException:
        line = parser.parser.CurrentLineNumber  # the expat parser under ElementTree's
        raise InputError(
            f"{file}: line {line}: DOCTYPE/ENTITY declarations are not accepted in a TBX "
            "glossary (remove the <!DOCTYPE ...> block)"
        ) from None
    except ET.ParseError as exc:
        raise InputError(
            f"{file}: line {exc.position[0]}: not well-formed XML "
            f"({expat.errors.messages.get(exc.code, exc.msg)})"
        ) from None
    return root


def read_tbx(path: str | os.PathLike[str]) -> Glossary:
    """Read TBX-Basic (TBX v3 ``conceptEntry/langSec/termSec`` or v2 ``termEntry/langSet/tig``).

    The first term of each language is used; entry-level ``<note>`` becomes the note, and a
    note (or termNote/descrip) reading "do not translate" sets ``do_not_translate``.
    """
    file = Path(path)
    root = _parse_tbx(read_user_file(file, "TBX glossary", expected="a TBX (XML) file").data, file)
    if _local(root.tag) not in {"tbx", "martif"}:
        raise InputError(f"{file}: the root element is <{_local(root.tag)}>, not <tbx> (TBX)")

    entries: list[tuple[str, Term]] = []
    number = 0
    for entry in root.iter():
        if _local(entry.tag) not in {"conceptEntry", "termEntry"}:
            continue
        number += 1
        where = f"entry {number}" + (f" (id {entry.get('id')})" if entry.get("id") else "")
        forms: dict[str, str] = {}
        notes: list[str] = []
        dnt = False
        for child in entry.iter():
            name = _local(child.tag)
            if name in {"langSec", "langSet"}:
                lang = (child.get(_XML_LANG) or child.get("lang") or "").split("-")[0].lower()
                term = next((t for t in child.iter() if _local(t.tag) == "term"), None)
                if lang in LANGS and term is not None and lang not in forms:
                    forms[lang] = _text(term)
            elif name in {"note", "termNote", "descrip"}:
                value = _text(child)
                if value.casefold() in _DNT_MARKERS:
                    dnt = True
                elif name == "note" and value:
                    notes.append(value)
        if "fr" not in forms:
            raise InputError(f'{file}: {where} has no French (xml:lang="fr") term')
        entries.append(
            (
                where,
                Term(
                    fr=forms["fr"],
                    en=forms.get("en", ""),
                    vi=forms.get("vi", ""),
                    note="; ".join(notes),
                    do_not_translate=dnt,
                ),
            )
        )
    return _build(entries, file)


def write_tbx(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write ``glossary`` as TBX-Basic (TBX v3, DCA style), sorted by French term."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", _TBX_NS)

    def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{_TBX_NS}}}{name}", attrs)
        if text is not None:
            element.text = text
        return element

    root = ET.Element(f"{{{_TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", _XML_LANG: "fr"})
    header = sub(root, "tbxHeader")
    sub(sub(sub(header, "fileDesc"), "sourceDesc"), "p", "workbench glossary")
    body = sub(sub(root, "text"), "body")
    for number, term in enumerate(_sorted(glossary.terms), start=1):
        entry = sub(body, "conceptEntry", id=f"c{number}")
        if term.note:
            sub(entry, "note", term.note)
        if term.do_not_translate:
            sub(entry, "note", "do not translate")
        for lang in LANGS:
            form = getattr(term, lang)
            if form:
                lang_sec = sub(entry, "langSec", **{_XML_LANG: lang})
                sub(sub(lang_sec, "termSec"), "term", form)
    ET.indent(root, space="  ")
    data = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    _atomic_write(Path(path), data + b"\n")
