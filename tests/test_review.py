"""ReviewSession: the review UI's logic, tested without Textual."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import (
    SEED_ARTICLE,
    SLUG,
    Clock,
    FakeFinding,
    hand_mt,
    no_digits,
    tm_match,
    write_glossary,
)
from workbench.errors import ConflictError, InputError
from workbench.glossary import Glossary, Term
from workbench.project import edit_effort as project_effort
from workbench.project import import_article
from workbench.review import (
    FILTERS,
    QA_BATCH,
    DiffOp,
    QAJob,
    QARun,
    ReviewSession,
    edit_effort,
    last_position,
    remember_position,
    run_qa,
    tm_origin_score,
    word_diff,
)
from workbench.store import MTWrite, Store, open_store


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        hand_mt(store, "en")
    return ws


@pytest.fixture()
def store(workspace: Path) -> Iterator[Store]:
    s = open_store(workspace)
    yield s
    s.close()


def session(store: Store, lang: str = "vi", **kwargs: object) -> ReviewSession:
    kwargs.setdefault("checker", False)
    return ReviewSession(store, SLUG, lang, "anna", **kwargs)  # type: ignore[arg-type]


def first_content(s: ReviewSession) -> str:
    return next(r.segment.id for r in s.rows if r.segment.kind == "content")


# -- filters and search ------------------------------------------------------------------


def test_filters_split_the_article(store: Store) -> None:
    s = session(store)
    total = len(s.rows)
    assert len(s.visible) == total
    translatable = sum(r.segment.translatable for r in s.rows)
    assert len(s.set_filter("todo")) == translatable
    assert len(s.set_filter("chrome")) == total - translatable
    assert s.set_filter("approved") == []
    assert s.set_filter("edited") == []
    with pytest.raises(InputError, match="unknown filter"):
        s.set_filter("nope")
    s.set_filter("all")
    assert [s.cycle_filter() for _ in FILTERS] == [*FILTERS[1:], FILTERS[0]]


def test_filters_follow_status(store: Store) -> None:
    s = session(store)
    sid = first_content(s)
    s.goto(sid)
    s.set_draft("VI đã sửa 1")
    s.flush()
    assert s.set_filter("edited") == [sid]
    s.approve()
    assert s.set_filter("approved") == [sid]
    assert sid not in s.set_filter("todo")


def test_search_is_casefolded_over_source_and_target(store: Store) -> None:
    s = session(store)
    hits = s.set_search("  KREMLIN ")
    assert hits and all("kremlin" in s.row(h).segment.source.casefold() for h in hits)
    assert s.set_search("bản DỊCH máy") == [r.segment.id for r in s.rows if r.segment.translatable]
    s.set_filter("chrome")
    assert s.set_search("bản dịch") == []  # filter and search combine
    s.set_filter("all")
    assert len(s.set_search("")) == len(s.rows)


def test_flagged_filter_uses_what_qa_has_computed(store: Store) -> None:
    s = session(store, checker=no_digits)
    sid = first_content(s)
    s.goto(sid)
    s.save("không có số")
    # Only the current segment is checked so far (the editor asked for its findings).
    assert s.findings()[0].check == "digits"
    assert s.set_filter("flagged") == [sid]
    others = [r.segment.id for r in s.rows if r.segment.translatable and r.segment.id != sid]
    with_digits = others[0]
    s.set_filter("all")
    s.goto(with_digits)
    s.save("không số nào")
    s.goto(sid)  # leave it unchecked: QA of the other rows is what a worker would do
    s.set_filter("flagged")
    assert s.visible == [sid] and not s.qa_complete
    jobs = s.qa_jobs()
    assert len(jobs) == len(others)  # one per row not computed yet
    s.check_all()  # what the UI's worker does, in this thread
    assert s.qa_complete and s.qa_jobs() == []
    assert s.visible == [sid, with_digits] or s.visible == [with_digits, sid]


def test_new_findings_do_not_hide_the_current_segment(store: Store) -> None:
    s = session(store, checker=no_digits)
    ids = [r.segment.id for r in s.rows if r.segment.translatable][:2]
    for sid in ids:
        s.goto(sid)
        s.save("không có số")
    s.goto(ids[0])
    s.findings()
    s.set_filter("flagged")
    assert s.visible == [ids[0]]
    s.save("đã sửa: 1")  # fixed: no longer flagged, but the reviewer is still on it
    s.findings()
    s.check_all()  # QA of the other rows lands
    assert s.visible == ids and s.current_id == ids[0]
    s.set_filter("flagged")  # an explicit filter change applies the filter as it is
    assert s.visible == [ids[1]]


def test_findings_from_another_generation_are_dropped(store: Store) -> None:
    s = session(store, checker=no_digits)
    run = s.qa_run()
    assert run is not None
    jobs = s.qa_jobs()
    s.switch_language("en")  # the cache of vi is dropped: late vi results must not land
    for found, _ in run_qa(run, jobs):
        assert not s.add_findings(found, run.generation)
    assert len(s.qa_jobs()) == len(
        [r for r in s.rows if r.segment.translatable and s.text(r.segment.id).strip()]
    )


def test_run_qa_yields_batches_and_calls_between() -> None:
    calls: list[str] = []
    jobs = [QAJob((f"s{i}", f"t{i}", None), f"s{i}", f"t{i}", None) for i in range(QA_BATCH + 5)]

    def checker(source: str, target: str, lang: str, **kwargs: object) -> list[FakeFinding]:
        assert kwargs["glossary"] is glossary and lang == "vi"
        return [FakeFinding("x", "info", source, None)]

    glossary = Glossary()
    run = QARun(checker, "vi", glossary, 0)
    batches = list(run_qa(run, jobs, between=lambda: calls.append("tick")))
    assert [done for _, done in batches] == [QA_BATCH, QA_BATCH + 5]
    assert len(batches[0][0]) == QA_BATCH and len(calls) == len(jobs)
    assert ("s3", "t3", None) not in batches[1][0]  # each batch holds its own jobs only
    assert batches[1][0][(f"s{QA_BATCH}", f"t{QA_BATCH}", None)][0].message == f"s{QA_BATCH}"


def test_approve_with_errors_asks_once_per_segment(store: Store) -> None:
    s = session(store, checker=no_digits)
    sid = first_content(s)
    s.goto(sid)
    assert s.approval_errors() == []  # the hand MT has a digit
    s.set_draft("không có số")  # the draft counts, before it is saved
    assert [f.check for f in s.approval_errors()] == ["digits"]
    s.confirm_approval()
    assert s.approval_errors() == []  # asked once: a yes is remembered for the segment
    s.approve()
    s.unapprove()
    assert s.approval_errors() == []
    s.switch_language("en")  # per language
    s.goto(sid)
    s.set_draft("no number")
    assert s.approval_errors() != []


def test_real_qa_checks_are_used_when_present(store: Store) -> None:
    s = ReviewSession(store, SLUG, "vi", "anna")  # the default checker: workbench.qa
    if "workbench.qa" not in sys.modules:
        pytest.skip("workbench.qa is not there")
    row = next(r for r in s.rows if "2 000" in r.segment.source)
    s.goto(row.segment.id)
    s.save("Nga triển khai lực lượng gìn giữ hòa bình.")
    assert any(f.check == "numbers" for f in s.findings())


# -- moving ------------------------------------------------------------------------------


def test_move_and_next_todo_skip_chrome_and_approved(store: Store) -> None:
    s = session(store)
    assert s.current_id == s.rows[0].segment.id
    s.move(+1)
    assert s.current_id == s.rows[1].segment.id
    s.move(-5)
    assert s.current_id == s.rows[0].segment.id
    s.move(+10_000)
    assert s.current_id == s.rows[-1].segment.id
    s.goto(s.rows[0].segment.id)
    nxt = s.next_todo()
    assert nxt is not None and s.row(nxt).segment.translatable
    assert s.row(s.rows[1].segment.id).segment.kind == "chrome"  # the byline is skipped
    assert nxt == s.rows[2].segment.id


def test_approve_and_next_goes_to_next_todo(store: Store) -> None:
    s = session(store)
    first = s.rows[0].segment.id
    s.goto(first)
    s.set_draft("VI tiêu đề 1")
    nxt = s.approve_and_next()
    assert nxt == s.rows[2].segment.id == s.current_id
    t = store.row(SLUG, first, "vi").translation
    assert t is not None and t.status == "approved" and t.target == "VI tiêu đề 1"
    assert s.progress().approved == 1


def test_approve_and_next_when_nothing_is_left(store: Store) -> None:
    s = session(store)
    todo = [r.segment.id for r in s.rows if r.segment.translatable]
    for sid in todo[:-1]:
        s.goto(sid)
        s.approve()
    s.goto(todo[-1])
    assert s.approve_and_next() is None
    assert s.current_id == todo[-1]
    p = s.progress()
    assert p.approved == p.translatable == len(todo) and p.fraction == 1.0


# -- saving ------------------------------------------------------------------------------


def test_flush_saves_the_draft_with_its_version(store: Store) -> None:
    clock = Clock()
    s = session(store, clock=clock)
    sid = first_content(s)
    s.goto(sid)
    before = s.row().translation
    assert before is not None
    assert s.flush() is None and not s.dirty  # nothing typed
    clock.now += 4
    s.set_draft("VI đã sửa")
    assert s.dirty and s.text() == "VI đã sửa"
    clock.now += 3
    new = s.flush()
    assert new is not None and new.version == before.version + 1
    assert new.status == "edited" and new.reviewer == "anna"
    assert new.edit_seconds == pytest.approx(7.0)
    assert not s.dirty
    # Typing back the MT makes it "machine" again.
    s.set_draft(before.mt or "")
    assert s.flush().status == "machine"  # type: ignore[union-attr]


def test_autosave_waits_for_a_pause_in_typing(store: Store) -> None:
    clock = Clock()
    s = session(store, clock=clock, save_delay=0.5)
    sid = first_content(s)
    s.goto(sid)
    mt = s.text()
    assert s.save_due_in() is None and s.autosave() is None  # nothing typed
    s.set_draft("VI 1")
    clock.now += 0.3
    s.set_draft("VI 12")  # still typing: the delay starts again
    assert s.save_due_in() == pytest.approx(0.5)
    clock.now += 0.4
    assert s.autosave() is None and store.row(SLUG, sid, "vi").translation.target == mt  # type: ignore[union-attr]
    clock.now += 0.1
    saved = s.autosave()
    assert saved is not None and saved.target == "VI 12"
    assert saved.edit_seconds == pytest.approx(0.8)
    assert s.save_due_in() is None and not s.dirty
    s.set_pivot_draft("EN pivot")  # the pivot is typed text too
    assert s.save_due_in() == pytest.approx(0.5)


def test_leaving_a_segment_saves_it(store: Store) -> None:
    s = session(store)
    sid = first_content(s)
    s.goto(sid)
    s.set_draft("VI rời đi")
    s.move(+1)
    assert store.row(SLUG, sid, "vi").translation.target == "VI rời đi"  # type: ignore[union-attr]


def test_idle_time_is_capped(store: Store) -> None:
    clock = Clock()
    s = session(store, clock=clock)
    s.goto(first_content(s))
    clock.now += 3600
    s.set_draft("VI sau giờ nghỉ")
    assert s.flush().edit_seconds == pytest.approx(300.0)  # type: ignore[union-attr]


def test_conflict_is_raised_and_the_draft_kept(store: Store, workspace: Path) -> None:
    s = session(store)
    sid = first_content(s)
    s.goto(sid)
    with open_store(workspace) as other:
        t = other.row(SLUG, sid, "vi").translation
        assert t is not None
        other.save_target(SLUG, sid, "vi", "VI của Bảo", expected_version=t.version,
                          reviewer="bao")  # fmt: skip
    s.set_draft("VI của Anna")
    with pytest.raises(ConflictError) as info:
        s.flush()
    assert info.value.current_target == "VI của Bảo"
    assert s.text() == "VI của Anna" and s.dirty
    assert store.row(SLUG, sid, "vi").translation.target == "VI của Bảo"  # type: ignore[union-attr]
    # Leaving the segment does not lose the text either: it raises again, staying here.
    with pytest.raises(ConflictError):
        s.move(+1)
    assert s.current_id == sid


def test_conflict_keep_mine_and_take_theirs(store: Store, workspace: Path) -> None:
    s = session(store)
    ids = [r.segment.id for r in s.rows if r.segment.kind == "content"][:2]

    def bao_saves(sid: str) -> None:  # after Anna opened the segment (opening re-reads it)
        with open_store(workspace) as other:
            t = other.row(SLUG, sid, "vi").translation
            other.save_target(SLUG, sid, "vi", "VI của Bảo", expected_version=t.version)  # type: ignore[union-attr]

    s.goto(ids[0])
    bao_saves(ids[0])
    s.set_draft("VI của Anna")
    with pytest.raises(ConflictError):
        s.flush()
    s.keep_mine("VI của Anna")
    assert store.row(SLUG, ids[0], "vi").translation.target == "VI của Anna"  # type: ignore[union-attr]
    s.goto(ids[1])
    bao_saves(ids[1])
    s.set_draft("VI của Anna")
    with pytest.raises(ConflictError):
        s.flush()
    row = s.take_theirs()
    assert row.translation.target == "VI của Bảo" and not s.dirty  # type: ignore[union-attr]
    assert s.text() == "VI của Bảo"


def test_machine_fill_of_an_empty_segment_is_not_a_conflict(
    store: Store, workspace: Path, tmp_path: Path
) -> None:
    ws2 = tmp_path / "ws2"
    import_article(SEED_ARTICLE, workspace=ws2)
    with open_store(ws2) as st:
        s = session(st)
        sid = first_content(s)
        s.goto(sid)
        assert s.row().translation is None
        s.set_draft("VI gõ trước khi MT xong")
        with open_store(ws2) as worker:  # the open-time MT worker fills the segment
            hand_mt(worker, "vi")
        new = s.flush()
        assert new is not None and new.target == "VI gõ trước khi MT xong"
        assert new.status == "edited" and new.mt is not None


def test_pivot_edit_is_saved_and_does_not_conflict_with_typing(store: Store) -> None:
    s = session(store)
    sid = first_content(s)
    s.goto(sid)
    s.set_pivot_draft("EN corrected pivot")
    s.set_draft("VI sửa cùng lúc")
    s.flush()
    t = store.row(SLUG, sid, "vi").translation
    assert t is not None and t.pivot == "EN corrected pivot" and t.target == "VI sửa cùng lúc"


def test_two_reviewers_editing_one_pivot_the_second_gets_a_conflict(
    store: Store, workspace: Path
) -> None:
    """Issue 15 item 6: the second reviewer's pivot silently replaced the first's."""
    with open_store(workspace) as other_store:
        anna, binh = session(store), session(other_store)
        sid = first_content(anna)
        anna.goto(sid)
        binh.goto(sid)
        anna.set_pivot_draft("Anna's English")
        binh.set_pivot_draft("Binh's English")
        anna.flush()
        with pytest.raises(ConflictError):
            binh.flush()
    t = store.row(SLUG, sid, "vi").translation
    assert t is not None and t.pivot == "Anna's English"


def test_chrome_cannot_be_saved(store: Store) -> None:
    s = session(store)
    s.goto(next(r.segment.id for r in s.rows if r.segment.kind == "chrome"))
    with pytest.raises(InputError, match="page chrome"):
        s.save("x")
    with pytest.raises(InputError, match="page chrome"):
        s.approve()


# -- actions -----------------------------------------------------------------------------


def test_undo_redo_across_sessions(store: Store, workspace: Path) -> None:
    s = session(store)
    sid = first_content(s)
    s.goto(sid)
    mt = s.row().translation.mt  # type: ignore[union-attr]
    s.set_draft("VI một")
    s.flush()
    s.set_draft("VI hai")  # typed, not yet saved: undo saves it first, then undoes it
    assert s.undo().translation.target == "VI một"  # type: ignore[union-attr]
    assert s.text() == "VI một"
    with open_store(workspace) as again:  # a restart
        s2 = session(again)
        s2.goto(sid)
        assert s2.undo().translation.target == mt  # type: ignore[union-attr]
        assert s2.undo() is None  # stops at the MT the reviewer started from
        assert s2.redo().translation.target == "VI một"  # type: ignore[union-attr]


def test_undo_from_a_stale_screen_is_a_conflict(store: Store, workspace: Path) -> None:
    """Another reviewer saved since this screen read the segment: undo must not silently
    replace their newer text with this reviewer's older state."""
    s = session(store)
    sid = first_content(s)
    s.goto(sid)
    s.set_draft("VI của tôi")
    s.flush()
    with open_store(workspace) as other:
        t = other.row("karabakh", sid, "vi").translation
        other.save_target("karabakh", sid, "vi", "VI của người khác", expected_version=t.version)
    with pytest.raises(ConflictError):
        s.undo()
    assert store.row("karabakh", sid, "vi").translation.target == "VI của người khác"


def test_unapprove_and_revert(store: Store) -> None:
    s = session(store)
    s.goto(first_content(s))
    mt = s.row().translation.mt  # type: ignore[union-attr]
    s.set_draft("VI đã duyệt")
    s.approve()
    assert s.row().status == "approved"
    assert s.unapprove().status == "edited"
    assert s.revert().translation.target == mt  # type: ignore[union-attr]
    assert s.row().status == "machine"
    with pytest.raises(InputError, match="not approved"):
        s.unapprove()


def test_take_alternative(store: Store) -> None:
    s = session(store)
    s.goto(first_content(s))
    alt = s.row().translation.alternatives  # type: ignore[union-attr]
    row = s.take_alternative(2)
    assert row.translation.target == alt[1] and row.status == "edited"  # type: ignore[union-attr]
    with pytest.raises(InputError, match="no number 3"):
        s.take_alternative(3)


def test_copy_source(store: Store) -> None:
    s = session(store)
    s.goto(first_content(s))
    source = s.row().segment.source
    assert s.row().translation.target != source  # type: ignore[union-attr]
    row = s.copy_source()
    assert row.translation.target == source and row.status == "edited"  # type: ignore[union-attr]
    assert s.undo().translation.target != source  # type: ignore[union-attr]


def test_glossary_terms_and_findings(store: Store, workspace: Path) -> None:
    write_glossary(workspace)
    s = ReviewSession(store, SLUG, "vi", "anna")  # default checker: workbench.qa
    assert len(s.glossary) == 5 and s.glossary_error is None
    row = next(r for r in s.rows if "Kremlin" in r.segment.source and "RT" in r.segment.source)
    s.goto(row.segment.id)
    s.save("Người phát ngôn Kremlin: lực lượng gìn giữ hòa bình rời Nagorno-Karabakh, theo RT.")
    terms = {t.fr: t for t in s.terms()}
    assert terms["Kremlin"].required == "Điện Kremlin" and terms["Kremlin"].missing is True
    assert terms["Haut-Karabakh"].missing is False
    assert terms["RT"].do_not_translate and terms["RT"].missing is False
    source = row.segment.source
    assert all(source[t.span[0] : t.span[1]] == t.fr for t in terms.values())
    assert any(f.check == "glossary" and "Điện Kremlin" in f.message for f in s.findings())
    s.set_draft(
        "Người phát ngôn Điện Kremlin: lực lượng gìn giữ hòa bình rời Nagorno-Karabakh, theo RT."
    )
    assert all(t.missing is False for t in s.terms())
    s.switch_language("en")
    assert {t.fr: t.required for t in s.terms()}["Kremlin"] == "Kremlin"


def test_terms_without_a_target_are_not_judged(store: Store) -> None:
    glossary = Glossary((Term("Kremlin", "Kremlin", "Điện Kremlin"),))
    s = session(store, glossary=glossary)  # checker off
    s.goto(next(r.segment.id for r in s.rows if "Kremlin" in r.segment.source))
    assert [(t.fr, t.missing) for t in s.terms()] == [("Kremlin", None)]


def test_a_broken_old_glossary_file_does_not_stop_the_review(workspace: Path) -> None:
    """A glossary.csv from before the store held the glossary, damaged: it is not moved
    (the notice names it and says why), stays for the user to fix, and the review opens."""
    from workbench.store.model import StoreNotice

    broken = workspace / "glossary.csv"
    broken.write_text("fr,en\nKremlin,Kremlin\n", encoding="utf-8")
    with pytest.warns(StoreNotice, match=r"glossary.csv not moved into the database: .*\bvi\b"):
        store = open_store(workspace)
    with store:
        s = session(store)
        assert len(s.glossary) == 0 and s.glossary_error is None
    assert broken.exists()


def test_tm_matches_and_take_match(store: Store) -> None:
    s = session(store)
    sid = first_content(s)
    store.store_mt(SLUG, "vi", [MTWrite(sid, "VI máy", "m", matches=(
        tm_match(88, "VI bộ nhớ một", ("lundi",)), {"score": "bad"}, tm_match(76, "VI hai"),
    ))])  # fmt: skip
    s.reload()
    s.goto(sid)
    found = s.tm()
    assert [(m.score, m.target, m.differences) for m in found] == [
        (88, "VI bộ nhớ một", ("lundi",)),
        (76, "VI hai", ()),
    ]  # the damaged entry is left out
    row = s.take_match(2)
    assert row.translation.target == "VI hai" and row.status == "edited"  # type: ignore[union-attr]
    with pytest.raises(InputError, match="no number 3"):
        s.take_match(3)
    assert tm_origin_score(row.translation) is None  # origin mt


def test_damaged_tm_matches_are_checked_not_asserted() -> None:
    """A stored match whose ``differences`` is not a list of words is left out, also under
    ``python -O`` (where ``assert`` does not run)."""
    code = (
        "from types import SimpleNamespace\n"
        "from workbench.review import tm_matches\n"
        "good = {'score': 80, 'source': 's', 'target': 'ok', 'slug': 'a', 'segment_id': 'b'}\n"
        "bad = [dict(good, differences='lundi'), dict(good, differences={'a': 1}),\n"
        "       dict(good, target=None), dict(good, score=None), dict(good, score='x'), 'x']\n"
        "found = tm_matches(SimpleNamespace(matches=(*bad, dict(good, differences=['d']))))\n"
        "print([(m.target, m.differences) for m in found])\n"
    )
    for flags in ([], ["-O"]):
        out = subprocess.run(
            [sys.executable, *flags, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "[('ok', ('d',))]", flags


def test_tm_origin_score(store: Store) -> None:
    s = session(store)
    sid = first_content(s)
    store.store_mt(SLUG, "vi", [MTWrite(sid, "VI từ bộ nhớ", "tm:old/s-old", origin="tm",
                                        matches=(tm_match(101, "VI từ bộ nhớ"),))])  # fmt: skip
    assert tm_origin_score(store.row(SLUG, sid, "vi").translation) == 101


def test_toggle_chrome_both_ways(store: Store) -> None:
    s = session(store)
    content = first_content(s)
    s.goto(content)
    before = s.progress().translatable
    assert s.toggle_chrome().segment.kind == "chrome"
    assert s.progress().translatable == before - 1
    assert s.toggle_chrome().segment.kind == s.row().segment.detected_kind
    chrome = next(r.segment.id for r in s.rows if r.segment.detected_kind == "chrome")
    s.goto(chrome)
    assert s.toggle_chrome().segment.translatable
    assert s.needs_mt()  # the un-marked line has no MT yet
    assert s.toggle_chrome().segment.kind == "chrome"


def test_switch_language_keeps_the_segment(store: Store) -> None:
    s = session(store)
    sid = first_content(s)
    s.goto(sid)
    s.set_draft("VI trước khi đổi")
    assert s.switch_language() == "en"
    assert s.current_id == sid and s.lang == "en"
    assert s.text().startswith("EN ")
    assert store.row(SLUG, sid, "vi").translation.target == "VI trước khi đổi"  # type: ignore[union-attr]
    assert s.switch_language() == "vi"
    assert s.switch_language("en") == "en"


def test_export_langs(store: Store) -> None:
    s = session(store)
    assert s.export_langs() == ["vi"]
    s.switch_language("en")
    s.goto(first_content(s))
    s.approve()
    s.switch_language("vi")
    assert s.export_langs() == ["vi", "en"]


# -- analysis -----------------------------------------------------------------------------


def test_word_diff() -> None:
    assert word_diff("the cat sat", "the black cat sat down") == [
        DiffOp("equal", "the"),
        DiffOp("insert", "black"),
        DiffOp("equal", "cat sat"),
        DiffOp("insert", "down"),
    ]
    assert word_diff("a b c", "a x c") == [
        DiffOp("equal", "a"),
        DiffOp("delete", "b"),
        DiffOp("insert", "x"),
        DiffOp("equal", "c"),
    ]
    assert word_diff("", "") == []


def test_edit_effort() -> None:
    assert edit_effort("a b c d", "a b c d") == 0.0
    assert edit_effort("a b c d", "a b x d") == pytest.approx(25.0)
    assert edit_effort(None, "x") is None
    assert edit_effort("x", "  ") is None


def test_editor_effort_is_the_report_figure(store: Store) -> None:
    """The TER the editor shows as you type is the HTER ``workbench score --effort``
    reports for the segment, to the digit (NFD Vietnamese included)."""
    s = session(store)
    edits = [
        lambda mt: f"{mt} đã sửa",
        lambda mt: unicodedata.normalize("NFD", f"{mt} đã sửa lại"),  # NFD shares no letter
        lambda mt: "một câu hoàn toàn khác, không giống bản dịch máy chút nào",
        lambda mt: mt,
    ]
    ids = [r.segment.id for r in s.rows if r.segment.translatable][: len(edits)]
    shown = {}
    for sid, edit in zip(ids, edits, strict=True):
        s.goto(sid)
        s.set_draft(edit(s.row().translation.mt))  # type: ignore[union-attr]
        shown[sid] = s.effort()
        s.approve()
    report = project_effort(store, SLUG, "vi")
    reported = {seg.key: seg.scores["hter"] for seg in report.segments}
    assert reported == shown
    assert len(set(shown.values())) > 2  # the pairs differ: the comparison means something


def test_session_diff_and_effort_follow_the_draft(store: Store) -> None:
    s = session(store)
    s.goto(first_content(s))
    assert all(op.op == "equal" for op in s.diff())
    assert s.effort() == 0.0
    mt = s.row().translation.mt  # type: ignore[union-attr]
    s.set_draft(mt + " thêm")  # type: ignore[operator]
    assert s.diff()[-1] == DiffOp("insert", "thêm")
    assert s.effort() > 0  # type: ignore[operator]


# -- remembered position ---------------------------------------------------------------------


def test_position_is_remembered_per_slug_and_lang(store: Store, workspace: Path) -> None:
    s = session(store)
    sid = s.rows[5].segment.id
    s.goto(sid)
    s.set_filter("todo")
    s.remember_position()
    assert last_position(store, SLUG, "vi", "anna") == (sid, "todo")
    assert last_position(store, SLUG, "en", "anna") == (None, "all")
    assert last_position(store, SLUG, "vi", "binh") == (None, "all")  # each reviewer's own
    with open_store(workspace) as other:  # in the store: any process of the team sees it
        s2 = session(other)
        s2.restore_position()
        assert s2.current_id == sid and s2.filter == "todo"
    assert not (workspace / "ui-state.json").exists()


def test_damaged_or_stale_state_is_ignored(store: Store, workspace: Path) -> None:
    (workspace / "ui-state.json").write_text("{not json", encoding="utf-8")  # an old file
    with pytest.warns(UserWarning, match="no review position \\(damaged\\)"):
        open_store(workspace).close()
    assert last_position(store, SLUG, "vi", "anna") == (None, "all")
    remember_position(store, SLUG, "vi", "s-gone", "nope", "anna")
    s = session(store)
    s.restore_position()
    assert s.current_id == s.rows[0].segment.id and s.filter == "all"
