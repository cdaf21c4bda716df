"""Terminal text for score reports and paired comparisons.

User text (sources, keys) is shown as text: control characters (C0, DEL, C1) become visible
escapes (bidi controls too), so a hostile PO file cannot move the cursor or recolour a CI log.
"""

from __future__ import annotations

from typing import Any

from workbench.score.compare import verdicts
from workbench.score.results import ScoreReport, SegmentScore
from workbench.textsafety import shown

#: Characters of the source shown per segment.
EXCERPT = 40


def printable(text: str) -> str:
    """``text`` with every control character (and bidi control) as a visible escape."""
    return shown(text)


def excerpt(text: str, width: int = EXCERPT) -> str:
    """The start of ``text`` on one line (whitespace runs collapsed), "…" when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def segment_name(segment: SegmentScore, width: int = 0) -> str:
    """The position and the start of the source, e.g. ``#12 «Le porte-parole du Kremlin,
    Dmitri…»`` (only ``#12`` without a known source); the position padded to ``width``."""
    name = f"#{segment.position:<{width}}"
    if segment.source.strip():
        name += f" «{excerpt(segment.source)}»"
    return printable(name)


def _segment_lines(report: ScoreReport) -> list[str]:
    labels = {m.name: m.label or m.name for m in report.metrics}
    digits = max(len(str(s.position)) for s in report.segments)
    names = [segment_name(s, digits) for s in report.segments]
    width = max(len(n) for n in names)
    lines = []
    for name, segment in zip(names, report.segments, strict=True):
        cells = "  ".join(f"{labels.get(n, n)} {v:6.1f}" for n, v in segment.scores.items())
        key = "" if segment.key == str(segment.position) else f"  {printable(segment.key)}"
        lines.append(f"{name:<{width}}  {cells}{key}")
    return lines


def format_report(report: ScoreReport) -> str:
    """Human-readable report: one line per metric with its signature, then details; per
    segment its position, a source excerpt, the scores and the key (segment id)."""
    lines = [
        f"{m.label or m.name} = {m.score:.1f}  (signature: {m.signature})" for m in report.metrics
    ]
    target = f", target language {report.lang}" if report.lang else ""
    lines.append(f"{report.count} segment{'s' if report.count != 1 else ''}{target}")
    if report.empty:
        shown = ", ".join(printable(k) for k in report.empty[:10])
        shown += ", ..." if len(report.empty) > 10 else ""
        lines.append(
            f"{len(report.empty)} empty hypotheses (untranslated, fuzzy or missing), "
            f"scored as empty: {shown}"
        )
    if report.segments:
        lines.extend(_segment_lines(report))
    return "\n".join(lines)


def format_comparison(result: dict[str, Any], name_a: str, name_b: str) -> str:
    """The verdict per metric in words, then the numbers and signatures."""
    a, b = printable(name_a), printable(name_b)
    lines = [
        f"paired bootstrap resampling (sacreBLEU), {result['n_samples']} samples, "
        f"{result['count']} segments: A = {a} (baseline), B = {b}"
    ]
    lines.extend(verdicts(result, "A", "B"))
    for m in result["metrics"].values():
        lines.append(
            f"  {m['label']}: A {m['baseline']['score']:.2f}, B {m['system']['score']:.2f} "
            f"(delta {m['delta']:+.2f}, p = {m['p_value']:.4f})  signature: {m['signature']}"
        )
    return "\n".join(lines)
