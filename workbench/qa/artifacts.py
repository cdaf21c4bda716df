"""The ``artifacts`` check: tokenizer marks an MT decoder must never leave in a target
(SentencePiece's ``▁``, BPE's ``@@``, ``<unk>``, ``</s>``, language tags like ``>>vie<<``)."""

from __future__ import annotations

from workbench.qa.core import Finding, QAContext, check

_ARTIFACT_NAMES = {
    "marker": "SentencePiece word marker",
    "joiner": "BPE joiner",
    "special": "special token",
    "tag": "language tag",
}


@check("artifacts", "error", "no leaked tokenizer artifacts (▁, @@, <unk>, </s>, >>vie<<)")
def check_artifacts(ctx: QAContext) -> list[Finding]:
    """What an MT decoder must never leave in text (:mod:`workbench.mt.artifacts`): flagged in
    any target, MT or typed, unless the source holds the same string."""
    from workbench.mt.artifacts import find_artifacts

    return [
        Finding(
            "artifacts",
            "error",
            f"leaked {_ARTIFACT_NAMES[found.kind]} {found.text!r}: remove it",
            (found.start, found.end),
        )
        for found in find_artifacts(ctx.target)
        if found.text not in ctx.source
    ]
