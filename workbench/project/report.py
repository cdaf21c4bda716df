"""Use case: the quality report of an article — scores with signatures, every segment with its
effort and QA findings, a comparison of two model versions — rendered as one self-contained
HTML page or a Markdown summary (:mod:`workbench.report` draws it; this module gathers it)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.project.checking import qa_article
from workbench.store import Row, Store, open_store

if TYPE_CHECKING:
    from workbench.report.model import Comparison, QualityReport, ScoreBlock, SegmentRow
    from workbench.score import StatsCache

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


def report_in_workspace(
    workspace: str | os.PathLike[str] | None,
    slug: str,
    langs: Sequence[str] | None,
    *,
    compare: Sequence[str | os.PathLike[str]] = (),
    cache_file: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    notices: list[str] | None = None,
) -> QualityReport:
    """:func:`quality_report` in the workspace's store; ``langs`` None: every translated
    language. The statistics cache is ``cache_file`` or the workspace's (see
    :func:`workbench.project.scoring.score_cache`); its notices are appended to ``notices``."""
    from workbench.project.scoring import score_cache

    with open_store(workspace) as store:
        chosen = list(langs) if langs else list(store.status(slug).langs)
        if not chosen:
            raise InputError(f"{slug!r} has no translation yet: `workbench translate {slug}`")
        with score_cache(workspace, cache_file, enabled=use_cache, notices=notices) as cache:
            return quality_report(store, slug, chosen, compare=compare, cache=cache)
