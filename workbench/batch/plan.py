"""What a batch must translate: for each article and language, the segments without MT, less
exact translation-memory matches (stored at once), cut into waves of whole articles.

The rules are ``workbench translate``'s: translatable (not page chrome, not removed),
non-empty segments that have no MT yet; an exact TM match (an approved translation of the same
sentence in the same context, or an imported TMX pair) is used instead of MT with origin
``tm``; fuzzy matches are stored beside the MT.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.batch.model import WAVE_SEGMENTS, Part, Wave
from workbench.store import MTWrite, Row

if TYPE_CHECKING:
    from workbench.store import Store
    from workbench.tm import TMIndex


@dataclass(slots=True)
class Plan:
    waves: list[Wave] = field(default_factory=list)
    parts_per_article: dict[str, int] = field(default_factory=dict)
    from_memory: int = 0
    already_done: int = 0

    @property
    def segments(self) -> int:
        return sum(wave.segments for wave in self.waves)


def _split(
    store: Store, slug: str, lang: str, memory: TMIndex
) -> tuple[list[MTWrite], list[tuple[Row, tuple[dict[str, Any], ...]]], int]:
    """An article's segments to do in ``lang``: exact TM writes, rows for the machine (with
    their fuzzy matches), and how many already have MT."""
    live = store.rows(slug, lang)
    rows = [r for r in live if r.segment.translatable and r.segment.source.strip()]
    todo = [r for r in rows if r.translation is None or r.translation.mt is None]
    from workbench.project.translating import split_by_memory

    from_tm, to_mt = split_by_memory(memory, slug, todo, live)
    return from_tm, to_mt, len(rows) - len(todo)


def _parts(
    slug: str, lang: str, to_mt: Sequence[tuple[Row, tuple[dict[str, Any], ...]]], size: int
) -> list[Part]:
    """An article's segments as parts of at most ``size`` (a huge article spans waves)."""
    return [
        Part(
            slug,
            lang,
            tuple(r.segment.id for r, _ in to_mt[start : start + size]),
            tuple(r.segment.source for r, _ in to_mt[start : start + size]),
            tuple(m for _, m in to_mt[start : start + size]),
        )
        for start in range(0, len(to_mt), size)
    ]


def _waves(lang: str, parts: Iterable[Part], size: int) -> list[Wave]:
    """Consecutive parts gathered into waves of about ``size`` segments."""
    waves: list[Wave] = []
    current: list[Part] = []
    count = 0
    for part in parts:
        if current and count + len(part) > size:
            waves.append(Wave(lang, tuple(current)))
            current, count = [], 0
        current.append(part)
        count += len(part)
    if current:
        waves.append(Wave(lang, tuple(current)))
    return waves


def plan_batch(
    store: Store,
    slugs: Sequence[str],
    langs: Sequence[str],
    *,
    wave_segments: int = WAVE_SEGMENTS,
    tick: Callable[[], None] | None = None,
) -> Plan:
    """Plan every article x language; exact TM matches are stored here (one transaction per
    article and language). ``tick`` is called after each article."""
    from workbench.tm import TMIndex
    from workbench.tm_imported import memory_entries

    plan = Plan()
    memories = {lang: TMIndex(memory_entries(store, lang)) for lang in langs}
    parts: dict[str, list[Part]] = {lang: [] for lang in langs}
    for slug in slugs:
        plan.parts_per_article[slug] = 0
        for lang in langs:
            from_tm, to_mt, done = _split(store, slug, lang, memories[lang])
            if from_tm:
                store.store_mt(slug, lang, from_tm)
            plan.from_memory += len(from_tm)
            plan.already_done += done
            article_parts = _parts(slug, lang, to_mt, wave_segments)
            parts[lang].extend(article_parts)
            plan.parts_per_article[slug] += len(article_parts)
        if tick is not None:
            tick()
    # Languages interleaved wave by wave, so articles finish (all languages) as the batch goes.
    per_lang = [_waves(lang, parts[lang], wave_segments) for lang in langs]
    for index in range(max((len(w) for w in per_lang), default=0)):
        plan.waves.extend(waves[index] for waves in per_lang if index < len(waves))
    return plan
