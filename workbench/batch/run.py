"""The batch use case: import a folder of French articles (or take every article of the
workspace), machine-translate every segment that needs it, write the results idempotently.

Writes: each part of a returned wave (one article, one language) is one ``store_mt`` call, one
transaction. Just before it, the article's rows are read again and segments that got MT
meanwhile (an earlier, killed run; ``workbench translate``) or were removed are left out, so a
re-run never redoes or duplicates finished work; ``store_mt`` itself re-checks each segment's
status inside its transaction and never replaces an edited or approved target, so a reviewer
approving while the batch runs keeps the approval. A wave the package cannot translate is
split in two until the segment at fault is found; it is reported, the rest is written.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.batch.model import (
    WAVE_SEGMENTS,
    BatchProgress,
    BatchReport,
    Outcome,
    Part,
    Skipped,
    Wave,
)
from workbench.errors import InputError
from workbench.store import open_store

if TYPE_CHECKING:
    from workbench.batch.plan import Plan
    from workbench.mt.options import DecodeOptions
    from workbench.mt.packages import InstalledPackage
    from workbench.mt.routes import Route
    from workbench.mt.translate import MTResult
    from workbench.store import Store

ProgressFn = Callable[[BatchProgress], None]


@dataclass(slots=True)
class _Tally:
    """What the batch did so far (the report's counters) and its progress."""

    started: float
    progress: ProgressFn | None
    articles_total: int = 0
    articles_done: int = 0
    segments_total: int = 0
    segments_done: int = 0
    translate_started: float = 0.0
    translate_ended: float | None = None
    translated: int = 0
    already_done: int = 0
    distinct: int = 0
    source_tokens: int = 0
    target_tokens: int = 0
    imported: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    left: dict[str, int] = field(default_factory=dict)  # segments to write, per article

    def plan(self, slugs: list[str], plan: Plan) -> None:
        """Count what ``plan`` leaves to do (articles with nothing to translate are done)."""
        self.articles_total = len(slugs)
        self.articles_done = sum(1 for n in plan.parts_per_article.values() if n == 0)
        self.left = dict.fromkeys(slugs, 0)
        for wave in plan.waves:
            for part in wave.parts:
                self.left[part.slug] += len(part)
        self.segments_total = plan.segments
        self.already_done = plan.already_done

    def emit(self, phase: str) -> None:
        if self.progress is None:
            return
        since = self.translate_started if phase != "import" else self.started
        until = self.translate_ended if self.translate_ended is not None else time.perf_counter()
        self.progress(
            BatchProgress(
                phase,
                self.articles_done,
                self.articles_total,
                self.segments_done,
                self.segments_total,
                until - since,
            )
        )


def _routes(langs: Sequence[str], packages: Sequence[InstalledPackage] | None) -> dict[str, Route]:
    from workbench.lang import check_lang
    from workbench.mt.routes import find_route

    if not langs:
        raise InputError("no target language: give --to en,vi")
    return {check_lang(lang): find_route("fr", lang, packages) for lang in langs}


def _articles(store: Store, folder: Path | None, files: list[Path], tally: _Tally) -> list[str]:
    """Import the folder (or list the workspace): the slugs to translate."""
    from workbench.batch.sources import Imported, import_files

    if folder is None:
        slugs = [article.slug for article in store.articles()]
        if not slugs:
            raise InputError(f"no article in the workspace {store.location}: import some first")
        return slugs
    tally.articles_total = len(files)
    slugs = []
    for _path, outcome in import_files(store, folder, files):
        if isinstance(outcome, Imported):
            slugs.append(outcome.slug)
            tally.imported += outcome.changed
            tally.unchanged += not outcome.changed
        else:
            tally.skipped.append(outcome)
        tally.articles_done += 1
        tally.emit("import")
    return slugs


def _write_part(
    store: Store, part: Part, results: dict[str, MTResult], origin: str, tally: _Tally
) -> None:
    """One article's results in one language: one transaction, skipping what has MT now."""
    from workbench.project.translating import mt_write

    rows = {r.segment.id: r for r in store.rows(part.slug, part.lang)}
    writes = []
    for segment_id, source, matches in zip(
        part.segment_ids, part.sources, part.matches, strict=True
    ):
        row = rows.get(segment_id)
        if row is None or not row.segment.translatable or row.segment.source != source:
            continue  # removed or changed by a re-import meanwhile: the next run sees it
        if row.translation is not None and row.translation.mt is not None:
            tally.already_done += 1
            continue
        result = results[source]
        writes.append(mt_write(segment_id, result, origin=origin, matches=matches))
    if writes:
        store.store_mt(part.slug, part.lang, writes)
    tally.translated += len(writes)


def _finish_part(part: Part, tally: _Tally) -> None:
    tally.segments_done += len(part)
    tally.left[part.slug] -= len(part)
    if tally.left[part.slug] == 0:
        tally.articles_done += 1


def _take(
    store: Store,
    outcome: Outcome,
    queue: deque[Wave],
    origins: dict[str, str],
    tally: _Tally,
) -> None:
    """Write a wave's results, or split a failed wave (or report its one segment)."""
    wave = outcome.wave
    if outcome.results is None:
        halves = wave.halves() if outcome.split else None
        if halves is not None:
            queue.extendleft(reversed(halves))
            return
        for part in wave.parts:
            what = f"segment {part.segment_ids[0]}" if outcome.split else f"{len(part)} segments"
            tally.skipped.append(
                Skipped(
                    part.slug,
                    f"{what} could not be translated into {wave.lang}: {outcome.error}",
                )
            )
            _finish_part(part, tally)
        return
    results = dict(zip(wave.texts, outcome.results, strict=True))
    tally.distinct += len(wave.texts)
    tally.source_tokens += sum(r.source_tokens for r in outcome.results)
    tally.target_tokens += sum(r.target_tokens for r in outcome.results)
    for part in wave.parts:
        _write_part(store, part, results, origins[wave.lang], tally)
        _finish_part(part, tally)


@dataclass(frozen=True, slots=True)
class _Engine:
    name: str
    run: Callable[[deque[Wave]], Iterator[Outcome]]
    load_seconds: tuple[float, ...] = ()


def _translate(
    store: Store,
    plan_waves: list[Wave],
    routes: dict[str, Route],
    engine: _Engine,
    tally: _Tally,
) -> None:
    from workbench.project import DEMO_ORIGIN

    origins = {lang: DEMO_ORIGIN if r.generated else "mt" for lang, r in routes.items()}
    queue = deque(plan_waves)
    tally.translate_started = time.perf_counter()
    tally.emit("translate")
    for outcome in engine.run(queue):
        _take(store, outcome, queue, origins, tally)
        tally.emit("translate")
    tally.translate_ended = time.perf_counter()


def batch(
    folder: str | os.PathLike[str] | None,
    langs: Sequence[str],
    *,
    workspace: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    ray: str | None = None,
    progress: ProgressFn | None = None,
    options: DecodeOptions | None = None,
    packages: Sequence[InstalledPackage] | None = None,
    wave_segments: int = WAVE_SEGMENTS,
) -> BatchReport:
    """Import every French ``.txt`` article of ``folder`` (None: take every article of the
    workspace) and machine-translate into ``langs`` every segment without MT.

    ``ray``: None translates in this process (``workers`` CTranslate2 threads); ``"auto"``
    starts a local Ray, any other value is a cluster address (``ray://head:10001``); then
    ``workers`` is the number of actors. Bad articles are reported in the report's
    ``skipped`` and the batch goes on; errors that stop everything (no model, no Ray, no
    folder) raise a WorkbenchError before anything is written."""
    from workbench.batch.plan import plan_batch
    from workbench.batch.sources import find_files
    from workbench.mt.options import DecodeOptions

    started = time.perf_counter()
    routes = _routes(langs, packages)
    if ray is not None:
        from workbench.batch.cluster import import_ray

        import_ray()  # one line saying how to install it, before any work
    base = options or DecodeOptions()
    if workers is not None and ray is None:
        base = replace(base, inter_threads=workers)
    tally = _Tally(started, progress)
    source = Path(folder) if folder is not None else None
    files = find_files(source) if source is not None else []  # before anything is written
    with open_store(workspace, create=source is not None) as store:
        slugs = _articles(store, source, files, tally)
        plan = plan_batch(store, slugs, list(routes), wave_segments=wave_segments)
        tally.plan(slugs, plan)
        with _engine(ray, routes, base, workers, idle=not plan.waves) as engine:
            _translate(store, plan.waves, routes, engine, tally)
        tally.emit("done")
    return _report(engine, routes, slugs, plan, tally)


def _report(
    engine: _Engine, routes: dict[str, Route], slugs: list[str], plan: Plan, tally: _Tally
) -> BatchReport:
    return BatchReport(
        engine=engine.name,
        langs=tuple(routes),
        routes=tuple(_describe(r) for r in routes.values()),
        imported=tally.imported,
        unchanged=tally.unchanged,
        articles=len(slugs),
        translated=tally.translated,
        distinct_texts=tally.distinct,
        from_memory=plan.from_memory,
        already_done=tally.already_done,
        skipped=tuple(tally.skipped),
        seconds=time.perf_counter() - tally.started,
        translate_seconds=(tally.translate_ended or tally.translate_started)
        - tally.translate_started,
        source_tokens=tally.source_tokens,
        target_tokens=tally.target_tokens,
        generated_models=any(r.generated for r in routes.values()),
        model_load_seconds=engine.load_seconds,
    )


def _describe(route: Route) -> str:
    from workbench.project import describe_route

    return describe_route(route)


@contextmanager
def _engine(
    ray: str | None,
    routes: dict[str, Route],
    options: DecodeOptions,
    workers: int | None,
    *,
    idle: bool,
) -> Iterator[_Engine]:
    """In-process, or a pool of actors on Ray (connected for the batch's time); nothing at
    all when there is nothing to translate."""
    if idle:
        yield _Engine("nothing to translate", lambda queue: iter(()))
        return
    if ray is None:
        from workbench.batch.local import run_local

        yield _Engine("in-process", lambda queue: run_local(queue, routes, options))
        return
    from workbench.batch.cluster import RayPool, connect

    with connect(ray) as module:
        pool = RayPool(module, routes, options, workers, ray)
        yield _Engine(pool.engine, pool.run, pool.load_seconds)
