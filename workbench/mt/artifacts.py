"""Tokenizer artifacts: the marks a decoder must never leave in text a person reads.

SentencePiece's word marker ``▁`` (U+2581), BPE's ``@@`` joiner, the special tokens ``<unk>``,
``<s>``, ``</s>``, ``<pad>``, and language tags — Marian/OPUS-MT's ``>>vie<<`` and NLLB-style
``__vie_Latn__`` / fairseq's ``__vi__``. :func:`find_artifacts` finds them in any text (the QA
check uses it on targets a reviewer typed or imported); :func:`scrub` removes them from a decoded
MT output (the last step of every decoder); :func:`is_special_token` tells a whole token apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_MARKER = "\u2581"
BPE_JOINER = "@@"
SPECIAL_TOKENS = frozenset({"<unk>", "<s>", "</s>", "<pad>"})

_TAG = r">>[a-z]{2,3}(?:_[A-Za-z]{4})?<<|__[a-z]{2,3}(?:_[A-Z][a-z]{3})?__"
_LANGUAGE_TAG = re.compile(_TAG)
_BYTE_PIECE = re.compile(r"<0x[0-9A-Fa-f]{2}>")
_FIND = re.compile(
    rf"(?P<tag>{_TAG})|(?P<special></?s>|<unk>|<pad>)|(?P<joiner>@@)|(?P<marker>\u2581+)"
)


@dataclass(frozen=True, slots=True)
class Artifact:
    """One artifact found in a text: its span and what kind it is."""

    start: int
    end: int
    kind: str  # "tag" | "special" | "joiner" | "marker"
    text: str


def is_language_tag(token: str) -> bool:
    return _LANGUAGE_TAG.fullmatch(token) is not None


def is_byte_piece(token: str) -> bool:
    """A SentencePiece byte-fallback piece such as ``<0xC3>``."""
    return _BYTE_PIECE.fullmatch(token) is not None


def is_special_token(token: str, extra: frozenset[str] = frozenset()) -> bool:
    """A whole token that is never text: a special token, a language tag, or one of ``extra``
    (a package's own target prefix / BOS token)."""
    return token in SPECIAL_TOKENS or token in extra or is_language_tag(token)


def find_artifacts(text: str) -> list[Artifact]:
    """Every artifact in ``text``, in order."""
    return [
        Artifact(match.start(), match.end(), match.lastgroup or "", match.group())
        for match in _FIND.finditer(text)
    ]


def scrub(text: str) -> str:
    """``text`` without artifacts: ``▁`` becomes a space, ``@@`` joins, tags and special tokens
    go; the spaces they leave are collapsed and the ends stripped. A no-op (but for stripping
    the ends) on text without artifacts."""
    found = find_artifacts(text)
    if not found:
        return text.strip()
    pieces: list[str] = []
    position = 0
    for artifact in found:
        pieces.append(text[position : artifact.start])
        position = artifact.end
        if artifact.kind == "joiner":  # "Kreml@@ in" -> "Kremlin"
            position += text.startswith(" ", position)
        else:
            pieces.append(" ")
    pieces.append(text[position:])
    return re.sub(r" {2,}", " ", "".join(pieces)).strip()
