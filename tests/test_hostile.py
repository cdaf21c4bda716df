"""Hostile input: every command that reads input, fed bad files and bad arguments.

The promise: one line on stderr that says what is wrong and what to do, exit 2, no traceback,
and nothing changed (the workspace database with its -wal, the glossary, the exported locales
and the Argos package folder hash the same before and after).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import SEED_ARTICLE
from tests.test_cli import assert_one_line_error, run, tree_digest
from workbench.project import import_article

if TYPE_CHECKING:
    from workbench.models import InstalledPackage

SLUG = "karabakh"


def state(*folders: Path) -> str:
    """tree_digest of each folder plus every path below it (empty folders and leftover hidden
    temporary folders included): the 'nothing changed' check."""
    h = hashlib.sha256()
    for folder in folders:
        h.update(tree_digest(folder).encode())
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                h.update(str(path.relative_to(folder)).encode() + b"\0")
    return h.hexdigest()


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    """A workspace holding the seed article."""
    folder = tmp_path / ".workbench"
    import_article(SEED_ARTICLE, slug=SLUG, workspace=folder)
    return folder


def refused(tmp_path: Path, ws: Path, needle: str, *args: str) -> None:
    """Run the CLI: one-line error containing ``needle``, exit 2, nothing changed."""
    folders = (ws, tmp_path / "locales")
    before = state(*folders)
    proc = run(*args, "--workspace", str(ws), cwd=tmp_path)
    assert_one_line_error(proc, needle)
    assert state(*folders) == before


# -- regressions: one test per bug found here --------------------------------------------------


def test_article_with_eot_control_is_refused_at_import(tmp_path: Path, ws: Path) -> None:
    """U+0004 is gettext's msgctxt separator: a source holding it was imported, then every
    export of the article failed, telling the reviewer to fix a *target*."""
    bad = tmp_path / "eot.txt"
    bad.write_bytes(b"Titre\n\nUne phrase.\n\nLe texte\x04 contient un EOT.\n")
    refused(tmp_path, ws, "U+0004 (EOT) on line 5", "import", str(bad), "--slug", "eot")


@pytest.mark.parametrize(
    "text",
    [
        "Lien source\n\nComment (0)\n\n17/04/2024\n\nNo data\n",
        "Russia withdraws its peacekeepers from Nagorno-Karabakh, the Kremlin said on Wednesday.\n",
    ],
    ids=["chrome-only", "english"],
)
def test_article_without_french_text_is_refused(tmp_path: Path, ws: Path, text: str) -> None:
    """A file of page chrome only (or not French at all) was imported as an article with an
    empty title and nothing to translate."""
    bad = tmp_path / "chrome.txt"
    bad.write_text(text, encoding="utf-8")
    refused(tmp_path, ws, "holds no French article text", "import", str(bad), "--slug", "c")


LONG = "y" * 300  # one path component longer than any filesystem allows (ENAMETOOLONG)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("import-po", LONG, "--slug", SLUG, "--lang", "en"), "File name too long"),
        (("score", "--hyp", LONG, "--ref", str(SEED_ARTICLE)), "File name too long"),
        (("score", "--hyp", str(SEED_ARTICLE), "--ref", LONG), "File name too long"),
        (("models", "install", LONG + ".argosmodel"), "File name too long"),
        (("export", SLUG, "--lang", "en", "--out", LONG), "File name too long"),
        (("glossary", "export", LONG + ".csv"), "File name too long"),
        (("glossary", "export", "a-folder"), "Is a directory"),
        (("glossary", "export", "a-file/terms.csv"), "a-file"),
    ],
    ids=lambda value: value[0] if isinstance(value, tuple) else None,
)
def test_unusable_paths_are_one_line(
    tmp_path: Path,
    ws: Path,
    tiny_packages: dict[str, InstalledPackage],
    args: tuple[str, ...],
    needle: str,
) -> None:
    """Paths the system refuses (too long, a folder where a file goes, a file where a folder
    goes) raised OSError tracebacks from pathlib in import-po, score, models install, export
    and glossary export."""
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "a-folder").mkdir()
    argos = tiny_packages["fr_en"].path.parent
    before = state(argos)
    refused(tmp_path, ws, needle, *args)
    assert state(argos) == before


@pytest.mark.parametrize("command", [("status",), ("import", str(SEED_ARTICLE))])
def test_unusable_workspace_path_is_one_line(tmp_path: Path, command: tuple[str, ...]) -> None:
    proc = run(*command, "--workspace", str(tmp_path / LONG), cwd=tmp_path)
    assert_one_line_error(proc, "File name too long")
    assert sorted(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "data", [b"", b"\n  \n", b"# only a comment\n#, fuzzy\n"], ids=["empty", "blank", "comments"]
)
def test_po_without_entries_is_refused(tmp_path: Path, ws: Path, data: bytes) -> None:
    """An empty (e.g. truncated) PO file was 'imported' with exit 0: '0 approved, 0 edited'."""
    bad = tmp_path / "empty.po"
    bad.write_bytes(data)
    refused(
        tmp_path, ws, "holds no PO entries", "import-po", str(bad), "--slug", SLUG, "--lang", "en"
    )


def patch_member(data: bytes, name: str, *, flag: int = 0, method: int | None = None) -> bytes:
    """Set general-purpose ``flag`` bits and/or the compression ``method`` of one zip member,
    in both its local header and its central directory entry (the rest stays valid)."""
    import struct

    buf = bytearray(data)
    encoded = name.encode()
    for signature, flag_at, method_at, name_len_at, name_at in (
        (b"PK\x03\x04", 6, 8, 26, 30),  # local file header
        (b"PK\x01\x02", 8, 10, 28, 46),  # central directory entry
    ):
        start = 0
        while (at := buf.find(signature, start)) >= 0:
            start = at + 4
            (length,) = struct.unpack_from("<H", buf, at + name_len_at)
            if bytes(buf[at + name_at : at + name_at + length]) != encoded:
                continue
            buf[at + flag_at] |= flag
            if method is not None:
                struct.pack_into("<H", buf, at + method_at, method)
    return bytes(buf)


@pytest.mark.parametrize(
    ("member", "flag", "method", "needle"),
    [
        ("metadata.json", 0x1, None, "is encrypted"),
        ("model/model.bin", 0x1, None, "is encrypted"),
        ("metadata.json", 0, 9, "compression method 9"),  # deflate64
        ("model/model.bin", 0, 9, "compression method 9"),
    ],
)
def test_encrypted_or_unreadable_zip_members_are_refused(
    tmp_path: Path,
    ws: Path,
    package_files: dict[str, Path],
    tiny_packages: dict[str, InstalledPackage],
    member: str,
    flag: int,
    method: int | None,
    needle: str,
) -> None:
    """zipfile raises RuntimeError (encrypted) or NotImplementedError (deflate64) when it reads
    such a member: both escaped as tracebacks from `models install`."""
    import zipfile

    source = package_files["tiny_fr_en"]
    with zipfile.ZipFile(source) as archive:
        [full] = [n for n in archive.namelist() if n.endswith("/" + member) or n == member]
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(patch_member(source.read_bytes(), full, flag=flag, method=method))
    argos = tiny_packages["fr_en"].path.parent
    before = state(argos)
    refused(tmp_path, ws, needle, "models", "install", str(bad))
    assert state(argos) == before


REF_EN = SEED_ARTICLE.parent / "en.po"


def broken_refs(folder: Path) -> dict[str, tuple[Path, str]]:
    """Copies of the English reference, each broken one way msgfmt rejects."""
    text = REF_EN.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "withdrawing its peacekeeping" in line)
    lines[at] = lines[at].removesuffix('"')  # end-of-line within string
    blocks = text.split("\n\n")
    variants = {
        "unterminated": ("\n".join(lines), f"syntax error at line {at + 1}"),
        "charset": (text.replace("charset=UTF-8", "charset=ISO-8859-1"), "not UTF-8"),
        "duplicate": ("\n\n".join([*blocks, blocks[2]]), "twice"),
    }
    out = {}
    for name, (content, needle) in variants.items():
        path = folder / f"{name}.po"
        path.write_text(content, encoding="utf-8")
        out[name] = (path, needle)
    return out


@pytest.mark.parametrize("case", ["unterminated", "charset", "duplicate"])
@pytest.mark.parametrize("role", ["--hyp", "--ref"])
def test_score_refuses_po_files_msgfmt_rejects(
    tmp_path: Path, ws: Path, case: str, role: str
) -> None:
    """score parsed PO files with polib alone: an unterminated string, a Latin-1 charset or a
    duplicated entry were scored silently (a duplicate reference counted twice: 100 -> 93.8)."""
    bad, needle = broken_refs(tmp_path)[case]
    other = "--ref" if role == "--hyp" else "--hyp"
    refused(tmp_path, ws, needle, "score", role, str(bad), other, str(REF_EN))


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"fr,en,vi\nKreml\x00in,Kremlin,Kremlin\n", "line 2: a NUL byte"),
        ("fr,en,vi\nKremlin,Kremlin,Kremlin\n".encode("utf-16-le"), "line 1: a NUL byte"),
    ],
    ids=["nul-in-cell", "utf16-without-bom"],
)
def test_glossary_csv_with_nul_bytes_is_refused(
    tmp_path: Path, ws: Path, data: bytes, needle: str
) -> None:
    """Since Python 3.11 the csv module reads a NUL into a cell: the term was imported."""
    bad = tmp_path / "terms.csv"
    bad.write_bytes(data)
    refused(tmp_path, ws, needle, "glossary", "import", str(bad))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("header-only.csv", b"fr,en,vi,note,do_not_translate\n"),
        ("no-entries.tbx", b'<tbx type="TBX-Basic"><text><body/></text></tbx>'),
    ],
)
def test_glossary_import_without_terms_keeps_the_glossary(
    tmp_path: Path, ws: Path, name: str, data: bytes
) -> None:
    """Import replaces the workspace glossary: a file without terms silently emptied it."""
    (ws / "glossary.csv").write_text("fr,en,vi\nKremlin,Kremlin,Điện Kremlin\n", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(data)
    refused(tmp_path, ws, "holds no terms", "glossary", "import", str(bad))


@pytest.mark.parametrize(
    "command",
    [
        ("status",),
        ("segments", SLUG),
        ("import", str(SEED_ARTICLE), "--slug", SLUG),
        ("export", SLUG, "--lang", "en"),
        ("import-po", str(REF_EN), "--slug", SLUG, "--lang", "en"),
    ],
    ids=lambda command: command[0],
)
def test_damaged_database_is_one_line(tmp_path: Path, ws: Path, command: tuple[str, ...]) -> None:
    """A database whose pages were overwritten raised 'database disk image is malformed'
    as a traceback from the first query."""
    db = ws / "workbench.db"
    data = bytearray(db.read_bytes())
    assert len(data) > 3 * 4096
    data[2 * 4096 : 3 * 4096] = b"\x55" * 4096  # the third page: garbage
    db.write_bytes(bytes(data))
    refused(tmp_path, ws, "is damaged (database disk image is malformed)", *command)


@pytest.mark.parametrize(
    ("option", "value", "needle"),
    [
        ("--beam", "0", "0 is not between 1 and 64"),
        ("--beam", "-3", "-3 is not between 1 and 64"),
        ("--beam", "100000", "100000 is not between 1 and 64"),
        ("--beam", "four", "'four' is not a whole number"),
        ("--alternatives", "-5", "-5 is not between 0 and 63"),
    ],
)
def test_translate_decoding_options_are_checked(
    tmp_path: Path, ws: Path, option: str, value: str, needle: str
) -> None:
    """--beam 0 or below was a ValueError traceback from the translator, --beam 100000 ran out
    of time and memory, a negative --alternatives was accepted."""
    refused(tmp_path, ws, needle, "translate", SLUG, "--to", "en", option, value)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ((SLUG, "--lang", "en"), "needs a terminal"),
        (("nope", "--lang", "en"), "no article 'nope'"),
        ((SLUG, "--lang", "EN"), "invalid language code 'EN'"),
    ],
    ids=["no-terminal", "unknown-slug", "bad-lang"],
)
def test_review_without_a_terminal_or_with_bad_arguments(
    tmp_path: Path, ws: Path, args: tuple[str, ...], needle: str
) -> None:
    """`workbench review` from a script (stdout a pipe) drew the TUI into the pipe forever."""
    refused(tmp_path, ws, needle, "review", *args)
