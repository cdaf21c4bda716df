"""Re-importing an edited article never forgets translations (issue 14 item 6).

The translator's report: ``'`` changed to ``’`` in one sentence and one word changed in
another, then ``workbench import`` again: "2 removed", and the approved translations of both
were gone from the translation memory (no exact match after the typographic change, no fuzzy
match at 90 %). Now a typographic-only change keeps the segment's work, and the approved work
of a segment that really changed stays in the memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.project import import_article
from workbench.segment.model import typographic_key
from workbench.store import Store, open_store
from workbench.tm import TMIndex

TITLE = "La Russie retire ses forces du Haut-Karabakh"
QUOTE = "Selon l'agence, le retrait a commencé mercredi matin."
CHANGED = "Le Kremlin a confirmé le départ de 2 000 soldats de la région."
KEPT = "Les habitants arméniens ont quitté la région en septembre."


def article(tmp_path: Path, quote: str, changed: str) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(f"{TITLE}\n\n{quote} {changed}\n\n{KEPT}\n", encoding="utf-8")
    return path


def by_source(store: Store, lang: str) -> dict[str, tuple[str, str]]:
    return {
        r.segment.source: (r.translation.target, r.translation.status)
        for r in store.rows("k", lang)
        if r.translation is not None
    }


@pytest.fixture()
def approved(tmp_path: Path) -> Path:
    """The article imported and its three sentences approved in English."""
    ws = tmp_path / "ws"
    import_article(article(tmp_path, QUOTE, CHANGED), slug="k", workspace=ws)
    targets = {
        QUOTE: "According to the agency, the withdrawal began on Wednesday morning.",
        CHANGED: "The Kremlin confirmed 2,000 soldiers had left the region.",
        KEPT: "The Armenian residents left the region in September.",
    }
    with open_store(ws) as store:
        for row in store.rows("k", "en"):
            if row.segment.source in targets:
                store.approve(
                    "k", row.segment.id, "en", expected_version=None,
                    target=targets[row.segment.source], reviewer="ann",
                )  # fmt: skip
    return ws


def test_a_typographic_only_change_keeps_the_segments_work(approved: Path, tmp_path: Path) -> None:
    curly = QUOTE.replace("l'agence", "l’agence")
    edited = CHANGED.replace("soldats", "militaires")
    report = import_article(article(tmp_path, curly, edited), slug="k", workspace=approved)
    assert (report.added, report.removed, report.carried) == (2, 2, 1)
    with open_store(approved) as store:
        work = by_source(store, "en")
        assert work[curly] == (
            "According to the agency, the withdrawal began on Wednesday morning.",
            "approved",
        )
        assert edited not in work  # really changed: new work to do
        assert store.events("k")[-1].after["carried"] == 1


def test_approved_work_of_removed_segments_stays_in_the_memory(
    approved: Path, tmp_path: Path
) -> None:
    edited = CHANGED.replace("soldats", "militaires")
    import_article(article(tmp_path, QUOTE, edited), slug="k", workspace=approved)
    with open_store(approved) as store:
        memory = TMIndex(store.tm_entries("en"))
        new_id = next(r.segment.id for r in store.rows("k", "en") if r.segment.source == edited)
    old = memory.exact(CHANGED)
    assert old is not None and old.target.startswith("The Kremlin confirmed 2,000")
    [near] = memory.fuzzy(edited, exclude=("k", new_id))
    assert near.score >= 90 and near.target == old.target


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("l'agence", "l’agence", True),
        ("« Tout est perdu »", '"Tout est perdu"', True),
        ("« Tout est perdu »", "«\u00a0Tout est perdu\u00a0»", True),
        ("Pourquoi ?", "Pourquoi\u202f?", True),
        ("2000-2020", "2000–2020", True),
        ("Il attend...", "Il attend…", True),
        ("Il est parti.", "Il est sorti.", False),
        ("la Russie", "La Russie", False),
        ("2 000", "2 001", False),
    ],
)
def test_typographic_key(a: str, b: str, same: bool) -> None:
    assert (typographic_key(a) == typographic_key(b)) is same
