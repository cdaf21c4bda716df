"""Built-in training text for generated packages (French, English, Vietnamese).

workbench's own sentences, close in topic to the seed article so the vocabulary is plausible.
"""

from __future__ import annotations

from collections.abc import Sequence

# Training text for the English side of generated packages (workbench's own sentences, close in
# topic to the seed article so the vocabulary is plausible).
ENGLISH_TEXT = "\n".join(
    (
        "Russia withdraws its peacekeeping forces from Nagorno-Karabakh.",
        "The Kremlin spokesman confirmed on April 17 that Russia had begun the pull-out.",
        "Azerbaijani media had reported that Russian troops were leaving under the ceasefire.",
        "Images and videos show armoured vehicles flying Russian flags leaving the territory.",
        "An adviser said the decision had been agreed at the highest levels in Baku and Moscow.",
        "Russia deployed a force of 2,000 troops under a deal that ended a six-week war in 2020.",
        "In September 2023, Azerbaijan retook control of the region after a lightning offensive.",
        "Almost all of the 100,000 ethnic Armenians were evacuated to Armenia.",
        "The Armenian prime minister says Azerbaijan could attack if there is no compromise.",
        "The region is recognised as part of Azerbaijan, but most of its people are Armenian.",
        "The conflict has strained the alliance between Russia and Armenia.",
        "Yerevan has suspended its participation in the Collective Security Treaty Organization.",
        "He has criticised Russia for failing to support Armenia against Azerbaijan.",
    )
)


VIETNAMESE_TEXT = "\n".join(
    (
        "Nga rút lực lượng gìn giữ hòa bình khỏi Nagorno-Karabakh.",
        "Người phát ngôn Điện Kremlin xác nhận ngày 17 tháng 4 rằng Nga đã bắt đầu rút quân.",
        "Truyền thông Azerbaijan đưa tin quân đội Nga đã bắt đầu rút theo thỏa thuận ngừng bắn.",
        "Hình ảnh và video cho thấy nhiều xe bọc thép mang cờ Nga rời khỏi lãnh thổ.",
        "Nga đã triển khai lực lượng gìn giữ hòa bình gồm 2.000 binh sĩ trong khu vực.",
        "Tháng 9 năm 2023, Azerbaijan giành lại quyền kiểm soát toàn bộ khu vực.",
        "Gần như toàn bộ 100.000 người gốc Armenia đã được sơ tán sang Armenia.",
        "Xung đột đã gây căng thẳng cho liên minh giữa Nga và Armenia.",
    )
)


FRENCH_TEXT = "\n".join(
    (
        "La Russie retire ses forces de maintien de la paix du Haut-Karabakh.",
        "Le porte-parole du Kremlin a confirmé le 17 avril le début du retrait.",
        "Les médias azerbaïdjanais avaient rapporté le départ des troupes russes.",
        "Des véhicules blindés arborant des drapeaux russes quittent le territoire.",
        "La décision a été convenue aux plus hauts niveaux à Bakou et à Moscou.",
        "En septembre 2023, l’Azerbaïdjan a repris le contrôle de toute la région.",
        "Presque tous les 100 000 Arméniens de souche ont été évacués vers l’Arménie.",
        "« Le conflit a mis à rude épreuve l’alliance », selon l’AFP.",
        "Qu'y a-t-il à l'ordre du jour ? Où, quand, pourquoi : ça dépend ! Ô çà, Ève, Œuvre…",
    )
)


DEFAULT_TEXTS: dict[str, str] = {"en": ENGLISH_TEXT, "fr": FRENCH_TEXT, "vi": VIETNAMESE_TEXT}


def default_texts(from_code: str, to_code: str, texts: Sequence[str] | None) -> list[str]:
    if texts:
        return list(texts)
    return [DEFAULT_TEXTS.get(code, ENGLISH_TEXT) for code in dict.fromkeys((from_code, to_code))]
