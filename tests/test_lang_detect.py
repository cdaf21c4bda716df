"""Tests for workbench.lang.detect: the offline French / Vietnamese / English guess.

Its speed is measured by benchmarks/detect_bench.py, not asserted here."""

from __future__ import annotations

import pytest

from workbench.lang.detect import MAX_SAMPLE_CHARS, detect_language, is_french


@pytest.mark.parametrize(
    "text",
    [
        "Le porte-parole du Kremlin, Dmitri Peskov, a confirmé le 17 avril que la Russie part.",
        "La Russie retire ses forces de maintien de la paix du Haut-Karabakh",
        "Guerre en Ukraine",
        "Coupe du monde",
        "Brexit",  # no evidence at all: French by default
        "Contexte",
        "Pourquoi ?",
        "L’Azerbaïdjan",
        "Le Premier ministre Nguyễn Phú Trọng",  # Vietnamese names inside French
        "Le président Võ Văn Thưởng reçoit l'ambassadeur de France",
        "José Ramírez",
        "Il a dit : The end is near",
        "Happy VietNam",  # no evidence; segment/chrome.py lists it as boilerplate
        "Là-bas",  # "là" is a Vietnamese function word and a French word: no evidence
        "Là où il va, on le suit",  # "on" is English and French: no evidence for English
    ],
)
def test_french(text: str) -> None:
    assert detect_language(text) == "fr"
    assert is_french(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nga rút lực lượng gìn giữ hòa bình khỏi Nagorno-Karabakh- Ảnh 1.",
        "Cùng chủ đề",
        "Cùng chuyên mục",
        "Cùng tác giả",
        "Tác phẩm Ngày hè",
        "Tin tức mới nhất",
        "Thời sự",
        "Nguyễn Phú Trọng",
        "Ông bà họ",  # function words of the merged set (they came from the QA check's)
    ],
)
def test_vietnamese(text: str) -> None:
    assert detect_language(text) == "vi"
    assert not is_french(text)


@pytest.mark.parametrize(
    "text",
    [
        "No videos available",
        "Most popular",
        "The Guardian",
        "This is not available in your region",
        "Officials said",  # "said" came from the QA check's set
    ],
)
def test_english(text: str) -> None:
    assert detect_language(text) == "en"


def test_other_script_and_no_letters() -> None:
    assert detect_language("Дмитрий Песков") == "other"
    assert detect_language("阿塞拜疆") == "other"
    assert detect_language("17/04/2024") == "unknown"
    assert detect_language("") == "unknown"
    assert is_french("***")


def test_long_text_reads_only_a_sample() -> None:
    text = "Le conflit au Haut-Karabakh a mis à rude épreuve l’alliance. " * 100_000
    assert detect_language(text) == "fr"
    # Only the first MAX_SAMPLE_CHARS characters count: what follows them is never read.
    vietnamese = "Nga rút lực lượng gìn giữ hòa bình khỏi Nagorno-Karabakh. " * 1_000
    assert detect_language(vietnamese) == "vi"
    assert detect_language("." * MAX_SAMPLE_CHARS + vietnamese) == "unknown"
    assert detect_language("." * (MAX_SAMPLE_CHARS - 30) + vietnamese) == "vi"
