"""Segments and their stable ids: the unit every later stage stores, translates and exports.

:func:`segment_id` hashes the normalized source (NFC, whitespace collapsed) with its occurrence
number among identical sources, so duplicates differ and unchanged sentences keep their id when
an edited article is imported again.
"""

from __future__ import annotations

import hashlib
import re
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


_TYPOGRAPHY = str.maketrans(
    {
        "\u2019": "'", "\u2018": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
        "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-",
        "\u2026": "...",
    }
)  # fmt: skip
_SPACE_BY_PUNCT = re.compile(r"\s+(?=[;:!?\"»])|(?<=[«\"])\s+")


def typographic_key(source: str) -> str:
    """``source`` with typography folded (curly/straight apostrophes and quotes, guillemets,
    dashes, the ellipsis, no-break and French punctuation spaces): two sources with the
    same key differ in typography only, and a re-import carries the work of one to the
    other (store ``import_article``)."""
    text = unicodedata.normalize("NFKC", source).translate(_TYPOGRAPHY)
    text = " ".join(text.split())
    return _SPACE_BY_PUNCT.sub("", text)


def segment_id(source: str, occurrence: int) -> str:
    """Stable id from the normalized source and its 0-based occurrence among identical sources.

    ``"s" + sha1(f"{norm}\\x1f{occurrence}".encode("utf-8")).hexdigest()[:12]`` where ``norm``
    is :func:`normalize_source` of ``source``.
    """
    norm = normalize_source(source)
    return "s" + hashlib.sha1(f"{norm}\x1f{occurrence}".encode()).hexdigest()[:12]
