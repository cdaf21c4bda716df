"""What confidence costs: ``score_batch`` on the best hypotheses beside ``translate_batch``.

    uv run python benchmarks/scoring_overhead.py

On the Transformer-base generated fr→en package and an article of 120 seed segments: seconds
of ``translate_batch`` alone and of ``score_batch`` on its best outputs (medians of 3,
alternating), and whether beam 4 gives the same best hypothesis with 1 and with 3 hypotheses.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_common as common  # noqa: E402

common.isolate_argos()

from workbench.mt import loaded  # noqa: E402
from workbench.mt.batching import batch_tokens  # noqa: E402
from workbench.mt.options import DecodeOptions  # noqa: E402
from workbench.mt.translate import translate_one_step  # noqa: E402


def main() -> None:
    print(f"load average {common.load_average()}, {common.cores()} cores")
    fr_en, _ = common.installed_base_packages()
    article = common.article(120)
    options = DecodeOptions()
    codec, translator = loaded.codec(fr_en), loaded.translator(fr_en, options)
    batch = sorted((codec.encode(text) for text in article), key=len)
    size = batch_tokens(sum(map(len, batch)), options)
    translate_s, score_s = [], []
    for _ in range(3):
        started = time.perf_counter()
        results = translator.translate_batch(
            batch, max_batch_size=size, batch_type="tokens", beam_size=4, num_hypotheses=3,
            length_penalty=0.2, max_decoding_length=256, return_scores=True,
        )  # fmt: skip
        translate_s.append(time.perf_counter() - started)
        bests = [list(r.hypotheses[0]) for r in results]
        started = time.perf_counter()
        translator.score_batch(batch, bests, max_batch_size=size, batch_type="tokens")
        score_s.append(time.perf_counter() - started)
    t, s = statistics.median(translate_s), statistics.median(score_s)
    print(f"translate_batch {t:.2f} s, score_batch {s:.2f} s: +{100 * s / t:.0f} %")
    one = translate_one_step(article, fr_en, DecodeOptions(num_hypotheses=1))
    three = translate_one_step(article, fr_en, DecodeOptions(num_hypotheses=3))
    same = sum(a[0] == b[0] for a, b in zip(one, three, strict=True))
    print(f"beam 4, best of 1 vs 3 hypotheses identical: {same}/{len(article)}")


if __name__ == "__main__":
    main()
