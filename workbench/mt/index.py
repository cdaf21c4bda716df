"""The Argos online index: download it, find a package in it, download and install that.

The index is read and checked here (bounded size, each entry's fields type-checked like a
package's ``metadata.json``), not through ``argostranslate.package.get_available_packages``, whose
``load_metadata_from_json`` raises AttributeError / TypeError on a malformed entry.

Requests go out as argostranslate's own do (``argostranslate.networking.get``): its User-Agent
(``ArgosTranslate``) and up to 3 retries after a failed attempt — here after a short pause, and
not after an answer that cannot change (HTTP 4xx but 408 and 429). The index's address is
argostranslate's: ``$ARGOS_PACKAGE_INDEX`` + ``index.json``, read when the index is fetched
(argostranslate reads it once, at import), else argostranslate's settings.

The real index (argospm-index, 96 packages) has ``translate-fr_en`` 1.9 but no English ↔
Vietnamese and no French → Vietnamese package: a pair it lacks gets one line saying what it has
for those languages, the English pivot where the index has both legs, and the OPUS-MT route
(``workbench models convert``) for the rest.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
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
from workbench.mt.convert import convert_hint
from workbench.mt.install import install_from_file
from workbench.mt.metadata import check_metadata, load_json
from workbench.mt.packages import InstalledPackage, version_key
from workbench.mt.routes import PIVOT

log = logging.getLogger(__name__)

INDEX_TIMEOUT_SECONDS = 30
MAX_INDEX_BYTES = 16 * 1024**2  # argospm-index's index.json is about 100 kB
#: Pauses before each retry: argostranslate's networking.get retries 3 times.
RETRY_DELAYS_SECONDS = (0.25, 0.5, 1.0)
_FINAL_HTTP = frozenset(range(400, 500)) - {408, 429}


def index_url() -> str:
    """The index's address: ``ARGOS_PACKAGE_INDEX`` + ``index.json`` as
    :mod:`workbench.settings` reads it now, else argostranslate's setting (the environment at
    its import, or its settings.json)."""
    from workbench import settings as workbench_settings

    base = workbench_settings.load().argos_package_index
    if base:
        return base + "index.json"
    from argostranslate import settings

    return str(settings.remote_package_index)


def _urlopen(url: str, timeout: float) -> Any:
    """One request, with argostranslate's User-Agent."""
    from argostranslate.networking import USER_AGENT

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    return urllib.request.urlopen(request, timeout=timeout)


def _open(url: str) -> Any:
    """:func:`_urlopen` with argostranslate's retries (see the module docstring)."""
    for delay in (*RETRY_DELAYS_SECONDS, None):
        try:
            return _urlopen(url, INDEX_TIMEOUT_SECONDS)
        except urllib.error.HTTPError as error:
            if delay is None or error.code in _FINAL_HTTP:
                raise
            log.info("retrying %s after HTTP %s", url, error.code)
        except (urllib.error.URLError, OSError, TimeoutError) as error:
            if delay is None:
                raise
            log.info("retrying %s after %s", url, getattr(error, "reason", None) or error)
        time.sleep(delay)
    raise AssertionError("unreachable")  # the last attempt returns or raises


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

    url = index_url()
    try:
        with _open(url) as response:
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
            with _open(url) as response, destination.open("wb") as sink:
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

    entries = update_index()
    candidates = [e for e in entries if e.from_code == from_code and e.to_code == to_code]
    if not candidates:
        raise PackageError(missing_pair_message(entries, from_code, to_code))
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


def _pairs_of(entries: Sequence[IndexEntry], lang: str) -> list[str]:
    pairs = {f"{e.from_code}→{e.to_code}" for e in entries if lang in (e.from_code, e.to_code)}
    return sorted(pairs)


def _has(entries: Sequence[IndexEntry], from_code: str, to_code: str) -> bool:
    return any(e.from_code == from_code and e.to_code == to_code for e in entries)


def missing_pair_message(entries: Sequence[IndexEntry], from_code: str, to_code: str) -> str:
    """One line for a pair the index lacks: what it has for both languages, the English pivot
    when the index has both legs, and the OPUS-MT conversion for the legs it lacks."""
    names = f"{language_name(from_code)}→{language_name(to_code)}"
    said = [f"the Argos package index ({len(entries)} packages) has no {names} package"]
    for lang in dict.fromkeys((from_code, to_code)):
        if lang == PIVOT:
            continue
        pairs = _pairs_of(entries, lang)
        listed = ", ".join(pairs[:6]) + (f" and {len(pairs) - 6} more" if len(pairs) > 6 else "")
        said.append(
            f"for {language_name(lang)} it has {listed}"
            if pairs
            else f"nothing for {language_name(lang)}"
        )
    legs = [(from_code, to_code)]
    if PIVOT not in (from_code, to_code):
        legs = [(from_code, PIVOT), (PIVOT, to_code)]
    steps = []
    for a, b in legs:
        if _has(entries, a, b):
            steps.append(f"`workbench models install --online {a} {b}`")
        else:
            steps.append(convert_hint(a, b))
    if len(legs) == 1:
        return "; ".join(said) + f": {steps[0]}"
    how = "pivot through English: " + " then ".join(steps)
    if not all(_has(entries, a, b) for a, b in legs):
        direct = f"--from {from_code} --to {to_code}"
        how += f"; or convert a direct OPUS-MT model ({direct})"
    return "; ".join(said) + f": {how}"
