"""Segments and their stable ids: the unit every later stage stores, translates and exports.

:func:`segment_id` hashes the normalized source (NFC, whitespace collapsed) with its occurrence
number among identical sources, so duplicates differ and unchanged sentences keep their id when
an edited article is imported again.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

KINDS = ("content", "title", "chrome")
CHROME_REASONS = ("no-text", "date", "number", "boilerplate", "byline", "not-french")


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of an article, in order.

    ``id`` comes from :func:`segment_id`; ``position`` is the 1-based order in the article;
    ``paragraph`` the 1-based paragraph number; ``kind`` one of KINDS; ``reason`` one of
    CHROME_REASONS for chrome, else None; ``source`` the NFC text, stripped, with its inner
    whitespace as in the input (never a line break).
    """

    id: str
    position: int
    paragraph: int
    kind: str
    reason: str | None
    source: str


def normalize_source(source: str) -> str:
    """NFC, whitespace runs collapsed to one space, stripped: the text an id is made from."""
    return " ".join(unicodedata.normalize("NFC", source).split())


def segment_id(source: str, occurrence: int) -> str:
    """Stable id from the normalized source and its 0-based occurrence among identical sources.

    ``"s" + sha1(f"{norm}\\x1f{occurrence}".encode("utf-8")).hexdigest()[:12]`` where ``norm``
    is :func:`normalize_source` of ``source``.
    """
    norm = normalize_source(source)
    return "s" + hashlib.sha1(f"{norm}\x1f{occurrence}".encode()).hexdigest()[:12]
