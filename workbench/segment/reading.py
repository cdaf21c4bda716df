"""Reading a user's article file: UTF-8 text, normalized, or one line saying what is wrong.

UTF-8 only (a UTF-8 BOM is dropped); CRLF, CR, U+2028 and U+2029 become LF; NFC. A missing,
directory, unreadable, binary, UTF-16/32, non-UTF-8, empty, whitespace-only or too large
(``MAX_ARTICLE_BYTES``) file, or one holding U+0004 (which no PO file can carry), raises
:class:`~workbench.errors.InputError`, one line long.
"""

from __future__ import annotations

import os
import re
import unicodedata

from workbench.errors import InputError
from workbench.userfiles import read_user_file, shown

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")


def normalize_text(text: str) -> str:
    """Line breaks to LF (CRLF, CR, U+2028, U+2029) and NFC; no other change."""
    text = _LINE_BREAKS.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def read_article(path: str | os.PathLike[str]) -> str:
    """Read an article file and return its normalized text (UTF-8, LF line breaks, NFC).

    Raises :class:`InputError` with a one-line message saying what is wrong and what to do
    (:func:`~workbench.userfiles.read_user_file` for the file itself and its encoding).
    """
    file = read_user_file(
        path,
        "article file",
        expected="a UTF-8 text file with the article",
        max_bytes=MAX_ARTICLE_BYTES,
        too_large="split it into several articles",
    )
    if not file.data:
        raise InputError(f"article file {shown(path)} is empty: give a file with the article text")
    text = file.text()
    if "\x04" in text:  # gettext's msgctxt separator: no PO file could hold this source
        line = text.count("\n", 0, text.index("\x04")) + 1
        raise InputError(
            f"article file {shown(path)} contains the control character U+0004 (EOT) on line "
            f"{line}, which PO files cannot hold: delete it and import again"
        )
    if not text.strip():
        raise InputError(
            f"article file {shown(path)} contains only whitespace: give a file with the "
            "article text"
        )
    return normalize_text(text)
