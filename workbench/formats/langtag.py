"""Language tags of interchange files (BCP 47: ``en-US``, ``pt-BR``) ↔ workbench codes."""

from __future__ import annotations

import re

_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def to_bcp47(lang: str) -> str:
    """``pt_BR`` → ``pt-BR`` (XLIFF and TMX write BCP 47)."""
    return lang.replace("_", "-")


def from_bcp47(tag: str | None) -> str | None:
    """``en-US`` → ``en``, ``FR`` → ``fr``, ``vi-VN`` → ``vi``; a region the workbench knows
    as a language of its own stays (``pt-BR`` → ``pt_BR``); None when not a language tag."""
    from workbench.lang.names import LANGUAGES

    text = (tag or "").strip()
    if not _TAG.fullmatch(text):
        return None
    parts = re.split(r"[-_]", text)
    base = parts[0].lower()
    if len(parts) > 1 and len(parts[1]) == 2:
        regional = f"{base}_{parts[1].upper()}"
        if regional in LANGUAGES:
            return regional
    return base


def same_language(tag: str | None, lang: str) -> bool:
    """Whether a file's tag fits the workbench language (``en-US`` fits ``en``)."""
    code = from_bcp47(tag)
    return code is not None and (code == lang or code.partition("_")[0] == lang)
