"""Batch translation at newsroom scale: 200 articles through the Transformer-base generated
packages, in this process against Ray with 1 and 2 actors, plus the figures a cluster estimate
needs: the store's write rate for MT chunks on SQLite, a package's size and an actor's model
load, the bytes a segment costs on the network.

    uv run python benchmarks/batch_bench.py [--articles 200] [--to en,vi] [--rounds 1]

Prints the load average with the figures (the machine may be shared: compare runs made under
the same load). Each configuration translates the same folder into a fresh workspace; runs
alternate between configurations when ``--rounds`` > 1 and the median is kept. Ray's overhead
is its translation phase (actors loaded, waves out and back, the driver writing) against the
in-process one; Ray's start and the actors' load are reported apart.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_common as common

common.isolate_argos()


def write_folder(folder: Path, count: int, per_article: int) -> int:
    """``count`` French-like articles of ``per_article`` sentences: the seed's sentences with
    their words shuffled (seeded), so nearly every sentence is distinct, as on a real wire."""
    sentences = common.seed_sentences()
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(count):
        picked = []
        for _ in range(per_article):
            words = rng.choice(sentences).rstrip(".").split()
            middle = words[1:]
            rng.shuffle(middle)
            picked.append(" ".join([words[0], *middle]) + ".")
        title = f"Dépêche {number} : la Russie retire ses forces du Haut-Karabakh"
        paragraphs = [" ".join(picked[i : i + 2]) for i in range(0, len(picked), 2)]
        (folder / f"{number:03d}.txt").write_text(
            "\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8"
        )
        total += len(picked) + 1
    return total


def tree_cpu_seconds(root: int | None = None) -> float:
    """CPU seconds (user + system) used so far by this process and every live descendant
    (Ray's GCS, raylet and workers when this process started Ray): the work done, whatever
    else runs on the machine, where wall time on a shared machine measures mostly the load."""
    import os

    root = os.getpid() if root is None else root
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
    total = 0
    for pid, used in ticks.items():
        node = pid
        while node not in (0, 1) and node != root:
            node = parents.get(node, 0)
        if node == root:
            total += used
    return total / os.sysconf("SC_CLK_TCK")


def run_batch(
    folder: Path, work: Path, langs: list[str], packages: list[Any], ray: Any
) -> dict[str, Any]:
    from workbench.batch import batch

    workspace = Path(tempfile.mkdtemp(dir=work, prefix="ws-"))
    kwargs: dict[str, Any] = {}
    if ray is not None:
        kwargs = {"ray": "auto", "workers": ray}
    cpu: list[float] = []

    def at_the_ends(event: Any) -> None:  # before the first wave, after the last (actors alive)
        if (event.phase == "translate" and not cpu) or event.phase == "done":
            cpu.append(tree_cpu_seconds())

    report = batch(
        folder, langs, workspace=workspace, packages=packages, progress=at_the_ends, **kwargs
    )
    shutil.rmtree(workspace)
    return {
        "engine": report.engine,
        "seconds": round(report.seconds, 2),
        "translate_seconds": round(report.translate_seconds, 2),
        "segments": report.translated,
        "segments_per_s": round(report.translated / report.translate_seconds, 2),
        "cpu_seconds": round(cpu[-1] - cpu[0], 1),
        "target_tokens": report.target_tokens,
        "model_load_seconds": [round(s, 2) for s in report.model_load_seconds],
        "load_average": common.load_average(),
    }


def store_write_rate(folder: Path, work: Path, langs: list[str]) -> dict[str, Any]:
    """MT chunks written as the batch writes them (rows re-read, one ``store_mt`` transaction
    per article and language) into SQLite, with made-up results: store cost alone."""
    from workbench.batch.model import Part
    from workbench.batch.run import _Tally, _write_part
    from workbench.batch.sources import find_files, import_files
    from workbench.mt.translate import MTResult
    from workbench.store import open_store

    workspace = Path(tempfile.mkdtemp(dir=work, prefix="ws-"))
    with open_store(workspace, create=True) as store:
        slugs = [
            o.slug
            for _p, o in import_files(store, folder, find_files(folder))
            if hasattr(o, "slug")
        ]
        parts = []
        for slug in slugs:
            for lang in langs:
                rows = [r for r in store.rows(slug, lang) if r.segment.translatable]
                ids = tuple(r.segment.id for r in rows)
                sources = tuple(r.segment.source for r in rows)
                parts.append(Part(slug, lang, ids, sources, tuple(() for _ in rows)))
        tally = _Tally(time.perf_counter(), None)
        tally.left = {slug: 10**9 for slug in slugs}
        started = time.perf_counter()
        for part in parts:
            results = {
                s: MTResult(s, -1.0, (s, s), s if part.lang == "vi" else None, "m@1", 30, 30)
                for s in part.sources
            }
            _write_part(store, part, results, "mt", tally)
        seconds = time.perf_counter() - started
    shutil.rmtree(workspace)
    return {
        "transactions": len(parts),
        "segments": tally.translated,
        "seconds": round(seconds, 2),
        "segments_per_s": round(tally.translated / seconds, 1),
        "transactions_per_s": round(len(parts) / seconds, 1),
    }


def wire_bytes(packages: list[Any], langs: list[str]) -> dict[str, Any]:
    """Bytes per segment out (the source) and back (the pickled MTResult: text, two
    alternatives, pivot, model label, counts) for the seed's sentences."""
    from workbench.mt.options import DecodeOptions
    from workbench.mt.routes import find_route
    from workbench.mt.translate import translate_texts

    texts = common.seed_sentences()
    out: dict[str, Any] = {}
    for lang in langs:
        results = translate_texts(texts, find_route("fr", lang, packages), DecodeOptions())
        out[lang] = {
            "source_bytes_per_segment": round(len(pickle.dumps(texts)) / len(texts)),
            "result_bytes_per_segment": round(len(pickle.dumps(results)) / len(texts)),
        }
    return out


def package_figures(packages: list[Any]) -> list[dict[str, Any]]:
    from workbench.batch.ship import pack

    out = []
    for package in packages:
        started = time.perf_counter()
        data, _sha = pack(package)
        out.append(
            {
                "package": package.label,
                "tar_mb": round(len(data) / 1e6, 1),
                "pack_seconds": round(time.perf_counter() - started, 2),
            }
        )
    return out


def _one() -> int:
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--sentences", type=int, default=6, help="sentences per article")
    parser.add_argument("--to", default="en,vi")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    langs = args.to.split(",")
    packages = common.installed_base_packages()
    common.OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=common.OUT, prefix="batch-"))
    folder = work / "articles"
    segments = write_folder(folder, args.articles, args.sentences)
    print(
        f"{args.articles} articles, {segments} segments, into {langs}; "
        f"{common.cores()} cores; load average {common.load_average()}",
        flush=True,
    )
    runs: dict[str, list[dict[str, Any]]] = {"in-process": [], "ray-1": [], "ray-2": []}
    from workbench.batch.cluster import connect

    ray_start = []
    for _ in range(args.rounds):
        # In-process first, with no Ray running beside it (its idle daemons take CPU too).
        result = run_batch(folder, work, langs, packages, None)
        runs["in-process"].append(result)
        print("in-process", json.dumps(result), flush=True)
        started = time.perf_counter()
        with connect("auto") as ray:
            ray.get(ray.remote(_one).remote())
            ray_start.append(round(time.perf_counter() - started, 2))
            for name, actors in (("ray-1", 1), ("ray-2", 2)):
                result = run_batch(folder, work, langs, packages, actors)
                runs[name].append(result)
                print(name, json.dumps(result), flush=True)
    best = {k: min(v, key=lambda r: r["translate_seconds"]) for k, v in runs.items()}
    base = common.median([r["translate_seconds"] for r in runs["in-process"]])
    figures = {
        "articles": args.articles,
        "segments": segments,
        "langs": langs,
        "load_average_end": common.load_average(),
        "ray_start_and_first_task_seconds": ray_start,
        "runs": runs,
        "cpu_overhead_vs_in_process": {
            k: round(
                common.median([r["cpu_seconds"] for r in v])
                / common.median([r["cpu_seconds"] for r in runs["in-process"]])
                - 1,
                3,
            )
            for k, v in runs.items()
            if k != "in-process"
        },
        "overhead_vs_in_process": {
            k: round(common.median([r["translate_seconds"] for r in v]) / base - 1, 3)
            for k, v in runs.items()
            if k != "in-process"
        },
        "best": best,
        "store_write": store_write_rate(folder, work, langs),
        "packages": package_figures(packages),
        "wire": wire_bytes(packages, langs),
    }
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=2))
    common.write_json(common.OUT / "batch_bench.json", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
