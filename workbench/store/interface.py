"""The store as the rest of workbench sees it: every operation, whatever the engine.

An abstract class (the shape of harlequin's ``adapter.py``): it imports no database library,
so modules that take a store in their signatures stay cheap to import. The one
implementation, :class:`workbench.store.store.SQLStore`, is SQLAlchemy Core over an engine
:class:`~workbench.store.backend.Backend` (SQLite or PostgreSQL); :func:`workbench.store.
open_store` returns it.

Writes carry the version their caller read (``expected_version``; None skips the check) and
raise :class:`~workbench.errors.ConflictError` when another writer came first. Database
failures raise a :class:`~workbench.errors.StoreError` (one line, nothing written).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.errors import ConflictError
    from workbench.segment import Segment
    from workbench.store.model import (
        Article,
        ArticleStatus,
        CalibrationSample,
        Change,
        Event,
        ImportReport,
        MTWrite,
        Row,
        StoredSegment,
        TargetWrite,
        Translation,
    )
    from workbench.tm import TMEntry


class Store(ABC):
    """An open workspace database. Use :func:`~workbench.store.open_store` as a context
    manager; one thread at a time (:meth:`wait_for_change` excepted)."""

    #: ``sqlite`` or ``postgresql``
    engine_name: str
    #: the database as it may be printed (a file path, or a URL without its password)
    location: str
    #: the folder of the files kept beside the database (glossary, UI state)
    workspace: Path
    #: the SQLite file; None on a server
    path: Path | None

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles and segments ---------------------------------------------------------------

    @abstractmethod
    def import_article(
        self,
        slug: str,
        segments: Sequence[Segment],
        *,
        title: str,
        source_path: str,
        source_sha256: str,
        source_lang: str = "fr",
    ) -> ImportReport:
        """Create or update an article; a re-import keeps the work on unchanged segments."""

    @abstractmethod
    def articles(self) -> list[Article]: ...

    @abstractmethod
    def article(self, slug: str) -> Article:
        """Raises NotFoundError for an unknown slug."""

    @abstractmethod
    def segments(self, slug: str, *, include_removed: bool = False) -> list[StoredSegment]: ...

    @abstractmethod
    def rows(self, slug: str, lang: str, *, include_removed: bool = False) -> list[Row]:
        """Every segment in order with its translation into ``lang``."""

    @abstractmethod
    def row(self, slug: str, segment_id: str, lang: str) -> Row: ...

    @abstractmethod
    def set_kind(self, slug: str, segment_id: str, kind: str | None, reviewer: str | None) -> None:
        """Override the segmenter's kind (e.g. un-mark chrome); None restores it."""

    # -- writes ------------------------------------------------------------------------------

    @abstractmethod
    def store_mt(
        self, slug: str, lang: str, writes: Iterable[MTWrite], *, reviewer: str | None = None
    ) -> int:
        """Machine output in one transaction; never replaces an edited or approved target."""

    @abstractmethod
    def write_targets(
        self,
        slug: str,
        lang: str,
        writes: Sequence[TargetWrite],
        *,
        reviewer: str | None = None,
        action: str = "import-po",
    ) -> list[Translation | ConflictError]:
        """Many targets in one transaction; a conflicting one comes back as its error."""

    @abstractmethod
    def save_target(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        target: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
        edit_seconds: float = 0.0,
    ) -> Translation: ...

    @abstractmethod
    def approve(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
        target: str | None = None,
        edit_seconds: float = 0.0,
    ) -> Translation: ...

    @abstractmethod
    def unapprove(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
    ) -> Translation: ...

    @abstractmethod
    def revert_to_mt(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
    ) -> Translation: ...

    @abstractmethod
    def set_note(self, slug: str, segment_id: str, lang: str, note: str) -> None: ...

    @abstractmethod
    def set_pivot(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        pivot: str,
        *,
        expected_version: int | None,
        reviewer: str | None = None,
    ) -> Translation:
        """A reviewer's edit of the English pivot, checked like any other edit."""

    # -- history -----------------------------------------------------------------------------

    @abstractmethod
    def events(
        self, slug: str, segment_id: str | None = None, lang: str | None = None
    ) -> list[Event]: ...

    @abstractmethod
    def undo(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        reviewer: str | None = None,
        expected_version: int | None = None,
    ) -> Translation | None: ...

    @abstractmethod
    def redo(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        *,
        reviewer: str | None = None,
        expected_version: int | None = None,
    ) -> Translation | None: ...

    # -- reading the whole -------------------------------------------------------------------

    @abstractmethod
    def status(self, slug: str) -> ArticleStatus: ...

    @abstractmethod
    def tm_entries(self, lang: str) -> list[TMEntry]: ...

    @abstractmethod
    def calibration_samples(self) -> list[CalibrationSample]:
        """Approved MT with a confidence, for calibrating confidence against edits."""

    @abstractmethod
    def calibrations(self) -> dict[str, str]:
        """The stored confidence calibrations: model label -> fit (JSON)."""

    @abstractmethod
    def save_calibration(self, model: str, fit: str, samples: int) -> None: ...

    @abstractmethod
    def integrity_check(self) -> str:
        """``ok``, or what the engine finds wrong with its own structures."""

    @abstractmethod
    def upgrade(self) -> str | None:
        """Run the migrations the database misses; the new revision, None if none ran."""

    # -- change feed -------------------------------------------------------------------------

    @abstractmethod
    def change_token(self) -> str:
        """A mark of everything committed so far."""

    @abstractmethod
    def changes_since(self, token: str) -> tuple[str, frozenset[Change]]:
        """A new token and what was committed since ``token``, by any process."""

    @abstractmethod
    def wait_for_change(self, timeout: float) -> bool:
        """Block until another connection commits (True) or ``timeout`` seconds (False)."""
