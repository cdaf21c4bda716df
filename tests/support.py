"""Helpers shared by test modules."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.mt.builder.layouts import SWAPS, swap_letters
from workbench.mt.packages import InstalledPackage

if TYPE_CHECKING:
    from workbench.store import Store


def lexical_expected(package: InstalledPackage, text: str) -> str:
    """Exactly what the lexical model must give: the source as its tokenizer normalizes it,
    letters swapped (characters the tokenizer does not know come back as they are, through
    ``replace_unknowns``)."""
    pairs = SWAPS[f"{package.from_code}_{package.to_code}"]
    if package.tokenizer == "bpe":
        from sacremoses.normalize import MosesPunctNormalizer
        from sacremoses.tokenize import MosesDetokenizer, MosesTokenizer

        normalized = MosesPunctNormalizer(package.from_code).normalize(text)
        tokens = MosesTokenizer(package.from_code).tokenize(normalized)
        detokenized = MosesDetokenizer(package.to_code).detokenize(tokens)
        return swap_letters(detokenized, pairs)
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(package.path / "sentencepiece.model")
    )
    pieces = processor.encode(text, out_type=str)  # unknown characters stay as their surface
    normalized = processor.decode_pieces(pieces).replace("\u2581", " ").strip()
    return swap_letters(normalized, pairs)


class SmallDisk:
    """A real filesystem that fills up: a 4 MB tmpfs mounted for the test (as root), else
    SQLite's own limit on the database size (PRAGMA max_page_count on the session's
    connection), which raises the same SQLITE_FULL."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.folder = folder
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
            capture_output=True,
        )
        self.mounted = mounted.returncode == 0
        self._filler = folder / "filler"
        self._store: Store | None = None

    def fill(self, store: Store) -> None:
        if not self.mounted:
            limit_pages(store, None)
            self._store = store
            return
        chunk = b"\0" * 65536
        with self._filler.open("ab", buffering=0) as fh:
            for size in (65536, 4096, 512, 1):
                with contextlib.suppress(OSError):
                    while True:
                        fh.write(chunk[:size])

    def free(self) -> None:
        if self._store is not None:
            limit_pages(self._store, 1073741823)
        self._filler.unlink(missing_ok=True)

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.folder)], capture_output=True)


def limit_pages(store: Store, pages: int | None) -> None:
    """SQLite's limit on the size of the database (in pages) for the store's connection:
    ``None`` is the size it has now, so that a write that needs a new page is refused."""
    conn = store.conn
    if pages is None:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
    conn.commit()  # SQLAlchemy began a transaction for the PRAGMA
