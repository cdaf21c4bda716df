"""Use cases: the installed Argos packages: list, install (a file or the index), remove, verify,
convert an OPUS-MT release."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError

if TYPE_CHECKING:
    from workbench.mt.convert import Conversion
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


@dataclass(frozen=True, slots=True)
class ConvertReport:
    conversion: Conversion
    installed: InstalledPackage | None  # with install=True
    kept_file: bool  # False when the package was only written to be installed


def convert_package(
    folder: str | os.PathLike[str],
    from_code: str,
    to_code: str,
    *,
    out: str | os.PathLike[str] | None = None,
    target_token: str | None = None,
    install: bool = False,
    packages_dir: Path | None = None,
) -> ConvertReport:
    """Convert an OPUS-MT release folder into an Argos package (``workbench models convert``).

    The ``.argosmodel`` goes to ``out`` (default: Locomotive's file name in the current folder);
    with ``install`` and no ``out`` it is written to a temporary folder, installed through the
    full validation (into argostranslate's package folder, or ``packages_dir``), and not kept."""
    import tempfile

    from workbench.mt.convert import convert_opus_mt
    from workbench.mt.install import install_from_file

    if out is not None or not install:
        destination = Path(out) if out is not None else None
        conversion = convert_opus_mt(
            Path(folder), from_code, to_code, destination, target_token=target_token
        )
        package = install_from_file(conversion.path, packages_dir) if install else None
        return ConvertReport(conversion, package, kept_file=True)
    with tempfile.TemporaryDirectory(prefix="workbench-convert-") as work:
        conversion = convert_opus_mt(
            Path(folder),
            from_code,
            to_code,
            Path(work) / "package.argosmodel",
            target_token=target_token,
        )
        installed = install_from_file(conversion.path, packages_dir)
        return ConvertReport(conversion, installed, kept_file=False)
