"""The ``punctuation`` check: the source's final punctuation kept, and no French space before
``? ! : ;`` in English or Vietnamese."""

from __future__ import annotations

import re

from workbench.lang.names import language_name
from workbench.qa.core import LANGS, Finding, QAContext, check
from workbench.qa.text import WS

_NAME = "punctuation"
_CLOSERS = "»”\"’')]}›"
_TERMINALS = ".!?…:;"
_ABBREV_END = re.compile(
    r"(?:(?<!\w)(?:[A-Za-z]\.){2,}|(?<!\w)(?:etc|Inc|Ltd|Co|Corp|Jr|Sr|St|Bros|No|vs)\.)\Z"
)
_DIGIT_AHEAD = re.compile(r"\s*\d")
_SPACE_BEFORE = re.compile(r"(?<=[^\s])([ \u00a0\u202f\u2009]+)([?!:;])(?![)(DPp\d/])")


def _final_mark(text: str) -> tuple[str, tuple[int, int]] | None:
    """The sentence-final punctuation of ``text`` (closing quotes skipped), with its span."""
    end = len(text)
    while end and (text[end - 1] in WS or text[end - 1] in _CLOSERS):
        end -= 1
    if end == 0 or text[end - 1] not in _TERMINALS:
        return None
    start = end - 1
    if text[start] == "." and text[max(0, end - 3) : end] == "...":
        return "…", (end - 3, end)
    while start and text[start - 1] in "?!" and text[end - 1] in "?!":
        start -= 1
    return text[end - 1], (start, end)


def _final_finding(ctx: QAContext) -> Finding | None:
    """Final punctuation lost, added or changed."""
    source_mark = _final_mark(ctx.source)
    target_mark = _final_mark(ctx.target)
    if source_mark and not target_mark:
        message = f"final {source_mark[0]} of the source is missing from the translation"
        return Finding(_NAME, "warning", message, None, source_mark[1])
    if target_mark and not source_mark:
        head = ctx.target[: target_mark[1][1]].rstrip()
        if target_mark[0] == "." and _ABBREV_END.search(head):
            return None
        message = f"final {target_mark[0]} added: the source ends without punctuation"
        return Finding(_NAME, "warning", message, target_mark[1])
    if source_mark and target_mark and source_mark[0] != target_mark[0]:
        message = f"final {source_mark[0]} became {target_mark[0]}"
        return Finding(_NAME, "warning", message, target_mark[1], source_mark[1])
    return None


@check(_NAME, "warning", "final punctuation kept; no French space before ? ! : ;")
def check_punctuation(ctx: QAContext) -> list[Finding]:
    findings: list[Finding] = []
    final = _final_finding(ctx)
    if final is not None:
        findings.append(final)
    if ctx.lang in LANGS:
        for m in _SPACE_BEFORE.finditer(ctx.target):
            if ctx.target[m.start() - 1].isdigit() and _DIGIT_AHEAD.match(ctx.target, m.end()):
                continue  # a ratio or score, "3 : 1"
            message = (
                f"no space before {m.group(2)} in {language_name(ctx.lang)} (French typography)"
            )
            findings.append(Finding(_NAME, "warning", message, m.span()))
    return findings
