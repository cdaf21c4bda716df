"""``.argosmodel`` zip archives: safe member names, bounds, the package layout, extraction.

Real packages come in two zip styles, both accepted: Locomotive's ``opus_mt_convert.py`` writes
``ZIP_STORED`` members under one top folder with no directory entries; argos-train's
``shutil.make_archive`` deflates them and adds directory entries. Packages re-zipped on a Mac
carry ``__MACOSX/`` AppleDouble members and ``.DS_Store`` files: they are checked like any member
and then skipped. Every member we read or write is bounded: the member count, each member's and
the total uncompressed size, the compression ratio of large members, ``metadata.json``'s size.
"""

from __future__ import annotations

import lzma
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from workbench.errors import PackageError
from workbench.mt.metadata import MAX_METADATA_BYTES

MAX_UNCOMPRESSED_BYTES = 2 * 1024**3  # the largest real Argos models are a few hundred MB
MAX_MEMBERS = 10_000
# A zip bomb compresses far better than a model: above this size (of the whole package or of
# one member), refuse ratios beyond MAX_COMPRESSION_RATIO.
BOMB_CHECK_BYTES = 64 * 1024**2
MAX_COMPRESSION_RATIO = 50
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
#: Errors zipfile's decompressors raise on corrupt member data (besides BadZipFile / OSError).
READ_ERRORS = (zipfile.BadZipFile, OSError, EOFError, zlib.error, lzma.LZMAError)

#: What zipfile can decompress; anything else (deflate64, ...) raises NotImplementedError on read.
_READABLE_COMPRESSION = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
_JUNK_TOP = "__MACOSX"
_JUNK_NAMES = frozenset({".DS_Store"})


@contextmanager
def open_archive(source: Path) -> Iterator[zipfile.ZipFile]:
    """Open a package zip; an unreadable one (damaged, or a UTF-8-flagged name that is not
    UTF-8) is a :class:`PackageError`, not a traceback."""
    if not source.is_file():
        raise PackageError(f"{source}: no such package file")
    if not zipfile.is_zipfile(source):
        raise PackageError(f"{source.name} is not an Argos package (not a zip archive)")
    try:
        archive = zipfile.ZipFile(source)
    except UnicodeDecodeError as error:
        raise PackageError(
            f"{source.name} is a damaged zip archive (a member name flagged UTF-8 is not UTF-8)"
        ) from error
    except (*READ_ERRORS, zipfile.LargeZipFile, ValueError) as error:
        raise PackageError(f"{source.name} is a damaged zip archive ({error})") from error
    with archive:
        yield archive


def member_parts(name: str) -> tuple[str, ...]:
    """Path parts of a zip member, refusing absolute paths, ``..`` and drive letters."""
    if "\x00" in name:
        raise PackageError(f"unsafe package: member name {name!r} contains a NUL byte")
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or re.match(r"[A-Za-z]:", normalized):
        raise PackageError(f"unsafe package: member {name!r} has an absolute path; refusing it")
    parts = tuple(part for part in PurePosixPath(normalized).parts if part not in ("", "."))
    if ".." in parts:
        raise PackageError(f"unsafe package: member {name!r} points outside the package (..)")
    return parts


def _is_junk(parts: tuple[str, ...]) -> bool:
    return parts[0] == _JUNK_TOP or parts[-1] in _JUNK_NAMES


@dataclass(frozen=True, slots=True)
class Layout:
    """The package's files (path relative to its root → member), junk members left out."""

    prefix: tuple[str, ...]  # () or (top_folder,)
    files: dict[str, zipfile.ZipInfo]


def _check_member(info: zipfile.ZipInfo, source: Path) -> tuple[str, ...]:
    parts = member_parts(info.filename)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise PackageError(f"unsafe package: member {info.filename!r} is a symbolic link")
    if info.flag_bits & 0x1:
        raise PackageError(
            f"{source.name}: member {info.filename!r} is encrypted; Argos packages are not: "
            "download the package again"
        )
    if info.compress_type not in _READABLE_COMPRESSION:
        raise PackageError(
            f"{source.name}: member {info.filename!r} uses zip compression method "
            f"{info.compress_type}, which workbench cannot read: re-zip it with deflate"
        )
    return parts


def _check_ratio(info: zipfile.ZipInfo, source: Path) -> None:
    if info.file_size > BOMB_CHECK_BYTES and (
        info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
    ):
        raise PackageError(
            f"{source.name}: member {info.filename!r} unpacks to "
            f"{info.file_size // max(info.compress_size, 1)}x its size: refusing a likely zip bomb"
        )


def _check_totals(total: int, compressed: int, source: Path) -> None:
    if total > MAX_UNCOMPRESSED_BYTES:
        raise PackageError(
            f"{source.name} would unpack to {total / 1024**3:.1f} GiB, above the "
            f"{MAX_UNCOMPRESSED_BYTES / 1024**3:.0f} GiB limit for a package; refusing it"
        )
    if total > BOMB_CHECK_BYTES and total > MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise PackageError(
            f"{source.name} unpacks to {total // max(compressed, 1)}x its size: refusing a "
            "likely zip bomb"
        )


def _root(entries: list[tuple[tuple[str, ...], zipfile.ZipInfo]], source: Path) -> tuple[str, ...]:
    files = {parts for parts, info in entries if not info.is_dir()}
    if ("metadata.json",) in files:
        return ()
    tops = {parts[0] for parts, _info in entries}
    if len(tops) != 1 or (next(iter(tops)), "metadata.json") not in files:
        raise PackageError(
            f"{source.name} is not an Argos package: no metadata.json at its root or in a "
            "single top folder"
        )
    return (next(iter(tops)),)


def inspect(archive: zipfile.ZipFile, source: Path) -> Layout:
    """Check every member (names, links, encryption, method, sizes) and find the layout."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageError(f"{source.name}: {len(infos)} members is too many for a package")
    total = compressed = 0
    entries: list[tuple[tuple[str, ...], zipfile.ZipInfo]] = []
    for info in infos:
        parts = _check_member(info, source)
        if not parts:
            continue
        total += info.file_size
        compressed += info.compress_size
        if not _is_junk(parts):
            entries.append((parts, info))
    _check_totals(total, compressed, source)
    for _parts, info in entries:
        _check_ratio(info, source)
    prefix = _root(entries, source)
    relative: dict[str, zipfile.ZipInfo] = {}
    for parts, info in entries:
        if info.is_dir():
            continue
        if parts[: len(prefix)] != prefix:
            raise PackageError(f"{source.name}: member {info.filename!r} is outside the package")
        relative["/".join(parts[len(prefix) :])] = info
    return Layout(prefix, relative)


def check_contents(names: set[str] | dict[str, zipfile.ZipInfo], source: Path) -> None:
    """The files every translation package needs: a CTranslate2 model and a tokenizer."""
    if "model/model.bin" not in names:
        raise PackageError(f"{source.name} has no CTranslate2 model (model/model.bin)")
    if not any(name in names for name in TOKENIZER_FILES):
        raise PackageError(f"{source.name} has no tokenizer (sentencepiece.model or bpe.model)")


def copy_limited(source: IO[bytes], target: IO[bytes], limit: int, name: str) -> int:
    """Copy at most ``limit`` bytes; more is a :class:`PackageError` (a lying size field)."""
    written = 0
    while chunk := source.read(1024 * 1024):
        written += len(chunk)
        if written > limit:
            raise PackageError(f"member {name!r} unpacks to more than its declared size")
        target.write(chunk)
    return written


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path, limit: int = MAX_METADATA_BYTES
) -> bytes:
    """A small member's bytes, refusing one that declares or unpacks to more than ``limit``."""
    if info.file_size > limit:
        raise PackageError(
            f"{source.name}: {info.filename} is {info.file_size:,} bytes, above the "
            f"{limit:,}-byte limit; refusing it"
        )
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except READ_ERRORS as error:
        raise PackageError(f"{source.name} is a damaged zip archive ({error})") from error
    if len(data) > limit:
        raise PackageError(f"{source.name}: {info.filename} unpacks to more than its declared size")
    return data


def extract(archive: zipfile.ZipFile, layout: Layout, target: Path, source: Path) -> None:
    """Write the layout's files under ``target`` (never outside it), within the size bounds."""
    budget = MAX_UNCOMPRESSED_BYTES
    resolved = target.resolve()
    try:
        for relative, info in sorted(layout.files.items()):
            destination = target.joinpath(*relative.split("/"))
            # Belt and braces after member_parts: never write outside the target folder.
            if not destination.resolve().is_relative_to(resolved):
                raise PackageError(f"unsafe package: member {info.filename!r} escapes the folder")
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as member, destination.open("wb") as sink:
                budget -= copy_limited(member, sink, min(info.file_size, budget), info.filename)
    except (*READ_ERRORS, RuntimeError) as error:
        raise PackageError(f"{source.name} could not be extracted ({error})") from error
