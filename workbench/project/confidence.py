"""Use cases: machine-translation confidence against post-editing effort.

Each MT is stored with its confidence (:mod:`workbench.mt.confidence`). Once a model (the
route label an MT was recorded with) has :data:`~workbench.mt.confidence.MIN_CALIBRATION_SAMPLES`
approved segments in the workspace, :func:`refresh_calibrations` fits their HTER (TER of the MT
against the approved text, as ``workbench score --effort`` computes it) against their
confidence and stores the fit per model; it refits only when the model's number of approved
segments changed. :func:`describe_confidence` is the line the review UI and ``workbench qa``
show: ``confidence 0.31 · expected edit ~45 %``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from workbench.store import Store

if TYPE_CHECKING:
    from workbench.mt.confidence import Calibration
    from workbench.store import CalibrationSample


def load_calibrations(store: Store) -> dict[str, Calibration]:
    """The stored fits, by model label (a fit that does not read is left out)."""
    from workbench.mt.confidence import Calibration

    out = {}
    for model, fit in store.calibrations().items():
        try:
            out[model] = Calibration.from_json(fit)
        except (ValueError, KeyError, TypeError):
            continue  # written by something else: refit replaces it
    return out


def _hter(sample: CalibrationSample) -> float | None:
    from workbench.score import segment_effort

    effort = segment_effort(sample.mt, sample.target, lang=sample.lang)
    return None if effort is None else effort / 100


def refresh_calibrations(store: Store) -> dict[str, Calibration]:
    """Fit (again) every model whose approved segments changed in number and are enough;
    return every stored fit by model label."""
    from workbench.mt.confidence import MIN_CALIBRATION_SAMPLES, fit_calibration

    known = load_calibrations(store)
    by_model: dict[str, list[CalibrationSample]] = defaultdict(list)
    for sample in store.calibration_samples():
        by_model[sample.model].append(sample)
    for model, samples in by_model.items():
        pairs = [(s.confidence, h) for s in samples if (h := _hter(s)) is not None]
        if len(pairs) < MIN_CALIBRATION_SAMPLES:
            continue
        if model in known and known[model].samples == len(pairs):
            continue
        fit = fit_calibration(model, [c for c, _ in pairs], [h for _, h in pairs])
        store.save_calibration(model, fit.to_json(), fit.samples)
        known[model] = fit
    return known


def expected_edit(
    calibrations: dict[str, Calibration], model: str | None, confidence: float | None
) -> float | None:
    """The calibrated HTER for an MT of ``model`` at ``confidence`` (None: no fit yet)."""
    if model is None or confidence is None or model not in calibrations:
        return None
    return calibrations[model].expected_edit(confidence)


def describe_confidence(confidence: float | None, expected: float | None = None) -> str:
    """``confidence 0.31 · expected edit ~45 %`` (empty without a confidence)."""
    if confidence is None:
        return ""
    text = f"confidence {confidence:.2f}"
    if expected is not None:
        text += f" · expected edit ~{round(100 * expected)} %"
    return text
