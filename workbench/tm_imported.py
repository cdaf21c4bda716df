"""The imported translation memory: French → target pairs brought in from TMX files.

Kept in one place, the workspace file ``tm-imported.json`` beside ``workbench.db``, apart
from the workspace's own memory (the approved segments in the store), until the TM moves into
the database. :func:`memory_entries` is what the translate step and ``workbench tm`` search:
the store's approved segments first, then the imported pairs, so on equal scores the
workspace's own approval wins. Imported pairs become TM matches (an exact one is used as the
machine suggestion, origin ``tm``, status ``machine``), never approved targets.

Pairs are deduplicated on (language, normalized source, target); the file is written whole
(atomic rename) and read back with a size bound.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import InputError
from workbench.fsutil import atomic_write
from workbench.tm import TMEntry, normalize

if TYPE_CHECKING:
    from workbench.store import Store

FILE_NAME = "tm-imported.json"
FORMAT = 1
MAX_PAIRS = 1_000_000
MAX_BYTES = 512 * 2**20
#: TMMatch.slug of an imported pair (segment_id is "<file name>#<tuid>").
IMPORTED_SLUG = "@tmx"  # not a valid article slug: never taken for one


@dataclass(frozen=True, slots=True)
class ImportedPair:
    lang: str
    source: str
    target: str
    origin: str  # the TMX file's name
    tuid: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.lang, normalize(self.source), self.target)


def imported_path(workspace_folder: str | os.PathLike[str]) -> Path:
    return Path(workspace_folder) / FILE_NAME


def load(workspace_folder: str | os.PathLike[str]) -> list[ImportedPair]:
    """The imported pairs (none when nothing was imported); InputError when the file is
    damaged, naming it."""
    path = imported_path(workspace_folder)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path} is over {MAX_BYTES // 2**20} MiB: it is not ours")
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{path} is unreadable ({exc}): remove it and import the TMX files again"
        ) from None
    try:
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}")
        fields = ("lang", "source", "target", "origin", "tuid")
        return [ImportedPair(*(str(p[f]) for f in fields)) for p in data["pairs"]]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"{path} is not an imported-TM file ({exc}): remove it and import the TMX files again"
        ) from None


def save(workspace_folder: str | os.PathLike[str], pairs: Iterable[ImportedPair]) -> Path:
    path = imported_path(workspace_folder)
    rows = [
        {"lang": p.lang, "source": p.source, "target": p.target, "origin": p.origin, "tuid": p.tuid}
        for p in pairs
    ]
    body = {"format": FORMAT, "pairs": rows}
    atomic_write(path, json.dumps(body, ensure_ascii=False, indent=0).encode("utf-8"))
    return path


def merge(
    existing: list[ImportedPair], new: Iterable[ImportedPair]
) -> tuple[list[ImportedPair], int, int]:
    """(all pairs, added, duplicates): a pair whose key is already there is a duplicate."""
    seen = {p.key for p in existing}
    merged = list(existing)
    added = duplicates = 0
    for pair in new:
        if pair.key in seen:
            duplicates += 1
            continue
        seen.add(pair.key)
        merged.append(pair)
        added += 1
    if len(merged) > MAX_PAIRS:
        raise InputError(
            f"the imported memory would hold {len(merged):,} pairs, over the {MAX_PAIRS:,} "
            f"limit: remove {FILE_NAME} from the workspace or import fewer files"
        )
    return merged, added, duplicates


def entries(pairs: Iterable[ImportedPair], lang: str) -> list[TMEntry]:
    return [
        TMEntry(p.source, p.target, IMPORTED_SLUG, f"{p.origin}#{p.tuid}")
        for p in pairs
        if p.lang == lang
    ]


def memory_entries(store: Store, lang: str) -> list[TMEntry]:
    """The whole translation memory for ``lang``: approved segments, then imported pairs."""
    return [*store.tm_entries(lang), *entries(load(store.workspace), lang)]
