"""OPUS-MT conversion costs: ``workbench.mt.convert.convert_opus_mt`` on a generated release.

    uv run python benchmarks/convert_bench.py [--base]

Builds an OPUS-MT release folder with random weights (:mod:`workbench.mt.builder.marian`):
the tiny one of the tests (2+2 layers, d_model 32) and with ``--base`` one sized like a real
opus-mt model (6+6 layers, d_model 512, 8 heads, FFN 2048, 32,000-token vocabulary, post-norm,
tied embeddings, ~230 MB of float32 ``.npz``). Prints the seconds to convert (CTranslate2's
OpusMTConverter to int8, copying tokenizers, the probe translation, the zip) and to install
the result with the full validation, medians of 3, and the sizes of the ``.npz`` and the
``.argosmodel``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_common as common  # noqa: E402

common.isolate_argos()

from workbench.mt.builder.marian import MODEL_FILE, MarianShape, build_opus_mt_dir  # noqa: E402
from workbench.mt.builder.texts import ENGLISH_TEXT  # noqa: E402
from workbench.mt.convert import convert_opus_mt  # noqa: E402
from workbench.mt.install import install_from_file  # noqa: E402

SHAPES = {
    "tiny": (MarianShape(), 0),
    "base": (MarianShape(layers=6, d_model=512, heads=8, ffn=2048), 32000),
}


def _release(work: Path, size: str) -> Path:
    shape, vocab = SHAPES[size]
    return build_opus_mt_dir(
        work / f"opus-{size}",
        "en",
        "vi",
        texts=[ENGLISH_TEXT],
        kind="random",
        shape=shape,
        seed=7,
        vocab_size=vocab,
    )


def measure(size: str, runs: int = 3) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="convert-bench-", dir=common.OUT) as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        release = _release(work, size)
        built = time.perf_counter() - started
        convert, install = [], []
        for run in range(runs):
            out = work / f"run{run}.argosmodel"
            started = time.perf_counter()
            convert_opus_mt(release, "en", "vi", out)
            convert.append(time.perf_counter() - started)
            started = time.perf_counter()
            install_from_file(out, work / f"packages{run}")
            install.append(time.perf_counter() - started)
        return {
            "build_s": round(built, 2),
            "convert_s": round(statistics.median(convert), 2),
            "install_s": round(statistics.median(install), 2),
            "npz_mb": round((release / MODEL_FILE).stat().st_size / 1e6, 1),
            "argosmodel_mb": round(out.stat().st_size / 1e6, 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", action="store_true", help="also the base-size release")
    args = parser.parse_args()
    common.OUT.mkdir(parents=True, exist_ok=True)
    print(f"load average {common.load_average()}, {common.cores()} cores")
    for size in ("tiny", "base") if args.base else ("tiny",):
        print(size, measure(size))


if __name__ == "__main__":
    main()
