"""Articles and their segments: import and re-import, segment lists, rows, kind overrides.

Segment ids are stable (derived from the text), so a re-import keeps the work on unchanged
segments, marks vanished ones removed (their work kept) and adds new ones, in one write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, case, insert, select, update

from workbench.errors import InputError, NotFoundError
from workbench.store.base import (
    SEGMENT_COLS,
    TRANSLATION_COLS,
    StoreBase,
    to_segment,
    to_translation,
)
from workbench.store.location import check_slug
from workbench.store.model import KINDS, ImportReport, Row, StoredSegment
from workbench.store.schema import article as A
from workbench.store.schema import segment as S
from workbench.store.schema import translation as T
from workbench.store.schema import upsert, utcnow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from workbench.segment import Segment

#: Live segments first, in reading order; removed ones after.
_ORDER = (S.c.removed_at.is_not(None), S.c.position)


class ArticlesMixin(StoreBase):
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
        """Create or update an article. Segments keep their stable ids, so a re-import
        keeps the work on unchanged segments, marks vanished ones removed and adds new ones."""
        check_slug(slug)
        fields = {"title": title, "source_lang": source_lang, "source_path": source_path}
        with self._write() as conn:
            aid, created = self._upsert_article(conn, slug, fields, source_sha256)
            added, kept, removed, restored = self._merge_segments(conn, aid, segments)
            after = {"added": added, "kept": kept, "removed": removed, "restored": restored}
            self._event(conn, aid, "", "", "import", None, after, None)
        self._article_ids[slug] = aid
        return ImportReport(self.article(slug), created, added, kept, removed, restored)

    def _upsert_article(
        self, conn: Connection, slug: str, fields: dict[str, str], sha256: str
    ) -> tuple[int, bool]:
        """The article's id, created when new; an existing one is locked for this import."""
        new = (
            upsert(conn.dialect.name, A)
            .values(slug=slug, source_sha256=sha256, imported_at=utcnow(), **fields)
            .on_conflict_do_nothing(index_elements=["slug"])
            .returning(A.c.id)
        )
        aid = conn.execute(new).scalar()
        if aid is not None:
            return int(aid), True
        aid = conn.execute(select(A.c.id).where(A.c.slug == slug).with_for_update()).scalar_one()
        # imported_at (the PO's POT-Creation-Date) moves only when the text changed.
        conn.execute(
            update(A)
            .where(A.c.id == aid)
            .values(
                imported_at=case((A.c.source_sha256 == sha256, A.c.imported_at), else_=utcnow()),
                source_sha256=sha256,
                **fields,
            )
        )
        return int(aid), False

    def _merge_segments(
        self, conn: Connection, aid: int, segments: Sequence[Segment]
    ) -> tuple[int, int, int, int]:
        existing: dict[str, Any] = {
            r[0]: r[1]
            for r in conn.execute(select(S.c.id, S.c.removed_at).where(S.c.article_id == aid))
        }
        # Positions are unique only among live segments; park them first.
        conn.execute(update(S).where(S.c.article_id == aid).values(position=-S.c.position - 1))
        fresh = [s for s in segments if s.id not in existing]
        again = [s for s in segments if s.id in existing]
        restored = sum(1 for s in again if existing[s.id] is not None)
        _update_segments(conn, aid, again)
        _insert_segments(conn, aid, fresh)
        new_ids = {s.id for s in segments}
        gone = [
            sid for sid, removed_at in existing.items() if sid not in new_ids and not removed_at
        ]
        if gone:
            conn.execute(
                update(S)
                .where(S.c.article_id == aid, S.c.id == bindparam("b_id"))
                .values(removed_at=utcnow()),
                [{"b_id": sid} for sid in gone],
            )
        return len(fresh), len(again) - restored, len(gone), restored

    def segments(self, slug: str, *, include_removed: bool = False) -> list[StoredSegment]:
        aid = self._aid(slug)
        query = select(*SEGMENT_COLS).where(S.c.article_id == aid)
        if not include_removed:
            query = query.where(S.c.removed_at.is_(None))
        with self._read() as conn:
            rows = conn.execute(query.order_by(*_ORDER)).all()
        return [to_segment(r) for r in rows]

    def _rows_query(self, aid: int, lang: str) -> Any:
        joined = S.outerjoin(
            T, (T.c.article_id == S.c.article_id) & (T.c.segment_id == S.c.id) & (T.c.lang == lang)
        )
        return (
            select(*SEGMENT_COLS, *TRANSLATION_COLS)
            .select_from(joined)
            .where(S.c.article_id == aid)
        )

    def rows(self, slug: str, lang: str, *, include_removed: bool = False) -> list[Row]:
        """Every segment of an article in order, with its translation into ``lang``."""
        query = self._rows_query(self._aid(slug), lang)
        if not include_removed:
            query = query.where(S.c.removed_at.is_(None))
        with self._read() as conn:
            rows = conn.execute(query.order_by(*_ORDER)).all()
        return [Row(to_segment(r[:8]), to_translation(r[8:])) for r in rows]

    def row(self, slug: str, segment_id: str, lang: str) -> Row:
        query = self._rows_query(self._aid(slug), lang).where(S.c.id == segment_id)
        with self._read() as conn:
            r = conn.execute(query).first()
        if r is None:
            raise NotFoundError(f"no segment {segment_id!r} in article {slug!r}")
        return Row(to_segment(r[:8]), to_translation(r[8:]))

    def set_kind(self, slug: str, segment_id: str, kind: str | None, reviewer: str | None) -> None:
        """Override the segmenter's kind (e.g. un-mark chrome); None restores it."""
        if kind is not None and kind not in KINDS:
            raise InputError(f"unknown segment kind {kind!r}: use content, title or chrome")
        aid = self._aid(slug)
        with self._write() as conn:
            found = conn.execute(
                select(*SEGMENT_COLS)
                .where(S.c.article_id == aid, S.c.id == segment_id)
                .with_for_update()
            ).first()
            if found is None:
                raise NotFoundError(f"no segment {segment_id!r} in article {slug!r}")
            before = to_segment(found)
            conn.execute(
                update(S)
                .where(S.c.article_id == aid, S.c.id == segment_id)
                .values(kind_override=kind)
            )
            after = {"kind": kind or before.detected_kind}
            self._event(conn, aid, segment_id, "", "kind", {"kind": before.kind}, after, reviewer)


def _update_segments(conn: Connection, aid: int, segments: Sequence[Segment]) -> None:
    """Segments already known (kept or back from removal): new place, kind and text."""
    if not segments:
        return
    conn.execute(
        update(S)
        .where(S.c.article_id == aid, S.c.id == bindparam("b_id"))
        .values(
            position=bindparam("b_position"),
            paragraph=bindparam("b_paragraph"),
            kind=bindparam("b_kind"),
            chrome_reason=bindparam("b_reason"),
            source=bindparam("b_source"),
            removed_at=None,
        ),
        [
            {
                "b_id": s.id,
                "b_position": s.position,
                "b_paragraph": s.paragraph,
                "b_kind": s.kind,
                "b_reason": s.reason,
                "b_source": s.source,
            }
            for s in segments
        ],
    )


def _insert_segments(conn: Connection, aid: int, segments: Sequence[Segment]) -> None:
    if not segments:
        return
    conn.execute(
        insert(S),
        [
            {
                "article_id": aid,
                "id": s.id,
                "position": s.position,
                "paragraph": s.paragraph,
                "kind": s.kind,
                "chrome_reason": s.reason,
                "source": s.source,
            }
            for s in segments
        ],
    )
