"""The QA vocabulary and registry: severities, Finding, QAContext, Check and ``@check``.

Each check is one plain function ``QAContext -> list[Finding]`` registered with
``@check(name, severity, description)`` in :data:`CHECKS`, in the order the check modules are
imported (``workbench.qa`` imports them all).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.glossary import Glossary

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
#: Target languages the checks know; the source is French.
LANGS = ("en", "vi")


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    severity: str
    message: str
    #: Character span in the target; None when the finding is about something missing.
    span: tuple[int, int] | None
    source_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class QAContext:
    source: str
    target: str
    lang: str
    source_lang: str = "fr"
    glossary: Glossary | None = None
    #: The English pivot when the target was translated through English (fr -> en -> vi).
    pivot: str | None = None
    #: The MT's confidence (0-1), given only while the target is still the unedited MT.
    mt_confidence: float | None = None
    #: Below this confidence the ``confidence`` check warns (settings' WORKBENCH_LOW_CONFIDENCE).
    low_confidence: float = 0.5
    #: The calibrated expected HTER at that confidence, when the workspace has a fit.
    expected_edit: float | None = None
    #: The English a post-edited or approved target was made from, when the MT has been
    #: translated since from another English (``Translation.stale_pivot``).
    stale_pivot: str | None = None


CheckFunction = Callable[[QAContext], list[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    severity: str
    description: str
    func: CheckFunction


CHECKS: dict[str, Check] = {}


def check(name: str, severity: str, description: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check. ``severity`` is its default (highest) severity; a check may report
    milder findings (a number in the wrong locale format is a warning of ``numbers``)."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity {severity!r} is not one of {SEVERITIES}")

    def register(func: CheckFunction) -> CheckFunction:
        if name in CHECKS:
            raise ValueError(f"QA check {name!r} is registered twice")
        CHECKS[name] = Check(name, severity, description, func)
        return func

    return register
