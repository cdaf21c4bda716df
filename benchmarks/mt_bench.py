"""Whole-article translation: workbench against argostranslate, same model, same run.

Model: the Transformer-base generated packages (``workbench.mt.builder``, 6+6 layers, d_model 512,
8 heads, FFN 2048, 32k vocabulary, int8, length head), fr→en (seed 1) and en→vi (seed 2), built
once into ``benchmarks/out/packages/``; plus any real Argos package found in the user's Argos
folder (reported, and used in place of the generated one for its pair). Article: the seed's
translatable sentences repeated and shuffled to ``--segments`` (500) segments, no sentence twice
in a row.

* **ours**: ``workbench.mt.translate.translate_texts(article, route, DecodeOptions(...))``, warm
  (model loaded), in this process.
* **argos**: ``benchmarks/argos_side.py`` in ``benchmarks/out/argos-venv`` (argostranslate
  1.11.0 with torch 2.13.0 CPU, created here when missing), installing the same ``.argosmodel``
  files with ``argostranslate.package.install_from_path`` into its own ``ARGOS_PACKAGES_DIR`` and
  calling ``get_translation_from_codes(from, to).translate(segment)`` per segment (see its
  docstring for how sentence splitting is neutralised). Argos's per-segment cost does not depend
  on the article's length, so its share of the article is split into ``--rounds`` slices: round
  k runs ours on the whole article, then Argos on slice k (alternating, so both sides see the
  same machine noise). Argos's rate = its tokens / its seconds over all slices (one full pass
  over the article when ``--argos-segments`` equals ``--segments``); ours = median over rounds.

Then, ours only: a sweep (beam 1/2/4, compute type, threads, max_batch_tokens, CPU ISA), each
setting run in round-robin order ``--sweep-rounds`` times (median); the re-translation of one
edited English pivot into Vietnamese on a warm store; the percentage of the arithmetic ceiling
(``limit_bench.py``).

    uv run python benchmarks/mt_bench.py [--quick] [--json-only]

Random weights: the text is gibberish; only timings and token counts mean something.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common as common

common.isolate_argos()

from workbench.mt import packages as installed  # noqa: E402
from workbench.mt import routes, translate  # noqa: E402
from workbench.mt.options import DecodeOptions  # noqa: E402

ARGOS_VENV = common.OUT / "argos-venv"
ARGOS_HOME = common.OUT / "argos-side"
ARGOS_VERSION = "1.11.0"
TORCH_VERSION = "2.13.0"


# --------------------------------------------------------------------------------------------
# the argostranslate venv


def argos_python() -> Path:
    return ARGOS_VENV / "bin" / "python"


def _argos_venv_ok() -> bool:
    if not argos_python().is_file():
        return False
    probe = subprocess.run(
        [
            str(argos_python()),
            "-c",
            "from importlib.metadata import version as v; print(v('argostranslate'), v('torch'))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.returncode == 0 and probe.stdout.split()[:1] == [ARGOS_VERSION]


def ensure_argos_venv(note=print) -> Path:
    """Create ``benchmarks/out/argos-venv`` with argostranslate 1.11.0 over a CPU torch.

    torch is installed first, alone, pinned to the CPU wheel version (this machine's pip finds a
    local CPU wheel of it), and checked to be a ``+cpu`` build; only then argostranslate, whose
    torch requirement is then already met, so pip never pulls a CUDA torch.
    """
    if _argos_venv_ok():
        return argos_python()
    note(f"creating {ARGOS_VENV} (argostranslate {ARGOS_VERSION}, CPU torch {TORCH_VERSION})…")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(ARGOS_VENV)], check=True)
    pip = [str(argos_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, f"torch=={TORCH_VERSION}"], check=True)
    check = subprocess.run(
        [str(argos_python()), "-c", "import torch; print(torch.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    if "+cpu" not in check.stdout and "cuda" in check.stdout.lower():
        raise SystemExit(f"refusing a non-CPU torch in {ARGOS_VENV}: {check.stdout.strip()}")
    subprocess.run([*pip, f"argostranslate=={ARGOS_VERSION}"], check=True)
    if not _argos_venv_ok():
        raise SystemExit(f"{ARGOS_VENV}: argostranslate {ARGOS_VERSION} did not install")
    return argos_python()


class ArgosSide:
    """The argos_side.py server process: send a command, read one JSON answer."""

    def __init__(self, package_files: Sequence[Path], packages_dir: Path | None = None) -> None:
        command = [
            str(argos_python()),
            str(Path(__file__).resolve().parent / "argos_side.py"),
            "--home",
            str(ARGOS_HOME),
        ]
        if packages_dir is not None:
            command += ["--packages-dir", str(packages_dir)]
        for file in package_files:
            command += ["--package", str(file)]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS_", "XDG_"))}
        ARGOS_HOME.mkdir(parents=True, exist_ok=True)
        self.log = ARGOS_HOME / "stderr.log"
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log.open("w"),
            text=True,
            env=env,
        )
        self.ready = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            tail = self.log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"argos_side.py exited ({self.process.wait()}):\n{tail}")
        return json.loads(line)

    def run(self, texts: Sequence[str], from_code: str, to_code: str, beam: int) -> dict[str, Any]:
        assert self.process.stdin is not None
        command = {"cmd": "run", "from": from_code, "to": to_code, "texts": list(texts)}
        self.process.stdin.write(json.dumps({**command, "beam": beam}) + "\n")
        self.process.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write('{"cmd": "quit"}\n')
            self.process.stdin.close()
            self.process.wait(timeout=60)


# --------------------------------------------------------------------------------------------
# our side


def ours(texts: Sequence[str], route: routes.Route, options: DecodeOptions) -> dict[str, Any]:
    results, seconds = common.timed(translate.translate_texts, texts, route, options)
    return {
        "seconds": seconds,
        "segments": len(texts),
        "source_tokens": sum(r.source_tokens for r in results),
        "target_tokens": sum(r.target_tokens for r in results),
    }


def _rate(tokens: float, seconds: float) -> float:
    return tokens / seconds if seconds > 0 else float("nan")


def compare(
    argos: ArgosSide,
    article: list[str],
    argos_segments: int,
    route: routes.Route,
    beam: int,
    rounds: int,
) -> dict[str, Any]:
    """Alternate: ours on the whole article, then Argos on one slice of it, ``rounds`` times."""
    options = DecodeOptions(beam_size=beam)
    from_code, to_code = route.from_code, route.to_code
    last_step = route.steps[-1]
    last_name = f"{last_step.from_code}_{last_step.to_code}"
    translate.translate_texts(article[:4], route, options)  # load our models
    argos.run(["Bonjour à tous."], from_code, to_code, beam)  # load Argos's models
    share = article[:argos_segments]
    size = -(-len(share) // rounds)
    slices = [share[i : i + size] for i in range(0, len(share), size)]
    our_runs, argos_runs = [], []
    for piece in slices:
        our_runs.append(ours(article, route, options))
        answer = argos.run(piece, from_code, to_code, beam)
        steps = answer["steps"]  # insertion order: a pivot's second step comes last
        named = [v for k, v in steps.items() if last_name in k]
        step = named[0] if named else list(steps.values())[-1]
        argos_runs.append(
            {
                "seconds": answer["seconds"],
                "segments": answer["segments"],
                "target_tokens": step["target_tokens"],
                "translate_batch_calls": sum(s["calls"] for s in answer["steps"].values()),
            }
        )
    our_rates = [_rate(r["target_tokens"], r["seconds"]) for r in our_runs]
    argos_seconds = sum(r["seconds"] for r in argos_runs)
    argos_tokens = sum(r["target_tokens"] for r in argos_runs)
    argos_rate = _rate(argos_tokens, argos_seconds)
    our_rate = common.median(our_rates)
    our_seconds = common.median([r["seconds"] for r in our_runs])
    # each round's ours/Argos pair ran back to back, under the same load
    paired = [
        o / _rate(a["target_tokens"], a["seconds"])
        for o, a in zip(our_rates, argos_runs, strict=True)
    ]
    return {
        "route": f"{route.from_code}→{route.to_code}",
        "models": route.label,
        "beam": beam,
        "segments": len(article),
        "ours": {
            "seconds_median": round(our_seconds, 3),
            "target_tokens": our_runs[0]["target_tokens"],
            "source_tokens": our_runs[0]["source_tokens"],
            "tokens_per_s_median": round(our_rate, 1),
            "tokens_per_s_best": round(max(our_rates), 1),
            "tokens_per_s_runs": [round(x, 1) for x in our_rates],
        },
        "argos": {
            "segments": sum(r["segments"] for r in argos_runs),
            "seconds": round(argos_seconds, 2),
            "target_tokens": argos_tokens,
            "tokens_per_s": round(argos_rate, 1),
            "tokens_per_s_slices": [
                round(_rate(r["target_tokens"], r["seconds"]), 1) for r in argos_runs
            ],
            "translate_batch_calls": sum(r["translate_batch_calls"] for r in argos_runs),
            "whole_article_seconds_estimate": round(argos_seconds * len(article) / len(share), 1),
        },
        "ratio_tokens_per_s": round(our_rate / argos_rate, 1),
        "ratio_paired_median": round(common.median(paired), 1),
        "ratio_paired_rounds": [round(x, 1) for x in paired],
    }


# --------------------------------------------------------------------------------------------
# sweep


def sweep_settings(quick: bool) -> list[tuple[str, dict[str, Any]]]:
    """One factor at a time from the defaults, at beam 4 and greedy."""
    settings: list[tuple[str, dict[str, Any]]] = [
        (f"beam {beam} (defaults)", {"beam_size": beam}) for beam in (4, 2, 1)
    ]
    threads = ((1, 2), (1, 0)) if quick else ((1, 2), (1, 1), (1, 0), (2, 2))
    batches = (1024, 2048, 4096) if quick else (512, 1024, 2048, 4096, 8192)
    for beam in (4, 1):
        for compute in ("int8_float32", "int8"):
            settings.append(
                (f"beam {beam} {compute}", {"beam_size": beam, "compute_type": compute})
            )
        for inter, intra in threads:
            options = {"beam_size": beam, "inter_threads": inter, "intra_threads": intra}
            settings.append((f"beam {beam} inter {inter} intra {intra}", options))
        for tokens in batches:  # without the beam bound, so max_batch_tokens applies
            options = {"beam_size": beam, "max_batch_tokens": tokens, "beam_batch_tokens": 0}
            settings.append((f"beam {beam} batches of {tokens} tokens", options))
    return settings


def sweep(
    route: routes.Route, article: list[str], rounds: int, quick: bool
) -> list[dict[str, Any]]:
    settings = sweep_settings(quick)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in settings}
    for _name, kwargs in settings:  # load every translator variant first
        translate.translate_texts(article[:4], route, DecodeOptions(**kwargs))
    for _ in range(rounds):
        for name, kwargs in settings:
            runs[name].append(ours(article, route, DecodeOptions(**kwargs)))
    rows = []
    for name, kwargs in settings:
        rates = [_rate(r["target_tokens"], r["seconds"]) for r in runs[name]]
        best = max(rates)
        rows.append(
            {
                "setting": name,
                "options": kwargs,
                "seconds_median": round(common.median([r["seconds"] for r in runs[name]]), 3),
                "target_tokens": runs[name][0]["target_tokens"],
                "tokens_per_s_median": round(common.median(rates), 1),
                "tokens_per_s_best": round(best, 1),
            }
        )
    return rows


def isa_sweep(article: list[str], rounds: int) -> list[dict[str, Any]]:
    """CTranslate2 picks the AVX2 kernels on this AMD CPU; CT2_FORCE_CPU_ISA=AVX512 forces its
    own AVX-512 kernels (oneDNN's int8 GEMM chooses its ISA itself). The variable is read once
    per process, so each setting runs in a child process, alternating."""
    code = (
        "import sys, json; sys.path.insert(0, BENCH_DIR); import bench_common as c;"
        "c.isolate_argos();"
        "from workbench.mt import routes, translate;"
        "from workbench.mt.options import DecodeOptions;"
        "ps = c.installed_base_packages(); route = routes.find_route('fr', 'en', ps);"
        "texts = json.load(sys.stdin); beam = int(sys.argv[1]); o = DecodeOptions(beam_size=beam);"
        "translate.translate_texts(texts[:4], route, o);"
        "r, s = c.timed(translate.translate_texts, texts, route, o);"
        "print(json.dumps({'seconds': s, 'tokens': sum(x.target_tokens for x in r)}))"
    ).replace("BENCH_DIR", repr(str(Path(__file__).resolve().parent)))
    out = []
    for beam in (4, 1):
        runs: dict[str, list[float]] = {"default (AVX2 picked)": [], "CT2_FORCE_CPU_ISA=AVX512": []}
        for _ in range(rounds):
            for name in runs:
                env = dict(os.environ)
                env.pop("CT2_FORCE_CPU_ISA", None)
                if "AVX512" in name:
                    env["CT2_FORCE_CPU_ISA"] = "AVX512"
                proc = subprocess.run(
                    [sys.executable, "-c", code, str(beam)],
                    input=json.dumps(article),
                    capture_output=True,
                    text=True,
                    env=env,
                    check=True,
                )
                answer = common.last_json_line(proc.stdout)
                runs[name].append(answer["tokens"] / answer["seconds"])
        for name, rates in runs.items():
            out.append(
                {
                    "setting": f"beam {beam} {name}",
                    "tokens_per_s_median": round(common.median(rates), 1),
                }
            )
    return out


# --------------------------------------------------------------------------------------------
# re-translation from an edited pivot


def retranslate_pivot(packages: list[installed.InstalledPackage], repeats: int) -> dict[str, Any]:
    """``project.retranslate_from_pivot`` on a warm store: the seed article imported and
    translated into vi (through en), models loaded; each call edits one segment's English."""
    from workbench import project
    from workbench.store import open_store

    with tempfile.TemporaryDirectory(prefix="workbench-pivot-bench-") as tmp:
        workspace = Path(tmp) / "ws"
        project.import_article(common.SEED_ARTICLE, slug="karabakh", workspace=workspace)
        with open_store(workspace) as store:
            project.translate_article(store, "karabakh", ["vi"], packages=packages)
            rows = [
                r
                for r in store.rows("karabakh", "vi")
                if r.translation is not None and r.translation.pivot
            ]
            seconds = []
            pure = []
            route = routes.find_route("fr", "vi", packages)
            for i in range(repeats):
                row = rows[i % len(rows)]
                english = f"{row.translation.pivot} Edited {i}."
                _, spent = common.timed(
                    project.retranslate_from_pivot,
                    store,
                    "karabakh",
                    row.segment.id,
                    "vi",
                    english,
                    reviewer="bench",
                    packages=packages,
                )
                seconds.append(spent)
                _, spent = common.timed(translate.retranslate_from_pivot, [english], route)
                pure.append(spent)
    return {
        "segments_in_article": len(rows),
        "project_median_s": round(common.median(seconds), 4),
        "project_max_s": round(max(seconds), 4),
        "translate_only_median_s": round(common.median(pure), 4),
        "repeats": repeats,
    }


# --------------------------------------------------------------------------------------------


def real_packages() -> list[tuple[Path, list[installed.InstalledPackage]]]:
    """Real (not generated) Argos packages found in the user's Argos folders."""
    found = []
    for folder in common.real_packages_dirs():
        try:
            packages = [p for p in installed.list_installed(folder) if not p.generated]
        except Exception as error:  # a broken user folder must not stop the benchmark
            print(f"  skipping {folder}: {error}", file=sys.stderr)
            continue
        if packages:
            found.append((folder, packages))
    return found


def greedy_quality(route: routes.Route) -> dict[str, Any]:
    """BLEU and chrF of beam 4 and greedy output of a real model on the seed article against
    the reference translations in samples/ (matched by msgid)."""
    import polib

    from workbench.score import score_pairs

    reference = common.ROOT / "samples" / "karabakh" / f"{route.to_code}.po"
    entries = [e for e in polib.pofile(str(reference)) if e.msgstr]
    sources = [e.msgid for e in entries]
    refs = [e.msgstr for e in entries]
    out: dict[str, Any] = {"segments": len(sources)}
    for beam in (4, 1):
        results = translate.translate_texts(sources, route, DecodeOptions(beam_size=beam))
        report = score_pairs([r.text for r in results], refs, ["bleu", "chrf"], lang=route.to_code)
        out[f"beam {beam}"] = {m.name: round(m.score, 2) for m in report.metrics}
    return out


def real_model_runs(args: argparse.Namespace, article: list[str], note) -> list[dict[str, Any]]:
    """The same comparison (and the greedy quality cost) on real installed packages."""
    runs = []
    for folder, packages in real_packages():
        argos = None
        try:
            argos = ArgosSide([], packages_dir=folder)
            for to_code in ("en", "vi"):
                try:
                    route = routes.find_route("fr", to_code, packages)
                except Exception:  # this folder has no route to to_code
                    continue
                for beam in (4, 1):
                    note(f"  real model {route.label} beam {beam}…")
                    row = compare(argos, article, args.argos_segments, route, beam, args.rounds)
                    runs.append({"folder": str(folder), "real": True, **row})
                runs.append({"folder": str(folder), "quality": greedy_quality(route)})
        except Exception as error:
            runs.append({"folder": str(folder), "error": str(error)})
        finally:
            if argos is not None:
                argos.close()
    return runs


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    note = (lambda text: print(text, file=sys.stderr, flush=True)) if args.json_only else print
    ensure_argos_venv(note)
    files = common.base_package_files()
    packages = common.installed_base_packages()
    article = common.article(args.segments)
    report: dict[str, Any] = {
        "load_average_start": common.load_average(),
        "cores": common.cores(),
        "article_segments": len(article),
        "default_options": str(DecodeOptions()),
        "real_packages": [
            {"folder": str(folder), "packages": [p.label for p in packages]}
            for folder, packages in real_packages()
        ],
    }
    argos = ArgosSide(list(files.values()))
    report["argos_side"] = argos.ready
    comparisons = []
    try:
        for to_code in ("en", "vi"):
            route = routes.find_route("fr", to_code, packages)
            for beam in (4, 1):
                note(f"  comparing fr→{to_code} beam {beam}…")
                comparisons.append(
                    compare(argos, article, args.argos_segments, route, beam, args.rounds)
                )
    finally:
        argos.close()
    report["compare"] = comparisons
    report["real_models"] = real_model_runs(args, article, note)
    if not report["real_models"]:
        report["greedy_quality"] = (
            "not measured: no real Argos package is installed (random weights have no quality)"
        )
    report["load_average_after_compare"] = common.load_average()
    fr_en = routes.find_route("fr", "en", packages)
    note("  sweep…")
    report["sweep"] = sweep(fr_en, article[: args.sweep_segments], args.sweep_rounds, args.quick)
    report["isa"] = isa_sweep(article[: args.sweep_segments], args.sweep_rounds)
    note("  re-translate from pivot…")
    report["retranslate_pivot"] = retranslate_pivot(packages, 5 if args.quick else 20)
    report["load_average_end"] = common.load_average()
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def print_report(report: dict[str, Any]) -> None:
    print(
        f"Translation, {report['article_segments']} segments, load {report['load_average_start']}"
    )
    print(f"  argos side: {report['argos_side']}")
    header = f"  {'route':<7} {'beam':>4} {'ours s':>8} {'ours tok':>8} {'ours tok/s':>10} "
    print(
        header
        + f"{'argos seg':>9} {'argos s':>8} {'argos tok':>9} {'argos tok/s':>11} {'ratio':>6}"
    )
    for c in report["compare"]:
        o, a = c["ours"], c["argos"]
        print(
            f"  {c['route']:<7} {c['beam']:>4} {o['seconds_median']:>8.2f} {o['target_tokens']:>8} "
            f"{o['tokens_per_s_median']:>10.0f} {a['segments']:>9} {a['seconds']:>8.1f} "
            f"{a['target_tokens']:>9} {a['tokens_per_s']:>11.1f} {c['ratio_tokens_per_s']:>5.1f}x"
        )
    print("  sweep (ours, fr→en):")
    for row in report["sweep"] + report["isa"]:
        print(f"    {row['setting']:<40} {row['tokens_per_s_median']:>8.0f} tok/s")
    p = report["retranslate_pivot"]
    print(
        f"  re-translate one edited pivot into vi: {p['project_median_s']:.3f} s median "
        f"(max {p['project_max_s']:.3f}; translate only {p['translate_only_median_s']:.3f} s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller Argos share and sweep")
    parser.add_argument("--segments", type=int, help="article size (500; 200 with --quick)")
    parser.add_argument("--argos-segments", type=int, help="segments Argos translates")
    parser.add_argument("--rounds", type=int, help="alternating rounds (slices of Argos's share)")
    parser.add_argument("--sweep-segments", type=int)
    parser.add_argument("--sweep-rounds", type=int)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args(argv)
    quick = args.quick
    args.segments = args.segments or (200 if quick else 500)
    args.argos_segments = args.argos_segments or (30 if quick else args.segments)
    args.rounds = args.rounds or (3 if quick else 5)
    args.sweep_segments = args.sweep_segments or (100 if quick else 200)
    args.sweep_rounds = args.sweep_rounds or (1 if quick else 3)
    report = run(args)
    if not args.json_only:
        print_report(report)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
