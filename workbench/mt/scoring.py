"""A package's confidence in translations it did not write (forced decoding).

``score_batch`` gives the log-probability of every token of a given target under the model;
:func:`score_translations` turns it into the same confidence as
:attr:`workbench.mt.translate.MTResult.confidence` (geometric-mean token probability, ``</s>``
included): how much the model believes in a reviewer's edit, a translation-memory match, or a
deliberately damaged copy (``benchmarks/decoding_bench.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from workbench.errors import PackageError
from workbench.mt import loaded
from workbench.mt.batching import batch_tokens
from workbench.mt.confidence import leg_confidence
from workbench.mt.options import DecodeOptions

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage


def score_translations(
    sources: Sequence[str],
    targets: Sequence[str],
    package: InstalledPackage,
    options: DecodeOptions | None = None,
) -> list[float]:
    """The package's confidence in each (source, target) pair, in input order."""
    if len(sources) != len(targets):
        raise ValueError("one target per source")
    if not sources:
        return []
    options = options or DecodeOptions()
    codec = loaded.codec(package)
    translator = loaded.translator(package, options)
    source_tokens = [codec.encode(text) for text in sources]
    prefix = [package.target_prefix] if package.target_prefix else []
    target_tokens = [prefix + codec.encode_target(text) for text in targets]
    try:
        results = translator.score_batch(
            source_tokens,
            target_tokens,
            max_batch_size=batch_tokens(sum(map(len, source_tokens)), options),
            batch_type="tokens",
            max_input_length=0,
            offset=len(prefix),
        )
    except RuntimeError as error:
        raise PackageError(f"package {package.label} could not score ({error})") from error
    return [leg_confidence(sum(r.log_probs), len(r.log_probs)) for r in results]
