"""Data the whole team shares besides the articles: the glossary, the translation memory
imported from TMX files, and where each reviewer left each article (revision 0004).

On PostgreSQL the server decides who may change what (revision 0005): the glossary and the
imported memory are the admin's, a review position is its reviewer's own. Positions are
keyed by the reviewer: the login on PostgreSQL, the ``--reviewer`` name on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select

from workbench.errors import InputError
from workbench.store.base import StoreBase
from workbench.store.model import PairsAdded, Position
from workbench.store.schema import article as A
from workbench.store.schema import glossary_term as G
from workbench.store.schema import tm_pair as P
from workbench.store.schema import ui_position as U
from workbench.store.schema import upsert, utcnow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from workbench.glossary import Term
    from workbench.tm_imported import ImportedPair

#: Rows per INSERT statement when many go in at once.
_CHUNK = 1000


class TeamDataMixin(StoreBase):
    # -- glossary ----------------------------------------------------------------------------

    def glossary_terms(self) -> list[Term]:
        """The workspace glossary's terms (in no particular order: Glossary sorts)."""
        from workbench.glossary import Term

        query = select(G.c.fr, G.c.en, G.c.vi, G.c.note, G.c.do_not_translate).order_by(G.c.id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [Term(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]

    def replace_glossary(self, terms: Sequence[Term]) -> int:
        """The glossary becomes ``terms`` (validated by the caller), in one transaction."""
        with self._write() as conn:
            self._replace_glossary(conn, terms)
        return len(terms)

    def _replace_glossary(self, conn: Connection, terms: Sequence[Term]) -> None:
        conn.execute(delete(G))
        rows = [
            {
                "fr": t.fr,
                "en": t.en,
                "vi": t.vi,
                "note": t.note,
                "do_not_translate": t.do_not_translate,
            }
            for t in terms
        ]
        for start in range(0, len(rows), _CHUNK):
            conn.execute(insert(G), rows[start : start + _CHUNK])

    # -- translation memory imported from TMX ------------------------------------------------

    def imported_pairs(self, lang: str | None = None) -> list[ImportedPair]:
        """Imported pairs in the order they came in (all languages, or ``lang``'s)."""
        from workbench.tm_imported import ImportedPair

        query = select(P.c.lang, P.c.source, P.c.target, P.c.origin, P.c.tuid)
        if lang is not None:
            query = query.where(P.c.lang == lang)
        with self._read() as conn:
            rows = conn.execute(query.order_by(P.c.id)).all()
        return [ImportedPair(*r) for r in rows]

    def imported_counts(self) -> dict[str, int]:
        """Imported pairs per language."""
        with self._read() as conn:
            return self._pair_counts(conn)

    @staticmethod
    def _pair_counts(conn: Connection) -> dict[str, int]:
        query = select(P.c.lang, func.count()).group_by(P.c.lang).order_by(P.c.lang)
        return {str(r[0]): int(r[1]) for r in conn.execute(query)}

    def add_imported_pairs(self, pairs: Iterable[ImportedPair]) -> PairsAdded:
        """Add pairs to the imported memory in one transaction; a pair already there (same
        language, normalized source and target) is a duplicate. Over MAX_PAIRS in all, an
        InputError and nothing is added."""
        from workbench.tm_imported import MAX_PAIRS

        with self._write() as conn:
            before = self._pair_counts(conn)
            new = self._insert_pairs(conn, pairs)
            after = self._pair_counts(conn)
            total = sum(after.values())
            if total > MAX_PAIRS:
                raise InputError(
                    f"the imported memory would hold {total:,} pairs, over the {MAX_PAIRS:,} "
                    "limit: import fewer files"
                )
        added = {lang: n - before.get(lang, 0) for lang, n in after.items()}
        added = {lang: n for lang, n in added.items() if n}
        return PairsAdded(added, new - sum(added.values()), total)

    @staticmethod
    def _insert_pairs(conn: Connection, pairs: Iterable[ImportedPair]) -> int:
        """Insert the pairs not there yet; returns how many were offered."""
        statement = (
            upsert(conn.dialect.name, P)
            .values(imported_at=utcnow())
            .on_conflict_do_nothing(index_elements=["pair_key"])
        )
        offered = 0
        batch: list[dict[str, str]] = []
        for p in pairs:
            offered += 1
            batch.append(
                {
                    "lang": p.lang,
                    "source": p.source,
                    "target": p.target,
                    "origin": p.origin,
                    "tuid": p.tuid,
                    "pair_key": p.digest,
                }
            )
            if len(batch) == _CHUNK:
                conn.execute(statement, batch)
                batch = []
        if batch:
            conn.execute(statement, batch)
        return offered

    # -- where each reviewer left each article -----------------------------------------------

    def position(self, slug: str, lang: str, reviewer: str | None) -> Position | None:
        """Where ``reviewer`` (the login on PostgreSQL) left ``slug`` in ``lang``."""
        aid = self._aid(slug)
        query = select(U.c.segment_id, U.c.filter).where(
            U.c.reviewer == (self._who(reviewer) or ""), U.c.article_id == aid, U.c.lang == lang
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        return None if row is None else Position(row[0], row[1])

    def remember_position(
        self, slug: str, lang: str, segment_id: str, filter_: str, reviewer: str | None
    ) -> None:
        aid = self._aid(slug)
        with self._write() as conn:
            self._put_position(conn, aid, lang, segment_id, filter_, self._who(reviewer) or "")

    @staticmethod
    def _put_position(
        conn: Connection, aid: int, lang: str, segment_id: str, filter_: str, who: str
    ) -> None:
        statement = upsert(conn.dialect.name, U).values(
            reviewer=who,
            article_id=aid,
            lang=lang,
            segment_id=segment_id,
            filter=filter_,
            updated_at=utcnow(),
        )
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=[U.c.reviewer, U.c.article_id, U.c.lang],
                set_={"segment_id": segment_id, "filter": filter_, "updated_at": utcnow()},
            )
        )

    def _article_ids_by_slug(self, conn: Connection) -> dict[str, int]:
        return {str(r[0]): int(r[1]) for r in conn.execute(select(A.c.slug, A.c.id))}
