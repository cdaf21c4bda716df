"""Argos packages shipped to Ray actors through Ray's object store.

The driver packs each package folder of the batch's routes into an uncompressed tar (sorted
members, zeroed times and owners: the same files give the same bytes) and puts it in the object
store once; its SHA-256 names it. An actor unpacks it into a node-local cache
(``$TMPDIR/workbench-ray-packages-<uid>/<sha256>``, mode 0700, written through a staging folder
and an atomic rename) unless another actor on the node already did, so a node fetches each
package at most once, and a cluster needs no model installed on its nodes: every actor runs
exactly the bytes the driver resolved (same label, same output). Python code is not shipped:
every node needs ``workbench[ray]`` installed (the same version), like any Ray application.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import shutil
import stat
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import PackageError

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage


def pack(package: InstalledPackage) -> tuple[bytes, str]:
    """The package folder as tar bytes (reproducible) and their SHA-256."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(package.path.rglob("*")):
            if path.is_symlink():  # install never makes any; never follow one
                continue
            info = tar.gettarinfo(str(path), arcname=path.relative_to(package.path).as_posix())
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if info.isdir():
                info.mode = 0o755
                tar.addfile(info)
            elif info.isfile():
                info.mode = 0o644
                with path.open("rb") as handle:
                    tar.addfile(info, handle)
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()


def cache_root() -> Path:
    """This user's package cache on this node (created 0700; refused when anyone else can
    write to it)."""
    root = Path(tempfile.gettempdir()) / f"workbench-ray-packages-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    info = root.lstat()
    if (
        not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.getuid()
        or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    ):
        raise PackageError(f"{root} is not a private folder of this user: remove it and retry")
    return root


def unpack(package: InstalledPackage, sha256: str, fetch: Callable[[], bytes]) -> InstalledPackage:
    """The package at its node-local copy, fetching and extracting it when missing."""
    target = cache_root() / sha256
    if not target.is_dir():
        data = fetch()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise PackageError(f"package {package.label} arrived damaged (SHA-256 differs)")
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".staging-"))
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
                tar.extractall(staging, filter="data")
            os.rename(staging, target)
        except OSError:
            if not target.is_dir():  # not another actor winning the race: a real failure
                raise
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return dataclasses.replace(package, path=target)
