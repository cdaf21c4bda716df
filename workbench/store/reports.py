"""Reading the store as a whole: status counts, the translation memory, the change feed
(what changed since a reader last looked) and the engine's integrity check."""

from __future__ import annotations

from sqlalchemy import func, select

from workbench.store.base import StoreBase
from workbench.store.model import KINDS, STATUSES, ArticleStatus, Change
from workbench.store.schema import article as A
from workbench.store.schema import segment as S
from workbench.store.schema import translation as T
from workbench.tm import TMEntry

_KIND = func.coalesce(S.c.kind_override, S.c.kind)
_LIVE_JOIN = T.join(S, (S.c.article_id == T.c.article_id) & (S.c.id == T.c.segment_id))


class ReportsMixin(StoreBase):
    def status(self, slug: str) -> ArticleStatus:
        article = self.article(slug)
        aid = article.id
        kinds = dict.fromkeys(KINDS, 0)
        removed = 0
        gone = S.c.removed_at.is_not(None)
        by_kind = (
            select(_KIND, gone, func.count()).where(S.c.article_id == aid).group_by(_KIND, gone)
        )
        live = (T.c.article_id == aid) & S.c.removed_at.is_(None)
        by_status = (
            select(T.c.lang, T.c.status, func.count())
            .select_from(_LIVE_JOIN)
            .where(live, _KIND != "chrome")
            .group_by(T.c.lang, T.c.status)
        )
        demo_query = (
            select(T.c.lang, func.count())
            .select_from(_LIVE_JOIN)
            .where(live, T.c.origin == "mt-demo", T.c.status == "machine")
            .group_by(T.c.lang)
        )
        with self._read() as conn:
            for kind, is_removed, n in conn.execute(by_kind):
                if is_removed:
                    removed += n
                else:
                    kinds[kind] = n
            translatable = kinds["content"] + kinds["title"]
            langs: dict[str, dict[str, int]] = {}
            for lang, status, n in conn.execute(by_status):
                langs.setdefault(lang, dict.fromkeys(STATUSES, 0))[status] = n
            demo = {lang: n for lang, n in conn.execute(demo_query)}
        for counts in langs.values():
            counts["pending"] += translatable - sum(counts.values())
        return ArticleStatus(article, kinds, removed, dict(sorted(langs.items())), demo)

    def tm_entries(self, lang: str) -> list[TMEntry]:
        """Every approved ``lang`` translation of every live segment in the workspace, with
        the sources of its neighbours (for in-context matches): the translation memory."""
        by_article = S.c.article_id
        s = (
            select(
                S.c.article_id,
                S.c.id,
                S.c.source,
                func.lag(S.c.source)
                .over(partition_by=by_article, order_by=S.c.position)
                .label("prev_source"),
                func.lead(S.c.source)
                .over(partition_by=by_article, order_by=S.c.position)
                .label("next_source"),
            )
            .where(S.c.removed_at.is_(None))
            .subquery()
        )
        query = (
            select(A.c.slug, s.c.id, s.c.source, T.c.target, s.c.prev_source, s.c.next_source)
            .select_from(
                s.join(T, (T.c.article_id == s.c.article_id) & (T.c.segment_id == s.c.id)).join(
                    A, A.c.id == s.c.article_id
                )
            )
            .where(T.c.lang == lang, T.c.status == "approved")
            .order_by(A.c.slug, s.c.id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [TMEntry(r[2], r[3], r[0], r[1], r[4], r[5]) for r in rows]

    def integrity_check(self) -> str:
        """``ok``, or what the engine finds wrong with its own structures."""
        with self._read() as conn:
            return self.backend.integrity_check(conn)

    # -- change feed -------------------------------------------------------------------------

    def change_token(self) -> str:
        """A mark of everything committed so far, for :meth:`changes_since`."""
        with self._read() as conn:
            return self.backend.change_token(conn)

    def changes_since(self, token: str) -> tuple[str, frozenset[Change]]:
        """What was committed since ``token`` (by any process): a new token and the changed
        (slug, segment id, lang) keys; an empty segment id means the whole article (an
        import). Cheap when nothing changed."""
        with self._read() as conn:
            new, rows = self.backend.changes_since(conn, token)
            if not rows:
                return new, frozenset()
            slugs: dict[int, str] = {r[0]: r[1] for r in conn.execute(select(A.c.id, A.c.slug))}
        return new, frozenset(Change(slugs[aid], sid, lang) for aid, sid, lang in rows)

    def wait_for_change(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds until another connection commits; True when one
        did (then ask :meth:`changes_since`), False on timeout. Safe to call from a worker
        thread while the store is used elsewhere: it uses a connection of its own."""
        with self._guard():
            return self.backend.wait_for_change(self.engine, timeout)
