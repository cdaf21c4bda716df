"""The ``confidence`` check: a machine translation its own model doubts.

The MT's confidence (:mod:`workbench.mt.confidence`: the model's geometric-mean token
probability, multiplied over a pivot route) below ``WORKBENCH_LOW_CONFIDENCE`` (default 0.5) is
a warning while the target is still that MT; the calibrated expected edit is said when the
workspace has a fit for the model. A reviewer's edit ends it: the confidence was the model's.
"""

from __future__ import annotations

from workbench.qa.core import Finding, QAContext, check


@check("confidence", "warning", "machine translation the model itself doubts (low confidence)")
def check_confidence(ctx: QAContext) -> list[Finding]:
    if ctx.mt_confidence is None or ctx.mt_confidence >= ctx.low_confidence:
        return []
    expected = (
        f", expected edit ~{round(100 * ctx.expected_edit)} %"
        if ctx.expected_edit is not None
        else ""
    )
    return [
        Finding(
            "confidence",
            "warning",
            f"the model doubts this translation (confidence {ctx.mt_confidence:.2f}, below "
            f"{ctx.low_confidence:.2f}{expected}): review it closely",
            None,
        )
    ]
