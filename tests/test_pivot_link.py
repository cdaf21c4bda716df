"""The English pivot and the English target linked (issue 14, item 8), through the use cases
of workbench.project on both store engines, with real MT: the copy packages (fr→en→vi gives
the source back, en→vi gives the English back: exact text on every CPU) and, for the import
and the CLI, the tiny random packages installed in the session's Argos folder.

* the pivot becomes the English target: a post-edit by the reviewer, never silently over a
  reviewer's English (``ask``), a no-op when identical;
* an approved English target becomes the pivot of the Vietnamese, translated again from it:
  machine text replaced, a post-edit or an approval kept and flagged (the ``pivot`` QA check),
  no model → the pivot stored and the old MT kept with one note; unapproving undoes nothing;
* the PO's ``#. en:`` is the English the target came from (msgfmt --check);
* ``import-po`` (PO and XLIFF) approving English targets runs the same linkage.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import SEED_ARTICLE, SLUG, edit_po, msgfmt_check
from workbench.errors import ConflictError, InputError
from workbench.mt.packages import InstalledPackage
from workbench.project import (
    english_from_pivot,
    export_article,
    follow_english_approval,
    import_article,
    import_file_in_workspace,
    qa_article,
    translate_article,
)
from workbench.store import Store, open_store


def _content(store: Store) -> list[str]:
    return [s.id for s in store.segments(SLUG) if s.kind == "content"]


@pytest.fixture()
def ws(tmp_path: Path, engine: str, copy_packages: dict[str, InstalledPackage]) -> Path:
    """The seed article, translated into English and (through English) Vietnamese by the
    copy packages."""
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        packages = list(copy_packages.values())
        translate_article(store, SLUG, ["en", "vi"], packages=packages)
    return ws


def test_the_pivot_becomes_the_english_target_as_a_post_edit(ws: Path) -> None:
    with open_store(ws) as store:
        sid = _content(store)[0]
        vi = store.row(SLUG, sid, "vi").translation
        en = store.row(SLUG, sid, "en").translation
        assert vi.pivot == en.target == en.mt  # the copy route: same English both ways
        same = english_from_pivot(store, SLUG, sid, "vi", reviewer="anna")
        assert same.outcome == "same" and store.events(SLUG, sid, "en")[-1].action == "mt"

        edited = "Russia began withdrawing its peacekeepers, the Kremlin said."
        store.set_pivot(SLUG, sid, "vi", edited, expected_version=vi.version, reviewer="anna")
        done = english_from_pivot(store, SLUG, sid, "vi", reviewer="anna")
        assert done.outcome == "written"
        en = store.row(SLUG, sid, "en").translation
        who = store.reviewer_for("anna")  # the login on PostgreSQL
        assert (en.target, en.status, en.reviewer) == (edited, "edited", who)
        last = store.events(SLUG, sid, "en")[-1]
        assert (last.action, last.after) == ("edit", {"target": edited, "status": "edited"})


def test_a_reviewers_english_is_never_replaced_without_asking(ws: Path) -> None:
    with open_store(ws) as store:
        sid = _content(store)[1]
        en = store.row(SLUG, sid, "en").translation
        theirs = store.approve(SLUG, sid, "en", expected_version=en.version, target="Theirs.")
        vi = store.row(SLUG, sid, "vi").translation
        store.set_pivot(SLUG, sid, "vi", "Mine.", expected_version=vi.version)

        asked = english_from_pivot(store, SLUG, sid, "vi", reviewer="anna")
        assert asked.outcome == "ask" and asked.version == theirs.version
        assert store.row(SLUG, sid, "en").translation == theirs  # nothing written

        # changed between the question and the answer: a conflict, nothing replaced
        again = store.save_target(
            SLUG, sid, "en", "Theirs, again.", expected_version=theirs.version
        )
        with pytest.raises(ConflictError):
            english_from_pivot(store, SLUG, sid, "vi", replace=True, expected_version=asked.version)
        assert store.row(SLUG, sid, "en").translation == again

        done = english_from_pivot(
            store, SLUG, sid, "vi", reviewer="anna", replace=True, expected_version=again.version
        )
        en = store.row(SLUG, sid, "en").translation
        assert done.outcome == "written" and (en.target, en.status) == ("Mine.", "edited")


def test_english_from_pivot_refuses_what_has_no_pivot(ws: Path) -> None:
    with open_store(ws) as store:
        sid = _content(store)[0]
        with pytest.raises(InputError, match="no pivot"):
            english_from_pivot(store, SLUG, sid, "en")
        chrome = next(s.id for s in store.segments(SLUG) if s.kind == "chrome")
        with pytest.raises(InputError, match="no English pivot"):
            english_from_pivot(store, SLUG, chrome, "vi")


def _approve_en(store: Store, sid: str, text: str) -> None:
    en = store.row(SLUG, sid, "en").translation
    store.approve(SLUG, sid, "en", expected_version=en.version, target=text, reviewer="binh")


def test_an_approved_english_becomes_the_pivot_and_the_source_of_the_vietnamese(
    ws: Path, copy_packages: dict[str, InstalledPackage]
) -> None:
    packages = list(copy_packages.values())
    with open_store(ws) as store:
        machine, edited, approved, untouched = _content(store)[:4]
        old = {sid: store.row(SLUG, sid, "vi").translation for sid in _content(store)}
        post_edit = store.save_target(
            SLUG, edited, "vi", "Bản dịch của Lan.", expected_version=old[edited].version
        )
        store.approve(SLUG, approved, "vi", expected_version=old[approved].version,
                      target="Đã duyệt.", reviewer="lan")  # fmt: skip
        english = {
            machine: "Russia has started to withdraw its peacekeepers.",
            edited: "The Kremlin confirmed it on April 17.",
            approved: "About 2,000 troops were deployed.",
        }
        for sid, text in english.items():
            _approve_en(store, sid, text)

        report = follow_english_approval(
            store, SLUG, [*english, untouched], reviewer="binh", packages=packages
        )
        outcomes = {(x.segment_id, x.outcome) for x in report.links}
        assert outcomes == {(machine, "translated"), (edited, "kept"), (approved, "kept")}
        assert "vi pivot: 1 re-translated, 2 re-translated, post-edit kept" in report.summary()

        vi = {sid: store.row(SLUG, sid, "vi").translation for sid in english}
        for sid, text in english.items():  # en→vi copy: the new MT is the English itself
            t = vi[sid]
            assert (t.pivot, t.mt_pivot, t.mt) == (text, text, text)
            assert t.mt_model == copy_packages["en_vi"].label
        assert (vi[machine].target, vi[machine].status, vi[machine].target_pivot) == (
            english[machine], "machine", english[machine],
        )  # fmt: skip
        assert (vi[edited].target, vi[edited].status) == (post_edit.target, "edited")
        assert (vi[approved].target, vi[approved].status) == ("Đã duyệt.", "approved")
        assert vi[edited].stale_pivot == old[edited].pivot
        assert vi[approved].stale_pivot == old[approved].pivot
        assert vi[machine].stale_pivot is None
        assert store.row(SLUG, untouched, "vi").translation == old[untouched]  # not approved

        flagged = {q.segment_id: q for q in qa_article(store, SLUG, "vi", enabled=["pivot"])}
        assert set(flagged) == {edited, approved}
        (finding,) = flagged[approved].findings
        assert finding.severity == "warning" and english[approved] in finding.message

        # approving the Vietnamese again (after comparing) ends the flag
        t = vi[approved]
        store.approve(SLUG, approved, "vi", expected_version=t.version, reviewer="lan")
        assert store.row(SLUG, approved, "vi").translation.stale_pivot is None
        assert {q.segment_id for q in qa_article(store, SLUG, "vi", enabled=["pivot"])} == {edited}

        # the same approval followed again: nothing to do
        assert follow_english_approval(store, SLUG, list(english), packages=packages).links == ()

        # taking the English approval back undoes nothing
        before = store.row(SLUG, machine, "vi").translation
        en = store.row(SLUG, machine, "en").translation
        store.unapprove(SLUG, machine, "en", expected_version=en.version)
        assert follow_english_approval(store, SLUG, [machine], packages=packages).links == ()
        assert store.row(SLUG, machine, "vi").translation == before


def test_without_the_english_to_vietnamese_model_the_pivot_is_stored_and_the_mt_kept(
    ws: Path, copy_packages: dict[str, InstalledPackage]
) -> None:
    with open_store(ws) as store:
        sid = _content(store)[0]
        old = store.row(SLUG, sid, "vi").translation
        _approve_en(store, sid, "Russia is leaving.")
        report = follow_english_approval(store, SLUG, [sid], packages=[copy_packages["fr_en"]])
        assert [x.outcome for x in report.links] == ["pivot-only"]
        (note,) = report.notes
        assert "\n" not in note and "en→vi" in note and note.startswith("vi not re-translated")
        t = store.row(SLUG, sid, "vi").translation
        assert t.pivot == "Russia is leaving."
        assert (t.mt, t.mt_pivot, t.target, t.target_pivot) == (
            old.mt, old.mt_pivot, old.target, old.target_pivot,
        )  # fmt: skip


def test_the_po_comment_is_the_english_the_target_came_from(
    ws: Path, tmp_path: Path, copy_packages: dict[str, InstalledPackage]
) -> None:
    with open_store(ws) as store:
        first, second = _content(store)[:2]
        used = {sid: store.row(SLUG, sid, "vi").translation.pivot for sid in (first, second)}
        for sid in (first, second):
            t = store.row(SLUG, sid, "vi").translation
            t = store.set_pivot(SLUG, sid, "vi", f"Edited {sid}.", expected_version=t.version)
            store.approve(SLUG, sid, "vi", expected_version=t.version, target=f"Duyệt {sid}.")
        _approve_en(store, second, "Approved English.")
        follow_english_approval(store, SLUG, [second], packages=list(copy_packages.values()))
        result = export_article(store, SLUG, ["vi"], tmp_path / "out")[0]
    msgfmt_check(result.path)
    # edited and never translated again: the English the MT came from
    assert _en_comment(result.path, first) == used[first]
    # re-translated from the approved English, the approval kept: still the English it
    # was approved from (the pivot QA check says the English changed)
    assert _en_comment(result.path, second) == used[second]
    with open_store(ws) as store:  # the Vietnamese approved again: from the new English
        t = store.row(SLUG, second, "vi").translation
        store.save_target(SLUG, second, "vi", "Duyệt lại.", expected_version=t.version)
        t = store.approve(SLUG, second, "vi", expected_version=t.version + 1)
        assert t.stale_pivot is None
        result = export_article(store, SLUG, ["vi"], tmp_path / "again")[0]
    msgfmt_check(result.path)
    assert _en_comment(result.path, second) == "Approved English."


def _en_comment(path: Path, segment_id: str) -> str:
    """The ``#. en:`` comment of a PO entry (polib wraps long comments: joined again)."""
    import polib

    (entry,) = [e for e in polib.pofile(str(path)) if e.msgctxt == segment_id]
    comment = entry.comment
    return " ".join(comment[comment.index("en: ") + 4 :].split("\n"))


def test_import_po_approving_english_targets_follows_them_into_the_vietnamese(
    tmp_path: Path, engine: str, tiny_packages: dict[str, InstalledPackage]
) -> None:
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        translate_article(store, SLUG, ["en", "vi"])  # the installed (tiny, random) packages
        sid = _content(store)[0]
        old = store.row(SLUG, sid, "vi").translation
        path = export_article(store, SLUG, ["en"], tmp_path / "out", include_machine=True)[0].path
    approved = "Russia has begun to withdraw its peacekeeping forces."
    edit_po(path, {sid: (approved, False)})
    done = import_file_in_workspace(ws, path, slug=SLUG, lang="en", reviewer="omegat")
    assert done.result.approved == 1 and done.result.approved_ids == (sid,)
    assert [(x.segment_id, x.lang, x.outcome) for x in done.linked.links] == [
        (sid, "vi", "translated")
    ]
    with open_store(ws) as store:
        t = store.row(SLUG, sid, "vi").translation
        events = store.events(SLUG, sid, "vi")
    assert (t.pivot, t.mt_pivot, t.target_pivot) == (approved, approved, approved)
    assert t.mt_model == tiny_packages["en_vi"].label and t.status == "machine"
    assert t.mt == t.target and t.mt
    assert events[-1].action == "mt"
    assert old.pivot != approved


def test_cli_import_of_an_xliff_approving_english_says_what_the_vietnamese_got(
    tmp_path: Path,
    cli: Callable[..., subprocess.CompletedProcess[str]],
    tiny_packages: dict[str, InstalledPackage],
) -> None:
    from lxml import etree

    from workbench.formats.xliff import NS

    for args in (("import", str(SEED_ARTICLE)), ("translate", SLUG, "--to", "en,vi")):
        proc = cli(*args, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    proc = cli("export", SLUG, "--lang", "en", "--format", "xliff-1.2", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "locales" / "en" / f"{SLUG}.xlf"
    with open_store(tmp_path / ".workbench") as store:
        sid = _content(store)[2]
    tree = etree.parse(str(path))
    unit = next(u for u in tree.getroot().iter(f"{{{NS['1.2']}}}trans-unit") if u.get("id") == sid)
    next(unit.iter(f"{{{NS['1.2']}}}target")).text = "Edited and approved in OmegaT."
    unit.set("approved", "yes")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    proc = cli("import-po", str(path), "--reviewer", "omegat", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "  approved English → vi pivot: 1 re-translated\n" in proc.stdout
    with open_store(tmp_path / ".workbench") as store:
        t = store.row(SLUG, sid, "vi").translation
    assert (t.pivot, t.mt_pivot) == ("Edited and approved in OmegaT.",) * 2
    assert t.mt_model == tiny_packages["en_vi"].label


def test_the_review_shows_the_pivot_finding_and_drops_it_once_approved_again(
    ws: Path, copy_packages: dict[str, InstalledPackage]
) -> None:
    from workbench.review import ReviewSession

    with open_store(ws) as store:
        sid = _content(store)[0]
        session = ReviewSession(store, SLUG, "vi", "lan")
        assert "pivot" not in {f.check for f in session.findings(sid)}
        t = store.row(SLUG, sid, "vi").translation
        store.save_target(SLUG, sid, "vi", "Bản dịch của Lan.", expected_version=t.version)
        _approve_en(store, sid, "Russia is leaving Karabakh.")
        follow_english_approval(store, SLUG, [sid], packages=list(copy_packages.values()))
        session.refresh_row(sid)
        (found,) = [f for f in session.findings(sid) if f.check == "pivot"]
        assert found.severity == "warning" and "Russia is leaving Karabakh." in found.message
        session.goto(sid)
        session.approve()
        assert "pivot" not in {f.check for f in session.findings(sid)}
