"""Remembered UI state: where each reviewer left each article, in ``ui-state.json`` of the
workspace (segment and filter per article and language), written atomically. A missing or
damaged file only costs the remembered position."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbench import settings
from workbench.fsutil import atomic_write
from workbench.review.navigator import FILTERS

UI_STATE_FILE = settings.UI_STATE_FILE


def _state_path(folder: Path) -> Path:
    return folder / UI_STATE_FILE


def load_ui_state(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads(_state_path(folder).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # a damaged state file only costs the remembered position
    return data if isinstance(data, dict) else {}


def remember_position(folder: Path, slug: str, lang: str, segment_id: str, filter_: str) -> None:
    """Store the reviewer's position for (slug, lang), atomically (temp file + rename)."""
    state = load_ui_state(folder)
    state[f"{slug}:{lang}"] = {"segment": segment_id, "filter": filter_}
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write(_state_path(folder), data.encode("utf-8"))


def last_position(folder: Path, slug: str, lang: str) -> tuple[str | None, str]:
    """(segment id or None, filter) the reviewer left (slug, lang) at; ("all" by default)."""
    entry = load_ui_state(folder).get(f"{slug}:{lang}")
    if not isinstance(entry, dict):
        return None, "all"
    segment = entry.get("segment")
    filter_ = entry.get("filter")
    return (
        segment if isinstance(segment, str) else None,
        filter_ if filter_ in FILTERS else "all",
    )
