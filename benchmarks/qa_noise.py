"""QA noise on correct translations (prints figures; not a test).

Runs every QA check (``confidence`` aside: it needs an MT score) on the news corpus
``tests/data/news_corpus.json`` — French news sentences with correct English and Vietnamese
translations, written as a translator would (numbers, dates, scale words, names, titles,
quotations) — and, with ``--locales``, on the sample article's committed post-edits
(``locales/``) and independent references (``samples/``). Every finding there is a false
positive: the figure to drive to zero.

    uv run python benchmarks/qa_noise.py [--verbose] [--locales] [--json-only]

Prints findings per segment and per check, each finding with ``--verbose``, then one JSON
object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.qa import DEFAULT_CHECKS, run_checks  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "news_corpus.json"


def corpus_pairs() -> list[tuple[str, str, str]]:
    """(source, target, lang) of every corpus entry, English and Vietnamese."""
    entries = json.loads(CORPUS.read_text(encoding="utf-8"))
    return [(e["fr"], e[lang], lang) for e in entries for lang in ("en", "vi")]


def locale_pairs() -> list[tuple[str, str, str]]:
    """(source, target, lang) of the committed post-edits and the sample references."""
    import polib

    pairs = []
    for lang in ("en", "vi"):
        for path in (
            ROOT / "locales" / lang / "LC_MESSAGES" / "karabakh.po",
            ROOT / "samples" / "karabakh" / f"{lang}.po",
        ):
            pairs += [(e.msgid, e.msgstr, lang) for e in polib.pofile(str(path)) if e.msgstr]
    return pairs


def measure(pairs: list[tuple[str, str, str]], verbose: bool) -> dict[str, object]:
    from workbench.glossary import seed_glossary

    glossary = seed_glossary()
    enabled = [name for name in DEFAULT_CHECKS if name != "confidence"]
    per_check: Counter[str] = Counter()
    per_severity: Counter[str] = Counter()
    flagged = 0
    start = time.perf_counter()
    for source, target, lang in pairs:
        found = run_checks(source, target, lang, enabled=enabled, glossary=glossary)
        flagged += bool(found)
        for f in found:
            per_check[f.check] += 1
            per_severity[f.severity] += 1
            if verbose:
                print(f"[{lang}] {f.severity:<7} {f.check}: {f.message}\n      {target}")
    seconds = time.perf_counter() - start
    total = sum(per_check.values())
    return {
        "segments": len(pairs),
        "findings": total,
        "findings_per_segment": round(total / max(1, len(pairs)), 3),
        "segments_flagged": flagged,
        "per_check": dict(sorted(per_check.items())),
        "per_severity": dict(sorted(per_severity.items())),
        "ms_per_segment": round(seconds / max(1, len(pairs)) * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every finding")
    parser.add_argument("--locales", action="store_true", help="also locales/ and samples/")
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    results = {"corpus": measure(corpus_pairs(), args.verbose)}
    if args.locales:
        results["locales"] = measure(locale_pairs(), args.verbose)
    if not args.json_only:
        for name, r in results.items():
            print(
                f"{name}: {r['findings']} findings on {r['segments']} correct segments "
                f"({r['findings_per_segment']} per segment, {r['segments_flagged']} flagged), "
                f"{r['ms_per_segment']} ms per segment"
            )
            print(f"  per check: {r['per_check']}  per severity: {r['per_severity']}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
