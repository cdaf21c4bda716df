"""The embedded engine: waves translated one after the other in this process, with the same
batched CTranslate2 path as ``workbench translate`` (``inter_threads`` workers, one core each)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from workbench.batch.model import Outcome, Wave
from workbench.errors import PackageError

if TYPE_CHECKING:
    from workbench.mt.options import DecodeOptions
    from workbench.mt.routes import Route


def run_local(
    queue: deque[Wave], routes: Mapping[str, Route], options: DecodeOptions
) -> Iterator[Outcome]:
    """Translate the waves of ``queue`` (the caller may add waves while iterating)."""
    from workbench.mt.translate import translate_texts

    while queue:
        wave = queue.popleft()
        try:
            results = translate_texts(wave.texts, routes[wave.lang], options)
        except PackageError as error:  # e.g. a sentence longer than the model's positions
            yield Outcome(wave, None, str(error))
            continue
        yield Outcome(wave, tuple(results))
