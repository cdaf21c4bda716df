"""Argos packages: list installed ones, install from a file or the online index, route, verify.

Packages live in argostranslate's package folder (``ARGOS_PACKAGES_DIR`` or the XDG data dir),
read through ``argostranslate.package``. ``argostranslate.package`` is imported lazily (inside
functions): its ``settings`` module reads the environment and creates folders at first import.
``argostranslate.translate`` is never imported (it needs stanza).

Installing: the zip is validated (:func:`validate_package_file`) and extracted by us, never by
``argostranslate.package.install_from_path`` (which imports ``argostranslate.translate``), into a
hidden temporary folder inside the package folder, checked again, then renamed into place with
``os.replace``: a failure leaves nothing half-installed. Reinstall policy: a package replaces every
installed package with the same code (e.g. ``translate-fr_en``) and the same kind (real or
workbench-generated), whatever their version — reinstall, upgrade and downgrade alike. A real
package never removes a generated one, nor the reverse; routing prefers the real one.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from workbench.errors import InputError, NotFoundError, PackageError
from workbench.fsutil import atomic_write
from workbench.lang.codes import LANGUAGE_CODE_HINT, is_language_code
from workbench.lang.names import language_name

log = logging.getLogger(__name__)

MAX_UNCOMPRESSED_BYTES = 2 * 1024**3  # the largest real Argos models are a few hundred MB
MAX_MEMBERS = 10_000
# A zip bomb compresses far better than a model: above this size, refuse ratios beyond this.
BOMB_CHECK_BYTES = 64 * 1024**2
MAX_COMPRESSION_RATIO = 50
INDEX_TIMEOUT_SECONDS = 30
PIVOT = "en"

INSTALL_HINT = "install one with `workbench models install FILE.argosmodel`"
_TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")


# One sentence per source language for verify(); others get the English one.
VERIFY_SENTENCES: dict[str, str] = {
    "fr": "La Russie retire ses forces de maintien de la paix.",
    "en": "Russia is withdrawing its peacekeeping forces.",
    "vi": "Nga rút lực lượng gìn giữ hòa bình.",
}


@dataclass(frozen=True, slots=True)
class InstalledPackage:
    """One installed translation package."""

    code: str  # metadata "code", else "translate-<from>_<to>"
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


@dataclass(frozen=True, slots=True)
class Route:
    """How to get from one language to another: one package, or two through English."""

    from_code: str
    to_code: str
    steps: tuple[InstalledPackage, ...]

    @property
    def pivot(self) -> str | None:
        return self.steps[0].to_code if len(self.steps) == 2 else None

    @property
    def label(self) -> str:
        return ">".join(step.label for step in self.steps)

    @property
    def generated(self) -> bool:
        return any(step.generated for step in self.steps)


# --------------------------------------------------------------------------------------------
# listing


def packages_dir() -> Path:
    """argostranslate's package folder (honours ``ARGOS_PACKAGES_DIR``; created by argos)."""
    from argostranslate import settings

    return Path(settings.package_data_dir)


def _package_dirs() -> list[Path]:
    from argostranslate import settings

    return [Path(directory) for directory in settings.package_dirs]


def _from_argos(package: Any) -> InstalledPackage:
    path = Path(package.package_path)
    metadata = _read_metadata(path / "metadata.json")
    tokenizer = "sentencepiece" if (path / "sentencepiece.model").exists() else "bpe"
    return InstalledPackage(
        code=package.code or f"translate-{package.from_code}_{package.to_code}",
        from_code=package.from_code,
        to_code=package.to_code,
        version=str(package.package_version or "0"),
        path=path,
        tokenizer=tokenizer,
        target_prefix=package.target_prefix or "",
        generated=bool(metadata.get("workbench_generated", False)),
    )


def _read_metadata(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        metadata = json.load(handle)
    if not isinstance(metadata, dict):
        raise ValueError("metadata.json is not a JSON object")
    return metadata


def _usable(path: Path) -> bool:
    """A folder that holds a translation package (else it is skipped with a warning)."""
    if path.name.startswith(".") or not path.is_dir():
        return False
    metadata_path = path / "metadata.json"
    if not metadata_path.is_file():
        log.warning("skipping %s: no metadata.json", path)
        return False
    try:
        metadata = _read_metadata(metadata_path)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        log.warning("skipping %s: unreadable metadata.json (%s)", path, error)
        return False
    if metadata.get("type", "translate") != "translate":
        return False
    if not (
        is_language_code(metadata.get("from_code")) and is_language_code(metadata.get("to_code"))
    ):
        log.warning("skipping %s: metadata.json lacks from_code/to_code", path)
        return False
    if not any((path / name).is_file() for name in _TOKENIZER_FILES):
        log.warning("skipping %s: no sentencepiece.model or bpe.model", path)
        return False
    return True


def list_installed(directory: Path | None = None) -> list[InstalledPackage]:
    """Installed translation packages, sorted by pair, real before generated, newest first.

    Reads argostranslate's package folders (or only ``directory``). Folders that are not packages
    (no or broken metadata.json, no tokenizer, hidden temporary folders) are skipped, not fatal:
    ``argostranslate.package.get_installed_packages`` would raise on them, so each valid folder is
    loaded as an ``argostranslate.package.Package`` here.
    """
    from argostranslate.package import Package

    directories = [directory] if directory is not None else _package_dirs()
    packages: list[InstalledPackage] = []
    for folder in directories:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if _usable(path):
                packages.append(_from_argos(Package(path)))
    return _preferred_first(packages)


def _version_key(version: str) -> tuple[int, Any]:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def _preferred_first(packages: Iterable[InstalledPackage]) -> list[InstalledPackage]:
    """Sorted by pair; within a pair real before generated, then newest version first."""
    newest_first = sorted(packages, key=lambda package: _version_key(package.version), reverse=True)
    return sorted(newest_first, key=lambda p: (p.from_code, p.to_code, p.generated))


# --------------------------------------------------------------------------------------------
# validation


def _member_parts(name: str) -> tuple[str, ...]:
    """Path parts of a zip member, refusing absolute paths, ``..`` and drive letters."""
    if "\x00" in name:
        raise PackageError(f"unsafe package: member name {name!r} contains a NUL byte")
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or re.match(r"^[A-Za-z]:", normalized):
        raise PackageError(f"unsafe package: member {name!r} has an absolute path; refusing it")
    parts = tuple(part for part in PurePosixPath(normalized).parts if part not in ("", "."))
    if ".." in parts:
        raise PackageError(f"unsafe package: member {name!r} points outside the package (..)")
    return parts


#: What zipfile can decompress; anything else (deflate64, ...) raises NotImplementedError on read.
_READABLE_COMPRESSION = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


@dataclass(frozen=True, slots=True)
class _Layout:
    prefix: tuple[str, ...]  # () or (top_folder,)
    files: dict[str, zipfile.ZipInfo]  # path relative to the package root -> member


def _inspect(archive: zipfile.ZipFile, source: Path) -> _Layout:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageError(f"{source.name}: {len(infos)} members is too many for a package")
    total = 0
    compressed = 0
    entries: list[tuple[tuple[str, ...], zipfile.ZipInfo]] = []
    for info in infos:
        parts = _member_parts(info.filename)
        if _is_symlink(info):
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
        if not parts:
            continue
        total += info.file_size
        compressed += info.compress_size
        entries.append((parts, info))
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
    files = {parts: info for parts, info in entries if not info.is_dir()}
    if ("metadata.json",) in files:
        prefix: tuple[str, ...] = ()
    else:
        tops = {parts[0] for parts in files} | {
            parts[0] for parts, info in entries if info.is_dir()
        }
        if len(tops) != 1 or (next(iter(tops)), "metadata.json") not in files:
            raise PackageError(
                f"{source.name} is not an Argos package: no metadata.json at its root or in a "
                "single top folder"
            )
        prefix = (next(iter(tops)),)
    relative: dict[str, zipfile.ZipInfo] = {}
    for parts, info in files.items():
        if parts[: len(prefix)] != prefix:
            raise PackageError(f"{source.name}: member {info.filename!r} is outside the package")
        relative["/".join(parts[len(prefix) :])] = info
    return _Layout(prefix, relative)


def _check_metadata(metadata: Any, source: Path) -> dict[str, Any]:
    if not isinstance(metadata, dict):
        raise PackageError(f"{source.name}: metadata.json is not a JSON object")
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if value is None or value == "":
            raise PackageError(f"{source.name}: metadata.json has no {key}")
        if not is_language_code(value):
            raise PackageError(
                f"{source.name}: metadata.json {key} {value!r} is not a language code: "
                + LANGUAGE_CODE_HINT
            )
    if metadata.get("type", "translate") != "translate":
        raise PackageError(
            f"{source.name} is a {metadata.get('type')!r} package, not a translation package"
        )
    for key in ("code", "target_prefix"):
        if key in metadata and metadata[key] is not None and not isinstance(metadata[key], str):
            raise PackageError(f"{source.name}: metadata.json {key} is not a string")
    if isinstance(metadata.get("package_version"), dict | list | bool):
        raise PackageError(f"{source.name}: metadata.json package_version is not a version")
    code = metadata.get("code")
    if code and not re.fullmatch(r"[A-Za-z0-9_.+-]+", code):
        raise PackageError(f"{source.name}: metadata.json code {code!r} is not a plain name")
    return metadata


def _check_contents(names: Iterable[str], source: Path) -> None:
    present = set(names)
    if "model/model.bin" not in present:
        raise PackageError(f"{source.name} has no CTranslate2 model (model/model.bin)")
    if not any(name in present for name in _TOKENIZER_FILES):
        raise PackageError(f"{source.name} has no tokenizer (sentencepiece.model or bpe.model)")


def validate_package_file(path: Path | str) -> dict[str, Any]:
    """Check an ``.argosmodel`` without extracting it; return its metadata or raise PackageError."""
    source = Path(path)
    if not source.is_file():
        raise PackageError(f"{source}: no such package file")
    if not zipfile.is_zipfile(source):
        raise PackageError(f"{source.name} is not an Argos package (not a zip archive)")
    try:
        with zipfile.ZipFile(source) as archive:
            layout = _inspect(archive, source)
            raw = archive.read(layout.files["metadata.json"])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise PackageError(f"{source.name} is a damaged zip archive ({error})") from error
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageError(f"{source.name}: metadata.json is not valid JSON ({error})") from error
    _check_metadata(metadata, source)
    _check_contents(layout.files, source)
    return metadata


# --------------------------------------------------------------------------------------------
# installing


def _folder_name(metadata: dict[str, Any]) -> str:
    code = metadata.get("code") or f"translate-{metadata['from_code']}_{metadata['to_code']}"
    version = metadata.get("package_version") or "0"
    name = f"{code}-{version}"
    if metadata.get("workbench_generated"):
        name += "-generated"
    return re.sub(r"[^A-Za-z0-9_.+-]", "_", name)


def _copy_limited(source: IO[bytes], target: IO[bytes], limit: int, name: str) -> int:
    written = 0
    while chunk := source.read(1024 * 1024):
        written += len(chunk)
        if written > limit:
            raise PackageError(f"member {name!r} unpacks to more than its declared size")
        target.write(chunk)
    return written


def _extract(archive: zipfile.ZipFile, layout: _Layout, target: Path) -> None:
    budget = MAX_UNCOMPRESSED_BYTES
    for relative, info in sorted(layout.files.items()):
        destination = target.joinpath(*relative.split("/"))
        # Belt and braces after _member_parts: never write outside the target folder.
        if not destination.resolve().is_relative_to(target.resolve()):
            raise PackageError(f"unsafe package: member {info.filename!r} escapes the folder")
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, destination.open("wb") as sink:
            budget -= _copy_limited(source, sink, min(info.file_size, budget), info.filename)


def install_from_file(path: Path | str, directory: Path | None = None) -> InstalledPackage:
    """Validate and install an ``.argosmodel`` into the package folder (or ``directory``).

    Atomic: extraction goes to a hidden temporary folder in the same place, which is renamed into
    place only once complete. See the module docstring for what a new package replaces.
    """
    from argostranslate.package import Package, package_lock

    source = Path(path)
    metadata = validate_package_file(source)
    root = directory if directory is not None else packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    final = root / _folder_name(metadata)
    with package_lock:
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
        try:
            try:
                with zipfile.ZipFile(source) as archive:
                    _extract(archive, _inspect(archive, source), staging)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
                raise PackageError(f"{source.name} could not be extracted ({error})") from error
            installed = _from_argos(Package(staging))
            replaced = [
                package
                for package in list_installed(root)
                if package.code == installed.code and package.generated == installed.generated
            ]
            _swap_into_place(staging, final)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
        for package in replaced:
            if package.path != final and package.path.exists():
                log.info("replaced %s (%s)", package.label, package.path)
                shutil.rmtree(package.path)
    _forget_loaded()
    return _from_argos(Package(final))


def _forget_loaded() -> None:
    """Drop loaded translators: a removed or replaced package must not keep being used."""
    from workbench import translate

    translate.clear_cache()


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


# --------------------------------------------------------------------------------------------
# online index


def _urlopen(url: str, timeout: float) -> Any:
    """The one network call (tests replace it)."""
    request = urllib.request.Request(url, headers={"User-Agent": "workbench (ArgosTranslate)"})
    return urllib.request.urlopen(request, timeout=timeout)


def _offline_error(what: str, error: BaseException) -> PackageError:
    reason = getattr(error, "reason", None) or error
    return PackageError(
        f"cannot reach the Argos package index ({what}: {reason}): install a downloaded file "
        "with `workbench models install FILE.argosmodel`"
    )


def update_index() -> Path:
    """Download the Argos index into argostranslate's local index file (atomically).

    ``argostranslate.package.update_package_index`` logs and swallows network errors (and
    ``get_available_packages`` then retries forever without a local index), so the download is
    done here and the file is then read through ``get_available_packages``.
    """
    from argostranslate import settings

    url = settings.remote_package_index
    try:
        with _urlopen(url, INDEX_TIMEOUT_SECONDS) as response:
            data = response.read()
        index = json.loads(data.decode("utf-8"))
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        raise _offline_error(url, error) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageError(
            f"the Argos package index at {url} is not valid JSON ({error})"
        ) from error
    if not isinstance(index, list):
        raise PackageError(f"the Argos package index at {url} is not a list of packages")
    target = Path(settings.local_package_index)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
    return target


def _download(links: Sequence[str], destination: Path) -> None:
    errors: list[str] = []
    for url in links:
        if not url.startswith(("https://", "http://")):
            continue
        try:
            with _urlopen(url, INDEX_TIMEOUT_SECONDS) as response, destination.open("wb") as sink:
                _copy_limited(response, sink, MAX_UNCOMPRESSED_BYTES, url)
            return
        except (urllib.error.URLError, OSError, TimeoutError) as error:
            errors.append(f"{url}: {getattr(error, 'reason', None) or error}")
    raise PackageError(
        "could not download the package (" + ("; ".join(errors) or "no http(s) link") + "): "
        "install a downloaded file with `workbench models install FILE.argosmodel`"
    )


def install_online(from_code: str, to_code: str, directory: Path | None = None) -> InstalledPackage:
    """Install the ``from_code``→``to_code`` package from the Argos online index.

    The index goes to argostranslate's local index file, the download to a temporary file in its
    downloads folder (removed afterwards); then :func:`install_from_file`.
    """
    from argostranslate import package as argos_package
    from argostranslate import settings

    update_index()
    candidates = [
        available
        for available in argos_package.get_available_packages()
        if available.type == "translate"
        and available.from_code == from_code
        and available.to_code == to_code
    ]
    if not candidates:
        raise PackageError(
            f"the Argos index has no {language_name(from_code)}→{language_name(to_code)} "
            f"({from_code}→{to_code}) package; pivot through English may work: "
            f"`workbench models install --online {from_code} {PIVOT}` and "
            f"`workbench models install --online {PIVOT} {to_code}`"
        )
    best = max(candidates, key=lambda available: _version_key(available.package_version or "0"))
    downloads = Path(settings.downloads_dir)
    downloads.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".download-", suffix=".argosmodel", dir=downloads)
    os.close(fd)
    file = Path(name)
    try:
        _download(list(best.links or []), file)
        return install_from_file(file, directory)
    finally:
        file.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# removing, routing, verifying


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
    _forget_loaded()
    return package


def _best(
    packages: Sequence[InstalledPackage], from_code: str, to_code: str
) -> InstalledPackage | None:
    candidates = [p for p in packages if p.from_code == from_code and p.to_code == to_code]
    return _preferred_first(candidates)[0] if candidates else None


def find_route(
    from_code: str, to_code: str, packages: Sequence[InstalledPackage] | None = None
) -> Route:
    """The route to translate ``from_code`` into ``to_code`` over installed (or given) packages.

    Direct if a package exists, else two steps through English. A route made only of real
    packages beats one that uses a generated (demo/test) package; then direct beats pivot.
    """
    if from_code == to_code:
        raise InputError(f"source and target language are both {from_code}: nothing to translate")
    pool = list_installed() if packages is None else list(packages)
    routes: list[Route] = []
    direct = _best(pool, from_code, to_code)
    if direct is not None:
        routes.append(Route(from_code, to_code, (direct,)))
    first = second = None
    if PIVOT not in (from_code, to_code):
        first = _best(pool, from_code, PIVOT)
        second = _best(pool, PIVOT, to_code)
        if first is not None and second is not None:
            routes.append(Route(from_code, to_code, (first, second)))
    if routes:
        return min(routes, key=lambda route: (route.generated, len(route.steps)))
    raise PackageError(_missing_message(from_code, to_code, first, second))


def _missing_message(
    from_code: str,
    to_code: str,
    first: InstalledPackage | None,
    second: InstalledPackage | None,
) -> str:
    names = f"{language_name(from_code)}→{language_name(to_code)}"
    direct = f"{from_code}→{to_code}"
    if PIVOT in (from_code, to_code):
        need, online = f"need {direct}", [(from_code, to_code)]
    elif first is not None:
        need = f"need {direct}, or {PIVOT}→{to_code} to pivot through the installed {first.pair}"
        online = [(PIVOT, to_code)]
    elif second is not None:
        need = f"need {direct}, or {from_code}→{PIVOT} to pivot through the installed {second.pair}"
        online = [(from_code, PIVOT)]
    else:
        need = f"need {direct}, or {from_code}→{PIVOT} and {PIVOT}→{to_code}"
        online = [(from_code, PIVOT), (PIVOT, to_code)]
    commands = " and ".join(f"`workbench models install --online {a} {b}`" for a, b in online)
    return f"no {names} model installed ({need}): {INSTALL_HINT} or {commands}"


def verify(package: InstalledPackage) -> str:
    """Load the package and translate one sentence; return the output or raise PackageError."""
    from workbench import translate

    sentence = VERIFY_SENTENCES.get(package.from_code, VERIFY_SENTENCES["en"])
    try:
        hypotheses = translate.translate_one_step([sentence], package)
    except (PackageError, RuntimeError, ValueError, OSError) as error:
        raise PackageError(
            f"package {package.label} at {package.path} is broken ({error}): reinstall it with "
            "`workbench models install FILE.argosmodel`"
        ) from error
    return hypotheses[0][0][0] if hypotheses and hypotheses[0] else ""
