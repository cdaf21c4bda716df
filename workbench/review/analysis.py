"""What the editor shows beside the text, computed without a UI: the word diff from the MT to
the target, the edit effort (HTER, the same figure as ``workbench score --effort``), the
glossary terms of the source, the translation-memory matches stored with the MT and the
approval progress. Plain functions over values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.glossary import Glossary, Term, load_workspace_glossary
from workbench.review.qa_runner import Finding
from workbench.store import Row, Translation
from workbench.tm import TMMatch

if TYPE_CHECKING:
    from workbench.mt.confidence import Calibration

#: en <-> vi: the two target languages of the workbench.
OTHER_LANG = {"en": "vi", "vi": "en"}


@dataclass(frozen=True, slots=True)
class DiffOp:
    op: str  # equal | delete | insert
    text: str


@dataclass(frozen=True, slots=True)
class TermHit:
    """A glossary term found in the current segment's source."""

    fr: str  # as written in the source
    required: str  # the form the target language requires ("" = no requirement)
    do_not_translate: bool
    note: str
    span: tuple[int, int]  # in the source
    #: True when QA reports the term missing from the target, False when the target has it,
    #: None when there is nothing to check (no target, no QA).
    missing: bool | None


@dataclass(frozen=True, slots=True)
class Progress:
    approved: int
    translatable: int

    @property
    def fraction(self) -> float:
        return self.approved / self.translatable if self.translatable else 1.0


def word_diff(before: str, after: str) -> list[DiffOp]:
    """Word-level diff from ``before`` (the MT) to ``after`` (the target)."""
    a, b = before.split(), after.split()
    ops: list[DiffOp] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(DiffOp("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(DiffOp("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(DiffOp("insert", " ".join(b[j1:j2])))
    return ops


def edit_effort(mt: str | None, target: str) -> float | None:
    """TER of the MT against the post-edited target (HTER): the share of words edited.
    None when there is nothing to compare. :func:`workbench.score.segment_effort`: the
    figure ``workbench score --effort`` reports for the segment."""
    from workbench.score import segment_effort

    return segment_effort(mt, target)


def term_hits(
    glossary: Glossary,
    hits: Iterable[tuple[Term, tuple[int, int]]],
    source: str,
    lang: str,
    findings: Iterable[Finding],
    checked: bool,
) -> list[TermHit]:
    """The glossary terms ``glossary.find(source)`` found (``hits``), each once,
    where it first occurs, with the form ``lang`` requires and whether the QA ``findings``
    report it missing from the target (None when QA did not look at a target:
    ``checked`` False)."""
    missing = {getattr(f, "source_span", None) for f in findings if f.check == "glossary"}
    seen: set[str] = set()
    out = []
    for term, span in hits:
        if term.fr in seen:
            continue
        seen.add(term.fr)
        required = glossary.target_for(term, lang) if lang in OTHER_LANG else ""
        out.append(
            TermHit(
                source[span[0] : span[1]],
                required,
                term.do_not_translate,
                term.note,
                span,
                (span in missing) if checked and required else None,
            )
        )
    return out


def needs_mt(rows: Iterable[Row]) -> bool:
    """Some translatable segment has no machine translation yet."""
    return any(
        r.segment.translatable
        and r.segment.source.strip()
        and (r.translation is None or r.translation.mt is None)
        for r in rows
    )


def progress(rows: Iterable[Row]) -> Progress:
    translatable = approved = 0
    for r in rows:
        if r.segment.translatable:
            translatable += 1
            approved += r.status == "approved"
    return Progress(approved, translatable)


_MATCH_TEXTS = ("source", "target", "slug", "segment_id")


def _well_formed_match(data: object) -> bool:
    """A stored TM match has the fields :meth:`TMMatch.from_json` reads, of usable types
    (a real check: ``from_json`` must not be trusted to validate, and ``assert`` is gone
    under ``python -O``)."""
    if not isinstance(data, dict):
        return False
    if not isinstance(data.get("score"), int | str):
        return False
    if any(not isinstance(data.get(name), str) for name in _MATCH_TEXTS):
        return False
    differences = data.get("differences")
    return differences is None or (
        isinstance(differences, list) and all(isinstance(d, str) for d in differences)
    )


def tm_matches(translation: Translation | None) -> list[TMMatch]:
    """The translation-memory matches stored with a segment's MT, best first. A damaged
    entry (hand-edited database) is left out rather than stopping the review."""
    out = []
    for data in translation.matches if translation else ():
        if not _well_formed_match(data):
            continue
        try:
            out.append(TMMatch.from_json(data))
        except ValueError:  # a score that is not a number
            continue
    return out


def tm_origin_score(translation: Translation | None) -> int | None:
    """The match score (100 or 101) of a target that came from the translation memory
    (origin "tm"), None for any other origin."""
    if translation is None or translation.origin != "tm":
        return None
    matches = tm_matches(translation)
    same = [m.score for m in matches if m.target == translation.mt]
    return same[0] if same else (matches[0].score if matches else 100)


def load_glossary(workspace: Path) -> tuple[Glossary, str | None]:
    """The workspace glossary, and the error that made it unusable (then an empty one)."""
    try:
        return load_workspace_glossary(workspace), None
    except InputError as exc:
        return Glossary(), f"glossary not used: {exc}"


def confidence_line(row: Row, calibrations: Mapping[str, Calibration]) -> str:
    """``confidence 0.31 · expected edit ~45 %`` for a row's MT ("" without a confidence);
    the expected edit when ``calibrations`` has a fit for the MT's model."""
    from workbench.project import describe_confidence, expected_edit

    t = row.translation
    if t is None or t.mt_confidence is None:
        return ""
    expected = expected_edit(dict(calibrations), t.mt_model, t.mt_confidence)
    return describe_confidence(t.mt_confidence, expected)
