"""The store's values: what a read returns and what a batch write hands over. No SQL here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

STATUSES = ("pending", "machine", "edited", "approved")
KINDS = ("content", "title", "chrome")


def now() -> str:
    """This machine's time in the store's timestamp format (``2024-04-17T10:00:00.123Z``),
    for labels such as a report's date; rows the store writes take the server's clock."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


#: Reviewer actions on a target that undo can step back through (machine writes are not:
#: undo stops at the MT the reviewer started from).
UNDOABLE = frozenset({"edit", "approve", "unapprove", "revert", "import-po", "import-xliff"})


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    slug: str
    title: str
    source_lang: str
    source_path: str
    source_sha256: str
    imported_at: str


@dataclass(frozen=True, slots=True)
class StoredSegment:
    id: str
    position: int
    paragraph: int
    kind: str  # effective kind: the reviewer's override, else the segmenter's
    detected_kind: str
    reason: str | None
    source: str
    removed: bool

    @property
    def translatable(self) -> bool:
        return self.kind != "chrome" and not self.removed


@dataclass(frozen=True, slots=True)
class Translation:
    segment_id: str
    lang: str
    mt: str | None
    mt_model: str | None
    pivot: str | None
    alternatives: tuple[str, ...]
    origin: str | None
    target: str
    status: str
    version: int
    reviewer: str | None
    note: str
    updated_at: str
    edit_seconds: float
    matches: tuple[dict[str, Any], ...] = ()  # TM fuzzy matches (tm.TMMatch.to_json())
    mt_confidence: float | None = None  # 0-1 (workbench.mt.confidence); None for TM or older MT
    mt_notes: tuple[str, ...] = ()  # what the reviewer must know about the MT


@dataclass(frozen=True, slots=True)
class Row:
    """A segment with its translation in one language (None when never translated)."""

    segment: StoredSegment
    translation: Translation | None

    @property
    def status(self) -> str:
        return self.translation.status if self.translation else "pending"


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    segment_id: str
    lang: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reviewer: str | None
    at: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    article: Article
    created: bool
    added: int
    kept: int
    removed: int
    restored: int


@dataclass(frozen=True, slots=True)
class MTWrite:
    """Machine output for one segment, as the translate step hands it to the store."""

    segment_id: str
    mt: str
    model: str
    pivot: str | None = None
    alternatives: tuple[str, ...] = ()
    origin: str = "mt"  # "mt" or "tm" (an exact translation-memory match used instead of MT)
    matches: tuple[dict[str, Any], ...] = ()
    confidence: float | None = None  # workbench.mt.translate.MTResult.confidence; None for TM
    notes: tuple[str, ...] = ()  # MTResult.notes


@dataclass(frozen=True, slots=True)
class CalibrationSample:
    """An approved MT with its confidence: one point of a confidence calibration."""

    model: str  # the MT's model label (route)
    lang: str
    mt: str
    target: str  # the approved text
    confidence: float


@dataclass(frozen=True, slots=True)
class TargetWrite:
    """A target written by a batch (PO import): ``status`` is ``approved`` or ``edited``."""

    segment_id: str
    target: str
    status: str
    expected_version: int | None


@dataclass(frozen=True, slots=True)
class ArticleStatus:
    article: Article
    kinds: dict[str, int]
    removed: int
    langs: dict[str, dict[str, int]]  # lang -> status -> count (translatable segments)
    demo_mt: dict[str, int]  # lang -> unreviewed segments whose target is demo-model output


@dataclass(frozen=True, slots=True)
class Change:
    """One (article, segment, language) written since a change token; ``segment_id`` and
    ``lang`` are empty for an article-wide change (an import), ``lang`` for a kind change."""

    slug: str
    segment_id: str
    lang: str
