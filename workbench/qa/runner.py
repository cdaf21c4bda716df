"""Running the registered checks on one segment: which checks (:func:`parse_enabled`), the run
with severity overrides and a stable order (:func:`run_checks`), the worst severity
(:func:`worst`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.qa.core import CHECKS, LANGS, SEVERITIES, SEVERITY_RANK, Finding, QAContext

if TYPE_CHECKING:
    from workbench.glossary import Glossary

#: Every registered check, in registration order. ``workbench.qa`` imports the check modules
#: before this one, so the registry is complete here.
DEFAULT_CHECKS: tuple[str, ...] = tuple(CHECKS)


def parse_enabled(spec: str | None) -> tuple[str, ...]:
    """``"numbers,punctuation"`` -> those checks; ``"-repeats,-length"`` -> all the others;
    None, "" or "all" -> every check. Unknown names raise InputError listing the valid ones."""
    if spec is None or not spec.strip() or spec.strip() == "all":
        return DEFAULT_CHECKS
    wanted: list[str] = []
    removed: list[str] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        negative = item.startswith("-")
        name = item.lstrip("-+").strip()
        if name not in CHECKS:
            raise InputError(
                f"unknown QA check {name or item!r}: valid checks are {', '.join(CHECKS)} "
                "(prefix a name with - to disable it)"
            )
        (removed if negative else wanted).append(name)
    chosen = set(wanted) if wanted else set(DEFAULT_CHECKS)
    chosen -= set(removed)
    return tuple(name for name in CHECKS if name in chosen)


def _sort_key(finding: Finding) -> tuple[int, int, int, str, str]:
    start, end = finding.span if finding.span is not None else (-1, -1)
    return (start, end, SEVERITY_RANK[finding.severity], finding.check, finding.message)


def _validated(
    lang: str, source_lang: str, enabled: Iterable[str] | None, severities: Mapping[str, str]
) -> tuple[str, ...]:
    """The checks to run; InputError for a language, check or severity that is not known."""
    if lang not in LANGS:
        raise InputError(f"QA checks support target languages {', '.join(LANGS)}, not {lang!r}")
    if source_lang != "fr":
        raise InputError(f"QA checks expect a French source, not {source_lang!r}")
    names = DEFAULT_CHECKS if enabled is None else tuple(enabled)
    for name in names:
        if name not in CHECKS:
            raise InputError(f"unknown QA check {name!r}: valid checks are {', '.join(CHECKS)}")
    for name, severity in severities.items():
        if name not in CHECKS:
            raise InputError(f"cannot set the severity of unknown QA check {name!r}")
        if severity not in SEVERITIES:
            raise InputError(
                f"severity {severity!r} for {name} is not one of {', '.join(SEVERITIES)}"
            )
    return names


def run_checks(
    source: str,
    target: str,
    lang: str,
    *,
    enabled: Iterable[str] | None = None,
    glossary: Glossary | None = None,
    pivot: str | None = None,
    severities: Mapping[str, str] | None = None,
    source_lang: str = "fr",
    mt_confidence: float | None = None,
    expected_edit: float | None = None,
    stale_pivot: str | None = None,
) -> list[Finding]:
    """Run the enabled checks on one segment; findings sorted by target span then severity
    (findings about something missing, with no span, come first).

    ``severities`` overrides the severity of every finding of a check: ``{"length": "info"}``.
    ``mt_confidence`` (with its calibrated ``expected_edit``) is for a target that is still
    the unedited machine translation: the ``confidence`` check reads it. ``stale_pivot`` is
    ``Translation.stale_pivot`` (the ``pivot`` check).
    """
    from workbench import settings

    overrides = dict(severities or {})
    names = _validated(lang, source_lang, enabled, overrides)
    low = settings.load().low_confidence() if mt_confidence is not None else 0.5
    ctx = QAContext(
        source, target, lang, source_lang, glossary, pivot, mt_confidence, low, expected_edit,
        stale_pivot,
    )  # fmt: skip
    findings: list[Finding] = []
    for name in dict.fromkeys(names):
        found = CHECKS[name].func(ctx)
        if name in overrides:
            found = [replace(f, severity=overrides[name]) for f in found]
        findings.extend(found)
    findings.sort(key=_sort_key)
    return findings


def worst(findings: Iterable[Finding]) -> str | None:
    """The most severe severity among ``findings`` (None when there are none)."""
    ranks = [SEVERITY_RANK[f.severity] for f in findings]
    return SEVERITIES[min(ranks)] if ranks else None
