"""Validate an ``.argosmodel`` fully and install it into the package folder, atomically.

Never through ``argostranslate.package.install_from_path`` (which extracts unchecked, then
imports ``argostranslate.translate``, which needs stanza). The zip is checked member by member
(:mod:`workbench.mt.archive`), its ``metadata.json`` read bounded and checked field by field
(:mod:`workbench.mt.metadata`), extracted into a hidden temporary folder inside the package
folder, and the extracted package is then loaded for real — tokenizer, CTranslate2 model, one
probe sentence translated and decoded (:mod:`workbench.mt.check`) — before it is renamed into
place with ``os.replace``. Any failure is one :class:`PackageError` and leaves nothing behind.

The installed folder is ``translate-<from>_<to>-<version>[-generated]``, built from the checked
language codes, never from the package's own ``code`` (a package whose ``code`` names another
pair is refused). Reinstall policy: a package replaces every installed package of the *same
pair* (from and to codes) and the same kind (real or workbench-generated), whatever their
version — reinstall, upgrade and downgrade alike. It never replaces another pair; a real package
never removes a generated one, nor the reverse (routing prefers the real one). Installed folders
are 0755 and their files 0644, like argostranslate's own ``extractall``.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from workbench.errors import PackageError
from workbench.mt.archive import check_contents, extract, inspect, open_archive, read_member
from workbench.mt.metadata import PackageMetadata, check_metadata, load_json
from workbench.mt.packages import (
    InstalledPackage,
    forget_loaded,
    list_installed,
    load_installed,
)

log = logging.getLogger(__name__)

FOLDER_MODE = 0o755
FILE_MODE = 0o644


def validate_package_file(path: Path | str) -> PackageMetadata:
    """Check an ``.argosmodel`` without extracting it; return its metadata or raise PackageError.

    (:func:`install_from_file` also loads the extracted model and tokenizer before installing.)
    """
    source = Path(path)
    with open_archive(source) as archive:
        layout = inspect(archive, source)
        raw = read_member(archive, layout.files["metadata.json"], source)
    metadata = check_metadata(
        load_json(raw, f"{source.name}: metadata.json", max_bytes=len(raw)), source.name
    )
    check_contents(layout.files, source)
    return metadata


def folder_name(metadata: PackageMetadata) -> str:
    """The installed folder of a package: from the checked codes and version only."""
    name = f"{metadata.code}-{metadata.version}"
    return f"{name}-generated" if metadata.generated else name


def _set_modes(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, FOLDER_MODE)
        for file in files:
            os.chmod(os.path.join(folder, file), FILE_MODE)


def _stage(source: Path, root: Path) -> Path:
    """Extract ``source`` into a new hidden folder of ``root``; check the result fully."""
    from workbench.mt.check import check_package

    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
    try:
        with open_archive(source) as archive:
            extract(archive, inspect(archive, source), staging, source)
        _set_modes(staging)
        check_package(load_installed(staging), source.name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def install_from_file(path: Path | str, directory: Path | None = None) -> InstalledPackage:
    """Validate and install an ``.argosmodel`` into the package folder (or ``directory``).

    Atomic: extraction goes to a hidden temporary folder in the same place, which is renamed into
    place only once complete and loaded. See the module docstring for what a package replaces.
    """
    from argostranslate.package import package_lock

    from workbench.mt.packages import packages_dir

    source = Path(path)
    metadata = validate_package_file(source)
    root = directory if directory is not None else packages_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PackageError(f"cannot create the package folder {root} ({error})") from error
    final = root / folder_name(metadata)
    with package_lock:
        staging = _stage(source, root)
        try:
            replaced = [
                package
                for package in list_installed(root)
                if (package.from_code, package.to_code, package.generated)
                == (metadata.from_code, metadata.to_code, metadata.generated)
            ]
            _swap_into_place(staging, final)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
        for package in replaced:
            if package.path != final and package.path.exists():
                log.info("replaced %s (%s)", package.label, package.path)
                shutil.rmtree(package.path)
    forget_loaded()
    return load_installed(final)


def _swap_into_place(staging: Path, final: Path) -> None:
    if not final.exists():
        os.replace(staging, final)
        return
    old = final.with_name(f".replacing-{final.name}-{os.getpid()}")
    os.replace(final, old)
    try:
        os.replace(staging, final)
    except OSError:
        os.replace(old, final)
        raise
    shutil.rmtree(old)
