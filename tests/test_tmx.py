"""TMX export and import of the translation memory: written files are validated with
``xmllint --dtdvalid`` against the TMX 1.4 DTD and re-read with translate-toolkit; imported
units become TM matches, never approved targets."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from tests.support import SEED_ARTICLE, dtd_valid, make_segments
from workbench.errors import InputError
from workbench.formats.langtag import from_bcp47
from workbench.interchange import export_tmx, import_tmx
from workbench.mt.packages import InstalledPackage
from workbench.project import import_article, translate_article
from workbench.store import MTWrite, Store, open_store
from workbench.tm import TMIndex
from workbench.tm_imported import FILE_NAME, IMPORTED_SLUG, load, memory_entries

#: The TMX 1.4 DTD as Debian's omegat package ships it; .ci/run extracts it there.

FIRST = (
    ("title", "La Russie retire ses forces"),
    ("content", "Le Kremlin a confirmé."),
    ("content", "Des colonnes quittent les positions."),
    ("chrome", "Lien source"),
)
SECOND = (("title", "Un autre article"), ("content", "Le Kremlin a confirmé."))

#: What OmegaT / Trados write: another header srclang, region tags in any case, inline
#: codes, a duplicate, units without French or without a target, an unknown tag.
OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0" segtype="sentence" srclang="FR-FR"/>
  <body>
    <tu tuid="1">
      <tuv xml:lang="FR-FR"><seg>La paix <bpt i="1">&lt;b&gt;</bpt>maintenant<ept i="1"
        >&lt;/b&gt;</ept>.</seg></tuv>
      <tuv xml:lang="EN-US"><seg>Peace <bpt i="1">&lt;b&gt;</bpt>now<ept i="1"
        >&lt;/b&gt;</ept>.</seg></tuv>
      <tuv xml:lang="vi-VN"><seg>Hòa bình <hi>ngay</hi> bây giờ.</seg></tuv>
    </tu>
    <tu tuid="2">
      <tuv xml:lang="fr-FR"><seg>Le Kremlin a confirmé.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>The Kremlin confirmed it.</seg></tuv>
    </tu>
    <tu tuid="3">
      <tuv xml:lang="fr"><seg>Le  Kremlin a confirmé.</seg></tuv>
      <tuv xml:lang="en"><seg>The Kremlin confirmed it.</seg></tuv>
    </tu>
    <tu><tuv xml:lang="en"><seg>No French.</seg></tuv><tuv xml:lang="de"><seg>Kein.</seg></tuv></tu>
    <tu><tuv xml:lang="fr"><seg>Seul.</seg></tuv><tuv xml:lang="en"><seg>  </seg></tuv></tu>
    <tu><tuv xml:lang="fr"><seg>Étiquette.</seg></tuv><tuv xml:lang="x!"><seg>?</seg></tuv></tu>
  </body>
</tmx>
"""


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "ws", create=True)
    for slug, article in (("first", FIRST), ("second", SECOND)):
        s.import_article(
            slug, make_segments(*article), title=slug, source_path="a.txt", source_sha256="x"
        )
    yield s
    s.close()


def ids(store: Store, slug: str) -> dict[int, str]:
    return {s.position: s.id for s in store.segments(slug)}


@pytest.fixture()
def approved(store: Store) -> Store:
    """first: 1 approved en+vi, 2 approved en, 3 machine only; second: 2 approved vi."""
    a, b = ids(store, "first"), ids(store, "second")
    for lang in ("en", "vi"):
        store.store_mt("first", lang, [MTWrite(sid, f"MT {lang}", "m@1") for sid in a.values()])
    store.approve("first", a[1], "en", expected_version=None, target="Russia withdraws")
    store.approve("first", a[1], "vi", expected_version=None, target="Nga rút quân", reviewer="lan")
    store.approve("first", a[2], "en", expected_version=None, target="The Kremlin confirmed.")
    store.approve("second", b[2], "vi", expected_version=None, target="Điện Kremlin xác nhận.")
    return store


def test_export_whole_workspace_validates_and_reads_back(approved: Store, tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    result = export_tmx(approved, tmp_path / "tm" / "all.tmx")
    assert (result.units, result.pairs) == (3, {"en": 2, "vi": 2})
    dtd_valid(result.path)
    a, b = ids(approved, "first"), ids(approved, "second")
    tt = tmxfile.parsestring(result.path.read_bytes())
    got = {
        u.getid(): {n.get("{http://www.w3.org/XML/1998/namespace}lang"): u.getNodeText(n)
                    for n in u.getlanguageNodes()}
        for u in tt.units
    }  # fmt: skip
    assert got == {
        f"first/{a[1]}": {"fr": FIRST[0][1], "en": "Russia withdraws", "vi": "Nga rút quân"},
        f"first/{a[2]}": {"fr": FIRST[1][1], "en": "The Kremlin confirmed."},
        f"second/{b[2]}": {"fr": SECOND[1][1], "vi": "Điện Kremlin xác nhận."},
    }
    # each translation carries its own approval: who and when
    tus = etree.parse(str(result.path)).getroot().iter("tu")
    first = next(tu for tu in tus if tu.get("tuid") == f"first/{a[1]}")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    stamps = {tuv.get(xml_lang): (tuv.get("changeid"), tuv.get("changedate")) for tuv in first}
    vi = approved.row("first", a[1], "vi").translation
    assert stamps["vi"][0] == "lan" and stamps["en"][0] is None and stamps["fr"] == (None, None)
    assert vi is not None
    approved_at = datetime.fromisoformat(vi.updated_at.replace("Z", "+00:00"))
    assert stamps["vi"][1] == approved_at.strftime("%Y%m%dT%H%M%SZ")


def test_export_one_article(approved: Store, tmp_path: Path) -> None:
    result = export_tmx(approved, tmp_path / "second.tmx", slug="second")
    assert (result.units, result.pairs) == (1, {"vi": 1})
    dtd_valid(result.path)


def test_import_omegat_tmx_gives_tm_matches_never_approved_targets(
    approved: Store, tmp_path: Path
) -> None:
    path = tmp_path / "omegat.tmx"
    path.write_text(OMEGAT, encoding="utf-8")
    rows_before = {s: approved.rows(s, lang) for s in ("first", "second") for lang in ("en", "vi")}
    events_before = len(approved.events("first")) + len(approved.events("second"))
    result = import_tmx(approved, path)
    assert result.units == 6
    # tu 3 is tu 2 with a double space: the same normalized source and target
    assert (result.added, result.duplicates, result.skipped) == ({"en": 2, "vi": 1}, 1, 3)
    assert result.memory == approved.path.parent / FILE_NAME
    assert {s: approved.rows(s, lang) for s in ("first", "second") for lang in ("en", "vi")} == (
        rows_before
    )
    assert len(approved.events("first")) + len(approved.events("second")) == events_before
    pairs = {(p.lang, p.source, p.target) for p in load(approved.path.parent)}
    assert pairs == {
        ("en", "La paix maintenant.", "Peace now."),
        ("vi", "La paix maintenant.", "Hòa bình ngay bây giờ."),
        ("en", "Le Kremlin a confirmé.", "The Kremlin confirmed it."),
    }
    memory = TMIndex(memory_entries(approved, "en"))
    hit = memory.exact("La paix maintenant.")
    assert hit is not None and (hit.target, hit.slug) == ("Peace now.", IMPORTED_SLUG)
    assert hit.segment_id == "omegat.tmx#1"
    # the workspace's own approval comes first on an equal score
    own = memory.exact("Le Kremlin a confirmé.")
    assert own is not None and own.slug == "first" and own.target == "The Kremlin confirmed."

    again = import_tmx(approved, path)
    assert (again.added, again.duplicates) == ({}, 4)


def test_tmx_round_trip_between_workspaces(approved: Store, tmp_path: Path) -> None:
    exported = export_tmx(approved, tmp_path / "all.tmx")
    with open_store(tmp_path / "other", create=True) as other:
        result = import_tmx(other, exported.path)
        assert result.added == {"en": 2, "vi": 2} and result.skipped == 0
        assert {(e.source, e.target) for e in memory_entries(other, "vi")} == {
            (FIRST[0][1], "Nga rút quân"),
            (SECOND[1][1], "Điện Kremlin xác nhận."),
        }
        # and the other workspace's export carries the imported pairs on
        again = export_tmx(other, tmp_path / "again.tmx")
        assert again.pairs == {"en": 2, "vi": 2}
        dtd_valid(again.path)


def test_an_imported_exact_match_is_used_instead_of_mt_as_a_machine_suggestion(
    tmp_path: Path, copy_packages: dict[str, InstalledPackage]
) -> None:
    import_article(SEED_ARTICLE, slug="karabakh", workspace=tmp_path)
    with open_store(tmp_path) as store:
        row = next(r for r in store.rows("karabakh", "en") if r.segment.kind == "content")
        source = html.escape(row.segment.source)
        tmx = tmp_path / "agency.tmx"
        tmx.write_text(
            '<tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" '
            'adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
            f'<tu tuid="7"><tuv xml:lang="fr-FR"><seg>{source}</seg></tuv>'
            '<tuv xml:lang="en-US"><seg>The agency text.</seg></tuv></tu></body></tmx>',
            encoding="utf-8",
        )
        import_tmx(store, tmx)
        report = translate_article(
            store, "karabakh", ["en"], packages=list(copy_packages.values())
        )[0]
        assert report.from_memory == 1
        t = store.row("karabakh", row.segment.id, "en").translation
        assert t is not None
        assert (t.target, t.status, t.origin) == ("The agency text.", "machine", "tm")
        assert t.mt_model == "tm:@tmx/agency.tmx#7"


BOMBS = {
    "billion-laughs": '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<tmx version="1.4"><header/><body><tu><tuv xml:lang="fr"><seg>&c;</seg></tuv></tu>'
    "</body></tmx>",
    "xxe": '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<tmx version="1.4"><header/><body><tu><tuv xml:lang="fr"><seg>&x;</seg></tuv></tu>'
    "</body></tmx>",
    "parameter-entity": '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY % p SYSTEM '
    '"http://127.0.0.1:9/x.dtd"> %p;]><tmx version="1.4"><header/><body/></tmx>',
    "undeclared-entity": '<tmx version="1.4"><header/><body><tu><tuv xml:lang="fr">'
    "<seg>&nbsp;</seg></tuv></tu></body></tmx>",
    "not-tmx": '<xliff version="1.2"><file/></xliff>',
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_hostile_tmx_is_refused_in_one_line(store: Store, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.tmx"
    path.write_text(BOMBS[name], encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_tmx(store, path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)
    assert "root:" not in str(err.value)
    assert not (store.path.parent / FILE_NAME).exists()


def test_huge_tmx_is_refused_before_parsing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.formats import tmx

    path = tmp_path / "big.tmx"
    path.write_text(OMEGAT, encoding="utf-8")
    monkeypatch.setattr(tmx, "MAX_BYTES", 1024)
    with pytest.raises(InputError, match=r"big\.tmx is 0\.0 MiB, over the .* limit of a TMX file"):
        import_tmx(store, path)
    monkeypatch.setattr(tmx, "MAX_BYTES", 2**20)
    monkeypatch.setattr(tmx, "MAX_UNITS", 5)
    with pytest.raises(InputError, match="holds 6 units, over the 5 limit"):
        import_tmx(store, path)
    assert not (store.path.parent / FILE_NAME).exists()


def test_damaged_imported_memory_is_named(store: Store) -> None:
    (store.path.parent / FILE_NAME).write_text(json.dumps({"format": 99}), encoding="utf-8")
    with pytest.raises(InputError, match=f"{FILE_NAME}.*remove it"):
        memory_entries(store, "en")


def test_export_refuses_text_xml_cannot_hold(approved: Store, tmp_path: Path) -> None:
    a = ids(approved, "first")
    approved.approve("first", a[3], "en", expected_version=None, target="esc \x1b[31m")
    with pytest.raises(InputError, match=rf"segment {a[3]} \(en\) of 'first'.*U\+001B"):
        export_tmx(approved, tmp_path / "x.tmx")
    assert not (tmp_path / "x.tmx").exists()


@pytest.mark.parametrize(
    ("tag", "code"),
    [("en-US", "en"), ("EN-gb", "en"), ("fr_FR", "fr"), ("vi-VN", "vi"), ("pt-BR", "pt_BR"),
     ("zh-Hant-TW", "zh"), ("x!", None), ("", None), ("en us", None)],
)  # fmt: skip
def test_language_tags(tag: str, code: str | None) -> None:
    assert from_bcp47(tag) == code
