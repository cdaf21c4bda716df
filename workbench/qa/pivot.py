"""The ``pivot`` check: a post-edited or approved target made from an English pivot that
changed since (an approved English target became the pivot, or the reviewer re-translated from
an edited pivot, and the new MT was not allowed to replace the reviewer's text).

The store knows it (``Translation.stale_pivot``: the English the target came from, when its
MT has since been translated from another); a reviewer saving or approving the target again
ends it. A warning: the text may still be right, the reviewer must compare it with the new MT.
"""

from __future__ import annotations

from workbench.qa.core import Finding, QAContext, check

#: How much of each English the message quotes.
QUOTED = 80


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= QUOTED else flat[: QUOTED - 1] + '…'}”"


@check("pivot", "warning", "target made from an English pivot that changed since")
def check_pivot(ctx: QAContext) -> list[Finding]:
    if ctx.stale_pivot is None or ctx.pivot is None:
        return []
    return [
        Finding(
            "pivot",
            "warning",
            f"the English pivot changed since this target was written from it (was "
            f"{_quoted(ctx.stale_pivot)}, now {_quoted(ctx.pivot)}): compare it with the new "
            "machine translation, then save or approve it again",
            None,
        )
    ]
