"""workbench.mt.confidence: legs, their product, Spearman, the isotonic HTER calibration."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.mt.confidence import (
    MIN_CALIBRATION_SAMPLES,
    Calibration,
    combine_legs,
    fit_calibration,
    leg_confidence,
    ranks,
    spearman,
)


def test_leg_confidence_is_the_geometric_mean_token_probability() -> None:
    assert leg_confidence(math.log(0.5) * 4, 4) == pytest.approx(0.5)
    assert leg_confidence(0.0, 7) == 1.0
    assert leg_confidence(-3.0, 0) == 1.0
    assert combine_legs([0.9, 0.5]) == pytest.approx(0.45)
    assert combine_legs([]) == 1.0


def test_ranks_share_ties() -> None:
    assert ranks([10, 20, 20, 5]) == [2.0, 3.5, 3.5, 1.0]


def test_spearman_on_known_orders() -> None:
    x = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert spearman(x, [2.0, 4.0, 6.0, 8.0, 100.0]) == pytest.approx(1.0)
    assert spearman(x, [5.0, 4.0, 3.0, 2.0, 1.0]) == pytest.approx(-1.0)
    # the textbook example with one swap: rho = 1 - 6 * 2 / (5 * 24) = 0.9
    assert spearman(x, [1.0, 2.0, 4.0, 3.0, 5.0]) == pytest.approx(0.9)
    assert math.isnan(spearman([1.0, 1.0], [1.0, 2.0]))
    with pytest.raises(ValueError):
        spearman([1.0], [1.0, 2.0])


def _pairs(n: int, seed: int) -> tuple[list[float], list[float]]:
    rng = random.Random(seed)
    confidences = [rng.random() for _ in range(n)]
    hter = [max(0.0, 0.8 - 0.6 * c + rng.gauss(0, 0.1)) for c in confidences]
    return confidences, hter


def test_calibration_is_non_increasing_and_reads_back() -> None:
    confidences, hter = _pairs(60, 1)
    fit = fit_calibration("translate-fr_en@1.9>translate-en_vi@1.9", confidences, hter)
    assert fit.samples == 60 and fit.spearman < -0.5
    assert list(fit.confidences) == sorted(set(fit.confidences))
    assert all(a >= b for a, b in zip(fit.hter, fit.hter[1:], strict=False))
    assert fit.expected_edit(0.05) > fit.expected_edit(0.95)
    assert fit.expected_edit(-1.0) == fit.hter[0] and fit.expected_edit(2.0) == fit.hter[-1]
    again = Calibration.from_json(fit.to_json())
    assert again == fit


def test_calibration_is_the_least_squares_monotone_fit() -> None:
    """Pool-adjacent-violators on a small case worked by hand."""
    confidences = [i / 40 for i in range(MIN_CALIBRATION_SAMPLES)]
    hter = [0.9, 0.7, 0.8, 0.2] + [0.1] * (MIN_CALIBRATION_SAMPLES - 4)
    fit = fit_calibration("m", confidences, hter)
    assert fit.hter[:3] == pytest.approx((0.9, 0.75, 0.2))  # 0.7 and 0.8 pooled
    assert fit.confidences[1] == pytest.approx((1 / 40 + 2 / 40) / 2)


def test_calibration_needs_enough_samples() -> None:
    with pytest.raises(ValueError, match="at least 30 approved segments"):
        fit_calibration("m", [0.5] * 29, [0.1] * 29)
    with pytest.raises(ValueError):
        Calibration.from_json(
            '{"model": "m", "confidences": [0.5, 0.2], "hter": [1, 2], "samples": 3}'
        )


@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 3)),
        min_size=MIN_CALIBRATION_SAMPLES,
        max_size=80,
    )
)
def test_any_fit_is_monotone_and_within_the_data(pairs: list[tuple[float, float]]) -> None:
    fit = fit_calibration("m", [c for c, _ in pairs], [h for _, h in pairs])
    assert all(a >= b - 1e-12 for a, b in zip(fit.hter, fit.hter[1:], strict=False))
    assert min(h for _, h in pairs) - 1e-9 <= min(fit.hter)
    assert max(fit.hter) <= max(h for _, h in pairs) + 1e-9
