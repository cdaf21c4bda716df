"""The review UI in a real terminal (tmux), as a person uses it: bursts of 60 characters with
Vietnamese diacritics followed at once by ctrl+q, ctrl+n or ctrl+l; slow typing cut by
kill -9; SIGTERM, the window closed (SIGHUP), an outside SIGTSTP; a conflict dialog that
opens while the reviewer types. After each, the store is read: exactly what the editor
showed must be there, with its edit event. And, typing nothing, articles whose data holds
Textual markup or terminal control sequences: shown as text, never acted on.

The workspace is prepared with the CLI (``workbench demo --no-review``: the sample article,
machine-translated by the generated demo packages). Skipped when tmux is missing, unless
WORKBENCH_REQUIRE_SERVICES=1 (.ci/run installs tmux and sets it): then it fails.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tmux import SIZE, Terminal, need_tmux, review_env, wait_gone, workbench_argv
from workbench.store import Row, Translation, open_store

SLUG = "karabakh"  # the demo's article
BURSTS = (
    "Cuộc di cư của người Armenia khỏi Karabakh diễn ra rất nhanh",
    "Hơn 100.000 người đã rời bỏ nhà cửa chỉ trong vòng một tuần!",
    "Lực lượng gìn giữ hòa bình Nga đã rút khỏi Karabakh năm 2024",
)


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace made by the CLI's demo (generated packages, real MT through them)."""
    need_tmux()
    root = tmp_path_factory.mktemp("tmux-demo")
    subprocess.run(
        workbench_argv("demo", "--no-review"),
        env=review_env(root),
        check=True,
        capture_output=True,
        timeout=300,
        cwd=root,
    )
    return root


@pytest.fixture()
def root(demo_root: Path, tmp_path: Path) -> Path:
    """A copy of the demo workspace for one test; the first two translatable segments' vi
    targets are emptied (by another reviewer, "prep"), so what is typed is all there is."""
    copy = tmp_path / "root"
    shutil.copytree(demo_root, copy, ignore=shutil.ignore_patterns("*.sock"))
    with open_store(copy / "ws") as store:
        for row in translatable(store.rows(SLUG, "vi"))[:2]:
            t = row.translation
            assert t is not None
            store.save_target(SLUG, row.segment.id, "vi", "", expected_version=t.version,
                               reviewer="prep")  # fmt: skip
    return copy


@pytest.fixture()
def terminals(root: Path) -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for term in opened:
        term.close()


def translatable(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.segment.translatable]


def open_review(
    root: Path, terminals: list[Terminal], lang: str = "vi", size: tuple[int, int] = SIZE
) -> Terminal:
    argv = workbench_argv("review", SLUG, "--lang", lang, "--workspace", str(root / "ws"))
    term = Terminal(root, argv, review_env(root), name=f"r{len(terminals)}", size=size)
    terminals.append(term)
    term.wait_ready()
    return term


def segment(root: Path, index: int, lang: str = "vi") -> Translation:
    """The translation of the ``index``-th translatable segment, as stored."""
    with open_store(root / "ws") as store:
        t = translatable(store.rows(SLUG, lang))[index].translation
    assert t is not None
    return t


def edits(root: Path, index: int, lang: str = "vi") -> list[str]:
    """The targets the edit events of a segment recorded, oldest first."""
    with open_store(root / "ws") as store:
        sid = translatable(store.rows(SLUG, lang))[index].segment.id
        events = store.events(SLUG, sid, lang)
    return [e.after["target"] for e in events if e.action == "edit" and e.after]


def test_a_burst_then_ctrl_q_keeps_every_character(root: Path, terminals: list[Terminal]) -> None:
    expected = ""
    for text in BURSTS:  # three times: reopen, type 60 characters and ctrl+q in one write
        term = open_review(root, terminals)
        term.type(text, "C-q")
        assert term.exit_code() == 0
        expected = text + expected  # typed where the cursor opens: at the start
        assert segment(root, 0).target == expected
        assert edits(root, 0)[-1] == expected
        term.close()


def test_an_80x24_terminal_shows_the_vietnamese_mt(root: Path, terminals: list[Terminal]) -> None:
    """Issue 14 item 9: in the smallest usual terminal the MT of a Vietnamese segment is
    there (its first line under a one-line heading), with its English pivot, the position,
    the target editor, the QA findings and the diff."""
    term = open_review(root, terminals, size=(80, 24))
    t = segment(root, 0)
    assert t.mt and t.pivot
    shown = term.wait_for("MT→target")  # the analysis has run
    lines = shown.splitlines()
    assert len(lines) == 24
    assert "Source (FR) · 1 of 28" in shown and "Target (VI)" in shown and "╭" in shown

    def first_line_under(heading: str) -> str:
        at = next(i for i, line in enumerate(lines) if line.startswith(f" {heading}"))
        return " ".join(lines[at + 1][:39].split())  # the left column

    mt, pivot = first_line_under("MT · "), first_line_under("English pivot")
    assert mt and " ".join(t.mt.split()).startswith(mt)
    assert pivot and " ".join(t.pivot.split()).startswith(pivot)
    assert any(mark in shown for mark in ("✖ ", "▲ ", "ℹ ", "QA: no findings"))
    term.keys("C-q")
    assert term.exit_code() == 0


def test_leaving_and_switching_language_keep_the_burst(
    root: Path, terminals: list[Terminal]
) -> None:
    english = segment(root, 1, "en").target
    term = open_review(root, terminals)
    # A burst with a typo fixed by backspaces (keys the editor binds, which travel up to
    # the app before they act), then ctrl+n at once: the next segment is page chrome.
    term.type(BURSTS[0] + "xyz", "BSpace", "BSpace", "BSpace", "C-n")
    term.wait_for("page chrome (byline)")
    term.keys("C-n")
    term.wait_for("Source (FR) · 3 of")
    term.type(BURSTS[1], "C-l")  # then switch to English at once
    term.wait_for("Target (EN)")
    term.keys("C-q")
    assert term.exit_code() == 0
    assert segment(root, 0).target == BURSTS[0]
    assert edits(root, 0)[-1] == BURSTS[0]
    assert segment(root, 1).target == BURSTS[1]
    assert edits(root, 1)[-1] == BURSTS[1]
    assert segment(root, 1, "en").target == english  # nothing typed landed in English


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_saves_and_restores_the_terminal(
    root: Path, terminals: list[Terminal], sig: signal.Signals
) -> None:
    term = open_review(root, terminals)
    term.type(BURSTS[0])
    term.wait_shown(BURSTS[0])
    term.signal(sig)  # before the autosave's pause is over
    assert term.exit_code() == 128 + sig
    assert segment(root, 0).target == BURSTS[0]
    assert edits(root, 0)[-1] == BURSTS[0]
    # The shell is back: the terminal left the alternate screen and mouse tracking is off.
    assert term.flag("alternate_on") == "0"
    for mouse in ("mouse_any_flag", "mouse_button_flag", "mouse_standard_flag"):
        assert term.flag(mouse) == "0", mouse
    assert f"EXITED={128 + sig}" in term.screen()


def test_closing_the_window_saves_the_text(root: Path, terminals: list[Terminal]) -> None:
    term = open_review(root, terminals)
    pid = term.pid()
    term.type(BURSTS[1])
    term.wait_shown(BURSTS[1])
    term.close_window()  # the pane's terminal hangs up: SIGHUP
    wait_gone(pid)
    assert segment(root, 0).target == BURSTS[1]
    assert edits(root, 0)[-1] == BURSTS[1]


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_an_outside_suspend_saves_first(root: Path, terminals: list[Terminal]) -> None:
    term = open_review(root, terminals)
    pid = term.pid()
    term.type(BURSTS[2])
    term.wait_shown(BURSTS[2])
    term.signal(signal.SIGTSTP)
    deadline = time.monotonic() + 20
    while _state(pid) != "T":
        assert time.monotonic() < deadline, "the review did not stop"
        time.sleep(0.05)
    assert segment(root, 0).target == BURSTS[2]  # saved before it stopped
    assert term.flag("alternate_on") == "0"  # the driver gave the terminal back
    term.signal(signal.SIGCONT)
    term.wait_ready()
    term.type("!", "C-q")
    assert term.exit_code() == 0
    assert segment(root, 0).target == BURSTS[2] + "!"  # the cursor stayed where it was


def test_slow_typing_is_saved_while_it_goes_on(root: Path, terminals: list[Terminal]) -> None:
    """One key every 0.2 s for 8 s never pauses long enough for the autosave's delay; then
    kill -9. What was typed more than a few seconds before the kill is in the store."""
    term = open_review(root, terminals)
    pid = term.pid()
    typed = (BURSTS[0] * 2)[:40]
    for char in typed:
        term.type(char)
        time.sleep(0.2)
    term.signal(signal.SIGKILL)
    wait_gone(pid)
    saved = segment(root, 0).target
    assert typed.startswith(saved)
    assert len(saved) >= len(typed) // 2  # saved every 2 s: ~6 of the 8 s at least


def test_typing_never_answers_the_conflict_dialog(root: Path, terminals: list[Terminal]) -> None:
    term = open_review(root, terminals)
    with open_store(root / "ws") as other:  # a colleague translates the segment meanwhile
        row = translatable(other.rows(SLUG, "vi"))[0]
        theirs = "Bản dịch của Bảo"
        t = row.translation
        assert t is not None
        other.save_target(SLUG, row.segment.id, "vi", theirs, expected_version=t.version,
                          reviewer="bao")  # fmt: skip
    term.type("Armenian ")
    term.wait_for("changed this segment")  # the autosave's conflict: a line, no dialog
    term.type("refugees")  # typing goes on in the editor
    term.wait_shown("Armenian refugees")
    term.keys("C-s")  # an explicit save asks
    term.wait_for("Keep mine (alt+m)")
    term.type("mtmtm")  # the reviewer types on for a moment: absorbed
    time.sleep(1.0)  # past the dialog's grace period, letters still decide nothing
    term.type("tmt")
    time.sleep(0.5)
    assert "Keep mine (alt+m)" in term.screen()
    assert segment(root, 0).target == theirs
    term.keys("Enter")  # the focused button is Cancel: the text stays in the editor
    term.wait_for("Not saved: your text stays")
    term.keys("C-q")  # quitting asks again
    term.wait_for("Keep mine (alt+m)")
    time.sleep(1.0)
    term.keys("M-m")
    assert term.exit_code() == 0
    assert segment(root, 0).target == "Armenian refugees"


def test_markup_in_an_article_is_shown_as_text(tmp_path: Path, terminals: list[Terminal]) -> None:
    """Issue 15.10 in a real terminal, typing nothing: an article whose title and sources hold
    Textual markup, in a workspace whose path holds ``[/2024]``, imported with the CLI. The
    review opens (no MarkupError), shows the tags as they are written, and quits cleanly."""
    need_tmux()
    hostile = tmp_path / "[" / "2024]"  # a path with "[/2024]" in it
    hostile.mkdir(parents=True)
    title = "[EN DIRECT] Karabakh : [@click=app.quit]cliquez ici[/] [/b]"
    source = "Le texte [b]gras[/b] de la dépêche [/2024] reste tel quel."
    article = hostile / "direct.txt"
    article.write_text(f"{title}\n\n{source}\n", encoding="utf-8")
    env = review_env(hostile)
    ws = str(hostile / "ws")
    subprocess.run(workbench_argv("import", str(article), "--slug", "direct", "--workspace", ws),
                   env=env, check=True, capture_output=True, timeout=120)  # fmt: skip
    argv = workbench_argv("review", "direct", "--lang", "vi", "--workspace", ws)
    term = Terminal(hostile, argv, env, name="markup")
    terminals.append(term)
    term.wait_ready()
    shown = term.wait_for("No machine translation")  # no model: the banner, then a still header
    assert title in shown.splitlines()[0]  # the header
    assert title[:50] in shown and source[:40] in shown  # the list's rows (cut to the column)
    term.keys("C-n")
    term.wait_for("Source (FR) · 2 of")
    assert source[:50] in term.screen()  # the editor's source
    term.keys("C-q")
    assert term.exit_code() == 0


def test_control_characters_in_an_article_never_reach_the_terminal(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    """Issue 15.9's review-UI case, typing nothing: ``ESC ]0;…`` (retitle the window) and
    ``ESC [2J`` (clear the screen) in the title and a source, and a right-to-left override
    (U+202E, which turns "fin" around in a bidi-aware terminal), imported with the CLI. The
    screen keeps its header and list, the window keeps its title, no override reaches the
    terminal, ctrl+q exits 0."""
    need_tmux()
    title = "Titre \x1b]0;pwned\x07 et \x1b[2J \u202efin"
    source = "Une phrase \x1b]2;pwned\x07 avec \x9b2J un C1 \u2066isolé\u2069."
    article = tmp_path / "esc.txt"
    article.write_text(f"{title}\n\n{source}\n", encoding="utf-8")
    env = review_env(tmp_path)
    ws = str(tmp_path / "ws")
    subprocess.run(workbench_argv("import", str(article), "--slug", "esc", "--workspace", ws),
                   env=env, check=True, capture_output=True, timeout=120)  # fmt: skip
    term = Terminal(tmp_path, workbench_argv("review", "esc", "--lang", "vi", "--workspace", ws),
                    env, name="controls")  # fmt: skip
    terminals.append(term)
    before = term.flag("pane_title")
    term.wait_ready()
    shown = term.wait_for("No machine translation")
    lines = shown.splitlines()
    assert lines[0].startswith(" Titre ]0;pwned et [2J fin ")  # the header, the ESCs dropped
    assert "FR → VI · anna" in lines[0]
    assert "Titre ]0;pwned et [2J fin" in shown.split("Source (FR)", 1)[1]  # the list row
    assert "Une phrase ]2;pwned avec 2J un C1 isolé." in shown
    assert not any(c in shown for c in "\u202e\u2066\u2069"), "a bidi control was drawn"
    assert term.flag("pane_title") == before != "pwned"
    term.keys("C-q")
    assert term.exit_code() == 0


def test_a_remapped_key_reaches_the_app_in_tmux(root: Path, terminals: list[Terminal]) -> None:
    """keys.toml through the real CLI in a real terminal: the remapped key copies the source
    (alt+s, the default beside ctrl+b, which is tmux's prefix, no longer does)."""
    keys = root / "keys.toml"
    keys.write_text('[keys]\ncopy-source = "alt+k"\n', encoding="utf-8")
    argv = workbench_argv("review", SLUG, "--lang", "vi", "--workspace", str(root / "ws"))
    env = {**review_env(root), "WORKBENCH_KEYMAP": str(keys)}
    term = Terminal(root, argv, env, name="keys")
    terminals.append(term)
    term.wait_ready()
    with open_store(root / "ws") as store:
        source = translatable(store.rows(SLUG, "vi"))[0].segment.source
    term.keys("M-s")
    term.keys("C-q")
    assert term.exit_code() == 0
    assert edits(root, 0) == [""]  # alt+s copies nothing now (the "" is prep's emptying)
    term = Terminal(root, argv, env, name="keys2")
    terminals.append(term)
    term.wait_ready()
    term.keys("M-k")
    term.keys("C-q")
    assert term.exit_code() == 0
    assert segment(root, 0).target == source
    assert edits(root, 0) == ["", source]


def test_home_and_end_go_to_the_ends_of_a_wrapped_line(
    root: Path, terminals: list[Terminal]
) -> None:
    """A target wrapped over several rows, the cursor at its start (as a segment opens):
    End goes to the end of the line, Home back to its start. tmux 3.3 sends End as
    ``ESC [ 4 ~`` and Home as ``ESC [ 1 ~`` whatever the TERM inside it, and Textual reads
    both; the reported "End does not reach the line end" was Textual's TextArea going to
    the end of the wrapped row (one character before the wrap), not of the line."""
    text = " ".join(BURSTS)  # three rows and more in the target at 120 columns
    term = open_review(root, terminals)
    term.type(text, "C-n")
    term.wait_for("page chrome (byline)")
    term.keys("C-p")  # back: the segment opens with the cursor at its start
    term.wait_shown(text)
    term.keys("End")
    term.type("»", "Home")
    term.type("«", "C-q")
    assert term.exit_code() == 0
    assert segment(root, 0).target == f"«{text}»"


def test_go_to_a_segment_typed_in_one_burst(root: Path, terminals: list[Terminal]) -> None:
    """ctrl+g, the number and enter in one write: the digits go to the go-to field, not
    into the target, and the editor shows segment 12."""
    term = open_review(root, terminals)
    term.keys("C-g", "1", "2", "Enter")
    term.wait_for("Source (FR) · 12 of")
    # The filter picker: "todo", alt+v ↓ enter in one write too (Textual's own parser read
    # ESC v followed at once by an arrow as the text "^v": workbench.tui.altkeys).
    term.keys("M-v", "Down", "Enter")
    term.wait_for("Filter: todo")
    term.keys("C-q")
    assert term.exit_code() == 0
    assert segment(root, 0).target == ""  # nothing typed into the first segment
    assert edits(root, 0) == [""]  # (prep's emptying)


def test_a_colleagues_change_appears_in_the_open_review(
    root: Path, terminals: list[Terminal]
) -> None:
    """Another reviewer saves, from another process, the segment open in the editor and the
    next one: without a key pressed, the editor shows the first and the list the second (the
    store's change feed). Quitting then writes nothing over them."""
    term = open_review(root, terminals)
    theirs = ("Bản dịch của Bảo từ một tiến trình khác", "Câu thứ hai do Bảo dịch")
    with open_store(root / "ws") as other:
        for row, text in zip(translatable(other.rows(SLUG, "vi")), theirs, strict=False):
            t = row.translation
            assert t is not None
            other.save_target(SLUG, row.segment.id, "vi", text, expected_version=t.version,
                              reviewer="bao")  # fmt: skip
    saved = time.monotonic()
    term.wait_shown(theirs[0])
    print(f"shown in the open editor {time.monotonic() - saved:.3f} s after the save")
    term.wait_for(theirs[1])  # the list's row of the segment not open
    term.keys("C-q")
    assert term.exit_code() == 0
    for index, text in enumerate(theirs):
        assert segment(root, index).target == text
        assert edits(root, index)[-1] == text


def test_copy_source_then_save_as_separate_keys(root: Path, terminals: list[Terminal]) -> None:
    """A report from the last round: alt+s then ctrl+s, each its own tmux send-keys (two
    writes, as a person presses them), stored the text "^s" as the target. The target must
    be the source, saved, and nothing of the keys' names typed."""
    with open_store(root / "ws") as store:
        source = translatable(store.rows(SLUG, "vi"))[0].segment.source
    term = open_review(root, terminals)
    term.keys("M-s")
    term.wait_shown(source)
    term.keys("C-s")
    term.wait_for("Saved")
    assert segment(root, 0).target == source
    term.keys("C-q")
    assert term.exit_code() == 0
    assert segment(root, 0).target == source
    assert edits(root, 0)[-1] == source


def test_an_alt_key_followed_at_once_by_an_arrow_types_nothing(
    root: Path, terminals: list[Terminal]
) -> None:
    """alt+x (clear the target) and ← in one write, as a fast hand or a terminal's key
    repeat sends them: Textual's parser read them as the keys "^", "x" and ←, which typed
    "^x" into the target and cleared nothing."""
    term = open_review(root, terminals)
    term.type("Bonjour")
    term.wait_shown("Bonjour")
    term.keys("M-x", "Left")
    term.type("Salut", "C-q")
    assert term.exit_code() == 0
    assert segment(root, 0).target == "Salut"
    assert all("^" not in text for text in edits(root, 0))
