"""One export path for every face, and what it must never do (issue 14 items 4, 5 and 10).

* the review UI's alt+e job goes through the same QA gate as ``workbench export``;
* "approve despite QA errors" is a dismissal kept in the store per finding (who, when, for
  which text), Weblate-style, and the gate honours it, in the UI and in the CLI alike;
* the gate decides per language, names ``--lang`` and exits 1;
* an export never silently drops approved translations a PO file in the way holds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from tests.support import REPO_ROOT, run, seeded_with_mt
from workbench.errors import InputError
from workbench.formats.po import po_path
from workbench.project import QAGateError, export_article, export_checked
from workbench.review import jobs
from workbench.review.session import ReviewSession
from workbench.store import Store, open_store

SLUG = "karabakh"
#: A Vietnamese target of the Peskov sentence with nothing for QA to call an error.
PESKOV_VI = (
    "Ngày 17 tháng 4, người phát ngôn Điện Kremlin Dmitri Peskov xác nhận rằng Nga đã bắt "
    "đầu rút lực lượng gìn giữ hòa bình khỏi vùng Haut-Karabakh ở Azerbaïdjan, theo RT."
)


@pytest.fixture()
def seeded(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The seed article; en MT of two segments, the 'bad' one dropping a number (200 for
    2 000: a numbers error); both approved."""
    ids = seeded_with_mt(tmp_path)
    with open_store(tmp_path / ".workbench") as store:
        for key in ("good", "bad"):
            store.approve(SLUG, ids[key], "en", expected_version=1, reviewer="ann")
    return tmp_path / ".workbench", ids


def po_file(out: Path, lang: str) -> Path:
    return po_path(out, lang, SLUG)


def test_the_review_ui_export_goes_through_the_qa_gate(
    seeded: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Before: alt+e's job called export_article and wrote the approved numbers error."""
    ws, ids = seeded
    with pytest.raises(QAGateError) as refused:
        jobs.export_now(ws, SLUG, ["en"], tmp_path / "out")
    assert [b.segment_id for b in refused.value.blocked] == [ids["bad"]]
    assert refused.value.exit_code == 1 and refused.value.written == []
    assert not (tmp_path / "out").exists()


def test_approving_despite_qa_errors_is_kept_per_finding_and_honoured_by_the_gate(
    seeded: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    ws, ids = seeded
    with open_store(ws) as store:
        s = ReviewSession(store, SLUG, "en", "ann")
        s.goto(ids["bad"])
        errors = s.approval_errors()
        assert [f.check for f in errors] == ["numbers"]
        s.confirm_approval()
        s.approve()
        [d] = store.dismissals(SLUG, "en")
        assert (d.segment_id, d.check, d.reviewer) == (ids["bad"], "numbers", "ann")
        assert d.message == errors[0].message and d.dismissed_at.endswith("Z")
        assert d.target == store.row(SLUG, ids["bad"], "en").translation.target
    with open_store(ws) as store:  # a new session: the decision was persisted, not in memory
        s = ReviewSession(store, SLUG, "en", "bob")
        s.goto(ids["bad"])
        assert s.approval_errors() == []
    [result] = jobs.export_now(ws, SLUG, ["en"], tmp_path / "ui")
    assert result.approved == 2
    proc = run("export", SLUG, "--lang", "en", "--out", "cli", cwd=ws.parent)
    assert proc.returncode == 0, proc.stderr


def test_a_dismissal_holds_for_its_text_only(
    seeded: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """The target changed after the dismissal (still wrong): the gate checks it again."""
    ws, ids = seeded
    with open_store(ws) as store:
        s = ReviewSession(store, SLUG, "en", "ann")
        s.goto(ids["bad"])
        s.confirm_approval()
        s.approve()
        t = store.row(SLUG, ids["bad"], "en").translation
        worse = t.target.replace("200", "300")
        store.approve(SLUG, ids["bad"], "en", expected_version=t.version, target=worse)
        with pytest.raises(QAGateError):
            export_checked(store, SLUG, ["en"], tmp_path / "out")
        s = ReviewSession(store, SLUG, "en", "ann")
        s.goto(ids["bad"])
        assert [f.check for f in s.approval_errors()] == ["numbers"]


def _approve_vi(ws: Path, ids: dict[str, str]) -> None:
    with open_store(ws) as store:
        store.save_target(SLUG, ids["good"], "vi", PESKOV_VI, expected_version=None)
        t = store.row(SLUG, ids["good"], "vi").translation
        store.approve(SLUG, ids["good"], "vi", expected_version=t.version)


def test_one_languages_qa_errors_do_not_block_the_other(
    seeded: tuple[Path, dict[str, str]],
) -> None:
    """Before: the whole export was refused, exit 2, and the hint did not name --lang."""
    ws, ids = seeded
    _approve_vi(ws, ids)
    assert run("qa", SLUG, "--lang", "vi", cwd=ws.parent).returncode == 0  # vi is clean
    proc = run("export", SLUG, "--out", "out", cwd=ws.parent)
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("workbench: error: not exported: en: 1 approved segments")
    assert f"`workbench export {SLUG} --lang en --force`" in last and "vi exported" in last
    assert "Traceback" not in proc.stderr
    assert f"wrote {po_file(Path('out'), 'vi')}: 1 approved" in proc.stdout
    assert not po_file(ws.parent / "out", "en").exists()
    entries = polib.pofile(str(po_file(ws.parent / "out", "vi")))
    assert [e.msgstr for e in entries] == [PESKOV_VI]


def _workspace_with_mt_only(tmp_path: Path) -> tuple[Store, dict[str, str]]:
    ids = seeded_with_mt(tmp_path)
    return open_store(tmp_path / ".workbench"), ids


def test_exporting_over_approved_work_the_workspace_lacks_is_refused(tmp_path: Path) -> None:
    """The README's flow in the repository: a fresh workspace exporting into ``locales/``
    (here a copy of the committed one) would have replaced the post-edits there with the
    workspace's one approved segment. Before: written, 14 translations silently lost."""
    out = tmp_path / "locales"
    shutil.copytree(REPO_ROOT / "locales", out)
    committed = po_file(out, "en").read_bytes()
    store, ids = _workspace_with_mt_only(tmp_path)
    with store:
        store.approve(SLUG, ids["good"], "en", expected_version=1)
        with pytest.raises(InputError, match=r"holds 14 approved translations this workspace"):
            export_article(store, SLUG, ["en", "vi"], out)
    assert po_file(out, "en").read_bytes() == committed  # nothing written, vi neither
    proc = run("export", SLUG, "--lang", "en", "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert f"workbench import-po {po_file(out, 'en')} --slug {SLUG} --lang en" in proc.stderr
    assert po_file(out, "en").read_bytes() == committed


def test_after_import_po_the_export_over_the_same_file_proceeds(tmp_path: Path) -> None:
    """The way out the refusal names: import the file's work, then export over it."""
    from workbench.project import import_po

    out = tmp_path / "out"
    store, ids = _workspace_with_mt_only(tmp_path)
    with store:
        export_article(store, SLUG, ["en"], out, include_machine=True)
        path = po_file(out, "en")
        po = polib.pofile(str(path))
        edited = next(e for e in po if e.msgctxt == ids["good"])
        edited.msgstr, edited.flags = "Peskov confirmed it on April 17.", []
        po.save(str(path))
        with pytest.raises(InputError, match="holds 1 approved translations"):
            export_article(store, SLUG, ["en"], out, include_machine=True)
        assert import_po(store, path, SLUG, "en").approved == 1
        [result] = export_article(store, SLUG, ["en"], out, include_machine=True)
        assert result.approved == 1
        po = polib.pofile(str(path))
        assert next(e for e in po if e.msgctxt == ids["good"]).msgstr == edited.msgstr


def test_an_approved_entry_left_as_exported_is_replaced_by_newer_work(tmp_path: Path) -> None:
    """Overwriting our own earlier export is no loss: the workspace moved on from it."""
    out = tmp_path / "out"
    store, ids = _workspace_with_mt_only(tmp_path)
    with store:
        store.approve(SLUG, ids["good"], "en", expected_version=1)
        export_article(store, SLUG, ["en"], out)
        t = store.row(SLUG, ids["good"], "en").translation
        store.save_target(SLUG, ids["good"], "en", "Newer.", expected_version=t.version)
        [result] = export_article(store, SLUG, ["en"], out)
        assert result.approved == 0  # the newer text is not approved: the file drops it
        assert [e.msgstr for e in polib.pofile(str(po_file(out, "en")))] == []


def test_a_file_in_the_way_that_is_not_a_po_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    store, _ = _workspace_with_mt_only(tmp_path)
    path = po_file(out, "en")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfenot a PO file")
    with store, pytest.raises(InputError, match="not a PO file this export can safely replace"):
        export_article(store, SLUG, ["en"], out)
    assert path.read_bytes() == b"\xff\xfenot a PO file"
