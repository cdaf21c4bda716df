"""TMX 1.4b translation memories, written and read with translate-toolkit's ``tmxfile``.

Writing: one ``<tu>`` per French sentence with a ``<tuv>`` per language (``fr`` first, then
``en``, ``vi``...), ``tuid`` = where it came from (``<slug>/<segment id>``), ``changedate`` /
``changeid`` from the approval. Same units → same bytes.

Reading (after :mod:`workbench.formats.xmlsafe` has vetted the bytes): every ``<tu>`` that has
a French variant and at least one other language gives one :class:`TmxPair` per other
language. Language tags are matched loosely: ``fr-FR``, ``FR``, ``fr_CA`` are French,
``en-US`` / ``en-GB`` become ``en``, ``vi-VN`` ``vi``; a region the workbench knows as a
language of its own (``pt-BR``) stays ``pt_BR``. Inline codes (``<bpt>``, ``<ept>``, ``<ph>``,
``<it>``, ``<ut>``) are dropped, ``<hi>`` keeps its text. Units without French, without a
target, or whose text XML 1.0 cannot hold are counted, not kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbench import __version__
from workbench.formats.langtag import from_bcp47, to_bcp47
from workbench.formats.xmlsafe import inspect_root, syntax_error, xml_problem

#: lxml ships no type stubs: elements are typed loosely.
Element = Any

MAX_BYTES = 64 * 2**20
MAX_UNITS = 500_000
SOURCE_LANG = "fr"
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


@dataclass(frozen=True, slots=True)
class TmxTarget:
    """One translation of a ``<tu>``: its language, text and approval."""

    lang: str
    text: str
    changed: str | None = None  # ISO-8601 instant of the approval
    changed_by: str | None = None


@dataclass(frozen=True, slots=True)
class TmxUnit:
    """One ``<tu>`` to write: the French source and its translations."""

    tuid: str
    source: str
    targets: tuple[TmxTarget, ...]  # in a stable order


@dataclass(frozen=True, slots=True)
class TmxPair:
    """One French → ``lang`` pair read from a TMX file."""

    lang: str
    source: str
    target: str
    tuid: str


@dataclass(frozen=True, slots=True)
class TmxRead:
    pairs: tuple[TmxPair, ...]
    units: int  # <tu> elements in the file
    without_french: int
    without_target: int
    unusable: int  # text XML cannot hold, unknown language tags


def _tmx_date(stamp: str | None) -> str | None:
    """ISO-8601 → TMX's ``YYYYMMDDThhmmssZ``."""
    if not stamp:
        return None
    value = datetime.fromisoformat(stamp)
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y%m%dT%H%M%SZ")


def build_tmx(units: Iterable[TmxUnit]) -> bytes:
    """The TMX file's bytes. Texts must be XML-safe (the caller checks with xml_problem)."""
    from lxml import etree  # type: ignore[import-untyped]
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage=SOURCE_LANG)
    header = next(store.document.getroot().iterchildren("header"))
    header.set("creationtool", "workbench")
    header.set("creationtoolversion", __version__)
    for u in units:
        for text in (u.source, *(t.text for t in u.targets)):
            problem = xml_problem(text)
            if problem:
                raise ValueError(f"{u.tuid}: {problem}")
        unit = store.addsourceunit(u.source, SOURCE_LANG)
        unit.xmlelement.set("tuid", u.tuid)
        for target in u.targets:
            unit.settarget(target.text, to_bcp47(target.lang), append=True)
        for target, tuv in zip(u.targets, unit.getlanguageNodes()[1:], strict=True):
            date = _tmx_date(target.changed)
            if date:
                tuv.set("changedate", date)
            if target.changed_by:
                tuv.set("changeid", target.changed_by)
    etree.cleanup_namespaces(store.document.getroot())
    return bytes(store)


def _seg_text(seg: Element) -> str:
    """A ``<seg>``'s text without inline codes; ``<hi>`` keeps its text."""
    parts = [seg.text or ""]
    for child in seg:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "hi":
            parts.append(_seg_text(child))
        elif tag not in _CODES and tag:
            parts.append(_seg_text(child))  # an unknown wrapper: keep its words
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(data: bytes, path: Path) -> TmxRead:
    """Parse a TMX file (vetted by xmlsafe first); InputError (one line) when it is not one."""
    from lxml import etree  # type: ignore[import-untyped]
    from translate.storage.tmx import tmxfile

    from workbench.errors import InputError

    root = inspect_root(data, path, "a TMX file")
    if root.name != "tmx":
        raise InputError(
            f"{path} is not a TMX file (its root element is <{root.name}>): give a .tmx "
            "translation memory"
        )
    try:
        store = tmxfile.parsestring(data)
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, path, "a TMX file") from None
    if len(store.units) > MAX_UNITS:
        raise InputError(
            f"{path} holds {len(store.units):,} units, over the {MAX_UNITS:,} limit: split it"
        )
    pairs: list[TmxPair] = []
    counts = {"no_fr": 0, "no_target": 0, "unusable": 0}
    for index, unit in enumerate(store.units, start=1):
        _read_unit(unit, index, pairs, counts)
    return TmxRead(
        tuple(pairs), len(store.units), counts["no_fr"], counts["no_target"], counts["unusable"]
    )


def _read_unit(unit: Any, index: int, pairs: list[TmxPair], counts: dict[str, int]) -> None:
    from translate.misc.xml_helpers import getXMLlang

    variants: list[tuple[str, str]] = []
    for tuv in unit.getlanguageNodes():
        lang = from_bcp47(getXMLlang(tuv) or tuv.get("lang"))  # TMX 1.1 used lang=
        seg = tuv.find("seg")
        if lang is None or seg is None:
            counts["unusable"] += 1
            return
        variants.append((lang, _seg_text(seg)))
    sources = [text for lang, text in variants if lang == SOURCE_LANG and text.strip()]
    if not sources:
        counts["no_fr"] += 1
        return
    targets = [(lang, text) for lang, text in variants if lang != SOURCE_LANG and text.strip()]
    if not targets:
        counts["no_target"] += 1
        return
    tuid = str(unit.xmlelement.get("tuid") or f"#{index}")
    for lang, text in targets:
        pairs.append(TmxPair(lang, sources[0], text, tuid))
