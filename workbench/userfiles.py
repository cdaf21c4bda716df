"""Reading a file a user named: one function, one-line errors that say what to do.

Every command that reads a user's file (an article, a PO file, score input, a glossary) goes
through :func:`read_user_file`, which refuses — with an :class:`~workbench.errors.InputError`
naming the file's role, the path (control characters escaped, quoted for a shell) and the fix —
a path the system cannot use, a missing file, a folder or other non-regular file, an unreadable
file and a file over a size bound (read at most ``max_bytes + 1`` bytes, never the whole of a
huge file). :meth:`UserFile.text` then refuses binary data (known file signatures, NUL bytes),
UTF-16/UTF-32 and anything that is not UTF-8, and drops a UTF-8 byte order mark. What is empty
or malformed *for the format* stays with the format's reader.
"""

from __future__ import annotations

import os
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError

#: The default bound on a user's file (an article has its own, smaller one).
MAX_USER_FILE_BYTES = 64 * 1024 * 1024

#: File signatures of things people give by mistake: (leading bytes, what it is).
SIGNATURES: tuple[tuple[bytes, str], ...] = (
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
    (b"\xde\x12\x04\x95", "a compiled .mo file"),
    (b"\x95\x04\x12\xde", "a compiled .mo file"),
)
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


def shown(path: str | os.PathLike[str]) -> str:
    """A path for a one-line message: control characters escaped, quoted for a shell."""
    text = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
        for ch in os.fspath(path)
    )
    return shlex.quote(text)


def _size(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MB"


@dataclass(frozen=True, slots=True)
class UserFile:
    """The bytes of a user's file, with what is needed to name it in an error."""

    path: Path
    role: str  # "article file", "PO file", "reference file", "glossary", ...
    expected: str  # what to give instead, e.g. "a UTF-8 text file"
    data: bytes

    def _refuse(self, what: str, fix: str) -> InputError:
        return InputError(f"{self.role} {shown(self.path)} {what}: {fix}")

    def _line(self, offset: int) -> int:
        return self.data.count(b"\n", 0, offset) + 1

    def check_binary(self) -> None:
        """Refuse known binary formats, UTF-16/UTF-32 and NUL bytes (nothing is decoded)."""
        data = self.data
        for magic, what in SIGNATURES:
            if data.startswith(magic):
                raise self._refuse(
                    f"is {what} (binary data), not a text file", f"give {self.expected}"
                )
        for boms, name in ((_UTF32_BOMS, "UTF-32"), (_UTF16_BOMS, "UTF-16")):
            if data.startswith(boms):
                raise self._refuse(
                    f"is {name}, not UTF-8 (it starts with a {name} byte order mark)",
                    f"convert it with iconv -f {name.lower()} -t utf-8",
                )
        if b"\x00" in data:
            offset = data.index(b"\x00")
            where = f"(NUL byte at offset {offset}) on line {self._line(offset)}"
            head = data[:4096]
            if head.count(b"\x00") * 3 >= len(head):
                raise self._refuse(
                    f"looks like UTF-16 without a byte order mark {where}",
                    "convert it with iconv -f utf-16le -t utf-8",
                )
            raise self._refuse(f"is binary {where}", f"give {self.expected}")

    def text(self) -> str:
        """The UTF-8 text, without a byte order mark (after :meth:`check_binary`)."""
        self.check_binary()
        data = self.data.removeprefix(_UTF8_BOM)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = exc.start + len(self.data) - len(data)
            target = shown(self.path.with_name(f"{self.path.stem}.utf8{self.path.suffix}"))
            raise self._refuse(
                f"is not UTF-8 (byte 0x{self.data[offset]:02X} at offset {offset}) "
                f"on line {self._line(offset)}",
                f"convert it with iconv -f latin1 -t utf-8 {shown(self.path)} > {target} "
                "(or -f windows-1252)",
            ) from None


def read_user_file(
    path: str | os.PathLike[str],
    role: str,
    *,
    expected: str = "a UTF-8 text file",
    max_bytes: int = MAX_USER_FILE_BYTES,
    too_large: str = "give a smaller file",
) -> UserFile:
    """Read the file at ``path`` (see the module docstring); ``role`` names it in errors
    ("PO file"), ``expected`` says what to give instead, ``too_large`` what to do when the
    file is over ``max_bytes``."""
    file = Path(path)
    name = shown(path)
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{role} {name} does not exist: check the path") from None
    except (OSError, ValueError) as exc:  # name too long, a file used as a folder, a NUL...
        detail = (exc.strerror if isinstance(exc, OSError) else None) or " ".join(str(exc).split())
        raise InputError(f"{role} {name} is not a usable path ({detail}): check the path") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{role} {name} is a directory, not a file: give {expected}")
    if not stat.S_ISREG(mode):
        raise InputError(f"{role} {name} is not a regular file: give {expected}")
    try:
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(
            f"cannot read {role} {name} (permission denied): check its permissions"
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"cannot read {role} {name} ({reason}): check the file") from None
    if len(data) > max_bytes:
        raise InputError(f"{role} {name} is larger than {_size(max_bytes)}: {too_large}")
    return UserFile(file, role, expected, data)
