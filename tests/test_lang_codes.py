"""workbench.lang.codes: the one language-code validator, and every place that takes a code
(package metadata, PO export and import, the CLI's language lists) agreeing with it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from workbench import cli
from workbench.errors import InputError, PackageError
from workbench.lang import LANGUAGE_CODE_HINT, check_lang, is_language_code
from workbench.mt import install
from workbench.project import export_article
from workbench.segment import segment_text
from workbench.store import open_store

VALID = [
    "fr",
    "en",
    "vi",
    "zt",  # the Argos index's traditional Chinese
    "pb",  # the Argos index's Brazilian Portuguese
    "fil",  # ISO 639-2/3
    "pt_BR",
    "en_GB",
    "es_419",  # UN M.49 region
    "zh_Hant",  # ISO 15924 script: passed models.py and failed export.py before
    "sr_Latn",
]
INVALID = [
    "",
    "e",
    "abcd",  # no ISO 639 code has four letters
    "auto",  # the Argos v2 index's chunk package source: not a language
    "EN",
    "En",
    "en\n",  # `$` accepted this
    "\nen",
    " en",
    "en ",
    "--",
    "-en",
    "en-US",
    "pt-BR",  # BCP 47 hyphen: gettext and the PO folders use _
    "en_us",
    "zh_hant",
    "zh_HANT",
    "en_USA",
    "es_41",
    "es_٤١٩",  # Arabic-Indic digits: \d would accept them
    "es_４１９",  # fullwidth digits
    "ｅｎ",  # fullwidth letters
    "én",
    "en_",
    "_en",
    "sr@latin",
    "../x",
    "fr/en",
    "en\x00",
    "en\u2028",
]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes(code: str) -> None:
    assert is_language_code(code)
    assert check_lang(code) == code


@pytest.mark.parametrize("code", INVALID)
def test_invalid_codes_raise_one_line(code: str) -> None:
    assert not is_language_code(code)
    with pytest.raises(InputError) as info:
        check_lang(code)
    message = str(info.value)
    assert message == f"invalid language code {code!r}: {LANGUAGE_CODE_HINT}"
    assert message.isprintable()  # one line: control characters of the code are escaped


@pytest.mark.parametrize("value", [None, 12, b"en", ["en"]])
def test_non_strings_are_not_codes(value: object) -> None:
    assert not is_language_code(value)
    with pytest.raises(InputError, match="invalid language code"):
        check_lang(value)


# -- every call site agrees with the validator ------------------------------------------------

EVERY = [*VALID, *INVALID]


def _package_with_to_code(package_file: Path, code: str, path: Path) -> Path:
    with zipfile.ZipFile(package_file) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("/metadata.json"):
                data = json.dumps(
                    dict(json.loads(data), to_code=code, code=f"translate-fr_{code}")
                ).encode()
            target.writestr(info, data)
    return path


@pytest.mark.parametrize("code", EVERY)
def test_package_metadata_agrees(code: str, package_files: dict[str, Path], tmp_path: Path) -> None:
    package = _package_with_to_code(package_files["tiny_fr_en"], code, tmp_path / "p.argosmodel")
    if is_language_code(code):
        installed = install.install_from_file(package, tmp_path / "packages")
        assert installed.to_code == code
    else:
        with pytest.raises(PackageError, match="to_code"):
            install.install_from_file(package, tmp_path / "packages")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("codes") / "ws"
    with open_store(root, create=True) as store:
        segments = segment_text("La Russie retire ses forces.")
        store.import_article(
            "a", segments, title="La Russie", source_path="a.txt", source_sha256="x"
        )
    return root


@pytest.mark.parametrize("code", EVERY)
def test_po_export_agrees(code: str, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "locales"
    with open_store(workspace) as store:
        if is_language_code(code):
            [result] = export_article(store, "a", [code], out)
            assert result.path == out / code / "LC_MESSAGES" / "a.po"
        else:
            with pytest.raises(InputError, match="invalid language code"):
                export_article(store, "a", [code], out)
            assert not out.exists()


# The CLI reads a comma list and strips blanks around its items ("en, vi"): list syntax. A bare
# "--" never reaches it: argparse drops "--" from "--lang=--" and hands the handler an empty
# list (reported to the CLI's owner), so "--" is checked inside a list.
@pytest.mark.parametrize("code", [c if c != "--" else "en,--" for c in EVERY if c == c.strip()])
def test_cli_language_list_agrees(
    code: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["--workspace", str(workspace), "tm", "stats", f"--lang={code}"])
    err = capsys.readouterr().err
    if is_language_code(code):
        assert "invalid language" not in err
    else:
        assert status == 2 and "invalid language list" in err
