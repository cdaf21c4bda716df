"""XLIFF and TMX at scale (prints figures; not a test).

Builds a generated article in a temporary workspace (machine output everywhere, half of it
approved), then times, with the load average printed beside them:

* XLIFF 1.2 and 2.0 export (of which QA, which the export runs to write its findings as
  notes) and the import of the unchanged file (every unit planned, nothing written);
* TMX export of the workspace;
* building a TMX file of ``--tmx-units`` units (fr, en, vi), importing it into the
  workspace's imported memory, and loading the whole memory as translate does.

    uv run python benchmarks/interchange_bench.py [--segments 5000] [--tmx-units 100000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from workbench.formats.tmx import TmxTarget, TmxUnit, build_tmx
from workbench.interchange import export_tmx, export_xliff, import_tmx, import_xliff
from workbench.project import qa_article
from workbench.segment import Segment, segment_id
from workbench.store import MTWrite, open_store
from workbench.tm_imported import memory_entries


def timed(label: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<48} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=5000)
    parser.add_argument("--tmx-units", type=int, default=100_000)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    with tempfile.TemporaryDirectory(prefix="interchange-bench-") as tmp:
        folder = Path(tmp)
        store = open_store(folder / "ws", create=True)
        sources = [
            f"Le porte-parole a confirmé le {i} avril que « {i % 97} colonnes » quittaient "
            f"les positions tenues depuis 2020, selon des images satellites ({i})."
            for i in range(args.segments)
        ]
        segments = [
            Segment(segment_id(text, 0), i + 1, i + 1, "content", None, text)
            for i, text in enumerate(sources)
        ]
        store.import_article("big", segments, title="Big", source_path="a", source_sha256="x")
        store.store_mt(
            "big", "vi", [MTWrite(s.id, f"Câu số {s.position} đã dịch.", "m@1") for s in segments]
        )
        for s in segments[: len(segments) // 2]:
            store.approve("big", s.id, "vi", expected_version=None, target=f"Câu {s.position}.")
        print(f"{args.segments:,} segments, half approved")
        timed("QA of the article (part of each XLIFF export)", qa_article, store, "big", "vi")
        for version in ("1.2", "2.0"):
            [done] = timed(
                f"XLIFF {version} export", export_xliff, store, "big", ["vi"], folder / "out",
                version=version,
            )  # fmt: skip
            print(f"{'  file size':<48} {done.path.stat().st_size / 2**20:8.2f} MiB")
            timed(f"XLIFF {version} import (unchanged file)", import_xliff, store, done.path)
        timed("TMX export of the workspace", export_tmx, store, folder / "all.tmx")
        units = [
            TmxUnit(f"x/{i}", f"Phrase source numéro {i} avec quelques mots de plus.",
                    (TmxTarget("en", f"Source sentence {i}."), TmxTarget("vi", f"Câu số {i}.")))
            for i in range(args.tmx_units)
        ]  # fmt: skip
        data = timed(f"build a {args.tmx_units:,}-unit TMX", build_tmx, units)
        (folder / "big.tmx").write_bytes(data)
        print(f"{'  file size':<48} {len(data) / 2**20:8.2f} MiB")
        timed(f"import it ({2 * args.tmx_units:,} pairs)", import_tmx, store, folder / "big.tmx")
        timed("load the en memory as translate does", memory_entries, store, "en")
        store.close()
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
