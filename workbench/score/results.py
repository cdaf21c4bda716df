"""The values a scoring run returns: corpus scores with signatures, sentence scores, the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class MetricScore:
    name: str  # registry key: "bleu", "chrf", "ter" ("hter" for edit effort)
    score: float
    signature: str  # sacreBLEU signature, e.g. "nrefs:1|lang:fr-en|...|version:2.6.0"
    formatted: str  # str() of sacreBLEU's score object, e.g. "BLEU = 23.40 55.0/..."
    label: str = ""  # sacreBLEU's metric name: "BLEU", "chrF2", "TER" ("HTER")

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "score": self.score,
            "signature": self.signature,
            "formatted": self.formatted,
        }


@dataclass(frozen=True, slots=True)
class SegmentScore:
    key: str  # msgctxt (segment id), else msgid, else the line number
    hyp: str
    ref: str
    scores: dict[str, float]
    position: int = 0  # 1-based: the reference entry's order, the line, or the article position
    source: str = ""  # the French source (a PO msgid, an article segment) when known

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "position": self.position,
            "source": self.source,
            "hyp": self.hyp,
            "ref": self.ref,
            "scores": dict(self.scores),
        }


@dataclass(frozen=True, slots=True)
class ScoreReport:
    metrics: tuple[MetricScore, ...]
    segments: tuple[SegmentScore, ...]
    count: int
    lang: str | None
    empty: tuple[str, ...] = ()  # keys whose hypothesis is empty (untranslated, fuzzy, missing)
    #: Things the user should know that did not stop the run (e.g. an unreadable cache file).
    notices: tuple[str, ...] = ()

    def metric(self, name: str) -> MetricScore | None:
        return next((m for m in self.metrics if m.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "lang": self.lang,
            "metrics": {m.name: m.to_json() for m in self.metrics},
            "empty": list(self.empty),
            "segments": [s.to_json() for s in self.segments],
        }
