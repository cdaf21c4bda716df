from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import REPO_ROOT, SEED_ARTICLE, assert_one_line_error, run, tree_digest

GOLDEN = REPO_ROOT / "tests" / "data" / "karabakh.segments.json"


def test_version(tmp_path: Path) -> None:
    from workbench import __version__

    proc = run("--version", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"workbench {__version__}"


def test_import_segments_status_on_the_seed(tmp_path: Path) -> None:
    proc = run("import", str(SEED_ARTICLE), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "imported 'karabakh'" in proc.stdout
    assert (tmp_path / ".workbench" / "workbench.db").exists()

    proc = run("segments", "karabakh", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == json.loads(GOLDEN.read_text(encoding="utf-8"))

    proc = run("status", "--json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    kinds = data["articles"][0]["kinds"]
    for kind in ("content", "title", "chrome"):
        assert kinds[kind] == sum(1 for s in golden if s["kind"] == kind)

    proc = run("status", cwd=tmp_path)
    assert proc.returncode == 0 and "karabakh" in proc.stdout

    # Re-importing the same file changes nothing.
    proc = run("import", str(SEED_ARTICLE), cwd=tmp_path)
    assert proc.returncode == 0 and "0 new" in proc.stdout and "0 removed" in proc.stdout


def test_workspace_option_and_env(tmp_path: Path) -> None:
    ws = tmp_path / "elsewhere"
    proc = run("import", str(SEED_ARTICLE), "--slug", "k1", "--workspace", str(ws), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (ws / "workbench.db").exists()
    assert not (tmp_path / ".workbench").exists()
    proc = run("status", "k1", cwd=tmp_path, env={"WORKBENCH_HOME": str(ws)})
    assert proc.returncode == 0 and "k1" in proc.stdout
    proc = run("--workspace", str(ws), "segments", "k1", cwd=tmp_path)
    assert proc.returncode == 0 and "Peskov" in proc.stdout


BAD_FILES: dict[str, tuple[bytes | None, str]] = {
    "missing.txt": (None, "missing.txt"),
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \n\t\n  \n", "whitespace"),
    "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "not a text"),
    "latin1.txt": ("Le porte-parole a confirmé la décision.\n".encode("latin-1"), "UTF-8"),
    "utf16.txt": ("Le porte-parole a confirmé.\n".encode("utf-16"), "UTF-16"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_article_is_one_line_and_writes_nothing(tmp_path: Path, name: str) -> None:
    content, needle = BAD_FILES[name]
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    # A workspace that already holds work must come out byte-identical.
    assert run("import", str(SEED_ARTICLE), cwd=tmp_path).returncode == 0
    ws = tmp_path / ".workbench"
    before = tree_digest(ws)
    proc = run("import", str(path), "--slug", "bad", cwd=tmp_path)
    assert_one_line_error(proc, needle)
    assert tree_digest(ws) == before


def test_bad_article_in_fresh_dir_creates_no_workspace(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = run("import", "empty.txt", cwd=tmp_path)
    assert_one_line_error(proc, "empty")
    assert not (tmp_path / ".workbench").exists()


def test_directory_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    assert_one_line_error(run("import", "folder", cwd=tmp_path), "folder")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("segments", "karabakh"), "no workspace"),
        (("status",), "no workspace"),
    ],
)
def test_read_commands_without_workspace(
    tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    assert_one_line_error(run(*args, cwd=tmp_path), needle)
    assert not (tmp_path / ".workbench").exists()


def test_unknown_slug_and_invalid_slug(tmp_path: Path) -> None:
    assert run("import", str(SEED_ARTICLE), cwd=tmp_path).returncode == 0
    assert_one_line_error(run("segments", "nope", cwd=tmp_path), "no article 'nope'")
    assert_one_line_error(run("status", "nope", cwd=tmp_path), "no article 'nope'")
    assert_one_line_error(
        run("import", str(SEED_ARTICLE), "--slug", "Bad Slug!", cwd=tmp_path), "invalid slug"
    )


def test_usage_error_is_one_line(tmp_path: Path) -> None:
    proc = run("segments", cwd=tmp_path)
    assert_one_line_error(proc, "required")
    proc = run("frobnicate", cwd=tmp_path)
    assert_one_line_error(proc, "invalid choice")
