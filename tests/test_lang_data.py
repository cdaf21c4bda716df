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
        ("fr.NOT_NAMES", fr.NOT_NAMES),
        ("fr.ALWAYS_ABBREVIATIONS", fr.ALWAYS_ABBREVIATIONS),
        ("fr.NUMBER_ABBREVIATIONS", fr.NUMBER_ABBREVIATIONS),
        ("fr.MONTH_ABBREVIATIONS", frozenset(fr.MONTH_ABBREVIATIONS)),
        ("en.MONTH_ABBREVIATIONS", frozenset(en.MONTH_ABBREVIATIONS)),
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


def test_months_and_numbers() -> None:
    assert len(fr.MONTHS) == len(en.MONTHS) == 12
    assert fr.MONTHS[3] == "avril" and en.MONTHS[4] == "May"
    assert fr.MONTH_ABBREVIATIONS["déc"] == en.MONTH_ABBREVIATIONS["dec"] == 12
    assert en.MONTH_ABBREVIATIONS["sept"] == en.MONTH_ABBREVIATIONS["sep"] == 9
    assert vi.MONTH_WORDS["Chạp"] == vi.MONTH_WORDS["Mười Hai"] == 12
    assert fr.NUMBER_WORDS["seize"] == 16 and fr.NUMBER_WORDS["quarante"] == 40
    assert en.NUMBER_WORDS["ninety"] == 90 and vi.NUMBER_WORDS["tư"] == 4
    assert fr.SCALE_WORDS["milliards"] == en.SCALE_WORDS["billion"] == vi.SCALE_WORDS["tỉ"]
    assert en.SCALE_NAMES[10**12] == "trillion" and vi.SCALE_NAMES[10**12] == "nghìn tỷ"
    assert fr.APPROXIMATE_NUMBERS["centaines"] == 100
