"""What the CLI prints: user data never reaches the terminal as control sequences.

In-process through ``workbench.cli.main`` (the console script's entry point).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.cli.output import safe

#: ESC (a colour, a window-title OSC ending in BEL), CR, and the 8-bit CSI (C1 U+009B).
TITLE = "Titre \x1b[31mrouge\x9b2J"
SOURCE = "Le Kremlin a confirmé la décision \x1b]0;pwned\x07 hier\r soir."
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    article = tmp_path / "article.txt"
    article.write_text(f"{TITLE}\n\n{SOURCE}\n", encoding="utf-8", newline="")
    folder = tmp_path / "ws"
    assert main(["import", str(article), "--slug", "esc", "--workspace", str(folder)]) == 0
    return folder


@pytest.mark.parametrize("command", [["segments", "esc"], ["status"], ["status", "esc"]])
def test_listings_neutralise_control_characters(
    workspace: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    capsys.readouterr()
    assert main([*command, "--workspace", str(workspace)]) == 0
    printed = capsys.readouterr().out
    assert not RAW_CONTROL.search(printed), printed.encode()
    assert "Titre \\x1b[31mrouge\\x9b2J" in printed


def test_json_keeps_the_text_and_escapes_every_control(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["segments", "esc", "--json", "--workspace", str(workspace)]) == 0
    printed = capsys.readouterr().out
    assert not RAW_CONTROL.search(printed), printed.encode()
    sources = [s["source"] for s in json.loads(printed)]
    assert sources[0] == TITLE  # the JSON decodes to the exact text
    assert "\\u009b" in printed and "\\u001b" in printed


def test_errors_are_one_safe_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = tmp_path / "missing\x1b[2J\n.po"
    code = main(["import-po", str(name), "--slug", "x", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and not RAW_CONTROL.search(err.rstrip("\n"))


def test_safe_keeps_tabs_and_line_breaks() -> None:
    assert safe("a\tb\nc\x1bd\x7fe\x85f") == "a\tb\nc\\x1bd\\x7fe\\x85f"


def test_bidi_controls_are_shown_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A right-to-left override turns the rest of a line around in a bidi-aware terminal
    ("Trojan Source"): listings show it, and the isolates, as escapes; JSON keeps the text."""
    article = tmp_path / "bidi.txt"
    article.write_text("Titre \u202egpj.exe et \u2067isolé\u2069\n\nUne phrase.\n", "utf-8")
    ws = str(tmp_path / "ws")
    assert main(["import", str(article), "--slug", "bidi", "--workspace", ws]) == 0
    capsys.readouterr()
    assert main(["segments", "bidi", "--workspace", ws]) == 0
    printed = capsys.readouterr().out
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", printed), printed.encode()
    assert "Titre \\u202egpj.exe et \\u2067isolé\\u2069" in printed
    assert main(["segments", "bidi", "--json", "--workspace", ws]) == 0
    assert json.loads(capsys.readouterr().out)[0]["source"].startswith("Titre \u202egpj.exe")


def test_safe_shows_every_bidi_control() -> None:
    controls = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert safe(controls) == "".join(f"\\u{ord(c):04x}" for c in controls)
    assert safe("Hà Nội — « citation »") == "Hà Nội — « citation »"
