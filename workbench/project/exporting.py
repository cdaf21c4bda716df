"""Use cases: export an article's translations as PO (and MO) files, through the QA gate.

Which segments go into ``<out>/<lang>/LC_MESSAGES/<slug>.po``: the translatable ones (not
chrome, not removed) in article order; approved ones by default, and with ``include_machine``
machine and edited targets flagged ``fuzzy``. The header dates come from the store only
(POT-Creation-Date = the article's import time, PO-Revision-Date = the latest ``updated_at``
among the exported entries), so the same store gives the same bytes. A target gettext would
reject stops the export before anything is written, and so does an existing file holding
approved translations the export would drop (another workspace's or an editor's work: import
it first); each file is written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.formats.merge import state_key
from workbench.formats.po import (
    POHeader,
    POUnit,
    gettext_problem,
    parse_iso,
    po_bytes,
    po_file,
    po_path,
)
from workbench.fsutil import atomic_write
from workbench.lang.codes import check_lang
from workbench.project.checking import gate_error, gate_languages
from workbench.store import open_store

if TYPE_CHECKING:
    import polib

    from workbench.interchange import XliffExport
    from workbench.store import Row, Store, Translation

#: Languages exported when an article has no translation yet (header-only files).
DEFAULT_EXPORT_LANGS = ("en", "vi")


@dataclass(frozen=True, slots=True)
class ExportResult:
    lang: str
    path: Path
    approved: int
    fuzzy: int
    untranslated_skipped: int  # translatable segments left out of the file
    mo_path: Path | None


@dataclass(frozen=True, slots=True)
class _Built:
    po: polib.POFile
    approved: int
    fuzzy: int
    skipped: int


def _exported(row: Row, include_machine: bool) -> tuple[Translation, bool] | None:
    """(translation, fuzzy) when the row goes into the file."""
    t = row.translation
    if t is None or not t.target.strip():
        return None
    if t.status == "approved":
        return t, False
    if include_machine and t.status in ("machine", "edited"):
        return t, True
    return None


def _unit(slug: str, lang: str, row: Row, t: Translation, fuzzy: bool) -> POUnit:
    seg = row.segment
    problem = gettext_problem(seg.source, t.target)
    if problem:
        raise InputError(
            f"cannot export segment {seg.id} ({lang}, paragraph {seg.paragraph}): {problem}, "
            "which gettext rejects: fix the target in the review, then export again"
        )
    return POUnit(
        seg.id,
        seg.source,
        t.target,
        (slug, str(seg.paragraph)),
        fuzzy=fuzzy,
        note=t.note or "",
        model=t.mt_model,
        pivot=t.target_pivot,  # the English the target came from, not a later edit
        base=(t.version, state_key(not fuzzy, t.target)),
    )


def _build(store: Store, slug: str, lang: str, include_machine: bool) -> _Built:
    check_lang(lang)
    article = store.article(slug)
    units: list[POUnit] = []
    skipped = 0
    latest: Translation | None = None
    for row in store.rows(slug, lang):
        if not row.segment.translatable:
            continue
        picked = _exported(row, include_machine)
        if picked is None:
            skipped += 1
            continue
        t, is_fuzzy = picked
        units.append(_unit(slug, lang, row, t, is_fuzzy))
        if latest is None or parse_iso(t.updated_at) > parse_iso(latest.updated_at):
            latest = t
    header = POHeader(
        project=slug,
        title=article.title,
        lang=lang,
        created=article.imported_at,
        revised=latest.updated_at if latest else article.imported_at,
        translator=latest.reviewer if latest else None,
        include_machine=include_machine,
    )
    fuzzy = sum(1 for u in units if u.fuzzy)
    return _Built(po_file(header, units), len(units) - fuzzy, fuzzy, skipped)


def build_po(store: Store, slug: str, lang: str, *, include_machine: bool = False) -> polib.POFile:
    """The PO file of one article and language, in memory (see the module docstring)."""
    return _build(store, slug, lang, include_machine).po


def _prepare_folder(folder: Path, out_dir: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the output folder {folder}: {exc.strerror or exc}: "
            f"choose another output folder than {out_dir}"
        ) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(
            f"the output folder {folder} is not writable: fix its permissions or choose another"
        )


def _write(path: Path, built: _Built, out_dir: Path, mo: bool) -> Path | None:
    """Write the PO (and the MO) atomically; the MO path when one was written."""
    _prepare_folder(path.parent, out_dir)
    mo_file = path.with_suffix(".mo") if mo else None
    try:
        atomic_write(path, po_bytes(built.po))
        if mo_file is not None:
            atomic_write(mo_file, built.po.to_binary())
    except OSError as exc:
        raise InputError(
            f"cannot write {path.parent}: {exc.strerror or exc}: "
            "free some space or choose another output folder"
        ) from exc
    return mo_file


def _lost_work(path: Path, new: polib.POFile, had: Callable[[str, str], bool]) -> list[str]:
    """The labels of the approved translations in the PO file already at ``path`` that
    ``new`` would drop: a non-fuzzy target the new file does not hold for that entry, unless
    the entry is still exactly what a workbench export wrote (its base line) or the
    workspace ever held that text for that segment (``had``: it was imported or typed, and
    the workspace moved on from it). A file that cannot be read as a PO is one InputError."""
    from workbench.formats.po import entry_base, read_po

    try:
        old = read_po(path)
    except InputError as exc:
        raise InputError(
            f"{path} already exists and is not a PO file this export can safely replace "
            f"({exc}): move it away or export elsewhere with --out"
        ) from exc
    kept = {(e.msgctxt, e.msgid, e.msgstr) for e in new if not e.obsolete}
    lost = []
    for e in old:
        if e.obsolete or e.fuzzy or not e.msgstr or (e.msgctxt, e.msgid, e.msgstr) in kept:
            continue
        base = entry_base(e.comment or "")
        if base is not None and base[1] == state_key(True, e.msgstr):
            continue  # left as exported: the workspace's newer text replaces it
        if e.msgctxt and had(e.msgctxt, e.msgstr):
            continue  # the workspace's history holds it (undo brings it back)
        lost.append(e.msgctxt or f"msgid {e.msgid[:40]!r}")
    return lost


def _refuse_dropping(store: Store, path: Path, built: _Built, slug: str, lang: str) -> None:
    """Never overwrite approved work the workspace does not have (issue 14 item 5)."""
    if not path.is_file():
        return

    def had(segment_id: str, text: str) -> bool:
        events = store.events(slug, segment_id, lang)
        return any((e.after or {}).get("target") == text for e in events)

    lost = _lost_work(path, built.po, had)
    if lost:
        shown = ", ".join(lost[:3]) + (f" and {len(lost) - 3} more" if len(lost) > 3 else "")
        raise InputError(
            f"{path} holds {len(lost)} approved translations this workspace does not have "
            f"({shown}): nothing written; bring them in first (`workbench import-po {path} "
            f"--slug {slug} --lang {lang}`) or export elsewhere with --out"
        )


def export_article(
    store: Store,
    slug: str,
    langs: Sequence[str],
    out_dir: Path,
    *,
    include_machine: bool = False,
    mo: bool = False,
) -> list[ExportResult]:
    """Write one PO (and with ``mo`` one MO) per language, without the QA gate (see
    :func:`export_checked`). Every file is built in memory first, so a rejected segment
    writes nothing; so does a file in the way that holds approved translations the
    workspace does not have (:func:`_lost_work`): they are never silently dropped."""
    wanted = list(dict.fromkeys(langs))
    if not wanted:
        raise InputError("no target language given: name at least one, e.g. en or vi")
    for lang in wanted:
        check_lang(lang)
    store.article(slug)  # NotFoundError before anything else
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"the output folder {out_dir} is a file: give a folder path instead")
    built = [(lang, _build(store, slug, lang, include_machine)) for lang in wanted]
    for lang, b in built:
        _refuse_dropping(store, po_path(out_dir, lang, slug), b, slug, lang)
    results: list[ExportResult] = []
    for lang, b in built:
        path = po_path(out_dir, lang, slug)
        mo_file = _write(path, b, out_dir, mo)
        results.append(ExportResult(lang, path, b.approved, b.fuzzy, b.skipped, mo_file))
    return results


def export_checked(
    store: Store,
    slug: str,
    langs: Sequence[str],
    out_dir: Path,
    *,
    include_machine: bool = False,
    mo: bool = False,
    force: bool = False,
) -> list[ExportResult]:
    """Export PO files through the QA gate (:func:`~workbench.project.checking.qa_gate`),
    the one export path of every face (CLI, review UI). Unless ``force``, a language with an
    approved segment whose error-severity finding no reviewer dismissed is not written; the
    other languages are, then :class:`~workbench.project.checking.QAGateError` says which
    were refused (its ``written`` holds the files written)."""
    if force or not langs:
        return export_article(store, slug, langs, out_dir, include_machine=include_machine, mo=mo)
    wanted = list(dict.fromkeys(langs))
    for lang in wanted:
        check_lang(lang)
    blocked = gate_languages(store, slug, wanted)
    clean = [lang for lang in wanted if lang not in blocked]
    written = (
        export_article(store, slug, clean, out_dir, include_machine=include_machine, mo=mo)
        if clean
        else []
    )
    if blocked:
        raise gate_error(slug, blocked, written)
    return written


def _languages(store: Store, slug: str, langs: Sequence[str] | None) -> list[str]:
    """``langs``, else every language the article is translated into (en and vi before any
    translation)."""
    if langs:
        return list(langs)
    return list(store.status(slug).langs) or list(DEFAULT_EXPORT_LANGS)


def export_in_workspace(
    workspace: str | os.PathLike[str] | None,
    slug: str,
    langs: Sequence[str] | None,
    out_dir: str | os.PathLike[str],
    *,
    include_machine: bool = False,
    mo: bool = False,
    force: bool = False,
) -> list[ExportResult]:
    """:func:`export_checked` in the workspace's store; ``langs`` None: every language the
    article is translated into (en and vi before any translation)."""
    with open_store(workspace) as store:
        return export_checked(
            store, slug, _languages(store, slug, langs), Path(out_dir),
            include_machine=include_machine, mo=mo, force=force,
        )  # fmt: skip


def export_xliff_in_workspace(
    workspace: str | os.PathLike[str] | None,
    slug: str,
    langs: Sequence[str] | None,
    out_dir: str | os.PathLike[str],
    *,
    version: str,
) -> list[XliffExport]:
    """XLIFF ``version`` (1.2 or 2.0) files for CAT tools, one per language (default as for
    :func:`export_in_workspace`): work to do, so no QA gate (findings travel as notes)."""
    from workbench.interchange import export_xliff

    with open_store(workspace) as store:
        return export_xliff(
            store, slug, _languages(store, slug, langs), Path(out_dir), version=version
        )
