"""The quality report as a short Markdown summary for a CI job summary
(``$GITHUB_STEP_SUMMARY``): scores with signatures, status counts, QA totals, the segments
that took the most editing, and the model comparison's verdicts.

User text is escaped twice over: HTML-escaped (GitHub renders HTML in Markdown) and with
every Markdown punctuation character backslash-escaped, on one line, control and bidi
characters shown as escapes, so a source can neither inject markup nor break the table.
"""

from __future__ import annotations

import html
import re

from workbench.report import text
from workbench.report.model import Comparison, LanguageReport, QualityReport

#: Segments listed per language, most edited first.
WORST = 5
EXCERPT = 70
#: ASCII punctuation that means something in (GitHub-flavoured) Markdown; & < > are
#: HTML-escaped instead.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@$^=\"'])")


def escape(value: str, width: int = 0) -> str:
    """One line of user text safe in Markdown (and in a table cell)."""
    flat = text.one_line(value, width)
    return html.escape(_MARKDOWN.sub(r"\\\1", flat), quote=False)


def _code(value: str) -> str:
    """Our own machine text (signatures) in a code span inside a table cell: GitHub splits
    cells at a "|" even inside a code span unless it is escaped (it shows as "|")."""
    return "`" + text.one_line(value).replace("`", "'").replace("|", "\\|") + "`"


def render_markdown(report: QualityReport) -> str:
    lines = [f"## Quality report: {escape(report.title)}", ""]
    lines.append(
        f"Article `{report.slug}` · generated {report.generated_at} · {escape(report.generator)}"
    )
    for note in report.notes:
        lines += ["", f"> {escape(note)}"]
    for language in report.languages:
        lines += ["", *_language(language)]
    return "\n".join(lines) + "\n"


def _language(report: LanguageReport) -> list[str]:
    counts = ", ".join(f"{n} {s}" for s, n in report.statuses.items())
    lines = [
        f"### {escape(report.language)} ({report.lang})",
        "",
        f"{len(report.rows)} segments: {counts}",
        "",
    ]
    for block in report.scores:
        lines.append(f"**{escape(block.title)}** ({block.count} segments)")
        lines.append("")
        if not block.metrics:
            lines += ["no scores yet", ""]
            continue
        lines += ["| metric | score | signature |", "| --- | ---: | --- |"]
        lines += [f"| {m.label} | {m.score:.1f} | {_code(m.signature)} |" for m in block.metrics]
        lines.append("")
    errors = sum(f.severity == "error" for r in report.rows for f in r.findings)
    warnings = sum(f.severity == "warning" for r in report.rows for f in r.findings)
    lines += [f"QA: {errors} errors, {warnings} warnings.", ""]
    worst = sorted(
        (r for r in report.rows if r.hter is not None), key=lambda r: (-(r.hter or 0), r.position)
    )[:WORST]
    if worst:
        lines += ["| # | source | HTER | chrF |", "| ---: | --- | ---: | ---: |"]
        lines += [
            f"| {r.position} | {escape(r.source, EXCERPT)} | {text.score(r.hter)} | "
            f"{text.score(r.chrf)} |"
            for r in worst
        ]
        lines.append("")
    if report.comparison is not None:
        lines += _comparison(report.comparison)
    return lines


def _comparison(comparison: Comparison) -> list[str]:
    lines = [
        f"**Model versions** (paired bootstrap, {comparison.n_samples} resamples, "
        f"{comparison.count} segments): A = {escape(comparison.name_a)}, "
        f"B = {escape(comparison.name_b)}",
        "",
    ]
    lines += [f"- {escape(m.verdict)}" for m in comparison.metrics]
    lines.append("")
    return lines
