"""workbench.batch in this process: a folder of generated articles through the copy model (its
output is its input, so every stored text is known), bad files reported and skipped, re-runs
that redo nothing, a driver killed with SIGKILL and resumed, an approval made while the batch
runs, a segment the model cannot take. The Ray engine: tests/test_batch_ray.py."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

from tests.batch_articles import (
    LANGS,
    OVERLONG,
    assert_copied_once,
    mt_events_per_segment,
    run_and_kill,
    translatable_rows,
    write_articles,
    write_bad_files,
)
from workbench.batch import BatchProgress, batch
from workbench.errors import WorkbenchError
from workbench.mt.packages import InstalledPackage
from workbench.store import open_store


@pytest.fixture()
def copies(copy_packages: dict[str, InstalledPackage]) -> list[InstalledPackage]:
    return list(copy_packages.values())


def test_folder_is_imported_translated_and_bad_files_are_skipped(
    tmp_path: Path, engine: str, copies: list[InstalledPackage]
) -> None:
    folder = tmp_path / "articles"
    good = write_articles(folder, 7)
    bad = write_bad_files(folder)
    events: list[BatchProgress] = []
    report = batch(
        folder, LANGS, workspace=tmp_path / "ws", packages=copies, progress=events.append
    )
    assert report.engine == "in-process"
    assert (report.imported, report.articles, report.exit_code) == (7, 7, 1)
    assert sorted(s.name for s in report.skipped) == sorted(str(p) for p in bad.values())
    reasons = {Path(s.name).name: s.reason for s in report.skipped}
    assert "does not look French (detected: English)" in reasons["english.txt"]
    assert "is a PNG image" in reasons["photo.txt"] and "empty" in reasons["empty.txt"]
    assert "is larger than 20 MB" in reasons["huge.txt"]
    assert_copied_once(tmp_path / "ws")
    rows = sum(len(translatable_rows(tmp_path / "ws", lang)) for lang in LANGS)
    assert report.translated == rows == events[-1].segments_total == events[-1].segments_done
    assert report.distinct_texts < rows  # sentences repeated across articles: translated once
    assert events[-1].phase == "done" and events[-1].articles_done == 7
    assert [e.articles_done for e in events if e.phase == "import"] == list(range(1, 12))
    with open_store(tmp_path / "ws") as store:
        slugs = [a.slug for a in store.articles()]
        chrome = [r for r in store.rows(slugs[0], "en") if r.segment.kind == "chrome"]
    assert sorted(slugs) == sorted(
        ("wire-" if p.parent.name == "wire" else "") + p.stem for p in good
    )
    assert chrome and all(r.translation is None for r in chrome)


def test_rerun_and_all_redo_nothing(
    tmp_path: Path, engine: str, copies: list[InstalledPackage]
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 4)
    first = batch(folder, LANGS, workspace=tmp_path / "ws", packages=copies)
    assert first.exit_code == 0 and first.skipped == ()
    again = batch(folder, LANGS, workspace=tmp_path / "ws", packages=copies)
    assert (again.imported, again.unchanged, again.translated) == (0, 4, 0)
    assert again.already_done == first.translated
    everything = batch(None, LANGS, workspace=tmp_path / "ws", packages=copies)
    assert (everything.articles, everything.translated, everything.exit_code) == (4, 0, 0)
    assert_copied_once(tmp_path / "ws")


def test_a_segment_the_model_cannot_take_skips_only_that_segment(
    tmp_path: Path, copies: list[InstalledPackage]
) -> None:
    folder = tmp_path / "articles"
    paths = write_articles(folder, 3)
    text = paths[1].read_text(encoding="utf-8")
    paths[1].write_text(text.replace("\n\n", f"\n\n{OVERLONG}\n\n", 1), encoding="utf-8")
    report = batch(folder, LANGS, workspace=tmp_path / "ws", packages=copies, wave_segments=64)
    assert report.exit_code == 1
    assert [(s.name, s.reason.split(" could not")[0].split()[0]) for s in report.skipped] == [
        (paths[1].stem, "segment")
    ] * 2
    assert all("could not be translated" in s.reason for s in report.skipped)
    for lang in LANGS:
        rows = translatable_rows(tmp_path / "ws", lang)
        missing = [k for k, r in rows.items() if r.translation is None]  # type: ignore[attr-defined]
        assert [rows[k].segment.source for k in missing] == [OVERLONG]  # type: ignore[attr-defined]


def test_approval_made_during_the_batch_is_kept(
    tmp_path: Path, engine: str, copies: list[InstalledPackage]
) -> None:
    """A reviewer approves a segment the batch has planned but not written yet: the batch
    stores its MT beside the approval and leaves the approved target alone."""
    folder = tmp_path / "articles"
    write_articles(folder, 6)
    approved: list[tuple[str, str]] = []

    def reviewer_approves(event: BatchProgress) -> None:
        if event.phase != "translate" or approved:
            return
        with open_store(tmp_path / "ws") as store:  # another connection, as a reviewer's
            for article in reversed(store.articles()):
                for row in store.rows(article.slug, "vi"):
                    if row.segment.translatable and row.translation is None:
                        store.approve(
                            article.slug,
                            row.segment.id,
                            "vi",
                            expected_version=None,
                            reviewer="lan",
                            target="Bản dịch của người duyệt.",
                        )
                        approved.append((article.slug, row.segment.id))
                        return

    batch(
        folder,
        LANGS,
        workspace=tmp_path / "ws",
        packages=copies,
        wave_segments=16,
        progress=reviewer_approves,
    )
    assert len(approved) == 1
    slug, segment_id = approved[0]
    with open_store(tmp_path / "ws") as store:
        t = store.row(slug, segment_id, "vi").translation
    assert t is not None
    assert (t.target, t.status, t.reviewer) == ("Bản dịch của người duyệt.", "approved", "lan")
    assert t.mt == store_source(tmp_path / "ws", slug, segment_id)  # MT offered beside it


def store_source(workspace: Path, slug: str, segment_id: str) -> str:
    with open_store(workspace) as store:
        return store.row(slug, segment_id, "vi").segment.source


def test_killed_driver_resumes_without_redoing_work(
    tmp_path: Path, engine: str, copies: list[InstalledPackage], copy_packages_dir: Path
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 30)
    done = run_and_kill([str(tmp_path / "ws"), str(folder), str(copy_packages_dir), "-", "8"])
    stored = sum(mt_events_per_segment(tmp_path / "ws").values())
    total = sum(len(translatable_rows(tmp_path / "ws", lang)) for lang in LANGS)
    assert done <= stored < total  # killed mid-batch, every reported wave kept
    report = batch(folder, LANGS, workspace=tmp_path / "ws", packages=copies)
    assert report.already_done == stored and report.translated == total - stored
    assert_copied_once(tmp_path / "ws")


def test_ray_without_ray_installed_is_one_line(
    tmp_path: Path, copies: list[InstalledPackage], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    folder = tmp_path / "articles"
    write_articles(folder, 1)
    with pytest.raises(WorkbenchError) as caught:
        batch(folder, LANGS, workspace=tmp_path / "ws", packages=copies, ray="auto")
    assert str(caught.value) == (
        "Ray is not installed: pip install 'workbench[ray]' (on every node of the cluster)"
    )
    assert not (tmp_path / "ws").exists()  # nothing written


def test_slugs_follow_the_path_and_clashes_are_numbered(tmp_path: Path) -> None:
    from workbench.batch.sources import slugs_for

    files = [
        tmp_path / "karabakh" / "fr.txt",
        tmp_path / "2024-04" / "Peskov.txt",
        tmp_path / "2024_04" / "peskov.txt",
        tmp_path / "top.txt",
    ]
    assert list(slugs_for(tmp_path, sorted(files)).values()) == [
        "2024-04-peskov",
        "2024-04-peskov-2",
        "karabakh",
        "top",
    ]


def test_a_slug_holding_another_article_is_not_overwritten(
    tmp_path: Path, engine: str, copies: list[InstalledPackage]
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_articles(first, 1)
    (second / "000.txt").parent.mkdir()
    (second / "000.txt").write_text(
        (first / "000.txt").read_text(encoding="utf-8").replace("Dépêche 0", "Dépêche autre"),
        encoding="utf-8",
    )
    batch(first, LANGS, workspace=tmp_path / "ws", packages=copies)
    report = batch(second, LANGS, workspace=tmp_path / "ws", packages=copies)
    assert report.exit_code == 1 and report.articles == 0
    assert "already holds another article" in report.skipped[0].reason
    with open_store(tmp_path / "ws") as store:
        assert store.article("000").source_path == str((first / "000.txt").resolve())


def test_shipped_package_bytes_are_reproducible_and_checked(
    tmp_path: Path, copies: list[InstalledPackage], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.batch.ship import pack, unpack
    from workbench.errors import PackageError

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data, sha = pack(copies[0])
    assert pack(copies[0]) == (data, sha)
    middle = len(data) // 2
    damaged = data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]
    with pytest.raises(PackageError, match="arrived damaged"):
        unpack(copies[0], sha, lambda: damaged)
    local = unpack(copies[0], sha, lambda: data)
    assert local.path == tmp_path / f"workbench-ray-packages-{os.getuid()}" / sha
    assert sorted(p.relative_to(local.path) for p in local.path.rglob("*")) == sorted(
        p.relative_to(copies[0].path) for p in copies[0].path.rglob("*")
    )
    assert unpack(copies[0], sha, lambda: b"never fetched again") == local
