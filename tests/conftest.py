"""Shared fixtures.

argostranslate.settings reads ARGOS_PACKAGES_DIR and the XDG_* variables once, at
first import, and creates folders then; so they are pointed at a session temp dir
here, before any test module imports workbench.mt.
"""

from __future__ import annotations

import faulthandler
import functools
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import engines

# REPO_ROOT and SEED_ARTICLE live in tests.support; still importable from here for test modules
# written before the move (new code imports tests.support)
from tests.support import REPO_ROOT, SEED_ARTICLE, Opened, run_in_process

__all__ = ["REPO_ROOT", "SEED_ARTICLE"]

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage
    from workbench.tui.app import ReviewApp

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
os.environ.pop("WORKBENCH_DB", None)  # each test picks its engine (the `engine` fixture)
# the developer's own settings never reach the tests (keys.toml, spelling dictionaries, name)
for _var in ("WORKBENCH_KEYMAP", "WORKBENCH_SPELLING", "WORKBENCH_REVIEWER"):
    os.environ.pop(_var, None)
# tests.support and tests.engines, imported above, must not have loaded argostranslate: it
# would have read its settings before the lines above (test_startup keeps workbench.mt light)
assert "argostranslate" not in sys.modules, "argostranslate imported before conftest set it up"


# --- the hang watchdog ------------------------------------------------------------------------
# pytest-timeout's "signal" method (pyproject) fails a test that overruns, but only when the
# main thread gets back to Python to run the SIGALRM handler: a thread stuck inside C code
# (CTranslate2, SQLite, a C extension's wait) never does. faulthandler's watchdog is a C thread
# that needs no GIL: it prints every thread's stack and ends the process WATCHDOG_GRACE_S after
# the test's own timeout. Under pytest-xdist the controller reports the worker as crashed and
# starts another; without xdist the run ends there, not 90 minutes later.

WATCHDOG_GRACE_S = 60
_watchdog_fd: list[int] = []


def pytest_configure(config: pytest.Config) -> None:
    # a duplicate of the real stderr, taken while output capture is suspended: a test's
    # captured stderr is a temporary file that dies with the process
    try:
        _watchdog_fd.append(os.dup(sys.stderr.fileno()))
    except (AttributeError, OSError, ValueError):  # stderr without a file descriptor
        _watchdog_fd.append(os.dup(2))


def pytest_unconfigure(config: pytest.Config) -> None:
    while _watchdog_fd:
        os.close(_watchdog_fd.pop())


def pytest_timeout_set_timer(item: pytest.Item, settings: object) -> None:
    """Called by pytest-timeout as it arms a test's timer (returning None lets it go on)."""
    timeout = getattr(settings, "timeout", None)
    if timeout and _watchdog_fd:
        faulthandler.dump_traceback_later(
            timeout + WATCHDOG_GRACE_S, exit=True, file=_watchdog_fd[0]
        )


def pytest_timeout_cancel_timer(item: pytest.Item) -> None:
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def session_root() -> Path:
    return _SESSION_ROOT


@pytest.fixture()
def seed_article() -> Path:
    return SEED_ARTICLE


@pytest.fixture()
def cli(capfd: pytest.CaptureFixture[str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``cli(*args, cwd=..., env=...)``: ``workbench ARGS`` run in this process through
    ``workbench.cli.main`` (tests.support.run_in_process), a CompletedProcess as ``run`` gives.
    Hundreds of cases cost no interpreter start each; a few subprocess tests keep proving the
    real entry point (tests/test_hostile.py ``test_real_entry_point_*``)."""
    return functools.partial(run_in_process, capfd)


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


# --- store engines (tests/engines.py) ---------------------------------------------------------
# `engine` runs a test on SQLite and on PostgreSQL: for the latter it points WORKBENCH_DB (which
# open_store and every `workbench` child process read) at a fresh database of the session's
# throwaway cluster, dropped after the test.

_PG_MISSING: list[str] = []


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[engines.Cluster]:
    cluster, why = engines.start_cluster()
    if cluster is None:
        if os.environ.get(engines.REQUIRE_ENV) == "1":
            pytest.fail(f"{engines.REQUIRE_ENV}=1 but no PostgreSQL for the tests: {why}")
        if not _PG_MISSING:
            _PG_MISSING.append(why)
            warnings.warn(f"PostgreSQL tests skipped: {why}", pytest.PytestWarning, stacklevel=1)
        pytest.skip(f"no PostgreSQL here ({why})")
    yield cluster
    cluster.stop()  # a server of our own: stopped and removed; else our databases dropped


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The store engine of this run of the test: ``sqlite`` or ``postgresql``."""
    if request.param == "sqlite":
        monkeypatch.delenv("WORKBENCH_DB", raising=False)
        yield "sqlite"
        return
    cluster: engines.Cluster = request.getfixturevalue("postgres_cluster")
    monkeypatch.setenv("WORKBENCH_DB", cluster.create_database())
    yield "postgresql"  # the databases go with the cluster at the session's end


@pytest.fixture()
def make_app(tmp_path: Path) -> Iterator[Callable[..., ReviewApp]]:
    """Open review apps on workspaces (``make_app(ws, "vi")``); their stores close at the end."""
    opened = Opened(tmp_path / "locales")
    yield opened
    for store in opened.stores:
        store.close()
