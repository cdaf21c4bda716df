"""Shared fixtures.

argostranslate.settings reads ARGOS_PACKAGES_DIR and the XDG_* variables once, at
first import, and creates folders then; so they are pointed at a session temp dir
here, before any test module imports workbench.mt.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage

_SESSION_ROOT = Path(tempfile.mkdtemp(prefix="workbench-tests-"))
for _var, _sub in (
    ("ARGOS_PACKAGES_DIR", "argos/packages"),
    ("XDG_DATA_HOME", "xdg/data"),
    ("XDG_CONFIG_HOME", "xdg/config"),
    ("XDG_CACHE_HOME", "xdg/cache"),
    ("XDG_STATE_HOME", "xdg/state"),  # the review's recovery files
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


# --- machine translation packages (workbench.mt.builder / workbench.mt.install) ------------
# Built once per session. The tiny random fr→en and en→vi packages are installed into the
# session ARGOS_PACKAGES_DIR (through install_from_file, as users install), which then
# holds exactly these two: other test modules can translate through find_route("fr", "vi").
# The copy packages go to their own folder and are passed explicitly (find_route(packages=...)).


@pytest.fixture(scope="session")
def package_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Built (not installed) .argosmodel files: tiny_fr_en, tiny_en_vi, copy_fr_en, copy_en_vi."""
    from workbench.mt import builder

    out = tmp_path_factory.mktemp("argosmodels")
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    english = builder.ENGLISH_TEXT
    return {
        "tiny_fr_en": builder.build_random_package(
            out / "tiny_fr_en.argosmodel", "fr", "en", size="tiny", seed=1, texts=[seed, english]
        ),
        "tiny_en_vi": builder.build_random_package(
            out / "tiny_en_vi.argosmodel",
            "en",
            "vi",
            size="tiny",
            seed=2,
            texts=[english, builder.VIETNAMESE_TEXT, seed],
        ),
        "copy_fr_en": builder.build_copy_package(
            out / "copy_fr_en.argosmodel", "fr", "en", texts=[seed, english]
        ),
        "copy_en_vi": builder.build_copy_package(
            out / "copy_en_vi.argosmodel", "en", "vi", texts=[seed, english]
        ),
    }


@pytest.fixture(scope="session")
def tiny_packages(package_files: dict[str, Path]) -> dict[str, InstalledPackage]:
    """Tiny random {"fr_en", "en_vi"} installed in the session ARGOS_PACKAGES_DIR."""
    from workbench.mt.install import install_from_file

    return {
        "fr_en": install_from_file(package_files["tiny_fr_en"]),
        "en_vi": install_from_file(package_files["tiny_en_vi"]),
    }


@pytest.fixture(scope="session")
def copy_packages_dir(session_root: Path) -> Path:
    return session_root / "copy-packages"


@pytest.fixture(scope="session")
def copy_packages(
    package_files: dict[str, Path], copy_packages_dir: Path
) -> dict[str, InstalledPackage]:
    """Copy-model {"fr_en", "en_vi"} installed in copy_packages_dir (not the Argos folder)."""
    from workbench.mt.install import install_from_file

    return {
        "fr_en": install_from_file(package_files["copy_fr_en"], copy_packages_dir),
        "en_vi": install_from_file(package_files["copy_en_vi"], copy_packages_dir),
    }
