"""Writes the reference translations en.po and vi.po of the seed article fr.txt.

The references are our own independent human translations (never MT output, never a
copy of the post-edits in locales/): they are the yardstick the scores are measured by.
Edit the table below, then run ``uv run python samples/karabakh/make_refs.py``; the output
is deterministic (fixed header dates, polib's default wrapping).

Segment ids follow workbench.segment: sha1 of the NFC, whitespace-collapsed source and its
occurrence number within the article.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
SLUG = "karabakh"
REVISION_DATE = "2026-11-26 00:00+0000"

# (kind, French source exactly as in fr.txt, English, Vietnamese)
REFERENCES: list[tuple[str, str, str, str]] = [
    (
        "title",
        "La Russie retire ses forces de maintien de la paix du Haut-Karabakh",
        "Russia withdraws its peacekeeping forces from Nagorno-Karabakh",
        "Nga rút lực lượng gìn giữ hòa bình khỏi Nagorno-Karabakh",
    ),
    (
        "content",
        "Le porte-parole du Kremlin, Dmitri Peskov, a confirmé le 17 avril que la Russie "
        "avait commencé à retirer ses forces de maintien de la paix de la région du "
        "Haut-Karabakh en Azerbaïdjan, selon RT.",
        "Kremlin spokesman Dmitry Peskov confirmed on April 17 that Russia had begun "
        "withdrawing its peacekeeping forces from the Nagorno-Karabakh region of "
        "Azerbaijan, according to RT.",
        "Người phát ngôn Điện Kremlin Dmitry Peskov ngày 17/4 xác nhận Nga đã bắt đầu rút "
        "lực lượng gìn giữ hòa bình khỏi khu vực Nagorno-Karabakh ở Azerbaijan, theo RT.",
    ),
    (
        "content",
        "Des membres de la force de maintien de la paix russe escortent des Arméniens vers "
        "une base russe au Haut-Karabakh en septembre 2023.",
        "Members of the Russian peacekeeping force escort Armenians to a Russian base in "
        "Nagorno-Karabakh in September 2023.",
        "Các thành viên lực lượng gìn giữ hòa bình Nga hộ tống người Armenia đến một căn cứ "
        "của Nga ở Nagorno-Karabakh vào tháng 9/2023.",
    ),
    (
        "content",
        "Les médias azerbaïdjanais avaient précédemment rapporté que les troupes russes "
        "avaient commencé à se retirer dans le cadre d'un accord de cessez-le-feu de 2020 "
        "entre l'Azerbaïdjan et l'Arménie, négocié par Moscou.",
        "Azerbaijani media had earlier reported that Russian troops had begun to withdraw "
        "under a 2020 ceasefire agreement between Azerbaijan and Armenia, brokered by "
        "Moscow.",
        "Truyền thông Azerbaijan trước đó đưa tin binh sĩ Nga đã bắt đầu rút đi trong khuôn "
        "khổ thỏa thuận ngừng bắn năm 2020 giữa Azerbaijan và Armenia do Moscow làm trung "
        "gian.",
    ),
    (
        "content",
        "Des images et des vidéos montrent plusieurs véhicules blindés arborant des drapeaux "
        "russes quittant le territoire azerbaïdjanais.",
        "Images and videos show several armored vehicles flying Russian flags leaving "
        "Azerbaijani territory.",
        "Hình ảnh và video cho thấy nhiều xe bọc thép cắm cờ Nga rời khỏi lãnh thổ Azerbaijan.",
    ),
    (
        "content",
        "L'AFP a cité Hikmet Hajiyev, conseiller en politique étrangère du président "
        "azerbaïdjanais Ilham Aliyev, affirmant que la décision avait été convenue aux plus "
        "hauts niveaux de Bakou et de Moscou.",
        "AFP quoted Hikmet Hajiyev, foreign policy adviser to Azerbaijani President Ilham "
        "Aliyev, as saying that the decision had been agreed at the highest levels in Baku "
        "and Moscow.",
        "AFP dẫn lời ông Hikmet Hajiyev, cố vấn chính sách đối ngoại của Tổng thống "
        "Azerbaijan Ilham Aliyev, cho biết quyết định đã được thống nhất ở cấp cao nhất của "
        "Baku và Moscow.",
    ),
    (
        "content",
        "La Russie a déployé une force de maintien de la paix de 2 000 hommes dans la région "
        "dans le cadre d'un accord qui a contribué à mettre fin à un conflit de six semaines "
        "en 2020.",
        "Russia deployed a peacekeeping force of 2,000 troops in the region under an "
        "agreement that helped end a six-week conflict in 2020.",
        "Nga đã triển khai lực lượng gìn giữ hòa bình gồm 2.000 binh sĩ tới khu vực này "
        "theo một thỏa thuận góp phần chấm dứt cuộc xung đột kéo dài 6 tuần vào năm 2020.",
    ),
    (
        "content",
        "En septembre 2023, l’Azerbaïdjan a repris le contrôle de tout le Haut-Karabakh "
        "après une offensive éclair.",
        "In September 2023, Azerbaijan regained control of all of Nagorno-Karabakh after a "
        "lightning offensive.",
        "Tháng 9/2023, Azerbaijan giành lại quyền kiểm soát toàn bộ Nagorno-Karabakh sau "
        "một cuộc tấn công chớp nhoáng.",
    ),
    (
        "content",
        "Presque tous les 100 000 Arméniens de souche ont été évacués vers l’Arménie.",
        "Almost all of the 100,000 ethnic Armenians were evacuated to Armenia.",
        "Gần như toàn bộ 100.000 người gốc Armenia đã được sơ tán sang Armenia.",
    ),
    (
        "title",
        "Le Premier ministre arménien déclare que l'Azerbaïdjan pourrait attaquer s'il n'y "
        "a pas de compromis",
        "Armenian Prime Minister says Azerbaijan could attack if there is no compromise",
        "Thủ tướng Armenia nói Azerbaijan có thể tấn công nếu không có thỏa hiệp",
    ),
    (
        "content",
        "Le Haut-Karabakh est internationalement reconnu comme faisant partie de "
        "l’Azerbaïdjan, mais sa population est majoritairement arménienne.",
        "Nagorno-Karabakh is internationally recognized as part of Azerbaijan, but its "
        "population is predominantly Armenian.",
        "Nagorno-Karabakh được quốc tế công nhận là một phần của Azerbaijan, nhưng phần lớn "
        "dân số ở đây là người gốc Armenia.",
    ),
    (
        "content",
        "La région est sous le contrôle des séparatistes pro-arméniens depuis près de trois "
        "décennies.",
        "The region has been under the control of pro-Armenian separatists for nearly three "
        "decades.",
        "Khu vực này nằm dưới sự kiểm soát của lực lượng ly khai thân Armenia suốt gần ba "
        "thập niên.",
    ),
    (
        "content",
        "Le conflit au Haut-Karabakh a mis à rude épreuve l’alliance entre la Russie et l’Arménie.",
        "The conflict in Nagorno-Karabakh has put the alliance between Russia and Armenia "
        "under severe strain.",
        "Cuộc xung đột ở Nagorno-Karabakh đã khiến liên minh giữa Nga và Armenia bị thử "
        "thách nghiêm trọng.",
    ),
    (
        "content",
        "Le Premier ministre arménien Nikol Pashinyan a récemment déclaré qu'Erevan avait "
        "suspendu sa participation à l'Organisation du traité de sécurité collective (OTSC) "
        "dirigée par Moscou.",
        "Armenian Prime Minister Nikol Pashinyan recently said that Yerevan had suspended "
        "its participation in the Moscow-led Collective Security Treaty Organization "
        "(CSTO).",
        "Thủ tướng Armenia Nikol Pashinyan gần đây tuyên bố Yerevan đã tạm ngừng tham gia "
        "Tổ chức Hiệp ước An ninh Tập thể (CSTO) do Moscow dẫn dắt.",
    ),
    (
        "content",
        "Il a critiqué à plusieurs reprises la Russie pour ne pas avoir soutenu l’Arménie "
        "face aux actions de l’Azerbaïdjan, qui entretient des relations chaleureuses avec "
        "Moscou.",
        "He has repeatedly criticized Russia for failing to support Armenia in the face of "
        "actions by Azerbaijan, which maintains warm relations with Moscow.",
        "Ông đã nhiều lần chỉ trích Nga vì không hỗ trợ Armenia trước các hành động của "
        "Azerbaijan, quốc gia có quan hệ nồng ấm với Moscow.",
    ),
]

LANGUAGES = {
    "en": ("English", "nplurals=2; plural=(n != 1);", 2),
    "vi": ("Vietnamese", "nplurals=1; plural=0;", 3),
}


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def segment_id(source: str, occurrence: int) -> str:
    digest = hashlib.sha1(f"{normalize(source)}\x1f{occurrence}".encode()).hexdigest()
    return "s" + digest[:12]


def paragraphs(text: str) -> list[str]:
    """The article's blocks separated by blank lines (1-based numbering by position)."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


def build(lang: str) -> polib.POFile:
    article = unicodedata.normalize("NFC", (HERE / "fr.txt").read_text(encoding="utf-8"))
    blocks = paragraphs(article)
    name, plural_forms, column = LANGUAGES[lang]
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "workbench samples",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": REVISION_DATE,
        "PO-Revision-Date": REVISION_DATE,
        "Last-Translator": "workbench maintainers",
        "Language-Team": f"{name} (reference translation)",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
        "X-Generator": "samples/karabakh/make_refs.py (polib)",
    }
    po.header = (
        f"{name} reference translation of samples/karabakh/fr.txt.\n"
        "Independent human translation: the yardstick for workbench's scores."
    )
    seen: dict[str, int] = {}
    for row in REFERENCES:
        source = unicodedata.normalize("NFC", row[1])
        if source not in article:
            raise SystemExit(f"not in fr.txt: {source!r}")
        norm = normalize(source)
        occurrence = seen.get(norm, 0)
        seen[norm] = occurrence + 1
        paragraph = next(i for i, block in enumerate(blocks, 1) if source in block)
        po.append(
            polib.POEntry(
                msgctxt=segment_id(source, occurrence),
                msgid=source,
                msgstr=unicodedata.normalize("NFC", row[column]),
                occurrences=[(SLUG, str(paragraph))],
                comment="title (headline or crosshead)" if row[0] == "title" else "",
            )
        )
    return po


def main() -> None:
    for lang in LANGUAGES:
        build(lang).save(str(HERE / f"{lang}.po"))
        print(f"wrote {HERE / f'{lang}.po'}")


if __name__ == "__main__":
    main()
