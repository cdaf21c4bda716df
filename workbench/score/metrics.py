"""The metric registry: sacreBLEU's BLEU, chrF and TER objects as workbench configures them,
their signatures, and the settings text that identifies their per-segment statistics.

sacrebleu is imported inside the factories, so importing this module stays cheap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

SOURCE_LANG = "fr"

# BLEU tokenization: "13a" (mteval-v13a, sacreBLEU's default) for English and for Vietnamese,
# whose syllables are already separated by spaces, so 13a splits them correctly; chrF is
# reported beside BLEU because it is less sensitive to tokenization. The usual multilingual
# choice, "flores200", downloads its SentencePiece model on first use and fails offline,
# so it is never picked here. "zh" is built into sacreBLEU and needs no download.
_BLEU_TOKENIZE: dict[str, str] = {"zh": "zh"}
_DEFAULT_BLEU_TOKENIZE = "13a"

MetricFactory = Callable[..., "Metric"]


def _bleu(lang: str | None = None, *, sentence: bool = False) -> Metric:
    from sacrebleu.metrics import BLEU

    return BLEU(
        tokenize=_BLEU_TOKENIZE.get(lang or "", _DEFAULT_BLEU_TOKENIZE),
        trg_lang=lang or "",
        # sentence-level BLEU needs effective order, as sacreBLEU's own --sentence-level
        effective_order=sentence,
    )


def _chrf(lang: str | None = None, *, sentence: bool = False) -> Metric:
    from sacrebleu.metrics import CHRF

    return CHRF()  # chrF2: character order 6, word order 0, beta 2


def _ter(lang: str | None = None, *, sentence: bool = False) -> Metric:
    from sacrebleu.metrics import TER

    return TER()


#: name -> factory(lang, *, sentence=False) returning a configured sacreBLEU metric object.
#: The keys feed the CLI's ``--metrics`` choices.
METRICS: dict[str, MetricFactory] = {"bleu": _bleu, "chrf": _chrf, "ter": _ter}


def signature(metric: Metric, lang: str | None) -> Any:
    """sacreBLEU's signature of an evaluated metric, with ``lang:fr-<lang>`` when known."""
    found = metric.get_signature()
    if lang:
        found.update("lang", f"{SOURCE_LANG}-{lang}")
    return found


#: Attributes that change as a metric object is used, not how it computes statistics.
_VOLATILE = frozenset({"num_refs", "n_bootstrap", "seed", "_ref_cache"})


def statistics_settings(metric: Metric) -> str:
    """Everything that decides a metric's per-segment statistics, as text: the class, the
    sacreBLEU version, the metric's reproducibility signature (tokenizer, case, smoothing,
    ...) and every plain setting of the object (n-gram orders, beta, ...). Two metric objects
    with the same text compute the same statistics for the same (hypothesis, reference);
    a different sacreBLEU version or setting gives another text."""
    from sacrebleu import __version__

    kind = type(metric)
    # the signature needs the reference count; every workbench corpus has one per segment
    described = kind._SIGNATURE_TYPE({**vars(metric), "num_refs": 1}).format()
    plain = sorted(
        f"{name}={value!r}"
        for name, value in vars(metric).items()
        if name not in _VOLATILE and (value is None or isinstance(value, str | int | float))
    )
    return "|".join(
        [f"{kind.__module__}.{kind.__qualname__}", f"sacrebleu:{__version__}", described, *plain]
    )


def nfc(texts: Sequence[str]) -> list[str]:
    """NFD and NFC Vietnamese look the same but share no characters; compare like with like."""
    return [unicodedata.normalize("NFC", t) for t in texts]


def check_names(metrics: Sequence[str]) -> None:
    if isinstance(metrics, str):
        raise TypeError("metrics must be a sequence of names, not a string")
    unknown = [m for m in metrics if m not in METRICS]
    if unknown or not metrics:
        raise ValueError(f"unknown metrics {unknown}: choose among {sorted(METRICS)}")
