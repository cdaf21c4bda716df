from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support import make_segments
from workbench import tm
from workbench.store import MTWrite, open_store
from workbench.tm import TMDataError, TMEntry, TMIndex, TMMatch, normalize, tokens

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


def test_a_match_outside_the_first_40_candidates_is_found() -> None:
    """The old index scored only the 40 entries sharing the most rare query words: 45 long
    decoys holding every word of the query outvoted the one real near match (8 of its 10
    words), so it was never scored and the reviewer saw no match."""
    words = [f"mot{i}" for i in range(10)]
    query = " ".join(words)
    decoys = [
        TMEntry(" ".join(words + [f"bruit{d}x{k}" for k in range(20)]), f"EN {d}", "d", f"d{d}")
        for d in range(45)
    ]
    near = TMEntry(" ".join([*words[:8], "autre", "chose"]), "the match", "n", "n1")
    index = TMIndex([*decoys, near])
    assert [m.segment_id for m in index.fuzzy(query)] == ["n1"]
    assert index.fuzzy(query)[0].score == 80  # 2 x 8 / (10 + 10)
    # 2 x 10 / (30 + 10) = 50 %: none of the decoys is a match
    assert all(lcs(tokens(d.source), tokens(query)) == 10 for d in decoys)


def lcs(a: list[str], b: list[str]) -> int:
    """Longest common subsequence, by the textbook dynamic programme."""
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal, row[0] = 0, 0
        for j, y in enumerate(b, start=1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def brute_force(entries: list[TMEntry], query: str, threshold: int) -> list[tuple[int, str]]:
    """Every entry scored (no index, exact arithmetic): (percent, segment id), best first."""
    q = tokens(query)
    scored = []
    for i, e in enumerate(entries):
        words = tokens(e.source)
        common, total = lcs(words, q), len(words) + len(q)
        if 200 * common >= threshold * total and normalize(e.source) != normalize(query):
            scored.append(
                (Fraction(-common, total), i, min(99, 200 * common // total), e.segment_id)
            )
    return [(percent, sid) for _, _, percent, sid in sorted(scored)]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(list("abcdefghijklmnop")), max_size=12),
        min_size=1,
        max_size=40,
    ),
    st.lists(st.sampled_from(list("abcdefghijklmnopq")), min_size=1, max_size=12),
    st.sampled_from([40, 60, 75, 90, 99]),
)
def test_fuzzy_finds_exactly_what_scoring_every_entry_finds(
    sources: list[list[str]], query_words: list[str], threshold: int
) -> None:
    entries = [TMEntry(" ".join(s) + " .", "t", "s", f"e{i}") for i, s in enumerate(sources)]
    query = " ".join(query_words) + " ."
    got = TMIndex(entries).fuzzy(query, threshold=threshold, limit=len(entries))
    assert [(m.score, m.segment_id) for m in got] == brute_force(entries, query, threshold)


def test_a_vocabulary_too_large_for_characters_gives_the_same_matches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    query = "La Russie a déployé une force de 3 000 hommes dans la région."
    expected = TMIndex(ENTRIES).fuzzy(query)
    monkeypatch.setattr(tm, "_MAX_CHARS", 5)  # the lists-of-ids path
    assert TMIndex(ENTRIES).fuzzy(query) == expected and expected


@pytest.mark.parametrize(
    "data",
    [
        ["not", "an", "object"],
        {"score": 90, "source": "s", "target": "t", "slug": "a"},  # no segment_id
        {"score": "high", "source": "s", "target": "t", "slug": "a", "segment_id": "x"},
        {
            "score": 90,
            "source": "s",
            "target": "t",
            "slug": "a",
            "segment_id": "x",
            "differences": "3",
        },
    ],
    ids=["list", "missing-key", "score", "differences"],
)
def test_a_damaged_stored_match_is_a_tm_data_error(data: object) -> None:
    """Validated by assert before: gone under python -O, and an AssertionError to catch."""
    with pytest.raises(TMDataError) as info:
        TMMatch.from_json(data)
    assert isinstance(info.value, ValueError) and "\n" not in str(info.value)


def test_match_json_round_trip() -> None:
    match = TMIndex(ENTRIES).fuzzy("La Russie a déployé une force de 3 000 hommes dans la région.")
    assert [TMMatch.from_json(m.to_json()) for m in match] == match
