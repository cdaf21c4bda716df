"""gettext PO files: build one from units and a header, write its exact bytes, read one back.

Writing (see DESIGN "PO export"): msgid = the French source, msgstr = the target, msgctxt = the
segment id (two identical sentences stay two entries), ``#:`` reference ``<slug>:<paragraph>``,
``#.`` extracted comments for the entry's *base* (``workbench base: v7 3f9a1c2b7d10``: the
translation version and the :func:`~workbench.formats.merge.state_key` of what was exported,
which the import compares: see formats/merge.py), the reviewer's note, the MT model of fuzzy
entries and the English pivot; no ``c-format``. The base rides in a ``#.`` line because PO
editors keep those (Poedit, Lokalize, Weblate, msgcat/msgmerge) while they rewrite dates,
rewrap lines, drop unknown flags (Poedit #880) and clear ``#|`` when an entry is un-fuzzied.
The header carries POT-Creation-Date, PO-Revision-Date and ``X-Workbench-Revision`` (the
revision instant to the millisecond: gettext dates stop at minutes). Same units and header →
same bytes (UTF-8, no BOM, LF, a final newline).

Reading: :func:`read_po` validates a user's PO file completely (through
:func:`workbench.userfiles.read_user_file`, a declared charset, lines polib would silently
accept, duplicate entries) and raises a one-line :class:`~workbench.errors.InputError`.

Which segments go into a file and what an imported entry does to the store are use cases
(``workbench.project``); this module knows nothing of the store. polib is imported inside the
functions: ``import workbench.formats.po`` stays light.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from workbench import __version__
from workbench.errors import InputError
from workbench.lang.names import language_name, plural_forms
from workbench.userfiles import read_user_file

if TYPE_CHECKING:
    import polib

WRAPWIDTH = 78  # polib's default, kept explicit: the output must not change under us
GENERATOR = f"workbench {__version__}"
REVISION_KEY = "X-Workbench-Revision"


# -- values --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class POUnit:
    """One entry to write: a segment and its target."""

    segment_id: str  # msgctxt
    source: str  # msgid
    target: str  # msgstr
    reference: tuple[str, str]  # (slug, paragraph) for "#: slug:paragraph"
    fuzzy: bool = False
    note: str = ""  # the reviewer's note
    model: str | None = None  # the MT model (written for fuzzy entries)
    pivot: str | None = None  # the English pivot the target was translated from
    base: tuple[int, str] | None = None  # (translation version, state_key) it was exported as


@dataclass(frozen=True, slots=True)
class POHeader:
    """What the file's header says."""

    project: str  # the article's slug
    title: str
    lang: str
    created: str  # ISO-8601: the article's import time
    revised: str  # ISO-8601: the latest change among the entries
    translator: str | None
    include_machine: bool  # the file holds unapproved (fuzzy) entries too


# -- small helpers -------------------------------------------------------------


def po_path(out_dir: Path, lang: str, slug: str) -> Path:
    return Path(out_dir) / lang / "LC_MESSAGES" / f"{slug}.po"


def parse_iso(stamp: str) -> datetime:
    value = datetime.fromisoformat(stamp)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _iso_ms(stamp: str) -> str:
    return parse_iso(stamp).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def gettext_date(stamp: str) -> str:
    """ISO-8601 (``2024-04-17T10:15:30.123Z``) → gettext's ``2024-04-17 10:15+0000``."""
    return parse_iso(stamp).strftime("%Y-%m-%d %H:%M+0000")


_GETTEXT_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:(Z|UTC|GMT)|([+-])(\d{2}):?(\d{2}))?"
)


def parse_gettext_date(value: str | None) -> datetime | None:
    """``2024-04-17 12:15+0200`` → aware UTC datetime; None when missing or unparseable
    (e.g. the template's ``YEAR-MO-DA HO:MI+ZONE``)."""
    m = _GETTEXT_DATE.fullmatch((value or "").strip())
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


def one_line(text: str) -> str:
    """Header values and comments: no control characters, no line breaks."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _comment_lines(text: str) -> list[str]:
    return [line for line in (one_line(part) for part in text.splitlines()) if line]


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


# -- writing -------------------------------------------------------------------


_BASE_LINE = re.compile(r"workbench base: v(\d{1,9}) ([0-9a-f]{12})")


def base_line(version: int, state: str) -> str:
    return f"workbench base: v{version} {state}"


def entry_base(comment: str) -> tuple[int, str] | None:
    """The (version, state) an entry's ``#.`` lines say it was exported as (the first
    base line: the export writes it first), None when there is none."""
    for line in comment.splitlines():
        m = _BASE_LINE.fullmatch(line.strip())
        if m:
            return int(m.group(1)), m.group(2)
    return None


def _entry_comment(unit: POUnit) -> str:
    lines = [base_line(*unit.base)] if unit.base else []
    # a note line that reads like a base line is the reviewer's text, not ours
    lines += [f"note: {x}" if _BASE_LINE.fullmatch(x) else x for x in _comment_lines(unit.note)]
    if unit.fuzzy and unit.model:
        lines.append(one_line(f"MT: {unit.model}"))
    if unit.pivot:
        lines += _comment_lines(f"en: {unit.pivot}")
    return "\n".join(lines)


def _header_comment(title: str, lang: str, include_machine: bool) -> str:
    first = one_line(f"{title} — {language_name(lang)} translation.")
    if first[:1] in (",", ":"):  # polib would write "#," / "#:" (flags / references)
        first = " " + first
    second = (
        "Exported by workbench: approved segments, machine and edited ones marked fuzzy."
        if include_machine
        else "Exported by workbench from the approved segments."
    )
    return f"{first}\n{second}"


def po_file(header: POHeader, units: Iterable[POUnit]) -> polib.POFile:
    """The PO file of ``units`` under ``header``, in memory (see the module docstring)."""
    import polib

    po = polib.POFile(wrapwidth=WRAPWIDTH, encoding="utf-8")
    for unit in units:
        po.append(
            polib.POEntry(
                msgctxt=unit.segment_id,
                msgid=unit.source,
                msgstr=unit.target,
                occurrences=[unit.reference],
                comment=_entry_comment(unit),
                flags=["fuzzy"] if unit.fuzzy else [],
            )
        )
    lang = header.lang
    po.header = _header_comment(header.title, lang, header.include_machine)
    po.metadata = {
        "Project-Id-Version": one_line(f"workbench {header.project}"),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": gettext_date(header.created),
        "PO-Revision-Date": gettext_date(header.revised),
        "Last-Translator": one_line(header.translator or "") or "workbench",
        "Language-Team": language_name(lang),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Generator": GENERATOR,
        REVISION_KEY: _iso_ms(header.revised),
    }
    return po


def po_bytes(po: polib.POFile) -> bytes:
    """The file's exact bytes: UTF-8, no BOM, LF line ends, a final newline."""
    text = str(po)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


# -- reading -------------------------------------------------------------------

_CHARSET = re.compile(rb'"Content-Type:[^"\n]*?charset=([\w\-:.]+)', re.IGNORECASE)
_UTF8 = frozenset({"utf-8", "utf8"})
_REDO = "re-save it as UTF-8 (msgconv -t UTF-8 OLD.po -o NEW.po) and import that"


_NEWLINE = re.compile(r"\r\n|\r|\n")  # what polib's text-mode reading splits on
_PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*)?"(?:[^"\\]|\\.)*"')


_COMMENT_MARK = re.compile(r"^(#[,:.|])(?=[^\s])", re.MULTILINE)


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
    return one_line(text) or type(exc).__name__


def polib_read(path: Path | None, text: str) -> polib.POFile:
    """polib's parse of ``path``, else of ``text`` through a temporary file: given content,
    polib splits it with str.splitlines, which also breaks lines at U+001C-U+001E, U+0085,
    U+2028 and U+2029 inside strings; reading a file splits at line ends only."""
    import tempfile

    import polib

    if path is not None:
        return polib.pofile(str(path), encoding="utf-8", wrapwidth=WRAPWIDTH)
    with tempfile.TemporaryDirectory(prefix="workbench-po-") as folder:
        copy = Path(folder) / "file.po"
        copy.write_text(text, encoding="utf-8", newline="")
        return polib.pofile(str(copy), encoding="utf-8", wrapwidth=WRAPWIDTH)


def read_po(path: Path) -> polib.POFile:
    """Parse and validate a UTF-8 PO file; InputError (one line) for anything unusable."""

    path = Path(path)
    file = read_user_file(path, "PO file", expected="the .po file (UTF-8)")
    file.check_binary()
    declared = _CHARSET.search(file.data[:65536])  # the header comes first
    if declared and declared.group(1).decode("ascii", "replace").lower() not in _UTF8:
        charset = declared.group(1).decode("ascii", "replace")
        raise InputError(f"{path} is encoded as {charset}, not UTF-8: {_REDO}")
    text = file.text().removeprefix("\ufeff")
    if "\r" in text.replace("\r\n", ""):
        raise InputError(
            f"{path} has old Mac line ends (CR only), which gettext reads differently: "
            "convert them to LF (e.g. `tr '\\r' '\\n'`) and import again"
        )
    bad_line = first_bad_line(text)
    if bad_line:
        raise InputError(
            f"{path} is not a valid PO file: syntax error at line {bad_line}: fix it "
            "(`msgfmt --check FILE` shows the details) or export a fresh one"
        )
    from workbench.formats.po_grammar import grammar_error

    grammar = grammar_error(text)
    if grammar:
        raise InputError(
            f"{path} is not a valid PO file: {grammar}: fix it "
            "(`msgfmt --check FILE` shows the details) or export a fresh one"
        )
    # gettext reads '#,fuzzy' as '#, fuzzy' (and so '#:', '#.', '#|'); polib needs the space
    spaced = _COMMENT_MARK.sub(r"\1 ", text)
    try:
        po = polib_read(path if spaced == text else None, spaced)
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{path} is not a valid PO file: {_polib_detail(exc)}: fix it "
            "(`msgfmt --check FILE` shows the details) or export a fresh one"
        ) from exc
    headers = len(_HEADER.findall(text))
    if headers > 1:
        raise InputError(f'{path} defines the header (msgid "") twice: keep one and try again')
    check_po(po, path, header=headers == 1)
    return po


#: gettext's header entry: msgid "" (no msgctxt, no plural) and a msgstr
_HEADER = re.compile(r'(?m)(?<!")^msgid\s*""\s*\n(?:\s*""\s*\n)*(?:#[^\n]*\n)*\s*msgstr\s*"')


def check_po(po: polib.POFile, path: Path, *, header: bool | None = None) -> None:
    """What a parsed PO file must also satisfy, as ``msgfmt --check`` does: a header
    (``header``: whether the text has one; None, as the scorer passes, skips that), a
    UTF-8 charset, no message defined twice (obsolete ones included), plural forms only
    with a ``msgid_plural``; and, for the import, no segment named twice. InputError (one
    line) otherwise."""
    if len(po) == 0 and not po.metadata:
        raise InputError(
            f"{path} holds no PO entries, not even a header: give the PO file that "
            "`workbench export` wrote, after editing it"
        )
    if header is False:  # read_po says (the scorer reads header-less files too)
        raise InputError(
            f'{path} has no PO header (the msgid "" entry with its Content-Type), which '
            "gettext requires: give the PO file that `workbench export` wrote, after editing it"
        )
    content_type = po.metadata.get("Content-Type", "")
    m = re.search(r"charset=([^\s;]+)", content_type, re.IGNORECASE)
    if m and m.group(1).lower() not in _UTF8:
        raise InputError(f"{path} declares charset {m.group(1)}, not UTF-8: {_REDO}")
    gettext_keys: dict[tuple[str | None, str], int | None] = {}
    seen: dict[str, int | None] = {}
    for entry in po:
        if bool(entry.msgstr_plural) != bool(entry.msgid_plural):
            raise InputError(
                f"{path} line {entry.linenum}: msgstr[N] goes with msgid_plural, msgstr "
                "without it (gettext refuses the mix): fix the entry and try again"
            )
        if not entry.obsolete:
            key = f"msgctxt {entry.msgctxt!r}" if entry.msgctxt else f"msgid {entry.msgid[:60]!r}"
            if key in seen:
                raise InputError(
                    f"{path} has the {key} twice (lines {seen[key]} and {entry.linenum}): "
                    "keep one of them and try again"
                )
            seen[key] = entry.linenum
        where = gettext_keys.setdefault((entry.msgctxt, entry.msgid), entry.linenum)
        if where != entry.linenum:
            raise InputError(
                f"{path} defines msgid {entry.msgid[:60]!r} twice (lines {where} and "
                f"{entry.linenum}, obsolete #~ entries count too): keep one and try again"
            )


def same_language(declared: str, lang: str) -> bool:
    norm = declared.strip().replace("-", "_")
    base, _, region = norm.partition("_")
    norm = base.lower() + (f"_{region.upper()}" if region else "")
    return norm == lang or (("_" not in lang) and norm.partition("_")[0] == lang)


def revision_baseline(metadata: dict[str, str]) -> datetime | None:
    """The instant the file reflects the store: the export's ``X-Workbench-Revision``, which
    editors keep as it is. Never PO-Revision-Date: Poedit, Lokalize and Weblate set it to
    the time of every save, so a stale copy saved today would look newer than today's work.
    None when the file does not say (then every differing edit is a conflict)."""
    with contextlib.suppress(ValueError):
        return parse_iso(metadata.get(REVISION_KEY, "").strip())
    return None
