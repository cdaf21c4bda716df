"""Remembered UI state: where each reviewer left each article (segment and filter per
article and language), kept in the store (table ``ui_position``) so a reviewer finds it on
any machine of the team. Keyed by the reviewer: the login on PostgreSQL, the ``--reviewer``
name on SQLite. A position whose filter this workbench does not know opens on ``all``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench import settings
from workbench.review.navigator import FILTERS

if TYPE_CHECKING:
    from workbench.store import Store

#: The file positions were kept in before the store held them (moved in at the first open).
UI_STATE_FILE = settings.UI_STATE_FILE


def remember_position(
    store: Store, slug: str, lang: str, segment_id: str, filter_: str, reviewer: str | None
) -> None:
    """Store the reviewer's position for (slug, lang), in one transaction."""
    store.remember_position(slug, lang, segment_id, filter_, reviewer)


def last_position(
    store: Store, slug: str, lang: str, reviewer: str | None
) -> tuple[str | None, str]:
    """(segment id or None, filter) the reviewer left (slug, lang) at; ("all" by default)."""
    found = store.position(slug, lang, reviewer)
    if found is None:
        return None, "all"
    return found.segment_id, found.filter if found.filter in FILTERS else "all"
