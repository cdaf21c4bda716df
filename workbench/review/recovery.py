"""Recovery files: a reviewer's text that could not be saved where it belongs (a full disk,
a read-only or locked database, a segment removed or re-marked as page chrome under the
editor, a conflict still open when the UI was closed).

One small JSON file per segment and language, written atomically (temporary file, fsync,
rename; mode 0600) to the first of these places that takes it:

1. ``$XDG_STATE_HOME/workbench/drafts/<key>/`` (``~/.local/state`` by default), usually
   another disk than a workspace kept on a project share or a USB stick;
2. the workspace's own ``drafts/<key>/`` folder;
3. ``<temporary folder>/workbench-drafts-<uid>/<key>/`` (survives the process, not always
   a reboot).

The key names the database (:class:`Shelf`): drafts are only ever offered back to the
database they were typed for (SQLite file, or PostgreSQL server and database).

A file written to one place removes the copies of the same draft in the others, so there is
one version of it. The review offers the files of its article and language back when it
opens (:meth:`~workbench.review.session.ReviewSession.recover`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.fsutil import fsync_dir
from workbench.settings import DRAFTS_DIR as DRAFTS

if TYPE_CHECKING:
    from workbench.store import Store

#: A recovery file bigger than this is not ours (a segment is at most a few KB of text).
MAX_FILE_BYTES = 1 << 20
_NAME_PART = re.compile(r"[A-Za-z0-9_-]{1,80}")


@dataclass(frozen=True, slots=True)
class Kept:
    """One kept draft: what the reviewer typed, and what it was typed on."""

    database: str  # the database it belongs to (Shelf.database)
    slug: str
    lang: str
    segment_id: str
    source: str  # the French source, shown when the segment is gone
    target: str | None  # the target being typed (None: only the pivot was edited)
    pivot: str | None  # the English pivot being typed
    base_version: int  # the translation version the text was typed on
    base_target: str  # the stored text it was typed over
    reason: str  # why it is kept: "not saved", "segment gone", "conflict", "closed"
    reviewer: str | None
    saved_at: str  # ISO 8601, UTC

    @property
    def name(self) -> str:
        return file_name(self.slug, self.lang, self.segment_id)


def file_name(slug: str, lang: str, segment_id: str) -> str:
    parts = [p if _NAME_PART.fullmatch(p) else _digest(p) for p in (slug, lang, segment_id)]
    return ".".join(parts) + ".json"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Shelf:
    """Where one reviewer's kept drafts of one database are: ``database`` names it (the
    SQLite file's full path, or the server URL without its password), ``workspace`` is the
    folder its review works from (the second place tried), ``reviewer`` whose drafts they
    are (reviewers sharing a workspace, in browsers or on a team database, never get each
    other's drafts offered back)."""

    workspace: Path
    database: str
    reviewer: str = ""

    @classmethod
    def of(cls, store: Store, reviewer: str | None = None) -> Shelf:
        path = store.path
        database = str(path.resolve()) if path is not None else store.location
        return cls(store.workspace.resolve(), database, reviewer or "")

    def key(self) -> str:
        """The folder name outside the workspace: readable, and unique per database and
        reviewer."""
        readable = re.sub(r"[^A-Za-z0-9_-]", "_", self.workspace.name)[:40] or "workspace"
        owner = chr(0).join((str(self.workspace), self.database, self.reviewer))
        return f"{readable}-{_digest(owner)}"

    def places(self) -> list[Path]:
        """Where drafts may be kept, in the order they are tried."""
        state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        uid = os.getuid() if hasattr(os, "getuid") else 0
        key = self.key()
        return [
            Path(state) / "workbench" / DRAFTS / key,
            self.workspace / DRAFTS / key,
            Path(tempfile.gettempdir()) / f"workbench-drafts-{uid}" / key,
        ]

    def keep(self, entry: Kept) -> Path | None:
        """Write ``entry`` to the first place that takes it; None when none could (every
        disk full or read-only). The copies of the same draft elsewhere are removed."""
        data = json.dumps(asdict(entry), ensure_ascii=False, indent=1).encode("utf-8")
        written: Path | None = None
        for folder in self.places():
            if written is None:
                try:
                    written = _write(folder / entry.name, data)
                    continue
                except OSError:
                    continue
            with contextlib.suppress(FileNotFoundError):
                (folder / entry.name).unlink()
        return written

    def forget(self, slug: str, lang: str, segment_id: str) -> None:
        """Remove the kept draft of a segment from every place (it was saved, or dropped by
        the reviewer). A file that cannot be removed stays; it is harmless: offered back, it
        equals the stored text and is removed then."""
        name = file_name(slug, lang, segment_id)
        for folder in self.places():
            with contextlib.suppress(FileNotFoundError, PermissionError):
                (folder / name).unlink()

    def kept(self, slug: str, lang: str) -> list[tuple[Kept, Path]]:
        """The drafts kept for ``slug`` in ``lang``, oldest first, one per segment (the
        newest copy when several places hold one). Files that are not readable drafts of
        this database are skipped."""
        parts = (p if _NAME_PART.fullmatch(p) else _digest(p) for p in (slug, lang))
        prefix = ".".join(parts) + "."
        found: dict[str, tuple[Kept, Path]] = {}
        for folder in self.places():
            try:
                paths = sorted(folder.glob(f"{glob_escape(prefix)}*.json"))
            except OSError:
                continue
            for path in paths:
                entry = read(path)
                if entry is None or (entry.database, entry.slug, entry.lang) != (
                    self.database,
                    slug,
                    lang,
                ):
                    continue
                other = found.get(entry.segment_id)
                if other is None or other[0].saved_at < entry.saved_at:
                    found[entry.segment_id] = (entry, path)
        return sorted(found.values(), key=lambda pair: pair[0].saved_at)


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    return path


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def read(path: Path) -> Kept | None:
    """A recovery file, or None when it is not one (too big, not JSON, wrong fields)."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return None
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    try:
        entry = Kept(**data)
    except TypeError:
        return None
    texts = (entry.database, entry.slug, entry.lang, entry.segment_id, entry.source,
             entry.base_target, entry.reason, entry.saved_at)  # fmt: skip
    optional = (entry.target, entry.pivot, entry.reviewer)
    if not all(isinstance(t, str) for t in texts) or not isinstance(entry.base_version, int):
        return None
    if not all(t is None or isinstance(t, str) for t in optional):
        return None
    return entry
