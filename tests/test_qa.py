"""QA checks, translate-toolkit style: every check catches a real failure and lets its near-miss
pass, in English and Vietnamese. Sentences come from the seed article (samples/karabakh)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import InputError
from workbench.glossary import Glossary, Term, seed_glossary
from workbench.qa import (
    CHECKS,
    DEFAULT_CHECKS,
    SEVERITIES,
    Finding,
    format_number,
    load_name_aliases,
    parse_enabled,
    run_checks,
    worst,
)

# (French source, English reference, Vietnamese reference): the seed article's content segments.
SEED_PAIRS = [
    (
        "La Russie retire ses forces de maintien de la paix du Haut-Karabakh",
        "Russia withdraws its peacekeeping forces from Nagorno-Karabakh",
        "Nga rút lực lượng gìn giữ hòa bình khỏi Nagorno-Karabakh",
    ),
    (
        "Le porte-parole du Kremlin, Dmitri Peskov, a confirmé le 17 avril que la Russie avait "
        "commencé à retirer ses forces de maintien de la paix de la région du Haut-Karabakh en "
        "Azerbaïdjan, selon RT.",
        "Kremlin spokesman Dmitry Peskov confirmed on April 17 that Russia had begun withdrawing "
        "its peacekeeping forces from the Nagorno-Karabakh region of Azerbaijan, according to RT.",
        "Người phát ngôn Điện Kremlin Dmitry Peskov ngày 17/4 xác nhận Nga đã bắt đầu rút lực "
        "lượng gìn giữ hòa bình khỏi khu vực Nagorno-Karabakh ở Azerbaijan, theo RT.",
    ),
    (
        "Des membres de la force de maintien de la paix russe escortent des Arméniens vers une "
        "base russe au Haut-Karabakh en septembre 2023.",
        "Members of the Russian peacekeeping force escort Armenians to a Russian base in "
        "Nagorno-Karabakh in September 2023.",
        "Các thành viên lực lượng gìn giữ hòa bình Nga hộ tống người Armenia đến một căn cứ của "
        "Nga ở Nagorno-Karabakh vào tháng 9/2023.",
    ),
    (
        "Les médias azerbaïdjanais avaient précédemment rapporté que les troupes russes avaient "
        "commencé à se retirer dans le cadre d'un accord de cessez-le-feu de 2020 entre "
        "l'Azerbaïdjan et l'Arménie, négocié par Moscou.",
        "Azerbaijani media had earlier reported that Russian troops had begun to withdraw under a "
        "2020 ceasefire agreement between Azerbaijan and Armenia, brokered by Moscow.",
        "Truyền thông Azerbaijan trước đó đưa tin binh sĩ Nga đã bắt đầu rút đi trong khuôn khổ "
        "thỏa thuận ngừng bắn năm 2020 giữa Azerbaijan và Armenia do Moscow làm trung gian.",
    ),
    (
        "L'AFP a cité Hikmet Hajiyev, conseiller en politique étrangère du président "
        "azerbaïdjanais Ilham Aliyev, affirmant que la décision avait été convenue aux plus hauts "
        "niveaux de Bakou et de Moscou.",
        "AFP quoted Hikmet Hajiyev, foreign policy adviser to Azerbaijani President Ilham Aliyev, "
        "as saying that the decision had been agreed at the highest levels in Baku and Moscow.",
        "AFP dẫn lời ông Hikmet Hajiyev, cố vấn chính sách đối ngoại của Tổng thống Azerbaijan "
        "Ilham Aliyev, cho biết quyết định đã được thống nhất ở cấp cao nhất của Baku và Moscow.",
    ),
    (
        "La Russie a déployé une force de maintien de la paix de 2 000 hommes dans la région dans "
        "le cadre d'un accord qui a contribué à mettre fin à un conflit de six semaines en 2020.",
        "Russia deployed a peacekeeping force of 2,000 troops in the region under an agreement "
        "that helped end a six-week conflict in 2020.",
        "Nga đã triển khai lực lượng gìn giữ hòa bình gồm 2.000 binh sĩ tới khu vực này theo một "
        "thỏa thuận góp phần chấm dứt cuộc xung đột kéo dài 6 tuần vào năm 2020.",
    ),
    (
        "En septembre 2023, l’Azerbaïdjan a repris le contrôle de tout le Haut-Karabakh après une "
        "offensive éclair.",
        "In September 2023, Azerbaijan regained control of all of Nagorno-Karabakh after a "
        "lightning offensive.",
        "Tháng 9/2023, Azerbaijan giành lại quyền kiểm soát toàn bộ Nagorno-Karabakh sau một cuộc "
        "tấn công chớp nhoáng.",
    ),
    (
        "Presque tous les 100 000 Arméniens de souche ont été évacués vers l’Arménie.",
        "Almost all of the 100,000 ethnic Armenians were evacuated to Armenia.",
        "Gần như toàn bộ 100.000 người gốc Armenia đã được sơ tán sang Armenia.",
    ),
    (
        "Le Premier ministre arménien déclare que l'Azerbaïdjan pourrait attaquer s'il n'y a pas "
        "de compromis",
        "Armenian Prime Minister says Azerbaijan could attack if there is no compromise",
        "Thủ tướng Armenia nói Azerbaijan có thể tấn công nếu không có thỏa hiệp",
    ),
    (
        "Le Haut-Karabakh est internationalement reconnu comme faisant partie de l’Azerbaïdjan, "
        "mais sa population est majoritairement arménienne.",
        "Nagorno-Karabakh is internationally recognized as part of Azerbaijan, but its population "
        "is predominantly Armenian.",
        "Nagorno-Karabakh được quốc tế công nhận là một phần của Azerbaijan, nhưng phần lớn dân số "
        "ở đây là người gốc Armenia.",
    ),
    (
        "La région est sous le contrôle des séparatistes pro-arméniens depuis près de trois "
        "décennies.",
        "The region has been under the control of pro-Armenian separatists for nearly three "
        "decades.",
        "Khu vực này nằm dưới sự kiểm soát của lực lượng ly khai thân Armenia suốt gần ba thập "
        "niên.",
    ),
    (
        "Le conflit au Haut-Karabakh a mis à rude épreuve l’alliance entre la Russie et l’Arménie.",
        "The conflict in Nagorno-Karabakh has put the alliance between Russia and Armenia under "
        "severe strain.",
        "Cuộc xung đột ở Nagorno-Karabakh đã khiến liên minh giữa Nga và Armenia bị thử thách "
        "nghiêm trọng.",
    ),
    (
        "Le Premier ministre arménien Nikol Pashinyan a récemment déclaré qu'Erevan avait suspendu "
        "sa participation à l'Organisation du traité de sécurité collective (OTSC) dirigée par "
        "Moscou.",
        "Armenian Prime Minister Nikol Pashinyan recently said that Yerevan had suspended its "
        "participation in the Moscow-led Collective Security Treaty Organization (CSTO).",
        "Thủ tướng Armenia Nikol Pashinyan gần đây tuyên bố Yerevan đã tạm ngừng tham gia Tổ chức "
        "Hiệp ước An ninh Tập thể (CSTO) do Moscow dẫn dắt.",
    ),
    (
        "Il a critiqué à plusieurs reprises la Russie pour ne pas avoir soutenu l’Arménie face aux "
        "actions de l’Azerbaïdjan, qui entretient des relations chaleureuses avec Moscou.",
        "He has repeatedly criticized Russia for failing to support Armenia in the face of actions "
        "by Azerbaijan, which maintains warm relations with Moscow.",
        "Ông đã nhiều lần chỉ trích Nga vì không hỗ trợ Armenia trước các hành động của "
        "Azerbaijan, quốc gia có quan hệ nồng ấm với Moscow.",
    ),
]

DEPLOYED = "La Russie a déployé une force de 2 000 hommes."
PESKOV = "Le porte-parole du Kremlin, Dmitri Peskov, a confirmé le retrait."


def findings(check: str, source: str, target: str, lang: str, **kwargs: object) -> list[Finding]:
    return run_checks(source, target, lang, enabled=[check], **kwargs)  # type: ignore[arg-type]


def passes(check: str, source: str, target: str, lang: str, **kwargs: object) -> None:
    found = findings(check, source, target, lang, **kwargs)
    assert not found, f"{check} flagged {target!r}: {[f.message for f in found]}"


def fails(
    check: str,
    source: str,
    target: str,
    lang: str,
    severity: str | None = None,
    **kwargs: object,
) -> list[Finding]:
    found = findings(check, source, target, lang, **kwargs)
    assert found, f"{check} did not flag {target!r}"
    if severity is not None:
        assert [f.severity for f in found] == [severity] * len(found), found
    return found


def pointed(target: str, finding: Finding) -> str:
    assert finding.span is not None, finding
    return target[finding.span[0] : finding.span[1]]


# ------------------------------------------------------------------------------------------
# numbers


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        (DEPLOYED, "Russia deployed a force of 2,000 troops.", "en"),
        (DEPLOYED, "Nga đã triển khai một lực lượng 2.000 quân.", "vi"),
        (DEPLOYED, "Russia deployed a force of 2000 troops.", "en"),
        ("une force de 2\u00a0000 hommes", "a force of 2,000 troops", "en"),
        ("une force de 2\u202f000 hommes", "một lực lượng 2.000 quân", "vi"),
        (
            "Presque tous les 100 000 Arméniens ont été évacués.",
            "Almost all 100,000 Armenians were evacuated.",
            "en",
        ),
        (
            "Presque tous les 100 000 Arméniens ont été évacués.",
            "Gần như toàn bộ 100.000 người Armenia đã được sơ tán.",
            "vi",
        ),
        ("Il a confirmé le 17 avril le retrait.", "He confirmed the withdrawal on April 17.", "en"),
        ("Il a confirmé le 17 avril le retrait.", "He confirmed the withdrawal on 17 April.", "en"),
        ("Il a confirmé le 17 avril le retrait.", "Ông xác nhận việc rút quân ngày 17/4.", "vi"),
        ("Il a confirmé le 17 avril.", "Ông xác nhận vào ngày 17 tháng 4.", "vi"),
        ("Publié le 17/04/2024", "Published 17/04/2024", "en"),
        ("Publié le 17/04/2024", "Published April 17, 2024", "en"),
        ("Publié le 17/04/2024", "Published 17 April 2024", "en"),
        ("Publié le 17/04/2024", "Đăng ngày 17/04/2024", "vi"),
        ("Publié le 17/04/2024", "Đăng ngày 17/4/2024", "vi"),
        ("Publié le 17/04/2024", "Đăng ngày 17 tháng 4 năm 2024", "vi"),
        ("La croissance est de 1,5 point.", "Growth is 1.5 points.", "en"),
        ("La croissance est de 1,5 point.", "Tăng trưởng là 1,5 điểm.", "vi"),
        ("Le chômage atteint 12,5 % cette année.", "Unemployment reaches 12.5% this year.", "en"),
        ("Le chômage atteint 12,5 % cette année.", "Unemployment is 12.5 percent this year.", "en"),
        ("Le chômage atteint 12,5 % cette année.", "Thất nghiệp đạt 12,5% trong năm nay.", "vi"),
        # Years: never a thousands separator, never a warning.
        ("un accord de cessez-le-feu de 2020", "a 2020 ceasefire agreement", "en"),
        ("un accord de cessez-le-feu de 2020", "thỏa thuận ngừng bắn năm 2020", "vi"),
        ("en septembre 2023", "in September 2023", "en"),
        ("en septembre 2023", "vào tháng 9/2023", "vi"),
        ("en septembre 2023", "vào tháng 9 năm 2023", "vi"),
        # Numbers in words: not required as digits, and digits of the source may be spelled.
        ("un conflit de six semaines en 2020", "a six-week conflict in 2020", "en"),
        ("un conflit de six semaines en 2020", "cuộc xung đột kéo dài 6 tuần vào năm 2020", "vi"),
        ("un conflit de 6 semaines en 2020", "a six-week conflict in 2020", "en"),
        ("un conflit de 6 semaines en 2020", "cuộc xung đột kéo dài sáu tuần năm 2020", "vi"),
        ("depuis près de trois décennies", "for nearly three decades", "en"),
        ("au XIXe siècle", "in the 19th century", "en"),
        # Scale words and times.
        ("Un budget de 1,5 milliard d'euros.", "A budget of 1.5 billion euros.", "en"),
        ("Un budget de 1,5 milliard d'euros.", "Ngân sách 1,5 tỷ euro.", "vi"),
        ("Un budget de 2 millions d'euros.", "A budget of 2,000,000 euros.", "en"),
        ("La réunion a lieu à 14h30.", "The meeting is at 2:30 p.m.", "en"),
        ("La réunion a lieu à 14h30.", "The meeting is at 14:30.", "en"),
        ("La réunion a lieu à 14h30.", "Cuộc họp diễn ra lúc 14h30.", "vi"),
        ("Aucun chiffre ici.", "No figures here.", "en"),
    ],
)
def test_numbers_pass(source: str, target: str, lang: str) -> None:
    passes("numbers", source, target, lang)


def test_numbers_changed_number_is_an_error_pointing_at_it() -> None:
    target = "Russia deployed a force of 200 troops."
    (finding,) = fails("numbers", DEPLOYED, target, "en", "error")
    assert pointed(target, finding) == "200"
    assert finding.message == "number 2 000 became 200 (expected 2,000)"
    assert DEPLOYED[finding.source_span[0] : finding.source_span[1]] == "2 000"


def test_numbers_missing_and_extra() -> None:
    (missing,) = fails("numbers", DEPLOYED, "Russia deployed a force of troops.", "en", "error")
    assert missing.span is None
    assert missing.message == "number 2 000 is missing from the translation (expected 2,000)"
    target = "Nga đã triển khai 2.000 quân trong 3 ngày."
    (extra,) = fails("numbers", DEPLOYED, target, "vi", "error")
    assert pointed(target, extra) == "3"
    assert "not in the source" in extra.message


@pytest.mark.parametrize(
    ("target", "lang", "wrong", "advice"),
    [
        ("Russia deployed a force of 2.000 troops.", "en", "2.000", "use 2,000 in English"),
        ("Russia deployed a force of 2 000 troops.", "en", "2 000", "use 2,000 in English"),
        ("Nga đã triển khai một lực lượng 2,000 quân.", "vi", "2,000", "use 2.000 in Vietnamese"),
        ("Nga đã triển khai một lực lượng 2 000 quân.", "vi", "2 000", "use 2.000 in Vietnamese"),
    ],
)
def test_numbers_wrong_locale_format_is_a_warning(
    target: str, lang: str, wrong: str, advice: str
) -> None:
    (finding,) = fails("numbers", DEPLOYED, target, lang, "warning")
    assert pointed(target, finding) == wrong
    assert finding.message.startswith(advice)


def test_numbers_decimal_comma_in_english_and_ungrouped_large_number() -> None:
    target = "Growth is 1,5 points."
    (finding,) = fails("numbers", "La croissance est de 1,5 point.", target, "en", "warning")
    assert finding.message.startswith("use 1.5 in English")
    target = "Almost all 100000 Armenians were evacuated."
    source = "Presque tous les 100 000 Arméniens ont été évacués."
    (finding,) = fails("numbers", source, target, "en", "warning")
    assert pointed(target, finding) == "100000"


def test_numbers_dates_and_months() -> None:
    source = "Il a confirmé le 17 avril le retrait."
    target = "He confirmed the withdrawal on May 17."
    (finding,) = fails("numbers", source, target, "en", "error")
    assert pointed(target, finding) == "May"
    assert "expected April" in finding.message
    fails("numbers", source, "He confirmed the withdrawal on April 18.", "en", "error")
    fails("numbers", source, "Ông xác nhận việc rút quân ngày 17/5.", "vi", "error")
    fails("numbers", "Publié le 17/04/2024", "Published April 17, 2023", "en", "error")
    # "May" the verb is not a month.
    passes("numbers", "Il se peut qu'ils partent.", "May they leave.", "en")


def test_numbers_percent_and_scale() -> None:
    source = "Le chômage atteint 12,5 % cette année."
    target = "Unemployment reaches 12.5 % this year."
    (finding,) = fails("numbers", source, target, "en", "warning")
    assert pointed(target, finding) == " %"
    (lost,) = fails("numbers", source, "Unemployment reaches 12.5 this year.", "en", "warning")
    assert "percent" in lost.message
    target = "A budget of 1.5 million euros."
    (scale,) = fails("numbers", "Un budget de 1,5 milliard d'euros.", target, "en", "error")
    assert pointed(target, scale) == "1.5 million"
    assert "expected 1.5 billion" in scale.message


def test_format_number() -> None:
    assert format_number(__import__("decimal").Decimal("2000"), "en", grouped=True) == "2,000"
    assert format_number(__import__("decimal").Decimal("2000"), "vi", grouped=True) == "2.000"
    assert format_number(__import__("decimal").Decimal("2020"), "en") == "2020"
    assert format_number(__import__("decimal").Decimal("12.5"), "vi", percent=True) == "12,5%"
    assert format_number(__import__("decimal").Decimal("100000"), "en") == "100,000"


# ------------------------------------------------------------------------------------------
# punctuation


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Vraiment ?", "Really?", "en"),
        ("Vraiment ?", "Thật sao?", "vi"),
        ("Il a déclaré :", "He said:", "en"),
        ("« Nous partons. »", "“We are leaving.”", "en"),
        ("Nous partons...", "We are leaving…", "en"),
        # A title has no final stop, in any language.
        (SEED_PAIRS[0][0], SEED_PAIRS[0][1], "en"),
        (SEED_PAIRS[0][0], SEED_PAIRS[0][2], "vi"),
        # The final stop of an abbreviation is not an added full stop.
        ("Une délégation des États-Unis", "A delegation from the U.S.", "en"),
        ("Le ratio est 3 : 1.", "The ratio is 3 : 1.", "en"),
    ],
)
def test_punctuation_pass(source: str, target: str, lang: str) -> None:
    passes("punctuation", source, target, lang)


def test_punctuation_french_space_before_question_mark() -> None:
    (finding,) = fails("punctuation", "Vraiment ?", "Really ?", "en", "warning")
    assert pointed("Really ?", finding) == " ?"
    (finding,) = fails("punctuation", "Vraiment ?", "Thật sao\u00a0?", "vi", "warning")
    assert finding.message == "no space before ? in Vietnamese (French typography)"
    fails("punctuation", "Il a dit : non.", "He said : no.", "en", "warning")


def test_punctuation_final_mark_lost_changed_added() -> None:
    (lost,) = fails("punctuation", "Le retrait a commencé.", "The withdrawal has begun", "en")
    assert lost.span is None and lost.source_span == (21, 22)
    (changed,) = fails("punctuation", "Vraiment ?", "Thật sao.", "vi")
    assert pointed("Thật sao.", changed) == "."
    target = "Russia withdraws its peacekeeping forces."
    (added,) = fails("punctuation", SEED_PAIRS[0][0], target, "en")
    assert pointed(target, added) == "."


# ------------------------------------------------------------------------------------------
# brackets and quotes


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Il a dit : « Nous partons. »", "He said: “We are leaving.”", "en"),
        ("Il a dit : « Nous partons. »", "Ông nói: “Chúng tôi rời đi.”", "vi"),
        ("l'Organisation (OTSC) dirigée par Moscou", "the Moscow-led organization (CSTO)", "en"),
        # A quotation spanning two segments is unbalanced in both: not the translator's fault.
        ("Il a dit : « Nous partons.", "He said: “We are leaving.", "en"),
        ('Il a dit : "Nous partons."', 'He said: "We are leaving."', "en"),
    ],
)
def test_brackets_quotes_pass(source: str, target: str, lang: str) -> None:
    passes("brackets_quotes", source, target, lang)


def test_brackets_quotes_unbalanced() -> None:
    source = "l'Organisation (OTSC) dirigée par Moscou"
    target = "the Moscow-led organization (CSTO"
    (finding,) = fails("brackets_quotes", source, target, "en", "warning")
    assert pointed(target, finding) == "("
    target = "tổ chức CSTO) do Moscow dẫn dắt"
    (finding,) = fails("brackets_quotes", source, target, "vi", "warning")
    assert pointed(target, finding) == ")"
    target = 'He said: "We are leaving.'
    fails("brackets_quotes", 'Il a dit : "Nous partons."', target, "en")


def test_brackets_quotes_guillemets_in_english_and_vietnamese() -> None:
    source = "Il a dit : « Nous partons. »"
    target = "He said: « We are leaving. »"
    (finding,) = fails("brackets_quotes", source, target, "en", "warning")
    assert pointed(target, finding) == "« We are leaving. »"
    assert "use “ ” rather than French « » in English" in finding.message
    fails("brackets_quotes", source, "Ông nói: « Chúng tôi rời đi. »", "vi", "info")
    target = "He said: “ We are leaving. ”"
    (finding,) = fails("brackets_quotes", source, target, "en", "warning")
    assert pointed(target, finding) == "“ We are leaving. ”"


# ------------------------------------------------------------------------------------------
# untranslated


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("RT", "RT", "en"),
        ("AFP", "AFP", "vi"),
        ("Dmitri Peskov", "Dmitri Peskov", "en"),
        ("17/04/2024", "17/04/2024", "vi"),
        (SEED_PAIRS[4][0], SEED_PAIRS[4][1], "en"),
        # French names inside English are not French text.
        (
            "Le journal Le Monde cite Charles de Gaulle.",
            "The newspaper Le Monde quotes Charles de Gaulle.",
            "en",
        ),
        # "du" is a Vietnamese syllable too (du lịch, du kích).
        (
            "Le tourisme et la guérilla au Haut-Karabakh.",
            "Du lịch và du kích ở Nagorno-Karabakh.",
            "vi",
        ),
        # French function words that are Vietnamese syllables: du, sa, la, ta, y, ma, va.
        (
            "Les touristes flânent au marché de Sa Pa, et nous restons à Hanoï.",
            "Du khách đến Sa Pa la cà khắp chợ, còn chúng ta ở lại Hà Nội.",
            "vi",
        ),
        (
            "Le ministère de la Santé lutte contre la drogue et les collisions.",
            "Bộ Y tế chống ma túy và va chạm, du lịch và sa thải.",
            "vi",
        ),
        # French function words that are English words: a, son, car, plus, non.
        (
            "Un fils, une voiture et un bonus pour une association.",
            "A son, a car and a plus for a non-profit.",
            "en",
        ),
    ],
)
def test_untranslated_pass(source: str, target: str, lang: str) -> None:
    passes("untranslated", source, target, lang)


def test_untranslated_copy_of_source() -> None:
    source = SEED_PAIRS[7][0]
    (finding,) = fails("untranslated", source, source, "en", "error")
    assert finding.span == (0, len(source))
    fails("untranslated", source, "  " + source.upper() + " ", "vi", "error")


def test_untranslated_still_french_and_pivot_copy() -> None:
    source = SEED_PAIRS[9][0]
    target = (
        "The Haut-Karabakh est internationalement reconnu comme faisant partie de l’Azerbaïdjan, "
        "mais sa population is mostly Armenian."
    )
    (finding,) = fails("untranslated", source, target, "en", "error")
    assert "still looks French" in finding.message
    english = SEED_PAIRS[9][1]
    (finding,) = fails("untranslated", source, english, "vi", "error", pivot=english)
    assert "English pivot" in finding.message
    fails("untranslated", source, english, "vi", "error")  # English without a pivot given
    # English left as Vietnamese, caught by the English words of the merged set (could, there).
    source = "Le Premier ministre arménien déclare que l'Azerbaïdjan pourrait attaquer."
    english = "Armenian Prime Minister says Azerbaijan could attack if there is no compromise"
    (finding,) = fails("untranslated", source, english, "vi", "error")
    assert (
        finding.message
        == "the translation looks English, not Vietnamese (3 English function words)"
    )
    # French left in Vietnamese, counted without the words Vietnamese shares (la, a).
    target = "Il a dit que la Russie est partie de la région."
    (finding,) = fails("untranslated", source, target, "vi", "error")
    assert "(5 French function words, 0 Vietnamese)" in finding.message
    fails("untranslated", source, "   ", "en", "error")


# ------------------------------------------------------------------------------------------
# repeats


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Ils ont avancé pas à pas.", "They advanced step by step.", "en"),
        ("Ils ont avancé petit à petit.", "Họ tiến lên từ từ, dần dần.", "vi"),
        ("Non, non, non !", "No, no, no!", "en"),
        ("Ce qu'il avait eu, il l'avait perdu.", "What he had had, he had lost.", "en"),
        ("Jour après jour, côte à côte.", "Day after day, side by side.", "en"),
        (SEED_PAIRS[1][0], SEED_PAIRS[1][1], "en"),
        (SEED_PAIRS[1][0], SEED_PAIRS[1][2], "vi"),
    ],
)
def test_repeats_pass(source: str, target: str, lang: str) -> None:
    passes("repeats", source, target, lang)


def test_repeats_decoder_loops() -> None:
    source = "Les troupes se sont retirées."
    target = "the troops the troops the troops withdrew"
    (finding,) = fails("repeats", source, target, "en", "warning")
    assert pointed(target, finding) == "the troops the troops the troops"
    target = "Russia Russia Russia withdraws"
    (finding,) = fails("repeats", "La Russie se retire.", target, "en")
    assert pointed(target, finding) == "Russia Russia Russia"
    target = "Nga rút lực lượng gìn giữ hòa bình lực lượng gìn giữ hòa bình khỏi khu vực."
    (finding,) = fails("repeats", "La Russie retire ses forces de la région.", target, "vi")
    assert pointed(target, finding) == "lực lượng gìn giữ hòa bình lực lượng gìn giữ hòa bình"
    target = (
        "The peacekeeping force left, the peacekeeping force returned and the peacekeeping "
        "force stayed."
    )
    (finding,) = fails("repeats", "La force est partie puis revenue.", target, "en")
    assert pointed(target, finding).startswith("The peacekeeping force left")
    # More copies than the source has is still a loop.
    fails("repeats", "Non, non, non !", "No, no, no, no, no, no!", "en")


# ------------------------------------------------------------------------------------------
# length


def test_length_pass_and_short_sources_skipped() -> None:
    for source, english, vietnamese in SEED_PAIRS:
        passes("length", source, english, "en")
        passes("length", source, vietnamese, "vi")
    passes("length", "Vraiment ?", "Really? Are you absolutely sure about that?", "en")


def test_length_dropped_half_and_runaway() -> None:
    source = SEED_PAIRS[3][0]
    (finding,) = fails("length", source, "Azerbaijani media had earlier reported.", "en")
    assert finding.span is None and "0.18x" in finding.message
    fails("length", source, "Truyền thông Azerbaijan đưa tin.", "vi", "warning")
    target = SEED_PAIRS[7][1] + " " + SEED_PAIRS[7][1]
    (finding,) = fails("length", SEED_PAIRS[7][0], target, "en")
    assert pointed(target, finding) == target


# ------------------------------------------------------------------------------------------
# spaces


def test_spaces() -> None:
    passes("spaces", " Vraiment ?", " Really?", "en")
    passes("spaces", "Le retrait, enfin.", "Việc rút quân, cuối cùng.", "vi")
    passes("spaces", "deux  espaces", "two  spaces", "en")  # the source has them too
    (finding,) = fails("spaces", "Le retrait.", "The withdrawal. ", "en", "warning")
    assert finding.span == (15, 16)
    (finding,) = fails("spaces", "Le retrait.", "The  withdrawal.", "en", "info")
    assert finding.span == (3, 5)
    target = "The withdrawal , finally ."
    found = fails("spaces", "Le retrait, enfin.", target, "en", "warning")
    assert [pointed(target, f) for f in found] == [" ,", " ."]
    fails("spaces", "Le retrait, enfin.", "Việc rút quân , cuối cùng.", "vi")
    (finding,) = fails("spaces", " Le retrait.", "The withdrawal.", "en")
    assert finding.span is None


# ------------------------------------------------------------------------------------------
# names


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        (PESKOV, "The Kremlin spokesman, Dmitry Peskov, confirmed the withdrawal.", "en"),
        (PESKOV, "Người phát ngôn Điện Kremlin Dmitry Peskov xác nhận việc rút quân.", "vi"),
        (
            "Selon M. Peskov, les Russes partent.",
            "According to Mr. Peskov, the Russians leave.",
            "en",
        ),
        ("Selon M. Peskov, les Russes partent.", "Theo ông Peskov, người Nga rời đi.", "vi"),
        (
            "Erevan a suspendu sa participation à l'OTSC dirigée par Moscou.",
            "Yerevan suspended its participation in the Moscow-led CSTO.",
            "en",
        ),
        (
            "Erevan a suspendu sa participation à l'OTSC dirigée par Moscou.",
            "Yerevan đã tạm ngừng tham gia CSTO do Mátxcơva dẫn dắt.",
            "vi",
        ),
        (
            "Le Premier ministre arménien Nikol Pashinyan déclare que l'Azerbaïdjan pourrait "
            "attaquer lundi.",
            "Armenian Prime Minister Nikol Pashinyan says Azerbaijan could attack on Monday.",
            "en",
        ),
        (
            "Le Haut-Karabakh est reconnu par les Nations unies et l'Union européenne.",
            "Nagorno-Karabakh được Liên Hợp Quốc và Liên minh châu Âu công nhận.",
            "vi",
        ),
        ("LA RUSSIE RETIRE SES FORCES DU HAUT-KARABAKH", "RUSSIA WITHDRAWS ITS FORCES", "en"),
        ("Des membres escortent des Arméniens.", "Members escort Armenians.", "en"),
        # French acronyms reverse (BCE -> ECB, FMI -> IMF) or change (PIB -> GDP).
        ("Le FMI, la BCE et le PIB.", "The IMF, the ECB and GDP.", "en"),
        ("Le FMI, la BCE et le PIB.", "IMF, ECB và GDP.", "vi"),
    ],
)
def test_names_pass(source: str, target: str, lang: str) -> None:
    passes("names", source, target, lang)


def test_names_seed_references_raise_nothing() -> None:
    for source, english, vietnamese in SEED_PAIRS:
        passes("names", source, english, "en")
        passes("names", source, vietnamese, "vi")


def test_names_missing() -> None:
    (finding,) = fails("names", PESKOV, "The Kremlin spokesman, Dmitry, confirmed it.", "en")
    assert finding.severity == "warning"
    assert finding.message == "name Dmitri Peskov is missing from the translation"
    assert PESKOV[finding.source_span[0] : finding.source_span[1]] == "Dmitri Peskov"
    source = "Erevan a suspendu sa participation à l'OTSC."
    (finding,) = fails("names", source, "Thủ đô đã tạm ngừng tham gia CSTO.", "vi", "warning")
    assert "Erevan" in finding.message and "Yerevan" in finding.message
    (finding,) = fails("names", source, "Yerevan suspended its participation.", "en")
    assert "OTSC" in finding.message and "CSTO" in finding.message
    (finding,) = fails("names", "Le FMI et la BCE.", "The IMF and the Fed.", "en", "warning")
    assert "BCE" in finding.message
    # After any French title abbreviation (workbench.lang.fr, shared with segmentation) a word is
    # a name, not a sentence start, and the title is no name: "Mgr." was missing from the
    # check's own list.
    source = "Selon Mgr. Lustiger, la paix viendra."
    (finding,) = fails("names", source, "According to the archbishop, peace will come.", "en")
    assert finding.message == "name Lustiger is missing from the translation"
    source = "L'AFP cite une source proche de Reuters."
    (finding,) = fails("names", source, "AFP cites a source close to the agency.", "en", "info")
    assert "Reuters" in finding.message


ALIASES = load_name_aliases()


def test_name_aliases_table_is_package_data() -> None:
    # The table ships as workbench/qa/name_aliases.toml: French name -> English, Vietnamese forms.
    assert len(ALIASES) >= 90
    assert ALIASES["Haut-Karabakh"] == (("Nagorno-Karabakh", "Karabakh"),) * 2
    assert ALIASES["Moscou"] == (("Moscow",), ("Moscow", "Mátxcơva", "Moskva"))
    assert list(ALIASES)[:3] == ["Dmitri", "Haut-Karabakh", "Erevan"]  # file order


@pytest.mark.parametrize("name", list(ALIASES))
def test_every_alias_is_found_and_suggested(name: str) -> None:
    source = f"Selon {name}, rien ne change."
    for lang, forms in zip(("en", "vi"), ALIASES[name], strict=True):
        for form in {*ALIASES[name][0], *ALIASES[name][1]}:  # any form of either language
            passes("names", source, f"{form}: nothing changes.", lang)
        (finding,) = fails("names", source, "Nothing changes.", lang, "warning")
        hint = "" if forms[0] == name else f" (expected {forms[0]})"
        assert finding.message == f"name {name} is missing from the translation{hint}"
        assert source[finding.source_span[0] : finding.source_span[1]] == name


# ------------------------------------------------------------------------------------------
# glossary


def test_glossary_check() -> None:
    glossary = seed_glossary()
    source = SEED_PAIRS[3][0]
    passes("glossary", source, SEED_PAIRS[3][1], "en", glossary=glossary)
    passes("glossary", source, SEED_PAIRS[3][2], "vi", glossary=glossary)
    passes("glossary", "Deux cessez-le-feu.", "Two ceasefires.", "en", glossary=glossary)
    passes("glossary", source, "no glossary, no finding", "en")
    target = "Azerbaijani media reported a 2020 truce between Azerbaijan and Armenia."
    (finding,) = fails("glossary", source, target, "en", "warning", glossary=glossary)
    assert finding.message.startswith("glossary: cessez-le-feu must be translated as ceasefire")
    assert source[finding.source_span[0] : finding.source_span[1]] == "cessez-le-feu"


def test_glossary_do_not_translate_is_an_error() -> None:
    glossary = seed_glossary()
    source = "Selon RT, le retrait a commencé."
    passes(
        "glossary", source, "According to RT, the withdrawal has begun.", "en", glossary=glossary
    )
    target = "According to Russia Today, the withdrawal has begun."
    (finding,) = fails("glossary", source, target, "en", "error", glossary=glossary)
    assert "RT must stay as it is" in finding.message
    fails(
        "glossary", source, "Theo rt, việc rút quân đã bắt đầu.", "vi", "error", glossary=glossary
    )


def test_glossary_and_names_do_not_report_twice() -> None:
    glossary = Glossary((Term("Erevan", "Yerevan", "Yerevan"),))
    found = run_checks(
        "Erevan a suspendu sa participation.",
        "Armenia suspended it.",
        "en",
        glossary=glossary,
        enabled=["names", "glossary"],
    )
    assert [f.check for f in found] == ["glossary"]


# ------------------------------------------------------------------------------------------
# run_checks, registry, configuration


# Good translations of typical news sentences: traps for every check, none may be flagged.
NEAR_MISSES = [
    (
        "Le président Emmanuel Macron s'est rendu à Kiev le 3 mars 2022.",
        "President Emmanuel Macron traveled to Kyiv on March 3, 2022.",
        "en",
    ),
    (
        "Le président Emmanuel Macron s'est rendu à Kiev le 3 mars 2022.",
        "Tổng thống Emmanuel Macron đã tới Kiev ngày 3/3/2022.",
        "vi",
    ),
    (
        "Selon l'ONU, plus de 6,5 millions de personnes ont fui l'Ukraine.",
        "According to the UN, more than 6.5 million people have fled Ukraine.",
        "en",
    ),
    (
        "Selon l'ONU, plus de 6,5 millions de personnes ont fui l'Ukraine.",
        "Theo Liên Hợp Quốc, hơn 6,5 triệu người đã rời khỏi Ukraine.",
        "vi",
    ),
    (
        "L'inflation a atteint 5,2 % en zone euro, a annoncé Eurostat mardi.",
        "Lạm phát đạt 5,2% tại khu vực đồng euro, Eurostat cho biết hôm thứ Ba.",
        "vi",
    ),
    (
        "« Nous ne céderons pas », a déclaré Volodymyr Zelensky à la BBC.",
        "“We will not give in,” Volodymyr Zelensky told the BBC.",
        "en",
    ),
    (
        "Les États-Unis et le Royaume-Uni ont imposé de nouvelles sanctions.",
        "Mỹ và Anh đã áp đặt các lệnh trừng phạt mới.",
        "vi",
    ),
    (
        "Le sommet de l'OTAN se tiendra à Vilnius les 11 et 12 juillet.",
        "Hội nghị thượng đỉnh NATO sẽ diễn ra tại Vilnius vào ngày 11 và 12/7.",
        "vi",
    ),
    (
        "Le bilan s'élève à 42 morts et une centaine de blessés.",
        "The death toll stands at 42 dead and about 100 injured.",
        "en",
    ),
    (
        "Les combats ont fait 3 morts, selon le ministère de la Défense.",
        "The fighting killed three people, according to the Defense Ministry.",
        "en",
    ),
    (
        "Le G7 s'est réuni à Hiroshima du 19 au 21 mai 2023.",
        "G7 đã họp tại Hiroshima từ ngày 19 đến 21/5/2023.",
        "vi",
    ),
    (
        "Le projet coûtera 3 000 milliards de dollars d'ici 2030.",
        "The project will cost $3 trillion by 2030.",
        "en",
    ),
    (
        "Le projet coûtera 3 000 milliards de dollars d'ici 2030.",
        "Dự án sẽ tiêu tốn 3 nghìn tỷ USD đến năm 2030.",
        "vi",
    ),
    ("Le vol AF447 s'est écrasé en 2009.", "Flight AF447 crashed in 2009.", "en"),
    (
        "Le XXe siècle a vu deux guerres mondiales.",
        "The twentieth century saw two world wars.",
        "en",
    ),
    (
        "Le conflit dure depuis 2014, soit dix ans.",
        "Xung đột kéo dài từ năm 2014, tức là 10 năm.",
        "vi",
    ),
    (
        "Ursula von der Leyen a parlé au Parlement européen.",
        "Ursula von der Leyen spoke to the European Parliament.",
        "en",
    ),
    (
        "Jean-Yves Le Drian s'est rendu en Côte d'Ivoire le 1er avril.",
        "Jean-Yves Le Drian traveled to Ivory Coast on April 1.",
        "en",
    ),
    ("Le 2e trimestre a été difficile.", "The second quarter was difficult.", "en"),
    (
        "Les Russes et les Ukrainiens négocient à Istanbul.",
        "Người Nga và người Ukraine đang đàm phán tại Istanbul.",
        "vi",
    ),
    ("Deux millions de personnes ont manifesté.", "2 triệu người đã biểu tình.", "vi"),
    ("Photo : AFP", "Ảnh: AFP", "vi"),
    (
        "Il a quitté la Crimée et Saint-Pétersbourg.",
        "He left Crimea and Saint Petersburg.",
        "en",
    ),
    ("« C'est une victoire », a-t-il déclaré.", "“Đây là một chiến thắng”, ông nói.", "vi"),
    (
        "Les exportations ont baissé de 0,8 % au troisième trimestre.",
        "Exports fell 0.8% in the third quarter.",
        "en",
    ),
    ("Ils ont marché de 8 h à 18 h.", "They walked from 8 a.m. to 6 p.m.", "en"),
    ("Ils ont marché de 8 h à 18 h.", "Họ đi bộ từ 8h đến 18h.", "vi"),
    (
        "Le Président de la République a reçu le chef de l'État arménien.",
        "The President of the Republic received the Armenian head of state.",
        "en",
    ),
    (
        "Moscou et Washington se sont parlé mardi.",
        "Mátxcơva và Washington đã điện đàm hôm thứ Ba.",
        "vi",
    ),
    (
        "Il a été condamné à 15 ans de prison en 2019.",
        "Ông bị kết án 15 năm tù vào năm 2019.",
        "vi",
    ),
]


@pytest.mark.parametrize(("source", "target", "lang"), NEAR_MISSES)
def test_near_misses_have_no_findings(source: str, target: str, lang: str) -> None:
    assert run_checks(source, target, lang) == []


# ------------------------------------------------------------------------------------------
# artifacts (issue 13: leaked tokenizer marks)


def test_artifacts() -> None:
    target = "the\u2581Vietnam et\u2581la France"
    found = fails("artifacts", "Le Vietnam et la France", target, "en", "error")
    assert [pointed(target, f) for f in found] == ["\u2581", "\u2581"]
    for leaked, piece in (
        ("Le Krem@@ lin a confirmé.", "@@"),
        (">>vie<< Điện Kremlin xác nhận.", ">>vie<<"),
        ("__vie_Latn__ Điện Kremlin xác nhận.", "__vie_Latn__"),
        ("Điện Kremlin <unk> xác nhận.</s>", "<unk>"),
    ):
        found = fails("artifacts", "Le Kremlin a confirmé.", leaked, "vi", "error")
        assert pointed(leaked, found[0]) == piece
    passes("artifacts", "Le porte_parole du Kremlin", "The Kremlin porte_parole", "en")
    passes("artifacts", "Le code <s> du HTML", "The HTML <s> tag", "en")  # in the source too
    passes("artifacts", "Écrivez à contact@@exemple.fr", "Write to contact@@exemple.fr", "en")


@pytest.mark.parametrize("index", range(len(SEED_PAIRS)))
def test_good_translations_have_no_findings(index: int) -> None:
    source, english, vietnamese = SEED_PAIRS[index]
    glossary = seed_glossary()
    assert run_checks(source, english, "en", glossary=glossary) == []
    assert run_checks(source, vietnamese, "vi", glossary=glossary, pivot=english) == []


def test_registry() -> None:
    assert set(DEFAULT_CHECKS) == {
        "numbers",
        "punctuation",
        "brackets_quotes",
        "untranslated",
        "repeats",
        "length",
        "spaces",
        "artifacts",
        "names",
        "glossary",
        "confidence",
        "spelling",
        "pivot",
    }
    for name, registered in CHECKS.items():
        assert registered.name == name
        assert registered.severity in SEVERITIES
        assert registered.description
    assert CHECKS["numbers"].severity == "error"
    assert CHECKS["length"].severity == "warning"


def test_parse_enabled() -> None:
    assert parse_enabled(None) == DEFAULT_CHECKS
    assert parse_enabled("") == DEFAULT_CHECKS
    assert parse_enabled("all") == DEFAULT_CHECKS
    assert parse_enabled("punctuation, numbers") == ("numbers", "punctuation")
    assert parse_enabled("-repeats") == tuple(n for n in DEFAULT_CHECKS if n != "repeats")
    assert parse_enabled("-repeats,-length") == tuple(
        n for n in DEFAULT_CHECKS if n not in {"repeats", "length"}
    )
    with pytest.raises(InputError, match=r"unknown QA check 'nubmers'.*numbers, punctuation"):
        parse_enabled("nubmers")
    with pytest.raises(InputError, match="unknown QA check 'nope'"):
        parse_enabled("-nope")


def test_run_checks_sorting_and_severity_override() -> None:
    source = "La Russie a déployé une force de 2 000 hommes."
    target = "Russia deployed a force of 200 troops troops troops"
    found = run_checks(source, target, "en")
    assert [(f.check, f.severity) for f in found] == [
        ("punctuation", "warning"),  # no span: missing final stop, first
        ("numbers", "error"),
        ("repeats", "warning"),
    ]
    assert [pointed(target, f) for f in found[1:]] == ["200", "troops troops troops"]
    overridden = run_checks(source, target, "en", severities={"numbers": "info"})
    assert [f.severity for f in overridden if f.check == "numbers"] == ["info"]
    assert worst(found) == "error" and worst(overridden) == "warning" and worst([]) is None
    assert run_checks(source, target, "en", enabled=["length"]) == []


def test_run_checks_rejects_bad_configuration() -> None:
    with pytest.raises(InputError, match="target languages en, vi"):
        run_checks("Bonjour.", "Hallo.", "de")
    with pytest.raises(InputError, match="unknown QA check"):
        run_checks("Bonjour.", "Hello.", "en", enabled=["grammar"])
    with pytest.raises(InputError, match="severity 'fatal'"):
        run_checks("Bonjour.", "Hello.", "en", severities={"numbers": "fatal"})
    with pytest.raises(InputError, match="unknown QA check"):
        run_checks("Bonjour.", "Hello.", "en", severities={"grammar": "info"})


def test_spans_point_into_the_target_as_given() -> None:
    # Decomposed Vietnamese (NFD) must not shift spans: they index the string as passed.
    import unicodedata

    target = unicodedata.normalize("NFD", "Nga triển khai 200 quân.")
    (finding,) = run_checks(DEPLOYED, target, "vi", enabled=["numbers"])
    assert pointed(target, finding) == "200"
    target = unicodedata.normalize("NFD", "Nga triển khai quân quân quân 2.000.")
    (finding,) = run_checks(DEPLOYED, target, "vi", enabled=["repeats"])
    assert pointed(target, finding) == unicodedata.normalize("NFD", "quân quân quân")


_PIECES = [
    *"0123456789 ,./%:h-«»“”\"'’()[]?!…aAéÉ\u00a0\u202f",
    *("2 000", "1,5", "17/04/2024", " milliard", " tỷ", "p.m.", "tháng ", " avril", " May "),
    *("Peskov", "Haut-Karabakh", "RT", " the troops", " le ", " la "),
]
_TRICKY = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=_TRICKY | st.text(max_size=80), target=_TRICKY | st.text(max_size=80))
def test_any_text_gives_valid_findings(source: str, target: str) -> None:
    for lang in ("en", "vi"):
        for finding in run_checks(source, target, lang, glossary=seed_glossary()):
            assert finding.severity in SEVERITIES and finding.message
            for span, text in ((finding.span, target), (finding.source_span, source)):
                if span is not None:
                    assert 0 <= span[0] <= span[1] <= len(text)


def test_confidence_warns_below_the_threshold_with_the_calibrated_edit(monkeypatch) -> None:
    source, english = "Le Kremlin a confirmé.", "The Kremlin confirmed."
    assert run_checks(source, english, "en", enabled=["confidence"]) == []  # no MT confidence
    assert run_checks(source, english, "en", enabled=["confidence"], mt_confidence=0.62) == []
    (found,) = run_checks(source, english, "en", enabled=["confidence"], mt_confidence=0.31)
    assert (found.check, found.severity, found.span) == ("confidence", "warning", None)
    assert "confidence 0.31, below 0.50" in found.message
    (calibrated,) = run_checks(
        source, english, "en", enabled=["confidence"], mt_confidence=0.31, expected_edit=0.45
    )
    assert calibrated.message.endswith("expected edit ~45 %): review it closely")
    monkeypatch.setenv("WORKBENCH_LOW_CONFIDENCE", "0.2")
    assert run_checks(source, english, "en", enabled=["confidence"], mt_confidence=0.31) == []
    monkeypatch.setenv("WORKBENCH_LOW_CONFIDENCE", "high")
    with pytest.raises(InputError, match="WORKBENCH_LOW_CONFIDENCE='high' is not a number"):
        run_checks(source, english, "en", enabled=["confidence"], mt_confidence=0.31)
