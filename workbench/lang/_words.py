"""Small builders for the per-language word tables."""

from __future__ import annotations


def words(text: str) -> tuple[str, ...]:
    """``"le la les"`` -> ``("le", "la", "les")``, in order."""
    return tuple(text.split())


def wordset(text: str) -> frozenset[str]:
    """``"le la les"`` -> ``frozenset({"le", "la", "les"})``."""
    return frozenset(text.split())


def numbered(words: str, start: int = 1) -> dict[str, int]:
    """``"un deux trois"`` -> ``{"un": 1, "deux": 2, "trois": 3}``."""
    return {word: number for number, word in enumerate(words.split(), start)}
