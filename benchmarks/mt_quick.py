"""Machine-translation throughput with generated packages (prints figures; not a test).

Builds tiny and Transformer-base fr→en packages (workbench.mt.builder) in a temporary folder,
installs them there through workbench.mt.install, and translates the seed article's sentences
repeated to ~500 segments with workbench.mt.translate:

* segments/s and target tokens/s at beam 4 and beam 1, tokens in vs out;
* one whole-article pass (translate_texts on all of the article's segments) against one
  translate_batch call per segment, same model, same run;
* with ``--sweep``: max_batch_tokens, threads and compute type on the base model.

    uv run python benchmarks/mt_quick.py [--segments 500] [--sweep] [--skip-base]

Random weights: the text is gibberish; only the timings and token counts mean something.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from pathlib import Path

# argostranslate.settings creates its folders at first import: point it at the temp dir first.
_ROOT = Path(tempfile.mkdtemp(prefix="workbench-mt-bench-"))
for _var, _sub in (
    ("ARGOS_PACKAGES_DIR", "argos/packages"),
    ("XDG_DATA_HOME", "xdg/data"),
    ("XDG_CONFIG_HOME", "xdg/config"),
    ("XDG_CACHE_HOME", "xdg/cache"),
):
    os.environ[_var] = str(_ROOT / _sub)

from workbench.mt import builder, install, loaded, routes, translate  # noqa: E402
from workbench.mt import options as mt_options  # noqa: E402
from workbench.mt.options import DecodeOptions  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "samples" / "karabakh" / "fr.txt"


def article_segments() -> list[str]:
    segments: list[str] = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        segments += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z«])", line.strip()) if s]
    return segments


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def throughput(route: routes.Route, segments: list[str], options: DecodeOptions) -> str:
    results, seconds = timed(translate.translate_texts, segments, route, options)
    source = sum(r.source_tokens for r in results)
    target = sum(r.target_tokens for r in results)
    return (
        f"{len(segments) / seconds:8.1f} seg/s {target / seconds:9.0f} tgt tok/s "
        f"({seconds:6.2f} s; tokens in {source / len(results):.1f} out "
        f"{target / len(results):.1f} per segment, out/in {target / max(source, 1):.2f})"
    )


def whole_vs_per_segment(route: routes.Route, article: list[str], options: DecodeOptions) -> str:
    translate.translate_texts(article[:2], route, options)  # load the model first
    whole = min(timed(translate.translate_texts, article, route, options)[1] for _ in range(2))
    per = min(
        timed(lambda: [translate.translate_texts([s], route, options) for s in article])[1]
        for _ in range(2)
    )
    return (
        f"whole article ({len(article)} segments) {whole:6.2f} s vs one call per segment "
        f"{per:6.2f} s: {per / whole:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--sweep", action="store_true", help="batch size, threads, compute type")
    parser.add_argument("--skip-base", action="store_true")
    args = parser.parse_args()

    article = article_segments()
    segments = (article * (args.segments // len(article) + 1))[: args.segments]
    seed_text = SEED.read_text(encoding="utf-8")
    print(f"cores available: {mt_options._cores()}; default {DecodeOptions()}")
    print(f"article: {len(article)} segments; corpus: {len(segments)} segments\n")

    sizes = ["tiny"] if args.skip_base else ["tiny", "base"]
    for size in sizes:
        file, seconds = timed(
            builder.build_random_package,
            _ROOT / f"{size}.argosmodel",
            "fr",
            "en",
            size=size,
            seed=1,
            texts=[seed_text, builder.ENGLISH_TEXT],
        )
        package = install.install_from_file(file)
        route = routes.find_route("fr", "en", [package])
        megabytes = file.stat().st_size / 1e6
        print(f"[{size}] built in {seconds:.1f} s ({megabytes:.1f} MB): {package.label}")
        translate.translate_texts(article, route)  # warm up: load the model
        for beam in (4, 1):
            options = DecodeOptions(beam_size=beam)
            print(f"  beam {beam}: {throughput(route, segments, options)}")
        for beam in (4, 1):
            options = DecodeOptions(beam_size=beam)
            print(f"  beam {beam}: {whole_vs_per_segment(route, article, options)}")

        if args.sweep and size == "base":
            sample = segments[:120]
            print("  sweep on 120 segments, beam 4:")
            for tokens in (32, 256, 1024, 2048, 8192):
                options = DecodeOptions(max_batch_tokens=tokens)
                print(f"    max_batch_tokens {tokens:5d}: {throughput(route, sample, options)}")
            for inter, intra in ((1, 1), (2, 1), (1, 2), (1, 0)):
                options = DecodeOptions(inter_threads=inter, intra_threads=intra)
                print(f"    inter {inter} intra {intra}:  {throughput(route, sample, options)}")
            for compute in ("auto", "int8", "int8_float32", "float32"):
                options = DecodeOptions(compute_type=compute)
                print(f"    compute {compute:12s}: {throughput(route, sample, options)}")
            for chunk in (0, 16384, 2048):
                options = DecodeOptions(chunk_tokens=chunk)
                print(f"    chunk_tokens {chunk:5d}: {throughput(route, sample, options)}")
        loaded.clear_cache()
        print()


if __name__ == "__main__":
    main()
