"""The wheel, as a user installs it: built from this checkout, installed outside the repository
the torch-free way the README documents, and ``workbench demo`` runs there.

``requirements.txt`` is ``uv export`` of ``uv.lock`` (argostranslate's stanza, spaCy and torch
are excluded there by markers that are never true); pip, outside uv, would resolve them again
(3.2 GB measured): the README's path is ``pip install --no-deps -r requirements.txt`` then the
wheel with ``--no-deps``. The test installs with ``uv pip`` (the same files, from uv's cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import REPO_ROOT

UV = shutil.which("uv")


def uv(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    assert UV, "uv is not on PATH (the README's test command is `uv run pytest`)"
    return subprocess.run(
        [UV, *args], cwd=cwd, capture_output=True, text=True, timeout=600, check=True
    )


def without_header(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("#    uv export")]


def test_requirements_txt_is_the_lock(tmp_path: Path) -> None:
    """The torch-free dependency list for wheel users is uv.lock, exported: never stale."""
    fresh = tmp_path / "requirements.txt"
    uv("export", "--frozen", "--no-dev", "--no-emit-project", "-o", str(fresh))
    committed = (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert without_header(committed) == without_header(fresh.read_text(encoding="utf-8"))
    for heavy in ("torch", "stanza", "spacy"):
        pins = [line for line in committed.splitlines() if line.startswith(f"{heavy}==")]
        assert pins and all("sys_platform == 'never'" in pin for pin in pins), heavy


def test_installed_wheel_runs_the_demo_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    uv("build", "--wheel", "--out-dir", str(dist))
    [wheel] = dist.glob("workbench-*.whl")
    venv = tmp_path / "venv"
    uv("venv", "--python", sys.executable, str(venv))
    python = venv / "bin" / "python"
    uv("pip", "install", "--python", str(python), "--no-deps", "-r", "requirements.txt")
    uv("pip", "install", "--python", str(python), "--no-deps", str(wheel))

    run = tmp_path / "elsewhere"
    run.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_HOME"}
    env |= {"ARGOS_PACKAGES_DIR": str(run / "argos")}
    env |= {
        name: str(run / "xdg") for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
    }
    where = subprocess.run(
        [str(python), "-c", "import workbench.project as p; print(p.sample_article())"],
        cwd=run, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    sample = Path(where.stdout.strip())
    assert sample.is_relative_to(venv), sample  # the installed package's copy, not the clone's
    assert sample.read_bytes() == (REPO_ROOT / "samples" / "karabakh" / "fr.txt").read_bytes()

    proc = subprocess.run(
        [str(venv / "bin" / "workbench"), "demo", "--no-review"],
        cwd=run, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "imported sample article 'karabakh': 28 new" in proc.stdout
    assert "vi: 15 segments machine-translated" in proc.stdout
    assert (run / ".workbench" / "workbench.db").exists()
