"""The articles of a batch: every ``.txt`` file of a folder, checked and imported, or every
article already in the workspace.

A file that cannot be an article (unreadable, binary, empty, over the size limit, not French,
only page chrome) is reported as :class:`~workbench.batch.model.Skipped` with the reader's
one-line reason, and the batch goes on. Slugs come from the path under the folder
(``2024-05/peskov.txt`` → ``2024-05-peskov``); a file whose slug already holds another article
(another path and other content) is skipped rather than overwriting that article's work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.batch.model import Skipped
from workbench.errors import InputError, NotFoundError
from workbench.store import slugify

if TYPE_CHECKING:
    from workbench.store import Store

SUFFIX = ".txt"
LANGUAGE_NAMES = {"en": "English", "vi": "Vietnamese", "other": "not in a Latin script"}


@dataclass(frozen=True, slots=True)
class Imported:
    slug: str
    changed: bool  # created or re-imported with new content (False: same file as before)


def find_files(folder: Path) -> list[Path]:
    """Every ``*.txt`` file under ``folder`` (sub-folders too, hidden ones skipped), sorted;
    InputError when there is none."""
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        raise InputError(f"{folder} {what}: give a folder of .txt articles, or --all")
    found = [
        path
        for path in folder.rglob(f"*{SUFFIX}")
        if not any(p.startswith(".") for p in path.relative_to(folder).parts) and not path.is_dir()
    ]
    if not found:
        raise InputError(f"no {SUFFIX} file in {folder}: put the articles there as UTF-8 text")
    return sorted(found)


def slugs_for(folder: Path, files: list[Path]) -> dict[Path, str]:
    """A distinct slug per file, from its path under ``folder`` (``2024-05/peskov.txt`` →
    ``2024-05-peskov``; ``karabakh/fr.txt`` → ``karabakh``, as ``workbench import`` names it);
    clashes get ``-2``, ``-3`` in path order (stable across re-runs of the same folder)."""
    from workbench.project import default_slug

    taken: set[str] = set()
    out: dict[Path, str] = {}
    for path in files:
        last = default_slug(path)  # the stem, or the folder's name for fr.txt, article.txt...
        parents = list(path.relative_to(folder).parts[:-1])
        if parents and slugify(parents[-1]) == last:
            parents.pop()
        base = slugify("-".join([*parents, last]))[:60].strip("-") or "article"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        out[path] = slug
    return out


def read_french(path: Path) -> str:
    """The article's text, or InputError when it cannot be read or is not French."""
    from workbench.lang.detect import detect_language
    from workbench.segment import read_article

    text = read_article(path)
    guess = detect_language(text)
    if guess not in ("fr", "unknown"):
        name = LANGUAGE_NAMES.get(guess, guess)
        raise InputError(f"{path} does not look French (detected: {name}); batch takes French")
    return text


def import_one(store: Store, path: Path, slug: str) -> Imported:
    """Check and import one file into ``store`` (the rules of ``workbench import``)."""
    from workbench.segment import segment_text, title_of

    text = read_french(path)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source_path = str(path.resolve())
    try:
        existing = store.article(slug)
    except NotFoundError:
        existing = None
    if existing is not None:
        if existing.source_sha256 == digest:
            return Imported(slug, changed=False)
        if existing.source_path != source_path:
            raise InputError(
                f"{path}: the slug {slug!r} already holds another article "
                f"({existing.source_path}): rename the file or move it to another folder"
            )
    segments = segment_text(text)
    if all(s.kind == "chrome" for s in segments):
        reasons = ", ".join(sorted({s.reason or "" for s in segments}))
        raise InputError(
            f"{path} holds no French article text: every line is page chrome ({reasons})"
        )
    store.import_article(
        slug, segments, title=title_of(segments), source_path=source_path, source_sha256=digest
    )
    return Imported(slug, changed=True)


def import_files(
    store: Store, folder: Path, files: list[Path]
) -> Iterator[tuple[Path, Imported | Skipped]]:
    """Import ``files`` (found under ``folder``); yields each file with what came of it."""
    for path, slug in slugs_for(folder, files).items():
        try:
            yield path, import_one(store, path, slug)
        except InputError as error:  # reported, and the batch goes on
            yield path, Skipped(str(path), str(error))
