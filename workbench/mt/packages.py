"""Installed Argos packages: where they live, listing them, finding one, removing one.

Packages live in argostranslate's package folder (``ARGOS_PACKAGES_DIR`` or the XDG data dir).
``argostranslate.settings`` is imported lazily (inside functions): it reads the environment and
creates folders at first import. Each package folder is read by :func:`read_installed` — its
``metadata.json`` size-bounded and fully checked (:mod:`workbench.mt.metadata`) — rather than by
``argostranslate.package.Package``, which reads it whole and unchecked and raises on a folder
without one: a hostile or broken folder is skipped with a warning, never fatal and never slow.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import NotFoundError, PackageError
from workbench.mt.archive import TOKENIZER_FILES
from workbench.mt.metadata import MAX_METADATA_BYTES, check_metadata, read_json_file

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InstalledPackage:
    """One installed translation package."""

    code: str  # "translate-<from>_<to>" (derived from the checked codes)
    from_code: str
    to_code: str
    version: str  # metadata package_version
    path: Path
    tokenizer: str  # "sentencepiece" | "bpe"
    target_prefix: str
    generated: bool  # True for workbench-generated demo/test packages

    @property
    def label(self) -> str:
        """``code@version``: what is recorded as the model of a machine translation."""
        return f"{self.code}@{self.version}"

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"


def packages_dir() -> Path:
    """argostranslate's package folder (honours ``ARGOS_PACKAGES_DIR``; created by argos)."""
    from argostranslate import settings

    return Path(settings.package_data_dir)


def _package_dirs() -> list[Path]:
    from argostranslate import settings

    return [Path(directory) for directory in settings.package_dirs]


def load_installed(path: Path) -> InstalledPackage:
    """The package in folder ``path``; :class:`PackageError` when it is not a usable one."""
    metadata_path = path / "metadata.json"
    if not metadata_path.is_file():
        raise PackageError(f"{path}: no metadata.json")
    where = str(path)
    metadata = check_metadata(
        read_json_file(metadata_path, f"{where}: metadata.json", max_bytes=MAX_METADATA_BYTES),
        where,
    )
    tokenizers = [name for name in TOKENIZER_FILES if (path / name).is_file()]
    if not tokenizers:
        raise PackageError(f"{where}: no sentencepiece.model or bpe.model")
    return InstalledPackage(
        code=metadata.code,
        from_code=metadata.from_code,
        to_code=metadata.to_code,
        version=metadata.version,
        path=path,
        tokenizer="sentencepiece" if tokenizers[0] == "sentencepiece.model" else "bpe",
        target_prefix=metadata.target_prefix,
        generated=metadata.generated,
    )


def read_installed(path: Path) -> InstalledPackage | None:
    """:func:`load_installed`, or ``None`` (with a warning) for a folder that is not a package."""
    if path.name.startswith(".") or not path.is_dir():
        return None
    try:
        return load_installed(path)
    except PackageError as error:
        log.warning("skipping %s", error)
        return None


def list_installed(directory: Path | None = None) -> list[InstalledPackage]:
    """Installed translation packages, sorted by pair, real before generated, newest first.

    Reads argostranslate's package folders (or only ``directory``). Folders that are not packages
    (no, broken, oversized or hostile metadata.json, no tokenizer, hidden temporary folders) are
    skipped, not fatal.
    """
    directories = [directory] if directory is not None else _package_dirs()
    packages: list[InstalledPackage] = []
    for folder in directories:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            package = read_installed(path)
            if package is not None:
                packages.append(package)
    return preferred_first(packages)


def version_key(version: str) -> tuple[int, Any]:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def preferred_first(packages: Iterable[InstalledPackage]) -> list[InstalledPackage]:
    """Sorted by pair; within a pair real before generated, then newest version first."""
    newest_first = sorted(packages, key=lambda package: version_key(package.version), reverse=True)
    return sorted(newest_first, key=lambda p: (p.from_code, p.to_code, p.generated))


def _matches(package: InstalledPackage, query: str) -> bool:
    normalized = query.strip().replace("→", "_").replace("->", "_").replace(" ", "_")
    pair = f"{package.from_code}_{package.to_code}"
    return query in (package.code, package.label) or normalized in (pair, pair.replace("_", "-"))


def find_installed(
    code_or_pair: str, packages: Sequence[InstalledPackage] | None = None
) -> list[InstalledPackage]:
    """Installed packages matching a code, ``code@version``, or a pair (``fr_en``, ``fr-en``)."""
    pool = list_installed() if packages is None else list(packages)
    return [package for package in pool if _matches(package, code_or_pair)]


def forget_loaded() -> None:
    """Drop loaded translators: a removed or replaced package must not keep being used."""
    from workbench.mt import loaded

    loaded.clear_cache()


def remove(code_or_pair: str, directory: Path | None = None) -> InstalledPackage:
    """Uninstall one package by code, ``code@version`` or pair; return what was removed."""
    from argostranslate.package import package_lock

    matches = find_installed(code_or_pair, list_installed(directory))
    if not matches:
        raise NotFoundError(
            f"no installed package matches {code_or_pair!r}: see `workbench models list`"
        )
    if len(matches) > 1:
        labels = ", ".join(package.label for package in matches)
        raise PackageError(
            f"{len(matches)} packages match {code_or_pair!r} ({labels}): remove one by its "
            "code@version"
        )
    package = matches[0]
    with package_lock:
        shutil.rmtree(package.path)
    forget_loaded()
    return package
