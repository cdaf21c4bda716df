"""The ``length`` check: a target much shorter (a dropped half) or much longer (invented or
repeated text) than the French source usually gives in that language."""

from __future__ import annotations

from workbench.lang.names import language_name
from workbench.qa.core import Finding, QAContext, check

_NAME = "length"
#: Target/source character-length ratio expected for a French source.
LENGTH_BOUNDS: dict[str, tuple[float, float]] = {"en": (0.5, 1.6), "vi": (0.5, 1.8)}
#: Below this many source characters the ratio says nothing.
LENGTH_MIN_SOURCE = 20
#: Short sentences vary more: bounds widen by this much under 60 characters.
_SHORT_SLACK = 0.15


@check(_NAME, "warning", "target/source length ratio outside the language's usual range")
def check_length(ctx: QAContext) -> list[Finding]:
    source = " ".join(ctx.source.split())
    target = " ".join(ctx.target.split())
    if len(source) < LENGTH_MIN_SOURCE or not target or ctx.lang not in LENGTH_BOUNDS:
        return []
    low, high = LENGTH_BOUNDS[ctx.lang]
    if len(source) < 60:
        low, high = low - _SHORT_SLACK, high + _SHORT_SLACK
    ratio = len(target) / len(source)
    if low <= ratio <= high:
        return []
    bounds = f"{low:.2f}-{high:.2f} for {language_name(ctx.lang)}"
    if ratio < low:
        return [
            Finding(
                _NAME,
                "warning",
                f"translation is {ratio:.2f}x the source length (expected {bounds}): "
                "part of the sentence may be missing",
                None,
            )
        ]
    stripped = ctx.target.strip()
    start = ctx.target.find(stripped)
    return [
        Finding(
            _NAME,
            "warning",
            f"translation is {ratio:.2f}x the source length (expected {bounds}): "
            "look for repeated or invented text",
            (start, start + len(stripped)),
        )
    ]
