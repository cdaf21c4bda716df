"""Hostile arguments and data on the command line (issue 15 items 9, 14, 15, 19).

In-process through ``workbench.cli.main`` with pytest's capture, whose streams are strict
UTF-8 like a terminal under ``en_US.UTF-8``: a lone surrogate (the undecodable byte of a file
name) printed raw is a UnicodeEncodeError here, as it is for a user.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED_ARTICLE
from workbench.cli import main
from workbench.cli.output import safe
from workbench.lang.codes import is_language_code
from workbench.store import check_slug

#: What may not reach a terminal: C0 controls but tab and line feed, DEL, C1, lone surrogates.
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr); argparse's exits included."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(code: int, out: str, err: str, needle: str) -> None:
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err and not RAW.search(err), err
    assert needle in err, err


@pytest.fixture()
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "ws"
    assert (
        call(capsys, "import", str(SEED_ARTICLE), "--slug", "karabakh", "--workspace", str(folder))[
            0
        ]
        == 0
    )
    return folder


# -- item 14: validating regexes accept no trailing newline -----------------------------------


@pytest.mark.parametrize("slug", ["evil\n", "karabakh\n", "a\n\n", "\nabc"])
def test_slug_with_a_line_break_is_refused(
    ws: Path, capsys: pytest.CaptureFixture[str], slug: str
) -> None:
    with pytest.raises(Exception, match="invalid slug"):
        check_slug(slug)
    before = sorted(p.name for p in ws.iterdir())
    code, out, err = call(
        capsys, "import", str(SEED_ARTICLE), "--slug", slug, "--workspace", str(ws)
    )
    one_line_error(code, out, err, "invalid slug")
    code, out, _ = call(capsys, "status", "--json", "--workspace", str(ws))
    assert [a["slug"] for a in json.loads(out)["articles"]] == ["karabakh"]
    assert sorted(p.name for p in ws.iterdir()) == before


def test_language_with_a_line_break_is_refused(
    ws: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`import-po --lang $'en\\n'` created a phantom language "en\\n". (Comma lists such as
    ``--to`` strip their items: ``en\\n`` there is ``en``.)"""
    assert not is_language_code("en\n") and not is_language_code("en\n\n")
    po = tmp_path / "en.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n', encoding="utf-8")
    code, out, err = call(
        capsys, "import-po", str(po), "--slug", "karabakh", "--lang", "en\n", "--workspace", str(ws)
    )
    one_line_error(code, out, err, "invalid language")
    code, out, _ = call(capsys, "status", "karabakh", "--json", "--workspace", str(ws))
    assert "en\n" not in json.dumps(json.loads(out))


def test_no_regex_in_the_package_anchors_with_dollar() -> None:
    """``$`` also matches before a final line break: every regex literal of the package
    anchors its end with ``\\Z`` or is used with ``fullmatch``."""
    import workbench

    dollar = re.compile(r"""\br(["'])((?:(?!\1).)*?(?<!\\)\$(?:\)|\||\1)(?:(?!\1).)*?)""")
    found = [
        f"{path.name}: {m.group(2)}"
        for path in Path(workbench.__file__).parent.rglob("*.py")
        if "migrations" not in path.parts
        for m in dollar.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# -- item 19: `--option=--` and empty lists are one line, never a traceback -------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["score", "--hyp", "H", "--ref", "R", "--metrics", ","], "no metric given"),
        (["score", "--hyp", "H", "--ref", "R", "--metrics=--"], "unknown metric --"),
        (["score", "--hyp", "H", "--ref", "R", "--min-bleu", "nan"], "from 0 to 100"),
        (["score", "--hyp", "H", "--ref", "R", "--min-chrf=--"], "'--' is not a number"),
        (["score", "--hyp=--", "--ref", "R"], "-- does not exist"),
        (["translate", "karabakh", "--to=--"], "invalid language list '--'"),
        (["translate", "karabakh", "--to", ","], "invalid language list ','"),
        (["import", str(SEED_ARTICLE), "--slug=--"], "invalid slug '--'"),
        (["export", "karabakh", "--lang=--"], "invalid language list '--'"),
        (["export", "karabakh", "--format=--"], "invalid choice: '--'"),
        (["qa", "karabakh", "--checks=--"], "unknown QA check '--'"),
        (["qa", "karabakh", "--lang=--"], "invalid language list '--'"),
        (["tm", "search", "Kremlin", "--min=--"], "invalid int value: '--'"),
        (["tm", "search", "Kremlin", "--lang=--"], "invalid language list '--'"),
        (["import-po", "x.po", "--slug", "karabakh", "--lang=--"], "invalid language code '--'"),
        (["import-po", "x.po", "--slug=--", "--lang", "en"], "no article '--'"),
        (["review", "karabakh", "--lang=--"], "invalid language code '--'"),
        (["report", "karabakh", "--lang=--"], "invalid language list '--'"),
        (["segments", "--=--"], "ambiguous option: --=--"),
    ],
)
def test_dash_dash_values_are_one_line(
    ws: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    needle: str,
) -> None:
    (tmp_path / "H").write_text("a b c\n", encoding="utf-8")
    (tmp_path / "R").write_text("a b d\n", encoding="utf-8")
    (tmp_path / "x.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = call(capsys, *args, "--workspace", str(ws))
    one_line_error(code, out, err, needle)


def test_option_value_dash_dash_is_the_string() -> None:
    """`--out=--` is the value ``--`` (argparse 3.11 made it an empty list: a TypeError in
    the handler); a positional after a real ``--`` is unchanged."""
    from workbench.cli.parser import build_parser

    parser = build_parser()
    assert parser.parse_args(["export", "karabakh", "--out=--"]).out == "--"
    assert parser.parse_args(["import", "a.txt", "--slug=--"]).slug == "--"
    assert parser.parse_args(["import", "--", "-a.txt"]).file == "-a.txt"


# -- item 9: what argparse itself prints is neutralised too -----------------------------------


def test_unrecognized_arguments_are_printed_safely(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = call(capsys, "status", "karabakh", "\x1b]0;pwned\x07\x1b[2J", "\x9b31m")
    one_line_error(code, out, err, "unrecognized arguments: \\x1b]0;pwned\\x07\\x1b[2J \\x9b31m")


# -- item 15: file names that are not UTF-8 ---------------------------------------------------


def test_non_utf8_file_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`import $'art\\xff.txt'` was a UnicodeEncodeError traceback (the path went to the
    database as a lone surrogate) and left an empty workspace; printing such a name to a
    strict UTF-8 terminal was one too."""
    raw = os.fsencode(tmp_path) + b"/art\xff.txt"
    try:
        shutil.copyfile(SEED_ARTICLE, raw)
    except (OSError, UnicodeError):  # pragma: no cover - a file system refusing the bytes
        pytest.skip("this file system refuses non-UTF-8 names")
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"art\xff.txt")
    workspace = os.fsdecode(b"ws\xff")
    code, out, err = call(capsys, "import", name, "--workspace", workspace)
    assert code == 0, err
    assert "imported 'art'" in out
    code, out, err = call(capsys, "status", "--workspace", workspace)
    assert code == 0 and "ws\\xff/workbench.db" in out and not RAW.search(out), err
    code, out, err = call(capsys, "status", "--json", "--workspace", workspace)
    assert code == 0 and json.loads(out)["workspace"] == os.fsdecode(b"ws\xff/workbench.db")
    code, out, err = call(
        capsys, "import", os.fsdecode(b"nope\xff\x1b.txt"), "--workspace", workspace
    )
    one_line_error(code, out, err, "nope\\xff\\x1b.txt")


def test_safe_shows_the_bytes_of_a_file_name() -> None:
    assert safe(os.fsdecode(b"a\xff\x1b")) == "a\\xff\\x1b"
    assert safe("\ud800") == "\\ud800"


# -- item 9: a fuzz of everything the listings print ------------------------------------------

CONTROLS = "".join(map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]))
TEXT = st.text(
    alphabet=st.sampled_from(CONTROLS + "aé Kremlin[]\\/%'\"«»\u200b\u202e"), max_size=40
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=TEXT, sentence=TEXT, note=TEXT)
def test_fuzz_user_data_never_reaches_the_terminal_raw(
    capsys: pytest.CaptureFixture[str], title: str, sentence: str, note: str
) -> None:
    """Whatever the article and glossary hold, every command's output is free of control
    characters, each error is one safe line, and JSON gives the exact text back."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        article = folder / "a.txt"
        article.write_text(
            f"Le Kremlin {title}\n\nLe Kremlin a dit {sentence} hier.\n",
            encoding="utf-8",
            newline="",
        )
        glossary = folder / "g.csv"
        quoted = note.replace('"', '""')
        glossary.write_text(
            f'fr,en,vi,note\nKremlin,Kremlin,Kremlin,"{quoted}"\n', encoding="utf-8"
        )
        ws = str(folder / "ws")
        runs = [
            ["import", str(article), "--slug", "fuzz"],
            ["segments", "fuzz"],
            ["segments", "fuzz", "--json"],
            ["status"],
            ["status", "fuzz", "--json"],
            ["glossary", "import", str(glossary)],
            ["glossary", "list"],
            ["tm", "search", f"Kremlin {sentence}"],
        ]
        for args in runs:
            code, out, err = call(capsys, *args, "--workspace", ws)
            assert not RAW.search(out), (args, out)
            assert not RAW.search(err.rstrip("\n")), (args, err)
            if code != 0:
                one_line_error(code, out, err, "workbench")
            elif args[-1] == "--json" and args[0] == "segments":
                sources = "\n".join(s["source"] for s in json.loads(out))
                # a CR, CRLF, U+2028 or U+2029 in the title is a line break (segment.reading)
                lines = re.split(r"\r\n?|\n|[\u2028\u2029]", title)
                assert all(line.strip() in sources for line in lines), (title, sources)
