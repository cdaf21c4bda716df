"""XLIFF 1.2 / 2.0 export and import: every written file is validated with ``xmllint`` against
the official OASIS schemas and re-read with translate-toolkit's own parser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.support import SCHEMA_DIR, SCHEMAS, make_segments, xmllint
from workbench.errors import InputError, NotFoundError
from workbench.formats.xliff import NS, NS_MDA
from workbench.interchange import export_xliff, import_xliff, is_xliff, xliff_path
from workbench.store import MTWrite, Store, open_store

SLUG = "art"
HOSTILE = "Il a écrit « <b>gras</b> » & ]]> puis \u202eטקסט\u202c 😀\ttab  deux espaces."
ARTICLE = (
    ("title", "La Russie retire ses forces"),
    ("content", "Le Kremlin a confirmé."),
    ("content", "Le Kremlin a confirmé."),  # the same sentence twice: two segments
    ("content", HOSTILE),
    ("content", "Des colonnes quittent les positions."),
    ("content", "Une phrase sans traduction."),
    ("chrome", "Lien source"),
)
VERSIONS = ("1.2", "2.0")


# -- helpers -------------------------------------------------------------------


def toolkit_units(path: Path, version: str) -> dict[str, tuple[str, str]]:
    """What translate-toolkit's stock classes read: unit id -> (source, target)."""
    from translate.storage import xliff, xliff2

    data = path.read_bytes()
    if version == "1.2":
        store = xliff.xlifffile.parsestring(data)
        return {u.xmlelement.get("id"): (u.source, u.target or "") for u in store.units}
    store2 = xliff2.Xliff2File.parsestring(data)
    return {u.getid(): (u.source, u.target or "") for u in store2.units}


def units(path: Path, version: str) -> dict[str, etree._Element]:
    tag = "trans-unit" if version == "1.2" else "unit"
    root = etree.parse(str(path)).getroot()
    return {u.get("id"): u for u in root.iter(f"{{{NS[version]}}}{tag}")}


def q(version: str, name: str) -> str:
    return f"{{{NS[version]}}}{name}"


def edit(path: Path, version: str, changes: dict[str, tuple[str | None, str | None]]) -> None:
    """Edit like a CAT tool: unit id -> (new target or None, new state or None). XLIFF 1.2
    states: 'approved' sets approved="yes" + signed-off, 'translated' approved="no"."""
    tree = etree.parse(str(path))
    found = units_in(tree, version)
    for uid, (text, state) in changes.items():
        unit = found[uid]
        holder = unit if version == "1.2" else unit.find(q(version, "segment"))
        target = holder.find(q(version, "target"))
        if text is not None:
            if target is None:
                target = etree.SubElement(holder, q(version, "target"))
                holder.insert(1, target)
            target.text = text
        if state is not None and version == "1.2":
            unit.set("approved", "yes" if state == "approved" else "no")
            target.set("state", "signed-off" if state == "approved" else state)
        elif state is not None:
            holder.set("state", state)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def state_12(unit: etree._Element) -> tuple[str | None, str | None, dict[str, str]]:
    """(approved attribute, target text, target attributes) of an XLIFF 1.2 trans-unit."""
    target = unit.find(q("1.2", "target"))
    attrs = dict(target.attrib) if target is not None else {}
    return unit.get("approved"), unit.findtext(q("1.2", "target")), attrs


def units_in(tree: etree._ElementTree, version: str) -> dict[str, etree._Element]:
    tag = "trans-unit" if version == "1.2" else "unit"
    return {u.get("id"): u for u in tree.getroot().iter(f"{{{NS[version]}}}{tag}")}


def ids(store: Store) -> dict[int, str]:
    return {s.position: s.id for s in store.segments(SLUG)}


def row(store: Store, position: int, lang: str = "vi") -> tuple[str, str]:
    t = store.row(SLUG, ids(store)[position], lang).translation
    assert t is not None
    return t.target, t.status


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "ws", create=True)
    s.import_article(
        SLUG, make_segments(*ARTICLE), title="La Russie <retire> & part", source_path="a.txt",
        source_sha256="x",
    )  # fmt: skip
    yield s
    s.close()


@pytest.fixture()
def worked(store: Store) -> Store:
    """vi: 1 approved, 2 edited, 3 and 4 machine (through an English pivot), 5 MT from the TM,
    6 pending; 7 is chrome."""
    i = ids(store)
    store.store_mt(
        SLUG,
        "vi",
        [MTWrite(i[p], f"MT {p}", "fr_en@1.9 > en_vi@1.9", pivot=f"EN {p}") for p in (1, 2, 3, 4)]
        + [MTWrite(i[5], "TM 5", f"tm:other/{i[5]}", origin="tm")],
    )
    store.approve(SLUG, i[1], "vi", expected_version=None, target="Nga rút quân", reviewer="lan")
    store.save_target(SLUG, i[2], "vi", "Điện Kremlin đã xác nhận.", expected_version=None)
    store.set_note(SLUG, i[2], "vi", "check the name")
    return store


# -- export --------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_export_validates_and_maps_statuses(worked: Store, tmp_path: Path, version: str) -> None:
    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version=version)
    assert result.path == xliff_path(tmp_path / "out", "vi", SLUG) == tmp_path / "out/vi/art.xlf"
    assert result.counts == {"approved": 1, "edited": 1, "machine": 3, "pending": 1}
    xmllint(result.path, version, tmp_path)
    i = ids(worked)
    read = toolkit_units(result.path, version)
    assert list(read) == [i[p] for p in range(1, 7)]  # article order, chrome left out
    assert read[i[4]] == (HOSTILE, "MT 4")
    assert read[i[6]] == ("Une phrase sans traduction.", "")
    found = units(result.path, version)
    if version == "1.2":
        states = {p: state_12(found[i[p]]) for p in range(1, 7)}
        review = "needs-review-translation"
        assert states[1] == ("yes", "Nga rút quân", {"state": "signed-off"})
        assert states[2][0] == "no" and states[2][2] == {"state": "translated"}
        assert states[3][2] == {"state": review, "state-qualifier": "mt-suggestion"}
        assert states[5][2] == {"state": review, "state-qualifier": "leveraged-tm"}
        assert states[6] == ("no", None, {})
        notes = {n.get("from"): n.text for n in found[i[2]].iter(q(version, "note"))}
    else:
        seg = {p: found[i[p]].find(q(version, "segment")) for p in range(1, 7)}
        assert [seg[p].get("state") for p in range(1, 7)] == [
            "final", "translated", "initial", "initial", "initial", "initial",
        ]  # fmt: skip
        assert (seg[3].get("subState"), seg[5].get("subState")) == ("workbench:mt", "workbench:tm")
        assert seg[6].find(q(version, "target")) is None
        notes = {n.get("category"): n.text for n in found[i[2]].iter(q(version, "note"))}
        metas = found[i[2]].iter(f"{{{NS_MDA}}}meta")
        versions = [m.text for m in metas if m.get("type") == "version"]
        assert versions == [str(worked.row(SLUG, i[2], "vi").translation.version)]
    assert notes == {
        "pivot": "English pivot: EN 2",
        "model": "MT: fr_en@1.9 > en_vi@1.9",
        "reviewer": "check the name",
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_export_is_deterministic_and_carries_qa_findings(
    worked: Store, tmp_path: Path, version: str
) -> None:
    i = ids(worked)
    worked.save_target(SLUG, i[3], "vi", "Cột 2 000 và 3 000", expected_version=None)
    [first] = export_xliff(worked, SLUG, ["vi"], tmp_path / "a", version=version)
    [second] = export_xliff(worked, SLUG, ["vi"], tmp_path / "b", version=version)
    assert first.path.read_bytes() == second.path.read_bytes()
    attr = "from" if version == "1.2" else "category"
    qa = [n.text for n in units(first.path, version)[i[3]].iter(q(version, "note"))
          if n.get(attr) == "qa"]  # fmt: skip
    assert qa and all(text.startswith("QA ") for text in qa)


@pytest.mark.parametrize("version", VERSIONS)
def test_control_character_is_refused_in_one_line_and_nothing_written(
    worked: Store, tmp_path: Path, version: str
) -> None:
    i = ids(worked)
    worked.save_target(SLUG, i[3], "vi", "bell \x07 here", expected_version=None)
    with pytest.raises(InputError) as err:
        export_xliff(worked, SLUG, ["en", "vi"], tmp_path / "out", version=version)
    assert "\n" not in str(err.value)
    assert f"segment {i[3]} (vi" in str(err.value) and "U+0007" in str(err.value)
    assert not (tmp_path / "out").exists()  # not even the en file


def test_unknown_article_and_bad_language(worked: Store, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        export_xliff(worked, "nope", ["vi"], tmp_path, version="1.2")
    with pytest.raises(InputError, match="invalid language code"):
        export_xliff(worked, SLUG, ["Vietnamese"], tmp_path, version="1.2")


# -- round trip ----------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_round_trip_an_edited_file(worked: Store, tmp_path: Path, version: str) -> None:
    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version=version)
    i = ids(worked)
    final = "approved" if version == "1.2" else "final"
    edit(
        result.path,
        version,
        {
            i[3]: ("Các cột rời vị trí.", final),  # edited and approved in the CAT tool
            i[4]: (None, "reviewed" if version == "2.0" else "approved"),  # MT approved as is
            i[5]: ("Bản dịch đã sửa.", "translated"),  # edited, not approved
            i[6]: ("Một câu mới.", None),  # translated from scratch, state left initial
        },
    )
    before_approved = row(worked, 1)
    report = import_xliff(worked, result.path, reviewer="omegat")
    assert (report.slug, report.lang, report.version) == (SLUG, "vi", version)
    r = report.result
    assert (r.approved, r.edited, r.conflicts, r.unknown) == (2, 2, (), ())
    assert r.unchanged == 2  # the approved segment 1 and the edited segment 2
    assert row(worked, 1) == before_approved == ("Nga rút quân", "approved")
    assert row(worked, 2) == ("Điện Kremlin đã xác nhận.", "edited")
    assert row(worked, 3) == ("Các cột rời vị trí.", "approved")
    assert row(worked, 4) == ("MT 4", "approved")
    assert row(worked, 5) == ("Bản dịch đã sửa.", "edited")
    assert row(worked, 6) == ("Một câu mới.", "edited")
    events = [e.action for e in worked.events(SLUG, i[3], "vi")]
    assert events[-1] == "import-xliff"

    again = import_xliff(worked, result.path, reviewer="omegat").result
    assert (again.approved, again.edited, again.unchanged, again.conflicts) == (0, 0, 6, ())


@pytest.mark.parametrize("version", VERSIONS)
def test_a_file_edited_by_translate_toolkit_comes_back(
    worked: Store, tmp_path: Path, version: str
) -> None:
    """Weblate and Pootle edit XLIFF through translate-toolkit: its stock classes re-serialize
    the whole file (indentation, attribute order, its own xml:space placement)."""
    from translate.storage import xliff, xliff2

    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version=version)
    i = ids(worked)
    cls = xliff.xlifffile if version == "1.2" else xliff2.Xliff2File
    tt = cls.parsestring(result.path.read_bytes())
    by_id = {(u.xmlelement.get("id") if version == "1.2" else u.getid()): u for u in tt.units}
    by_id[i[3]].target = "Dịch bởi Weblate."
    by_id[i[3]].markapproved(True)
    by_id[i[5]].target = "Cần xem lại."
    by_id[i[5]].markfuzzy(True)
    result.path.write_bytes(bytes(tt))
    r = import_xliff(worked, result.path).result
    assert (r.approved, r.edited, r.conflicts, r.unknown) == (1, 1, (), ())
    assert row(worked, 3) == ("Dịch bởi Weblate.", "approved")
    assert row(worked, 5) == ("Cần xem lại.", "edited")
    assert row(worked, 1) == ("Nga rút quân", "approved")


@pytest.mark.parametrize("version", VERSIONS)
def test_hostile_text_round_trips_exactly(worked: Store, tmp_path: Path, version: str) -> None:
    i = ids(worked)
    target = "Anh ta viết « <i>đậm</i> » & ]]> \u202eטקסט\u202c 🇻🇳\ttab  hai\r\nCRLF\nLF cuối."
    worked.approve(SLUG, i[4], "vi", expected_version=None, target=target)
    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version=version)
    xmllint(result.path, version, tmp_path)
    assert toolkit_units(result.path, version)[i[4]] == (HOSTILE, target)
    r = import_xliff(worked, result.path).result
    assert (r.approved, r.edited, r.unchanged, r.unknown) == (0, 0, 5, ())
    assert row(worked, 4) == (target, "approved")


# -- conflicts and refusals ----------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_segment_changed_in_the_workspace_since_the_export_is_a_conflict(
    worked: Store, tmp_path: Path, version: str
) -> None:
    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version=version)
    i = ids(worked)
    worked.save_target(SLUG, i[1], "vi", "Nga rút lực lượng", expected_version=None, reviewer="an")
    worked.save_target(SLUG, i[3], "vi", "Bản của an.", expected_version=None, reviewer="an")
    edit(result.path, version, {i[1]: ("Bản của tệp.", None), i[4]: ("Tệp 4.", None)})
    r = import_xliff(worked, result.path).result
    # 1: changed in both places; 3: changed in the workspace only, the file still has the
    # MT it was exported with (the PO import's rule: kept, reported)
    assert [(c.segment_id, c.file_text, c.store_text, c.reviewer) for c in r.conflicts] == [
        (i[1], "Bản của tệp.", "Nga rút lực lượng", "an"),
        (i[3], "MT 3", "Bản của an.", "an"),
    ]
    assert row(worked, 1) == ("Nga rút lực lượng", "edited")
    assert row(worked, 3) == ("Bản của an.", "edited")
    assert row(worked, 4) == ("Tệp 4.", "edited")  # machine in the store: the file's edit wins


@pytest.mark.parametrize("version", VERSIONS)
def test_version_is_what_decides_not_dates(worked: Store, tmp_path: Path, version: str) -> None:
    """An edit saved in the workspace *before* the export is no conflict, whatever the clock
    says; a unit whose version was stripped conflicts with every differing edit."""
    i = ids(worked)
    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version=version)
    tree = etree.parse(str(result.path))
    found = units_in(tree, version)
    if version == "1.2":
        ctx = next(c for c in found[i[1]].iter(q(version, "context"))
                   if c.get("context-type") == "x-workbench-version")  # fmt: skip
        ctx.getparent().remove(ctx)
    else:
        meta = found[i[1]].find(f"{{{NS_MDA}}}metadata")
        found[i[1]].remove(meta)
    tree.write(str(result.path), xml_declaration=True, encoding="UTF-8")
    edit(result.path, version, {i[1]: ("Khác.", None), i[2]: ("Cũng khác.", None)})
    r = import_xliff(worked, result.path).result
    assert [c.segment_id for c in r.conflicts] == [i[1]]
    assert row(worked, 2) == ("Cũng khác.", "edited")


def test_unknown_units_inline_markup_and_chrome_are_listed_not_imported(
    worked: Store, tmp_path: Path
) -> None:
    version = "1.2"
    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version=version)
    i = ids(worked)
    tree = etree.parse(str(result.path))
    found = units_in(tree, version)
    found[i[3]].find(q(version, "target")).text = "Có "
    etree.SubElement(found[i[3]].find(q(version, "target")), q(version, "g"), id="1").text = "đậm"
    found[i[4]].set("id", "s000000000000")
    found[i[5]].set("id", i[7])  # the chrome segment
    found[i[5]].find(q(version, "source")).text = "Lien source"
    found[i[5]].find(q(version, "target")).text = "Nguồn"
    tree.write(str(result.path), xml_declaration=True, encoding="UTF-8")
    r = import_xliff(worked, result.path).result
    assert [u.split(":")[0] for u in r.unknown] == [i[3], "s000000000000", i[7]]
    assert "inline markup" in r.unknown[0]
    assert "no such segment" in r.unknown[1] and "page chrome" in r.unknown[2]
    assert r.approved == r.edited == 0


def test_slug_and_language_must_agree_with_the_file(worked: Store, tmp_path: Path) -> None:
    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version="2.0")
    with pytest.raises(InputError, match="of article 'art', not 'other'"):
        import_xliff(worked, result.path, slug="other")
    with pytest.raises(InputError, match="'vi' translation, not 'en'"):
        import_xliff(worked, result.path, lang="en")
    r = import_xliff(worked, result.path, slug=SLUG, lang="vi").result
    assert (r.unchanged, r.skipped_empty) == (5, 1)


BAD_FILES = {
    "billion-laughs": b'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xliff version="1.2"><file>&b;</file></xliff>',
    "xxe": b'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<xliff version="1.2"><file original="art">&x;</file></xliff>',
    "not-xliff": b'<?xml version="1.0"?><tmx version="1.4"><header/><body/></tmx>',
    "malformed": b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
    b"<file><body><trans-unit id='a'><source>x</target></trans-unit></body></file></xliff>",
    "binary": b"\x00\x01\x02PK\x03\x04",
    "empty": b"",
    "no-file": b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr"/>',
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unusable_files_are_refused_in_one_line_and_change_nothing(
    worked: Store, tmp_path: Path, name: str
) -> None:
    path = tmp_path / f"{name}.xlf"
    path.write_bytes(BAD_FILES[name])
    before = (worked.rows(SLUG, "vi"), len(worked.events(SLUG)))
    with pytest.raises(InputError) as err:
        import_xliff(worked, path, slug=SLUG, lang="vi")
    assert "\n" not in str(err.value) and str(path) in str(err.value)
    assert "root:x:0:0" not in str(err.value)
    assert (worked.rows(SLUG, "vi"), len(worked.events(SLUG))) == before


def test_oversized_file_is_refused_before_parsing(
    worked: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.formats import xliff

    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version="1.2")
    monkeypatch.setattr(xliff, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match=r"MiB, over the .* limit of an XLIFF file here: split"):
        import_xliff(worked, result.path)


def test_is_xliff_tells_xliff_from_po(worked: Store, tmp_path: Path) -> None:
    [result] = export_xliff(worked, SLUG, ["vi"], tmp_path / "out", version="2.0")
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"<xliff>"\n', encoding="utf-8")
    assert is_xliff(result.path) and not is_xliff(po) and not is_xliff(tmp_path / "missing")


def test_xmllint_is_installed() -> None:
    assert shutil.which("xmllint"), "install libxml2-utils (.ci/run does)"
    assert all((SCHEMA_DIR / name).is_file() for name in (*SCHEMAS.values(), "xml.xsd")), (
        f"install php-symfony-translation for the OASIS XLIFF schemas in {SCHEMA_DIR}"
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
        min_size=1,
        max_size=4,
    ),
    version=st.sampled_from(VERSIONS),
)
def test_any_xml_safe_text_round_trips_or_is_refused_by_name(
    texts: list[str], version: str
) -> None:
    """Any text XML 1.0 can hold comes back exactly; any other is named by unit_problem."""
    from workbench.formats.xliff import UnitOut, build_xliff, read_xliff, unit_problem

    out = [UnitOut(f"s{i:012x}", t, t[::-1], "edited", i) for i, t in enumerate(texts)]
    refused = [u for u in out if unit_problem(u)]
    if refused:
        assert all("control character U+" in (unit_problem(u) or "") for u in refused)
        with pytest.raises(ValueError, match=refused[0].id):
            build_xliff(version, SLUG, "T", "fr", "vi", out)
        return
    doc = read_xliff(build_xliff(version, SLUG, "T", "fr", "vi", out), Path("x.xlf"))
    assert [(u.id, u.source, u.target, u.version) for u in doc.units] == [
        (u.id, u.source, u.target, u.version) for u in out
    ]
