"""read_user_file: the one way to read a file a user named (PO, score input, glossary)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.userfiles import read_user_file, shown


def error(path: Path, **kwargs: object) -> str:
    with pytest.raises(InputError) as info:
        read_user_file(path, "test file", **kwargs).text()  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and message.startswith(("test file ", "cannot read test file "))
    return message


def test_text_is_utf8_without_its_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "ok.txt"
    path.write_bytes(b"\xef\xbb\xbfCaf\xc3\xa9\n")
    file = read_user_file(path, "test file")
    assert file.text() == "Café\n"
    assert file.data == path.read_bytes()


def test_paths_that_are_not_files(tmp_path: Path) -> None:
    assert "does not exist: check the path" in error(tmp_path / "missing.txt")
    assert "is a directory, not a file" in error(tmp_path)
    assert "File name too long" in error(tmp_path / ("y" * 300))
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert "is not a usable path (Not a directory)" in error(tmp_path / "a-file" / "x.txt")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    assert "is not a regular file" in error(fifo)
    assert "is not a regular file" in error(Path("/dev/zero"))


def test_the_size_bound_reads_one_byte_more_at_most(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    assert read_user_file(path, "test file", max_bytes=11).data == b"x" * 11
    message = error(path, max_bytes=10, too_large="split it")
    assert "is larger than" in message and message.endswith(": split it")


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "is a PNG image (binary data), not a text file: give a UTF-8 text",
        ),
        (b"\xde\x12\x04\x95\x00\x00", "is a compiled .mo file (binary data)"),
        ("ab".encode("utf-16"), "is UTF-16, not UTF-8 (it starts with a UTF-16 byte order mark)"),
        ("ab".encode("utf-32"), "is UTF-32, not UTF-8"),
        ("abc\nd".encode("utf-16-le"), "looks like UTF-16 without a byte order mark (NUL byte"),
        (b"line one\nline two\x00 and more" * 4, "is binary (NUL byte at offset 17) on line 2"),
        ("un\ndeux\ntrès".encode("latin-1"), "is not UTF-8 (byte 0xE8 at offset 10) on line 3"),
    ],
    ids=["png", "mo", "utf16", "utf32", "utf16-no-bom", "nul", "latin1"],
)
def test_content_that_is_not_utf8_text(tmp_path: Path, data: bytes, needle: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert needle in error(path)


def test_latin1_gets_a_conversion_command(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes("é".encode("latin-1"))
    assert f"iconv -f latin1 -t utf-8 {path} > {tmp_path / 'notes.utf8.csv'}" in error(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert "cannot read test file" in error(path)
    assert "(permission denied): check its permissions" in error(path)


def test_paths_are_shown_without_control_characters() -> None:
    assert shown("a\x1b[31mb.txt") == "'a\\x1b[31mb.txt'"
    assert shown("plain/name.po") == "plain/name.po"
    assert shown("two words.po") == "'two words.po'"
