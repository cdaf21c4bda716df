"""The ``spaces`` check: leading and trailing whitespace as in the source, no double space the
source does not have, no space before a comma or full stop in English or Vietnamese."""

from __future__ import annotations

import re

from workbench.lang.names import language_name
from workbench.qa.core import LANGS, Finding, QAContext, check
from workbench.qa.text import WS

_NAME = "spaces"
_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \t\u00a0\u202f]{2,}(?=\S)")
_SPACE_BEFORE_COMMA = re.compile(r"(?<=\w)[ \u00a0\u202f]+([,.])(?![.\d])")


def _edge(text: str, leading: bool) -> str:
    stripped = text.lstrip(WS) if leading else text.rstrip(WS)
    return text[: len(text) - len(stripped)] if leading else text[len(stripped) :]


def _edge_finding(source: str, target: str, leading: bool) -> Finding | None:
    """Leading (or trailing) whitespace of the target that differs from the source's."""
    where = "leading" if leading else "trailing"
    source_edge, target_edge = _edge(source, leading), _edge(target, leading)
    if source_edge == target_edge or not target.strip():
        return None
    if not target_edge:
        return Finding(
            _NAME, "warning", f"{where} whitespace {source_edge!r} of the source is missing", None
        )
    span = (0, len(target_edge)) if leading else (len(target) - len(target_edge), len(target))
    message = (
        f"{where} whitespace {target_edge!r} not in the source"
        if not source_edge
        else f"{where} whitespace {target_edge!r} differs from the source's {source_edge!r}"
    )
    return Finding(_NAME, "warning", message, span)


@check(_NAME, "warning", "leading/trailing spaces as in the source; no double spaces")
def check_spaces(ctx: QAContext) -> list[Finding]:
    findings: list[Finding] = []
    target = ctx.target
    for leading in (True, False):
        edge = _edge_finding(ctx.source, target, leading)
        if edge is not None:
            findings.append(edge)
    if not _DOUBLE_SPACE.search(ctx.source):
        for m in _DOUBLE_SPACE.finditer(target):
            findings.append(Finding(_NAME, "info", "double space", m.span()))
    if ctx.lang in LANGS:
        for m in _SPACE_BEFORE_COMMA.finditer(target):
            message = f"no space before {m.group(1)} in {language_name(ctx.lang)}"
            findings.append(Finding(_NAME, "warning", message, m.span()))
    return findings
