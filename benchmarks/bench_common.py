"""Shared helpers of the benchmark scripts: folders, generated packages, the article, timing.

Everything a benchmark writes goes under ``benchmarks/out/`` (gitignored): the generated
base-size packages (built once, then reused), our own Argos package folder, the argostranslate
venv, and ``results.json``. Import this module before any ``workbench`` module that might import
``argostranslate``: :func:`isolate_argos` points argostranslate's folders (read once, at its first
import) at ``benchmarks/out/`` so that nothing lands in the user's home.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SEED_ARTICLE = ROOT / "samples" / "karabakh" / "fr.txt"
PACKAGES = OUT / "packages"  # built .argosmodel files
OUR_ARGOS = OUT / "workbench-argos"  # ARGOS_PACKAGES_DIR & XDG dirs of the workbench side

#: The generated models every ratio uses: (from, to, seed).
BASE_PAIRS = (("fr", "en", 1), ("en", "vi", 2))


def isolate_argos(root: Path = OUR_ARGOS) -> None:
    """Point argostranslate's settings (read at its first import) into ``root``."""
    for var, sub in (
        ("ARGOS_PACKAGES_DIR", "packages"),
        ("XDG_DATA_HOME", "xdg/data"),
        ("XDG_CONFIG_HOME", "xdg/config"),
        ("XDG_CACHE_HOME", "xdg/cache"),
    ):
        os.environ[var] = str(root / sub)
        (root / sub).mkdir(parents=True, exist_ok=True)


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def base_package_file(
    from_code: str, to_code: str, seed: int, extra_texts: Sequence[str] = ()
) -> Path:
    """The base-size generated package ``from_code``→``to_code``, built once into
    ``benchmarks/out/packages/`` (sentencepiece trained on the seed article + builder texts
    + ``extra_texts``)."""
    from workbench.mt import builder

    path = PACKAGES / f"{from_code}_{to_code}-base-seed{seed}.argosmodel"
    if path.is_file():
        return path
    texts = {
        "fr": SEED_ARTICLE.read_text(encoding="utf-8"),
        "en": builder.ENGLISH_TEXT,
        "vi": builder.VIETNAMESE_TEXT,
    }
    builder.build_random_package(
        path,
        from_code,
        to_code,
        size="base",
        seed=seed,
        texts=[texts[from_code], texts[to_code], *extra_texts],
    )
    return path


def installed_base_packages() -> list[Any]:
    """Build (once) and install (once) the generated base packages into our Argos folder.

    The English that the random fr→en model writes is made of pieces of its 32k vocabulary
    (most of them joins of 2-3 learned pieces); a tokenizer trained only on real English
    would split it ~5x finer than a real pivot. So the en→vi package's sentencepiece is also
    trained on the fr→en model's output for the seed sentences (beam 4 and greedy): the pivot
    step then reads about as many tokens as the first step wrote, as with real models.
    """
    from workbench.mt import install, packages

    have = {(p.from_code, p.to_code): p for p in packages.list_installed() if p.generated}
    out: list[Any] = []
    for a, b, seed in BASE_PAIRS:
        extra: list[str] = []
        if a == "en" and out:
            extra = _pivot_texts(out[0])
        file = base_package_file(a, b, seed, extra)
        package = have.get((a, b))
        if package is None or package.version != "0.0+base" or _stale(package.path, file):
            package = install.install_from_file(file)
            (package.path / ".built-from").write_text(str(file.stat().st_mtime_ns))
        out.append(package)
    return out


def _pivot_texts(first: Any) -> list[str]:
    from workbench.mt import routes, translate
    from workbench.mt.options import DecodeOptions

    route = routes.Route(first.from_code, first.to_code, (first,))
    sentences = seed_sentences()
    texts = []
    for beam in (4, 1):
        results = translate.translate_texts(sentences, route, DecodeOptions(beam_size=beam))
        texts.append("\n".join(r.text for r in results))
    return texts


def base_package_files() -> dict[str, Path]:
    """The built package files (building and installing them when missing)."""
    installed_base_packages()
    return {f"{a}_{b}": base_package_file(a, b, seed) for a, b, seed in BASE_PAIRS}


def _stale(folder: Path, file: Path) -> bool:
    marker = folder / ".built-from"
    return not marker.is_file() or marker.read_text() != str(file.stat().st_mtime_ns)


def real_packages_dirs() -> list[Path]:
    """Argos package folders of the user (outside benchmarks/out) that may hold real models."""
    candidates = []
    env = os.environ.get("WORKBENCH_BENCH_REAL_ARGOS_DIR")
    if env:
        candidates.append(Path(env))
    candidates.append(Path.home() / ".local" / "share" / "argos-translate" / "packages")
    return [c for c in candidates if c.is_dir()]


def seed_sentences() -> list[str]:
    """The seed article's translatable content segments (workbench's own segmenter)."""
    from workbench.segment import segment_text

    text = SEED_ARTICLE.read_text(encoding="utf-8")
    return [s.source for s in segment_text(text) if s.kind == "content" and s.source.strip()]


def article(count: int, seed: int = 9) -> list[str]:
    """``count`` segments: the seed's sentences repeated and shuffled, never the same sentence
    twice in a row (argostranslate's CachedTranslation reuses the previous call's paragraphs)."""
    sentences = seed_sentences()
    rng = random.Random(seed)
    pool: list[str] = []
    out: list[str] = []
    while len(out) < count:
        if not pool:
            pool = list(sentences)
            rng.shuffle(pool)
        pick = next((i for i, s in enumerate(pool) if not out or s != out[-1]), 0)
        out.append(pool.pop(pick))
    return out


def timed(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def last_json_line(text: str) -> Any:
    """The last JSON object printed in ``text``: one line, or an indented block that starts
    with ``{`` alone on its line and runs to the end."""
    lines = text.splitlines()
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index].lstrip().startswith("{"):
            continue
        for candidate in (lines[index], "\n".join(lines[index:])):
            try:
                return json.loads(candidate)
            except json.JSONDecodeError:
                continue
    raise ValueError("no JSON object in the output")
