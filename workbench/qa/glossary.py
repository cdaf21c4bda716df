"""The ``glossary`` check: every glossary term of the source is translated as the glossary
requires, and do-not-translate terms are kept as they are."""

from __future__ import annotations

import re

from workbench.lang.names import language_name
from workbench.qa.core import Finding, QAContext, check
from workbench.qa.text import nfc

_NAME = "glossary"


def _target_has(form: str, target: str, lang: str, exact_case: bool) -> bool:
    from workbench.glossary import term_regex

    pattern = term_regex(nfc(form))
    if lang == "en" and not exact_case:
        pattern = pattern[: -len(r"(?!\w)")] + r"(?:e?s|['’]s)?(?!\w)"  # plural, possessive
    flags = 0 if exact_case else re.IGNORECASE
    return re.search(pattern, nfc(target), flags) is not None


@check(_NAME, "error", "glossary terms translated as required; do-not-translate terms kept")
def check_glossary(ctx: QAContext) -> list[Finding]:
    if ctx.glossary is None:
        return []
    findings: list[Finding] = []
    seen: set[str] = set()
    for term, span in ctx.glossary.find(ctx.source):
        if term.fr in seen:
            continue
        seen.add(term.fr)
        required = ctx.glossary.target_for(term, ctx.lang)
        if not required or _target_has(required, ctx.target, ctx.lang, term.do_not_translate):
            continue
        if term.do_not_translate:
            message = f"{term.fr} must stay as it is (do not translate)"
            severity = "error"
        elif nfc(required) == nfc(term.fr):
            message = f"glossary: keep {term.fr} as it is in {language_name(ctx.lang)}"
            severity = "warning"
        else:
            message = f"glossary: {term.fr} must be translated as {required}"
            severity = "warning"
        if term.note:
            message += f" — {term.note}"
        findings.append(Finding(_NAME, severity, message, None, span))
    return findings
