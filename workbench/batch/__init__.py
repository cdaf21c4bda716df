"""Many articles at once: a folder of French articles (or the whole workspace) imported and
machine-translated in one sorted, token-batched pass per model, in this process by default or
on a Ray cluster (``ray="auto"`` or an address), with results written to the store in
idempotent chunks.

* :mod:`~workbench.batch.run` — the use case :func:`batch`: import, plan, translate, write;
* :mod:`~workbench.batch.sources` — the folder's files, slugs, checks (French? readable?);
* :mod:`~workbench.batch.plan` — segments without MT, translation memory, waves;
* :mod:`~workbench.batch.local` — the embedded engine; :mod:`~workbench.batch.cluster` — Ray
  actors; :mod:`~workbench.batch.ship` — packages through Ray's object store;
* :mod:`~workbench.batch.model` — parts, waves, progress, the report.

Importing this package is cheap: Ray, CTranslate2 and the segmenter load when a batch runs.
"""

from __future__ import annotations

from workbench.batch.model import WAVE_SEGMENTS, BatchProgress, BatchReport, Skipped
from workbench.batch.run import batch

__all__ = ["WAVE_SEGMENTS", "BatchProgress", "BatchReport", "Skipped", "batch"]
