"""The user's key file (workbench.tui.keyconfig): every bad file is one clear line before the
UI opens, and a remapped key runs its action in the app, the old one no longer does, and the
help screen, the palette and the footer show the new key."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import SEED_ARTICLE, SIZE, assert_one_line_error, hand_mt, screen_of, sync
from workbench.errors import InputError, KeymapError
from workbench.project import import_article
from workbench.settings import Settings
from workbench.store import open_store
from workbench.tui import keyconfig, keymap
from workbench.tui.app import ReviewApp
from workbench.tui.screens.help import HelpScreen

Cli = Callable[..., subprocess.CompletedProcess[str]]


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "keys.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_remaps_by_id(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\nnext-segment = "ctrl+j, alt+down"\napprove-next = "f10"\n')
    config = keyconfig.load(path, required=True)
    assert config.overrides == {"next-segment": "ctrl+j,alt+down", "approve-next": "f10"}
    table = {k.id: keys for k, keys in config.table()}
    assert table["next-segment"] == "ctrl+j,alt+down"
    assert table["previous-segment"] == "ctrl+p,alt+up"  # untouched ids keep their keys
    assert len(table) == len(keymap.KEYMAP)


def test_no_default_file_means_the_defaults(tmp_path: Path) -> None:
    config = keyconfig.load(tmp_path / "keys.toml", required=False)
    assert config.overrides == {} and config.source is None
    with pytest.raises(KeymapError, match="no such key file"):
        keyconfig.load(tmp_path / "keys.toml", required=True)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[keys]\nnext-segmnet = "ctrl+j"\n', "unknown binding id 'next-segmnet'"),
        ("[keys]\nnext-segment = 3\n", "next-segment must be a string"),
        ('[keys]\nnext-segment = ["ctrl+j"]\n', "next-segment must be a string"),
        ('[keys]\nnext-segment = ""\n', "next-segment has no key"),
        ('[keys]\nnext-segment = " , "\n', "'' is not a key name"),
        ('[keys]\nnext-segment = "crtl+j"\n', "'crtl+j' is not a key name"),
        ('[keys]\nnext-segment = "ctrl+jay"\n', "'ctrl+jay' is not a key name"),
        ('[keys]\nnext-segment = "ctrl+j alt+down"\n', "is not a key name"),
        ('[keys]\nnext-segment = "ctrl+\\u001b"\n', "is not a key name"),
        ('[keys]\nnext-segment = "ctrl+o"\n', "ctrl+o would do two things on the review"),
        ('[keys]\nsave = "f1"\n', "f1 would do two things on the review screen: save and help"),
        ('[keys]\nhelp-close = "?"\nhelp = "f1"\n', None),  # another screen: no clash
        ('[keys]\nconfirm-go-back = "ctrl+o"\n', "ctrl+o would do two things on the confirm"),
        ('[keys]\nsearch = "f9"\n', "f9 is the command palette's key"),
        ('[keys]\nnext-segment = "ctrl+j,?"\n', "next-segment: ? types a character"),
        ('[keys]\nsave = "shift+s"\n', "save: shift+s types a character"),
        ('[keys]\nconfirm-go-back = "n"\n', "n types a character; the confirm screen"),
        ('[keys]\nnext-segment = "space"\n', "space types a character"),
        ('[keys]\nnext-segment = "shift+down,ctrl+shift+x"\n', None),
        ('keys = "ctrl+j"\n', "'keys' must be a table"),
        ('[kyes]\nnext-segment = "ctrl+j"\n', "unknown table or key 'kyes'"),
        ("[keys\n", "not valid TOML"),
        (b"[keys]\nsave = '\xff'\n", "not UTF-8"),
        ("# " + "x" * (keyconfig.MAX_BYTES + 10) + "\n", "over 64 KiB"),
    ],
)
def test_a_bad_file_is_one_clear_line(
    tmp_path: Path, text: str | bytes, needle: str | None
) -> None:
    path = write(tmp_path, text)
    if needle is None:
        assert keyconfig.load(path, required=True).overrides
        return
    with pytest.raises(KeymapError) as caught:
        keyconfig.load(path, required=True)
    assert isinstance(caught.value, InputError)
    message = str(caught.value)
    assert needle in message and "\n" not in message and "\x1b" not in message
    assert message.startswith(str(path))


def test_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(KeymapError, match="cannot read the key file"):
        keyconfig.load(tmp_path, required=True)  # a folder


@pytest.mark.parametrize(
    "key", ["a", "A", "?", "question_mark", "ctrl+shift+up", "f24", "alt+full_stop", "é"]
)
def test_plausible_key_names(key: str) -> None:
    assert keyconfig.plausible(key)


@pytest.mark.parametrize("key", ["", "ctrl+", "f25", "ctrl++", "space bar", "Ctrl+J", "\t"])
def test_implausible_key_names(key: str) -> None:
    assert not keyconfig.plausible(key)


def test_where_the_file_is(tmp_path: Path) -> None:
    assert Settings.from_env({"WORKBENCH_KEYMAP": "/k.toml"}).keys_file() == (Path("/k.toml"), True)
    cfg = str(tmp_path)
    assert Settings.from_env({"XDG_CONFIG_HOME": cfg}).keys_file() == (
        tmp_path / "workbench" / "keys.toml",
        False,
    )
    home = Settings.from_env({}).keys_file()
    assert home == (Path.home() / ".config" / "workbench" / "keys.toml", False)


# -- the app ------------------------------------------------------------------------------


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        hand_mt(store, "en")
    return ws


@sync
async def test_a_remapped_key_runs_its_action(
    workspace: Path, make_app: Callable[..., ReviewApp], tmp_path: Path
) -> None:
    path = write(tmp_path, '[keys]\nnext-segment = "ctrl+j"\nhelp = "f10"\n')
    app = make_app(workspace)
    app.key_overrides = dict(keyconfig.load(path, required=True).overrides)
    async with app.run_test(size=SIZE) as pilot:
        s = screen_of(app).session
        first = s.current_id
        await pilot.press("ctrl+n")  # the old key does nothing now
        await pilot.pause()
        assert s.current_id == first
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert s.current_id == s.rows[1].segment.id
        footer = {k.description: k.key for k in app.screen.query("FooterKey")}  # type: ignore[attr-defined]
        assert footer["Next"] == "ctrl+j" and footer["Help"] == "f10"
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Next (ctrl+j)" in titles
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = {b.id: b.key for b in app.screen._bindings_shown}
        assert shown["next-segment"] == "ctrl+j" and shown["help"] == "f10"
        assert "ctrl+j" in app.export_screenshot()
        await pilot.press("escape")
        await pilot.press("ctrl+q")


# -- the command line ---------------------------------------------------------------------


def test_review_with_a_bad_key_file_never_opens(cli: Cli, tmp_path: Path, workspace: Path) -> None:
    path = write(tmp_path, '[keys]\nnext-segment = "ctrl+o"\n')
    proc = cli(
        "review",
        "--workspace",
        str(workspace),
        "x",
        cwd=tmp_path,
        env={"WORKBENCH_KEYMAP": str(path)},
    )
    assert_one_line_error(proc, "ctrl+o would do two things on the review screen")
    proc = cli("keys", cwd=tmp_path, env={"WORKBENCH_KEYMAP": str(path)})
    assert_one_line_error(proc, "ctrl+o would do two things")


def test_keys_lists_the_keymap_in_force(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\nnext-segment = "ctrl+j,alt+down"\n')
    proc = cli("keys", cwd=tmp_path, env={"WORKBENCH_KEYMAP": str(path)})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"# key file: {path} (read)"
    row = next(line for line in lines if line.startswith("next-segment "))
    assert row.split()[:2] == ["next-segment", "ctrl+j,alt+down"]
    assert len(lines) == 1 + len(keymap.KEYMAP)
    proc = cli("keys", cwd=tmp_path, env={"XDG_CONFIG_HOME": str(tmp_path / "none")})
    assert "(none there: the defaults)" in proc.stdout.splitlines()[0]
    assert any(
        line.split()[:2] == ["next-segment", "ctrl+n,alt+down"] for line in proc.stdout.splitlines()
    )


def test_the_checks_load_no_textual() -> None:
    code = (
        "import sys, workbench.tui.keyconfig as k; k.check({'keys': {'save': 'f10'}}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
