"""workbench.batch on a real local Ray (``num_cpus=2``, started once for this module): the same
text as in-process, a driver that joined the cluster killed with SIGKILL then resumed, actors
that crash or raise on their first wave retried, an approval made meanwhile kept."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.batch_articles import (
    LANGS,
    OVERLONG,
    assert_copied_once,
    run_and_kill,
    translatable_rows,
    write_articles,
    write_bad_files,
)
from workbench.batch import BatchProgress, batch
from workbench.batch.cluster import FAULT_ENV
from workbench.mt.packages import InstalledPackage
from workbench.store import open_store


@pytest.fixture(scope="module")
def ray_address() -> Iterator[str]:
    """A local Ray for this module: no dashboard, a short temp dir (Ray's socket paths are
    length-limited), a small object store."""
    from workbench.batch.cluster import import_ray

    ray = import_ray()
    temp = tempfile.mkdtemp(prefix="wbr", dir="/tmp")
    context = ray.init(
        num_cpus=2,
        include_dashboard=False,
        _temp_dir=temp,
        object_store_memory=100 * 1024 * 1024,
        log_to_driver=False,
    )
    try:
        yield context.address_info["gcs_address"]
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture()
def copies(copy_packages: dict[str, InstalledPackage]) -> list[InstalledPackage]:
    return list(copy_packages.values())


def stored(workspace: Path) -> dict[tuple[str, str, str], tuple[Any, ...]]:
    out = {}
    for lang in LANGS:
        for (slug, segment_id), row in translatable_rows(workspace, lang).items():
            t = row.translation  # type: ignore[attr-defined]
            key = (slug, segment_id, lang)
            out[key] = None
            if t is not None:
                out[key] = (t.mt, t.target, t.pivot, t.mt_model, t.status, t.alternatives)
                out[key] += (t.mt_confidence, t.mt_notes)
    return out


def test_ray_gives_the_in_process_text(
    tmp_path: Path,
    engine: str,
    copies: list[InstalledPackage],
    ray_address: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bad files and a sentence the model cannot take (found by splitting waves) are
    reported alike; every other segment holds the same text, pivot and model."""
    databases = dict.fromkeys(("local", "ray"), os.environ.get("WORKBENCH_DB"))
    if engine == "postgresql":  # a database each
        databases["ray"] = request.getfixturevalue("postgres_cluster").create_database()

    def use(side: str) -> Path:
        if databases[side] is not None:
            monkeypatch.setenv("WORKBENCH_DB", str(databases[side]))
        return tmp_path / side

    folder = tmp_path / "articles"
    paths = write_articles(folder, 12)
    write_bad_files(folder)
    text = paths[4].read_text(encoding="utf-8")
    paths[4].write_text(text.replace("\n\n", f"\n\n{OVERLONG}\n\n", 1), encoding="utf-8")
    local = batch(folder, LANGS, workspace=use("local"), packages=copies)
    local_rows = stored(tmp_path / "local")
    on_ray = batch(folder, LANGS, workspace=use("ray"), packages=copies, ray="auto", workers=2)
    assert on_ray.engine.startswith("ray: 2 actors x 1 CPU")
    assert len(on_ray.model_load_seconds) == 2
    ray_rows = stored(tmp_path / "ray")
    assert ray_rows == local_rows
    assert [k for k, v in ray_rows.items() if v is None] == [
        (paths[4].stem, segment_id, lang)
        for lang in LANGS
        for (slug, segment_id), row in translatable_rows(tmp_path / "ray", lang).items()
        if row.segment.source == OVERLONG  # type: ignore[attr-defined]
    ]
    assert sum(1 for s in on_ray.skipped if "could not be translated" in s.reason) == 2
    # waves come back in any order from two actors: so do the reports of their failures
    assert (on_ray.translated, sorted(on_ray.skipped, key=repr), on_ray.exit_code) == (
        local.translated,
        sorted(local.skipped, key=repr),
        1,
    )


def test_killed_driver_on_the_cluster_resumes_without_redoing_work(
    tmp_path: Path,
    engine: str,
    copies: list[InstalledPackage],
    copy_packages_dir: Path,
    ray_address: str,
) -> None:
    """The driver joins the running cluster by its address, is killed once a wave is stored;
    the re-run finishes with exactly one MT event per segment."""
    folder = tmp_path / "articles"
    write_articles(folder, 30)
    args = [str(tmp_path / "ws"), str(folder), str(copy_packages_dir), ray_address, "8"]
    done = run_and_kill(args)
    total = sum(len(translatable_rows(tmp_path / "ws", lang)) for lang in LANGS)
    before = sum(1 for v in stored(tmp_path / "ws").values() if v is not None)
    assert done <= before < total
    report = batch(folder, LANGS, workspace=tmp_path / "ws", packages=copies, ray=ray_address)
    assert (report.already_done, report.translated) == (before, total - before)
    assert_copied_once(tmp_path / "ws")


@pytest.mark.parametrize("fault", ["crash", "raise"])
def test_failing_actor_is_retried(
    tmp_path: Path,
    copies: list[InstalledPackage],
    ray_address: str,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
) -> None:
    """The first wave kills its actor's process (or raises): Ray restarts the actor and replays
    the call (or retries it), and the batch completes."""
    marker = tmp_path / "fault-once"
    marker.write_text("")
    monkeypatch.setenv(FAULT_ENV, f"{fault}:{marker}")
    folder = tmp_path / "articles"
    write_articles(folder, 6)
    report = batch(
        folder,
        LANGS,
        workspace=tmp_path / "ws",
        packages=copies,
        ray="auto",
        workers=1,
        wave_segments=16,
    )
    assert not marker.exists()  # the fault did happen
    assert report.exit_code == 0 and report.skipped == ()
    assert_copied_once(tmp_path / "ws")


def test_approval_made_during_a_ray_batch_is_kept(
    tmp_path: Path, engine: str, copies: list[InstalledPackage], ray_address: str
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 6)
    approved: list[tuple[str, str]] = []

    def reviewer_approves(event: BatchProgress) -> None:
        if event.phase != "translate" or approved:
            return
        with open_store(tmp_path / "ws") as store:
            article = store.articles()[-1]
            row = next(
                r
                for r in store.rows(article.slug, "en")
                if r.segment.translatable and r.translation is None
            )
            store.approve(
                article.slug,
                row.segment.id,
                "en",
                expected_version=None,
                reviewer="sam",
                target="The reviewer's English.",
            )
            approved.append((article.slug, row.segment.id))

    batch(
        folder,
        LANGS,
        workspace=tmp_path / "ws",
        packages=copies,
        ray="auto",
        wave_segments=16,
        progress=reviewer_approves,
    )
    [(slug, segment_id)] = approved
    with open_store(tmp_path / "ws") as store:
        row = store.row(slug, segment_id, "en")
    t = row.translation
    assert t is not None
    assert (t.target, t.status, t.reviewer, t.mt) == (
        "The reviewer's English.",
        "approved",
        "sam",
        row.segment.source,
    )


def test_packages_reach_the_actors_through_the_object_store(
    tmp_path: Path, copies: list[InstalledPackage], ray_address: str
) -> None:
    """Actors run the driver's exact package bytes from their node cache, not its folder."""
    from workbench.batch.ship import cache_root, pack

    digests = {pack(package)[1] for package in copies}
    folder = tmp_path / "articles"
    write_articles(folder, 2)
    batch(folder, LANGS, workspace=tmp_path / "ws", packages=copies, ray="auto")
    cached = {p.name for p in cache_root().iterdir() if not p.name.startswith(".")}
    assert digests <= cached
    assert os.stat(cache_root()).st_mode & 0o777 == 0o700


def test_cli_batch_of_the_samples_on_the_cluster_equals_in_process(
    tmp_path: Path, tiny_packages: dict[str, InstalledPackage], ray_address: str
) -> None:
    """``workbench batch samples --ray ADDRESS`` with the installed (tiny random) packages
    stores exactly what the in-process batch stores: same waves, same decoding."""
    from tests.support import REPO_ROOT, run

    samples = str(REPO_ROOT / "samples")
    local = run("batch", samples, "--workspace", "local", cwd=tmp_path)
    on_ray = run("batch", samples, "--ray", ray_address, "--workspace", "ray", cwd=tmp_path)
    assert (local.returncode, on_ray.returncode) == (0, 0), on_ray.stderr
    assert f"(ray: 1 actor x 2 CPU ({ray_address}))" in on_ray.stdout
    assert stored(tmp_path / "ray") == stored(tmp_path / "local")
    assert all(value is not None for value in stored(tmp_path / "ray").values())
