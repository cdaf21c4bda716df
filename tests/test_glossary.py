"""Glossary: CSV and TBX-Basic round trips, validation with line numbers, XML safety, matching."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.glossary import (
    Glossary,
    Term,
    glossary_path,
    load_workspace_glossary,
    read_csv,
    read_tbx,
    seed_glossary,
    seed_terms,
    write_csv,
    write_tbx,
)
from workbench.qa import run_checks

SAMPLE = Glossary(
    (
        Term("Erevan", "Yerevan", "Yerevan", "capital of Armenia"),
        Term("cessez-le-feu", "ceasefire", "ngừng bắn", 'says "truce" too, but no'),
        Term("AFP", "AFP", "AFP", "Agence France-Presse", do_not_translate=True),
        Term("Haut-Karabakh", "Nagorno-Karabakh", "Nagorno-Karabakh"),
        Term("maintien de la paix", "peacekeeping", "gìn giữ hòa bình", "line1, with comma"),
    )
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def by_fr(glossary: Glossary) -> dict[str, Term]:
    return {t.fr: t for t in glossary.terms}


# ------------------------------------------------------------------------------------------
# CSV


def test_csv_round_trip_is_equal_and_deterministic(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    write_csv(SAMPLE, path)
    again = read_csv(path)
    assert by_fr(again) == by_fr(SAMPLE)
    assert [t.fr for t in again.terms] == [
        "AFP",
        "cessez-le-feu",
        "Erevan",
        "Haut-Karabakh",
        "maintien de la paix",
    ]  # sorted by casefold
    first = path.read_bytes()
    write_csv(again, path)
    assert path.read_bytes() == first
    assert first.startswith(b"fr,en,vi,note,do_not_translate\n")
    assert [p.name for p in tmp_path.iterdir()] == ["glossary.csv"]  # no temp file left over


def test_csv_accepts_bom_optional_columns_and_booleans(tmp_path: Path) -> None:
    text = (
        "\ufefffr,en,vi,do_not_translate\n"
        "RT,RT,RT,yes\n"
        "OTSC,CSTO,CSTO,\n"
        "AFP,AFP,AFP,X\n"
        "\n"
        "Kremlin,Kremlin,Điện Kremlin,0\n"
    )
    glossary = read_csv(write(tmp_path / "g.csv", text))
    terms = by_fr(glossary)
    assert terms["RT"].do_not_translate and terms["AFP"].do_not_translate
    assert not terms["OTSC"].do_not_translate and not terms["Kremlin"].do_not_translate
    assert terms["Kremlin"].vi == "Điện Kremlin" and terms["Kremlin"].note == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fr,en,note\nErevan,Yerevan,x\n", r"line 1: missing column vi"),
        ("fr,en,vi,comment\n", r"line 1: unknown column 'comment'"),
        ("fr,en,vi,do_not_translate\nRT,RT,RT,maybe\n", r"line 2: do_not_translate is 'maybe'"),
        (
            "fr,en,vi\nErevan,Yerevan,Yerevan\nBakou,Baku,Baku\nerevan,Yerevan,Yerevan\n",
            r"line 4: duplicate term 'erevan' \(already on line 2\)",
        ),
        ("fr,en,vi\nErevan,Yerevan,Yerevan,extra\n", r"line 2: 4 fields but the header has 3"),
        ("fr,en,vi\n,Yerevan,Yerevan\n", r"line 2: the fr column is empty"),
        ("fr,en,vi\nErevan,,\n", r"line 2: term 'Erevan' has no en or vi form"),
        ("", r"empty glossary"),
    ],
)
def test_csv_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_csv(write(tmp_path / "bad.csv", text))


def test_csv_not_utf8_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "fr,en,vi\nErevan,Yerevan,Yerevan\nArménie,Armenia,Armenia\n".encode("latin-1")
    )
    with pytest.raises(InputError, match=r"is not UTF-8 \(byte 0xE9 at offset 35\) on line 3"):
        read_csv(path)
    with pytest.raises(InputError, match="does not exist"):
        read_csv(tmp_path / "nope.csv")


def test_workspace_glossary(tmp_path: Path) -> None:
    assert glossary_path(tmp_path) == tmp_path / "glossary.csv"
    assert load_workspace_glossary(tmp_path) == Glossary()
    write_csv(seed_glossary(), glossary_path(tmp_path))
    assert by_fr(load_workspace_glossary(tmp_path)) == by_fr(seed_glossary())


# ------------------------------------------------------------------------------------------
# TBX


def test_tbx_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tbx"
    write_tbx(SAMPLE, path)
    data = path.read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b'type="TBX-Basic"' in data and b"urn:iso:std:iso:30042:ed-2" in data
    again = read_tbx(path)
    assert by_fr(again) == by_fr(SAMPLE)
    write_tbx(again, path)
    assert path.read_bytes() == data


def test_tbx_reads_tbx_v2_martif(tmp_path: Path) -> None:
    text = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="fr">
  <text><body>
    <termEntry id="t1">
      <note>capital</note>
      <langSet xml:lang="fr-FR"><tig><term>Erevan</term></tig></langSet>
      <langSet xml:lang="en-US"><tig><term>Yerevan</term></tig></langSet>
    </termEntry>
    <termEntry id="t2">
      <descrip type="usage">do not translate</descrip>
      <langSet xml:lang="fr"><tig><term>RT</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>"""
    glossary = read_tbx(write(tmp_path / "v2.tbx", text))
    assert by_fr(glossary) == {
        "Erevan": Term("Erevan", "Yerevan", "", "capital"),
        "RT": Term("RT", "", "", "", True),
    }


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE tbx SYSTEM "http://example.invalid/tbx.dtd">',
    ],
)
def test_tbx_refuses_doctype_and_entities(tmp_path: Path, prolog: str) -> None:
    text = f'<?xml version="1.0"?>\n{prolog}\n<tbx><text><body/></text></tbx>'
    with pytest.raises(InputError, match="line 2: DOCTYPE/ENTITY declarations are not accepted"):
        read_tbx(write(tmp_path / "evil.tbx", text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<tbx><text><body>", r"line 1: not well-formed XML"),
        ("<html/>", r"root element is <html>"),
        (
            '<tbx><text><body><conceptEntry id="c9"><langSec xml:lang="en"><termSec>'
            "<term>x</term></termSec></langSec></conceptEntry></body></text></tbx>",
            r"entry 1 \(id c9\) has no French",
        ),
    ],
)
def test_tbx_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_tbx(write(tmp_path / "bad.tbx", text))


# ------------------------------------------------------------------------------------------
# Matching


def test_find_longest_match_word_boundaries_accents() -> None:
    glossary = Glossary(
        (
            Term("maintien de la paix", "peacekeeping", "gìn giữ hòa bình"),
            Term("forces de maintien de la paix", "peacekeeping forces", "lực lượng"),
            Term("Arménie", "Armenia", "Armenia"),
            Term("RT", "RT", "RT", do_not_translate=True),
            Term("l'Azerbaïdjan", "Azerbaijan", "Azerbaijan"),
        )
    )
    source = (
        "Les forces de\u00a0maintien de la paix quittent l’Azerbaïdjan ; ARMÉNIE, Armenie, RTS."
    )
    found = [(t.fr, source[a:b]) for t, (a, b) in glossary.find(source)]
    assert found == [
        ("forces de maintien de la paix", "forces de\u00a0maintien de la paix"),
        ("l'Azerbaïdjan", "l’Azerbaïdjan"),
        ("Arménie", "ARMÉNIE"),
    ]
    assert glossary.find("") == [] and Glossary().find(source) == []


def test_target_for() -> None:
    term = Term("RT", "Russia Today", "RT", do_not_translate=True)
    assert seed_glossary().target_for(term, "en") == "RT"
    plain = Term("Erevan", "Yerevan", "Yerevan")
    assert Glossary().target_for(plain, "vi") == "Yerevan"
    with pytest.raises(InputError, match="unknown language 'de'"):
        Glossary().target_for(plain, "de")


def test_seed_terms_cover_the_article() -> None:
    terms = {t.fr: t for t in seed_terms()}
    assert terms["Haut-Karabakh"].en == "Nagorno-Karabakh"
    assert terms["OTSC"].vi == "CSTO"
    assert terms["Erevan"].en == "Yerevan"
    assert terms["cessez-le-feu"].en == "ceasefire"
    assert terms["forces de maintien de la paix"].vi == "lực lượng gìn giữ hòa bình"
    assert terms["RT"].do_not_translate and terms["AFP"].do_not_translate
    assert terms["Kremlin"].vi == "Điện Kremlin"


def test_glossary_check_through_a_workspace_file(tmp_path: Path) -> None:
    write(
        glossary_path(tmp_path),
        "fr,en,vi,note,do_not_translate\n"
        "Haut-Karabakh,Nagorno-Karabakh,Nagorno-Karabakh,,no\n"
        "AFP,,,news agency,yes\n",
    )
    glossary = load_workspace_glossary(tmp_path)
    source = "L'AFP cite des sources au Haut-Karabakh."
    good = "AFP cites sources in Nagorno-Karabakh."
    assert run_checks(source, good, "en", glossary=glossary, enabled=["glossary"]) == []
    found = run_checks(
        source,
        "Agence France-Presse cites sources in Upper Karabakh.",
        "en",
        glossary=glossary,
        enabled=["glossary"],
    )
    assert [(f.severity, source[f.source_span[0] : f.source_span[1]]) for f in found] == [
        ("error", "AFP"),
        ("warning", "Haut-Karabakh"),
    ]


def test_write_is_atomic_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "glossary.csv"
    write_csv(SAMPLE, path)
    before = path.read_bytes()

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_csv(seed_glossary(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["glossary.csv"]
