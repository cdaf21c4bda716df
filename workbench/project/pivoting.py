"""Use cases: the English pivot of a language reached through English (fr→en→vi) and the
article's English target, linked both ways.

* :func:`english_from_pivot` — the reviewer's (edited) pivot becomes the segment's English
  target: a post-edit by that reviewer, not an approval. An English target a reviewer
  post-edited or approved that says something else is never replaced silently: the answer is
  ``ask`` until the caller confirms (``replace=True``, with the version it asked about).
* :func:`follow_english_approval` — what every approval of an English target leads to (the
  review UI, ``import-po`` of a PO or XLIFF file): for every language of the segment whose MT
  went through English and whose pivot is not that English, the approved English becomes the
  pivot and the language is translated again from it (the second leg only). The new MT
  replaces the target only while it is machine text; a post-edited or approved target is kept
  and flagged: its English (``target_pivot``) now differs from its MT's (``mt_pivot``), which
  the ``pivot`` QA check reports until a reviewer saves or approves the target again. Without
  the English→X package the pivot is still stored, the old MT kept, and one note says why.
  Taking an approval back changes nothing here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.errors import InputError, PackageError
from workbench.store import MTWrite, Store, Translation

if TYPE_CHECKING:
    from workbench.mt.options import DecodeOptions
    from workbench.mt.packages import InstalledPackage

#: The language whose target the pivot is.
ENGLISH = "en"


@dataclass(frozen=True, slots=True)
class EnglishFromPivot:
    """What :func:`english_from_pivot` did: ``written`` (the English target is the pivot
    now), ``same`` (it already was: nothing written) or ``ask`` (a reviewer's English target
    says something else: nothing written until the caller confirms)."""

    outcome: str
    pivot: str
    english: Translation | None  # the English target's row after the call
    #: The version of the English target the question is about (``ask``): pass it back.
    version: int = 0


def english_from_pivot(
    store: Store,
    slug: str,
    segment_id: str,
    lang: str,
    *,
    reviewer: str | None = None,
    replace: bool = False,
    expected_version: int | None = None,
) -> EnglishFromPivot:
    """Write the stored English pivot of ``segment_id`` in ``lang`` as its English target
    (see the module docstring). With ``replace``, a reviewer's different English target is
    replaced; ``expected_version`` (the version the question showed) makes a change made
    since a ConflictError."""
    if lang == ENGLISH:
        raise InputError("the English target has no pivot: switch to a language reached through it")
    t = store.row(slug, segment_id, lang).translation
    if t is None or not t.pivot or not t.pivot.strip():
        raise InputError(f"segment {segment_id} ({lang}) has no English pivot")
    pivot = t.pivot
    en = store.row(slug, segment_id, ENGLISH).translation
    if en is not None and en.target == pivot:
        return EnglishFromPivot("same", pivot, en, en.version)
    if en is not None and en.status in ("edited", "approved") and not replace:
        return EnglishFromPivot("ask", pivot, en, en.version)
    written = store.save_target(
        slug,
        segment_id,
        ENGLISH,
        pivot,
        expected_version=expected_version if replace else (en.version if en else 0),
        reviewer=reviewer,
    )
    return EnglishFromPivot("written", pivot, written, written.version)


@dataclass(frozen=True, slots=True)
class PivotLink:
    """One language of one segment after an English approval: ``translated`` (new MT, the
    target replaced), ``kept`` (new MT; the post-edited or approved target kept and flagged),
    ``pivot-only`` (no English→lang model: the pivot stored, the old MT kept)."""

    segment_id: str
    lang: str
    outcome: str


@dataclass(frozen=True, slots=True)
class LinkReport:
    links: tuple[PivotLink, ...] = ()
    notes: tuple[str, ...] = ()  # one line each (a missing model)

    def summary(self) -> str:
        """One line for a toast or the CLI, "" when nothing was linked."""
        if not self.links:
            return ""
        count = {o: sum(1 for x in self.links if x.outcome == o) for o in _OUTCOMES}
        parts = [f"{n} {_OUTCOMES[o]}" for o, n in count.items() if n]
        langs = ", ".join(sorted({x.lang for x in self.links}))
        line = f"approved English → {langs} pivot: " + ", ".join(parts)
        return "; ".join([line, *self.notes])


_OUTCOMES = {
    "translated": "re-translated",
    "kept": "re-translated, post-edit kept (QA: pivot changed)",
    "pivot-only": "pivot stored, old MT kept",
}


def _translations(store: Store, slug: str, lang: str) -> dict[str, Translation | None]:
    """segment id -> its translation in ``lang``: the article read once (an import can
    approve thousands of English targets; a query a segment took 7 s for 10,000)."""
    return {row.segment.id: row.translation for row in store.rows(slug, lang)}


def _to_link(store: Store, slug: str, segment_ids: Collection[str]) -> dict[str, dict[str, str]]:
    """lang -> {segment id -> approved English} for the languages to translate again."""
    english = _translations(store, slug, ENGLISH)
    approved: dict[str, str] = {}
    for sid in sorted(set(segment_ids)):
        en = english.get(sid)
        if en is not None and en.status == "approved" and en.target.strip():
            approved[sid] = en.target
    if not approved:
        return {}
    langs = [lang for lang in store.status(slug).langs if lang != ENGLISH]
    others = {lang: _translations(store, slug, lang) for lang in langs}
    todo: dict[str, dict[str, str]] = {}
    for sid, target in approved.items():
        for lang in langs:
            t = others[lang].get(sid)
            if t is None or t.pivot is None:  # never reached through English
                continue
            if t.pivot != target or t.mt_pivot != target:
                todo.setdefault(lang, {})[sid] = target
    return todo


def follow_english_approval(
    store: Store,
    slug: str,
    segment_ids: Collection[str],
    *,
    reviewer: str | None = None,
    options: DecodeOptions | None = None,
    packages: Sequence[InstalledPackage] | None = None,
) -> LinkReport:
    """The English targets of ``segment_ids`` that are approved become the pivot of every
    language reached through English, translated again from it (see the module docstring).
    Every face calls this after an approval of English targets; segments whose English is
    not approved, or whose pivot already is that English, are left alone."""
    from workbench.mt.routes import find_route
    from workbench.mt.translate import translate_texts
    from workbench.project.translating import DEMO_ORIGIN

    links: list[PivotLink] = []
    notes: list[str] = []
    for lang, english in _to_link(store, slug, segment_ids).items():
        ids = list(english)
        try:  # a missing or unusable English→lang package
            route = find_route(ENGLISH, lang, packages)
            results = translate_texts([english[sid] for sid in ids], route, options)
        except PackageError as missing:
            for sid, text in english.items():
                store.set_pivot(slug, sid, lang, text, expected_version=None, reviewer=reviewer)
                links.append(PivotLink(sid, lang, "pivot-only"))
            notes.append(f"{lang} not re-translated ({missing})")
            continue
        origin = DEMO_ORIGIN if route.generated else "mt"
        writes = [
            MTWrite(sid, r.text, r.model, english[sid], r.alternatives, origin=origin,
                    confidence=r.confidence, notes=r.notes)
            for sid, r in zip(ids, results, strict=True)
        ]  # fmt: skip
        store.store_mt(slug, lang, writes, reviewer=reviewer)
        after = _translations(store, slug, lang)
        for sid in ids:
            t = after.get(sid)
            kept = t is not None and t.status in ("edited", "approved")
            links.append(PivotLink(sid, lang, "kept" if kept else "translated"))
    return LinkReport(tuple(links), tuple(notes))
