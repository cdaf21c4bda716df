"""The ``brackets_quotes`` check: ( ) [ ] and quotes balanced as in the source, pairs closed with
the matching mark, and English / Vietnamese quotes “ ” rather than French « »."""

from __future__ import annotations

import re

from workbench.lang.names import language_name
from workbench.qa.core import LANGS, Finding, QAContext, check

_NAME = "brackets_quotes"
_OPENERS = {"(": "paren", "[": "square", "«": "quote", "“": "quote"}
_CLOSER_CLASS = {")": "paren", "]": "square", "»": "quote", "”": "quote"}
_PAIR = {"(": ")", "[": "]", "«": "»", "“": "”"}
_CLASS_NAMES = {"paren": "parenthesis", "square": "bracket", "quote": "quote"}
_GUILLEMETS = re.compile(r"«[^«»]*»|[«»]")
_INNER_SPACE = re.compile(r"“[ \u00a0\u202f][^“”]*”|“[^“”]*[ \u00a0\u202f]”")


def _bracket_state(
    text: str,
) -> tuple[dict[str, list[tuple[str, int]]], list[tuple[str, int, int]]]:
    """Unmatched brackets per class and mismatched quote pairs ("“…»") of ``text``."""
    unmatched: dict[str, list[tuple[str, int]]] = {"paren": [], "square": [], "quote": []}
    mispaired: list[tuple[str, int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: list[int] = []
    for i, char in enumerate(text):
        if char in _OPENERS:
            stack.append((char, i))
        elif char in _CLOSER_CLASS:
            cls = _CLOSER_CLASS[char]
            depth = next(
                (k for k in range(len(stack) - 1, -1, -1) if _OPENERS[stack[k][0]] == cls), None
            )
            if depth is None:
                unmatched[cls].append((char, i))
                continue
            opener, pos = stack.pop(depth)
            if _PAIR[opener] != char:
                mispaired.append((opener + "…" + char, pos, i))
        elif char == '"':
            straight.append(i)
    for char, pos in stack:
        unmatched[_OPENERS[char]].append((char, pos))
    if len(straight) % 2:
        unmatched["quote"].append(('"', straight[-1]))
    return unmatched, mispaired


def _balance_findings(ctx: QAContext) -> list[Finding]:
    """Brackets and quotes left open or closed without an opening, and mismatched pairs."""
    findings: list[Finding] = []
    source_open, _ = _bracket_state(ctx.source)
    target_open, mispaired = _bracket_state(ctx.target)
    for cls, items in target_open.items():
        if len(items) == len(source_open[cls]):
            continue  # unbalanced the same way as the source (a quote spanning segments)
        for char, pos in items:
            if char == '"':
                what = "has no pair"
            elif char in _OPENERS:
                what = "is never closed"
            else:
                what = "has no opening match"
            message = f"{_CLASS_NAMES[cls]} {char} {what} in the translation"
            findings.append(Finding(_NAME, "warning", message, (pos, pos + 1)))
    for pair, start, end in mispaired:
        message = f"quote opened and closed with different marks ({pair})"
        findings.append(Finding(_NAME, "warning", message, (start, end + 1)))
    return findings


@check(_NAME, "warning", "balanced ( ) [ ] and quotes; “ ” rather than « » in English")
def check_brackets_quotes(ctx: QAContext) -> list[Finding]:
    findings = _balance_findings(ctx)
    if ctx.lang in LANGS:
        name = language_name(ctx.lang)
        severity = "warning" if ctx.lang == "en" else "info"
        for m in _GUILLEMETS.finditer(ctx.target):
            message = f"use “ ” rather than French « » in {name}"
            findings.append(Finding(_NAME, severity, message, m.span()))
        for m in _INNER_SPACE.finditer(ctx.target):
            message = f"no space inside “ ” in {name}"
            findings.append(Finding(_NAME, "warning", message, m.span()))
    return findings
