"""Use cases: the installed Argos packages: list, install (a file or the index), remove, verify."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage


@dataclass(frozen=True, slots=True)
class InstalledPackages:
    folder: Path  # argostranslate's package folder
    packages: list[InstalledPackage]


def installed_packages() -> InstalledPackages:
    from workbench.mt.packages import list_installed, packages_dir

    return InstalledPackages(packages_dir(), list_installed())


def install_package(
    file: str | os.PathLike[str] | None = None, *, online: tuple[str, str] | None = None
) -> InstalledPackage:
    """Install an ``.argosmodel`` file, or the FROM→TO package of the online index."""
    from workbench.mt.index import install_online
    from workbench.mt.install import install_from_file

    if online is not None:
        return install_online(*online)
    if file is None:
        raise InputError("install takes one FILE.argosmodel (or --online FROM TO)")
    return install_from_file(Path(file))


def remove_package(code: str) -> InstalledPackage:
    from workbench.mt.packages import remove

    return remove(code)


def verify_packages(name: str | None = None) -> Iterator[tuple[InstalledPackage, str]]:
    """Translate a test sentence with each installed package (or the one called ``name``:
    its code, label or ``from_to`` pair), one after the other: (package, output)."""
    from workbench.mt.check import verify
    from workbench.mt.packages import list_installed

    targets = list_installed()
    if name:
        targets = [p for p in targets if name in (p.code, p.label, f"{p.from_code}_{p.to_code}")]
        if not targets:
            raise InputError(f"no installed package {name!r}: see `workbench models list`")
    for package in targets:
        yield package, verify(package)
