"""workbench.mt.pieces (what a model is given) and workbench.segment.english (the English
sentence rule for pivots)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.mt.pieces import rejoin, split_for_model
from workbench.segment.english import english_sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in english_sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Peskov said so. Russia left.", ["Mr. Peskov said so.", "Russia left."]),
        (
            "U.S. troops left on Sept. 5. Then Armenia spoke.",
            ["U.S. troops left on Sept. 5.", "Then Armenia spoke."],
        ),
        ('He said "No." Then he left!', ['He said "No."', "Then he left!"]),
        ("See No. 5 and vol. 2. Done.", ["See No. 5 and vol. 2.", "Done."]),
        (
            "D. Peskov confirmed it. 2,000 troops left.",
            ["D. Peskov confirmed it.", "2,000 troops left."],
        ),
        ("A. B. Smith and J.-M. Le Pen met.", ["A. B. Smith and J.-M. Le Pen met."]),
        ("Is it over? (Not yet.) Wait", ["Is it over?", "(Not yet.)", "Wait"]),
        ("prices rose 3.5 percent. and then", ["prices rose 3.5 percent. and then"]),
        ("  One sentence only.  ", ["One sentence only."]),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def _words(text: str) -> int:
    return len(text.split())


def test_sentences_are_split_and_rejoined_with_their_whitespace() -> None:
    text = "La Russie retire ses forces.  Le Kremlin l’a confirmé. M. Peskov a parlé."
    split = split_for_model(text, "fr", _words, limit=150)
    assert split.pieces == (
        "La Russie retire ses forces.",
        "Le Kremlin l’a confirmé.",
        "M. Peskov a parlé.",
    )
    assert split.separators == ("", "  ", " ")
    assert (split.sentences, split.clauses, split.cut) == (3, False, False)
    assert rejoin(split.pieces, split.separators) == text


def test_a_long_sentence_is_split_at_clauses_packed_up_to_the_limit() -> None:
    clause = "the peacekeepers left the region"
    text = f"{clause}, {clause}; {clause} – {clause}, {clause}."
    split = split_for_model(text, "en", _words, limit=12)
    assert split.clauses and not split.cut
    assert all(_words(piece) <= 12 for piece in split.pieces)
    assert split.pieces[0] == f"{clause}, {clause};"  # two clauses packed (10 words)
    assert rejoin(split.pieces, split.separators) == text


def test_a_clause_over_the_limit_is_cut_between_words_and_says_so() -> None:
    text = " ".join(f"word{i}" for i in range(40))
    split = split_for_model(text, "en", _words, limit=15)
    assert split.cut
    assert [_words(piece) for piece in split.pieces] == [15, 15, 10]
    assert rejoin(split.pieces, split.separators) == text


def test_a_word_longer_than_the_limit_stays_whole() -> None:
    split = split_for_model("x" * 500, "en", lambda text: len(text), limit=100)
    assert split.pieces == ("x" * 500,) and split.cut


def test_rejoin_skips_empty_translations() -> None:
    assert rejoin(["A.", "", "C."], ["", " ", " "]) == "A. C."


@given(st.text(alphabet=st.sampled_from("ab .,;:!?–\n"), max_size=120), st.integers(1, 8))
def test_nothing_is_ever_lost(text: str, limit: int) -> None:
    split = split_for_model(text, "en", _words, limit=limit)
    joined = "".join(sep + piece for sep, piece in zip(split.separators, split.pieces, strict=True))
    assert joined == text.strip()
    assert all(piece.strip() == piece and piece for piece in split.pieces)
