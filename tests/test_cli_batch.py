"""``workbench batch`` as a user runs it (a child process): the summary, the exit codes (0 all
done, 1 something skipped, 2 nothing could start), file names shown as text, usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.batch_articles import write_articles, write_bad_files
from tests.support import REPO_ROOT, assert_one_line_error, run, tree_digest
from workbench.mt.packages import InstalledPackage


@pytest.fixture(autouse=True)
def _installed(tiny_packages: dict[str, InstalledPackage]) -> None:
    """The tiny random fr→en and en→vi packages are what the CLI finds installed."""


def test_batch_folder_summary_and_exit_code_one_when_files_are_skipped(
    tmp_path: Path, engine: str
) -> None:
    folder = tmp_path / "wire"
    write_articles(folder, 3)
    bad = write_bad_files(folder)
    hostile = folder / "evil\x1b[31mred.txt"
    hostile.write_bytes(b"\x00\x01binary")
    proc = run("batch", str(folder), "--to", "en,vi", "--workspace", "ws", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("batch: 3 articles into en, vi (in-process) · ")
    assert "3 files imported, 0 unchanged" in lines[0]
    assert "random weights" in proc.stdout  # generated models are said to be gibberish
    assert "skipped 5 (exit code 1):" in lines
    for path in bad.values():
        assert any(line.startswith(f"  {path}: ") for line in lines)
    assert "\x1b" not in proc.stdout and "evil\\x1b[31mred.txt" in proc.stdout
    again = run("batch", str(folder), "--to", "en,vi", "--workspace", "ws", cwd=tmp_path)
    assert " 0 segments machine-translated" in again.stdout
    assert "0 files imported, 3 unchanged" in again.stdout


def test_batch_of_the_samples_then_all(tmp_path: Path, engine: str) -> None:
    proc = run("batch", str(REPO_ROOT / "samples"), "--workspace", "ws", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    status = run("status", "karabakh", "--workspace", "ws", cwd=tmp_path)
    assert status.returncode == 0
    everything = run("batch", "--all", "--to", "vi", "--workspace", "ws", cwd=tmp_path)
    assert everything.returncode == 0
    assert everything.stdout.startswith("batch: 1 article into vi (nothing to translate) · 0 ")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("batch",), "one of the arguments folder --all is required"),
        (("batch", "wire", "--all"), "not allowed with argument"),
        (("batch", "missing-folder"), "missing-folder does not exist"),
        (("batch", "--all"), "no workspace at"),
        (("batch", "wire", "--to", "xx!"), "invalid language list"),
        (("batch", "wire", "--workers", "0"), "0 is not between 1 and 4096"),
    ],
)
def test_batch_usage_and_input_errors_are_one_line(
    tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    write_articles(tmp_path / "wire", 1)
    proc = run(*args, "--workspace", "ws", cwd=tmp_path)
    assert_one_line_error(proc, needle)
    assert not (tmp_path / "ws").exists()


def test_batch_ray_without_ray_says_how_to_install_it(tmp_path: Path) -> None:
    write_articles(tmp_path / "wire", 1)
    code = (
        "import sys; sys.modules['ray'] = None\n"
        "from workbench.cli import main\n"
        "sys.exit(main(['batch', 'wire', '--ray', 'auto', '--workspace', 'ws']))\n"
    )
    before = tree_digest(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert_one_line_error(proc, "Ray is not installed: pip install 'workbench[ray]'")
    assert tree_digest(tmp_path) == before
