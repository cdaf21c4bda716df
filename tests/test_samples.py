"""The reference translations in samples/: valid PO, NFC, complete, and faithful to names."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest

from workbench.segment import segment_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "karabakh"
ARTICLE = SAMPLES / "fr.txt"
LANGS = ("en", "vi")

# Terms each reference must use, and the French forms that must not leak into it.
REQUIRED = {
    "en": [
        "Dmitry Peskov",
        "Nikol Pashinyan",
        "Hikmet Hajiyev",
        "Ilham Aliyev",
        "Collective Security Treaty Organization (CSTO)",
        "Nagorno-Karabakh",
        "Yerevan",
        "Baku",
        "April 17",
        "2,000",
        "100,000",
        "AFP",
        "RT",
    ],
    "vi": [
        "Dmitry Peskov",
        "Nikol Pashinyan",
        "Hikmet Hajiyev",
        "Ilham Aliyev",
        "Tổ chức Hiệp ước An ninh Tập thể (CSTO)",
        "Nagorno-Karabakh",
        "Yerevan",
        "Baku",
        "ngày 17/4",
        "2.000",
        "100.000",
        "AFP",
        "RT",
    ],
}
FORBIDDEN = ["Haut-Karabakh", "OTSC", "Erevan", "Bakou", "Dmitri ", "2 000", "100 000"]


def _po(lang: str) -> polib.POFile:
    return polib.pofile(str(SAMPLES / f"{lang}.po"), check_for_duplicates=True)


def _segment_id(source: str, occurrence: int) -> str:
    norm = " ".join(unicodedata.normalize("NFC", source).split())
    return "s" + hashlib.sha1(f"{norm}\x1f{occurrence}".encode()).hexdigest()[:12]


@pytest.mark.parametrize("lang", LANGS)
def test_parses_with_header(lang: str) -> None:
    po = _po(lang)
    assert len(po) > 0
    meta = po.metadata
    assert meta["Project-Id-Version"] == "workbench samples"
    assert meta["Language"] == lang
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["Content-Transfer-Encoding"] == "8bit"
    assert meta["MIME-Version"] == "1.0"
    plural = {"en": "nplurals=2; plural=(n != 1);", "vi": "nplurals=1; plural=0;"}[lang]
    assert meta["Plural-Forms"] == plural
    for key in ("POT-Creation-Date", "PO-Revision-Date", "Last-Translator", "Language-Team"):
        assert meta[key]


@pytest.mark.parametrize("lang", LANGS)
def test_msgfmt_check(lang: str) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(SAMPLES / f"{lang}.po")],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert f"{len(_po(lang))} translated messages." in result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_nfc_no_bom_complete(lang: str) -> None:
    raw = (SAMPLES / f"{lang}.po").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    for entry in _po(lang):
        assert entry.msgstr.strip(), entry.msgctxt
        assert entry.msgstr == entry.msgstr.strip()
        assert "fuzzy" not in entry.flags
        assert not entry.obsolete


@pytest.mark.parametrize("lang", LANGS)
def test_terms(lang: str) -> None:
    targets = " ".join(entry.msgstr for entry in _po(lang))
    for term in REQUIRED[lang]:
        assert term in targets, term
    for term in FORBIDDEN:
        assert term not in targets, term


def test_same_entries_in_both_languages() -> None:
    en, vi = _po("en"), _po("vi")
    assert [(e.msgctxt, e.msgid) for e in en] == [(e.msgctxt, e.msgid) for e in vi]
    assert [e.occurrences for e in en] == [e.occurrences for e in vi]


@pytest.mark.parametrize("lang", LANGS)
def test_msgids_are_article_sentences_with_stable_ids(lang: str) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    seen: dict[str, int] = {}
    for entry in _po(lang):
        assert entry.msgid in article  # exact, apostrophes included
        norm = " ".join(entry.msgid.split())
        assert entry.msgctxt == _segment_id(entry.msgid, seen.get(norm, 0))
        seen[norm] = seen.get(norm, 0) + 1


def test_generator_reproduces_the_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_refs", SAMPLES / "make_refs.py")
    assert spec is not None and spec.loader is not None
    make_refs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_refs)
    for lang in LANGS:
        out = tmp_path / f"{lang}.po"
        make_refs.build(lang).save(str(out))
        assert out.read_bytes() == (SAMPLES / f"{lang}.po").read_bytes(), lang


def test_every_translatable_segment_has_one_reference() -> None:
    segments = [s for s in segment_file(ARTICLE) if s.kind in ("content", "title")]
    assert segments
    for lang in LANGS:
        by_ctxt: dict[str, list[polib.POEntry]] = {}
        for entry in _po(lang):
            by_ctxt.setdefault(entry.msgctxt, []).append(entry)
        assert set(by_ctxt) == {s.id for s in segments}, lang
        for seg in segments:
            (entry,) = by_ctxt[seg.id]
            assert entry.msgid == seg.source, (lang, seg.id)
            assert entry.occurrences == [("karabakh", str(seg.paragraph))], (lang, seg.id)
