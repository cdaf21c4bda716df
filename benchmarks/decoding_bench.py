"""Decoding safety and confidence, measured on the models the builder makes.

    uv run python benchmarks/decoding_bench.py [--quick]

1. **Length ratios** (how large the decoding limit must be): target/source token counts of the
   seed article's independent references and committed post-edits (fr→en, en→vi, fr→vi),
   tokenized by the generated base packages' tokenizers (joint SentencePiece, like
   argos-train's), and the limit ``min(cap, base + per_token * n)`` of the defaults against the
   largest ratio seen.
2. **Repetition control**: each setting (none, ``no_repeat_ngram_size`` 3/4/6,
   ``repetition_penalty`` 1.1/1.2/1.5) on the seed sentences through (a) the Transformer-base
   generated fr→en model (random weights: its loops are what the QA ``repeats`` check flags),
   (b) the copy model (exactness: any change is damage), (c) the copy model with a loop bias
   (``builder.faulty_models``: exact = the loop stopped right where the source ends), and
   (d) how many real sentences (references and post-edits) hold a repeated token n-gram — what
   ``no_repeat_ngram_size = n`` would forbid a model to write.
3. **Decoding limit**: output tokens and seconds with Argos's flat 256 against the
   proportional limit, on an OPUS-MT-architecture random model that never stops by itself
   and on the looping copy model.
4. **Confidence vs HTER** (Spearman; negative = useful): noisy copy models (a share of tokens
   uncertain or wrong), one leg and a pivot fr→en→vi with the legs combined by product, min,
   mean, first and last; copy outputs with injected word edits, scored by the copy model; and
   the random base model against the human references.

Figures go to stdout and ``benchmarks/out/decoding.json``. Timings are single runs under the
machine's load (printed).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_common as common  # noqa: E402

common.isolate_argos()

import polib  # noqa: E402

from workbench.mt import loaded  # noqa: E402
from workbench.mt.builder.marian import build_opus_mt_dir  # noqa: E402
from workbench.mt.builder.packages import (  # noqa: E402
    build_copy_package,
    build_faulty_copy_package,
)
from workbench.mt.builder.texts import ENGLISH_TEXT  # noqa: E402
from workbench.mt.confidence import spearman  # noqa: E402
from workbench.mt.convert import convert_opus_mt  # noqa: E402
from workbench.mt.install import install_from_file  # noqa: E402
from workbench.mt.options import DecodeOptions  # noqa: E402
from workbench.mt.routes import Route  # noqa: E402
from workbench.mt.scoring import score_translations  # noqa: E402
from workbench.mt.translate import retranslate_from_pivot, translate_texts  # noqa: E402
from workbench.qa import run_checks  # noqa: E402

ROOT = common.ROOT
_OFF = {"loop_retry_penalty": 1.0}
SETTINGS: list[tuple[str, dict[str, Any]]] = [
    ("none", _OFF),
    ("no-repeat 3", {**_OFF, "no_repeat_ngram_size": 3}),
    ("no-repeat 4", {**_OFF, "no_repeat_ngram_size": 4}),
    ("no-repeat 6", {**_OFF, "no_repeat_ngram_size": 6}),
    ("penalty 1.1", {**_OFF, "repetition_penalty": 1.1}),
    ("penalty 1.2", {**_OFF, "repetition_penalty": 1.2}),
    ("penalty 1.5", {**_OFF, "repetition_penalty": 1.5}),
    ("retry looped with penalty 1.2", {"loop_retry_penalty": 1.2}),
    ("retry looped with penalty 1.5 (default)", {}),
]


def _pairs() -> dict[str, list[tuple[str, str]]]:
    """(source, target) pairs from the references and post-edits, by direction."""
    sides: dict[str, dict[str, str]] = {"en": {}, "vi": {}}
    sources: dict[str, str] = {}
    for lang in ("en", "vi"):
        for path in (
            ROOT / "samples" / "karabakh" / f"{lang}.po",
            ROOT / "locales" / lang / "LC_MESSAGES" / "karabakh.po",
        ):
            for entry in polib.pofile(str(path)):
                if entry.msgstr:
                    key = f"{path.parent.name}:{entry.msgctxt}"
                    sides[lang][key] = entry.msgstr
                    sources[key] = entry.msgid
    both = [k for k in sides["en"] if k in sides["vi"]]
    return {
        "fr→en": [(sources[k], sides["en"][k]) for k in sides["en"]],
        "en→vi": [(sides["en"][k], sides["vi"][k]) for k in both],
        "fr→vi": [(sources[k], sides["vi"][k]) for k in sides["vi"]],
    }


def length_ratios(packages: dict[str, Any]) -> dict[str, Any]:
    counters = {
        "fr": loaded.codec(packages["fr_en"]),
        "en": loaded.codec(packages["en_vi"]),
        "vi": loaded.codec(packages["en_vi"]),
    }
    options = DecodeOptions()
    out: dict[str, Any] = {}
    for direction, pairs in _pairs().items():
        a, b = direction.split("→")
        ratios, headroom = [], []
        for source, target in pairs:
            n, m = len(counters[a].encode(source)), len(counters[b].encode(target))
            ratios.append(m / n)
            headroom.append(options.decoding_limit(n) / m)
        out[direction] = {
            "pairs": len(pairs),
            "ratio_median": round(statistics.median(ratios), 2),
            "ratio_max": round(max(ratios), 2),
            "limit_over_longest_need_min": round(min(headroom), 2),
        }
    return out


def _repeated_ngram(tokens: list[str], n: int) -> bool:
    seen = set()
    for i in range(len(tokens) - n + 1):
        gram = tuple(tokens[i : i + n])
        if gram in seen:
            return True
        seen.add(gram)
    return False


def ngram_harm(packages: dict[str, Any]) -> dict[str, Any]:
    pairs = _pairs()
    texts = {
        "fr": [s for s, _ in pairs["fr→en"]],
        "en": [t for _, t in pairs["fr→en"]],
        "vi": [t for _, t in pairs["fr→vi"]],
    }
    codec = {"fr": "fr_en", "en": "en_vi", "vi": "en_vi"}
    out = {}
    for lang, sentences in texts.items():
        tokens = [loaded.codec(packages[codec[lang]]).encode(s) for s in sentences]
        repeats = sum(len(t) - len(set(t)) for t in tokens)
        out[lang] = {
            **{
                f"n={n}": f"{sum(_repeated_ngram(t, n) for t in tokens)}/{len(tokens)}"
                for n in (3, 4, 6)
            },
            "tokens repeating an earlier one": f"{repeats / sum(map(len, tokens)):.1%}",
        }
    return out


def _loops(sources: list[str], results: list[Any]) -> int:
    return sum(
        any(f.check == "repeats" for f in run_checks(s, r.text, "en", enabled=["repeats"]))
        for s, r in zip(sources, results, strict=True)
    )


def _exact(results: list[Any], texts: list[str]) -> str:
    return f"{sum(r.text == t for r, t in zip(results, texts, strict=True))}/{len(texts)}"


def _models(work: Path) -> dict[str, Any]:
    seed = common.SEED_ARTICLE.read_text(encoding="utf-8")
    built = {
        "copy": build_copy_package(work / "copy.argosmodel", "fr", "en", texts=[seed]),
        "loop": build_faulty_copy_package(
            work / "loop.argosmodel", "fr", "en", texts=[seed], kind="loop"
        ),
        "noisy": build_faulty_copy_package(
            work / "noisy.argosmodel", "fr", "en", texts=[seed], kind="noisy", seed=7
        ),
    }
    return {name: install_from_file(file, work / name) for name, file in built.items()}


def repetition(packages: dict[str, Any], work: Path, sentences: list[str]) -> dict[str, Any]:
    models = _models(work)
    routes = {name: Route("fr", "en", (package,)) for name, package in models.items()}
    base = Route("fr", "en", (packages["fr_en"],))
    noisy_plain = translate_texts(sentences, routes["noisy"], DecodeOptions(**_OFF))
    out: dict[str, Any] = {}
    for name, kwargs in SETTINGS:
        options = DecodeOptions(**kwargs)
        started = time.perf_counter()
        random_results = translate_texts(sentences, base, options)
        seconds = time.perf_counter() - started
        loop = translate_texts(sentences, routes["loop"], options)
        noisy = translate_texts(sentences, routes["noisy"], options)
        out[name] = {
            "base: QA repeats": f"{_loops(sentences, random_results)}/{len(sentences)}",
            "base: target/source": round(
                sum(r.target_tokens for r in random_results)
                / sum(r.source_tokens for r in random_results),
                2,
            ),
            "base: seconds": round(seconds, 2),
            "copy: exact": _exact(translate_texts(sentences, routes["copy"], options), sentences),
            "loop: exact": _exact(loop, sentences),
            "loop: extra tokens": sum(max(0, r.target_tokens - r.source_tokens) for r in loop),
            "noisy: outputs changed": sum(
                a.text != b.text for a, b in zip(noisy, noisy_plain, strict=True)
            ),
            "noisy: mean HTER": round(
                statistics.mean(_ter(r.text, s) for r, s in zip(noisy, sentences, strict=True)), 3
            ),
        }
    return out


def limits(work: Path, sentences: list[str]) -> dict[str, Any]:
    release = build_opus_mt_dir(work / "opus", "en", "vi", texts=[ENGLISH_TEXT], seed=11)
    endless = install_from_file(
        convert_opus_mt(release, "en", "vi", work / "endless.argosmodel").path, work / "e"
    )
    seed = common.SEED_ARTICLE.read_text(encoding="utf-8")
    loop_file = build_faulty_copy_package(
        work / "loop2.argosmodel", "fr", "en", texts=[seed], kind="loop"
    )
    loop = install_from_file(loop_file, work / "l2")
    flat = DecodeOptions(**_OFF, decoding_length_base=256, decoding_length_per_token=0.0)
    cases = {
        "endless en→vi": (Route("en", "vi", (endless,)), ENGLISH_TEXT.splitlines()),
        "looping copy fr→en": (Route("fr", "en", (loop,)), sentences),
    }
    out: dict[str, Any] = {}
    for name, (route, texts) in cases.items():
        for label, options in (
            ("flat 256", flat),
            ("proportional", DecodeOptions(**_OFF)),
            ("proportional + retry (default)", DecodeOptions()),
        ):
            started = time.perf_counter()
            results = translate_texts(texts, route, options)
            out[f"{name}, {label}"] = {
                "source tokens": sum(r.source_tokens for r in results),
                "output tokens": sum(r.target_tokens for r in results),
                "noted as stopped": sum(bool(r.notes) for r in results),
                "seconds": round(time.perf_counter() - started, 2),
            }
    return out


def _ter(hypothesis: str, reference: str) -> float:
    from sacrebleu.metrics import TER

    return TER().sentence_score(hypothesis, [reference]).score / 100


def _noisy(work: Path, name: str, a: str, b: str, seed: int, text: str) -> Any:
    file = build_faulty_copy_package(
        work / f"{name}.argosmodel", a, b, texts=[text], kind="noisy", seed=seed
    )
    return install_from_file(file, work / name)


def confidence_single_leg(work: Path, sentences: list[str], models: int) -> dict[str, Any]:
    seed = common.SEED_ARTICLE.read_text(encoding="utf-8")
    confidences, hter = [], []
    for number in range(models):
        package = _noisy(work, f"noisy{number}", "fr", "en", number, seed)
        for s, r in zip(
            sentences, translate_texts(sentences, Route("fr", "en", (package,))), strict=True
        ):
            confidences.append(r.confidence)
            hter.append(_ter(r.text, s))
    return {
        "pairs": len(hter),
        "mean HTER": round(statistics.mean(hter), 3),
        "spearman": round(spearman(confidences, hter), 3),
    }


def confidence_pivot(work: Path, sentences: list[str], models: int) -> dict[str, Any]:
    seed = common.SEED_ARTICLE.read_text(encoding="utf-8")
    legs: list[tuple[float, float]] = []
    hter: list[float] = []
    for number in range(models):
        first = _noisy(work, f"p1-{number}", "fr", "en", 100 + number, seed)
        second = _noisy(work, f"p2-{number}", "en", "vi", 200 + number, seed)
        route = Route("fr", "vi", (first, second))
        one = translate_texts(sentences, Route("fr", "en", (first,)))
        two = retranslate_from_pivot([r.text for r in one], route)
        for s, a, b in zip(sentences, one, two, strict=True):
            legs.append((a.confidence, b.confidence))
            hter.append(_ter(b.text, s))
    rules = {
        "product": [a * b for a, b in legs],
        "min": [min(a, b) for a, b in legs],
        "mean": [(a + b) / 2 for a, b in legs],
        "first leg": [a for a, _ in legs],
        "last leg": [b for _, b in legs],
    }
    return {
        "pairs": len(hter),
        "mean HTER": round(statistics.mean(hter), 3),
        **{f"spearman {rule}": round(spearman(values, hter), 3) for rule, values in rules.items()},
    }


def _damage(text: str, edits: int, rng: random.Random) -> str:
    words = text.split()
    for _ in range(edits):
        if len(words) < 2:
            break
        i = rng.randrange(len(words))
        action = rng.choice(("drop", "swap", "repeat"))
        if action == "drop":
            del words[i]
        elif action == "swap":
            j = rng.randrange(len(words))
            words[i], words[j] = words[j], words[i]
        else:
            words.insert(i, words[i])
    return " ".join(words)


def confidence_injected(work: Path, sentences: list[str]) -> dict[str, Any]:
    seed = common.SEED_ARTICLE.read_text(encoding="utf-8")
    copy = install_from_file(
        build_copy_package(work / "copy-s.argosmodel", "fr", "en", texts=[seed]), work / "cs"
    )
    rng = random.Random(5)
    sources, targets = [], []
    for s in sentences:
        for edits in range(5):
            sources.append(s)
            targets.append(_damage(s, edits, rng))
    confidences = score_translations(sources, targets, copy)
    hter = [_ter(t, s) for s, t in zip(sources, targets, strict=True)]
    return {"pairs": len(hter), "spearman": round(spearman(confidences, hter), 3)}


def confidence_random(packages: dict[str, Any]) -> dict[str, Any]:
    pairs = _pairs()["fr→en"]
    results = translate_texts([s for s, _ in pairs], Route("fr", "en", (packages["fr_en"],)))
    hter = [_ter(r.text, t) for r, (_, t) in zip(results, pairs, strict=True)]
    confidences = [r.confidence for r in results]
    return {
        "pairs": len(hter),
        "mean HTER": round(statistics.mean(hter), 3),
        "spearman": round(spearman(confidences, hter), 3),
    }


def _print(title: str, table: dict[str, Any]) -> None:
    print(f"\n== {title}")
    for key, value in table.items():
        print(f"  {key}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer noisy models")
    args = parser.parse_args()
    print(f"load average {common.load_average()}, {common.cores()} cores")
    fr_en, en_vi = common.installed_base_packages()
    packages = {"fr_en": fr_en, "en_vi": en_vi}
    sentences = common.seed_sentences()
    models = 3 if args.quick else 10
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="decoding-bench-", dir=common.OUT) as tmp:
        work = Path(tmp)
        steps = (
            ("length ratios and the default limit", lambda: length_ratios(packages)),
            ("real sentences with a repeated token n-gram", lambda: ngram_harm(packages)),
            ("repetition control", lambda: repetition(packages, work, sentences)),
            ("decoding limit", lambda: limits(work, sentences)),
            ("confidence: noisy copy", lambda: confidence_single_leg(work, sentences, models)),
            ("confidence: noisy copies, pivot", lambda: confidence_pivot(work, sentences, models)),
            ("confidence: damaged copies scored", lambda: confidence_injected(work, sentences)),
            ("confidence: random base model vs references", lambda: confidence_random(packages)),
        )  # fmt: skip
        for title, function in steps:
            results[title] = function()
            _print(title, results[title])
    common.write_json(common.OUT / "decoding.json", results)


if __name__ == "__main__":
    main()
