"""import-po of stale copies: a PO file exported earlier, saved again by an editor later.

The copies are re-saved the way real editors save (Poedit 3, ``catalog_po.cpp``: it sets
PO-Revision-Date and X-Generator to now, keeps ``#.`` extracted comments and custom headers,
then reformats the file with ``msgcat --force-po --width=79``; polib/translate-toolkit
based tools rewrap at their own width; a hand edit on Windows leaves CRLF line ends; some
tools drop extracted comments). Whatever the editor did to dates and layout, an import must
never undo work done in the workspace after the export (issue 15 item 1), and entries the
translator left as exported are no conflict (issue 14 item 12).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from tests.support import edit_po, make_segments, msgfmt_check
from workbench.project import export_article, import_po
from workbench.store import MTWrite, Store, open_store

SLUG = "art"
#: (kind, source): the article the export tests use, quotes and backslashes included.
ARTICLE = (
    ("title", "La Russie retire ses forces du Haut-Karabakh"),
    ("content", 'Il a dit : « Nous partons », puis "au revoir".'),
    ("content", "Le chemin C:\\Windows\\temp est cité."),
    ("content", "Colonnes\tséparées par des tabulations."),
    ("content", "Le Kremlin a confirmé le retrait des forces de maintien de la paix."),
    ("content", "Le Kremlin a confirmé."),
    ("content", "Le Kremlin a confirmé."),
    ("chrome", "Lien source"),
)


def machine(store: Store, lang: str) -> None:
    """'MT <position>' for every segment, as if from model fr_<lang>@1.0."""
    store.store_mt(
        SLUG,
        lang,
        [MTWrite(s.id, f"MT {s.position}", f"fr_{lang}@1.0") for s in store.segments(SLUG)],
    )


LATER = "2999-01-01 09:30+0100"  # the editor's clock: any date after the workspace's work


def _bump_header(text: str, generator: str) -> str:
    text = re.sub(r'"PO-Revision-Date: [^"\\]*\\n"', f'"PO-Revision-Date: {LATER}\\\\n"', text)
    text = re.sub(r'"X-Generator: [^"\\]*\\n"', f'"X-Generator: {generator}\\\\n"', text)
    return re.sub(
        r'"Last-Translator: [^"\\]*\\n"', '"Last-Translator: Lan <lan@example.org>\\\\n"', text
    )


def poedit_save(path: Path) -> None:
    """Poedit 3: header dates and generator bumped, then ``msgcat --force-po --width=79``."""
    path.write_text(_bump_header(path.read_text(encoding="utf-8"), "Poedit 3.4.2"), "utf-8")
    tmp = path.with_suffix(".msgcat.po")
    subprocess.run(
        ["msgcat", "--force-po", "--width=79", "-o", str(tmp), str(path)],
        check=True,
        capture_output=True,
    )
    tmp.replace(path)


def polib_save(width: int) -> Callable[[Path], None]:
    """A polib/translate-toolkit based tool: the whole file rewrapped at ``width``."""

    def save(path: Path) -> None:
        po = polib.pofile(str(path), wrapwidth=width)
        po.metadata["PO-Revision-Date"] = LATER
        po.metadata["X-Generator"] = "Virtaal 0.7.1"
        po.wrapwidth = width
        po.save(str(path))

    return save


def hand_save_crlf(path: Path) -> None:
    """A text editor on Windows: the date typed by hand, CRLF line ends."""
    text = _bump_header(path.read_text(encoding="utf-8"), "workbench 0.1.0")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))


def drop_extracted_comments(path: Path) -> None:
    """A tool that keeps headers but drops ``#.`` comments (no bases left)."""
    poedit_save(path)
    kept = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#.")
    ]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def drop_comments_and_revision(path: Path) -> None:
    """Neither bases nor the export's revision instant: only the entries themselves."""
    drop_extracted_comments(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'"X-Workbench-Revision: [^"]*"\n', "", text), encoding="utf-8")


SAVERS = {
    "poedit-msgcat-79": poedit_save,
    "polib-wrap-40": polib_save(40),
    "polib-wrap-200": polib_save(200),
    "hand-crlf": hand_save_crlf,
    "no-extracted-comments": drop_extracted_comments,
    "no-comments-no-revision": drop_comments_and_revision,
}


@pytest.fixture()
def world(tmp_path: Path) -> tuple[Store, Path, Path, dict[int, str]]:
    """MT everywhere, exported with --include-machine; a stale copy kept aside."""
    store = open_store(tmp_path / "ws", create=True)
    store.import_article(
        SLUG, make_segments(*ARTICLE), title="T", source_path="a", source_sha256="x"
    )
    machine(store, "en")
    [result] = export_article(store, SLUG, ["en"], tmp_path / "out", include_machine=True)
    stale = tmp_path / "stale.po"
    shutil.copy(result.path, stale)
    ids = {s.position: s.id for s in store.segments(SLUG)}
    yield store, result.path, stale, ids
    store.close()


def state(store: Store, sid: str) -> tuple[str, str]:
    t = store.row(SLUG, sid, "en").translation
    return t.target, t.status


@pytest.mark.parametrize("save", SAVERS.values(), ids=SAVERS.keys())
def test_a_stale_copy_saved_later_never_undoes_newer_work(
    world: tuple[Store, Path, Path, dict[int, str]], save: Callable[[Path], None]
) -> None:
    """Issue 15 item 1: export with --include-machine, approve one segment through another
    import-po, then import the first export's copy saved later by an editor. Before the fix
    the approved segment went back to `machine` with the MT text, no conflict."""
    store, exported, stale, ids = world
    edit_po(exported, {ids[2]: ("He said: we are leaving.", False)})
    assert import_po(store, exported, SLUG, "en", reviewer="ann").approved == 1
    save(stale)
    msgfmt_check(stale)  # still a file gettext accepts
    before = store.row(SLUG, ids[2], "en").translation
    result = import_po(store, stale, SLUG, "en", reviewer="bob")
    assert result.conflicts == () and result.unknown == ()
    assert (result.approved, result.edited) == (0, 0)
    assert store.row(SLUG, ids[2], "en").translation == before
    assert state(store, ids[2]) == ("He said: we are leaving.", "approved")


@pytest.mark.parametrize("save", [poedit_save, polib_save(40)], ids=["poedit", "polib-40"])
def test_stale_copy_untouched_entries_are_no_conflict_changed_ones_merge(
    world: tuple[Store, Path, Path, dict[int, str]], save: Callable[[Path], None]
) -> None:
    """Issue 14 item 12: the workspace edited and approved segments 3-5 after the export; the
    translator, working on the stale copy, changed 2 and 5 only. Entries left exactly as
    exported (3, 4) are no conflict; 2 (unchanged in the workspace) is taken; 5 (changed on
    both sides) is the one conflict."""
    store, _, stale, ids = world
    store.save_target(SLUG, ids[3], "en", "Workspace 3.", expected_version=None, reviewer="ann")
    store.approve(SLUG, ids[4], "en", expected_version=None, target="Workspace 4.")
    store.save_target(SLUG, ids[5], "en", "Workspace 5.", expected_version=None, reviewer="ann")
    edit_po(stale, {ids[2]: ("Translator 2.", False), ids[5]: ("Translator 5.", False)})
    save(stale)
    result = import_po(store, stale, SLUG, "en", reviewer="bob")
    assert [(c.segment_id, c.file_text, c.store_text) for c in result.conflicts] == [
        (ids[5], "Translator 5.", "Workspace 5.")
    ]
    assert result.approved == 1
    assert state(store, ids[2]) == ("Translator 2.", "approved")
    assert state(store, ids[3]) == ("Workspace 3.", "edited")
    assert state(store, ids[4]) == ("Workspace 4.", "approved")
    assert state(store, ids[5]) == ("Workspace 5.", "edited")


def test_without_bases_a_fuzzy_entry_holding_the_mt_is_no_conflict(
    world: tuple[Store, Path, Path, dict[int, str]],
) -> None:
    """The same stale copy with its ``#.`` comments dropped (no bases): the export's revision
    instant decides, and fuzzy entries that still hold the workspace's MT bring nothing."""
    store, _, stale, ids = world
    store.save_target(SLUG, ids[3], "en", "Workspace 3.", expected_version=None)
    store.save_target(SLUG, ids[5], "en", "Workspace 5.", expected_version=None)
    edit_po(stale, {ids[5]: ("Translator 5.", False)})
    drop_extracted_comments(stale)
    result = import_po(store, stale, SLUG, "en")
    assert [c.segment_id for c in result.conflicts] == [ids[5]]
    assert state(store, ids[3]) == ("Workspace 3.", "edited")


def test_an_untouched_entry_approved_in_the_file_is_taken_when_the_workspace_did_not_move(
    world: tuple[Store, Path, Path, dict[int, str]],
) -> None:
    """Un-fuzzying an MT entry without changing its text is a change (an approval)."""
    store, _, stale, ids = world
    edit_po(stale, {ids[3]: (None, False)})
    poedit_save(stale)
    result = import_po(store, stale, SLUG, "en")
    assert (result.approved, result.conflicts) == (1, ())
    assert state(store, ids[3]) == ("MT 3", "approved")
