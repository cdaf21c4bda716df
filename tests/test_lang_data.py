"""workbench.lang.fr / en / vi: one table per language, coherent with itself and the others.

How the tables behave in use is tested where they are used: language detection
(tests/test_lang_detect.py), the QA checks (tests/test_qa.py) and segmentation
(tests/test_segment.py)."""

from __future__ import annotations

import unicodedata

import pytest

from workbench.lang import en, fr, vi


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("fr.STOPWORDS", fr.STOPWORDS),
        ("en.STOPWORDS", en.STOPWORDS),
        ("vi.STOPWORDS", vi.STOPWORDS),
        ("en.PAGE_WORDS", en.PAGE_WORDS),
    ],
)
def test_word_sets_are_lower_case_nfc(name: str, words: frozenset[str]) -> None:
    assert words, name
    for word in words:
        assert word == word.lower() == unicodedata.normalize("NFC", word), (name, word)
        assert word == word.strip() and " " not in word, (name, word)


def test_shared_words_are_declared_within_their_own_set() -> None:
    # A word of two languages is evidence for neither: each set names the ones it shares.
    assert fr.ALSO_ENGLISH <= fr.STOPWORDS
    assert fr.ALSO_VIETNAMESE <= fr.STOPWORDS
    assert en.ALSO_FRENCH <= en.STOPWORDS
    assert en.ALSO_VIETNAMESE <= en.STOPWORDS
    assert vi.ALSO_FRENCH <= vi.STOPWORDS
    # No word is a function word of two languages at once.
    assert not fr.STOPWORDS & en.STOPWORDS
    assert not fr.STOPWORDS & vi.STOPWORDS
    assert not en.STOPWORDS & vi.STOPWORDS


def test_one_set_per_language_replaces_the_two_that_disagreed() -> None:
    # The QA check's and the detector's sets were merged: each old word is still there.
    assert {"selon", "entre", "après", "depuis", "dont", "sous", "très"} <= fr.STOPWORDS
    assert {"comme", "être", "était", "doit", "faut", "a", "y"} <= fr.STOPWORDS
    assert {"said", "but", "or", "as", "on", "an"} <= en.STOPWORDS
    assert {"could", "should", "there", "about", "because"} <= en.STOPWORDS
    assert {"là", "ở", "ông", "bà", "họ", "rằng", "nhiều", "bị"} <= vi.STOPWORDS
