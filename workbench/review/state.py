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


#: A state file bigger than this is not ours (it holds one short entry per article).
MAX_STATE_BYTES = 1 << 20


def read_ui_state(folder: Path) -> tuple[dict[str, Any], str | None]:
    """The remembered state, and what was wrong with the file when it could not be read
    (None when it was fine or missing). A damaged file only costs the remembered position:
    too big, not UTF-8, not JSON, nested too deep for the parser (RecursionError), or not
    an object."""
    path = _state_path(folder)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_STATE_BYTES + 1)
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"{path} cannot be read ({exc.strerror})"
    if len(raw) > MAX_STATE_BYTES:
        return {}, f"{path} is too big to be a review state file"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return {}, f"{path} is damaged (not readable JSON)"
    if not isinstance(data, dict):
        return {}, f"{path} is damaged (not a JSON object)"
    return data, None


def load_ui_state(folder: Path) -> dict[str, Any]:
    return read_ui_state(folder)[0]


def remember_position(folder: Path, slug: str, lang: str, segment_id: str, filter_: str) -> None:
    """Store the reviewer's position for (slug, lang), atomically (temp file + rename)."""
    state = load_ui_state(folder)
    state[f"{slug}:{lang}"] = {"segment": segment_id, "filter": filter_}
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write(_state_path(folder), data.encode("utf-8"))


def last_position(folder: Path, slug: str, lang: str) -> tuple[str | None, str]:
    """(segment id or None, filter) the reviewer left (slug, lang) at; ("all" by default)."""
    return position_in(load_ui_state(folder), slug, lang)


def position_in(state: dict[str, Any], slug: str, lang: str) -> tuple[str | None, str]:
    entry = state.get(f"{slug}:{lang}")
    if not isinstance(entry, dict):
        return None, "all"
    segment = entry.get("segment")
    filter_ = entry.get("filter")
    return (
        segment if isinstance(segment, str) else None,
        filter_ if isinstance(filter_, str) and filter_ in FILTERS else "all",
    )
