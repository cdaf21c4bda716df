"""The ``spelling`` QA check and :func:`workbench.qa.spelling.misspelled_spans` (issue 14 item 14),
on Debian's real Hunspell dictionaries (``hunspell-en-us``, ``hunspell-vi``) through pyenchant
and libenchant-2, as ``.ci/run`` installs them: real misspellings are flagged, the words of the
source, pivot, glossary and name table never are, correct news translations raise nothing, and
a missing dictionary or library turns the check off with one notice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from tests.support import REPO_ROOT, SEED_ARTICLE, SLUG
from workbench.errors import InputError
from workbench.glossary import Glossary, Term, seed_glossary
from workbench.lang import dictionaries
from workbench.qa import run_checks
from workbench.qa.spelling import misspelled_spans, notice, suggestions

ROOT = REPO_ROOT
CORPUS = json.loads((ROOT / "tests" / "data" / "news_corpus.json").read_text(encoding="utf-8"))
Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(autouse=True)
def _dictionaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_SPELLING", raising=False)
    missing = [notice(lang) for lang in ("en", "vi") if dictionaries.dictionary(lang) is None]
    if missing:
        message = f"spelling dictionaries missing ({'; '.join(filter(None, missing))})"
        if os.environ.get("WORKBENCH_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)


def flagged(
    target: str,
    lang: str,
    source: str = "",
    *,
    pivot: str | None = None,
    glossary: Glossary | None = None,
) -> list[str]:
    spans = misspelled_spans(target, lang, source=source, pivot=pivot, glossary=glossary)
    return [target[a:b] for a, b in spans]


def test_hunspell_dictionaries_are_used() -> None:
    en, vi = dictionaries.dictionary("en"), dictionaries.dictionary("vi")
    assert en is not None and (en.tag, en.provider) == ("en_US", "hunspell")
    assert vi is not None and (vi.tag, vi.provider) == ("vi_VN", "hunspell")


def test_english_misspellings_are_flagged_with_spans() -> None:
    target = "The goverment said it had recieved teh aid."
    assert flagged(target, "en") == ["goverment", "recieved", "teh"]
    found = run_checks("Le gouvernement a reçu l'aide.", target, "en", enabled=["spelling"])
    assert [target[f.span[0] : f.span[1]] for f in found if f.span] == [
        "goverment",
        "recieved",
        "teh",
    ]
    assert {f.severity for f in found} == {"warning"}
    assert found[1].message == "unknown word recieved"
    assert suggestions("recieved", "en")[0] == "received"
    assert suggestions("nguời", "vi") and suggestions("recieved", "xx") == []
    # Capitalised words are checked too, and an English possessive or prefix is no excuse.
    assert flagged("Officials in Armnia’s capital met.", "en") == ["Armnia’s"]
    assert flagged("A pre-pandamic level.", "en") == ["pre-pandamic"]


def test_vietnamese_misspellings_are_flagged() -> None:
    target = "Cuộc di cư của nguời dân khỏi vùng này, nguoi dân nói."
    assert flagged(target, "vi") == ["nguời", "nguoi"]
    # A capitalised word with Vietnamese letters is Vietnamese, wherever it stands.
    assert flagged("Theo Chính phủ, Đừơng phố vẫn ổn.", "vi") == ["Đừơng"]
    # A foreign name one edit away from a word of the source or pivot is a misspelled name ...
    source = "Gabriel Attal est allé à Marseille."
    target = "Ông Garbiel Attal đã đến Maresille và Marsielle."
    assert flagged(target, "vi", source) == ["Garbiel", "Maresille", "Marsielle"]
    # ... the same name spelled right is not, nor is a foreign name the source does not have
    # (near miss).
    assert flagged("Ông Gabriel Attal đã đến Marseille cùng ông Pashinyan.", "vi", source) == []


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("The Armenian exodus from Karabakh, Armenia’s pre-pandemic level.", "en"),
        ("NATO and the OTSC met at www.example.org, @AFP, #MeToo, COVID-19, 10km, U.S.", "en"),
        ("Don’t call it an iPhone, said Mr. O’Brien.", "en"),
        # both Vietnamese orthographies of the tone in oa / oe / uy
        ("Thỏa thuận hòa bình của Ủy ban, thoả thuận hoà bình của Uỷ ban, khỏe, khoẻ.", "vi"),
        # loanwords and foreign names in their English spelling
        ("Ông Pashinyan chi 1,5 tỷ euro cho video và diesel tại Armenia, Moscow.", "vi"),
    ],
)
def test_correct_text_is_not_flagged(target: str, lang: str) -> None:
    assert flagged(target, lang) == []


def test_names_from_the_source_pivot_glossary_and_alias_table_are_never_flagged() -> None:
    target = "Stepanakert fell, said Zakharova, and Zangezur too."
    assert flagged(target, "en") == ["Stepanakert", "Zakharova", "Zangezur"]
    source = "Stepanakert est tombée, a dit Zakharova."
    glossary = Glossary((Term("corridor de Zangezour", "Zangezur corridor", "hành lang Zangezur"),))
    assert flagged(target, "en", source, glossary=glossary) == []
    assert flagged(target, "en", source) == ["Zangezur"]
    # The English pivot of a Vietnamese target (source words count whatever their case).
    assert flagged("Zangezur, stepanakert.", "vi", "Stepanakert", pivot="Zangezur") == []
    # The alias table's forms (Haut-Karabakh -> Nagorno-Karabakh), in any segment.
    assert flagged("The Nagorno-Karabakh region.", "en") == []
    # Near miss: a name misspelled against the source is still flagged.
    assert flagged("Stepanakret fell.", "en", source) == ["Stepanakret"]


def test_spans_index_the_target_as_given_even_decomposed() -> None:
    target = unicodedata.normalize("NFD", "Người dân nguời dân.")
    ((start, end),) = misspelled_spans(target, "vi")
    assert unicodedata.normalize("NFC", target[start:end]) == "nguời"


def test_corpus_and_sample_translations_raise_nothing() -> None:
    """Every correct translation of the news corpus, the committed post-edits (locales/) and
    the sample's independent references: no spelling finding (benchmarks/qa_noise.py)."""
    pairs = [(e["fr"], e[lang], lang) for e in CORPUS for lang in ("en", "vi")]
    for lang in ("en", "vi"):
        for path in (
            ROOT / "locales" / lang / "LC_MESSAGES" / "karabakh.po",
            ROOT / "samples" / "karabakh" / f"{lang}.po",
        ):
            pairs += [(e.msgid, e.msgstr, lang) for e in polib.pofile(str(path)) if e.msgstr]
    assert len(pairs) >= 300
    glossary = seed_glossary()
    noisy = [
        (lang, target, [f.message for f in found])
        for source, target, lang in pairs
        if (found := run_checks(source, target, lang, enabled=["spelling"], glossary=glossary))
    ]
    assert noisy == []


def test_a_missing_dictionary_turns_the_check_off_with_one_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "The goverment."
    monkeypatch.setenv("WORKBENCH_SPELLING", "en=xx_XX")
    assert dictionaries.dictionary("en") is None and dictionaries.dictionary("vi") is not None
    assert misspelled_spans(target, "en") == []
    assert run_checks("Le gouvernement.", target, "en", enabled=["spelling"]) == []
    said = notice("en")
    assert said is not None and "no xx_XX dictionary" in said and "\n" not in said
    assert notice("vi") is None
    monkeypatch.setenv("WORKBENCH_SPELLING", "off")
    assert misspelled_spans(target, "en") == [] and notice("en") is None
    monkeypatch.setenv("WORKBENCH_SPELLING", "en=en_US,vi=vi_VN")
    assert misspelled_spans(target, "en") == [(4, 13)]
    monkeypatch.setenv("WORKBENCH_SPELLING", "en:en_US")
    with pytest.raises(InputError, match="WORKBENCH_SPELLING"):
        misspelled_spans(target, "en")


def test_a_missing_enchant_library_is_one_notice_not_an_error(tmp_path: Path) -> None:
    """A machine without libenchant-2 (here: pyenchant pointed at a file that is no library)."""
    not_a_library = tmp_path / "libenchant-2.so.2"
    not_a_library.write_bytes(b"\x7fELF not really")
    code = (
        "from workbench.qa import run_checks; from workbench.qa.spelling import notice;"
        "print(run_checks('Le gouvernement.', 'The goverment.', 'en', enabled=['spelling']));"
        "print(notice('en'))"
    )
    env = {**os.environ, "PYENCHANT_LIBRARY_PATH": str(not_a_library)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    findings, said = proc.stdout.splitlines()
    assert findings == "[]"
    assert said.startswith("spelling is not checked: the Enchant library cannot be loaded")
    assert "apt-get install libenchant-2-2" in said


def test_cli_qa_reports_spelling_and_says_a_missing_dictionary_once(
    tmp_path: Path, cli: Cli
) -> None:
    from workbench.project import import_article
    from workbench.store import MTWrite, open_store

    workspace = tmp_path / ".workbench"
    import_article(SEED_ARTICLE, slug=SLUG, workspace=workspace)
    with open_store(workspace) as store:
        rows = [r for r in store.rows(SLUG, "en") if r.segment.translatable]
        good = next(r for r in rows if "Dmitri Peskov" in r.segment.source).segment.id
        bad = next(r for r in rows if "2 000 hommes" in r.segment.source).segment.id
        store.store_mt(
            SLUG,
            "en",
            [
                MTWrite(good, "Kremlin spokesman Dmitry Peskov confirmd it.", "m@1"),
                MTWrite(bad, "Russia deployed 99 troops.", "m@1"),
            ],
        )
    proc = cli("qa", SLUG, "--lang", "en", "--json", "--checks", "spelling", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    (segment,) = [s for s in json.loads(proc.stdout)["en"] if s["segment"] == good]
    ((start, end),) = [f["span"] for f in segment["findings"]]
    assert segment["target"][start:end] == "confirmd"
    proc = cli("qa", SLUG, "--lang", "en", cwd=tmp_path, env={"WORKBENCH_SPELLING": "en=xx_XX"})
    assert proc.returncode == 1  # the numbers error of the other segment still counts
    notices = [line for line in proc.stderr.splitlines() if "spelling" in line]
    assert notices == [
        "workbench: notice: spelling is not checked in en: no xx_XX dictionary; on "
        "Debian/Ubuntu: apt-get install the Hunspell dictionary xx_XX"
    ]
    assert "spelling:" not in proc.stdout and "numbers:" in proc.stdout
