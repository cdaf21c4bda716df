"""The Argos online index: download it, find a package in it, download and install that.

The index is read and checked here (bounded size, each entry's fields type-checked like a
package's ``metadata.json``), not through ``argostranslate.package.get_available_packages``, whose
``load_metadata_from_json`` raises AttributeError / TypeError on a malformed entry.
"""

from __future__ import annotations

import logging
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import PackageError
from workbench.fsutil import atomic_write
from workbench.lang.names import language_name
from workbench.mt.archive import MAX_UNCOMPRESSED_BYTES, copy_limited
from workbench.mt.install import install_from_file
from workbench.mt.metadata import check_metadata, load_json
from workbench.mt.packages import InstalledPackage, version_key
from workbench.mt.routes import PIVOT

log = logging.getLogger(__name__)

INDEX_TIMEOUT_SECONDS = 30
MAX_INDEX_BYTES = 16 * 1024**2  # argospm-index's index.json is about 100 kB


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


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One translation package of the online index."""

    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]


def _entries(index: Any, url: str) -> list[IndexEntry]:
    """The index's well-formed translation entries; malformed ones are skipped with a warning."""
    if not isinstance(index, list):
        raise PackageError(f"the Argos package index at {url} is not a list of packages")
    entries = []
    for number, item in enumerate(index):
        if isinstance(item, dict) and item.get("type", "translate") != "translate":
            continue
        try:
            metadata = check_metadata(item, f"index entry {number}")
        except PackageError as error:
            log.warning("skipping %s", error)
            continue
        links = tuple(metadata.raw.get("links") or ())
        entries.append(IndexEntry(metadata.from_code, metadata.to_code, metadata.version, links))
    return entries


def update_index() -> list[IndexEntry]:
    """Download the Argos index (bounded), keep a copy in argostranslate's local index file
    (atomically) and return its translation entries.

    ``argostranslate.package.update_package_index`` logs and swallows network errors (and
    ``get_available_packages`` then retries forever without a local index), so the download is
    done here.
    """
    from argostranslate import settings

    url = settings.remote_package_index
    try:
        with _urlopen(url, INDEX_TIMEOUT_SECONDS) as response:
            data = response.read(MAX_INDEX_BYTES + 1)
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        raise _offline_error(url, error) from error
    try:
        index = load_json(data, f"the Argos package index at {url}", max_bytes=MAX_INDEX_BYTES)
    except PackageError as error:
        raise PackageError(f"{error}; try again later") from error
    entries = _entries(index, url)
    target = Path(settings.local_package_index)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
    return entries


def _download(links: Sequence[str], destination: Path) -> None:
    errors: list[str] = []
    for url in links:
        if not url.startswith(("https://", "http://")):
            continue
        try:
            with _urlopen(url, INDEX_TIMEOUT_SECONDS) as response, destination.open("wb") as sink:
                copy_limited(response, sink, MAX_UNCOMPRESSED_BYTES, url)
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
    from argostranslate import settings

    candidates = [
        entry
        for entry in update_index()
        if entry.from_code == from_code and entry.to_code == to_code
    ]
    if not candidates:
        raise PackageError(
            f"the Argos index has no {language_name(from_code)}→{language_name(to_code)} "
            f"({from_code}→{to_code}) package; pivot through English may work: "
            f"`workbench models install --online {from_code} {PIVOT}` and "
            f"`workbench models install --online {PIVOT} {to_code}`"
        )
    best = max(candidates, key=lambda entry: version_key(entry.version))
    downloads = Path(settings.downloads_dir)
    downloads.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".download-", suffix=".argosmodel", dir=downloads)
    os.close(fd)
    file = Path(name)
    try:
        _download(best.links, file)
        return install_from_file(file, directory)
    finally:
        file.unlink(missing_ok=True)
