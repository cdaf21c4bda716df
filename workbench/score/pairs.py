"""Reads a hypothesis and a reference file into aligned segment pairs.

PO files (``.po``/``.pot``, or content that starts like one) are matched by msgctxt, else by
msgid; plain text is one segment per line. Each pair keeps its key, its position and, for PO
files, the French source (msgid), so per-segment output can name a segment by more than a
hash id. polib is imported inside the functions that parse PO files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError

if TYPE_CHECKING:
    import polib  # type: ignore[import-untyped]


@dataclass(frozen=True, slots=True)
class SegmentPairs:
    """Aligned segments: ``hyps[i]`` is scored against ``refs[i]``."""

    keys: tuple[str, ...]  # msgctxt (segment id), else msgid, else the line number
    hyps: tuple[str, ...]
    refs: tuple[str, ...]
    positions: tuple[int, ...]  # 1-based order of the reference entry or line
    sources: tuple[str, ...]  # the msgid of PO entries; "" for plain text

    def __len__(self) -> int:
        return len(self.refs)


def _read_text(path: Path, role: str) -> str:
    from workbench.userfiles import read_user_file, shown

    text = read_user_file(
        path,
        f"{role} file",
        expected="a UTF-8 PO file or a UTF-8 text file with one segment per line",
    ).text()
    if not text.strip():
        raise InputError(f"{role} file {shown(path)} is empty: it holds no segments to score")
    return text


_PO_KEYWORD = re.compile(r'(msgctxt|msgid)\s+"')


def _looks_like_po(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".po", ".pot"):
        return True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return _PO_KEYWORD.match(stripped) is not None
    return False


def _parse_po(path: Path, text: str, role: str) -> polib.POFile:
    """Parse and validate like ``import-po`` does: polib silently accepts an unterminated
    string, a non-UTF-8 charset and duplicate entries (which would count a segment twice)."""
    import polib  # type: ignore[import-untyped]

    from workbench.formats.po import check_po, first_bad_line

    bad_line = first_bad_line(text)
    if bad_line:
        raise InputError(
            f"{role} PO file {path} does not parse (syntax error at line {bad_line}): "
            "fix it; msgfmt --check shows the line"
        )
    # polib treats its argument as a path when such a file exists; content always has a
    # newline, which no file name here has.
    if not text.endswith("\n"):
        text += "\n"
    try:
        po = polib.pofile(text, encoding="utf-8")
    except (OSError, ValueError) as error:
        detail = " ".join(str(error).split())
        raise InputError(
            f"{role} PO file {path} does not parse ({detail}): "
            "fix it; msgfmt --check shows the line"
        ) from error
    check_po(po, path)
    return po


def _msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def _is_translated(entry: polib.POEntry) -> bool:
    return not entry.obsolete and "fuzzy" not in entry.flags and bool(_msgstr(entry))


def _po_index(
    hyp_po: polib.POFile,
) -> tuple[dict[str, list[polib.POEntry]], dict[str, list[polib.POEntry]]]:
    by_ctxt: dict[str, list[polib.POEntry]] = {}
    by_msgid: dict[str, list[polib.POEntry]] = {}
    for entry in hyp_po:
        if entry.obsolete:
            continue
        if entry.msgctxt is not None:
            by_ctxt.setdefault(entry.msgctxt, []).append(entry)
        by_msgid.setdefault(entry.msgid, []).append(entry)
    return by_ctxt, by_msgid


def _po_pairs(
    hyp_po: polib.POFile, ref_po: polib.POFile, hyp_path: Path, ref_path: Path
) -> SegmentPairs:
    entries = [e for e in ref_po if not e.obsolete]
    refs = [(i, e) for i, e in enumerate(entries, start=1) if _is_translated(e)]
    if not refs:
        raise InputError(
            f"reference PO {ref_path} has no translated entries: nothing to score against"
        )
    by_ctxt, by_msgid = _po_index(hyp_po)
    used: set[int] = set()
    hyps: list[str] = []
    for _, ref in refs:
        candidates = by_ctxt.get(ref.msgctxt, []) if ref.msgctxt is not None else []
        if not any(id(c) not in used for c in candidates):
            # no entry with this msgctxt: fall back to the msgid, among hypothesis
            # entries that have no msgctxt (or when the reference has none)
            candidates = [
                c for c in by_msgid.get(ref.msgid, []) if c.msgctxt is None or ref.msgctxt is None
            ]
        hit = next((c for c in candidates if id(c) not in used), None)
        if hit is not None:
            used.add(id(hit))
        hyps.append(_msgstr(hit) if hit is not None and _is_translated(hit) else "")
    if not used:
        raise InputError(
            f"no entry of {hyp_path} matches a reference entry of {ref_path} by msgctxt or "
            "msgid: check that both files are for the same article"
        )
    return SegmentPairs(
        keys=tuple(r.msgctxt if r.msgctxt is not None else r.msgid for _, r in refs),
        hyps=tuple(hyps),
        refs=tuple(_msgstr(r) for _, r in refs),
        positions=tuple(i for i, _ in refs),
        sources=tuple(r.msgid for _, r in refs),
    )


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def load_segment_pairs(hyp_path: str | Path, ref_path: str | Path) -> SegmentPairs:
    """Reads a hypothesis and a reference file into aligned pairs, with keys, positions and
    (for PO files) the French sources.

    PO files (``.po``/``.pot``, or content that starts like one) are matched by msgctxt,
    else by msgid. Only reference entries with a non-empty, non-fuzzy msgstr count; their
    position is their order among the reference file's entries. A reference entry that the
    hypothesis lacks, or has untranslated or fuzzy, is scored as an empty hypothesis, so
    unfinished work lowers the score; ``ScoreReport.empty`` lists those keys. Plain text is
    one segment per line, keys and positions are line numbers, and both files must have the
    same number of lines.
    """
    hyp_path, ref_path = Path(hyp_path), Path(ref_path)
    hyp_text = _read_text(hyp_path, "hypothesis")
    ref_text = _read_text(ref_path, "reference")
    hyp_is_po = _looks_like_po(hyp_path, hyp_text)
    ref_is_po = _looks_like_po(ref_path, ref_text)
    if hyp_is_po != ref_is_po:
        po, txt = (hyp_path, ref_path) if hyp_is_po else (ref_path, hyp_path)
        raise InputError(
            f"{po} is a PO file but {txt} is plain text: give both as PO files "
            "(matched by msgctxt) or both as text with one segment per line"
        )
    if hyp_is_po:
        return _po_pairs(
            _parse_po(hyp_path, hyp_text, "hypothesis"),
            _parse_po(ref_path, ref_text, "reference"),
            hyp_path,
            ref_path,
        )
    hyps, refs = _lines(hyp_text), _lines(ref_text)
    if len(hyps) != len(refs):
        raise InputError(
            f"{hyp_path} has {len(hyps)} lines but {ref_path} has {len(refs)}: plain text "
            "files must hold one segment per line, in the same order"
        )
    positions = tuple(range(1, len(refs) + 1))
    return SegmentPairs(
        keys=tuple(str(i) for i in positions),
        hyps=tuple(hyps),
        refs=tuple(refs),
        positions=positions,
        sources=("",) * len(refs),
    )


def load_pairs(
    hyp_path: str | Path, ref_path: str | Path
) -> tuple[list[str], list[str], list[str]]:
    """(keys, hyps, refs) of :func:`load_segment_pairs`."""
    pairs = load_segment_pairs(hyp_path, ref_path)
    return list(pairs.keys), list(pairs.hyps), list(pairs.refs)


def detect_language(path: str | Path) -> str | None:
    """The base language code of a PO file's ``Language`` header ("vi_VN" -> "vi"), if any."""
    path = Path(path)
    text = _read_text(path, "reference")
    if not _looks_like_po(path, text):
        return None
    return _language(_parse_po(path, text, "reference"))


@dataclass(frozen=True, slots=True)
class POTranslations:
    """The translations of one PO file, for matching to segments by msgctxt, else msgid.
    Fuzzy, obsolete and untranslated entries count as no translation ("")."""

    path: Path
    lang: str | None  # the Language header's base code
    by_ctxt: dict[str, str]
    by_msgid: dict[str, str]

    def get(self, ctxt: str, msgid: str) -> str | None:
        """The translation for a segment; None when the file has no entry for it."""
        if ctxt in self.by_ctxt:
            return self.by_ctxt[ctxt]
        return self.by_msgid.get(msgid)


def load_translations(path: str | Path) -> POTranslations:
    """Reads a PO file (validated as ``score --hyp`` does) for matching to segments."""
    path = Path(path)
    content = _read_text(path, "hypothesis")
    if not _looks_like_po(path, content):
        raise InputError(f"{path} is not a PO file: give a PO file exported for the article")
    po = _parse_po(path, content, "hypothesis")
    by_ctxt: dict[str, str] = {}
    by_msgid: dict[str, str] = {}
    for entry in po:
        if entry.obsolete:
            continue
        value = _msgstr(entry) if _is_translated(entry) else ""
        if entry.msgctxt is not None:
            by_ctxt.setdefault(entry.msgctxt, value)
        else:
            by_msgid.setdefault(entry.msgid, value)
    return POTranslations(path, _language(po), by_ctxt, by_msgid)


def _language(po: polib.POFile) -> str | None:
    language = po.metadata.get("Language", "").strip()
    return re.split(r"[_\-@.]", language, maxsplit=1)[0].lower() or None
