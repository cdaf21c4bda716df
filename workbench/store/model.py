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
    #: The English the stored MT was translated from (None: a direct route or a TM match);
    #: ``pivot`` is the English as the reviewer may have edited it since.
    mt_pivot: str | None = None
    #: The English the target's text comes from: the MT's pivot when the target was last
    #: written (by the machine, or by a reviewer post-editing that MT).
    target_pivot: str | None = None

    @property
    def stale_pivot(self) -> str | None:
        """The English a post-edited or approved target was made from when the MT has been
        translated again since from another English (the target kept): the reviewer must
        compare. None otherwise."""
        kept = self.status in ("edited", "approved")
        if kept and self.target_pivot is not None and self.mt_pivot is not None:
            return self.target_pivot if self.target_pivot != self.mt_pivot else None
        return None


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
    carried: int = 0  # new segments that took over a vanished one's work (typography only)


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
class Dismissal:
    """A QA finding a reviewer approved despite (revision 0006's ``qa_dismissal``): valid
    while the segment's target is still ``target``."""

    segment_id: str
    lang: str
    check: str
    target: str
    message: str
    reviewer: str | None
    dismissed_at: str


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


@dataclass(frozen=True, slots=True)
class Member:
    """A PostgreSQL role that holds a workbench role (``workbench db roles``)."""

    name: str
    role: str  # translator, reviewer or admin
    can_login: bool
    superuser: bool
    owner: bool  # owns the workspace's tables (admin by that alone)


@dataclass(frozen=True, slots=True)
class Position:
    """Where a reviewer left an article in a language (the review UI reopens there)."""

    segment_id: str
    filter: str


@dataclass(frozen=True, slots=True)
class PairsAdded:
    """What adding imported TM pairs did: new pairs per language, and pairs already there."""

    added: dict[str, int]
    duplicates: int
    total: int  # pairs in the imported memory now


class StoreNotice(UserWarning):
    """Something the store did on its own that the user should hear of (a workspace file
    moved into the database, or left where it was and why). The CLI prints it as one line."""
