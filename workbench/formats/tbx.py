"""TBX-Basic glossaries: read (TBX v3 and v2, through defusedxml) and write (TBX v3, DCA).

The glossary's exchange format with CAT tools (:mod:`workbench.glossary` holds the terms and
the CSV file). Nothing is written that this reader would refuse: a term holding a character
XML 1.0 cannot carry is refused in one line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.glossary import LANGS, Glossary, Term, _atomic_write, _build, _sorted
from workbench.userfiles import read_user_file

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

_DNT_MARKERS = frozenset({"do not translate", "do-not-translate", "donottranslate", "dnt"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TBX_NS = "urn:iso:std:iso:30042:ed-2"


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

    from workbench.formats.xmlsafe import xml_problem

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
        problem = next(filter(None, map(xml_problem, (term.fr, term.en, term.vi, term.note))), "")
        if problem:  # read_csv refuses these; a Term made otherwise must not make bad XML
            raise InputError(f"glossary term {term.fr!r} cannot be written as TBX: {problem}")
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
