"""XLIFF 1.2 and 2.0 files of one article in one language, through translate-toolkit.

Written with translate-toolkit's ``Xliff1File`` / ``Xliff2File`` (lxml underneath), read with
the same classes after :mod:`workbench.formats.xmlsafe` has vetted the bytes. One unit per
translatable segment, its id the workbench segment id, in article order:

=========  ==============================================  ======================
status     XLIFF 1.2 (``<target state>``, ``approved``)    XLIFF 2.0 (``state``)
=========  ==============================================  ======================
pending    no ``<target>``, ``approved="no"``              ``initial``, no target
machine    ``needs-review-translation`` + state-qualifier  ``initial`` + subState
           ``mt-suggestion`` (``leveraged-tm`` from TM)    ``workbench:mt`` / ``:tm``
edited     ``translated``, ``approved="no"``               ``translated``
approved   ``signed-off``, ``approved="yes"``              ``final``
=========  ==============================================  ======================

Reading back, a unit is approved when 1.2 says ``approved="yes"`` (or ``signed-off`` /
``final``) or 2.0 says ``reviewed`` / ``final``; any other target is an edit. Each unit
carries the translation version it was exported from and its *base* (the
:func:`~workbench.formats.merge.state_key` of what was exported) (1.2: a ``context-group``
named ``workbench`` with ``x-workbench-version`` and ``x-workbench-base`` contexts; 2.0: the
Metadata module's ``<mda:meta type="version">`` and ``type="base"``), which the import
compares with the store's. Notes carry the
English pivot, the MT model, QA findings and the reviewer's note (``from`` / ``category``:
``pivot``, ``model``, ``qa``, ``reviewer``). The output validates against the OASIS schemas
(``xliff-core-1.2-strict.xsd``, ``xliff_core_2.0.xsd``): translate-toolkit's 2.0 writer puts
``<notes>`` and ``xml:space`` inside ``<segment>``, where the schema forbids them, so
:class:`_Unit2` moves them to ``<unit>``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench import __version__
from workbench.formats.langtag import to_bcp47
from workbench.formats.xmlsafe import inspect_root, syntax_error, xml_problem, xml_safe

#: lxml ships no type stubs: elements are typed loosely.
Element = Any

VERSIONS = ("1.2", "2.0")
NS = {
    "1.2": "urn:oasis:names:tc:xliff:document:1.2",
    "2.0": "urn:oasis:names:tc:xliff:document:2.0",
}
NS_MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
MAX_BYTES = 32 * 2**20
GROUP = "workbench"  # 2.0 metaGroup category, 1.2 context-group name prefix
VERSION_CONTEXT = "x-workbench-version"
BASE_CONTEXT = "x-workbench-base"

_STATE_12 = {
    "machine": "needs-review-translation",
    "edited": "translated",
    "approved": "signed-off",
}
_STATE_20 = {
    "pending": "initial",
    "machine": "initial",
    "edited": "translated",
    "approved": "final",
}
_APPROVED_12 = frozenset({"signed-off", "final"})
_APPROVED_20 = frozenset({"reviewed", "final"})


@dataclass(frozen=True, slots=True)
class Note:
    category: str  # pivot, model, qa, reviewer
    text: str


@dataclass(frozen=True, slots=True)
class UnitOut:
    """One segment as the export writes it."""

    id: str
    source: str
    target: str  # "" when pending
    status: str  # pending, machine, edited, approved
    version: int  # the translation's version (0 when never translated)
    origin: str | None = None  # mt, mt-demo, tm
    paragraph: int = 0
    notes: tuple[Note, ...] = ()
    base: str | None = None  # state_key of (approved, target) as exported


@dataclass(frozen=True, slots=True)
class UnitIn:
    """One unit as an edited file gives it back."""

    id: str
    source: str
    target: str  # "" when the unit has no target
    approved: bool
    version: int | None  # the version the export wrote; None when missing or unreadable
    refused: str | None = None  # why this unit cannot be imported (inline markup, split unit)
    base: str | None = None  # the base the export wrote; None when missing or unreadable


@dataclass(frozen=True, slots=True)
class XliffDoc:
    version: str  # "1.2" or "2.0"
    original: str | None  # the article slug the export wrote
    source_lang: str | None
    target_lang: str | None
    units: tuple[UnitIn, ...]


def unit_problem(unit: UnitOut) -> str | None:
    """What keeps a segment out of an XLIFF file (control characters XML cannot carry)."""
    for name, text in (("source", unit.source), ("target", unit.target)):
        why = xml_problem(text)
        if why:
            return f"the {name} {why}"
    return None


# -- translate-toolkit classes -----------------------------------------------------------


@functools.cache
def _classes() -> tuple[type[Any], type[Any]]:
    """(Xliff 1.2 store class, Xliff 2.0 store class), imported on first use."""
    from translate.misc.xml_helpers import getXMLspaceInherited, setXMLspace
    from translate.storage import xliff as tt_xliff
    from translate.storage import xliff2 as tt_xliff2

    class Xliff12File(tt_xliff.Xliff1File):
        namespace = NS["1.2"]
        XMLskeleton = (
            f"<?xml version='1.0' ?><xliff version='1.2' xmlns='{NS['1.2']}'>"
            "<file original='NoName' source-language='fr' datatype='plaintext'><body/></file>"
            "</xliff>"
        )

        @classmethod
        def parsestring(cls, storestring: bytes) -> Any:  # no switch to PoXliffFile
            return super(tt_xliff.Xliff1File, cls).parsestring(storestring)

    class Unit2(tt_xliff2.Xliff2Unit):
        """``xml:space`` and ``<notes>`` on ``<unit>``, where XLIFF 2.0 allows them."""

        @property
        def _default_xml_space(self) -> str:  # type: ignore[override]
            return str(getXMLspaceInherited(self.xmlelement, "default"))

        def _ensure_xml_space_preserve(self) -> None:
            setXMLspace(self.getunitelement(), "preserve")

        def addnote(self, text: str, origin: str | None = None) -> None:  # type: ignore[override]
            if not text:
                return
            unit = self.getunitelement()
            notes = unit.find(self.namespaced("notes"))
            if notes is None:
                notes = unit.makeelement(self.namespaced("notes"), {})
                first = unit.find(self.namespaced("segment"))
                unit.insert(unit.index(first) if first is not None else len(unit), notes)
            note = notes.makeelement(self.namespaced("note"), {})
            note.text = text
            if origin:
                note.set("category", origin)
            notes.append(note)

        def getnotes(self, origin: str | None = None) -> str:
            notes = self.getunitelement().find(self.namespaced("notes"))
            if notes is None:
                return ""
            return "\n".join(
                n.text or ""
                for n in notes.iterchildren(self.namespaced("note"))
                if origin is None or n.get("category") == origin
            )

    class Xliff20File(tt_xliff2.Xliff2File):
        UnitClass = Unit2

    return Xliff12File, Xliff20File


# -- writing -----------------------------------------------------------------------------


def build_xliff(
    version: str, slug: str, title: str, source_lang: str, target_lang: str, units: list[UnitOut]
) -> bytes:
    """The XLIFF file's bytes (UTF-8, deterministic: same units → same bytes)."""
    if version not in VERSIONS:
        raise ValueError(f"unknown XLIFF version {version!r}")
    for unit in units:
        problem = unit_problem(unit)
        if problem:  # the caller checks first; this is the last line of defence
            raise ValueError(f"segment {unit.id}: {problem}")
    build = _build_12 if version == "1.2" else _build_20
    return bytes(build(slug, title, source_lang, target_lang, units))


def _build_12(slug: str, title: str, src: str, trg: str, units: list[UnitOut]) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    cls, _ = _classes()
    store = cls(sourcelanguage=to_bcp47(src), targetlanguage=to_bcp47(trg))
    store.switchfile(slug, createifmissing=True)
    filenode = store.getfilenode(slug)
    header = etree.Element(f"{{{NS['1.2']}}}header")
    etree.SubElement(
        header,
        f"{{{NS['1.2']}}}tool",
        {"tool-id": "workbench", "tool-name": "workbench", "tool-version": __version__},
    )
    etree.SubElement(header, f"{{{NS['1.2']}}}note", {"from": "title"}).text = xml_safe(title)
    filenode.insert(0, header)  # <header> comes before <body>
    for u in units:
        unit = store.addsourceunit(u.source, filename=slug)
        unit.setid(u.id)
        if u.target:
            unit.settarget(u.target)
            target = unit.get_target_dom()
            target.set("state", _STATE_12[u.status])
            if u.status == "machine":
                qualifier = "leveraged-tm" if u.origin == "tm" else "mt-suggestion"
                target.set("state-qualifier", qualifier)
        unit.xmlelement.set("approved", "yes" if u.status == "approved" else "no")
        for note in u.notes:
            unit.addnote(xml_safe(note.text), origin=note.category)
        # context-group names are unique in a <file>: one pair of groups per segment id
        unit.createcontextgroup(
            f"location-{u.id}", [("sourcefile", slug), ("linenumber", str(u.paragraph))], "location"
        )
        contexts = [(VERSION_CONTEXT, str(u.version)), ("x-workbench-status", u.status)]
        if u.base:
            contexts.append((BASE_CONTEXT, u.base))
        unit.createcontextgroup(f"{GROUP}-{u.id}", contexts, "information")
    etree.cleanup_namespaces(store.document.getroot())  # toolkit's leftover 1.1 xmlns
    return store


def _build_20(slug: str, title: str, src: str, trg: str, units: list[UnitOut]) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    _, cls = _classes()
    store = cls(sourcelanguage=to_bcp47(src), targetlanguage=to_bcp47(trg))
    ns = NS["2.0"]
    store.setfilename(store.body, slug)
    store.body.set("original", slug)
    notes = etree.SubElement(store.body, f"{{{ns}}}notes")
    etree.SubElement(notes, f"{{{ns}}}note", {"category": "title"}).text = xml_safe(title)
    for u in units:
        unit = store.addsourceunit(u.source)
        unit.setid(u.id)
        element = unit.getunitelement()
        meta = {"version": str(u.version), "status": u.status, "paragraph": str(u.paragraph)}
        if u.base:
            meta["base"] = u.base
        _metadata(element, meta)
        if u.target:
            unit.settarget(u.target)
        unit.xmlelement.set("state", _STATE_20[u.status])
        if u.status == "machine":
            unit.xmlelement.set("subState", f"workbench:{'tm' if u.origin == 'tm' else 'mt'}")
        for note in u.notes:
            unit.addnote(xml_safe(note.text), origin=note.category)
    return store


def _metadata(unit: Element, values: dict[str, str]) -> None:
    """``<mda:metadata><mda:metaGroup category="workbench">`` first in ``<unit>``."""
    from lxml import etree  # type: ignore[import-untyped]

    metadata = etree.Element(f"{{{NS_MDA}}}metadata", nsmap={"mda": NS_MDA})
    group = etree.SubElement(metadata, f"{{{NS_MDA}}}metaGroup", {"category": GROUP})
    for key, value in values.items():
        etree.SubElement(group, f"{{{NS_MDA}}}meta", {"type": key}).text = value
    unit.insert(0, metadata)


# -- reading -----------------------------------------------------------------------------


def sniff_version(root_namespace: str, root_name: str, version_attr: str | None) -> str | None:
    """ "1.2" / "2.0" for an XLIFF root element, None for anything else."""
    if root_name != "xliff":
        return None
    if root_namespace == NS["2.0"] or (version_attr or "").startswith("2."):
        return "2.0"
    if root_namespace.startswith("urn:oasis:names:tc:xliff:document:1.") or version_attr:
        return "1.2"
    return None


def read_xliff(data: bytes, path: Path) -> XliffDoc:
    """Parse an XLIFF 1.x or 2.0 file (vetted by xmlsafe first); InputError (one line) when
    it is not one. Units keep file order; the article and languages come from the first
    ``<file>``."""
    from lxml import etree  # type: ignore[import-untyped]

    from workbench.errors import InputError

    root = inspect_root(data, path, "an XLIFF file")
    version = sniff_version(root.namespace, root.name, root.attrs.get("version"))
    if version is None:
        raise InputError(
            f"{path} is not an XLIFF file (its root element is <{root.name}>): give the .xlf "
            "file that `workbench export --format xliff-1.2|xliff-2.0` wrote"
        )
    cls12, cls20 = _classes()
    try:
        store = (cls12 if version == "1.2" else cls20).parsestring(data)
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, path, "an XLIFF file") from None
    except (ValueError, StopIteration) as exc:  # no <file>, wrong version for the class
        raise InputError(
            f"{path} is not a usable XLIFF {version} file: {exc or 'no <file>'}"
        ) from None
    read = _unit_12 if version == "1.2" else _unit_20
    units = tuple(read(u) for u in store.units)
    if version == "1.2":
        filenode = next(store.document.getroot().iterchildren(f"{{{store.namespace}}}file"))
        original = filenode.get("original")
        src, trg = filenode.get("source-language"), filenode.get("target-language")
    else:
        doc = store.document.getroot()
        original = store.body.get("original") or store.body.get("id")
        src, trg = doc.get("srcLang"), doc.get("trgLang")
    return XliffDoc(version, original, src, trg, units)


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _base(text: str | None) -> str | None:
    text = (text or "").strip()
    return text if len(text) == 12 and all(c in "0123456789abcdef" for c in text) else None


def _inline(node: Element | None) -> bool:
    """Whether a source/target holds inline elements (tags a plain-text article lacks)."""
    return node is not None and any(isinstance(child.tag, str) for child in node)


def _unit_12(unit: Any) -> UnitIn:
    element = unit.xmlelement
    target_node = unit.get_target_dom()
    state = target_node.get("state") if target_node is not None else None
    approved = element.get("approved") == "yes" or state in _APPROVED_12
    version = base = None
    for context in element.iterchildren(f"{{{NS['1.2']}}}context-group"):
        for item in context.iterchildren(f"{{{NS['1.2']}}}context"):
            if item.get("context-type") == VERSION_CONTEXT:
                version = _int(item.text)
            elif item.get("context-type") == BASE_CONTEXT:
                base = _base(item.text)
    refused = None
    if _inline(unit.get_source_dom()) or _inline(target_node):
        refused = "it holds inline markup (<g>, <x/>, <mrk>...) that a plain-text article cannot"
    source = str(unit.source or "")
    target = str(unit.target or "") if target_node is not None else ""
    return UnitIn(str(element.get("id") or ""), source, target, approved, version, refused, base)


def _unit_20(unit: Any) -> UnitIn:
    element = unit.xmlelement  # <segment>
    parent = unit.getunitelement()
    state = element.get("state")
    version = base = None
    for meta in parent.iter(f"{{{NS_MDA}}}meta"):
        group = meta.getparent()
        if group is None or group.get("category") != GROUP:
            continue
        if meta.get("type") == "version":
            version = _int(meta.text)
        elif meta.get("type") == "base":
            base = _base(meta.text)
    target_node = unit.get_target_dom()
    refused = None
    if len(parent.findall(f"{{{NS['2.0']}}}segment")) > 1:
        refused = "the unit was split into several segments; join them and import again"
    elif _inline(unit.get_source_dom()) or _inline(target_node):
        refused = "it holds inline markup (<ph>, <pc>, <mrk>...) that a plain-text article cannot"
    source = str(unit.source or "")
    target = str(unit.target or "") if target_node is not None else ""
    approved = state in _APPROVED_20
    return UnitIn(str(parent.get("id") or ""), source, target, approved, version, refused, base)
