"""The zip styles real Argos packages come in, written deterministically (fixed timestamps).

* :func:`write_zip` — workbench's generated packages: one top folder, directory entries,
  deflate (level 1), sorted names.
* :func:`zip_locomotive` — LibreTranslate/Locomotive ``opus_mt_convert.py``: ``ZIP_STORED``,
  files only (no directory entries), README, metadata, tokenizer, then ``model/`` and
  ``stanza/`` in walk order.
* :func:`zip_argos_train` — argos-train: ``shutil.make_archive(name, "zip", root_dir,
  base_dir)`` of the package folder (deflate, with directory entries).
* :func:`add_macosx_junk` — what a Mac's Finder adds when it re-zips a package: ``__MACOSX/``
  AppleDouble ``._name`` members and a ``.DS_Store``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_APPLEDOUBLE = bytes.fromhex("00051607") + bytes.fromhex("00020000") + bytes(16) + b"\x00\x00"


def _atomic(out_path: Path) -> Path:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".build-", suffix=".tmp", dir=out_path.parent)
    os.close(fd)
    return Path(name)


def write_zip(out_path: Path, root: str, files: dict[str, bytes]) -> Path:
    """Write a deterministic zip (fixed timestamps, sorted names) atomically to ``out_path``."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".build-", suffix=".tmp", dir=out_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w") as archive:
            directories = {f"{root}/"}
            for name in files:
                parts = name.split("/")[:-1]
                for depth in range(1, len(parts) + 1):
                    directories.add(f"{root}/{'/'.join(parts[:depth])}/")
            for directory in sorted(directories):
                info = zipfile.ZipInfo(directory, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
            for name in sorted(files):
                info = zipfile.ZipInfo(f"{root}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, files[name], compresslevel=1)
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    return out_path


def _locomotive_order(name: str) -> tuple[int, str]:
    first = ("README.md", "metadata.json", "sentencepiece.model", "bpe.model", "target.spm")
    if name in first:
        return (first.index(name), "")
    return (len(first) + (0 if name.startswith("model/") else 1), name)


def zip_locomotive(out_path: Path, root: str, files: dict[str, bytes]) -> Path:
    """Locomotive's style: ``ZIP_STORED`` members ``root/name``, no directory entries."""
    tmp = _atomic(out_path)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            for name in sorted(files, key=_locomotive_order):
                info = zipfile.ZipInfo(f"{root}/{name}", date_time=FIXED_TIME)
                info.external_attr = 0o100644 << 16
                archive.writestr(info, files[name])
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    return out_path


def zip_argos_train(out_path: Path, root: str, files: dict[str, bytes]) -> Path:
    """argos-train's style: ``shutil.make_archive`` of the folder ``root`` (timestamps fixed)."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="workbench-zip-") as work:
        run = Path(work) / "run"
        for name, data in files.items():
            path = run / root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        stamp = 315532800  # 1980-01-01, the zip epoch
        for folder, _dirs, names in os.walk(run):
            for name in names:
                os.utime(os.path.join(folder, name), (stamp, stamp))
            os.utime(folder, (stamp, stamp))
        archive = shutil.make_archive(str(Path(work) / root), "zip", root_dir=run, base_dir=root)
        tmp = _atomic(out_path)
        shutil.move(archive, tmp)
        os.replace(tmp, out_path)
    return out_path


def add_macosx_junk(path: Path, root: str, names: list[str]) -> Path:
    """Append ``__MACOSX/root/._name`` AppleDouble members and ``root/.DS_Store``."""
    with zipfile.ZipFile(path, "a") as archive:
        for directory in ("__MACOSX/", f"__MACOSX/{root}/"):
            archive.writestr(zipfile.ZipInfo(directory, date_time=FIXED_TIME), b"")
        for name in names:
            parent, _, base = f"{root}/{name}".rpartition("/")
            archive.writestr(
                zipfile.ZipInfo(f"__MACOSX/{parent}/._{base}", date_time=FIXED_TIME), _APPLEDOUBLE
            )
        archive.writestr(zipfile.ZipInfo(f"{root}/.DS_Store", date_time=FIXED_TIME), bytes(64))
    return path
