"""Team data in the store (revision 0004), on both engines: the glossary, the translation
memory imported from TMX files and each reviewer's review position are tables a whole team
shares, and the files a workspace kept them in before (``glossary.csv``, ``tm-imported.json``,
``ui-state.json``) move into them once, kept as ``<name>.migrated``."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from tests.engines import count
from tests.support import SEED_ARTICLE, run
from workbench.errors import InputError
from workbench.glossary import Term, read_csv, seed_glossary, workspace_glossary
from workbench.project import import_article
from workbench.store import open_store
from workbench.store.model import StoreNotice
from workbench.tm_imported import FILE_NAME, FORMAT, ImportedPair

SLUG = "karabakh"
GLOSSARY_CSV = (
    "fr,en,vi,note,do_not_translate\n"
    "Kremlin,Kremlin,Điện Kremlin,,no\n"
    'AFP,AFP,AFP,"news agency, French",yes\n'
    "Haut-Karabakh,Nagorno-Karabakh,Nagorno-Karabakh,région,no\n"
)
PAIRS = [
    ImportedPair("en", "La paix maintenant.", "Peace now.", "omegat.tmx", "1"),
    ImportedPair("vi", "La paix maintenant.", "Hòa bình ngay bây giờ.", "omegat.tmx", "2"),
    ImportedPair("en", "Le  Kremlin a confirmé.", "The Kremlin confirmed it.", "old.tmx", "7"),
]


def _old_memory_file(folder: Path, pairs: list[ImportedPair]) -> Path:
    """tm-imported.json as workbench wrote it before the store held the memory."""
    rows = [
        {"lang": p.lang, "source": p.source, "target": p.target, "origin": p.origin, "tuid": p.tuid}
        for p in pairs
    ]
    path = folder / FILE_NAME
    path.write_text(json.dumps({"format": FORMAT, "pairs": rows}, ensure_ascii=False, indent=0))
    return path


def _notices(ws: Path) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        open_store(ws).close()
    return [str(w.message) for w in caught if issubclass(w.category, StoreNotice)]


@pytest.fixture()
def ws(tmp_path: Path, engine: str) -> Path:
    folder = tmp_path / "ws"
    import_article(SEED_ARTICLE, slug=SLUG, workspace=folder)
    return folder


def test_the_old_workspace_files_move_into_the_store_once(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_REVIEWER", "anna")  # the positions go to who opens it
    with open_store(ws) as store:
        first, second = (s.id for s in store.segments(SLUG)[:2])
    (ws / "glossary.csv").write_text(GLOSSARY_CSV, encoding="utf-8")
    _old_memory_file(ws, PAIRS)
    state = {f"{SLUG}:vi": {"segment": second, "filter": "todo"},
             f"{SLUG}:en": {"segment": first, "filter": "all"},
             "gone:vi": {"segment": "s1", "filter": "all"}}  # fmt: skip
    (ws / "ui-state.json").write_text(json.dumps(state), encoding="utf-8")

    said = _notices(ws)
    assert said[0].startswith("moved the glossary (3 terms) into the database")
    assert said[1].startswith("moved 3 imported translation-memory pairs into the database")
    assert said[2].startswith("moved 2 review positions into the database")
    assert len(said) == 3
    for name in ("glossary.csv", FILE_NAME, "ui-state.json"):
        assert not (ws / name).exists() and (ws / f"{name}.migrated").is_file()
    with open_store(ws) as store:
        assert workspace_glossary(store).terms == read_csv(ws / "glossary.csv.migrated").terms
        assert store.imported_pairs() == PAIRS
        assert store.imported_counts() == {"en": 2, "vi": 1}
        reviewer = store.reviewer_for("anna")
        mine = store.position(SLUG, "vi", reviewer)
        assert mine is not None and (mine.segment_id, mine.filter) == (second, "todo")

    # a second open finds nothing to move; the same files again add nothing twice
    assert _notices(ws) == []
    (ws / "glossary.csv").write_text(GLOSSARY_CSV, encoding="utf-8")
    _old_memory_file(ws, PAIRS)
    said = _notices(ws)
    assert "(3 already there)" in said[1]
    assert (ws / "glossary.csv.migrated.1").is_file() and (ws / f"{FILE_NAME}.migrated.1").is_file()
    assert count(ws, "SELECT count(*) FROM tm_pair") == 3
    assert count(ws, "SELECT count(*) FROM glossary_term") == 3


def test_a_glossary_file_unlike_the_stores_is_kept_not_merged(ws: Path) -> None:
    with open_store(ws) as store:
        store.replace_glossary(seed_glossary().terms)
    (ws / "glossary.csv").write_text(GLOSSARY_CSV, encoding="utf-8")
    said = _notices(ws)
    assert len(said) == 1 and "already holds a glossary" in said[0]
    assert "glossary.csv.migrated" in said[0]
    with open_store(ws) as store:
        assert workspace_glossary(store).terms == seed_glossary().terms


def test_imported_pairs_are_deduplicated_and_bounded(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(ws) as store:
        done = store.add_imported_pairs(PAIRS)
        assert (done.added, done.duplicates, done.total) == ({"en": 2, "vi": 1}, 0, 3)
        # same language, normalized source and target: a duplicate, whatever its origin
        again = ImportedPair("en", "Le Kremlin a  confirmé.", "The Kremlin confirmed it.", "x", "9")
        other = ImportedPair("en", "La guerre.", "The war.", "x", "10")
        done = store.add_imported_pairs([again, other, other])
        assert (done.added, done.duplicates, done.total) == ({"en": 1}, 2, 4)
        monkeypatch.setattr("workbench.tm_imported.MAX_PAIRS", 4)
        new = ImportedPair("vi", "La guerre.", "Chiến tranh.", "x", "11")
        with pytest.raises(InputError, match="over the 4 limit"):
            store.add_imported_pairs([new])
        assert store.imported_counts() == {"en": 3, "vi": 1}  # nothing of the refused batch


def test_positions_are_each_reviewers_own(ws: Path) -> None:
    with open_store(ws) as store:
        sid = store.segments(SLUG)[3].id
        store.remember_position(SLUG, "vi", sid, "todo", "anna")
        store.remember_position(SLUG, "vi", sid, "all", "anna")  # replaced, not added
        anna = store.position(SLUG, "vi", "anna")
        assert anna is not None and (anna.segment_id, anna.filter) == (sid, "all")
        if store.login is None:  # SQLite: the --reviewer name keys it
            assert store.position(SLUG, "vi", "binh") is None
        assert store.position(SLUG, "en", "anna") is None


def test_glossary_and_memory_commands_work_on_either_engine(ws: Path, tmp_path: Path) -> None:
    csv = tmp_path / "terms.csv"
    csv.write_text(GLOSSARY_CSV, encoding="utf-8")
    proc = run("glossary", "import", str(csv), "--workspace", str(ws), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    listed = run("glossary", "list", "--workspace", str(ws), cwd=tmp_path).stdout
    assert "Điện Kremlin" in listed and "[do not translate]" in listed
    with open_store(ws) as store:
        assert workspace_glossary(store).terms == read_csv(csv).terms
        store.replace_glossary([Term("Erevan", "Yerevan", "Yerevan")])
    listed = run("glossary", "list", "--workspace", str(ws), cwd=tmp_path).stdout
    assert "Yerevan" in listed and "Kremlin" not in listed
    assert sorted(p.name for p in ws.iterdir() if p.name.endswith(".csv")) == []
