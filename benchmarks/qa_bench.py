"""QA checks speed (prints figures; not a test).

Builds a 500-segment synthetic set from the seed article's sentences and their reference
translations (tests/test_qa.py SEED_PAIRS), each target slightly perturbed the way Argos goes
wrong (changed number, lost final stop, decoder loop, dropped half, copied source, French
spacing, wrong number format, lost name, guillemets) or left intact, then times ``run_checks``
on every (source, target) pair: English, Vietnamese, and both with the seed glossary.

    uv run python benchmarks/qa_bench.py [--segments 500] [--repeat 3] [--json-only]

Prints a table, then one JSON object (per-segment mean, percentiles, total, findings per check).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_import_start = time.perf_counter()
from workbench import qa  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - _import_start

from tests.test_qa import SEED_PAIRS  # noqa: E402
from workbench.glossary import seed_glossary  # noqa: E402

_WRONG_FORMAT = {"2,000": "2 000", "100,000": "100.000", "2.000": "2,000", "100.000": "100 000"}
_WRONG_FORMAT_RE = re.compile("|".join(re.escape(k) for k in _WRONG_FORMAT))


def _change_number(text: str, rng: random.Random) -> str:
    for old, new in (
        ("2,000", "200"),
        ("2.000", "200"),
        ("100,000", "10,000"),
        ("100.000", "10.000"),
        ("2020", "2002"),
    ):
        if old in text:
            return text.replace(old, new, 1)
    return text.replace("17", "18", 1)


def _loop(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) < 6:
        return text
    i = rng.randrange(0, len(words) - 3)
    phrase = " ".join(words[i : i + 3])
    return " ".join([*words[: i + 3], phrase, phrase, *words[i + 3 :]])


def _drop_half(text: str, rng: random.Random) -> str:
    words = text.split()
    return " ".join(words[: max(1, len(words) // 2)])


PERTURBATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "intact": lambda t, r: t,
    "changed number": _change_number,
    "lost final stop": lambda t, r: t.rstrip(".!?"),
    "decoder loop": _loop,
    "dropped half": _drop_half,
    "copied source": lambda t, r: t,  # replaced by the source below
    "French spacing": lambda t, r: t.replace(",", " ,").rstrip(".") + " ?",
    "wrong number format": lambda t, r: _WRONG_FORMAT_RE.sub(lambda m: _WRONG_FORMAT[m[0]], t),
    "lost name": lambda t, r: t.replace("Peskov", "").replace("Yerevan", "the capital"),
    "guillemets": lambda t, r: f"« {t} »",
    "double space": lambda t, r: t.replace(" ", "  ", 1),
}


#: The check that should catch each perturbation (others may flag it too).
EXPECTED = {
    "changed number": "numbers",
    "lost final stop": "punctuation",
    "decoder loop": "repeats",
    "dropped half": "length",
    "copied source": "untranslated",
    "French spacing": "punctuation",
    "wrong number format": "numbers",
    "lost name": "names",
    "guillemets": "brackets_quotes",
    "double space": "spaces",
}


def synthetic_set(lang: str, count: int, seed: int = 42) -> list[tuple[str, str, str]]:
    """(perturbation, source, target) triples, deterministic for a seed."""
    rng = random.Random(seed)
    column = 1 if lang == "en" else 2
    names = list(PERTURBATIONS)
    out = []
    for i in range(count):
        pair = SEED_PAIRS[i % len(SEED_PAIRS)]
        source, target = pair[0], pair[column]
        kind = "intact" if rng.random() < 0.4 else rng.choice(names)
        changed = source if kind == "copied source" else PERTURBATIONS[kind](target, rng)
        # A perturbation that did not apply (no number, no name...) leaves an intact target.
        out.append((kind if changed != target else "intact", source, changed))
    return out


def measure(
    triples: list[tuple[str, str, str]], lang: str, repeat: int, **kwargs: object
) -> dict[str, object]:
    rounds: list[tuple[float, list[float]]] = []  # (total, per-segment times)
    found: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    for round_ in range(repeat):
        times = []
        start = time.perf_counter()
        for kind, source, target in triples:
            t0 = time.perf_counter()
            findings = qa.run_checks(source, target, lang, **kwargs)  # type: ignore[arg-type]
            times.append(time.perf_counter() - t0)
            if round_ == 0:
                found.update(f.check for f in findings)
                if kind != "intact" and any(f.check == EXPECTED[kind] for f in findings):
                    flagged[kind] += 1
        rounds.append((time.perf_counter() - start, times))
    total, per_segment = min(rounds)  # the least disturbed round
    kinds = Counter(kind for kind, _, _ in triples)
    per_segment_sorted = sorted(per_segment)
    return {
        "segments": len(triples),
        "total_ms": round(total * 1000, 2),
        "mean_us": round(statistics.fmean(per_segment) * 1e6, 1),
        "p50_us": round(per_segment_sorted[len(per_segment) // 2] * 1e6, 1),
        "p95_us": round(per_segment_sorted[int(len(per_segment) * 0.95)] * 1e6, 1),
        "max_us": round(per_segment_sorted[-1] * 1e6, 1),
        "findings_per_check": dict(sorted(found.items())),
        "perturbed_caught": {
            k: f"{flagged[k]}/{n}" for k, n in sorted(kinds.items()) if k != "intact"
        },
        "intact_with_findings": sum(
            1
            for kind, source, target in triples
            if kind == "intact" and qa.run_checks(source, target, lang, **kwargs)  # type: ignore[arg-type]
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds; the best is kept")
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()

    glossary = seed_glossary()
    runs = {}
    for lang in ("en", "vi"):
        triples = synthetic_set(lang, args.segments)
        runs[lang] = measure(triples, lang, args.repeat)
        runs[f"{lang}+glossary"] = measure(triples, lang, args.repeat, glossary=glossary)

    report = {
        "benchmark": "qa.run_checks",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "checks": list(qa.DEFAULT_CHECKS),
        "import_ms": round(IMPORT_SECONDS * 1000, 2),
        "runs": runs,
    }
    if not args.json_only:
        print(f"import workbench.qa: {report['import_ms']} ms; checks: {', '.join(qa.CHECKS)}")
        print(
            f"{'run':<12} {'segments':>8} {'total ms':>9} {'mean µs':>8} {'p50 µs':>7} "
            f"{'p95 µs':>7} {'max µs':>7} {'intact flagged':>14}"
        )
        for name, r in runs.items():
            print(
                f"{name:<12} {r['segments']:>8} {r['total_ms']:>9} {r['mean_us']:>8} "
                f"{r['p50_us']:>7} {r['p95_us']:>7} {r['max_us']:>7} "
                f"{r['intact_with_findings']:>14}"
            )
        for name in ("en", "vi"):
            caught = ", ".join(f"{k} {v}" for k, v in runs[name]["perturbed_caught"].items())
            print(f"{name} perturbations caught by their check: {caught}")
        print()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
