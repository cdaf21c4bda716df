"""Use cases shared by the CLI and the TUI: each is one function over the stage modules.

The stage modules (segment, models, translate, store, qa, export, score) do not know
each other; this module wires them together, so ``cli.py`` stays argument parsing only
and the TUI calls exactly what the CLI calls.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError, NotFoundError, WorkbenchError
from workbench.store import (
    ImportReport,
    MTWrite,
    Row,
    Store,
    Translation,
    check_slug,
    open_store,
    slugify,
)

if TYPE_CHECKING:
    from workbench.export import ExportResult
    from workbench.glossary import Glossary
    from workbench.mt.options import DecodeOptions
    from workbench.mt.packages import InstalledPackage
    from workbench.mt.routes import Route
    from workbench.qa import Finding
    from workbench.report.model import Comparison, QualityReport, ScoreBlock, SegmentRow
    from workbench.score import ScoreReport, StatsCache

#: File stems that say nothing about the article: the slug comes from the folder then.
_GENERIC_STEMS = frozenset({"article", "index", "text", "source", "fr", "en", "vi", "input"})


def default_slug(path: Path) -> str:
    """``samples/karabakh/fr.txt`` -> ``karabakh``; ``news/peskov-2024.txt`` -> ``peskov-2024``."""
    stem = path.stem
    if stem.lower() in _GENERIC_STEMS and path.resolve().parent.name:
        stem = path.resolve().parent.name
    return slugify(stem) or "article"


def import_article(
    path: str | os.PathLike[str],
    *,
    slug: str | None = None,
    workspace: str | os.PathLike[str] | None = None,
) -> ImportReport:
    """Read, validate and segment ``path``, then create or update the article in the store.
    Nothing is written when the file is rejected."""
    from workbench.segment import read_article, segment_text, title_of

    file = Path(path)
    chosen = check_slug(slug) if slug is not None else default_slug(file)
    text = read_article(file)
    segments = segment_text(text)
    if all(s.kind == "chrome" for s in segments):
        reasons = ", ".join(sorted({s.reason or "" for s in segments}))
        raise InputError(
            f"{file} holds no French article text: every line is page chrome ({reasons}); "
            "check that this is the article, in French"
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with open_store(workspace, create=True) as store:
        return store.import_article(
            chosen,
            segments,
            title=title_of(segments),
            source_path=str(file.resolve()),
            source_sha256=digest,
        )


# -- machine translation -------------------------------------------------------------

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


ProgressFn = Callable[[str, int, int], None]


def describe_route(route: Route) -> str:
    """``fr→en→vi (translate-fr_en@1.9 > translate-en_vi@1.9)``."""
    codes = [route.steps[0].from_code, *(step.to_code for step in route.steps)]
    return "→".join(codes) + " (" + " > ".join(step.label for step in route.steps) + ")"


def _offset_progress(
    progress: ProgressFn | None, lang: str, base: int, total: int
) -> Callable[[int, int], None] | None:
    """Turn a chunk's (done, chunk_total) callback into the article's (lang, done, total)."""
    if progress is None:
        return None
    return lambda n, _chunk_total: progress(lang, base + n, total)


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
    model, English pivot, alternatives and translation-memory matches.

    An exact TM match (an approved translation of the same sentence anywhere in the
    workspace) is used instead of MT, with origin ``tm``; fuzzy matches (>= 75 %) are
    stored beside the MT. Segments that already have MT are skipped unless ``force``;
    edited and approved targets are never overwritten (the store's rule)."""
    from workbench.mt.routes import find_route
    from workbench.mt.translate import translate_texts
    from workbench.tm import TMIndex
    from workbench.tm_imported import memory_entries

    routes = {lang: find_route("fr", lang, packages) for lang in langs}  # fail before any work
    reports = []
    for lang, route in routes.items():
        live = store.rows(slug, lang)
        neighbours = {
            r.segment.id: (
                live[i - 1].segment.source if i > 0 else None,
                live[i + 1].segment.source if i + 1 < len(live) else None,
            )
            for i, r in enumerate(live)
        }
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
        from_tm: list[MTWrite] = []
        to_mt: list[tuple[Row, tuple[dict[str, object], ...]]] = []
        for r in todo:
            key = (slug, r.segment.id)
            prev, nxt = neighbours[r.segment.id]
            hit = memory.exact(r.segment.source, prev=prev, next=nxt, exclude=key)
            if hit is not None:
                model = f"tm:{hit.slug}/{hit.segment_id}"  # where the approved text came from
                from_tm.append(
                    MTWrite(r.segment.id, hit.target, model, origin="tm", matches=(hit.to_json(),))
                )
            else:
                fuzzy = memory.fuzzy(r.segment.source, exclude=key)
                to_mt.append((r, tuple(m.to_json() for m in fuzzy)))
        if from_tm:
            store.store_mt(slug, lang, from_tm)
        origin = DEMO_ORIGIN if route.generated else "mt"
        src_tokens = tgt_tokens = 0
        done = len(from_tm)
        if progress:
            progress(lang, done, len(todo))
        for start in range(0, len(to_mt), TRANSLATE_CHUNK):
            chunk = to_mt[start : start + TRANSLATE_CHUNK]
            step = _offset_progress(progress, lang, done, len(todo))
            results = translate_texts([r.segment.source for r, _ in chunk], route, options, step)
            store.store_mt(
                slug,
                lang,
                [
                    MTWrite(
                        r.segment.id,
                        res.text,
                        res.model,
                        res.pivot,
                        res.alternatives,
                        origin=origin,
                        matches=matches,
                    )
                    for (r, matches), res in zip(chunk, results, strict=True)
                ],
            )
            done += len(chunk)
            src_tokens += sum(res.source_tokens for res in results)
            tgt_tokens += sum(res.target_tokens for res in results)
            if progress:
                progress(lang, done, len(todo))
        reports.append(
            TranslateReport(
                lang=lang,
                route=describe_route(route),
                translated=len(to_mt),
                from_memory=len(from_tm),
                skipped_done=len(rows) - len(todo),
                kept_targets=kept,
                seconds=time.perf_counter() - started,
                source_tokens=src_tokens,
                target_tokens=tgt_tokens,
                generated_models=route.generated,
            )
        )
    return reports


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
        [MTWrite(segment_id, result.text, result.model, english, result.alternatives)],
        reviewer=reviewer,
    )
    translation = store.row(slug, segment_id, lang).translation
    assert translation is not None
    return translation


def edit_effort(
    store: Store, slug: str, lang: str, *, cache: StatsCache | None = None
) -> ScoreReport:
    """MT-vs-post-edit effort of an article: HTER (TER of the MT against the approved
    target) and chrF, per approved segment (named by its position and source) and in total."""
    from workbench.score import edit_effort as score_effort

    pairs = [
        (r.segment, r.translation)
        for r in store.rows(slug, lang)
        if r.translation is not None
        and r.translation.status == "approved"
        and r.translation.mt is not None
    ]
    if not pairs:
        raise InputError(
            f"no approved {lang} segment with a machine translation in {slug!r}: "
            "review and approve some first"
        )
    return score_effort(
        [t.mt or "" for _, t in pairs],
        [t.target for _, t in pairs],
        [s.id for s, _ in pairs],
        lang=lang,
        positions=[s.position for s, _ in pairs],
        sources=[s.source for s, _ in pairs],
        cache=cache,
    )


# -- demo ----------------------------------------------------------------------------

DEMO_SLUG = "karabakh"
DEMO_LANGS = ("en", "vi")
#: Generated packages the demo installs when no real model covers a language:
#: French → English, and English → Vietnamese for the pivot.
DEMO_PAIRS = (("fr", "en"), ("en", "vi"))


def sample_article() -> Path:
    """The seed article shipped in the repository's ``samples/``."""
    candidates = [
        Path(__file__).resolve().parent.parent / "samples" / DEMO_SLUG / "fr.txt",
        Path.cwd() / "samples" / DEMO_SLUG / "fr.txt",
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise NotFoundError(
        f"the sample article samples/{DEMO_SLUG}/fr.txt is not here: run the demo from a "
        "clone of the workbench repository"
    )


def ensure_models(langs: Sequence[str], note: Callable[[str], None]) -> list[InstalledPackage]:
    """Make sure French → each language can be routed. Where no package (real or generated)
    covers it, build and install the generated demo packages, through the same install code
    as a user's .argosmodel file. Returns what was installed (empty when nothing was)."""
    import tempfile

    from workbench.errors import PackageError
    from workbench.mt.builder import build_random_package
    from workbench.mt.install import install_from_file
    from workbench.mt.packages import list_installed
    from workbench.mt.routes import find_route

    missing = []
    for lang in langs:
        try:
            find_route("fr", lang)
        except PackageError:
            missing.append(lang)
    if not missing:
        return []
    have = {(p.from_code, p.to_code) for p in list_installed()}
    installed = []
    with tempfile.TemporaryDirectory(prefix="workbench-demo-") as tmp:
        for from_code, to_code in DEMO_PAIRS:
            if (from_code, to_code) in have:
                continue
            note(f"building a generated demo package {from_code}→{to_code} (random weights)…")
            archive = build_random_package(
                Path(tmp) / f"{from_code}_{to_code}.argosmodel", from_code, to_code, seed=1
            )
            installed.append(install_from_file(archive))
    return installed


@dataclass(frozen=True, slots=True)
class DemoReport:
    imported: ImportReport
    installed: list[InstalledPackage]
    translated: list[TranslateReport]


def demo(
    workspace: str | os.PathLike[str] | None,
    *,
    note: Callable[[str], None],
    progress: ProgressFn | None = None,
) -> DemoReport:
    """Import the sample article, make sure models exist, translate into English and
    Vietnamese. The caller then opens the review UI (terminal) or prints the status."""
    from workbench.glossary import glossary_path, seed_glossary, write_csv

    imported = import_article(sample_article(), slug=DEMO_SLUG, workspace=workspace)
    installed = ensure_models(DEMO_LANGS, note)
    with open_store(workspace) as store:
        terms = glossary_path(store.workspace)
        if not terms.exists():
            write_csv(seed_glossary(), terms)
            note(f"wrote a starter glossary for the article: {terms}")
        translated = translate_article(store, DEMO_SLUG, DEMO_LANGS, progress=progress)
    return DemoReport(imported, installed, translated)


# -- quality assurance, glossary, export gate ----------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentQA:
    segment_id: str
    position: int
    status: str
    source: str
    target: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


def workspace_glossary(store: Store) -> Glossary:
    """The workspace's ``glossary.csv`` (empty when there is none)."""
    from workbench.glossary import load_workspace_glossary

    return load_workspace_glossary(store.workspace)


def qa_article(
    store: Store,
    slug: str,
    lang: str,
    *,
    enabled: Sequence[str] | None = None,
    statuses: Collection[str] = ("machine", "edited", "approved"),
    glossary: Glossary | None = None,
) -> list[SegmentQA]:
    """QA findings of every translated segment of ``slug`` in ``lang`` (with findings only)."""
    from workbench.qa import run_checks

    terms = workspace_glossary(store) if glossary is None else glossary
    out = []
    for row in store.rows(slug, lang):
        t = row.translation
        if not row.segment.translatable or t is None or t.status not in statuses:
            continue
        findings = run_checks(
            row.segment.source, t.target, lang, enabled=enabled, glossary=terms, pivot=t.pivot
        )
        if findings:
            out.append(
                SegmentQA(
                    row.segment.id,
                    row.segment.position,
                    t.status,
                    row.segment.source,
                    t.target,
                    tuple(findings),
                )
            )
    return out


class QAGateError(WorkbenchError):
    """Export refused: approved segments have error-severity QA findings."""

    def __init__(self, message: str, blocked: list[SegmentQA]) -> None:
        super().__init__(message, title="QA")
        self.blocked = blocked


def export_checked(
    store: Store,
    slug: str,
    langs: Sequence[str],
    out_dir: Path,
    *,
    include_machine: bool = False,
    mo: bool = False,
    force: bool = False,
) -> list[ExportResult]:
    """Export PO files, refusing (unless ``force``) when an approved segment has an
    error-severity QA finding: msgfmt would accept it, a reader would not."""
    from workbench.export import export_article

    if not force:
        glossary = workspace_glossary(store)
        blocked = [
            seg
            for lang in langs
            for seg in qa_article(store, slug, lang, statuses=("approved",), glossary=glossary)
            if seg.errors
        ]
        if blocked:
            shown = ", ".join(f"#{b.position} {b.segment_id}" for b in blocked[:5])
            more = f" and {len(blocked) - 5} more" if len(blocked) > 5 else ""
            raise QAGateError(
                f"{len(blocked)} approved segments have QA errors ({shown}{more}): fix them "
                "(`workbench qa " + slug + "`) or export anyway with --force",
                blocked,
            )
    return export_article(store, slug, langs, out_dir, include_machine=include_machine, mo=mo)


# -- quality report ------------------------------------------------------------------

REPORT_STATUSES = ("approved", "edited", "machine", "pending")
REPORT_FORMATS = ("html", "md")


def _report_rows(
    store: Store, slug: str, lang: str, scores: dict[str, dict[str, float]]
) -> list[SegmentRow]:
    """One report row per translatable segment: texts, effort, QA findings, word diff."""
    from workbench.report.model import DiffPart, Finding, SegmentRow
    from workbench.review import word_diff

    findings = {q.segment_id: q.findings for q in qa_article(store, slug, lang)}
    out = []
    for row in store.rows(slug, lang):
        if not row.segment.translatable:
            continue
        t = row.translation
        mt, target = (t.mt or "", t.target) if t else ("", "")
        got = scores.get(row.segment.id, {})
        out.append(
            SegmentRow(
                position=row.segment.position,
                segment_id=row.segment.id,
                source=row.segment.source,
                status=row.status,
                mt=mt,
                target=target,
                chrf=got.get("chrf"),
                hter=got.get("ter"),
                confidence=getattr(t, "confidence", None),  # when the store keeps one
                edit_seconds=t.edit_seconds if t and t.edit_seconds > 0 else None,
                findings=tuple(
                    Finding(f.severity, f.check, f.message)
                    for f in findings.get(row.segment.id, ())
                ),
                diff=tuple(DiffPart(d.op, d.text) for d in word_diff(mt, target))
                if mt and target
                else (),
                note=t.note if t else "",
            )
        )
    return out


def _effort_block(
    store: Store, slug: str, lang: str, cache: StatsCache | None
) -> tuple[ScoreBlock, dict[str, dict[str, float]]]:
    """BLEU, chrF and TER of the MT against the approved post-edits (TER here is HTER),
    with the sentence chrF and HTER of each approved segment."""
    from workbench.report.model import Metric, ScoreBlock
    from workbench.score import score_pairs

    pairs = [
        (r.segment.id, r.translation.mt, r.translation.target)
        for r in store.rows(slug, lang)
        if r.segment.translatable
        and r.translation is not None
        and r.translation.status == "approved"
        and r.translation.mt
    ]
    title = "MT against the approved post-edits"
    note = "how much reviewers changed the machine translation; TER here is HTER"
    if not pairs:
        return ScoreBlock(title, note, 0, ()), {}
    report = score_pairs(
        [mt or "" for _, mt, _ in pairs],
        [target for _, _, target in pairs],
        ("bleu", "chrf", "ter"),
        lang=lang,
        per_segment=True,
        keys=[sid for sid, _, _ in pairs],
        cache=cache,
    )
    metrics = tuple(Metric(m.name, m.label, m.score, m.signature) for m in report.metrics)
    return ScoreBlock(title, note, report.count, metrics), {
        s.key: s.scores for s in report.segments
    }


def _compare_models(
    store: Store, slug: str, lang: str, files: Sequence[Path], cache: StatsCache | None
) -> Comparison:
    """sacreBLEU's paired bootstrap of two model versions on the approved segments: the
    stored MT against one PO file, or two PO files, with the approved targets as reference."""
    from workbench.report.model import ComparedMetric, Comparison
    from workbench.score import load_translations, paired_bootstrap, score_pairs, verdicts

    rows = [
        r
        for r in store.rows(slug, lang)
        if r.segment.translatable and r.translation and r.translation.status == "approved"
    ]
    if not rows:
        raise InputError(f"no approved {lang} segment in {slug!r} to compare models on")
    systems: list[tuple[str, list[str]]] = []
    if len(files) == 1:
        models = sorted({r.translation.mt_model or "?" for r in rows if r.translation})
        systems.append((f"stored MT ({', '.join(models)})", [_mt(r) for r in rows]))
    for path in files:
        found = load_translations(path)
        hyps = [found.get(r.segment.id, r.segment.source) for r in rows]
        if all(h is None for h in hyps):
            raise InputError(
                f"{path} has no entry for the approved {lang} segments of {slug!r} "
                "(matched by msgctxt, else msgid): is it an export of this article?"
            )
        systems.append((str(path), [h or "" for h in hyps]))
    (name_a, hyps_a), (name_b, hyps_b) = systems
    refs = [r.translation.target if r.translation else "" for r in rows]
    result = paired_bootstrap(refs, hyps_a, hyps_b, ("bleu", "chrf", "ter"), lang=lang)
    said = verdicts(result, "A", "B")
    chrf = [
        score_pairs(h, refs, ["chrf"], lang=lang, per_segment=True, cache=cache).segments
        for h in (hyps_a, hyps_b)
    ]
    return Comparison(
        name_a=name_a,
        name_b=name_b,
        reference="the approved post-edits",
        count=len(refs),
        n_samples=int(result["n_samples"]),
        metrics=tuple(
            ComparedMetric(
                name,
                m["label"],
                m["baseline"]["score"],
                m["system"]["score"],
                m["delta"],
                m["p_value"],
                m["signature"],
                verdict,
            )
            for (name, m), verdict in zip(result["metrics"].items(), said, strict=True)
        ),
        per_segment=tuple(
            (r.segment.position, a.scores["chrf"], b.scores["chrf"])
            for r, a, b in zip(rows, chrf[0], chrf[1], strict=True)
        ),
    )


def _mt(row: Row) -> str:
    return (row.translation.mt or "") if row.translation else ""


def _files_by_language(files: Sequence[Path], langs: Sequence[str]) -> dict[str, list[Path]]:
    from workbench.score import load_translations

    grouped: dict[str, list[Path]] = {}
    for path in files:
        lang = load_translations(path).lang or (langs[0] if len(langs) == 1 else None)
        if lang is None or lang not in langs:
            raise InputError(
                f"{path} is for language {lang or 'unknown'} (its PO Language header), "
                f"not one of {', '.join(langs)}: give --lang or another file"
            )
        grouped.setdefault(lang, []).append(path)
    for lang, paths in grouped.items():
        if len(paths) > 2:
            raise InputError(
                f"{len(paths)} files to compare for {lang}: give one (against the stored MT) or two"
            )
    return grouped


def quality_report(
    store: Store,
    slug: str,
    langs: Sequence[str],
    *,
    compare: Sequence[str | os.PathLike[str]] = (),
    cache: StatsCache | None = None,
    generated_at: str | None = None,
) -> QualityReport:
    """The quality report of an article: per language, BLEU/chrF/TER of the MT against the
    approved post-edits with signatures, every segment with its effort, edit time and QA
    findings, and (with ``compare``: one or two PO files per language) a paired bootstrap
    comparison of two model versions."""
    import sacrebleu

    from workbench import __version__
    from workbench.lang import language_name
    from workbench.report.model import LanguageReport, QualityReport
    from workbench.store import now

    article = store.article(slug)
    files = _files_by_language([Path(p) for p in compare], langs)
    languages = []
    for lang in langs:
        block, scores = _effort_block(store, slug, lang, cache)
        rows = _report_rows(store, slug, lang, scores)
        statuses = {s: sum(r.status == s for r in rows) for s in REPORT_STATUSES}
        comparison = (
            _compare_models(store, slug, lang, files[lang], cache) if lang in files else None
        )
        languages.append(
            LanguageReport(lang, language_name(lang), (block,), tuple(rows), statuses, comparison)
        )
    return QualityReport(
        slug=slug,
        title=article.title,
        generated_at=generated_at or now(),
        generator=f"workbench {__version__}, sacreBLEU {sacrebleu.__version__}",
        languages=tuple(languages),
    )


def render_report(report: QualityReport, fmt: str = "html") -> str:
    """The report as one self-contained HTML page (``html``) or a Markdown summary (``md``)."""
    if fmt == "html":
        from workbench.report import render_html

        return render_html(report)
    if fmt == "md":
        from workbench.report import render_markdown

        return render_markdown(report)
    raise InputError(f"unknown report format {fmt!r}: choose html or md")


def write_report(report: QualityReport, out: str | os.PathLike[str], fmt: str = "html") -> Path:
    """Writes :func:`render_report` to ``out`` atomically (a crash leaves the old file or
    the new one, never half of one)."""
    from workbench.fsutil import atomic_write

    data = render_report(report, fmt).encode("utf-8")
    path = Path(out)
    if path.is_dir():
        raise InputError(f"{path} is a folder: give a file name for the report")
    if not path.parent.is_dir():
        raise InputError(f"folder {path.parent} does not exist: create it first")
    atomic_write(path, data)
    return path
