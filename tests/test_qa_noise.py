"""QA noise (issue 14 item 11): correct translations raise nothing, the real errors next to them
still do. The corpus ``tests/data/news_corpus.json`` holds French news sentences with correct
English and Vietnamese translations (``benchmarks/qa_noise.py`` prints its figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.glossary import seed_glossary
from workbench.qa import DEFAULT_CHECKS, Finding, run_checks

CORPUS = json.loads(
    (Path(__file__).parent / "data" / "news_corpus.json").read_text(encoding="utf-8")
)
#: Every check but ``confidence`` (it needs an MT score) and ``spelling`` (it needs the Hunspell
#: dictionaries; tests/test_spelling.py runs it on this corpus).
CHECKED = [name for name in DEFAULT_CHECKS if name not in {"confidence", "spelling"}]


def numbers(source: str, target: str, lang: str) -> list[Finding]:
    return run_checks(source, target, lang, enabled=["numbers"])


def messages(found: list[Finding]) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in found]


@pytest.mark.parametrize(
    ("source", "english", "vietnamese"),
    [(e["fr"], e["en"], e["vi"]) for e in CORPUS],
    ids=[f"corpus{i}" for i in range(len(CORPUS))],
)
def test_corpus_translations_raise_nothing(source: str, english: str, vietnamese: str) -> None:
    glossary = seed_glossary()
    for target, lang in ((english, "en"), (vietnamese, "vi")):
        found = run_checks(source, target, lang, enabled=CHECKED, glossary=glossary)
        assert found == [], (lang, target, messages(found))


def test_corpus_is_large_and_varied() -> None:
    assert len(CORPUS) >= 120
    sources = " ".join(e["fr"] for e in CORPUS)
    for feature in ("M€", "Md€", "k€", "Mds$", "milliard", "janv.", "sept.", "« ", "@", "#"):
        assert feature in sources, feature


# ------------------------------------------------------------------------------------------
# scale words and their abbreviations


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Un plan de 300 M€.", "A €300 million plan.", "en"),
        ("Un plan de 300 M€.", "Kế hoạch 300 triệu euro.", "vi"),
        ("Un bénéfice de 1,3 Md€.", "A profit of €1.3 billion.", "en"),
        ("Un bénéfice de 1,3 Md€.", "A profit of €1.3bn.", "en"),
        ("Un bénéfice de 1,3 Md€.", "Lợi nhuận 1,3 tỷ euro.", "vi"),
        ("Un accord de 4,2 Mds$.", "A $4.2 billion deal.", "en"),
        ("Une perte de 3 Mds d'euros.", "A loss of 3 billion euros.", "en"),
        ("Un salaire de 52 k€.", "A salary of €52,000.", "en"),
        ("Un salaire de 52 k€.", "A salary of €52k.", "en"),
        ("Un salaire de 52 k€.", "Mức lương 52.000 euro.", "vi"),
        ("Une perte de 450 millions d'euros.", "A loss of €450m.", "en"),
        ("Une perte de 450 millions d'euros.", "A loss of $450mn.", "en"),
        ("Un accord de 300 millions de dollars.", "A $300-million deal.", "en"),
        ("Un budget de 1,5 milliard d'euros.", "A budget of 1.5 billion euros.", "en"),
        ("Un budget de 1,5 milliard d'euros.", "Ngân sách 1,5 tỷ euro.", "vi"),
        # Not scale abbreviations: a length, and M. before a name.
        ("Un mur de 5 m de haut.", "A wall 5 m high.", "en"),
        ("Un mur de 5 M de haut.", "A wall 5 m high.", "en"),
    ],
)
def test_scale_words_right_are_not_flagged(source: str, target: str, lang: str) -> None:
    assert numbers(source, target, lang) == []


def test_scale_words_wrong_are_still_flagged() -> None:
    (changed,) = numbers("Un plan de 300 M€.", "A €300 billion plan.", "en")
    assert changed.severity == "error" and "expected 300 million" in changed.message
    (changed,) = numbers("Un plan de 1,5 Md€.", "Kế hoạch 1,5 triệu euro.", "vi")
    assert changed.severity == "error" and "expected 1,5 tỷ" in changed.message
    (lost,) = numbers("Un plan de 300 M€.", "A €300 plan.", "en")
    assert lost.severity == "warning" and "expected 300 million" in lost.message
    (lost,) = numbers("Un salaire de 52 k€.", "A salary of €52.", "en")
    assert "expected 52 thousand" in lost.message
    # "450m" without a currency sign reads as a length: the scale is not taken for granted.
    (lost,) = numbers("Une perte de 450 millions d'euros.", "A loss of 450m.", "en")
    assert "expected 450 million" in lost.message


# ------------------------------------------------------------------------------------------
# abbreviated French months


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Le 25 janv. 2024, la BCE a décidé.", "On Jan. 25, 2024, the ECB decided.", "en"),
        ("Le 25 janv. 2024, la BCE a décidé.", "Ngày 25/1/2024, ECB đã quyết định.", "vi"),
        ("Depuis le 1er févr., les prix montent.", "Since Feb. 1, prices have risen.", "en"),
        ("Il ouvrira en sept. 2025.", "It will open in September 2025.", "en"),
        ("Le volcan est entré en éruption le 3 sept. au matin.", "The volcano erupted on "
         "the morning of Sept. 3.", "en"),
        ("Le 12 déc. prochain.", "Ngày 12/12 tới.", "vi"),
        ("Le 4 juill. dernier.", "Last July 4.", "en"),
        # "sept." after no day and before no year is seven.
        ("Ils étaient sept.", "There were seven.", "en"),
    ],
)  # fmt: skip
def test_abbreviated_months_are_months(source: str, target: str, lang: str) -> None:
    assert numbers(source, target, lang) == []


def test_abbreviated_months_wrong_are_flagged() -> None:
    (wrong,) = numbers("Le 5 janv. 2024.", "On 5 February 2024.", "en")
    assert wrong.message == "month janvier became February (expected January)"
    (lost,) = numbers("Le 3 sept. au matin.", "On the morning of the 3rd.", "en")
    assert lost.message == "month septembre is missing from the translation (expected September)"


# ------------------------------------------------------------------------------------------
# one finding per number; counts said as counts


def test_a_number_repeated_by_a_loop_is_one_finding_about_its_count() -> None:
    source = "Un budget de 1,5 milliard d'euros."
    target = "A budget of 1.5 billion euros, 1.5 billion euros, 1.5 billion euros."
    (finding,) = numbers(source, target, "en")
    assert finding.severity == "warning"
    assert finding.message == (
        "1.5 billion occurs 3 times in the translation but once in the source: check the count"
    )
    assert finding.span is not None and finding.span[0] == target.index("1.5", 15)


def test_a_repetition_dropped_is_one_finding_about_its_count() -> None:
    source = "Le 17 avril, puis à nouveau le 17 mai, il a parlé."
    (finding,) = numbers(source, "On April 17, then again in May, he spoke.", "en")
    assert finding.message == (
        "17 occurs twice in the source but once in the translation: check the count"
    )
    assert finding.span is None
    assert finding.source_span == (source.index("17", 5), source.index("17", 5) + 2)


def test_copies_of_an_extra_number_are_one_finding() -> None:
    source = "La Russie a déployé une force de 2 000 hommes."
    target = "Russia deployed a force of 2,000 troops in 3 days, 3 days, 3 days."
    (finding,) = numbers(source, target, "en")
    assert finding.severity == "error"
    assert finding.message == "number 3 is not in the source (3 times)"
    target = "Russia deployed a force of 200 troops, 200 troops, 200 troops."
    (finding,) = numbers(source, target, "en")
    assert finding.message == "number 2 000 became 200 (3 times) (expected 2,000)"


def test_one_date_is_one_finding() -> None:
    source = "Publié le 17/04/2024"
    target = "Published 18/05/2023"
    (finding,) = numbers(source, target, "en")
    assert finding.severity == "error" and finding.source_span == (10, 20)
    assert finding.span == (10, 20)
    assert "18" in finding.message and "2023" in finding.message and "avril" in finding.message
    # A date written with dots is a date, not the number 17.04.
    assert numbers(source, "Published 17.04.2024", "en") == []


def test_two_problems_of_one_number_are_one_finding() -> None:
    source = "Le chômage atteint 12,5 % cette année."
    target = "Unemployment reaches 12,5 % this year."
    (finding,) = numbers(source, target, "en")
    assert finding.message.startswith("use 12.5 in English (found 12,5, the French number 12,5)")
    assert "; no space before % in English" in finding.message
    assert finding.span == (21, 27)
    # The suggestion keeps the scale word of the number it replaces.
    (finding,) = numbers("Un budget de 1,5 milliard.", "A budget of 1,5 billion.", "en")
    assert finding.message.startswith("use 1.5 billion in English")


# ------------------------------------------------------------------------------------------
# names: capitalised common nouns and sentence-initial words are not names


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        # Ministries' portfolios, alone or in a chain.
        ("Le ministre de l'Économie a parlé.", "Bộ trưởng Kinh tế đã phát biểu.", "vi"),
        ("La ministre de la Santé a parlé.", "The health minister spoke.", "en"),
        ("Le ministre de l'Europe et des Affaires étrangères arrive.",
         "Bộ trưởng Châu Âu và Ngoại giao đến.", "vi"),
        ("Le ministère des Armées a démenti.", "Bộ Quân đội đã bác bỏ.", "vi"),
        # Institutions: a capitalised noun and its adjective, or one of the usual nouns.
        ("Selon la Garde nationale, tout va bien.", "Theo Vệ binh Quốc gia, mọi việc ổn.", "vi"),
        ("Le Trésor américain a émis des obligations.", "Bộ Tài chính Mỹ phát hành trái phiếu.",
         "vi"),
        ("Le Conseil constitutionnel a tranché.", "Hội đồng Hiến pháp đã phán quyết.", "vi"),
        ("Le Congrès a inscrit l'IVG dans la Constitution.",
         "Quốc hội đã đưa quyền phá thai vào Hiến pháp.", "vi"),
        ("Le budget de la Défense augmente.", "The defense budget is rising.", "en"),
        # A sentence start after a closing quotation mark.
        ("« Nous partons. » Interrogé, il a refusé de commenter.",
         "“We are leaving.” Asked, he declined to comment.", "en"),
        # Names translated by the alias table.
        ("Le président Xi Jinping est arrivé.", "Chủ tịch Tập Cận Bình đã đến.", "vi"),
        ("Hô Chi Minh-Ville compte 9 millions d'habitants.",
         "Ho Chi Minh City has 9 million inhabitants.", "en"),
        ("Le taux restera à 3 %, a confirmé Bercy.", "The rate will stay at 3%, the Finance "
         "Ministry confirmed.", "en"),
        # A scale abbreviation is not a name.
        ("Un accord de 4,2 Mds$ a été signé.", "A $4.2 billion deal was signed.", "en"),
    ],
)  # fmt: skip
def test_capitalised_common_nouns_are_not_names(source: str, target: str, lang: str) -> None:
    assert run_checks(source, target, lang, enabled=["names"]) == []


def test_real_names_beside_common_nouns_are_still_checked() -> None:
    source = "Le ministre de l'Intérieur a rencontré le président de la Tunisie."
    (finding,) = run_checks(source, "Bộ trưởng Nội vụ đã gặp tổng thống.", "vi", enabled=["names"])
    assert finding.message == "name Tunisie is missing from the translation"
    source = "Selon Reuters, la Garde nationale est arrivée."
    (finding,) = run_checks(source, "The National Guard has arrived.", "en", enabled=["names"])
    assert finding.message == "name Reuters is missing from the translation"
    source = "Le ministre a rencontré Gérald Darmanin."
    (finding,) = run_checks(source, "The minister met him.", "en", enabled=["names"])
    assert finding.message == "name Gérald Darmanin is missing from the translation"
    source = "« Nous partons », a dit Interrogé Dupont."
    (finding,) = run_checks(source, "“We are leaving,” he said.", "en", enabled=["names"])
    assert "Interrogé Dupont" in finding.message
