"""Tests for workbench.segment (its speed: benchmarks/segment_bench.py).

The golden file tests/data/karabakh.segments.json holds the segments of the seed article. After a
deliberate change to the rules, rewrite it and then read the diff line by line:

    WORKBENCH_REGEN_GOLDEN=1 uv run pytest tests/test_segment.py -k golden
"""

from __future__ import annotations

import codecs
import dataclasses
import itertools
import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import InputError
from workbench.segment import (
    KINDS,
    Segment,
    chrome_reason,
    read_article,
    reading,
    segment_file,
    segment_id,
    segment_text,
    split_sentences,
    title_of,
)

GOLDEN = Path(__file__).resolve().parent / "data" / "karabakh.segments.json"
NBSP = "\u00a0"
NNBSP = "\u202f"


def _as_json(segments: list[Segment]) -> str:
    rows = [dataclasses.asdict(s) for s in segments]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _squash(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------- the seed (golden file)


def test_golden_file_matches_seed(seed_article: Path) -> None:
    segments = segment_file(seed_article)
    if os.environ.get("WORKBENCH_REGEN_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(_as_json(segments), encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [dataclasses.asdict(s) for s in segments] == expected
    assert list(expected[0]) == ["id", "position", "paragraph", "kind", "reason", "source"]


def test_seed_key_sentences_and_counts(seed_article: Path) -> None:
    segments = segment_file(seed_article)
    sources = [s.source for s in segments if s.kind == "content"]
    assert (
        "Le porte-parole du Kremlin, Dmitri Peskov, a confirmé le 17 avril que la Russie avait "
        "commencé à retirer ses forces de maintien de la paix de la région du Haut-Karabakh en "
        "Azerbaïdjan, selon RT."
    ) in sources
    assert "Presque tous les 100 000 Arméniens de souche ont été évacués vers l’Arménie." in sources
    kinds = [s.kind for s in segments]
    assert (kinds.count("title"), kinds.count("content"), kinds.count("chrome")) == (2, 13, 13)
    assert (
        title_of(segments) == "La Russie retire ses forces de maintien de la paix du Haut-Karabakh"
    )
    reasons = {s.source: s.reason for s in segments if s.kind == "chrome"}
    assert reasons["Báo Thanh niênBáo Thanh niên17/04/2024"] == "byline"
    assert (
        reasons["Nga rút lực lượng gìn giữ hòa bình khỏi Nagorno-Karabakh- Ảnh 1."] == "not-french"
    )
    assert reasons["Cùng chủ đề"] == "not-french"
    assert reasons["Tác phẩm Ngày hè"] == "not-french"
    for text in ("Lien source", "Comment (0)", "No data", "Event Calendar", "Happy VietNam"):
        assert reasons[text] == "boilerplate"
    # positions are 1..n, paragraphs never go back
    assert [s.position for s in segments] == list(range(1, len(segments) + 1))
    assert all(a.paragraph <= b.paragraph for a, b in itertools.pairwise(segments))


# ---------------------------------------------------------------- sentence rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Macron est arrivé. Il parle.", ["M. Macron est arrivé.", "Il parle."]),
        ("MM. Dupont et Durand sont là. Bien.", ["MM. Dupont et Durand sont là.", "Bien."]),
        ("Mme. Dupont parle. Mme Durand aussi.", ["Mme. Dupont parle.", "Mme Durand aussi."]),
        (
            "Le Dr. Martin soigne. Le Pr. Roux enseigne.",
            ["Le Dr. Martin soigne.", "Le Pr. Roux enseigne."],
        ),
        ("Il vit à St. Malo. Elle non.", ["Il vit à St. Malo.", "Elle non."]),
        ("En 52 av. J.-C. Vercingétorix capitule.", ["En 52 av. J.-C. Vercingétorix capitule."]),
        ("Voir cf. Annexe 2. Fin.", ["Voir cf. Annexe 2.", "Fin."]),
        ("Lire p. 12 et art. 3 du code. Fin.", ["Lire p. 12 et art. 3 du code.", "Fin."]),
        # etc. before a lower-case word continues; before a capital it ends the sentence
        ("Des pommes, etc. et des noix.", ["Des pommes, etc. et des noix."]),
        (
            "Des pommes, des poires, etc. Le reste suit.",
            ["Des pommes, des poires, etc.", "Le reste suit."],
        ),
        # a word that is also an abbreviation ends a sentence unless a number follows
        ("C'est de l'art. Il aime ça.", ["C'est de l'art.", "Il aime ça."]),
        ("Un vol. Il a volé.", ["Un vol.", "Il a volé."]),
    ],
)
def test_abbreviations(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ils sont 2 000 soldats. Ils partent.", ["Ils sont 2 000 soldats.", "Ils partent."]),
        ("Ils étaient 100 000. Fin.", ["Ils étaient 100 000.", "Fin."]),
        (
            f"Ils étaient 100{NBSP}000 et 100{NNBSP}000. Fin.",
            [f"Ils étaient 100{NBSP}000 et 100{NNBSP}000.", "Fin."],
        ),
        ("Le taux est de 1,5 pour cent. Fin.", ["Le taux est de 1,5 pour cent.", "Fin."]),
        ("Il est de 12,5 %. Fin.", ["Il est de 12,5 %.", "Fin."]),
        ("Le 17/04/2024 il part. Fin.", ["Le 17/04/2024 il part.", "Fin."]),
        ("La version 3.5 sort. Fin.", ["La version 3.5 sort.", "Fin."]),
        # near miss: a number after a sentence end starts the next sentence
        (
            "Il est né en 2020. 100 personnes sont venues.",
            ["Il est né en 2020.", "100 personnes sont venues."],
        ),
        # a lone list marker is not a sentence
        ("1. Le premier point. 2. Le second.", ["1. Le premier point.", "2. Le second."]),
    ],
)
def test_numbers(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("« Oui. » Il part.", ["« Oui. »", "Il part."]),
        (f"«{NBSP}Oui.{NBSP}» Il part.", [f"«{NBSP}Oui.{NBSP}»", "Il part."]),
        ("Il dit “non.” Puis il rit.", ["Il dit “non.”", "Puis il rit."]),
        ("Il dit ‘non.’ Puis il rit.", ["Il dit ‘non.’", "Puis il rit."]),
        ('Il dit "non." Puis il rit.', ['Il dit "non."', "Puis il rit."]),
        ("Il part. « Non », dit-elle.", ["Il part.", "« Non », dit-elle."]),
        # near miss: a quoted question followed by a lower-case incise is one sentence
        ("« Vraiment ? » s’étonne-t-il.", ["« Vraiment ? » s’étonne-t-il."]),
        ("« Oui. », dit-il.", ["« Oui. », dit-il."]),
        (
            "L’Azerbaïdjan a repris l’Arménie. L’État réagit.",
            ["L’Azerbaïdjan a repris l’Arménie.", "L’État réagit."],
        ),
    ],
)
def test_quotes(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il hésite… Puis il part.", ["Il hésite…", "Puis il part."]),
        ("Il hésite... Puis il part.", ["Il hésite...", "Puis il part."]),
        ("Il hésite… puis il part.", ["Il hésite… puis il part."]),
        ("Il hésite... puis il part.", ["Il hésite... puis il part."]),
        (
            "« Nous partons […] Nous revenons », dit-il.",
            ["« Nous partons […] Nous revenons », dit-il."],
        ),
        ("Nous partons (...) Nous revenons.", ["Nous partons (...) Nous revenons."]),
    ],
)
def test_ellipsis(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize("space", [" ", NBSP, NNBSP])
@pytest.mark.parametrize("mark", ["?", "!", "?!"])
def test_question_and_exclamation_with_french_spacing(space: str, mark: str) -> None:
    text = f"Vraiment{space}{mark} Oui, vraiment."
    assert split_sentences(text) == [f"Vraiment{space}{mark}", "Oui, vraiment."]
    # near miss: a lower-case word after the mark continues the sentence
    assert split_sentences(f"Vraiment{space}{mark} dit-il.") == [f"Vraiment{space}{mark} dit-il."]
    # near miss: a colon or semicolon never ends a sentence
    assert split_sentences(f"Il dit{space}: Oui{space}; Non.") == [
        f"Il dit{space}: Oui{space}; Non."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Il est parti (il l’a dit. Vraiment) hier. Fin.",
            ["Il est parti (il l’a dit. Vraiment) hier.", "Fin."],
        ),
        ("(Voir p. 3.) Il part.", ["(Voir p. 3.)", "Il part."]),
        (
            "L’OTSC (dirigée par Moscou) réagit. Fin.",
            ["L’OTSC (dirigée par Moscou) réagit.", "Fin."],
        ),
        # near miss: an unclosed parenthesis does not swallow the rest of the paragraph
        ("Un sourire :( Il part. Fin.", ["Un sourire :( Il part.", "Fin."]),
    ],
)
def test_parentheses(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le porte-parole D. Peskov a parlé. Fin.", ["Le porte-parole D. Peskov a parlé.", "Fin."]),
        ("J.-M. Le Pen a parlé. Fin.", ["J.-M. Le Pen a parlé.", "Fin."]),
        ("J.-C. Decaux vend des abribus. Fin.", ["J.-C. Decaux vend des abribus.", "Fin."]),
        ("(D. Peskov) a parlé. Fin.", ["(D. Peskov) a parlé.", "Fin."]),
        ("John F. Kennedy est mort. Fin.", ["John F. Kennedy est mort.", "Fin."]),
        # near miss: a word of two letters or more is not an initial
        ("Il a vu Louis XIV. Il part.", ["Il a vu Louis XIV.", "Il part."]),
    ],
)
def test_initials(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Publié le 5 janv. 2024 à 10h. Fin.", ["Publié le 5 janv. 2024 à 10h.", "Fin."]),
        ("Du 5 janv. au 7 févr. 2024. Fin.", ["Du 5 janv. au 7 févr. 2024.", "Fin."]),
        (
            f"Le 1er fév.{NBSP}2023, avr. 2022 et juil. 2021. Fin.",
            [f"Le 1er fév.{NBSP}2023, avr. 2022 et juil. 2021.", "Fin."],
        ),
        (
            "Signé le 12 juill. 2023 puis le 3 oct. 2023. Fin.",
            ["Signé le 12 juill. 2023 puis le 3 oct. 2023.", "Fin."],
        ),
        ("Ventes de nov. 2023 à déc. 2024. Fin.", ["Ventes de nov. 2023 à déc. 2024.", "Fin."]),
        ("PARIS, 5 févr. (AFP) Le ministre parle.", ["PARIS, 5 févr. (AFP) Le ministre parle."]),
        ("Né le 5 Janv. 1990 à Lyon. Fin.", ["Né le 5 Janv. 1990 à Lyon.", "Fin."]),
        # "sept." is a month beside a day or a year ...
        ("Le 5 sept. 2024 il part. Fin.", ["Le 5 sept. 2024 il part.", "Fin."]),
        ("En sept. 2024, rien. Fin.", ["En sept. 2024, rien.", "Fin."]),
        # ... and the number seven otherwise (near miss)
        ("Ils étaient sept. 200 autres suivent.", ["Ils étaient sept.", "200 autres suivent."]),
        ("Ils étaient sept. Les autres non.", ["Ils étaient sept.", "Les autres non."]),
        # near miss: before a capital the month's period is also the full stop
        (
            "Il arrive le 5 févr. Le ministre parle.",
            ["Il arrive le 5 févr.", "Le ministre parle."],
        ),
        # near miss: a word ending like a month is not one
        ("Il a vu la déc. Non.", ["Il a vu la déc.", "Non."]),
    ],
)
def test_abbreviated_months(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quotation and its attribution are one segment (English may move the attribution)
        (
            "« Nous avons tout perdu. Tout le riz est perdu », a déclaré M. Nguyen. Il part.",
            ["« Nous avons tout perdu. Tout le riz est perdu », a déclaré M. Nguyen.", "Il part."],
        ),
        (
            f"«{NBSP}Il pleut. Il vente{NBSP}», dit-elle. Fin.",
            [f"«{NBSP}Il pleut. Il vente{NBSP}», dit-elle.", "Fin."],
        ),
        ("« Il pleut. Il vente. », dit-elle. Fin.", ["« Il pleut. Il vente. », dit-elle.", "Fin."]),
        (
            "« Vraiment ? Oui. » s’étonne-t-il. Fin.",
            ["« Vraiment ? Oui. » s’étonne-t-il.", "Fin."],
        ),
        ("“Il pleut. Il vente”, dit-elle. Fin.", ["“Il pleut. Il vente”, dit-elle.", "Fin."]),
        (
            "« Oui. « Non. » Peut-être », dit-il. Fin.",
            ["« Oui. « Non. » Peut-être », dit-il.", "Fin."],
        ),
        (
            "Il part. « Oui. Non », dit-il. « Encore. Fin. » Voilà.",
            ["Il part.", "« Oui. Non », dit-il.", "« Encore.", "Fin. »", "Voilà."],
        ),
        # near miss: a quotation without attribution is split like any text
        ("« Il pleut. Il vente. » Il part.", ["« Il pleut.", "Il vente. »", "Il part."]),
        # near miss: an unclosed quotation does not swallow the paragraph
        ("« Il pleut. Il vente, dit-il. Fin.", ["« Il pleut.", "Il vente, dit-il.", "Fin."]),
    ],
)
def test_quotation_with_its_attribution_is_one_segment(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_a_long_quotation_is_split_even_with_an_attribution() -> None:
    from workbench.segment.sentences import MAX_QUOTE_SPAN

    body = " ".join(["Il pleut sur la ville."] * (MAX_QUOTE_SPAN // 22 + 1))
    parts = split_sentences(f"« {body} », dit-il.")
    assert len(parts) == MAX_QUOTE_SPAN // 22 + 1
    assert parts[-1] == "Il pleut sur la ville. », dit-il."


# ---------------------------------------------------------------- chrome


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Báo Thanh niênBáo Thanh niên17/04/2024", "byline"),
        ("Le Monde17/04/2024 10:30", "byline"),
        ("Le Monde 17/04/2024", "byline"),
        ("Par Jean Dupont", "byline"),
        ("Par Jean Dupont, envoyé spécial à Bakou", "byline"),
        ("(avec AFP)", "byline"),
        ("17/04/2024", "date"),
        ("Publié le 17 avril 2024 à 10h30", "date"),
        ("Mis à jour le 3 déc. 2024", "date"),
        # English month abbreviations come from workbench.lang.en: "Dec" was missing here.
        ("Updated on Monday, 12 Dec. 2024", "date"),
        ("Sept. 5, 2024", "date"),
        ("2 473", "number"),
        ("***", "no-text"),
        ("Lien source", "boilerplate"),
        ("Comment (0)", "boilerplate"),
        ("Commentaires (12)", "boilerplate"),
        ("No data", "boilerplate"),
        ("Event Calendar", "boilerplate"),
        ("No videos available", "boilerplate"),
        ("Happy VietNam", "boilerplate"),
        ("Partager", "boilerplate"),
        ("Lire aussi : La Russie avance", "boilerplate"),
        ("Nga rút lực lượng gìn giữ hòa bình khỏi Nagorno-Karabakh- Ảnh 1.", "not-french"),
        ("Cùng chuyên mục", "not-french"),
        ("Nguyễn Phú Trọng", "not-french"),
        ("Most popular", "not-french"),
        ("Дмитрий Песков", "not-french"),
    ],
)
def test_chrome_lines(line: str, reason: str) -> None:
    assert chrome_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Guerre en Ukraine",
        "Brexit",
        "Contexte",
        "Coupe du monde",
        "Pourquoi ?",
        "Par ailleurs, le gouvernement a parlé",
        "Réunion du 17/04/2024",
        "Le Premier ministre Nguyễn Phú Trọng",
        "Le président Võ Văn Thưởng reçoit l'ambassadeur de France",
        "José Ramírez",
        "Il a dit : The end is near",
        "Lien avec la source du conflit",
    ],
)
def test_short_french_lines_are_not_chrome(line: str) -> None:
    assert chrome_reason(line) is None


def test_byline_glued_to_date_in_an_article() -> None:
    segments = segment_text("Un titre\n\nBáo Thanh niênBáo Thanh niên17/04/2024\n\nUn texte. Fin.")
    assert [(s.kind, s.reason) for s in segments] == [
        ("title", None),
        ("chrome", "byline"),
        ("content", None),
        ("content", None),
    ]


def test_vietnamese_paragraph_is_chrome_split_into_sentences() -> None:
    text = "Un titre\n\nNga rút lực lượng gìn giữ hòa bình. Ảnh 1 của các người.\n\nLe texte."
    segments = segment_text(text)
    assert [(s.kind, s.reason, s.paragraph) for s in segments] == [
        ("title", None, 1),
        ("chrome", "not-french", 2),
        ("chrome", "not-french", 2),
        ("content", None, 3),
    ]


def test_boilerplate_is_one_chrome_segment_and_duplicates_get_distinct_ids() -> None:
    segments = segment_text("Titre\n\nTexte.\n\nNo data\nNo data\n\nPartager")
    chrome = [s for s in segments if s.kind == "chrome"]
    assert [s.source for s in chrome] == ["No data", "No data", "Partager"]
    assert {s.reason for s in chrome} == {"boilerplate"}
    assert chrome[0].id != chrome[1].id


# ---------------------------------------------------------------- titles and paragraphs


def test_first_line_is_title_and_short_crosshead_is_title() -> None:
    text = (
        "Guerre en Ukraine\n\nLe texte commence. Il continue.\n\n"
        "Les réactions\n\nLe texte reprend.\n\nLa fin"
    )
    segments = segment_text(text)
    assert [(s.kind, s.source) for s in segments] == [
        ("title", "Guerre en Ukraine"),
        ("content", "Le texte commence."),
        ("content", "Il continue."),
        ("title", "Les réactions"),
        ("content", "Le texte reprend."),
        ("content", "La fin"),  # last line: nothing follows, so not a crosshead
    ]
    assert title_of(segments) == "Guerre en Ukraine"


def test_heading_near_misses_stay_content() -> None:
    text = (
        "Titre\n\nUn texte.\n\n"
        "Une phrase courte.\n\n"  # ends with a full stop
        "Ligne dans un bloc\nSuite du bloc\n\n"  # not alone in its block
        "Suite."
    )
    kinds = [(s.kind, s.source) for s in segment_text(text)]
    assert kinds[1:] == [
        ("content", "Un texte."),
        ("content", "Une phrase courte."),
        ("content", "Ligne dans un bloc"),
        ("content", "Suite du bloc"),
        ("content", "Suite."),
    ]


def test_chrome_first_line_is_skipped_for_title_and_prose_is_not_a_title() -> None:
    segments = segment_text("No data\n\nLe texte commence ici. Il continue là.\n\nFin.")
    assert [s.kind for s in segments] == ["chrome", "content", "content", "content"]
    assert title_of(segments) == "Le texte commence ici."
    assert title_of([]) == ""


def test_paragraph_numbers_single_newline_and_blank_lines() -> None:
    text = "Titre\nPremier. Deuxième.\n\n\nTroisième.\nQuatrième."
    segments = segment_text(text)
    assert [(s.paragraph, s.source) for s in segments] == [
        (1, "Titre"),
        (2, "Premier."),
        (2, "Deuxième."),
        (3, "Troisième."),
        (4, "Quatrième."),
    ]
    assert all("\n" not in s.source for s in segments)


def test_hard_wrapped_lines_are_joined_with_one_space() -> None:
    text = (
        "Titre\n\nLe porte-parole du Kremlin a confirmé\nle 17 avril que la Russie part.\n"
        "Elle part."
    )
    segments = segment_text(text)
    assert [(s.paragraph, s.source) for s in segments] == [
        (1, "Titre"),
        (2, "Le porte-parole du Kremlin a confirmé le 17 avril que la Russie part."),
        (3, "Elle part."),
    ]


def test_empty_text_gives_no_segments() -> None:
    assert segment_text("") == []
    assert segment_text(" \n\t\n") == []


# ---------------------------------------------------------------- ids


def test_segment_id_formula() -> None:
    import hashlib

    expected = "s" + hashlib.sha1(b"Bonjour le monde.\x1f1").hexdigest()[:12]
    assert segment_id("  Bonjour   le\u00a0monde. ", 1) == expected
    nfd = unicodedata.normalize("NFD", "Été.")
    assert segment_id(nfd, 0) == segment_id("Été.", 0)
    assert segment_id("Été.", 0) != segment_id("Été.", 1)


def test_editing_one_sentence_changes_only_its_id(seed_article: Path) -> None:
    text = read_article(seed_article)
    old = "Des images et des vidéos montrent"
    edited = text.replace(old, "Des photos et des vidéos montrent")
    before = segment_text(text)
    after = segment_text(edited)
    assert len(before) == len(after)
    changed = [(a.source, b.source) for a, b in zip(before, after, strict=True) if a.id != b.id]
    assert len(changed) == 1
    assert changed[0][0].startswith(old)


def test_duplicate_sentences_get_distinct_ids_and_keep_them() -> None:
    one = segment_text("Titre\n\nOui. Non. Oui.")
    ids = [s.id for s in one]
    assert len(set(ids)) == len(ids)
    assert one[1].id == segment_id("Oui.", 0)
    assert one[3].id == segment_id("Oui.", 1)
    # a new sentence inserted before keeps the ids of the others
    two = segment_text("Titre\n\nPeut-être. Oui. Non. Oui.")
    assert {s.id for s in one} <= {s.id for s in two}


# ---------------------------------------------------------------- read_article


def test_crlf_bom_and_nfd_give_the_same_segments(seed_article: Path, tmp_path: Path) -> None:
    clean = segment_file(seed_article)
    raw = seed_article.read_text(encoding="utf-8")
    variants = {
        "crlf.txt": raw.replace("\n", "\r\n").encode("utf-8"),
        "cr.txt": raw.replace("\n", "\r").encode("utf-8"),
        "bom.txt": codecs.BOM_UTF8 + raw.encode("utf-8"),
        "nfd.txt": unicodedata.normalize("NFD", raw).encode("utf-8"),
        "all.txt": codecs.BOM_UTF8
        + unicodedata.normalize("NFD", raw).replace("\n", "\r\n").encode("utf-8"),
    }
    for name, data in variants.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert segment_file(path) == clean, name
    text = read_article(tmp_path / "all.txt")
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    assert unicodedata.is_normalized("NFC", text)


def _error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_article(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.strip() == message
    return message


def test_read_article_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "does not exist" in _error(tmp_path / "missing.txt")
    assert "is a directory" in _error(tmp_path)

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "is empty" in _error(empty)

    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\r\n\t ")
    assert "only whitespace" in _error(blank)

    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"Bonjour\x00le monde")
    assert "NUL byte" in _error(nul)

    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "PNG image" in _error(png)

    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Le Haut-Karabakh est à l'Azerbaïdjan. Été.".encode("latin-1"))
    message = _error(latin1)
    assert "is not UTF-8 (byte 0xE0 at offset 21)" in message
    assert "iconv -f latin1 -t utf-8" in message

    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Bonjour le monde.".encode("utf-16"))
    assert "UTF-16" in _error(utf16)

    utf16_no_bom = tmp_path / "utf16le.txt"
    utf16_no_bom.write_bytes("Bonjour le monde.".encode("utf-16-le"))
    assert "UTF-16" in _error(utf16_no_bom)

    newline_name = tmp_path / "bad\nname.txt"
    assert "\\n" in _error(newline_name)

    big = tmp_path / "big.txt"
    big.write_bytes(b"Un texte assez long.")
    monkeypatch.setattr(reading, "MAX_ARTICLE_BYTES", 10)
    assert "larger than" in _error(big)


def test_read_article_permission_error_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Bonjour.", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert "permission denied" in _error(path)


# ---------------------------------------------------------------- robustness

_ALPHABET = [
    *"abcdeéèàçôzAÉMZ019 .,;:!?…«»“”’'\"()[]-/%\n\r\t\u00a0\u202f\u2028\u0301ơưăđạảấệ",
    *("M. ", "Mme ", "J.-C. ", "etc. ", "2 000", "...", ". » ", "\n\n", "No data", "Lien source"),
]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.lists(st.sampled_from(_ALPHABET), max_size=80).map("".join), st.text(max_size=200))
)
def test_nothing_is_lost_or_reordered(text: str) -> None:
    segments = segment_text(text)
    joined = "".join(s.source for s in segments)
    assert _squash(joined) == _squash(unicodedata.normalize("NFC", text))
    assert [s.position for s in segments] == list(range(1, len(segments) + 1))
    assert len({s.id for s in segments}) == len(segments)
    previous = 0
    for s in segments:
        assert s.source and s.source == s.source.strip()
        assert "\n" not in s.source and "\r" not in s.source
        assert s.kind in KINDS
        assert (s.reason is None) == (s.kind != "chrome")
        assert s.paragraph >= previous
        previous = s.paragraph


#: Megabyte inputs that a backtracking regex would take minutes on; benchmarks/segment_bench.py
#: times them (seconds per MB), the test checks that nothing is lost.
PATHOLOGICAL = {
    "no-punctuation": "mot " * 250_000,  # a 1 MB line without punctuation
    "dots": "." * 1_000_000,
    "short-sentences": "a. " * 333_333,
    "initials": "M. A " * 200_000,
    "parens": "(" * 500_000 + ")" * 500_000,
    "spaces": "." + " " * 1_000_000 + "x",
    "quotes": ". »" * 300_000 + " A",
    "many-short-parens": "x " * 100_000 + "(a. B) " * 120_000,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_megabyte_inputs_lose_nothing(name: str) -> None:
    text = PATHOLOGICAL[name]
    segments = segment_text(text)
    assert _squash("".join(s.source for s in segments)) == _squash(text)


def test_large_article_gives_every_copy_its_segments(seed_article: Path) -> None:
    # Its speed (linear in the size) is measured by benchmarks/segment_bench.py.
    block = read_article(seed_article) + "\n\n"
    segments = segment_text(block * 400)
    assert len(segments) == 400 * len(segment_text(block))
