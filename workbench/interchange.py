"""Use cases for CAT tools (OmegaT, Trados, memoQ, Poedit): XLIFF and TMX in and out.

* :func:`export_xliff` writes ``<out>/<lang>/<slug>.xlf`` (XLIFF 1.2 or 2.0): every
  translatable segment with its current target and status, the English pivot, the MT model,
  QA findings and the reviewer's note. Unlike the PO export there is no QA gate: the file is
  work to do, not a release, and its QA findings travel with it as notes.
* :func:`import_xliff` brings an edited file back through the PO import's planner
  (:mod:`workbench.formats.merge`): same conflict rules, the unit's exported base (else its
  version) deciding whether the file and the workspace moved on since.
* :func:`export_tmx` writes the translation memory (the approved segments of one article or
  of the workspace, plus, for the workspace, the pairs imported before) as TMX 1.4b.
* :func:`import_tmx` adds a TMX file's pairs to the imported memory
  (:mod:`workbench.tm_imported`): TM matches, never approved targets.

Files are built completely in memory and written atomically: a refused segment writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.tm import normalize

if TYPE_CHECKING:
    from workbench.formats.merge import ImportResult
    from workbench.formats.tmx import TmxTarget, TmxUnit
    from workbench.formats.xliff import UnitOut
    from workbench.store import Row, Store

#: ``workbench export --format`` values → XLIFF versions.
XLIFF_FORMATS = {"xliff-1.2": "1.2", "xliff-2.0": "2.0"}


@dataclass(frozen=True, slots=True)
class XliffExport:
    lang: str
    path: Path
    version: str
    counts: dict[str, int]  # status -> units


@dataclass(frozen=True, slots=True)
class XliffImport:
    path: Path
    version: str
    slug: str
    lang: str
    result: ImportResult


def xliff_path(out_dir: Path, lang: str, slug: str) -> Path:
    return Path(out_dir) / lang / f"{slug}.xlf"


def _notes(row: Row, findings: Sequence[object]) -> tuple[object, ...]:
    from workbench.formats.xliff import Note

    t = row.translation
    notes = []
    if t is not None and t.target_pivot:  # the English the target came from
        notes.append(Note("pivot", f"English pivot: {t.target_pivot}"))
    if t is not None and t.mt_model:
        notes.append(Note("model", f"MT: {t.mt_model}"))
    for f in findings:
        notes.append(Note("qa", f"QA {f.severity} {f.check}: {f.message}"))  # type: ignore[attr-defined]
    if t is not None and t.note.strip():
        notes.append(Note("reviewer", t.note))
    return tuple(notes)


def _units(store: Store, slug: str, lang: str) -> list[UnitOut]:
    from workbench.formats.merge import state_key
    from workbench.formats.xliff import UnitOut, unit_problem
    from workbench.project import qa_article

    findings = {s.segment_id: s.findings for s in qa_article(store, slug, lang)}
    units = []
    for row in store.rows(slug, lang):
        seg, t = row.segment, row.translation
        if not seg.translatable:
            continue
        has_target = t is not None and bool(t.target) and t.status != "pending"
        target = t.target if t is not None and has_target else ""
        status = t.status if t is not None and has_target else "pending"
        unit = UnitOut(
            id=seg.id,
            source=seg.source,
            target=target,
            status=status,
            version=t.version if t is not None else 0,
            origin=t.origin if t is not None else None,
            paragraph=seg.paragraph,
            notes=_notes(row, findings.get(seg.id, ())),  # type: ignore[arg-type]
            base=state_key(status == "approved", target),
        )
        problem = unit_problem(unit)
        if problem:
            raise InputError(
                f"cannot export segment {seg.id} ({lang}, paragraph {seg.paragraph}) to XLIFF: "
                f"{problem}: fix it in the review, then export again"
            )
        units.append(unit)
    if not units:
        raise InputError(f"article {slug!r} has no translatable segment to put in an XLIFF file")
    return units


def export_xliff(
    store: Store, slug: str, langs: Sequence[str], out_dir: Path, *, version: str
) -> list[XliffExport]:
    """One XLIFF file per language; all are built before the first is written."""
    from workbench.formats.xliff import VERSIONS, build_xliff
    from workbench.fsutil import atomic_write
    from workbench.lang.codes import check_lang

    if version not in VERSIONS:
        raise InputError(f"unknown XLIFF version {version!r}: use 1.2 or 2.0")
    wanted = [check_lang(lang) for lang in dict.fromkeys(langs)]
    if not wanted:
        raise InputError("no target language given: name at least one, e.g. en or vi")
    article = store.article(slug)
    built = []
    for lang in wanted:
        units = _units(store, slug, lang)
        data = build_xliff(version, slug, article.title, article.source_lang, lang, units)
        counts: dict[str, int] = {}
        for u in units:
            counts[u.status] = counts.get(u.status, 0) + 1
        built.append((lang, data, counts))
    results = []
    for lang, data, counts in built:
        path = xliff_path(out_dir, lang, slug)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
        except OSError as exc:
            raise InputError(
                f"cannot write {path}: {exc.strerror or exc}: choose another output folder"
            ) from exc
        results.append(XliffExport(lang, path, version, counts))
    return results


def is_xliff(path: str | os.PathLike[str]) -> bool:
    """Whether the file's root element is ``<xliff>`` (how import-po tells XLIFF from PO)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"<") and b"<xliff" in head


def import_xliff(
    store: Store,
    path: str | os.PathLike[str],
    *,
    slug: str | None = None,
    lang: str | None = None,
    reviewer: str | None = None,
) -> XliffImport:
    """Bring an XLIFF file edited in a CAT tool back (see the module docstring). The article
    and language come from the file (``original``, target language) unless given; given ones
    must agree with it. Nothing is written when the file is unusable."""
    from workbench.formats import xliff
    from workbench.formats.langtag import from_bcp47, same_language
    from workbench.formats.merge import Incoming, apply_plan, plan_import
    from workbench.formats.po import gettext_problem
    from workbench.formats.xmlsafe import read_xml_file
    from workbench.lang.codes import check_lang

    file = Path(path)
    doc = xliff.read_xliff(read_xml_file(file, "an XLIFF file", xliff.MAX_BYTES), file)
    chosen_slug = slug or doc.original
    if not chosen_slug:
        raise InputError(f"{file} does not name its article: import it with --slug")
    if slug and doc.original and doc.original != slug:
        raise InputError(
            f"{file} is the XLIFF of article {doc.original!r}, not {slug!r}: "
            "import it with that slug"
        )
    if lang is None:
        lang = from_bcp47(doc.target_lang)
        if lang is None:
            raise InputError(f"{file} has no usable target language: import it with --lang")
    check_lang(lang)
    if doc.target_lang and not same_language(doc.target_lang, lang):
        raise InputError(
            f"{file} is a {doc.target_lang!r} translation, not {lang!r}: import it with that "
            "language"
        )
    entries = [
        Incoming(
            label=u.id or "(no id)",
            segment_id=u.id or None,
            source=u.source,
            target=u.target,
            approve=u.approved,
            base_version=u.version,
            refused=u.refused,
            base_state=u.base,
        )
        for u in doc.units
    ]
    rows = store.rows(chosen_slug, lang, include_removed=True)
    plan = plan_import(entries, rows, chosen_slug, baseline=None, problem=gettext_problem)
    result = apply_plan(store, chosen_slug, lang, plan, reviewer=reviewer, action="import-xliff")
    return XliffImport(file, doc.version, chosen_slug, lang, result)


# -- TMX -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TmxExport:
    path: Path
    units: int
    pairs: dict[str, int]  # lang -> French → lang pairs written


@dataclass(frozen=True, slots=True)
class TmxImport:
    path: Path
    units: int  # <tu> elements in the file
    added: dict[str, int]  # lang -> new pairs in the imported memory
    duplicates: int
    skipped: int  # units without French, without a target, or with an unknown language
    memory: int  # pairs in the workspace's imported memory now (all languages)


def _approved_units(store: Store, slug: str) -> list[TmxUnit]:
    """One TMX unit per segment approved in at least one language."""
    from workbench.formats.tmx import TmxTarget, TmxUnit
    from workbench.formats.xmlsafe import xml_problem

    found: dict[str, tuple[str, list[TmxTarget]]] = {}
    for lang in sorted(store.status(slug).langs):
        for row in store.rows(slug, lang):
            seg, t = row.segment, row.translation
            if not seg.translatable or t is None or t.status != "approved" or not t.target:
                continue
            for text in (seg.source, t.target):
                problem = xml_problem(text)
                if problem:
                    raise InputError(
                        f"cannot export segment {seg.id} ({lang}) of {slug!r} to TMX: "
                        f"{problem}: fix it in the review, then export again"
                    )
            entry = found.setdefault(seg.id, (seg.source, []))
            entry[1].append(TmxTarget(lang, t.target, t.updated_at, t.reviewer))
    return [
        TmxUnit(f"{slug}/{seg_id}", source, tuple(targets))
        for seg_id, (source, targets) in found.items()
    ]


def export_tmx(store: Store, path: str | os.PathLike[str], *, slug: str | None = None) -> TmxExport:
    """Write the translation memory as TMX: one article's approved segments, or the whole
    workspace's plus the pairs imported before."""
    from workbench.formats.tmx import TmxTarget, TmxUnit, build_tmx
    from workbench.fsutil import atomic_write

    slugs = [store.article(slug).slug] if slug else [a.slug for a in store.articles()]
    units = [u for s in slugs for u in _approved_units(store, s)]
    if slug is None:
        have = {(t.lang, normalize(u.source), t.text) for u in units for t in u.targets}
        for p in store.imported_pairs():
            if p.key not in have:
                target = TmxTarget(p.lang, p.target)
                units.append(TmxUnit(f"{p.origin}#{p.tuid}", p.source, (target,)))
    pairs: dict[str, int] = {}
    for u in units:
        for t in u.targets:
            pairs[t.lang] = pairs.get(t.lang, 0) + 1
    file = Path(path)
    data = build_tmx(units)
    try:
        if file.parent != Path():
            file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, data)
    except OSError as exc:
        raise InputError(
            f"cannot write {file}: {exc.strerror or exc}: choose another path"
        ) from exc
    return TmxExport(file, len(units), dict(sorted(pairs.items())))


def _origin_name(path: Path) -> str:
    """The file's name as imported pairs record it: no control characters, bounded."""
    name = "".join(ch if ch.isprintable() else "?" for ch in path.name)
    return name[:100] or "tmx"


def import_tmx(store: Store, path: str | os.PathLike[str]) -> TmxImport:
    """Add a TMX file's French → target pairs to the workspace's imported memory. The store's
    translations are not touched. Nothing is written when the file is unusable."""
    from workbench import tm_imported
    from workbench.formats.tmx import MAX_BYTES, read_tmx
    from workbench.formats.xmlsafe import read_xml_file

    file = Path(path)
    read = read_tmx(read_xml_file(file, "a TMX file", MAX_BYTES), file)
    origin = _origin_name(file)
    new = [tm_imported.ImportedPair(p.lang, p.source, p.target, origin, p.tuid) for p in read.pairs]
    done = store.add_imported_pairs(new)
    skipped = read.without_french + read.without_target + read.unusable
    return TmxImport(
        file, read.units, dict(sorted(done.added.items())), done.duplicates, skipped, done.total
    )
