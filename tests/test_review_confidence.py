"""The MT confidence in the review: the "doubtful" filter, the "least confident first" order,
and the confidence line (with the calibrated expected edit) over the MT in the editor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.support import SEED_ARTICLE, SIZE, SLUG, hand_mt, screen_of, sync
from workbench.mt.confidence import fit_calibration
from workbench.project import import_article
from workbench.review import ReviewSession
from workbench.review.navigator import FILTERS, ORDERS
from workbench.store import MTWrite, open_store
from workbench.tui.app import ReviewApp

CONFIDENCES = (0.9, 0.2, 0.6, 0.35)


def _workspace(tmp_path: Path) -> tuple[Path, list[str]]:
    """The seed article in Vietnamese: hand MT, then confidences on the first four segments."""
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        rows = [r for r in store.rows(SLUG, "vi") if r.segment.translatable][:4]
        store.store_mt(
            SLUG,
            "vi",
            [
                MTWrite(r.segment.id, r.translation.mt, "fr_en@1>en_vi@1", confidence=c)
                for r, c in zip(rows, CONFIDENCES, strict=True)
            ],
        )
        confidences = [0.1 * (i % 10) + 0.05 for i in range(40)]
        fit = fit_calibration("fr_en@1>en_vi@1", confidences, [1 - c for c in confidences])
        store.save_calibration(fit.model, fit.to_json(), fit.samples)
    return ws, [r.segment.id for r in rows]


def test_the_doubtful_filter_and_the_confidence_order(tmp_path: Path, monkeypatch) -> None:
    ws, ids = _workspace(tmp_path)
    assert "doubtful" in FILTERS and ORDERS == ("article", "confidence")
    with open_store(ws) as store:
        session = ReviewSession(store, SLUG, "vi", "anna", checker=False)
        assert session.set_filter("doubtful") == [ids[1], ids[3]]  # below 0.5, article order
        session.set_filter("all")
        assert session.cycle_order() == "confidence"
        assert session.visible[:4] == [ids[1], ids[3], ids[2], ids[0]]  # then the others
        assert len(session.visible) == len(session.rows)
        # an edited target is no longer the model's: neither doubtful nor ranked by it
        version = session.row(ids[1]).translation.version
        store.save_target(SLUG, ids[1], "vi", "Sửa rồi.", expected_version=version)
        session.reload()
        assert session.visible[:3] == [ids[3], ids[2], ids[0]]
        session.set_filter("doubtful")
        assert session.visible == [ids[3]]
        line = session.confidence_line(session.row(ids[3]))
        assert line == "confidence 0.35 · expected edit ~65 %"
    monkeypatch.setenv("WORKBENCH_LOW_CONFIDENCE", "0.7")
    with open_store(ws) as store:
        session = ReviewSession(store, SLUG, "vi", "anna", checker=False)
        assert session.set_filter("doubtful") == [ids[2], ids[3]]


@sync
async def test_the_editor_shows_the_confidence_and_alt_o_orders_by_it(
    tmp_path: Path,
    make_app: Callable[..., ReviewApp],
) -> None:
    ws, ids = _workspace(tmp_path)
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        mt = str(screen.editor.query_one("#mt-heading").render())
        assert mt == "MT · confidence 0.90 · expected edit ~10 % · fr_en@1>en_vi@1"
        await pilot.press("alt+o")
        label = str(screen.query_one("#filter-label").render())
        assert label.startswith("Filter: all · least confident first ·")
        assert app.review_screen is not None
        assert app.review_screen.session.visible[:2] == [ids[1], ids[3]]
        await pilot.press("ctrl+q")
