from __future__ import annotations

from pathlib import Path

from tests.test_store import make_segments
from workbench.store import MTWrite, open_store
from workbench.tm import TMEntry, TMIndex, normalize

ENTRIES = [
    TMEntry(
        "La Russie a déployé une force de 2 000 hommes dans la région.",
        "Russia deployed a force of 2,000 troops in the region.",
        "first",
        "s1",
        prev="Le Kremlin a confirmé.",
        next="Presque tous les Arméniens sont partis.",
    ),
    TMEntry("Le Kremlin a confirmé.", "The Kremlin confirmed.", "first", "s0"),
    TMEntry(
        "Des images montrent des véhicules blindés quittant le territoire.",
        "Images show armoured vehicles leaving the territory.",
        "first",
        "s2",
    ),
]


def test_normalize_folds_space_and_apostrophes() -> None:
    assert normalize("L’AFP  a\u00a0cité ") == "L'AFP a cité"


def test_exact_and_in_context_match() -> None:
    index = TMIndex(ENTRIES)
    source = ENTRIES[0].source
    plain = index.exact(source)
    assert plain is not None and plain.score == 100 and plain.target == ENTRIES[0].target
    ctx = index.exact(source, prev="Le Kremlin a confirmé.", next=ENTRIES[0].next)
    assert ctx is not None and ctx.score == 101
    other_ctx = index.exact(source, prev="Autre phrase.", next=None)
    assert other_ctx is not None and other_ctx.score == 100
    assert index.exact(source, exclude=("first", "s1")) is None
    assert index.exact("Une phrase jamais vue.") is None


def test_fuzzy_match_with_percentage_and_differences() -> None:
    index = TMIndex(ENTRIES)
    query = "La Russie a déployé une force de 3 000 hommes dans la région."
    matches = index.fuzzy(query)
    assert [m.segment_id for m in matches] == ["s1"]
    assert 75 <= matches[0].score < 100
    assert matches[0].differences == ("3",)
    # Too different: below the threshold.
    assert index.fuzzy("Le conflit a mis à rude épreuve l'alliance.") == []
    # An exact match is not a fuzzy one.
    assert index.fuzzy(ENTRIES[0].source) == []


def test_search_concordance() -> None:
    index = TMIndex(ENTRIES)
    hits = index.search("kremlin")
    assert {h.segment_id for h in hits} == {"s0"}
    assert index.search("armoured")[0].segment_id == "s2"


def test_store_tm_entries_are_approved_segments_with_neighbours(tmp_path: Path) -> None:
    segs = make_segments(
        ("title", "Titre."),
        ("content", "Première phrase."),
        ("content", "Deuxième phrase."),
    )
    with open_store(tmp_path, create=True) as store:
        store.import_article("one", segs, title="t", source_path="a", source_sha256="x")
        store.store_mt("one", "en", [MTWrite(s.id, f"MT {s.source}", "m@1") for s in segs])
        store.approve("one", segs[1].id, "en", expected_version=1, target="First sentence.")
        store.save_target("one", segs[2].id, "en", "edited, not approved", expected_version=1)
        entries = store.tm_entries("en")
        assert entries == [
            TMEntry(
                "Première phrase.", "First sentence.", "one", segs[1].id, "Titre.", segs[2].source
            )
        ]
        assert store.tm_entries("vi") == []
