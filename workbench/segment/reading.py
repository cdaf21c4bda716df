"""Reading a user's article file: UTF-8 text, normalized, or one line saying what is wrong.

UTF-8 only (a UTF-8 BOM is dropped); CRLF, CR, U+2028 and U+2029 become LF; NFC. A missing,
directory, unreadable, binary, UTF-16/32, non-UTF-8, empty, whitespace-only or too large
(``MAX_ARTICLE_BYTES``) file, or one holding U+0004 (which no PO file can carry), raises
:class:`~workbench.errors.InputError`, one line long.
"""

from __future__ import annotations

import os
import re
import shlex
import unicodedata
from pathlib import Path

from workbench.errors import InputError

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"),
)


def _shown(path: str | os.PathLike[str]) -> str:
    """The path for a one-line message: control characters escaped, quoted for a shell."""
    text = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
        for ch in os.fspath(path)
    )
    return shlex.quote(text)


def normalize_text(text: str) -> str:
    """Line breaks to LF (CRLF, CR, U+2028, U+2029) and NFC; no other change."""
    text = _LINE_BREAKS.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _read_bytes(p: Path, shown: str) -> bytes:
    """At most ``MAX_ARTICLE_BYTES + 1`` bytes of the file, or InputError saying why not."""
    try:
        is_dir, exists = p.is_dir(), p.exists()
    except (OSError, ValueError) as exc:
        detail = " ".join(str(exc).split())
        raise InputError(f"{shown} is not a usable path ({detail}); check the path.") from None
    if is_dir:
        raise InputError(f"{shown} is a directory; give the path of a UTF-8 text file.")
    if not exists:
        raise InputError(f"article file {shown} does not exist; check the path.")
    try:
        with p.open("rb") as handle:
            return handle.read(MAX_ARTICLE_BYTES + 1)
    except PermissionError:
        raise InputError(
            f"article file {shown} cannot be read (permission denied); check its permissions."
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"article file {shown} cannot be read ({reason}).") from None


def _check_text_bytes(data: bytes, shown: str) -> None:
    """InputError when ``data`` is too large, empty, a known binary format, UTF-16/32 or binary."""
    if len(data) > MAX_ARTICLE_BYTES:
        limit = f"{MAX_ARTICLE_BYTES / 1024 / 1024:g} MB"
        raise InputError(
            f"article file {shown} is larger than {limit}; split it into several articles."
        )
    if not data:
        raise InputError(f"article file {shown} is empty; give a file with the article text.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                f"{shown} is {what}, not a text article; save the article as UTF-8 plain text."
            )
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(
            f"{shown} is UTF-32 (it starts with a UTF-32 byte order mark); "
            f"convert it with iconv -f utf-32 -t utf-8."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{shown} is UTF-16 (it starts with a UTF-16 byte order mark); "
            f"convert it with iconv -f utf-16 -t utf-8."
        )
    if b"\x00" in data:
        head = data[:4096]
        if head.count(b"\x00") * 3 >= len(head):
            raise InputError(
                f"{shown} contains NUL bytes and looks like UTF-16 without a byte order mark; "
                f"convert it with iconv -f utf-16le -t utf-8."
            )
        offset = data.index(b"\x00")
        raise InputError(
            f"{shown} is binary (NUL byte at offset {offset}), not a text article; "
            f"give a UTF-8 text file."
        )


def _decode(data: bytes, p: Path, shown: str) -> str:
    """The UTF-8 text (BOM dropped), or InputError for bytes that are not UTF-8, U+0004, or
    text with nothing but whitespace."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        target = _shown(p.with_name(p.stem + ".utf8.txt"))
        raise InputError(
            f"{shown} is not UTF-8 (byte 0x{bad:02X} at offset {exc.start}); convert it with "
            f"iconv -f latin1 -t utf-8 {shown} > {target} (or -f windows-1252)."
        ) from None
    if "\x04" in text:  # gettext's msgctxt separator: no PO file could hold this source
        line = text.count("\n", 0, text.index("\x04")) + 1
        raise InputError(
            f"{shown} contains the control character U+0004 (EOT) on line {line}, which PO "
            f"files cannot hold; delete it and import again."
        )
    if not text.strip():
        what = "is empty" if not text else "contains only whitespace"
        raise InputError(f"article file {shown} {what}; give a file with the article text.")
    return text


def read_article(path: str | os.PathLike[str]) -> str:
    """Read an article file and return its normalized text (UTF-8, LF line breaks, NFC).

    Raises :class:`InputError` with a one-line message saying what is wrong and what to do.
    """
    p = Path(path)
    shown = _shown(path)
    data = _read_bytes(p, shown)
    _check_text_bytes(data, shown)
    return normalize_text(_decode(data, p, shown))
