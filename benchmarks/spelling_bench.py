"""Spell check cost (prints figures; not a test).

On the correct translations of the news corpus (``tests/data/news_corpus.json``) and the
sample's post-edits and references (``locales/``, ``samples/``), English and Vietnamese:

* the dictionaries' first load (libenchant + Hunspell, in this process);
* :func:`workbench.qa.spelling.misspelled_spans` per segment, what the editor would call on a
  keystroke: cold (every word new to the per-process word cache) and warm (the same segments
  again);
* the ``spelling`` check with its suggestions on the same segments with one typo per segment
  (two inner letters of its longest lower-case word swapped) and how many are found;
* every QA check with and without ``spelling`` (the share of a ``workbench qa`` run).

    uv run python benchmarks/spelling_bench.py [--repeat 3] [--json-only]

Prints a table, then one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from qa_noise import corpus_pairs, locale_pairs  # noqa: E402

from workbench.glossary import seed_glossary  # noqa: E402
from workbench.qa import DEFAULT_CHECKS, run_checks  # noqa: E402
from workbench.qa.spelling import misspelled_spans, notice  # noqa: E402

Pair = tuple[str, str, str]


def with_typo(target: str) -> str:
    """``target`` with two inner letters of its longest lower-case word swapped (unchanged
    when it has no such word of 4 letters or more)."""
    words = [w for w in re.findall(r"[^\W\d_]+", target) if w.islower()] or [""]
    longest = max(words, key=len)
    if len(longest) < 4:
        return target
    i = len(longest) // 2
    typo = longest[: i - 1] + longest[i] + longest[i - 1] + longest[i + 1 :]
    return target.replace(longest, typo, 1)


def per_segment_ms(pairs: list[Pair], call: Callable[[str, str, str], object]) -> list[float]:
    times = []
    for source, target, lang in pairs:
        start = time.perf_counter()
        call(source, target, lang)
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "mean_ms": round(statistics.fmean(times), 3),
        "p50_ms": round(ordered[len(ordered) // 2], 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95)], 3),
        "max_ms": round(ordered[-1], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    glossary = seed_glossary()
    pairs = corpus_pairs() + locale_pairs()
    results: dict[str, object] = {"segments": len(pairs)}

    start = time.perf_counter()
    said = [notice("en"), notice("vi")]
    results["load_ms"] = round((time.perf_counter() - start) * 1000, 1)
    results["notices"] = [s for s in said if s]

    def spans(source: str, target: str, lang: str) -> object:
        return misspelled_spans(target, lang, source=source, glossary=glossary)

    results["spans_cold"] = summary(per_segment_ms(pairs, spans))
    warm = [t for _ in range(args.repeat) for t in per_segment_ms(pairs, spans)]
    results["spans_warm"] = summary(warm)

    typos = [(s, typo, lang) for s, t, lang in pairs if (typo := with_typo(t)) != t]
    found: list[int] = []

    def check(source: str, target: str, lang: str) -> object:
        out = run_checks(source, target, lang, enabled=["spelling"], glossary=glossary)
        found.append(len(out))
        return out

    results["check_with_typo"] = summary(per_segment_ms(typos, check))
    results["typos_found"] = f"{sum(1 for n in found if n)}/{len(typos)}"

    every = [c for c in DEFAULT_CHECKS if c != "confidence"]
    others = [c for c in every if c != "spelling"]
    for name, enabled in (("all_checks", every), ("all_but_spelling", others)):
        times = [
            t
            for _ in range(args.repeat)
            for t in per_segment_ms(
                pairs,
                lambda s, t, lang, e=enabled: run_checks(s, t, lang, enabled=e, glossary=glossary),
            )
        ]
        results[name] = summary(times)

    if not args.json_only:
        print(f"{results['segments']} correct segments (corpus + sample), en and vi")
        print(f"dictionaries loaded in {results['load_ms']} ms; notices: {results['notices']}")
        for key in (
            "spans_cold",
            "spans_warm",
            "check_with_typo",
            "all_checks",
            "all_but_spelling",
        ):
            print(f"  {key:<18} {results[key]}")
        print(f"  typos found: {results['typos_found']}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
