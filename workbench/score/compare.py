"""sacreBLEU's paired bootstrap test between two hypotheses, and its verdict in words.

``paired_bootstrap`` runs ``sacrebleu.significance.PairedTest`` (``bs``) and returns plain
JSON-ready numbers; ``verdicts`` says which system is better on each metric and whether the
difference is significant at :data:`SIGNIFICANCE` (sacreBLEU marks p < 0.05 with "*").
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

from workbench.errors import InputError
from workbench.score.metrics import METRICS, SOURCE_LANG, check_names, nfc

#: p-values below this are significant, as sacreBLEU's own report assumes.
SIGNIFICANCE = 0.05
#: Metrics where a lower score is better.
LOWER_IS_BETTER = frozenset({"ter", "hter"})


def _p_value(baseline: float, system: float, p_value: float) -> float:
    # sacreBLEU counts resampled differences strictly greater than the observed one, so two
    # systems with exactly the same score get p = 1/(n+1), as if significant. With no observed
    # difference, every resample is at least as extreme: p = 1.
    return 1.0 if baseline == system else float(p_value)


def _result_json(result: Any) -> dict[str, float | None]:
    # sacreBLEU's Result holds numpy scalars; JSON wants plain floats
    return {
        field: None if (value := getattr(result, field)) is None else float(value)
        for field in ("score", "mean", "ci")
    }


@contextlib.contextmanager
def _sacrebleu_seed(seed: int | None) -> Iterator[None]:
    # sacreBLEU's PairedTest reads its RNG seed from SACREBLEU_SEED (when it is built),
    # not from an argument; set it for that moment only. Not thread-safe.
    previous = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = "None" if seed is None else str(seed)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = previous


def _check_arguments(
    refs: Sequence[str],
    hyps_a: Sequence[str],
    hyps_b: Sequence[str],
    metrics: Sequence[str],
    n_samples: int,
    seed: int | None,
) -> None:
    check_names(metrics)
    if not (len(refs) == len(hyps_a) == len(hyps_b)):
        raise ValueError(
            f"{len(refs)} references, {len(hyps_a)} baseline and {len(hyps_b)} system segments"
        )
    if not refs:
        raise InputError("nothing to compare: there are no segment pairs")
    if n_samples < 1:
        raise ValueError("n_samples must be at least 1")
    if seed == 0:
        raise ValueError("seed 0 means 'unseeded' to sacreBLEU: use a positive seed or None")


def paired_bootstrap(
    refs: Sequence[str],
    hyps_a: Sequence[str],
    hyps_b: Sequence[str],
    metrics: Sequence[str] = ("bleu", "chrf"),
    *,
    n_samples: int = 1000,
    seed: int | None = 12345,
    lang: str | None = None,
) -> dict[str, Any]:
    """sacreBLEU's paired bootstrap resampling test: is system B different from baseline A?

    Returns, per metric, both scores, their bootstrap mean and 95% confidence half-width,
    and the p-value of the difference (small: the difference is unlikely to be chance;
    1 when both systems score the same).
    ``seed=None`` draws fresh randomness; sacreBLEU treats 0 as "unseeded", so it is refused.
    """
    from sacrebleu.significance import PairedTest

    _check_arguments(refs, hyps_a, hyps_b, metrics, n_samples, seed)
    refs, hyps_a, hyps_b = nfc(refs), nfc(hyps_a), nfc(hyps_b)
    objects = {name: METRICS[name](lang) for name in metrics}
    with _sacrebleu_seed(seed):
        test = PairedTest(
            [("baseline", hyps_a), ("system", hyps_b)],
            objects,
            references=[refs],
            test_type="bs",
            n_samples=n_samples,
        )
    signatures, results = test()
    # PairedTest keys its results by sacreBLEU's metric names ("BLEU", "chrF2", "TER"),
    # in the order of the metrics it was given.
    out: dict[str, Any] = {}
    for name, label in zip(metrics, list(test.metrics), strict=True):
        baseline: Any
        system: Any
        baseline, system = results[label]  # Result objects (typed as str | Result)
        signature = signatures[label]
        if lang:
            signature.update("lang", f"{SOURCE_LANG}-{lang}")
        out[name] = {
            "label": label,
            "signature": signature.format(),
            "baseline": _result_json(baseline),
            "system": _result_json(system),
            "delta": float(system.score - baseline.score),
            "p_value": _p_value(baseline.score, system.score, system.p_value),
        }
    return {
        "test": "paired bootstrap resampling (sacreBLEU)",
        "n_samples": n_samples,
        "seed": seed,
        "count": len(refs),
        "lang": lang,
        "metrics": out,
    }


def _number(value: float) -> str:
    if value < 0.005:
        return "less than 0.01"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _p_text(p_value: float) -> str:
    return f"p = {p_value:.4f}".rstrip("0").rstrip(".") if p_value >= 0.0001 else "p < 0.0001"


def verdicts(result: dict[str, Any], name_a: str, name_b: str) -> list[str]:
    """One sentence per metric of a :func:`paired_bootstrap` result: which of the baseline
    (``name_a``) and the system (``name_b``) is better, by how much, and whether the
    difference is significant, e.g. "B is better than A on BLEU by 2.3 (p = 0.01,
    significant)". Lower is better for TER."""
    out = []
    for name, metric in result["metrics"].items():
        label = metric["label"]
        delta = float(metric["delta"])
        p_value = float(metric["p_value"])
        if delta == 0:
            out.append(f"{name_a} and {name_b} score the same on {label} ({_p_text(p_value)})")
            continue
        b_better = (delta < 0) if name.lower() in LOWER_IS_BETTER else (delta > 0)
        better, worse = (name_b, name_a) if b_better else (name_a, name_b)
        significant = "significant" if p_value < SIGNIFICANCE else "not significant"
        out.append(
            f"{better} is better than {worse} on {label} by {_number(abs(delta))} "
            f"({_p_text(p_value)}, {significant} at {SIGNIFICANCE:g})"
        )
    return out
