"""Every Textual message of the review UI, in one module: what the widgets report (typing,
the list cursor) and what the workers post back to the screen (progress, results). The
screen's handlers are named after them (``on_target_edited``, ``on_qa_progress``...)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from workbench.review import Finding, QAKey
from workbench.store import Change

# -- from the widgets -------------------------------------------------------------------


@dataclass
class TargetEdited(Message):
    """The reviewer changed the target text of segment ``segment_id``."""

    segment_id: str
    text: str


@dataclass
class PivotEdited(Message):
    """The reviewer changed the English pivot of segment ``segment_id``."""

    segment_id: str
    text: str


@dataclass
class SegmentHighlighted(Message):
    """The list's cursor is on a segment (by keys, mouse or a programmatic move)."""

    segment_id: str


@dataclass
class SegmentsLoaded(Message):
    """Every row of the segment list's last load is in the table."""

    rows: int


# -- from the workers -------------------------------------------------------------------


@dataclass
class TranslateProgress(Message):
    """Machine translation of the missing segments of ``lang``: ``done`` of ``total``."""

    lang: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        # A newer figure makes an older one still in the queue pointless.
        return isinstance(message, TranslateProgress) and message.lang == self.lang


@dataclass
class TranslateFinished(Message):
    lang: str
    error: str | None = None


@dataclass
class SegmentRetranslated(Message):
    segment_id: str
    lang: str
    error: str | None = None


@dataclass
class PivotsLinked(Message):
    """Approved English targets became the pivot of other languages: ``summary`` says what
    happened (empty: nothing to do), ``error`` what stopped it."""

    summary: str
    error: str | None = None


@dataclass
class Exported(Message):
    paths: list[str]
    error: str | None = None


@dataclass
class QaProgress(Message):
    """A batch of findings from the QA worker (run ``run_id``)."""

    run_id: int
    generation: int
    found: dict[QAKey, list[Finding]]
    done: int
    total: int


@dataclass
class QaFinished(Message):
    run_id: int


@dataclass
class QaNotices(Message):
    """The QA checks that cannot run in ``lang`` (a missing spelling dictionary), a line
    each."""

    lang: str
    lines: tuple[str, ...]


@dataclass
class SpellingSuggested(Message):
    """The corrections of ``word``, the ``start``-``end`` span of a segment's target."""

    segment_id: str
    lang: str
    start: int
    end: int
    word: str
    options: tuple[str, ...]
    error: str | None = None


@dataclass
class StoreChanged(Message):
    """What was committed to the store since the last one (by anyone: other reviewers, the
    CLI, this UI's own saves); ``changes`` None: anything may have changed (the first one,
    covering the time before the watch started). ``error``: the watch stopped."""

    changes: frozenset[Change] | None
    error: str | None = None
