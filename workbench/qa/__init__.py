"""Quality checks on one (French source, target) pair, in the spirit of translate-toolkit's filters.

Each check is one plain function ``QAContext -> list[Finding]`` registered with
``@check(name, severity, description)`` in :data:`CHECKS` (:mod:`workbench.qa.core`), one module
per family. They catch what neural MT (Argos) gets wrong and msgfmt cannot see in prose: output
identical to the source, decoder loops, dropped sentence halves, lost final punctuation, changed
numbers, lost names and terms. :mod:`workbench.qa.runner` runs them.

Precision matters more than recall: every rule has a near-miss in the tests that it must not
flag. Spans are character offsets into the target exactly as given (no normalisation that would
shift them).

Importing this package registers every check, in the order below (the order of
:data:`DEFAULT_CHECKS`, of ``--checks`` and of the reports). Only the standard library is
imported, so ``import workbench.qa`` stays cheap.
"""

from __future__ import annotations

from workbench.qa.core import CHECKS, LANGS, SEVERITIES, Check, Finding, QAContext, check

# The check families, imported for their @check registrations: this order is the registry's.
# isort: off
from workbench.qa import numbers, punctuation, brackets, untranslated, repeats, length, spaces
from workbench.qa import artifacts, names, glossary, confidence, spelling, pivot

# isort: on

from workbench.qa.length import LENGTH_BOUNDS, LENGTH_MIN_SOURCE
from workbench.qa.names import load_name_aliases
from workbench.qa.numbers import format_number
from workbench.qa.runner import DEFAULT_CHECKS, parse_enabled, run_checks, worst

__all__ = [
    "CHECKS",
    "DEFAULT_CHECKS",
    "LANGS",
    "LENGTH_BOUNDS",
    "LENGTH_MIN_SOURCE",
    "SEVERITIES",
    "Check",
    "Finding",
    "QAContext",
    "artifacts",
    "brackets",
    "check",
    "confidence",
    "format_number",
    "glossary",
    "length",
    "load_name_aliases",
    "names",
    "numbers",
    "parse_enabled",
    "pivot",
    "punctuation",
    "repeats",
    "run_checks",
    "spaces",
    "spelling",
    "untranslated",
    "worst",
]
