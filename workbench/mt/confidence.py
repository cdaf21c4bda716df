"""Offline confidence of a machine translation, and its calibration against post-editing effort.

**Confidence of one leg** (one package): the geometric mean of the probabilities the model gives
its own best output, token by token, ``</s>`` included — ``exp(sum log p / tokens)``, from
CTranslate2's ``score_batch`` (the model's distribution, free of the decoding's length and
repetition penalties). A text split into pieces (:mod:`workbench.mt.pieces`) pools the tokens
of all its pieces. An output stopped at the decoding limit is scored with the ``</s>`` the model
did not want to write, which lowers it.

**Pivot routes** (fr→en→vi): the product of the legs' confidences. A mistake in the English is
carried into the Vietnamese, so the target is right only when both legs are; the product is
that chance if the legs' errors are independent, never exceeds the weaker leg, and falls when
either falls. (The minimum would ignore a second doubtful leg; the mean would let a confident
leg hide a doubtful one.)

**Calibration**: a confidence is the model's belief, not an edit estimate. Once a workspace has
:data:`MIN_CALIBRATION_SAMPLES` approved segments of one model (``code@version`` route label),
:func:`fit_calibration` fits expected HTER (TER of the MT against the approved text) as a
non-increasing function of confidence — isotonic regression by pool-adjacent-violators, numpy
only — and :meth:`Calibration.expected_edit` reads it ("expected edit ~35 %").
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_CALIBRATION_SAMPLES = 30


def leg_confidence(log_prob: float, tokens: int) -> float:
    """``exp(log_prob / tokens)``: the geometric-mean token probability (1.0 for no tokens)."""
    if tokens <= 0:
        return 1.0
    return math.exp(min(0.0, log_prob) / tokens)


def combine_legs(confidences: Sequence[float]) -> float:
    """A route's confidence: the product of its legs' (see the module docstring)."""
    return math.prod(confidences) if confidences else 1.0


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            result[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return result


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation (Pearson's on tie-averaged ranks); nan when undefined."""
    if len(x) != len(y):
        raise ValueError("spearman needs two sequences of one length")
    if len(x) < 2:
        return math.nan
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else math.nan


@dataclass(frozen=True, slots=True)
class Calibration:
    """Expected HTER as a non-increasing step function of confidence, for one model."""

    model: str  # the route label the MT was recorded with ("code@version>code@version")
    confidences: tuple[float, ...]  # increasing knots
    hter: tuple[float, ...]  # expected HTER at each knot, non-increasing
    samples: int
    spearman: float  # confidence vs HTER on the samples (negative when confidence is useful)

    def expected_edit(self, confidence: float) -> float:
        """Expected HTER at ``confidence``: linear between knots, flat beyond them."""
        import numpy as np

        return float(np.interp(confidence, self.confidences, self.hter))

    def to_json(self) -> str:
        return json.dumps(
            {
                "model": self.model,
                "confidences": list(self.confidences),
                "hter": list(self.hter),
                "samples": self.samples,
                "spearman": None if math.isnan(self.spearman) else self.spearman,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        data: Any = json.loads(text)
        knots = tuple(float(v) for v in data["confidences"])
        hter = tuple(float(v) for v in data["hter"])
        if not knots or len(knots) != len(hter) or list(knots) != sorted(knots):
            raise ValueError("a calibration needs increasing knots, one HTER each")
        rho = data.get("spearman")
        return cls(
            str(data["model"]), knots, hter, int(data["samples"]), math.nan if rho is None else rho
        )


def _pool_adjacent_violators(values: Sequence[float]) -> list[tuple[float, int]]:
    """Blocks (mean, size) of the best non-increasing fit of ``values`` (least squares)."""
    blocks: list[tuple[float, int]] = []
    for value in values:
        mean, size = value, 1
        while blocks and blocks[-1][0] < mean:  # an increase: pool with the previous block
            previous, count = blocks.pop()
            mean = (previous * count + mean * size) / (count + size)
            size += count
        blocks.append((mean, size))
    return blocks


def fit_calibration(model: str, confidences: Sequence[float], hter: Sequence[float]) -> Calibration:
    """Isotonic (non-increasing) fit of HTER against confidence; needs
    :data:`MIN_CALIBRATION_SAMPLES` pairs."""
    if len(confidences) != len(hter):
        raise ValueError("one HTER per confidence")
    if len(confidences) < MIN_CALIBRATION_SAMPLES:
        raise ValueError(
            f"calibration needs at least {MIN_CALIBRATION_SAMPLES} approved segments, "
            f"got {len(confidences)}"
        )
    pairs = sorted(zip(confidences, hter, strict=True))
    blocks = _pool_adjacent_violators([y for _x, y in pairs])
    knots: list[float] = []
    values: list[float] = []
    start = 0
    for mean, size in blocks:
        xs = [x for x, _y in pairs[start : start + size]]
        knots.append(sum(xs) / size)  # each block at the mean confidence of its segments
        values.append(max(0.0, mean))
        start += size
    return Calibration(
        model=model,
        confidences=tuple(knots),
        hter=tuple(values),
        samples=len(pairs),
        spearman=spearman(list(confidences), list(hter)),
    )
