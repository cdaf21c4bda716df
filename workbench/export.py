"""Approved segments → gettext PO files, and PO files edited elsewhere (Poedit) → the store.

Export writes ``<out>/<lang>/LC_MESSAGES/<slug>.po``, one file per target language:

* msgid = the French source, msgstr = the target, msgctxt = the segment id (so two identical
  sentences stay two entries), ``#:`` reference ``<slug>:<paragraph>``, ``#.`` extracted comments
  for the reviewer's note, the MT model of fuzzy entries and the English pivot. No ``c-format``.
* Only translatable segments (not chrome, not removed), in article order. Approved ones by
  default; ``include_machine`` adds machine and edited targets flagged ``fuzzy``.
* The bytes depend on the store only (same store → same file): POT-Creation-Date is the
  article's import time, PO-Revision-Date the latest ``updated_at`` among the exported entries
  and ``X-Workbench-Revision`` the same instant to the millisecond (gettext dates stop at
  minutes; import uses it to tell a store edit made later in that minute from the export).
* Written to a temporary file in the same folder, fsynced and renamed: a crash never leaves
  half a PO. A target gettext would reject (a NUL or U+0004, or a leading/trailing line break
  that the source does not have) stops the export before anything is written.

Import reads such a file back: entries by msgctxt (else by msgid when exactly one segment has
that source), non-fuzzy → approved, fuzzy → edited, one store call per entry with the version
read at the start. A store edit newer than the file that differs from it is reported as a
conflict and kept. The file is validated completely before the first write.

polib is imported inside the functions: ``import workbench.export`` stays light.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from workbench import __version__
from workbench.errors import InputError
from workbench.formats.merge import (
    Conflict,
    ImportResult,
    Incoming,
    apply_plan,
    parse_iso,
    plan_import,
)
from workbench.fsutil import atomic_write
from workbench.lang.codes import check_lang
from workbench.lang.names import language_name, plural_forms

if TYPE_CHECKING:
    import polib

    from workbench.store import Row, Store, Translation

WRAPWIDTH = 78  # polib's default, kept explicit: the output must not change under us
GENERATOR = f"workbench {__version__}"
REVISION_KEY = "X-Workbench-Revision"


# -- values --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportResult:
    lang: str
    path: Path
    approved: int
    fuzzy: int
    untranslated_skipped: int  # translatable segments left out of the file
    mo_path: Path | None


#: The PO import's results are the format-neutral ones (formats/merge.py).
POConflict = Conflict
ImportPOResult = ImportResult


@dataclass(frozen=True, slots=True)
class _Built:
    po: polib.POFile
    approved: int
    fuzzy: int
    skipped: int


# -- small helpers -------------------------------------------------------------


def po_path(out_dir: Path, lang: str, slug: str) -> Path:
    return Path(out_dir) / lang / "LC_MESSAGES" / f"{slug}.po"


_parse_iso = parse_iso


def _iso_ms(stamp: str) -> str:
    return _parse_iso(stamp).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def gettext_date(stamp: str) -> str:
    """ISO-8601 (``2024-04-17T10:15:30.123Z``) → gettext's ``2024-04-17 10:15+0000``."""
    return _parse_iso(stamp).strftime("%Y-%m-%d %H:%M+0000")


_GETTEXT_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:(Z|UTC|GMT)|([+-])(\d{2}):?(\d{2}))?$"
)


def parse_gettext_date(value: str | None) -> datetime | None:
    """``2024-04-17 12:15+0200`` → aware UTC datetime; None when missing or unparseable
    (e.g. the template's ``YEAR-MO-DA HO:MI+ZONE``)."""
    m = _GETTEXT_DATE.match((value or "").strip())
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g or 0) for g in m.groups()[:6])
    try:
        when = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
    if m.group(8):
        offset = timedelta(hours=int(m.group(9)), minutes=int(m.group(10)))
        when = when - offset if m.group(8) == "+" else when + offset
    return when


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(text: str) -> str:
    """Header values and comments: no control characters, no line breaks."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _comment_lines(text: str) -> list[str]:
    return [line for line in (_one_line(part) for part in text.splitlines()) if line]


def gettext_problem(msgid: str, msgstr: str) -> str | None:
    """What ``msgfmt`` would reject in this pair, or None. (Everything else round-trips.)"""
    for name, text in (("source", msgid), ("target", msgstr)):
        if "\x00" in text:
            return f"the {name} contains a NUL character"
        if "\x04" in text:  # gettext's msgctxt separator
            return f"the {name} contains the control character U+0004 (EOT)"
    for edge, test in (("starts", str.startswith), ("ends", str.endswith)):
        if test(msgid, "\n") != test(msgstr, "\n"):
            has, lacks = ("target", "source") if test(msgstr, "\n") else ("source", "target")
            return f"the {has} {edge} with a line break and the {lacks} does not"
    return None


# -- export --------------------------------------------------------------------


def _entry_comment(t: Translation, *, fuzzy: bool) -> str:
    lines = _comment_lines(t.note or "")
    if fuzzy and t.mt_model:
        lines.append(_one_line(f"MT: {t.mt_model}"))
    if t.pivot:
        lines += _comment_lines(f"en: {t.pivot}")
    return "\n".join(lines)


def _header_comment(title: str, lang: str, include_machine: bool) -> str:
    first = _one_line(f"{title} — {language_name(lang)} translation.")
    if first[:1] in (",", ":"):  # polib would write "#," / "#:" (flags / references)
        first = " " + first
    second = (
        "Exported by workbench: approved segments, machine and edited ones marked fuzzy."
        if include_machine
        else "Exported by workbench from the approved segments."
    )
    return f"{first}\n{second}"


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


def _build(store: Store, slug: str, lang: str, include_machine: bool) -> _Built:
    import polib

    check_lang(lang)
    article = store.article(slug)
    po = polib.POFile(wrapwidth=WRAPWIDTH, encoding="utf-8")
    approved = fuzzy = skipped = 0
    latest: Translation | None = None
    for row in store.rows(slug, lang):
        seg = row.segment
        if not seg.translatable:
            continue
        picked = _exported(row, include_machine)
        if picked is None:
            skipped += 1
            continue
        t, is_fuzzy = picked
        problem = gettext_problem(seg.source, t.target)
        if problem:
            raise InputError(
                f"cannot export segment {seg.id} ({lang}, paragraph {seg.paragraph}): {problem}, "
                "which gettext rejects: fix the target in the review, then export again"
            )
        po.append(
            polib.POEntry(
                msgctxt=seg.id,
                msgid=seg.source,
                msgstr=t.target,
                occurrences=[(slug, str(seg.paragraph))],
                comment=_entry_comment(t, fuzzy=is_fuzzy),
                flags=["fuzzy"] if is_fuzzy else [],
            )
        )
        if is_fuzzy:
            fuzzy += 1
        else:
            approved += 1
        if latest is None or _parse_iso(t.updated_at) > _parse_iso(latest.updated_at):
            latest = t
    revision = latest.updated_at if latest else article.imported_at
    po.header = _header_comment(article.title, lang, include_machine)
    po.metadata = {
        "Project-Id-Version": _one_line(f"workbench {slug}"),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": gettext_date(article.imported_at),
        "PO-Revision-Date": gettext_date(revision),
        "Last-Translator": _one_line((latest.reviewer if latest else None) or "") or "workbench",
        "Language-Team": language_name(lang),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Generator": GENERATOR,
        REVISION_KEY: _iso_ms(revision),
    }
    return _Built(po, approved, fuzzy, skipped)


def build_po(store: Store, slug: str, lang: str, *, include_machine: bool = False) -> polib.POFile:
    """The PO file of one article and language, in memory (see the module docstring)."""
    return _build(store, slug, lang, include_machine).po


def po_bytes(po: polib.POFile) -> bytes:
    """The file's exact bytes: UTF-8, no BOM, LF line ends, a final newline."""
    text = str(po)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


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


def export_article(
    store: Store,
    slug: str,
    langs: Sequence[str],
    out_dir: Path,
    *,
    include_machine: bool = False,
    mo: bool = False,
) -> list[ExportResult]:
    """Write one PO (and with ``mo`` one MO) per language; see the module docstring.
    Every file is built in memory first, so a rejected segment writes nothing."""
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
    results: list[ExportResult] = []
    for lang, b in built:
        path = po_path(out_dir, lang, slug)
        _prepare_folder(path.parent, out_dir)
        mo_file = path.with_suffix(".mo") if mo else None
        try:
            atomic_write(path, po_bytes(b.po))
            if mo_file is not None:
                atomic_write(mo_file, b.po.to_binary())
        except OSError as exc:
            raise InputError(
                f"cannot write {path.parent}: {exc.strerror or exc}: "
                "free some space or choose another output folder"
            ) from exc
        results.append(ExportResult(lang, path, b.approved, b.fuzzy, b.skipped, mo_file))
    return results


# -- import --------------------------------------------------------------------

_CHARSET = re.compile(rb'"Content-Type:[^"\n]*?charset=([\w\-:.]+)', re.IGNORECASE)
_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
_UTF8 = frozenset({"utf-8", "utf8"})
_REDO = "re-save it as UTF-8 (msgconv -t UTF-8 OLD.po -o NEW.po) and import that"


_NEWLINE = re.compile(r"\r\n|\r|\n")  # what polib's text-mode reading splits on
_PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*)?"(?:[^"\\]|\\.)*"')


def first_bad_line(text: str) -> int | None:
    """polib accepts an unterminated string (``msgid "abc``) silently: catch that, and any
    line that is neither a comment nor a keyword with one quoted string nor a string."""
    for number, line in enumerate(_NEWLINE.split(text.removeprefix("\ufeff")), start=1):
        line = line.strip()
        if line and not line.startswith("#") and not _PO_LINE.fullmatch(line):
            return number
    return None


def _polib_detail(exc: Exception) -> str:
    """polib's 'Syntax error in po file /long/path (line 12): why'
    → 'syntax error at line 12 (why)'."""
    text = str(exc)
    m = re.search(r"\(line (\d+)\)(?::\s*(.*))?", text)
    if m:
        return f"syntax error at line {m.group(1)}" + (f" ({m.group(2)})" if m.group(2) else "")
    return _one_line(text) or type(exc).__name__


def read_po(path: Path) -> polib.POFile:
    """Parse and validate a UTF-8 PO file; InputError (one line) for anything unusable."""
    import polib

    path = Path(path)
    if not path.exists():
        raise InputError(f"no PO file at {path}: check the path")
    if not path.is_file():
        raise InputError(f"{path} is not a file: give the path of a .po file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read {path}: {exc.strerror or exc}: check its permissions"
        ) from exc
    if raw[:4] in _MO_MAGIC:
        raise InputError(f"{path} is a compiled .mo file: import the .po file instead")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path} is UTF-16, not UTF-8: {_REDO}")
    if b"\x00" in raw:
        raise InputError(f"{path} is a binary file, not a PO file: give the .po file")
    declared = _CHARSET.search(raw[:65536])  # the header comes first
    if declared and declared.group(1).decode("ascii", "replace").lower() not in _UTF8:
        charset = declared.group(1).decode("ascii", "replace")
        raise InputError(f"{path} is encoded as {charset}, not UTF-8: {_REDO}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{path} is not valid UTF-8 (line {line}): {_REDO}") from exc
    bad_line = first_bad_line(text)
    if bad_line:
        raise InputError(
            f"{path} is not a valid PO file: syntax error at line {bad_line}: fix it "
            "(`msgfmt --check FILE` shows the details) or export a fresh one"
        )
    try:
        po = polib.pofile(str(path), encoding="utf-8", wrapwidth=WRAPWIDTH)
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{path} is not a valid PO file: {_polib_detail(exc)}: fix it "
            "(`msgfmt --check FILE` shows the details) or export a fresh one"
        ) from exc
    check_po(po, path)
    return po


def check_po(po: polib.POFile, path: Path) -> None:
    """What a parsed PO file must also satisfy (msgfmt agrees): some entry or a header, a
    UTF-8 charset, no entry twice. InputError (one line) otherwise."""
    if len(po) == 0 and not po.metadata:
        raise InputError(
            f"{path} holds no PO entries, not even a header: give the PO file that "
            "`workbench export` wrote, after editing it"
        )
    content_type = po.metadata.get("Content-Type", "")
    m = re.search(r"charset=([^\s;]+)", content_type, re.IGNORECASE)
    if m and m.group(1).lower() not in _UTF8:
        raise InputError(f"{path} declares charset {m.group(1)}, not UTF-8: {_REDO}")
    seen: dict[str, int | None] = {}
    for entry in po:
        if entry.obsolete:
            continue
        key = f"msgctxt {entry.msgctxt!r}" if entry.msgctxt else f"msgid {entry.msgid[:60]!r}"
        if key in seen:
            raise InputError(
                f"{path} has the {key} twice (lines {seen[key]} and {entry.linenum}): "
                "keep one of them and try again"
            )
        seen[key] = entry.linenum


def _same_language(declared: str, lang: str) -> bool:
    norm = declared.strip().replace("-", "_")
    base, _, region = norm.partition("_")
    norm = base.lower() + (f"_{region.upper()}" if region else "")
    return norm == lang or (("_" not in lang) and norm.partition("_")[0] == lang)


def _baseline(metadata: dict[str, str]) -> datetime | None:
    """The instant the file reflects the store: PO-Revision-Date; refined to the millisecond
    by X-Workbench-Revision while the file still carries the minute we wrote."""
    revision = parse_gettext_date(metadata.get("PO-Revision-Date"))
    exact: datetime | None = None
    with contextlib.suppress(ValueError):
        exact = _parse_iso(metadata.get(REVISION_KEY, "").strip())
    if exact is None:
        return revision
    if revision is None or exact.replace(second=0, microsecond=0) == revision:
        return exact
    return revision


def _incoming(po: polib.POFile) -> list[Incoming]:
    """The PO file's entries for the format-neutral import planner (formats/merge.py)."""
    entries = []
    for entry in po:
        if entry.obsolete:
            continue
        entries.append(
            Incoming(
                label=entry.msgctxt or f"msgid {entry.msgid[:50]!r}",
                segment_id=entry.msgctxt or None,
                source=entry.msgid,
                target=entry.msgstr,
                approve=not entry.fuzzy,
                refused="plural entries are not article segments" if entry.msgid_plural else None,
            )
        )
    return entries


def import_po(
    store: Store, po_path: Path, slug: str, lang: str, *, reviewer: str | None = None
) -> ImportPOResult:
    """Bring a PO file edited elsewhere back into the store (see the module docstring).
    Nothing is written when the file is unusable; a second import of the same file changes
    nothing."""
    check_lang(lang)
    po = read_po(Path(po_path))
    declared = po.metadata.get("Language", "").strip()
    if declared and not _same_language(declared, lang):
        raise InputError(
            f"{po_path} is a {declared!r} translation, not {lang!r}: import it with that language"
        )
    rows = store.rows(slug, lang, include_removed=True)
    plan = plan_import(
        _incoming(po), rows, slug, baseline=_baseline(po.metadata), problem=gettext_problem
    )
    return apply_plan(store, slug, lang, plan, reviewer=reviewer)
