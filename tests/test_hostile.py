"""Hostile input: every command that reads input, fed bad files and bad arguments.

The promise: one line on stderr that says what is wrong and what to do, exit 2, no traceback,
and nothing changed (the workspace database with its -wal, the glossary, the exported locales
and the Argos package folder hash the same before and after).

The cases run the CLI in this process (``workbench.cli.main(argv)`` through the ``cli``
fixture: the same exit code, stdout and stderr a child process gives, without starting an
interpreter for each of ~250 cases); an exception escaping ``main`` (a traceback, for a user)
fails the test. ``test_real_entry_point_*`` run one case per command family through
``python -m workbench`` in a child process, so the real entry point, its exit codes and the
absence of a traceback stay proven end to end; the memory tests measure a child process.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import struct
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import polib
import pytest

from tests.support import SEED_ARTICLE, assert_one_line_error, run, tree_digest
from workbench.project import import_article
from workbench.segment import read_article
from workbench.store import open_store

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage

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


Runner = Callable[..., subprocess.CompletedProcess[str]]
#: The in-process CLI of the running test (bound by ``_in_process``, used by ``refused``).
_cli: list[Runner] = []


@pytest.fixture(autouse=True)
def _in_process(cli: Runner) -> Iterator[None]:
    _cli.append(cli)
    yield
    _cli.clear()


def argos_folder() -> Path:
    """The session's Argos package folder (tests/conftest.py points ARGOS_PACKAGES_DIR at it)."""
    return Path(os.environ["ARGOS_PACKAGES_DIR"])


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    """A workspace holding the seed article."""
    folder = tmp_path / ".workbench"
    import_article(SEED_ARTICLE, slug=SLUG, workspace=folder)
    return folder


def refused(tmp_path: Path, ws: Path, needle: str, *args: str) -> None:
    """Run the CLI (in this process): one-line error containing ``needle``, exit 2, nothing
    changed in the workspace (database, glossary), the locales or the Argos package folder."""
    folders = (ws, tmp_path / "locales", argos_folder())
    before = state(*folders)
    proc = _cli[-1](*args, "--workspace", str(ws), cwd=tmp_path)
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
def test_unusable_workspace_path_is_one_line(
    tmp_path: Path, cli: Runner, command: tuple[str, ...]
) -> None:
    proc = cli(*command, "--workspace", str(tmp_path / LONG), cwd=tmp_path)
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
        (b"fr,en,vi\nKreml\x00in,Kremlin,Kremlin\n", "(NUL byte at offset 14) on line 2"),
        (
            "fr,en,vi\nKremlin,Kremlin,Kremlin\n".encode("utf-16-le"),
            "(NUL byte at offset 1) on line 1",
        ),
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
    with closing(sqlite3.connect(db)) as conn:  # the segment table's first page: every
        page = conn.execute(  # command here reads it
            "SELECT rootpage FROM sqlite_master WHERE name = 'segment'"
        ).fetchone()[0]
    data = bytearray(db.read_bytes())
    assert len(data) > page * 4096
    data[(page - 1) * 4096 : page * 4096] = b"\x55" * 4096  # garbage
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


# -- the corpus: tests/data/bad (small, committed) and make_bad.py (large, generated) ----------

BAD = Path(__file__).resolve().parent / "data" / "bad"

#: article file -> what the one error line must say
BAD_ARTICLES = {
    "article-empty.txt": "is empty",
    "article-whitespace.txt": "contains only whitespace",
    "article-image.png": "is a PNG image",
    "article-document.pdf": "is a PDF document",
    "article-utf16.txt": "is UTF-16",
    "article-utf16-nobom.txt": "looks like UTF-16",
    "article-utf32.txt": "is UTF-32",
    "article-latin1.txt": "is not UTF-8 (byte 0xE9",
    "article-surrogate.txt": "is not UTF-8 (byte 0xED",
    "article-nul-bytes.txt": "NUL byte at offset",
    "article-eot-control.txt": "U+0004",
    "article-chrome-only.txt": "holds no French article text",
    "article-english.txt": "holds no French article text",
}


@pytest.mark.parametrize("name", sorted(BAD_ARTICLES))
def test_import_refuses_bad_articles(tmp_path: Path, ws: Path, name: str) -> None:
    refused(tmp_path, ws, BAD_ARTICLES[name], "import", str(BAD / name), "--slug", "bad")


def test_import_refuses_bad_article_into_a_fresh_folder(tmp_path: Path, cli: Runner) -> None:
    """A rejected first import creates no workspace at all."""
    for name, needle in BAD_ARTICLES.items():
        proc = cli("import", str(BAD / name), cwd=tmp_path)
        assert_one_line_error(proc, needle)
    assert sorted(tmp_path.iterdir()) == []


#: PO file -> (import-po error, score error when given as --hyp; None: score accepts it)
BAD_PO = {
    "po-unterminated.po": ("syntax error at line 7", "syntax error at line 7"),
    "po-garbage-line.po": ("syntax error at line 10", "syntax error at line 10"),
    "po-orphan-msgstr.po": ("syntax error at line 10", "line 10"),
    "po-stray-quote.po": ("syntax error at line 6", "syntax error at line 6"),
    "po-latin1.po": ("ISO-8859-1, not UTF-8", "is not UTF-8"),
    "po-declared-latin1.po": ("ISO-8859-1, not UTF-8", "ISO-8859-1, not UTF-8"),
    "po-invalid-utf8.po": ("is not UTF-8 (byte 0xE9 at offset 100) on line 7", "is not UTF-8"),
    "po-duplicate-msgctxt.po": ("msgctxt 's268d6cff586a' twice", "msgctxt 's268d6cff586a' twice"),
    "po-duplicate-msgid.po": ("msgid 'Un.' twice", "msgid 'Un.' twice"),
    "po-empty.po": ("holds no PO entries", "is empty"),
    "po-comments-only.po": ("holds no PO entries", "holds no PO entries"),
    "po-binary.po": ("is a PNG image (binary data)", "is a PNG image (binary data)"),
    "po-utf16.po": ("is UTF-16, not UTF-8", "is UTF-16, not UTF-8"),
    "po-compiled.mo": ("compiled .mo file", "compiled .mo file"),
    "po-wrong-language.po": ("is a 'vi' translation, not 'en'", None),
}


@pytest.mark.parametrize("name", sorted(BAD_PO))
def test_import_po_refuses_bad_po_files(tmp_path: Path, ws: Path, name: str) -> None:
    needle = BAD_PO[name][0]
    refused(tmp_path, ws, needle, "import-po", str(BAD / name), "--slug", SLUG, "--lang", "en")


@pytest.mark.parametrize("name", sorted(n for n, (_, score) in BAD_PO.items() if score))
def test_score_refuses_bad_po_files(tmp_path: Path, ws: Path, name: str) -> None:
    needle = BAD_PO[name][1]
    assert needle is not None
    refused(tmp_path, ws, needle, "score", "--hyp", str(BAD / name), "--ref", str(REF_EN))
    refused(tmp_path, ws, needle.replace("hyp", "ref"), "score", "--ref", str(BAD / name),
            "--hyp", str(REF_EN))  # fmt: skip


TWO_LINES = BAD / "score-two-lines.txt"

#: plain-text score input -> error (as --hyp and as --ref against a good two-line file)
BAD_SCORE_TEXT = {
    "score-three-lines.txt": "lines but",
    "score-latin1.txt": "is not UTF-8",
    "score-binary.txt": "is a PNG image (binary data)",
    "score-utf16.txt": "is UTF-16, not UTF-8",
    "score-blank.txt": "is empty",
    "article-empty.txt": "is empty",
    "missing.txt": "does not exist",
}


@pytest.mark.parametrize("name", sorted(BAD_SCORE_TEXT))
def test_score_refuses_bad_text_files(tmp_path: Path, ws: Path, name: str) -> None:
    bad = str(BAD / name)
    refused(tmp_path, ws, BAD_SCORE_TEXT[name], "score", "--hyp", bad, "--ref", str(TWO_LINES))
    refused(tmp_path, ws, BAD_SCORE_TEXT[name], "score", "--ref", bad, "--hyp", str(TWO_LINES))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--hyp", str(TWO_LINES), "--ref", str(REF_EN)), "is a PO file but"),
        (("--hyp", str(TWO_LINES), "--ref", str(BAD)), "is a directory, not a file"),
        (("--hyp", str(TWO_LINES)), "give --hyp FILE and --ref FILE"),
        (("--hyp", str(REF_EN), "--ref", str(REF_EN), "--metrics", "bleu,meteor"), "meteor"),
        (("--hyp", str(REF_EN), "--ref", str(REF_EN), "--compare", str(TWO_LINES)), "is a PO"),
        (("--effort",), "--effort needs an article"),
        ((SLUG, "--effort", "--lang", "en"), "no approved en segment"),
    ],
    ids=["po-vs-text", "folder", "no-ref", "metric", "compare", "effort", "effort-empty"],
)
def test_score_refuses_bad_arguments(
    tmp_path: Path, ws: Path, args: tuple[str, ...], needle: str
) -> None:
    refused(tmp_path, ws, needle, "score", *args)


#: glossary file -> error
BAD_GLOSSARIES = {
    "glossary-unclosed-quote.csv": "malformed CSV (unexpected end of data)",
    "glossary-duplicate.csv": "duplicate term 'kremlin'",
    "glossary-semicolons.csv": "unknown column 'fr;en;vi'",
    "glossary-missing-column.csv": "missing column vi",
    "glossary-too-many-fields.csv": "4 fields but the header has 3",
    "glossary-bad-flag.csv": "do_not_translate is 'maybe'",
    "glossary-no-target.csv": "has no en or vi form",
    "glossary-nul.csv": "is binary (NUL byte at offset",
    "glossary-latin1.csv": "is not UTF-8 (byte 0xE9",
    "glossary-utf16.csv": "is UTF-16, not UTF-8",
    "glossary-empty.csv": "empty glossary",
    "glossary-header-only.csv": "holds no terms",
    "glossary-image.csv": "is a PNG image (binary data)",
    "glossary-broken.tbx": "not well-formed XML",
    "glossary-billion-laughs.tbx": "DOCTYPE/ENTITY declarations are not accepted",
    "glossary-xxe.tbx": "DOCTYPE/ENTITY declarations are not accepted",
    "glossary-html.tbx": "the root element is <html>",
    "glossary-no-french.tbx": 'has no French (xml:lang="fr") term',
    "glossary-no-entries.tbx": "holds no terms",
    "glossary-wrong-encoding.tbx": "not well-formed XML",
    "glossary-empty.tbx": "not well-formed XML",
    # found by fuzz/fuzz_inputs.py: expat without namespaces accepted it, ElementTree raised
    "glossary-unbound-prefix.tbx": "line 1: not well-formed XML (unbound prefix)",
    "missing.csv": "does not exist",
}


@pytest.mark.parametrize("name", sorted(BAD_GLOSSARIES))
def test_glossary_import_refuses_bad_files(tmp_path: Path, ws: Path, name: str) -> None:
    (ws / "glossary.csv").write_text("fr,en,vi\nKremlin,Kremlin,Điện Kremlin\n", encoding="utf-8")
    refused(tmp_path, ws, BAD_GLOSSARIES[name], "glossary", "import", str(BAD / name))


def test_glossary_csv_quote_errors_are_named(tmp_path: Path, ws: Path) -> None:
    """An unclosed quote swallowed the rest of the file into one cell; the error then blamed
    a term 'with no en or vi form' (whose advice, fill one, could not help)."""
    bad = tmp_path / "terms.csv"
    bad.write_bytes(b'fr,en,vi\nKremlin,"Kremlin" x,Kremlin\n')
    refused(tmp_path, ws, "line 2: malformed CSV", "glossary", "import", str(bad))


# -- Argos packages ------------------------------------------------------------------------------


def _rezip(source: Path, target: Path, change: object) -> Path:
    """Copy the package ``source`` member by member; ``change(name, data)`` returns the
    (name, data) pairs to write instead (an empty list drops the member)."""

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.is_dir():
                continue
            for name, data in change(info.filename, old.read(info)):  # type: ignore[operator]
                new.writestr(name, data)
    return target


def _with_metadata(**fields: object) -> object:

    def change(name: str, data: bytes) -> list[tuple[str, bytes]]:
        if name.endswith("metadata.json"):
            if "raw" in fields:
                return [(name, fields["raw"])]  # type: ignore[list-item]
            meta = json.loads(data) | fields
            return [(name, json.dumps(meta).encode())]
        return [(name, data)]

    return change


def _drop(suffix: str) -> object:
    return lambda name, data: [] if name.endswith(suffix) else [(name, data)]


def _replace(suffix: str, payload: bytes) -> object:
    return lambda name, data: [(name, payload if name.endswith(suffix) else data)]


def _swap_tokenizer(payload: bytes) -> object:
    """sentencepiece.model out, a bpe.model holding ``payload`` in."""

    def change(name: str, data: bytes) -> list[tuple[str, bytes]]:
        if name.endswith("sentencepiece.model"):
            return [(name.replace("sentencepiece.model", "bpe.model"), payload)]
        return [(name, data)]

    return change


def _non_utf8_name(source: Path, target: Path) -> Path:
    """A member whose name is flagged UTF-8 (bit 11) but holds 0xff: zipfile raised
    UnicodeDecodeError while opening the archive."""
    placeholder = "fr_en/README-XX.md"
    _rezip(source, target, _add(placeholder, b"hello"))
    data = bytearray(target.read_bytes())
    for signature, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = 0
        while (at := data.find(signature, at + 1)) >= 0:
            if bytes(data[at + name_at : at + name_at + len(placeholder)]) == placeholder.encode():
                data[at + flag_at + 1] |= 0x08  # general purpose flag 0x800: UTF-8 names
                start = at + name_at + placeholder.index("XX")
                data[start : start + 2] = b"\xff\xff"
    target.write_bytes(bytes(data))
    return target


def _corrupt_member(source: Path, target: Path, suffix: str) -> Path:
    """Flip the first bytes of one member's deflate stream: zipfile raised zlib.error."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(suffix))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(0, 64):  # the stream head: "invalid block type" (zlib.error)
        data[start + offset] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


def _add(extra: str, payload: bytes = b"x") -> object:
    def change(name: str, data: bytes) -> list[tuple[str, bytes]]:
        return (
            [(name, data), (extra, payload)] if name.endswith("metadata.json") else [(name, data)]
        )

    return change


def _package_variants(source: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """Broken copies of a real package: file -> what the error line must say."""

    data = source.read_bytes()
    out: dict[str, tuple[Path, str]] = {}

    def put(name: str, path: Path, needle: str) -> None:
        out[name] = (path, needle)

    truncated = folder / "truncated.argosmodel"
    truncated.write_bytes(data[: len(data) // 2])
    put("truncated", truncated, "not an Argos package (not a zip archive)")
    rezipped = [
        ("no-metadata", _drop("metadata.json"), "no metadata.json"),
        ("metadata-not-json", _with_metadata(raw=b"{oops"), "metadata.json is not valid JSON"),
        ("metadata-a-list", _with_metadata(raw=b"[1, 2]"), "metadata.json is not a JSON object"),
        ("unknown-from-code", _with_metadata(from_code="french"), "from_code 'french' is not a"),
        ("unknown-to-code", _with_metadata(to_code="EN!"), "to_code 'EN!' is not a language"),
        ("no-to-code", _with_metadata(to_code=""), "metadata.json has no to_code"),
        ("not-translate", _with_metadata(type="tts"), "not a translation package"),
        ("code-with-path", _with_metadata(code="../../evil"), "is not a plain name"),
        ("no-model", _drop("model/model.bin"), "no CTranslate2 model"),
        ("no-tokenizer", _drop("sentencepiece.model"), "no tokenizer"),
        ("dotdot", _add("fr_en/../../evil.txt"), "points outside the package"),
        ("absolute", _add("/tmp/evil.txt"), "has an absolute path"),
        ("second-top-folder", _add("other/x.txt"), "no metadata.json at its root or in a single"),
        # issue 15 #7: an fr→en package naming another pair used to replace the en→vi one
        ("code-of-another-pair", _with_metadata(code="translate-en_vi"), "names another pair"),
        # issue 15 #12: metadata.json is bounded (a 1 GB one passed in 33 s and 3.1 GB)
        ("metadata-2-mb", _with_metadata(raw=b"{}" + b" " * 2_000_000), "above the 1,048,576"),
        # issue 15 #16: tracebacks in models install
        ("metadata-deep", _with_metadata(raw=b"[" * 100_000), "nests deeper than 32"),
        ("source-languages-text", _with_metadata(source_languages="fr"), "not a list"),
        ("languages-number", _with_metadata(languages=5), "languages is not a list"),
        ("links-number", _with_metadata(links=[5]), "links are not all text"),
        ("name-a-list", _with_metadata(from_name=["French"]), "from_name is not text"),
        ("version-path", _with_metadata(package_version="../../x"), "is not a version"),
        ("prefix-a-list", _with_metadata(target_prefix=["x"]), "target_prefix is not a string"),
        (
            "garbage-sentencepiece",
            _replace("sentencepiece.model", b"\x08garbage" * 99),
            "its tokenizer does not load",
        ),
        ("garbage-bpe", _swap_tokenizer(b"#version: 0.2\na b c\n"), "not a BPE codes file"),
        (
            "garbage-model",
            _replace("model/model.bin", b"garbage" * 99),
            "its CTranslate2 model does not load",
        ),
        (
            "garbage-model-config",
            _replace("model/config.json", b"{"),
            "model/config.json is not valid JSON",
        ),
    ]
    for name, change, needle in rezipped:
        put(name, _rezip(source, folder / f"{name}.argosmodel", change), needle)
    link = zipfile.ZipInfo("fr_en/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    symlink = _rezip(source, folder / "symlink.argosmodel", lambda name, data: [(name, data)])
    with zipfile.ZipFile(symlink, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    put("symlink", symlink, "is a symbolic link")
    put("name-not-utf8", _non_utf8_name(source, folder / "name.argosmodel"), "not UTF-8")
    put(
        "corrupt-deflate",
        _corrupt_member(source, folder / "corrupt.argosmodel", "model/model.bin"),
        "could not be extracted",
    )
    # central-directory size of model.bin claims 3 GiB
    huge = bytearray(data)
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(next(n for n in archive.namelist() if n.endswith("model.bin")))
    name = info.filename.encode()
    at = 0
    while (at := huge.find(b"PK\x01\x02", at + 1)) >= 0:
        length = int.from_bytes(huge[at + 28 : at + 30], "little")
        if bytes(huge[at + 46 : at + 46 + length]) == name:
            huge[at + 24 : at + 28] = (3 * 1024**3).to_bytes(4, "little")
    (folder / "huge.argosmodel").write_bytes(bytes(huge))
    put("huge-claimed-size", folder / "huge.argosmodel", "above the 2 GiB limit")
    # a real zip bomb: 80 MB of zeros in a few kB
    bomb = folder / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(source) as original:
            for member in original.infolist():
                if member.filename.endswith(("metadata.json", "sentencepiece.model")):
                    archive.writestr(member.filename, original.read(member))
        with archive.open("fr_en/model/model.bin", "w") as sink:
            block = bytes(1024 * 1024)
            for _ in range(80):
                sink.write(block)
    put("zip-bomb", bomb, "likely zip bomb")
    for name in ("model-not-a-zip.argosmodel", "model-empty.argosmodel", "model-image.argosmodel"):
        put(name, BAD / name, "not an Argos package (not a zip archive)")
    put("missing", folder / "missing.argosmodel", "no such package file")
    put("folder", folder, "no such package file")
    return out


@pytest.fixture(scope="module")
def package_variants(
    package_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, str]]:
    return _package_variants(package_files["tiny_fr_en"], tmp_path_factory.mktemp("variants"))


PACKAGE_CASES = [
    "truncated", "no-metadata", "metadata-not-json", "metadata-a-list", "unknown-from-code",
    "unknown-to-code", "no-to-code", "not-translate", "code-with-path", "no-model", "no-tokenizer",
    "dotdot", "absolute", "second-top-folder", "symlink", "huge-claimed-size", "zip-bomb",
    "code-of-another-pair", "metadata-2-mb", "metadata-deep", "source-languages-text",
    "languages-number", "links-number", "name-a-list", "version-path", "prefix-a-list",
    "garbage-sentencepiece", "garbage-bpe", "garbage-model", "garbage-model-config",
    "name-not-utf8", "corrupt-deflate",
    "model-not-a-zip.argosmodel", "model-empty.argosmodel", "model-image.argosmodel", "missing",
    "folder",
]  # fmt: skip


@pytest.mark.parametrize("case", PACKAGE_CASES)
def test_models_install_refuses_bad_packages(
    tmp_path: Path,
    ws: Path,
    tiny_packages: dict[str, InstalledPackage],
    package_variants: dict[str, tuple[Path, str]],
    case: str,
) -> None:
    path, needle = package_variants[case]
    argos = tiny_packages["fr_en"].path.parent
    before = state(argos)
    refused(tmp_path, ws, needle, "models", "install", str(path))
    assert state(argos) == before
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_package_variants_cover_the_cases(package_variants: dict[str, tuple[Path, str]]) -> None:
    assert sorted(package_variants) == sorted(PACKAGE_CASES)


# -- bad arguments to every other command that reads input ---------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("segments", "nope"), "no article 'nope'"),
        (("segments", "Bad Slug!"), "no article 'Bad Slug!'"),
        (("segments", "../../etc/passwd"), "no article '../../etc/passwd'"),
        (("segments", "x" * 500), "no article 'xxxx"),
        (("segments", ""), "no article ''"),
        (("status", "nope"), "no article 'nope'"),
        (("status", "a\tb"), "no article 'a\\tb'"),
        (("import", str(SEED_ARTICLE), "--slug", "Bad Slug!"), "invalid slug 'Bad Slug!'"),
        (("import", str(SEED_ARTICLE), "--slug=-x"), "invalid slug '-x'"),
        (("import", str(BAD)), "is a directory"),
        (("import", "missing.txt"), "does not exist"),
        (("translate", "nope", "--to", "en"), "no article 'nope'"),
        (("translate", SLUG, "--to", "EN"), "invalid language list 'EN'"),
        (("translate", SLUG, "--to", ""), "invalid language list ''"),
        (("translate", SLUG, "--to", ","), "invalid language list ','"),
        (("translate", SLUG, "--to", "en;vi"), "invalid language list 'en;vi'"),
        (("translate", SLUG, "--to", "english"), "invalid language list 'english'"),
        (("translate", SLUG, "--to", "fr"), "source and target language are both fr"),
        (("translate", SLUG, "--to", "de"), "no French→German model installed"),
        (("translate", SLUG, "--to", "en,xx"), "no French→xx model installed"),
        (("import-po", str(REF_EN), "--slug", "nope", "--lang", "en"), "no article 'nope'"),
        (("import-po", str(REF_EN), "--slug", SLUG, "--lang", "EN"), "invalid language code"),
        (("import-po", str(REF_EN), "--slug", SLUG, "--lang", "vi"), "is a 'en' translation"),
        (("import-po", "missing.po", "--slug", SLUG, "--lang", "en"), "does not exist"),
        (("import-po", str(BAD), "--slug", SLUG, "--lang", "en"), "is a directory"),
        (("export", "nope"), "no article 'nope'"),
        (("export", SLUG, "--lang", "EN"), "invalid language list 'EN'"),
        (("export", SLUG, "--lang", "en", "--out", "a-file"), "is a file"),
        (("export", SLUG, "--lang", "en", "--out", "a-file/sub"), "cannot create the output"),
        (("export", SLUG, "--lang", "en", "--out", "/dev/null"), "is a file"),
        (("export", SLUG, "--lang", "en", "--out", "/proc/self"), "cannot create the output"),
        (("models", "install"), "install takes one FILE.argosmodel"),
        (("models", "install", "a", "b"), "install takes one FILE.argosmodel"),
        (("models", "install", "--online", "fr"), "--online: expected 2 arguments"),
        (("models", "install", "x.argosmodel", "--online", "fr", "en"), "not both"),
        (("models", "remove", "nope"), "no installed package matches 'nope'"),
        (("models", "remove"), "remove takes one package code"),  # was an IndexError
        (("models", "remove", "fr_en", "en_vi"), "remove takes one package code"),
        (("models", "verify", "nope"), "no installed package 'nope'"),
        (("qa", SLUG, "--checks", "bogus"), "unknown QA check 'bogus'"),
        (("qa", "nope"), "no article 'nope'"),
        (("tm", "stats", "--lang", "EN"), "invalid language list 'EN'"),
        # argparse turns "--lang=--" into an empty list: a traceback in tm, and export/qa
        # quietly used every language; an explicitly empty --lang= did the same
        (("tm", "stats", "--lang=--"), "invalid language list '--'"),
        (("export", SLUG, "--lang=--"), "invalid language list '--'"),
        (("qa", SLUG, "--lang="), "invalid language list ''"),
        (("tm", "search"), "tm search needs the TEXT"),
        (("glossary", "import"), "glossary import needs a FILE"),
        (("glossary", "import", str(BAD)), "is a directory"),
    ],
    ids=lambda value: " ".join(value)[:60] if isinstance(value, tuple) else None,
)
def test_commands_refuse_bad_arguments(
    tmp_path: Path,
    ws: Path,
    tiny_packages: dict[str, InstalledPackage],
    args: tuple[str, ...],
    needle: str,
) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    argos = tiny_packages["fr_en"].path.parent
    before = state(argos)
    refused(tmp_path, ws, needle, *args)
    assert state(argos) == before


def test_models_install_online_parses_as_documented() -> None:
    """`workbench models install --online fr en` (README, and every missing-model message)
    failed with 'unrecognized arguments: fr en': --online was a flag before the positionals."""
    from workbench.cli import build_parser

    args = build_parser().parse_args(["models", "install", "--online", "fr", "en"])
    assert (args.action, args.target, args.online) == ("install", [], ["fr", "en"])


# -- big inputs: bounded memory ------------------------------------------------------------------

_MEASURE = (
    "import json, resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps({'rc': p.returncode, 'out': p.stdout, 'err': p.stderr, 'kb': peak}))\n"
)


def peak_rss(*args: str, cwd: Path) -> tuple[int, str, str, float]:
    """Run the CLI under a fresh parent whose only child it is: (exit code, stdout, stderr,
    peak RSS in MB of the CLI process, from getrusage(RUSAGE_CHILDREN))."""
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "workbench", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    result = json.loads(proc.stdout)
    return result["rc"], result["out"], result["err"], result["kb"] / 1024


def test_50_mb_article_is_refused_in_bounded_memory(tmp_path: Path, ws: Path) -> None:
    from tests.data.make_bad import huge_article

    big = huge_article(tmp_path / "huge.txt", megabytes=50)
    before = state(ws)
    rc, _, err, mb = peak_rss("import", str(big), "--workspace", str(ws), cwd=tmp_path)
    print(f"\npeak RSS, import of a 50 MB article (refused): {mb:.0f} MB")
    assert rc == 2 and err.count("\n") == 1 and "larger than 20 MB" in err, err
    assert state(ws) == before
    assert mb < 200, f"{mb:.0f} MB"  # reads at most 20 MB + 1 byte, never the whole file


@pytest.mark.parametrize("kind", ["prose", "no-sentence-end"])
def test_one_megabyte_line_imports_in_bounded_memory(
    tmp_path: Path, ws: Path, cli: Runner, kind: str
) -> None:
    from tests.data.make_bad import long_line, long_word_line

    make = long_line if kind == "prose" else long_word_line
    path = make(tmp_path / "line.txt", megabytes=1)
    rc, out, err, mb = peak_rss(
        "import", str(path), "--slug", "line", "--workspace", str(ws), cwd=tmp_path
    )
    print(f"\npeak RSS, import of one 1 MB line ({kind}): {mb:.0f} MB")
    assert rc == 0 and err == "" and out.startswith("imported 'line'"), err
    segments = cli("segments", "line", "--json", "--workspace", str(ws), cwd=tmp_path)
    sources = [s["source"] for s in json.loads(segments.stdout)]
    text = path.read_text(encoding="utf-8")
    assert "".join(sources).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert (len(sources) > 1000) if kind == "prose" else (len(sources) == 1), len(sources)
    assert mb < 300, f"{mb:.0f} MB"


# -- valid but unusual: emoji and right-to-left text go all the way ------------------------------


def test_emoji_and_rtl_articles_import_translate_export_and_come_back(
    tmp_path: Path, ws: Path, cli: Runner, tiny_packages: dict[str, InstalledPackage]
) -> None:
    for name, slug in (("article-emoji.txt", "emoji"), ("article-rtl.txt", "rtl")):
        proc = cli("import", str(BAD / name), "--slug", slug, "--workspace", str(ws), cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        listed = cli("segments", slug, "--json", "--workspace", str(ws), cwd=tmp_path)
        sources = [s["source"] for s in json.loads(listed.stdout)]
        text = unicodedata.normalize("NFC", read_article(BAD / name))
        assert "".join("".join(sources).split()) == "".join(text.split())
        proc = cli("translate", slug, "--to", "en", "--beam", "1", "--workspace", str(ws),
                   cwd=tmp_path)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        with open_store(ws) as store:  # a reviewer approves the (gibberish) MT as is
            for row in store.rows(slug, "en"):
                if row.translation is not None:
                    store.approve(slug, row.segment.id, "en", expected_version=None,
                                  target=row.translation.target + " 👍")  # fmt: skip
        out = tmp_path / "locales"
        proc = cli("export", slug, "--lang", "en", "--force", "--out", str(out),
                   "--workspace", str(ws), cwd=tmp_path)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        po_file = out / "en" / "LC_MESSAGES" / f"{slug}.po"
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_file)], check=True)
        exported = {e.msgid for e in polib.pofile(str(po_file))}
        assert exported and exported <= set(sources)
        before = state(ws)
        proc = cli("import-po", str(po_file), "--slug", slug, "--lang", "en",
                   "--workspace", str(ws), cwd=tmp_path)  # fmt: skip
        assert proc.returncode == 0 and f"{len(exported)} unchanged" in proc.stdout, proc
        assert state(ws) == before


def test_glossary_files_are_readable_by_the_team(tmp_path: Path, ws: Path, cli: Runner) -> None:
    """glossary import/export wrote through mkstemp and left the files 0600: another reviewer
    of a shared workspace could not read the glossary (QA and export then failed)."""
    terms = tmp_path / "terms.csv"
    terms.write_text("fr,en,vi\nKremlin,Kremlin,Điện Kremlin\n", encoding="utf-8")
    proc = cli("glossary", "import", str(terms), "--workspace", str(ws), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (ws / "glossary.csv").stat().st_mode & 0o777 == 0o644
    (ws / "glossary.csv").chmod(0o664)  # a mode chosen for the team is kept on re-import
    assert (
        cli("glossary", "import", str(terms), "--workspace", str(ws), cwd=tmp_path).returncode == 0
    )
    assert (ws / "glossary.csv").stat().st_mode & 0o777 == 0o664
    out = tmp_path / "out.tbx"
    assert cli("glossary", "export", str(out), "--workspace", str(ws), cwd=tmp_path).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o644


# -- the real entry point: one case per command family in a child process ----------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("import", str(BAD / "article-image.png"), "--slug", "bad"), "is a PNG image"),
        (("segments", "nope"), "no article 'nope'"),
        (("status", "nope"), "no article 'nope'"),
        (("translate", SLUG, "--to", "en", "--beam", "0"), "0 is not between 1 and 64"),
        (("review", SLUG, "--lang", "en"), "needs a terminal"),
        (("qa", SLUG, "--checks", "bogus"), "unknown QA check 'bogus'"),
        (("export", SLUG, "--lang", "en", "--out", LONG), "File name too long"),
        (("import-po", str(BAD / "po-unterminated.po"), "--slug", SLUG, "--lang", "en"),
         "syntax error at line 7"),
        (("score", "--hyp", str(BAD / "score-latin1.txt"), "--ref", str(TWO_LINES)),
         "is not UTF-8"),
        (("report", "nope"), "no article 'nope'"),
        (("models", "install", str(BAD / "model-not-a-zip.argosmodel")), "not a zip archive"),
        (("glossary", "import", str(BAD / "glossary-xxe.tbx")), "DOCTYPE/ENTITY declarations"),
        (("tm", "stats", "--lang", "EN"), "invalid language list 'EN'"),
    ],
    ids=lambda value: value[0] if isinstance(value, tuple) else None,
)  # fmt: skip
def test_real_entry_point_refuses_in_one_line(
    tmp_path: Path, ws: Path, args: tuple[str, ...], needle: str
) -> None:
    """``python -m workbench``, as a user runs it: exit 2, one line, no traceback, nothing
    changed (the in-process cases above prove the rest of each family)."""
    folders = (ws, tmp_path / "locales", argos_folder())
    before = state(*folders)
    proc = run(*args, "--workspace", str(ws), cwd=tmp_path)
    assert_one_line_error(proc, needle)
    assert state(*folders) == before


def test_real_entry_point_damaged_database_and_usage_errors(tmp_path: Path, ws: Path) -> None:
    """The two other ways out of ``main`` with exit 2, through the real entry point: a damaged
    database (caught in main) and an argparse usage error (SystemExit inside main)."""
    db = ws / "workbench.db"
    with closing(sqlite3.connect(db)) as conn:  # the segment table's first page
        (page,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'segment'"
        ).fetchone()
    data = bytearray(db.read_bytes())
    data[(page - 1) * 4096 : page * 4096] = b"\x55" * 4096
    db.write_bytes(bytes(data))
    proc = run("segments", SLUG, "--workspace", str(ws), cwd=tmp_path)
    assert_one_line_error(proc, "is damaged (database disk image is malformed)")
    proc = run("export", SLUG, "--lang", "--workspace", str(ws), cwd=tmp_path)
    assert_one_line_error(proc, "argument --lang: expected one argument")
