"""Shared fixtures.

argostranslate.settings reads ARGOS_PACKAGES_DIR and the XDG_* variables once, at
first import, and creates folders then; so they are pointed at a session temp dir
here, before any test module imports workbench.models.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_SESSION_ROOT = Path(tempfile.mkdtemp(prefix="workbench-tests-"))
for _var, _sub in (
    ("ARGOS_PACKAGES_DIR", "argos/packages"),
    ("XDG_DATA_HOME", "xdg/data"),
    ("XDG_CONFIG_HOME", "xdg/config"),
    ("XDG_CACHE_HOME", "xdg/cache"),
):
    os.environ[_var] = str(_SESSION_ROOT / _sub)
os.environ.pop("WORKBENCH_HOME", None)

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO_ROOT / "samples" / "karabakh" / "fr.txt"


@pytest.fixture(scope="session")
def session_root() -> Path:
    return _SESSION_ROOT


@pytest.fixture()
def seed_article() -> Path:
    return SEED_ARTICLE
