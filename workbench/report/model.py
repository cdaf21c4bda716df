"""The values a quality report shows: per language, the scores with their signatures, one row
per segment, and an optional comparison of two model versions. Built by the project's use
case from the store and the score package; rendered by :mod:`workbench.report.html` and
:mod:`workbench.report.markdown`, which know nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Metric:
    name: str  # "bleu", "chrf", "ter"
    label: str  # sacreBLEU's name: "BLEU", "chrF2", "TER"
    score: float
    signature: str

    @property
    def lower_is_better(self) -> bool:
        return self.name in ("ter", "hter")


@dataclass(frozen=True, slots=True)
class ScoreBlock:
    """Corpus scores of one hypothesis against one reference, e.g. the MT against the
    approved post-edits."""

    title: str
    note: str
    count: int
    metrics: tuple[Metric, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str  # "error" | "warning" | "info"
    check: str
    message: str


@dataclass(frozen=True, slots=True)
class DiffPart:
    op: str  # "equal" | "delete" | "insert"
    text: str


@dataclass(frozen=True, slots=True)
class SegmentRow:
    position: int
    segment_id: str
    source: str
    status: str  # pending | machine | edited | approved
    mt: str  # "" when there is no MT
    target: str  # the approved (or current) target, "" when none
    chrf: float | None  # sentence chrF of the MT against the approved target
    hter: float | None  # sentence TER of the MT against the approved target
    confidence: float | None
    edit_seconds: float | None
    findings: tuple[Finding, ...] = ()
    diff: tuple[DiffPart, ...] = ()  # word diff MT -> target, when both exist
    note: str = ""  # the reviewer's note


@dataclass(frozen=True, slots=True)
class ComparedMetric:
    name: str
    label: str
    score_a: float
    score_b: float
    delta: float  # B - A
    p_value: float
    signature: str
    verdict: str  # "B is better than A on BLEU by 2.3 (p = 0.01, significant at 0.05)"


@dataclass(frozen=True, slots=True)
class Comparison:
    """sacreBLEU's paired bootstrap of two model versions' output on the same segments."""

    name_a: str
    name_b: str
    reference: str
    count: int
    n_samples: int
    metrics: tuple[ComparedMetric, ...]
    #: sentence chrF of each system per segment (position -> (A, B)), for the chart
    per_segment: tuple[tuple[int, float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class LanguageReport:
    lang: str
    language: str  # "English"
    scores: tuple[ScoreBlock, ...]
    rows: tuple[SegmentRow, ...]
    statuses: dict[str, int] = field(default_factory=dict)
    comparison: Comparison | None = None


@dataclass(frozen=True, slots=True)
class QualityReport:
    slug: str
    title: str
    generated_at: str  # ISO 8601, UTC
    generator: str  # "workbench 0.1.0, sacreBLEU 2.6.0"
    languages: tuple[LanguageReport, ...]
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)
