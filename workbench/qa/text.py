"""Text helpers shared by the checks: word patterns, NFC, folding for name matching, spans."""

from __future__ import annotations

import re
import unicodedata

#: Whitespace the checks strip or compare (no-break and thin spaces included).
WS = " \t\n\r\u00a0\u202f\u2009"
# Words with their inner - ' . , ("Nagorno-Karabakh", "2,000"); combining marks count as letters
# so that decomposed (NFD) Vietnamese is not cut inside its syllables.
WORD = re.compile(r"[\w\u0300-\u036f]+(?:[-'’.,][\w\u0300-\u036f]+)*")
SIMPLE_WORD = re.compile(r"\w+")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Accent-, case- and hyphen-insensitive form for name matching (Đ -> d too)."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(APOSTROPHES).casefold()
    return " ".join(re.split(r"[\s\-‐‑–]+", text)).strip()


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """True when ``span`` overlaps any of ``taken``."""
    return any(span[0] < end and start < span[1] for start, end in taken)
