"""What an approved English target costs: ``project.follow_english_approval`` (the approved
English becomes the Vietnamese pivot, and the Vietnamese is translated again from it) on a warm
store, with the Transformer-base generated packages (``bench_common.installed_base_packages``).

* **one**: one English target approved (the review's ctrl+o; the UI runs it in a worker), each
  repeat with a new English text, the en→vi model loaded;
* **article**: every content segment's English approved at once (``import-po`` of a reviewed PO
  file), one call, one batched en→vi pass.

    uv run python benchmarks/pivot_link_bench.py [--repeats N] [--json-only]

Random weights: the text is gibberish; only timings mean something. The machine's load is
printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common as common

SLUG = "karabakh"


def _approve(store: Any, sid: str, text: str) -> None:
    en = store.row(SLUG, sid, "en").translation
    store.approve(SLUG, sid, "en", expected_version=en.version, target=text, reviewer="bench")


def run(repeats: int) -> dict[str, Any]:
    common.isolate_argos()
    packages = common.installed_base_packages()
    from workbench import project
    from workbench.store import open_store

    with tempfile.TemporaryDirectory(prefix="workbench-pivot-link-bench-") as tmp:
        workspace = Path(tmp) / "ws"
        project.import_article(common.SEED_ARTICLE, slug=SLUG, workspace=workspace)
        with open_store(workspace) as store:
            project.translate_article(store, SLUG, ["en", "vi"], packages=packages)
            ids = [s.id for s in store.segments(SLUG) if s.kind == "content"]
            one = []
            for i in range(repeats):
                sid = ids[i % len(ids)]
                _approve(store, sid, f"The Kremlin confirmed the withdrawal, edit {i}.")
                report, spent = common.timed(
                    project.follow_english_approval, store, SLUG, [sid], packages=packages
                )
                assert [x.outcome for x in report.links] == ["translated"], report
                one.append(spent)
            for sid in ids:
                pivot = store.row(SLUG, sid, "vi").translation.pivot
                _approve(store, sid, f"{pivot} (reviewed)")
            report, whole = common.timed(
                project.follow_english_approval, store, SLUG, ids, packages=packages
            )
            assert len(report.links) == len(ids), report
    return {
        "one_median_s": round(common.median(one), 4),
        "one_max_s": round(max(one), 4),
        "repeats": repeats,
        "article_segments": len(ids),
        "article_s": round(whole, 3),
        "article_per_segment_s": round(whole / len(ids), 4),
        "load": common.load_average(),
        "cores": common.cores(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    result = run(args.repeats)
    if not args.json_only:
        print(
            f"one English approval → vi re-translated: {result['one_median_s']:.3f} s median "
            f"(max {result['one_max_s']:.3f} s, {result['repeats']} repeats)\n"
            f"every English approved at once ({result['article_segments']} segments): "
            f"{result['article_s']:.2f} s ({result['article_per_segment_s']:.3f} s a segment)\n"
            f"load {result['load']} on {result['cores']} cores"
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
