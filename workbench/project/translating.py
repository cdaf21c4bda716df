"""Use cases: machine-translate an article (translation memory first, then MT), or one segment.

An exact TM match (an approved translation of the same sentence anywhere in the workspace) is
used instead of MT, with origin ``tm``; fuzzy matches (>= 75 %) are stored beside the MT.
Segments that already have MT are skipped unless ``force``; edited and approved targets are
never overwritten (the store's rule). Each chunk of segments is translated in one sorted,
token-batched pass and stored in one transaction, so a killed run keeps every finished chunk.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.errors import InputError
from workbench.store import MTWrite, Row, Store, Translation, open_store

if TYPE_CHECKING:
    from workbench.mt.options import DecodeOptions
    from workbench.mt.packages import InstalledPackage
    from workbench.mt.routes import Route
    from workbench.mt.translate import MTResult
    from workbench.tm import TMIndex

#: The origin of machine output from a generated (random-weight) demo or test package.
DEMO_ORIGIN = "mt-demo"

#: Segments stored per transaction while translating: each chunk is still translated in
#: one sorted, token-batched pass, and a killed run keeps every finished chunk.
TRANSLATE_CHUNK = 256


@dataclass(frozen=True, slots=True)
class TranslateReport:
    lang: str
    route: str  # e.g. "fr→en→vi (fr_en@1.9 > en_vi@1.9)"
    translated: int  # by the machine
    from_memory: int  # exact translation-memory matches used instead of MT
    skipped_done: int  # already had MT (use --force to redo)
    kept_targets: int  # edited or approved targets left untouched
    seconds: float
    source_tokens: int
    target_tokens: int
    generated_models: bool
    #: What the reviewer must know about some MTs (input cut between words for the model, an
    #: output stopped at the decoding limit or decoded again after a loop): "segment N (id): …".
    #: Each MT's own notes are stored with it (``Translation.mt_notes``).
    notes: tuple[str, ...] = ()


ProgressFn = Callable[[str, int, int], None]
#: A row to machine-translate and the fuzzy TM matches stored beside its MT.
_Pending = tuple[Row, tuple[dict[str, Any], ...]]


def describe_route(route: Route) -> str:
    """``fr→en→vi (translate-fr_en@1.9 > translate-en_vi@1.9)``."""
    codes = [route.steps[0].from_code, *(step.to_code for step in route.steps)]
    return "→".join(codes) + " (" + " > ".join(step.label for step in route.steps) + ")"


def decode_options(
    beam: int = 4, alternatives: int = 2, threads: int | None = None
) -> DecodeOptions:
    """Decoding settings from what a user chooses: ``alternatives`` n-best hypotheses besides
    the output (at most ``beam - 1``), ``threads`` parallel workers (default: the machine's)."""
    from workbench.mt.options import DecodeOptions

    hypotheses = min(alternatives + 1, beam)
    if threads:
        return DecodeOptions(beam_size=beam, num_hypotheses=hypotheses, inter_threads=threads)
    return DecodeOptions(beam_size=beam, num_hypotheses=hypotheses)


def _offset_progress(
    progress: ProgressFn | None, lang: str, base: int, total: int
) -> Callable[[int, int], None] | None:
    """Turn a chunk's (done, chunk_total) callback into the article's (lang, done, total)."""
    if progress is None:
        return None
    return lambda n, _chunk_total: progress(lang, base + n, total)


def neighbours(live: Sequence[Row]) -> dict[str, tuple[str | None, str | None]]:
    """Each segment's previous and next source (for in-context TM matches)."""
    return {
        r.segment.id: (
            live[i - 1].segment.source if i > 0 else None,
            live[i + 1].segment.source if i + 1 < len(live) else None,
        )
        for i, r in enumerate(live)
    }


def split_by_memory(
    memory: TMIndex, slug: str, todo: Sequence[Row], live: Sequence[Row]
) -> tuple[list[MTWrite], list[_Pending]]:
    """Split ``todo`` into exact TM matches (ready to store) and rows for the machine."""
    around = neighbours(live)
    from_tm: list[MTWrite] = []
    to_mt: list[_Pending] = []
    for r in todo:
        key = (slug, r.segment.id)
        prev, nxt = around[r.segment.id]
        hit = memory.exact(r.segment.source, prev=prev, next=nxt, exclude=key)
        if hit is not None:
            model = f"tm:{hit.slug}/{hit.segment_id}"  # where the approved text came from
            from_tm.append(
                MTWrite(r.segment.id, hit.target, model, origin="tm", matches=(hit.to_json(),))
            )
        else:
            fuzzy = memory.fuzzy(r.segment.source, exclude=key)
            to_mt.append((r, tuple(m.to_json() for m in fuzzy)))
    return from_tm, to_mt


def mt_write(
    segment_id: str, result: MTResult, *, origin: str, matches: tuple[dict[str, Any], ...] = ()
) -> MTWrite:
    """What the store keeps of one machine translation (with its fuzzy TM matches)."""
    return MTWrite(
        segment_id,
        result.text,
        result.model,
        result.pivot,
        result.alternatives,
        origin=origin,
        matches=matches,
        confidence=result.confidence,
        notes=result.notes,
    )


@dataclass(slots=True)
class _Tokens:
    source: int = 0
    target: int = 0
    notes: list[str] = field(default_factory=list)


def _machine_translate(
    store: Store,
    slug: str,
    lang: str,
    route: Route,
    to_mt: Sequence[_Pending],
    *,
    done: int,
    total: int,
    options: DecodeOptions | None,
    progress: ProgressFn | None,
) -> _Tokens:
    """Translate ``to_mt`` chunk by chunk, storing each chunk in one transaction."""
    from workbench.mt.translate import translate_texts

    origin = DEMO_ORIGIN if route.generated else "mt"
    tokens = _Tokens()
    for start in range(0, len(to_mt), TRANSLATE_CHUNK):
        chunk = to_mt[start : start + TRANSLATE_CHUNK]
        step = _offset_progress(progress, lang, done, total)
        results = translate_texts([r.segment.source for r, _ in chunk], route, options, step)
        writes = [
            mt_write(r.segment.id, res, origin=origin, matches=matches)
            for (r, matches), res in zip(chunk, results, strict=True)
        ]
        store.store_mt(slug, lang, writes)
        done += len(chunk)
        tokens.source += sum(res.source_tokens for res in results)
        tokens.target += sum(res.target_tokens for res in results)
        tokens.notes += [
            f"segment {r.segment.position} ({r.segment.id}): {note}"
            for (r, _), res in zip(chunk, results, strict=True)
            for note in res.notes
        ]
        if progress:
            progress(lang, done, total)
    return tokens


def _translate_one_language(
    store: Store,
    slug: str,
    lang: str,
    route: Route,
    *,
    force: bool,
    options: DecodeOptions | None,
    progress: ProgressFn | None,
    segment_ids: Collection[str] | None,
) -> TranslateReport:
    from workbench.tm import TMIndex
    from workbench.tm_imported import memory_entries

    live = store.rows(slug, lang)
    rows = [
        r
        for r in live
        if r.segment.translatable
        and r.segment.source.strip()
        and (segment_ids is None or r.segment.id in segment_ids)
    ]
    todo = [r for r in rows if force or r.translation is None or r.translation.mt is None]
    kept = sum(1 for r in todo if r.status in ("edited", "approved"))
    started = time.perf_counter()
    memory = TMIndex(memory_entries(store, lang))  # approved segments + imported TMX
    from_tm, to_mt = split_by_memory(memory, slug, todo, live)
    if from_tm:
        store.store_mt(slug, lang, from_tm)
    if progress:
        progress(lang, len(from_tm), len(todo))
    tokens = _machine_translate(
        store,
        slug,
        lang,
        route,
        to_mt,
        done=len(from_tm),
        total=len(todo),
        options=options,
        progress=progress,
    )
    return TranslateReport(
        lang=lang,
        route=describe_route(route),
        translated=len(to_mt),
        from_memory=len(from_tm),
        skipped_done=len(rows) - len(todo),
        kept_targets=kept,
        seconds=time.perf_counter() - started,
        source_tokens=tokens.source,
        target_tokens=tokens.target,
        generated_models=route.generated,
        notes=tuple(tokens.notes),
    )


def translate_article(
    store: Store,
    slug: str,
    langs: Sequence[str],
    *,
    force: bool = False,
    options: DecodeOptions | None = None,
    progress: ProgressFn | None = None,
    segment_ids: Collection[str] | None = None,
    packages: Sequence[InstalledPackage] | None = None,
) -> list[TranslateReport]:
    """Translate an article's translatable segments into each language and store the MT,
    model, English pivot, alternatives and translation-memory matches (see the module
    docstring). Every language's route is found before any work starts."""
    from workbench.mt.routes import find_route

    routes = {lang: find_route("fr", lang, packages) for lang in langs}  # fail before any work
    return [
        _translate_one_language(
            store,
            slug,
            lang,
            route,
            force=force,
            options=options,
            progress=progress,
            segment_ids=segment_ids,
        )
        for lang, route in routes.items()
    ]


def translate_in_workspace(
    workspace: str | os.PathLike[str] | None,
    slug: str,
    langs: Sequence[str],
    *,
    force: bool = False,
    options: DecodeOptions | None = None,
    progress: ProgressFn | None = None,
) -> list[TranslateReport]:
    """:func:`translate_article` in the workspace's store; an unknown article fails before
    any model is loaded."""
    with open_store(workspace) as store:
        store.article(slug)
        return translate_article(
            store, slug, langs, force=force, options=options, progress=progress
        )


def retranslate_segment(
    store: Store, slug: str, segment_id: str, lang: str, *, options: DecodeOptions | None = None
) -> TranslateReport:
    """Machine-translate one segment again (its MT and alternatives; the target only while
    the segment is not edited or approved)."""
    return translate_article(
        store, slug, [lang], force=True, options=options, segment_ids={segment_id}
    )[0]


def retranslate_from_pivot(
    store: Store,
    slug: str,
    segment_id: str,
    lang: str,
    english: str,
    *,
    reviewer: str | None = None,
    options: DecodeOptions | None = None,
    packages: Sequence[InstalledPackage] | None = None,
    expected_version: int | None = None,
) -> Translation:
    """The reviewer corrected the English pivot: store it, then translate it into ``lang``
    with the pivot route's second step only. The new MT replaces the target unless the
    reviewer already edited or approved it (then it is offered as the MT to compare).
    ``expected_version`` (the version the reviewer saw) makes a pivot changed meanwhile by
    someone else a ConflictError."""
    from workbench.mt.routes import find_route
    from workbench.mt.translate import retranslate_from_pivot as translate_pivot

    route = find_route("fr", lang, packages)
    if route.pivot is None:
        raise InputError(f"{lang} is translated directly from French here: there is no pivot")
    store.set_pivot(
        slug, segment_id, lang, english, expected_version=expected_version, reviewer=reviewer
    )
    result = translate_pivot([english], route, options)[0]
    store.store_mt(
        slug,
        lang,
        [
            MTWrite(
                segment_id,
                result.text,
                result.model,
                english,
                result.alternatives,
                confidence=result.confidence,
                notes=result.notes,
            )
        ],
        reviewer=reviewer,
    )
    translation = store.row(slug, segment_id, lang).translation
    if translation is None:  # store_mt just wrote it: only a bug gets here
        raise RuntimeError(f"segment {segment_id} has no {lang} translation after store_mt")
    return translation
