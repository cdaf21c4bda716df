"""The one settings object: environment variables read when asked, paths computed, not made."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench import settings
from workbench.store import database_path, workspace_dir


def test_workspace_is_the_option_then_the_environment_then_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKBENCH_HOME", raising=False)
    assert settings.load().workspace_dir() == tmp_path / ".workbench"
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))  # read when asked, not cached
    assert settings.load().workspace_dir() == tmp_path / "home"
    assert settings.load().workspace_dir(tmp_path / "explicit") == tmp_path / "explicit"
    # the store's helpers answer the same
    assert workspace_dir() == tmp_path / "home"
    assert database_path() == tmp_path / "home" / "workbench.db"
    assert sorted(tmp_path.iterdir()) == []  # nothing created


def test_workspace_files() -> None:
    paths = settings.load({}).workspace("/ws")
    assert (paths.database, paths.glossary, paths.ui_state) == (
        Path("/ws/workbench.db"),
        Path("/ws/glossary.csv"),
        Path("/ws/ui-state.json"),
    )


def test_reviewer_and_argos_folder_from_the_environment(tmp_path: Path) -> None:
    env = {"WORKBENCH_REVIEWER": "linh", "ARGOS_PACKAGES_DIR": str(tmp_path / "argos")}
    loaded = settings.load(env)
    assert loaded.reviewer() == "linh"
    assert loaded.argos_packages_dir == tmp_path / "argos"
    empty = settings.load({"WORKBENCH_REVIEWER": "", "ARGOS_PACKAGES_DIR": ""})
    assert empty.reviewer()  # the login name: never empty
    assert empty.argos_packages_dir is None and empty.home is None


def test_the_package_index_address_from_the_environment() -> None:
    assert settings.load({"ARGOS_PACKAGE_INDEX": "http://127.0.0.1:8/"}).argos_package_index == (
        "http://127.0.0.1:8/"
    )
    assert settings.load({"ARGOS_PACKAGE_INDEX": ""}).argos_package_index is None


def test_autosave_delay() -> None:
    assert settings.load({}).autosave_delay_s == 0.5
