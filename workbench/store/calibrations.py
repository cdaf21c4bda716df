"""Confidence calibration in the store: the approved MT it is fitted on, and the fits.

A fit (:class:`workbench.mt.confidence.Calibration`, kept as JSON) belongs to one model label —
the route an MT was recorded with, ``code@version`` or ``code@version>code@version`` — and is
replaced whenever it is refitted (revision 0003's ``calibration`` table).
"""

from __future__ import annotations

from sqlalchemy import select

from workbench.store.base import StoreBase
from workbench.store.model import CalibrationSample
from workbench.store.schema import calibration as C
from workbench.store.schema import segment as S
from workbench.store.schema import translation as T
from workbench.store.schema import upsert, utcnow


class CalibrationsMixin(StoreBase):
    def calibration_samples(self) -> list[CalibrationSample]:
        """Every approved, live translation whose MT came from a model with a confidence: its
        model label, MT, approved target and confidence (all articles and languages)."""
        query = (
            select(T.c.mt_model, T.c.lang, T.c.mt, T.c.target, T.c.mt_confidence)
            .select_from(T.join(S, (S.c.article_id == T.c.article_id) & (S.c.id == T.c.segment_id)))
            .where(
                T.c.status == "approved",
                T.c.mt.is_not(None),
                T.c.mt_confidence.is_not(None),
                T.c.mt_model.is_not(None),
                S.c.removed_at.is_(None),
            )
            .order_by(T.c.mt_model, T.c.article_id, T.c.segment_id, T.c.lang)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [CalibrationSample(r[0], r[1], r[2], r[3], float(r[4])) for r in rows]

    def calibrations(self) -> dict[str, str]:
        """model label -> its fit (JSON)."""
        with self._read() as conn:
            return {r[0]: r[1] for r in conn.execute(select(C.c.model, C.c.fit))}

    def save_calibration(self, model: str, fit: str, samples: int) -> None:
        """Store (or replace) the fit of ``model`` made from ``samples`` approved segments."""
        with self._write() as conn:
            statement = upsert(conn.dialect.name, C).values(
                model=model, fit=fit, samples=samples, fitted_at=utcnow()
            )
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[C.c.model],
                    set_={"fit": fit, "samples": samples, "fitted_at": utcnow()},
                )
            )
