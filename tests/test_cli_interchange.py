"""The CLI faces of XLIFF and TMX: ``export --format``, ``import-po`` with an XLIFF file,
``tm export`` / ``tm import``, run as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.support import (
    REPO_ROOT,
    SEED_ARTICLE,
    assert_one_line_error,
    dtd_valid,
    run,
    tree_digest,
    xmllint,
)
from workbench.formats.xliff import NS
from workbench.store import open_store

SLUG = "karabakh"
EN_PO = REPO_ROOT / "locales" / "en" / "LC_MESSAGES" / "karabakh.po"


@pytest.fixture()
def approved_en(tmp_path: Path) -> Path:
    """The seed article with the committed English post-edits approved."""
    for args in (
        ("import", str(SEED_ARTICLE)),
        ("import-po", str(EN_PO), "--slug", SLUG, "--lang", "en", "--reviewer", "editor"),
    ):
        proc = run(*args, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    return tmp_path


@pytest.mark.parametrize("fmt", ["xliff-1.2", "xliff-2.0"])
def test_export_edit_import_and_conflict(approved_en: Path, fmt: str) -> None:
    tmp_path, version = approved_en, fmt.removeprefix("xliff-")
    proc = run("export", SLUG, "--lang", "en", "--format", fmt, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "locales" / "en" / f"{SLUG}.xlf"
    assert proc.stdout.startswith(f"wrote {path.relative_to(tmp_path)}: XLIFF {version}, ")
    xmllint(path, version, tmp_path)

    with open_store(tmp_path / ".workbench") as store:
        rows = [r for r in store.rows(SLUG, "en") if r.status == "approved"]
        first, second = rows[0].segment.id, rows[1].segment.id
        # a reviewer changes the second segment in the workspace after the export
        store.save_target(SLUG, second, "en", "Changed in the workspace.", expected_version=None)
    tree = etree.parse(str(path))
    tag = "trans-unit" if version == "1.2" else "unit"
    found = {u.get("id"): u for u in tree.getroot().iter(f"{{{NS[version]}}}{tag}")}
    for sid, text in ((first, "Edited in OmegaT."), (second, "Also edited in OmegaT.")):
        next(found[sid].iter(f"{{{NS[version]}}}target")).text = text
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    proc = run("import-po", str(path), "--reviewer", "omegat", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr  # a conflict: exit 1, like import-po
    assert f"XLIFF {version} for {SLUG} (en): 1 approved" in proc.stdout
    assert f"CONFLICT {second}" in proc.stdout
    with open_store(tmp_path / ".workbench") as store:
        assert store.row(SLUG, first, "en").translation.target == "Edited in OmegaT."
        assert store.row(SLUG, second, "en").translation.target == "Changed in the workspace."


def test_xliff_only_flags_and_po_needs_slug(approved_en: Path) -> None:
    before = tree_digest(approved_en)
    proc = run("export", SLUG, "--format", "xliff-2.0", "--mo", cwd=approved_en)
    assert_one_line_error(proc, "--mo: only for --format po")
    proc = run("import-po", str(EN_PO), "--lang", "en", cwd=approved_en)
    assert_one_line_error(proc, "import-po of a PO file needs --slug")
    assert tree_digest(approved_en) == before


def test_tm_export_import_and_stats(
    approved_en: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    proc = run("tm", "export", "all.tmx", cwd=approved_en)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("wrote all.tmx: TMX 1.4, ") and "fr→en" in proc.stdout
    dtd_valid(approved_en / "all.tmx")
    proc = run("tm", "export", "one.tmx", "--slug", "nope", cwd=approved_en)
    assert_one_line_error(proc, "no article 'nope'")

    other = tmp_path_factory.mktemp("other")
    assert run("import", str(SEED_ARTICLE), "--slug", "copy", cwd=other).returncode == 0
    proc = run("tm", "import", str(approved_en / "all.tmx"), cwd=other)
    assert proc.returncode == 0, proc.stderr
    assert "added " in proc.stdout and "never approved targets" in proc.stdout
    proc = run("tm", "stats", "--lang", "en", cwd=other)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("en: 0 approved segments from 0 articles, ")
    assert "pairs imported from TMX" in proc.stdout
    with open_store(other / ".workbench") as store:  # a TMX import approves nothing
        assert all(r.translation is None for r in store.rows("copy", "en"))

    bomb = other / "bomb.tmx"
    bomb.write_text('<!DOCTYPE tmx [<!ENTITY a "aa">]><tmx version="1.4">&a;</tmx>', "utf-8")
    before = tree_digest(other)
    assert_one_line_error(run("tm", "import", str(bomb), cwd=other), "DOCTYPE")
    assert tree_digest(other) == before
