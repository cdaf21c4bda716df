"""Use cases: QA of an article's translations, and the QA gate every export goes through.

:func:`qa_gate` is the one gate: an approved segment with an error-severity QA finding blocks
an export (msgfmt would accept it, a reader would not), unless a reviewer dismissed that finding
for the segment's current target ("approve despite QA errors", kept in the store's
``qa_dismissal``). The gate decides per language: one language's errors never block another.
Every face exports through :func:`~workbench.project.exporting.export_checked` (the CLI's
``export`` and the review UI's alt+e alike).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from workbench.errors import InputError, WorkbenchError
from workbench.store import Store, open_store

if TYPE_CHECKING:
    from workbench.glossary import Glossary
    from workbench.mt.confidence import Calibration
    from workbench.project.exporting import ExportResult
    from workbench.qa import Finding


@dataclass(frozen=True, slots=True)
class SegmentQA:
    segment_id: str
    position: int
    status: str
    source: str
    target: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


def workspace_glossary(store: Store) -> Glossary:
    """The workspace's glossary, from the store (empty when none was imported)."""
    from workbench.glossary import workspace_glossary as stored

    return stored(store)


def qa_article(
    store: Store,
    slug: str,
    lang: str,
    *,
    enabled: Sequence[str] | None = None,
    statuses: Collection[str] = ("machine", "edited", "approved"),
    glossary: Glossary | None = None,
    calibrations: Mapping[str, Calibration] | None = None,
) -> list[SegmentQA]:
    """QA findings of every translated segment of ``slug`` in ``lang`` (with findings only).
    A target that is still the machine's is checked with its MT confidence (and the expected
    edit of ``calibrations``, when the model has one)."""
    from workbench.project.confidence import expected_edit
    from workbench.qa import run_checks

    terms = workspace_glossary(store) if glossary is None else glossary
    fits = dict(calibrations or {})
    out = []
    for row in store.rows(slug, lang):
        t = row.translation
        if not row.segment.translatable or t is None or t.status not in statuses:
            continue
        confidence = t.mt_confidence if t.status == "machine" and t.target == t.mt else None
        findings = run_checks(
            row.segment.source, t.target, lang, enabled=enabled, glossary=terms, pivot=t.pivot,
            mt_confidence=confidence, expected_edit=expected_edit(fits, t.mt_model, confidence),
            stale_pivot=t.stale_pivot,
        )  # fmt: skip
        if findings:
            out.append(
                SegmentQA(
                    row.segment.id,
                    row.segment.position,
                    t.status,
                    row.segment.source,
                    t.target,
                    tuple(findings),
                )
            )
    return out


def qa_in_workspace(
    workspace: str | os.PathLike[str] | None,
    slug: str,
    langs: Sequence[str] | None = None,
    *,
    checks: str | None = None,
    notices: list[str] | None = None,
) -> dict[str, list[SegmentQA]]:
    """QA of ``slug`` per language (default: every language it is translated into);
    ``checks`` is the user's selection (``numbers,names`` or ``-length``). A check that cannot
    run (the ``spelling`` of a language without its dictionary) appends one line to
    ``notices`` and finds nothing."""
    from workbench.project.confidence import refresh_calibrations
    from workbench.qa import parse_enabled

    enabled = parse_enabled(checks)
    with open_store(workspace) as store:
        chosen = list(langs) if langs else list(store.status(slug).langs)
        if not chosen:
            raise InputError(f"{slug!r} has no translation yet: `workbench translate {slug}`")
        if notices is not None:
            notices.extend(qa_notices(chosen, enabled))
        fits = refresh_calibrations(store) if "confidence" in enabled else {}
        return {
            lang: qa_article(store, slug, lang, enabled=enabled, calibrations=fits)
            for lang in chosen
        }


def qa_notices(langs: Sequence[str], enabled: Sequence[str]) -> list[str]:
    """One line per check of ``enabled`` that cannot run in one of ``langs`` (a missing
    spelling dictionary), each said once."""
    if "spelling" not in enabled:
        return []
    from workbench.qa.spelling import notice

    said = [notice(lang) for lang in langs]
    return list(dict.fromkeys(line for line in said if line))


class QAGateError(WorkbenchError):
    """Export refused for some languages: approved segments have error-severity QA findings
    nobody dismissed. ``written`` holds the files of the languages that passed the gate."""

    exit_code = 1  # a gate, not bad input

    def __init__(
        self, message: str, blocked: list[SegmentQA], written: Sequence[ExportResult] = ()
    ) -> None:
        super().__init__(message, title="QA")
        self.blocked = blocked
        self.written = list(written)


def undismissed_errors(store: Store, slug: str, lang: str, glossary: Glossary) -> list[SegmentQA]:
    """The approved segments of ``slug`` in ``lang`` with error findings that no reviewer
    dismissed for the segment's current target; each with those findings only."""
    dismissed = {(d.segment_id, d.check, d.target) for d in store.dismissals(slug, lang)}
    out = []
    for seg in qa_article(store, slug, lang, statuses=("approved",), glossary=glossary):
        errors = tuple(
            f
            for f in seg.findings
            if f.severity == "error" and (seg.segment_id, f.check, seg.target) not in dismissed
        )
        if errors:
            out.append(replace(seg, findings=errors))
    return out


def gate_languages(store: Store, slug: str, langs: Sequence[str]) -> dict[str, list[SegmentQA]]:
    """The languages of ``langs`` the export gate refuses, with their blocking segments."""
    glossary = workspace_glossary(store)
    blocked = {lang: undismissed_errors(store, slug, lang, glossary) for lang in langs}
    return {lang: segs for lang, segs in blocked.items() if segs}


def gate_error(
    slug: str, blocked: dict[str, list[SegmentQA]], written: Sequence[ExportResult] = ()
) -> QAGateError:
    """The one-line refusal for the ``blocked`` languages (``written``: the others' files)."""
    parts = []
    for lang, segs in blocked.items():
        shown = ", ".join(f"#{b.position} {b.segment_id}" for b in segs[:5])
        more = f" and {len(segs) - 5} more" if len(segs) > 5 else ""
        parts.append(f"{lang}: {len(segs)} approved segments have QA errors ({shown}{more})")
    langs = ",".join(blocked)
    done = ", ".join(w.lang for w in written)
    tail = f"; {done} exported" if done else ""
    return QAGateError(
        f"not exported: {'; '.join(parts)}: fix them (`workbench qa {slug} --lang {langs}`), "
        f"approve them despite the errors in the review, or export anyway with "
        f"`workbench export {slug} --lang {langs} --force`{tail}",
        [seg for segs in blocked.values() for seg in segs],
        written,
    )


def qa_gate(store: Store, slug: str, langs: Sequence[str]) -> None:
    """Raise :class:`QAGateError` when an approved segment of ``slug`` in ``langs`` has an
    error-severity QA finding (with the workspace glossary) that no reviewer dismissed."""
    blocked = gate_languages(store, slug, langs)
    if blocked:
        raise gate_error(slug, blocked)
