"""PO export and import: every written file is checked with the real GNU ``msgfmt``."""

from __future__ import annotations

import errno
import gettext
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import make_segments as store_segments
from tests.support import msgfmt_check, wait_past
from workbench import __version__
from workbench.errors import InputError, NotFoundError
from workbench.formats.po import gettext_date, gettext_problem, parse_gettext_date, po_path
from workbench.project import ExportResult, build_po, export_article, import_po
from workbench.segment import Segment
from workbench.store import MTWrite, Store, open_store

SLUG = "art"
LONG_FR = (
    "Le porte-parole du Kremlin, Dmitri Peskov, a confirmé le 17 avril que la Russie avait "
    "commencé à retirer ses forces de maintien de la paix de la région du Haut-Karabakh en "
    "Azerbaïdjan, selon RT, qui cite des sources militaires et des images satellites montrant "
    "des colonnes de véhicules blindés quittant les positions tenues depuis novembre 2020."
)
#: (kind, source): a duplicate sentence, quotes, backslashes, a tab, a very long line, chrome.
ARTICLE: tuple[tuple[str, str], ...] = (
    ("title", "La Russie retire ses forces du Haut-Karabakh"),
    ("content", 'Il a dit : « Nous partons », puis "au revoir".'),
    ("content", "Le chemin C:\\Windows\\temp est cité."),
    ("content", "Colonnes\tséparées par des tabulations."),
    ("content", LONG_FR),
    ("content", "Le Kremlin a confirmé."),
    ("content", "Le Kremlin a confirmé."),
    ("chrome", "Lien source"),
)
VI_TITLE = unicodedata.normalize("NFC", "Nga rút lực lượng khỏi Nagorno-Karabakh")
TARGETS = {
    1: VI_TITLE,
    2: "Ông nói: \"Chúng tôi rời đi\", rồi 'tạm biệt'.",
    3: "Đường dẫn C:\\Windows\\temp được trích dẫn, \\n giữ nguyên.",
    4: "Các cột\tphân tách\tbằng tab.",
    5: (
        "Người phát ngôn Điện Kremlin Dmitry Peskov ngày 17/4 xác nhận Nga đã bắt đầu rút lực "
        "lượng gìn giữ hòa bình khỏi khu vực Nagorno-Karabakh ở Azerbaijan, theo RT, dẫn các "
        "nguồn tin quân sự và ảnh vệ tinh cho thấy các đoàn xe bọc thép rời khỏi vị trí."
    ),
    6: "Điện Kremlin đã xác nhận.\nDòng thứ hai.\n\nDòng thứ tư.",
    7: "Điện Kremlin đã xác nhận (lần nữa).",
}


# -- helpers -------------------------------------------------------------------


def make_segments(items: tuple[tuple[str, str], ...]) -> list[Segment]:
    return store_segments(*items)


def seg_ids(store: Store) -> dict[int, str]:
    return {s.position: s.id for s in store.segments(SLUG)}


def machine(store: Store, lang: str, *, pivot: bool = False) -> None:
    store.store_mt(
        SLUG,
        lang,
        [
            MTWrite(
                s.id,
                f"MT {s.position}",
                f"fr_{lang}@1.0",
                pivot=f"EN {s.position}" if pivot else None,
            )
            for s in store.segments(SLUG)
        ],
    )


def approve(store: Store, position: int, lang: str, text: str, reviewer: str | None = None) -> None:
    sid = seg_ids(store)[position]
    store.approve(SLUG, sid, lang, expected_version=None, target=text, reviewer=reviewer)


def snapshot(store: Store, lang: str) -> tuple[list[object], int]:
    return store.rows(SLUG, lang, include_removed=True), len(store.events(SLUG))


def by_ctxt(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgctxt: e for e in polib.pofile(str(path))}


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "ws", create=True)
    s.import_article(
        SLUG, make_segments(ARTICLE), title="La Russie", source_path="a.txt", source_sha256="x"
    )
    yield s
    s.close()


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    return tmp_path / "locales"


@pytest.fixture()
def approved_vi(store: Store) -> Store:
    machine(store, "vi", pivot=True)
    for position, text in TARGETS.items():
        approve(store, position, "vi", text, reviewer="lan")
    return store


# -- module hygiene and paths --------------------------------------------------


def test_po_path() -> None:
    assert po_path(Path("locales"), "vi", "karabakh") == Path("locales/vi/LC_MESSAGES/karabakh.po")


def test_gettext_dates() -> None:
    assert gettext_date("2024-04-17T10:15:59.999Z") == "2024-04-17 10:15+0000"
    when = parse_gettext_date("2024-04-17 12:15+0200")
    assert when is not None and when.isoformat() == "2024-04-17T10:15:00+00:00"
    assert parse_gettext_date("YEAR-MO-DA HO:MI+ZONE") is None
    assert parse_gettext_date(None) is None


# -- export --------------------------------------------------------------------


def test_tricky_content_round_trips_through_msgfmt_and_polib(approved_vi: Store, out: Path) -> None:
    [result] = export_article(approved_vi, SLUG, ["vi"], out)
    assert result == ExportResult("vi", po_path(out, "vi", SLUG), 7, 0, 0, None)
    assert msgfmt_check(result.path) == "7 translated messages."
    entries = list(polib.pofile(str(result.path)))
    rows = {r.segment.id: r for r in approved_vi.rows(SLUG, "vi")}
    # exactly the store's approved text, in article order, one entry per segment
    assert [e.msgctxt for e in entries] == [s.id for s in approved_vi.segments(SLUG)][:7]
    for e in entries:
        row = rows[e.msgctxt]
        assert row.translation is not None
        assert (e.msgid, e.msgstr) == (row.segment.source, row.translation.target)
        assert e.occurrences == [(SLUG, str(row.segment.paragraph))]
        assert "c-format" not in e.flags and not e.fuzzy
    assert entries[0].msgstr == VI_TITLE and unicodedata.is_normalized("NFC", entries[0].msgstr)
    assert entries[5].msgstr == TARGETS[6]  # embedded newlines
    # the duplicate sentence stays two entries, told apart by msgctxt
    assert entries[5].msgid == entries[6].msgid and entries[5].msgctxt != entries[6].msgctxt
    text = result.path.read_text(encoding="utf-8")
    assert "c-format" not in text
    assert '"Điện Kremlin đã xác nhận.\\n"\n"Dòng thứ hai.\\n"\n"\\n"\n"Dòng thứ tư."' in text
    long_lines = [line for line in text.splitlines() if len(line) > 79]
    assert long_lines == []  # the long sentence is wrapped (polib's width 78)
    assert 'msgid ""\n"Le porte-parole du Kremlin' in text


def test_header_exact_values(approved_vi: Store, out: Path) -> None:
    path = export_article(approved_vi, SLUG, ["vi"], out)[0].path
    raw = path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
    assert not raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\n")
    assert not raw.endswith(b"\n\n")
    text = raw.decode("utf-8")
    assert text.startswith(
        "# La Russie — Vietnamese translation.\n"
        "# Exported by workbench from the approved segments.\n"
        'msgid ""\nmsgstr ""\n'
    )
    article = approved_vi.article(SLUG)
    exported = [r.translation for r in approved_vi.rows(SLUG, "vi") if r.status == "approved"]
    latest = max(exported, key=lambda t: t.updated_at if t else "")
    assert latest is not None
    expected = [
        ("Project-Id-Version", f"workbench {SLUG}"),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", gettext_date(article.imported_at)),
        ("PO-Revision-Date", gettext_date(latest.updated_at)),
        ("Last-Translator", "lan"),
        ("Language-Team", "Vietnamese"),
        ("Language", "vi"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", "nplurals=1; plural=0;"),
        ("X-Generator", f"workbench {__version__}"),
        ("X-Workbench-Revision", latest.updated_at),
    ]
    header = "".join(f'"{key}: {value}\\n"\n' for key, value in expected)
    assert header in text  # every field, in this order, with these values
    assert list(polib.pofile(str(path)).metadata.items()) == expected
    msgfmt_check(path)


@pytest.mark.parametrize(
    ("lang", "team", "plural"),
    [
        ("en", "English", "nplurals=2; plural=(n != 1);"),
        ("vi", "Vietnamese", "nplurals=1; plural=0;"),
        ("fr", "French", "nplurals=2; plural=(n > 1);"),
        ("pt_BR", "Brazilian Portuguese", "nplurals=2; plural=(n > 1);"),
        ("en_GB", "English (GB)", "nplurals=2; plural=(n != 1);"),
        ("ru", "Russian", None),
        ("pl", "Polish", None),
        ("cs", "Czech", None),
        ("ar", "Arabic", None),
        ("zh", "Chinese", "nplurals=1; plural=0;"),
        ("xyz", "xyz", "nplurals=2; plural=(n != 1);"),
    ],
)
def test_plural_forms_per_language(
    store: Store, out: Path, lang: str, team: str, plural: str | None
) -> None:
    path = export_article(store, SLUG, [lang], out)[0].path
    meta = polib.pofile(str(path)).metadata
    assert (meta["Language"], meta["Language-Team"]) == (lang, team)
    if plural is not None:
        assert meta["Plural-Forms"] == plural
    msgfmt_check(path)  # msgfmt parses and checks every Plural-Forms expression


def test_deterministic_bytes(approved_vi: Store, out: Path, tmp_path: Path) -> None:
    first = export_article(approved_vi, SLUG, ["vi"], out, include_machine=True)[
        0
    ].path.read_bytes()
    again = export_article(approved_vi, SLUG, ["vi"], out, include_machine=True)[
        0
    ].path.read_bytes()
    assert first == again
    # unrelated activity: a save with the same text (no write), another language, reads
    sid = seg_ids(approved_vi)[2]
    approved_vi.save_target(SLUG, sid, "vi", TARGETS[2], expected_version=None)
    machine(approved_vi, "en")
    approve(approved_vi, 3, "en", "The path is quoted.")
    approved_vi.status(SLUG)
    approved_vi.events(SLUG)
    elsewhere = export_article(approved_vi, SLUG, ["vi"], tmp_path / "other", include_machine=True)
    assert elsewhere[0].path.read_bytes() == first


def test_default_exports_approved_only_and_include_machine_marks_fuzzy(
    store: Store, out: Path
) -> None:
    machine(store, "en")
    ids = seg_ids(store)
    approve(store, 1, "en", "Russia withdraws", reviewer="ann")
    store.save_target(SLUG, ids[2], "en", "He said: we leave.", expected_version=None)
    store.set_note(SLUG, ids[2], "en", "check the quote\nagainst AFP")

    [default] = export_article(store, SLUG, ["en"], out)
    assert (default.approved, default.fuzzy, default.untranslated_skipped) == (1, 0, 6)
    assert [e.msgctxt for e in polib.pofile(str(default.path))] == [ids[1]]
    assert msgfmt_check(default.path) == "1 translated message."

    [loose] = export_article(store, SLUG, ["en"], out, include_machine=True)
    assert (loose.approved, loose.fuzzy, loose.untranslated_skipped) == (1, 6, 0)
    entries = by_ctxt(loose.path)
    assert ids[8] not in entries  # chrome never
    assert not entries[ids[1]].fuzzy and entries[ids[1]].comment == ""
    assert entries[ids[2]].fuzzy and entries[ids[2]].msgstr == "He said: we leave."
    assert entries[ids[2]].comment == "check the quote\nagainst AFP\nMT: fr_en@1.0"
    assert entries[ids[3]].flags == ["fuzzy"] and entries[ids[3]].msgstr == "MT 3"
    assert msgfmt_check(loose.path) == "1 translated message, 6 fuzzy translations."
    assert "# Exported by workbench: approved segments, machine and edited ones marked fuzzy." in (
        loose.path.read_text(encoding="utf-8")
    )


def test_pivot_and_note_become_extracted_comments(approved_vi: Store, out: Path) -> None:
    ids = seg_ids(approved_vi)
    approved_vi.set_note(SLUG, ids[1], "vi", "tên riêng: giữ nguyên\x07 Nagorno")
    path = export_article(approved_vi, SLUG, ["vi"], out)[0].path
    entry = by_ctxt(path)[ids[1]]
    assert entry.comment == "tên riêng: giữ nguyên Nagorno\nen: EN 1"
    msgfmt_check(path)


def test_pending_removed_and_chrome_are_left_out(store: Store, out: Path) -> None:
    approve(store, 2, "en", "He said.")
    approve(store, 3, "en", "The path.")
    # re-import without segment 3: removed, its approved work kept but not exported
    store.import_article(
        SLUG,
        make_segments(ARTICLE[:2] + ARTICLE[3:]),
        title="La Russie",
        source_path="a.txt",
        source_sha256="y",
    )
    [result] = export_article(store, SLUG, ["en"], out)
    assert (result.approved, result.untranslated_skipped) == (1, 5)
    assert [e.msgstr for e in polib.pofile(str(result.path))] == ["He said."]
    msgfmt_check(result.path)


def test_nothing_approved_writes_a_valid_header_only_file(store: Store, out: Path) -> None:
    machine(store, "en")
    [result] = export_article(store, SLUG, ["en"], out)
    assert (result.approved, result.fuzzy, result.untranslated_skipped) == (0, 0, 7)
    po = polib.pofile(str(result.path))
    assert len(po) == 0
    meta = po.metadata
    assert meta["PO-Revision-Date"] == meta["POT-Creation-Date"]
    assert meta["Last-Translator"] == "workbench"
    assert msgfmt_check(result.path) == "0 translated messages."


def test_several_languages_and_build_po(approved_vi: Store, out: Path) -> None:
    approve(approved_vi, 1, "en", "Russia withdraws")
    results = export_article(approved_vi, SLUG, ["en", "vi", "en"], out)
    assert [(r.lang, r.approved) for r in results] == [("en", 1), ("vi", 7)]
    for r in results:
        msgfmt_check(r.path)
        assert r.path.read_bytes() == str(build_po(approved_vi, SLUG, r.lang)).encode()


def test_mo_file_reads_back(approved_vi: Store, out: Path) -> None:
    machine(approved_vi, "en")
    approve(approved_vi, 1, "en", "Russia withdraws")
    [result] = export_article(approved_vi, SLUG, ["vi"], out, mo=True)
    assert result.mo_path == result.path.with_suffix(".mo") and result.mo_path.is_file()
    [en] = export_article(approved_vi, SLUG, ["en"], out, mo=True, include_machine=True)
    with result.mo_path.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    for e in polib.pofile(str(result.path)):
        assert catalog.pgettext(e.msgctxt, e.msgid) == e.msgstr
    mo = polib.mofile(str(result.mo_path))
    assert {(e.msgctxt, e.msgid, e.msgstr) for e in mo} == {
        (e.msgctxt, e.msgid, e.msgstr) for e in polib.pofile(str(result.path))
    }
    # fuzzy entries stay out of the .mo, as with msgfmt
    assert [e.msgstr for e in polib.mofile(str(en.mo_path))] == ["Russia withdraws"]
    proc = subprocess.run(
        ["msgunfmt", str(result.mo_path)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert 'msgctxt "' in proc.stdout and "Nga rút lực lượng" in proc.stdout


def test_failed_write_keeps_the_previous_file_and_no_temp(
    approved_vi: Store, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.project.exporting as export

    [first] = export_article(approved_vi, SLUG, ["vi"], out)
    before = first.path.read_bytes()
    approve(approved_vi, 2, "vi", "Văn bản mới.")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", disk_full)
    with pytest.raises(InputError, match="No space left on device"):
        export_article(approved_vi, SLUG, ["vi"], out)
    assert first.path.read_bytes() == before
    assert sorted(p.name for p in first.path.parent.iterdir()) == [f"{SLUG}.po"]
    monkeypatch.undo()

    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(export.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_article(approved_vi, SLUG, ["vi"], out, mo=True)
    assert first.path.read_bytes() == before
    assert sorted(p.name for p in first.path.parent.iterdir()) == [f"{SLUG}.po"]


@pytest.mark.parametrize("lang", ["EN", "english", "en-US", "en_us", "../x", "", "e"])
def test_bad_language_code(store: Store, out: Path, lang: str) -> None:
    with pytest.raises(InputError, match="invalid language code"):
        export_article(store, SLUG, ["en", lang], out)
    assert not out.exists()


def test_no_language(store: Store, out: Path) -> None:
    with pytest.raises(InputError, match="no target language"):
        export_article(store, SLUG, [], out)


def test_unknown_slug(store: Store, out: Path) -> None:
    with pytest.raises(NotFoundError, match="no article 'nope'"):
        export_article(store, "nope", ["en"], out)
    assert not out.exists()


def test_output_folder_problems(store: Store, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(InputError, match="is a file"):
        export_article(store, SLUG, ["en"], afile)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "en").write_text("x")
    with pytest.raises(InputError, match="cannot create the output folder"):
        export_article(store, SLUG, ["en"], tmp_path / "out")
    assert afile.read_text() == "x"


def test_unwritable_output_folder_is_one_clear_line(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.project.exporting as export

    monkeypatch.setattr(export.os, "access", lambda *args, **kwargs: False)
    with pytest.raises(InputError, match=r"^the output folder .* is not writable: fix its"):
        export_article(store, SLUG, ["en"], tmp_path / "out")
    assert list((tmp_path / "out").rglob("*.po")) == []


def test_target_msgfmt_would_reject_stops_the_export(approved_vi: Store, out: Path) -> None:
    [first] = export_article(approved_vi, SLUG, ["vi"], out)
    before = first.path.read_bytes()
    approve(approved_vi, 2, "vi", "Dòng cuối có xuống dòng\n")
    sid = seg_ids(approved_vi)[2]
    with pytest.raises(InputError, match=f"segment {sid} .*ends with a line break"):
        export_article(approved_vi, SLUG, ["vi"], out)
    assert first.path.read_bytes() == before
    assert gettext_problem("a", "\nb") == (
        "the target starts with a line break and the source does not"
    )
    assert gettext_problem("a", "b\x00") == "the target contains a NUL character"
    assert "U+0004" in (gettext_problem("a\x04", "b") or "")
    assert gettext_problem("a\n", "b\n") is None


# -- import --------------------------------------------------------------------


def edit_po(path: Path, changes: dict[str, tuple[str | None, bool | None]]) -> None:
    """msgctxt -> (new msgstr or None to keep, fuzzy True/False or None to keep)."""
    po = polib.pofile(str(path))
    for e in po:
        if e.msgctxt in changes:
            text, fuzzy = changes[e.msgctxt]
            if text is not None:
                e.msgstr = text
            if fuzzy is True and not e.fuzzy:
                e.flags.append("fuzzy")
            if fuzzy is False and e.fuzzy:
                e.flags.remove("fuzzy")
    po.save(str(path))


def latest_edit(store: Store) -> str:
    """The newest ``updated_at`` of the article's English rows: the exported file's revision."""
    return max(r.translation.updated_at for r in store.rows(SLUG, "en") if r.translation)


@pytest.fixture()
def half_done(store: Store, out: Path) -> tuple[Store, Path, dict[int, str]]:
    """MT everywhere, segment 1 approved, exported with --include-machine."""
    machine(store, "en")
    approve(store, 1, "en", "Russia withdraws its forces", reviewer="ann")
    [result] = export_article(store, SLUG, ["en"], out, include_machine=True)
    return store, result.path, seg_ids(store)


def test_import_round_trip_and_idempotent(half_done: tuple[Store, Path, dict[int, str]]) -> None:
    store, path, ids = half_done
    edit_po(
        path,
        {
            ids[2]: ('He said: "We are leaving", then "goodbye".', False),  # edit + approve
            ids[3]: ("The path C:\\Windows\\temp is quoted.", None),  # edit, still fuzzy
            ids[4]: (None, False),  # approve the MT as is
            ids[5]: ("", None),  # emptied: skipped
        },
    )
    result = import_po(store, path, SLUG, "en", reviewer="bob")
    assert (result.approved, result.edited, result.skipped_empty) == (2, 1, 1)
    assert result.unchanged == 3 and result.conflicts == () and result.unknown == ()
    rows = {r.segment.id: r.translation for r in store.rows(SLUG, "en")}
    assert (rows[ids[2]].target, rows[ids[2]].status) == (
        'He said: "We are leaving", then "goodbye".',
        "approved",
    )
    assert (rows[ids[2]].reviewer, rows[ids[1]].reviewer) == ("bob", "ann")
    assert (rows[ids[3]].target, rows[ids[3]].status) == (
        "The path C:\\Windows\\temp is quoted.",
        "edited",
    )
    assert (rows[ids[4]].target, rows[ids[4]].status) == ("MT 4", "approved")
    assert (rows[ids[5]].target, rows[ids[5]].status) == ("MT 5", "machine")

    before = snapshot(store, "en")
    again = import_po(store, path, SLUG, "en", reviewer="bob")
    assert (again.approved, again.edited, again.unchanged, again.conflicts) == (0, 0, 6, ())
    assert snapshot(store, "en") == before

    # and the store exports what was imported
    [fresh] = export_article(store, SLUG, ["en"], path.parent.parent.parent)
    assert fresh.approved == 3
    msgfmt_check(fresh.path)


def test_store_edit_newer_than_the_file_is_a_conflict(
    half_done: tuple[Store, Path, dict[int, str]],
) -> None:
    store, path, ids = half_done
    wait_past(latest_edit(store))  # the store's clock has millisecond resolution
    store.save_target(SLUG, ids[1], "en", "Russia pulls out", expected_version=None, reviewer="cy")
    store.save_target(SLUG, ids[2], "en", "He said so.", expected_version=None, reviewer="cy")
    edit_po(
        path,
        {
            ids[1]: ("Russia withdraws its troops", None),  # differs from both: conflict
            ids[2]: ("He said so.", False),  # same text as the store edit: just approve
            ids[3]: ("The path.", False),  # machine in the store: taken
        },
    )
    result = import_po(store, path, SLUG, "en")
    assert [(c.segment_id, c.po_text, c.store_text, c.reviewer) for c in result.conflicts] == [
        (ids[1], "Russia withdraws its troops", "Russia pulls out", "cy")
    ]
    conflict = result.conflicts[0]
    assert conflict.msgid == ARTICLE[0][1]
    assert conflict.store_updated_at == store.row(SLUG, ids[1], "en").translation.updated_at
    assert result.approved == 2
    assert store.row(SLUG, ids[1], "en").translation.target == "Russia pulls out"
    assert store.row(SLUG, ids[2], "en").translation.status == "approved"


def test_file_without_revision_date_conflicts_with_every_differing_edit(
    half_done: tuple[Store, Path, dict[int, str]],
) -> None:
    store, path, ids = half_done
    po = polib.pofile(str(path))
    del po.metadata["PO-Revision-Date"], po.metadata["X-Workbench-Revision"]
    for e in po:
        e.msgstr += " (revised)"
    po.save(str(path))
    result = import_po(store, path, SLUG, "en")
    assert [c.segment_id for c in result.conflicts] == [ids[1]]  # the approved one
    assert result.edited == 6  # machine rows take the file's text


def test_later_poedit_save_date_wins_over_older_store_edits(
    half_done: tuple[Store, Path, dict[int, str]],
) -> None:
    store, path, ids = half_done
    wait_past(latest_edit(store))
    store.save_target(SLUG, ids[2], "en", "Store text.", expected_version=None)
    po = polib.pofile(str(path))
    po.metadata["PO-Revision-Date"] = "2999-01-01 00:00+0100"  # saved by Poedit later on
    po.save(str(path))
    edit_po(path, {ids[2]: ("Poedit text.", False)})
    result = import_po(store, path, SLUG, "en")
    assert result.conflicts == () and result.approved == 1
    assert store.row(SLUG, ids[2], "en").translation.target == "Poedit text."


def test_concurrent_writer_between_read_and_write_is_a_conflict(
    half_done: tuple[Store, Path, dict[int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, path, ids = half_done
    edit_po(path, {ids[2]: ("File text 2.", False), ids[3]: ("File text 3.", False)})
    other = open_store(store.path.parent)
    read_rows = store.rows

    def rows_then_someone_writes(*args: object, **kwargs: object) -> object:
        rows = read_rows(*args, **kwargs)  # type: ignore[arg-type]
        other.save_target(SLUG, ids[3], "en", "Other process.", expected_version=None)
        return rows

    monkeypatch.setattr(store, "rows", rows_then_someone_writes)
    result = import_po(store, path, SLUG, "en")
    other.close()
    assert [(c.segment_id, c.store_text) for c in result.conflicts] == [(ids[3], "Other process.")]
    assert result.approved == 1
    assert store.row(SLUG, ids[2], "en").translation.target == "File text 2."
    assert store.row(SLUG, ids[3], "en").translation.target == "Other process."


def test_unknown_changed_and_fallback_entries(
    half_done: tuple[Store, Path, dict[int, str]],
) -> None:
    store, path, ids = half_done
    po = polib.pofile(str(path))
    entries = {e.msgctxt: e for e in po}
    entries[ids[3]].msgid = "Une phrase réécrite depuis l'export."
    entries[ids[3]].msgstr = "A rewritten sentence."
    entries[ids[2]].msgctxt = None  # unique source: found by msgid
    entries[ids[2]].msgstr = "Found by its source."
    entries[ids[2]].flags = []
    entries[ids[4]].msgstr = "Ends with a line break the source lacks\n"
    entries[ids[6]].msgctxt = None  # this source appears twice: ambiguous
    entries[ids[6]].msgstr = "Ambiguous."
    po.append(polib.POEntry(msgctxt="s000000000000", msgid="Inconnu.", msgstr="Unknown."))
    po.append(polib.POEntry(msgctxt=ids[8], msgid="Lien source", msgstr="Source link"))
    po.append(polib.POEntry(msgid="Ancien.", msgstr="Old.", obsolete=True))
    po.save(str(path))
    result = import_po(store, path, SLUG, "en")
    assert result.approved == 1
    assert store.row(SLUG, ids[2], "en").translation.target == "Found by its source."
    assert store.row(SLUG, ids[3], "en").translation.target == "MT 3"  # not written
    assert len(result.unknown) == 5
    notes = "\n".join(result.unknown)
    assert f"{ids[3]}: the French source changed since the export" in notes
    assert "2 segments have this source" in notes
    assert "s000000000000: no such segment" in notes
    assert f"{ids[8]}: the segment is page chrome" in notes
    assert f"{ids[4]}: the target ends with a line break" in notes
    assert store.row(SLUG, ids[4], "en").translation.target == "MT 4"


def test_language_region_is_accepted(half_done: tuple[Store, Path, dict[int, str]]) -> None:
    store, path, ids = half_done
    po = polib.pofile(str(path))
    po.metadata["Language"] = "en_US"
    po.save(str(path))
    edit_po(path, {ids[2]: ("Regional.", False)})
    assert import_po(store, path, SLUG, "en").approved == 1


def _bad_files(tmp: Path, good: Path) -> dict[str, tuple[Path, str]]:
    text = good.read_text(encoding="utf-8")
    files: dict[str, tuple[Path, str]] = {}

    def put(name: str, data: bytes, match: str) -> None:
        p = tmp / f"{name}.po"
        p.write_bytes(data)
        files[name] = (p, match)

    put(
        "syntax",
        (text + 'msgid "oops\nmsgstr "x"\n').encode(),
        r"not a valid PO file: syntax error",
    )
    put("quote", (text + 'msgid "a"b"\nmsgstr "x"\n').encode(), r"syntax error at line \d+")
    put("garbage", (text + "\nthis is not a PO line\n").encode(), r"syntax error at line \d+")
    put("orphan", (text + '\nmsgstr "orphan"\n').encode(), r"syntax error at line \d+:")
    latin = text.replace("charset=UTF-8", "charset=ISO-8859-1")
    put("latin1", latin.encode("latin-1", "replace"), r"ISO-8859-1, not UTF-8.*msgconv -t UTF-8")
    put("latin1-ascii", latin.encode("ascii", "replace"), r"ISO-8859-1, not UTF-8")
    put(
        "not-utf8",
        text.encode("utf-8") + b'\nmsgid "\xe9"\nmsgstr "x"\n',
        r"is not UTF-8 \(byte 0xE9 at offset \d+\) on line \d+",
    )
    first = polib.pofile(str(good))[0]
    dup = f'\nmsgctxt "{first.msgctxt}"\nmsgid "Autre."\nmsgstr "Other."\n'
    put("duplicate", (text + dup).encode(), f"msgctxt '{first.msgctxt}' twice")
    put("language", text.replace('"Language: en', '"Language: vi').encode(), "'vi' translation")
    put("binary", bytes(range(256)) * 4, r"is binary \(NUL byte at offset 0\) on line 1")
    put("mo", b"\xde\x12\x04\x95" + b"\x00" * 64, "compiled .mo")
    files["missing"] = (tmp / "missing.po", "does not exist")
    files["folder"] = (tmp, "is a directory, not a file")
    return files


@pytest.mark.parametrize(
    "case",
    [
        "syntax",
        "garbage",
        "orphan",
        "quote",
        "latin1",
        "latin1-ascii",
        "not-utf8",
        "duplicate",
        "language",
        "binary",
        "mo",
        "missing",
        "folder",
    ],
)
def test_bad_po_files_change_nothing(
    half_done: tuple[Store, Path, dict[int, str]], tmp_path: Path, case: str
) -> None:
    store, path, ids = half_done
    edit_po(path, {ids[2]: ("Would be imported.", False)})
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad, match = _bad_files(bad_dir, path)[case]
    before = snapshot(store, "en")
    with pytest.raises(InputError, match=match) as info:
        import_po(store, bad, SLUG, "en")
    assert "\n" not in str(info.value)
    assert snapshot(store, "en") == before


def test_import_unknown_slug_and_bad_lang(half_done: tuple[Store, Path, dict[int, str]]) -> None:
    store, path, _ = half_done
    with pytest.raises(NotFoundError):
        import_po(store, path, "nope", "en")
    with pytest.raises(InputError, match="invalid language code"):
        import_po(store, path, SLUG, "English")


# -- property: any text survives export exactly ---------------------------------

#: every C0 control but NUL, DEL, C1 NEL, Unicode line separators, quotes, backslash, letters
TRICKY = st.sampled_from(
    [chr(c) for c in range(1, 32)] + list('\x7f\x85\u2028\u2029\ufeff"\\ -aé«»ệ')
)
TEXT = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=300),
    st.text(
        st.one_of(TRICKY, st.characters(codec="utf-8", exclude_characters="\x00")),
        min_size=1,
        max_size=200,
    ),
).filter(lambda s: s.strip() != "")
SOURCE = "Une phrase source."


@pytest.fixture(scope="module")
def one_segment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path, str]]:
    root = tmp_path_factory.mktemp("property")
    s = open_store(root / "ws", create=True)
    segments = make_segments((("content", SOURCE),))
    s.import_article(SLUG, segments, title="T", source_path="t", source_sha256="t")
    yield s, root / "out", segments[0].id
    s.close()


_exported: list[str] = []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_any_text_round_trips_exactly(one_segment: tuple[Store, Path, str], text: str) -> None:
    store, out, sid = one_segment
    store.approve(SLUG, sid, "vi", expected_version=None, target=text)
    if gettext_problem(SOURCE, text):  # a NUL, EOT or edge line break: refused, named
        with pytest.raises(InputError, match=f"segment {sid} .*which gettext rejects"):
            export_article(store, SLUG, ["vi"], out)
        return
    [result] = export_article(store, SLUG, ["vi"], out)
    [entry] = polib.pofile(str(result.path))
    assert entry.msgstr == text
    _exported.append(text)
    if len(_exported) % 5 == 1:  # msgfmt on a sample: a process each
        msgfmt_check(result.path)


def test_many_random_texts_in_one_file_pass_msgfmt(tmp_path: Path) -> None:
    """The property test's msgfmt sample, widened: 300 random targets in one file."""
    import random

    rnd = random.Random(20240417)
    pool = [chr(c) for c in range(1, 32) if c != 4] + list('\x7f\x85\u2028"\\ aé«»ệ')
    s = open_store(tmp_path / "ws", create=True)
    sources = [f"Phrase numéro {i}." for i in range(300)]
    s.import_article(
        SLUG, make_segments(tuple(("content", src) for src in sources)), title="T",
        source_path="t", source_sha256="t",
    )  # fmt: skip
    want = {}
    for seg in s.segments(SLUG):
        n = rnd.choice([3, 30, 90, 250])
        text = "".join(
            rnd.choice(pool) if rnd.random() < 0.3 else chr(rnd.randint(0x20, 0x2FFF))
            for _ in range(n)
        )
        text = "x" + "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF) + "y"
        s.approve(SLUG, seg.id, "vi", expected_version=None, target=text)
        want[seg.id] = text
    [result] = export_article(s, SLUG, ["vi"], tmp_path / "out")
    s.close()
    assert {e.msgctxt: e.msgstr for e in polib.pofile(str(result.path))} == want
    assert msgfmt_check(result.path) == "300 translated messages."
