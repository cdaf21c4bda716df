"""Use case: check what a review would open (language, workspace, article) without opening it."""

from __future__ import annotations

import os

from workbench.lang.codes import check_lang
from workbench.store import open_store


def check_review(workspace: str | os.PathLike[str] | None, slug: str, lang: str) -> None:
    """The errors a review of ``slug`` in ``lang`` would meet first, in the order it meets
    them (an invalid language, no workspace, no such article); nothing is written."""
    check_lang(lang)
    with open_store(workspace) as store:
        store.article(slug)
