"""Use cases: QA of an article's translations, and the QA gate every export goes through.

:func:`qa_gate` is the one gate: an approved segment with an error-severity QA finding blocks
an export (msgfmt would accept it, a reader would not). The CLI's ``export`` calls it through
:func:`~workbench.project.exporting.export_checked`; any other face that exports calls the same.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.errors import InputError, WorkbenchError
from workbench.store import Store, open_store

if TYPE_CHECKING:
    from workbench.glossary import Glossary
    from workbench.mt.confidence import Calibration
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
    """The workspace's ``glossary.csv`` (empty when there is none)."""
    from workbench.glossary import load_workspace_glossary

    return load_workspace_glossary(store.workspace)


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
) -> dict[str, list[SegmentQA]]:
    """QA of ``slug`` per language (default: every language it is translated into);
    ``checks`` is the user's selection (``numbers,names`` or ``-length``)."""
    from workbench.project.confidence import refresh_calibrations
    from workbench.qa import parse_enabled

    enabled = parse_enabled(checks)
    with open_store(workspace) as store:
        chosen = list(langs) if langs else list(store.status(slug).langs)
        if not chosen:
            raise InputError(f"{slug!r} has no translation yet: `workbench translate {slug}`")
        fits = refresh_calibrations(store) if "confidence" in enabled else {}
        return {
            lang: qa_article(store, slug, lang, enabled=enabled, calibrations=fits)
            for lang in chosen
        }


class QAGateError(WorkbenchError):
    """Export refused: approved segments have error-severity QA findings."""

    def __init__(self, message: str, blocked: list[SegmentQA]) -> None:
        super().__init__(message, title="QA")
        self.blocked = blocked


def qa_gate(store: Store, slug: str, langs: Sequence[str]) -> None:
    """Raise :class:`QAGateError` when an approved segment of ``slug`` in ``langs`` has an
    error-severity QA finding (with the workspace glossary)."""
    glossary = workspace_glossary(store)
    blocked = [
        seg
        for lang in langs
        for seg in qa_article(store, slug, lang, statuses=("approved",), glossary=glossary)
        if seg.errors
    ]
    if blocked:
        shown = ", ".join(f"#{b.position} {b.segment_id}" for b in blocked[:5])
        more = f" and {len(blocked) - 5} more" if len(blocked) > 5 else ""
        raise QAGateError(
            f"{len(blocked)} approved segments have QA errors ({shown}{more}): fix them "
            "(`workbench qa " + slug + "`) or export anyway with --force",
            blocked,
        )
