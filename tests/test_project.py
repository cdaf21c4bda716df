"""The use cases the CLI and the TUI share: import → translate (TM, MT, pivot) → store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import SEED_ARTICLE, assert_one_line_error, run
from workbench.errors import PackageError
from workbench.mt.packages import InstalledPackage
from workbench.project import (
    DEMO_ORIGIN,
    import_article,
    retranslate_from_pivot,
    translate_article,
)
from workbench.store import Row, Store, open_store


@pytest.fixture()
def seeded(tmp_path: Path) -> Store:
    import_article(SEED_ARTICLE, slug="karabakh", workspace=tmp_path)
    store = open_store(tmp_path)
    yield store
    store.close()


def content(store: Store, lang: str, slug: str = "karabakh") -> list[Row]:
    return [r for r in store.rows(slug, lang) if r.segment.translatable]


def test_translate_stores_mt_pivot_alternatives_and_skips_chrome(
    seeded: Store, tiny_packages: dict[str, InstalledPackage]
) -> None:
    reports = translate_article(seeded, "karabakh", ["en", "vi"])
    assert [(r.lang, r.translated, r.from_memory, r.generated_models) for r in reports] == [
        ("en", 15, 0, True),
        ("vi", 15, 0, True),
    ]
    assert reports[1].route.startswith("fr→en→vi")
    en, vi = content(seeded, "en"), content(seeded, "vi")
    for row in en + vi:
        t = row.translation
        assert t is not None and t.status == "machine" and t.origin == DEMO_ORIGIN
        assert t.mt and t.target == t.mt
        assert t.mt not in t.alternatives and len(set(t.alternatives)) == len(t.alternatives)
    assert all(r.translation.pivot is None for r in en)
    assert all(r.translation.mt_model == tiny_packages["fr_en"].label for r in en)
    # The English pivot stored with each Vietnamese MT is the fr→en output of this run.
    assert [r.translation.pivot for r in vi] == [r.translation.mt for r in en]
    assert all(">" in r.translation.mt_model for r in vi)
    chrome = [r for r in seeded.rows("karabakh", "en") if r.segment.kind == "chrome"]
    assert chrome and all(r.translation is None for r in chrome)


def test_rerun_is_idempotent_and_force_keeps_reviewer_work(
    seeded: Store, tiny_packages: dict[str, InstalledPackage]
) -> None:
    translate_article(seeded, "karabakh", ["en"])
    first = {r.segment.id: r.translation for r in content(seeded, "en")}
    again = translate_article(seeded, "karabakh", ["en"])[0]
    assert (again.translated, again.skipped_done) == (0, 15)
    a, b = list(first)[:2]
    seeded.save_target("karabakh", a, "en", "Edited by hand", expected_version=first[a].version)
    seeded.approve("karabakh", b, "en", expected_version=first[b].version, target="Approved.")
    forced = translate_article(seeded, "karabakh", ["en"], force=True)[0]
    assert (forced.translated, forced.kept_targets) == (15, 2)
    after = {r.segment.id: r.translation for r in content(seeded, "en")}
    assert (after[a].target, after[a].status) == ("Edited by hand", "edited")
    assert (after[b].target, after[b].status) == ("Approved.", "approved")
    # Same model, same input: the same MT (determinism within one machine).
    assert {k: t.mt for k, t in after.items()} == {k: t.mt for k, t in first.items()}


def test_copy_model_pipeline_gives_back_the_source(
    seeded: Store, copy_packages: dict[str, InstalledPackage]
) -> None:
    """The hand-built copy models make fr→en→vi exact: every stage's plumbing is checked."""
    packages = list(copy_packages.values())
    translate_article(seeded, "karabakh", ["vi"], packages=packages)
    for row in content(seeded, "vi"):
        assert row.translation.pivot == row.segment.source
        assert row.translation.mt == row.segment.source
        assert row.translation.origin == DEMO_ORIGIN  # copy models are generated too
    row = content(seeded, "vi")[2]
    t = retranslate_from_pivot(
        seeded, "karabakh", row.segment.id, "vi", "Le texte anglais corrigé.", packages=packages
    )
    assert (t.pivot, t.mt, t.target) == ("Le texte anglais corrigé.",) * 3


def test_translation_memory_reuses_an_approved_sentence(
    tmp_path: Path, copy_packages: dict[str, InstalledPackage]
) -> None:
    packages = list(copy_packages.values())
    import_article(SEED_ARTICLE, slug="first", workspace=tmp_path)
    with open_store(tmp_path) as store:
        translate_article(store, "first", ["en"], packages=packages)
        rows = content(store, "en", "first")
        repeated = next(r for r in rows if "2 000 hommes" in r.segment.source)
        store.approve(
            "first", repeated.segment.id, "en", expected_version=repeated.translation.version,
            target="The approved English.",
        )  # fmt: skip
    second = tmp_path / "second.txt"
    near = repeated.segment.source.replace("2 000", "3 000")
    assert near != repeated.segment.source
    second.write_text(
        f"Un autre article\n\n{repeated.segment.source}\n\n{near}\n", encoding="utf-8"
    )
    import_article(second, slug="second", workspace=tmp_path)
    with open_store(tmp_path) as store:
        report = translate_article(store, "second", ["en"], packages=packages)[0]
        assert report.from_memory == 1
        by_source = {r.segment.source: r.translation for r in store.rows("second", "en")}
        exact = by_source[repeated.segment.source]
        assert (exact.origin, exact.target, exact.status) == (
            "tm",
            "The approved English.",
            "machine",
        )
        assert exact.mt_model == f"tm:first/{repeated.segment.id}"
        fuzzy = by_source[near]
        assert fuzzy.origin == DEMO_ORIGIN
        assert fuzzy.matches and fuzzy.matches[0]["target"] == "The approved English."
        assert 75 <= fuzzy.matches[0]["score"] < 100


def test_missing_model_names_the_package(seeded: Store) -> None:
    with pytest.raises(PackageError, match=r"no French→Vietnamese model.*models install"):
        translate_article(seeded, "karabakh", ["vi"], packages=[])
    assert all(r.translation is None for r in content(seeded, "vi"))


def test_cli_translate_and_status(
    tmp_path: Path, tiny_packages: dict[str, InstalledPackage]
) -> None:
    assert run("import", str(SEED_ARTICLE), cwd=tmp_path).returncode == 0
    proc = run("translate", "karabakh", "--to", "en,vi", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "en: 15 segments machine-translated" in proc.stdout
    assert "generated demo model" in proc.stdout
    status = run("status", "karabakh", cwd=tmp_path).stdout
    assert "vi: 0/15 approved" in status and "machine 15" in status
    proc = run("translate", "karabakh", "--to", "en", cwd=tmp_path)
    assert "0 segments machine-translated" in proc.stdout and "15 already done" in proc.stdout
    proc = run("translate", "karabakh", "--to", "en", "--force", "--threads", "1", cwd=tmp_path)
    assert proc.returncode == 0 and "en: 15 segments machine-translated" in proc.stdout


def test_cli_translate_bad_input(
    tmp_path: Path, tiny_packages: dict[str, InstalledPackage]
) -> None:
    assert run("import", str(SEED_ARTICLE), cwd=tmp_path).returncode == 0
    assert_one_line_error(run("translate", "nope", cwd=tmp_path), "no article 'nope'")
    assert_one_line_error(
        run("translate", "karabakh", "--to", "EN;vi", cwd=tmp_path), "invalid language list"
    )
    assert_one_line_error(
        run("translate", "karabakh", "--to", "de", cwd=tmp_path), "no French→German model"
    )


def test_demo_without_models_installs_generated_ones_and_says_so(tmp_path: Path) -> None:
    """A fresh machine: empty Argos folder, no terminal. The demo must finish and be honest."""
    argos = tmp_path / "argos"
    env = {
        "ARGOS_PACKAGES_DIR": str(argos),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
    }
    proc = run("demo", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "installed generated demo package fr→en" in proc.stdout
    assert "gibberish, not a translation" in proc.stdout
    assert "vi: 0/15 approved" in proc.stdout
    assert len([p for p in argos.iterdir() if (p / "metadata.json").exists()]) == 2
    # A second run reuses the installed packages and the work already done.
    again = run("demo", cwd=tmp_path, env=env)
    assert again.returncode == 0 and "installed generated" not in again.stdout
    assert "15 already done" in again.stdout
    assert os.path.exists(tmp_path / ".workbench" / "workbench.db")
