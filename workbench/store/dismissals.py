"""Dismissed QA findings in the store: "approve despite QA errors", kept per finding.

A dismissal (revision 0006's ``qa_dismissal``) names one check of one segment in one
language, who dismissed it and when, and the exact target it was dismissed for; the export's
QA gate (:func:`workbench.project.checking.qa_gate`) honours it only while the target is
still that text. Dismissing a check again replaces the older dismissal.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from workbench.errors import NotFoundError
from workbench.store.base import StoreBase, check_text
from workbench.store.model import Dismissal
from workbench.store.schema import qa_dismissal as D
from workbench.store.schema import segment as S
from workbench.store.schema import upsert, utcnow


class DismissalsMixin(StoreBase):
    def dismiss_findings(
        self,
        slug: str,
        segment_id: str,
        lang: str,
        findings: Sequence[tuple[str, str]],
        target: str,
        reviewer: str | None,
    ) -> None:
        """Record that ``reviewer`` approves ``target`` despite ``findings`` (check, message),
        one row per check (the first message of a check is the one kept)."""
        check_text(target, segment_id, lang)
        aid = self._aid(slug)
        by_check = dict(reversed(list(findings)))
        if not by_check:
            return
        with self._write() as conn:
            known = select(S.c.id).where(S.c.article_id == aid, S.c.id == segment_id)
            if conn.execute(known).first() is None:
                raise NotFoundError(f"no segment {segment_id!r} in {slug!r}")
            for check, message in by_check.items():
                values = {
                    "target": target,
                    "message": message,
                    "reviewer": reviewer,
                    "dismissed_at": utcnow(),
                }
                statement = upsert(conn.dialect.name, D).values(
                    article_id=aid, segment_id=segment_id, lang=lang, check=check, **values
                )
                conn.execute(
                    statement.on_conflict_do_update(
                        index_elements=[D.c.article_id, D.c.segment_id, D.c.lang, D.c.check],
                        set_=values,
                    )
                )

    def dismissals(self, slug: str, lang: str) -> list[Dismissal]:
        """The dismissed QA findings of ``slug`` in ``lang``, in segment and check order."""
        aid = self._aid(slug)
        columns = ("segment_id", "lang", "check", "target", "message", "reviewer", "dismissed_at")
        query = (
            select(*(D.c[name] for name in columns))
            .where(D.c.article_id == aid, D.c.lang == lang)
            .order_by(D.c.segment_id, D.c.check)
        )
        with self._read() as conn:
            return [Dismissal(*r) for r in conn.execute(query).all()]
