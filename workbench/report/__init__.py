"""Quality reports of an article: one self-contained HTML page (scores with signatures,
charts, a sortable and filterable segment table, a model comparison) or a Markdown summary
for a CI job. Renders :mod:`workbench.report.model` values; knows nothing of the store or
the CLI (``workbench.project.quality_report`` builds the values).

    model     the values a report shows
    text      user text made visible and safe, short numbers
    svg       inline SVG charts (xml.etree)
    html      the HTML page (xml.etree, inline CSS and JS under a hash-based CSP)
    markdown  the CI summary
"""

from __future__ import annotations

from workbench.report.html import render_html
from workbench.report.markdown import render_markdown
from workbench.report.model import (
    ComparedMetric,
    Comparison,
    DiffPart,
    Finding,
    LanguageReport,
    Metric,
    QualityReport,
    ScoreBlock,
    SegmentRow,
)

__all__ = [
    "ComparedMetric",
    "Comparison",
    "DiffPart",
    "Finding",
    "LanguageReport",
    "Metric",
    "QualityReport",
    "ScoreBlock",
    "SegmentRow",
    "render_html",
    "render_markdown",
]
