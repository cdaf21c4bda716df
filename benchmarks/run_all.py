"""Every benchmark of issue #9 in one run: a table of figures against the goals, and JSON.

    uv run python benchmarks/run_all.py [--quick] [--only NAME ...]

Runs each script as a child process (``--json-only`` where it has one), parses the JSON object
it prints last, prints one table and writes ``benchmarks/out/results.json``. Builds the
base-size generated packages and the argostranslate venv into ``benchmarks/out/`` the first
time, and reuses them after. Not part of the test run; the figures depend on the machine and on
its load, printed beside them (the machine this was written on has 2 cores shared with other
work: medians of alternating runs, not single timings).

``--quick`` (a few minutes once the venv and packages exist): 200-segment article with Argos
translating 30 segments per setting, a short sweep, 20,000 scoring pairs, fewer key presses.
The full run (500-segment article translated once in full by Argos per setting, full sweep,
100,000 scoring pairs in en and vi, ...) takes about half an hour here.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common as common

HERE = Path(__file__).resolve().parent
RESULTS = common.OUT / "results.json"
PARTS = (
    "translate", "limit", "startup", "tui", "score", "score_cache", "export", "tm", "qa",
    "segment", "detect",
)  # fmt: skip


def script(name: str, *args: str, timeout: float | None = None) -> dict[str, Any]:
    """Run ``benchmarks/<name>`` with this interpreter; its last JSON object, plus timing."""
    started = time.perf_counter()
    load = common.load_average()
    print(f"… {name} {' '.join(args)} (load {load})", file=sys.stderr, flush=True)
    proc = subprocess.run(
        [sys.executable, str(HERE / name), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        cwd=common.ROOT,
    )
    seconds = round(time.perf_counter() - started, 1)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout)[-1500:]
        print(f"  {name} failed ({proc.returncode}):\n{tail}", file=sys.stderr)
        return {"error": f"exit {proc.returncode}", "stderr_tail": tail, "wall_s": seconds}
    try:
        data = common.last_json_line(proc.stdout)
    except ValueError:
        return {"error": "no JSON in the output", "stdout_tail": proc.stdout[-1500:]}
    return {**data, "wall_s": seconds, "load_average_before": load}


def _find(rows: list[dict[str, Any]], route: str, beam: int) -> dict[str, Any] | None:
    return next((c for c in rows if c["route"] == route and c["beam"] == beam), None)


def table(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, value, goal, verdict) rows."""
    rows: list[tuple[str, str, str, str]] = []

    def add(figure: str, value: str, goal: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("met" if ok else "MISSED")
        rows.append((figure, value, goal, verdict))

    mt = results.get("translate", {})
    limit = results.get("limit", {})
    if "compare" in mt:
        add("article segments (ours / Argos per setting)", str(mt["article_segments"]))
        real = [r for r in mt.get("real_models", []) if "route" in r]
        for c in mt["compare"] + real:
            o, a = c["ours"], c["argos"]
            label = f"{c['route']} beam {c['beam']}" + (f" [{c['models']}]" if c in real else "")
            add(
                f"{label}: ours",
                f"{o['seconds_median']:.2f} s, {o['target_tokens']} tok, "
                f"{o['tokens_per_s_median']:.0f} tok/s",
            )
            add(
                f"{label}: argostranslate ({a['segments']} seg)",
                f"{a['seconds']:.1f} s, {a['target_tokens']} tok, {a['tokens_per_s']:.1f} tok/s "
                f"(whole article ≈ {a['whole_article_seconds_estimate']:.0f} s)",
            )
            goal = 10 if c["beam"] > 1 else 25
            paired = c.get("ratio_paired_median", c["ratio_tokens_per_s"])
            add(
                f"{label}: ratio (tokens/s)",
                f"{paired:.1f}x median of back-to-back rounds "
                f"{c.get('ratio_paired_rounds', '')}; {c['ratio_tokens_per_s']:.1f}x overall",
                f"≥ {goal}x",
                paired >= goal,
            )
        for r in mt.get("real_models", []):
            if "quality" in r:
                add(f"greedy quality cost [{r['folder']}]", json.dumps(r["quality"]))
            elif "error" in r:
                add(f"real model [{r['folder']}]", r["error"])
        if "greedy_quality" in mt:
            add("greedy quality cost", mt["greedy_quality"])
        for row in mt.get("sweep", []) + mt.get("isa", []):
            add(f"sweep fr→en: {row['setting']}", f"{row['tokens_per_s_median']:.0f} tok/s")
        pivot = mt.get("retranslate_pivot", {})
        if pivot:
            add(
                "re-translate one edited pivot → vi (project, warm)",
                f"{pivot['project_median_s']:.3f} s (max {pivot['project_max_s']:.3f})",
                "< 0.5 s",
                pivot["project_median_s"] < 0.5,
            )
    elif "error" in mt:
        add("translate", mt["error"])
    if "ceiling_tokens_per_s" in limit:
        add(
            "int8 GEMM rate (CTranslate2 encoder probes, best)",
            f"{limit['machine_int8_gmac_per_s']} GMAC/s = {limit['machine_int8_tops']} TOPS",
        )
        for beam in ("4", "1"):
            per = limit["per_target_token"][beam]
            ceiling = limit["ceiling_tokens_per_s"][beam]
            add(
                f"ceiling beam {beam}",
                f"{per['mflop_per_target_token']} MFLOP/token → {ceiling:.0f} tok/s",
            )
            ours = _find(mt.get("compare", []), "fr→en", int(beam))
            if ours:
                best = 100 * ours["ours"].get("tokens_per_s_best", 0) / ceiling
                median = 100 * ours["ours"]["tokens_per_s_median"] / ceiling
                add(
                    f"ours fr→en beam {beam} / ceiling",
                    f"{best:.0f} % best run, {median:.0f} % median",
                    "≥ 50 %",
                    best >= 50,
                )
    startup = results.get("startup", {}).get("commands", {})
    for name, r in startup.items():
        goal_ok = r["median_ms"] < 300 if name == "workbench --version" else None
        add(
            f"start-up: {name}",
            f"{r['median_ms']:.0f} ms",
            "< 300 ms" if goal_ok is not None else "",
            goal_ok,
        )
    tui = results.get("tui", {})
    if "first_paint_s" in tui:
        add("TUI first paint (5,000 segments)", f"{tui['first_paint_s']:.3f} s", "< 0.5 s")
        rows[-1] = (*rows[-1][:3], "met" if tui["first_paint_s"] < 0.5 else "MISSED")
        for key, value in tui.items():
            if isinstance(value, dict) and "median_ms" in value:
                ok = value["median_ms"] < 50
                add(
                    f"TUI key: {key}",
                    f"{value['median_ms']:.1f} ms median, p95 {value.get('p95_ms', '?')}",
                    "< 50 ms",
                    ok,
                )
    else:
        add("TUI", tui.get("error", "benchmarks/tui_bench.py not present"))
    for lang in ("en", "vi"):
        score = results.get(f"score_{lang}", {})
        if "total_seconds" in score:
            before = score.get("serial_seconds")
            value = f"{score['total_seconds']:.1f} s ({score['workers']} workers)"
            if before is not None:
                value += f", before {before:.1f} s (1 process)"
            add(
                f"score BLEU+chrF+TER, {score['pairs']:,} pairs {lang}",
                value,
                "< 10 s",
                score["total_seconds"] < 10,
            )
    for row in results.get("score_cache", {}).get("rows", []):
        add(
            f"score with statistics cache, {row['run']}, {row['pairs']:,} pairs {row['lang']}",
            f"{row['seconds']:.1f} s ({row['cpu_seconds']:.1f} CPU-s, {row['misses']:,} computed)",
            "< 10 s",
            row["seconds"] < 10,
        )
    export = results.get("export", {})
    if "export_approved_s" in export:
        add(
            f"export {export['segments']:,} approved segments to PO",
            f"{export['export_approved_s']:.2f} s ({export['po_bytes'] / 1e6:.1f} MB)",
        )
        if "msgfmt_check_s" in export:
            add(
                "msgfmt --check --statistics",
                f"{export['msgfmt_check_s']:.2f} s, rc {export.get('msgfmt_rc')}",
            )
    tm = results.get("tm", {}).get("tm", {})
    if tm:
        add(
            f"TM {tm['entries']:,} entries: build / exact / fuzzy",
            f"{tm['index_build_s']} s / {tm['exact_ms_median']} ms / {tm['fuzzy_ms_median']} ms "
            f"(p95 {tm['fuzzy_ms_p95']} ms)",
        )
    qa = results.get("qa", {})
    if qa and "error" not in qa:
        add("QA checks, 500 segments (qa_bench)", _qa_summary(qa))
    segment = results.get("segment", {})
    if segment and "error" not in segment:
        worst = segment["worst_s_per_mb"]
        add(
            "segmentation, worst megabyte pathological input",
            f"{worst} s/MB",
            f"< {segment['goal_s_per_mb']:g} s/MB",
            worst < segment["goal_s_per_mb"],
        )
        ratio = segment["linear_ratio"]
        large = segment["seed_x400"]
        add(
            "segmentation, seed article x400 / x40 time",
            f"{ratio} ({large['segments']:,} segments in {large['s']} s)",
            f"< {segment['goal_linear_ratio']:g}",
            ratio < segment["goal_linear_ratio"],
        )
    detect = results.get("detect", {})
    if detect and "error" not in detect:
        largest = detect["largest_ms"]
        add(
            f"language detection, {detect['sizes'][-1]['chars']:,} characters",
            f"{largest} ms ({detect['per_paragraph_us']} µs per seed paragraph)",
            f"< {detect['goal_ms']:g} ms",
            largest < detect["goal_ms"],
        )
    return rows


def _qa_summary(qa: dict[str, Any]) -> str:
    runs = qa.get("runs", {})
    parts = [
        f"{name} {r['mean_us'] / 1000:.2f} ms/segment (p95 {r['p95_us'] / 1000:.2f})"
        for name, r in runs.items()
        if isinstance(r, dict) and "mean_us" in r
    ]
    return "; ".join(parts[:2]) or "see results.json"


def print_table(rows: list[tuple[str, str, str, str]], results: dict[str, Any]) -> None:
    width = max(len(r[0]) for r in rows)
    value_width = min(70, max(len(r[1]) for r in rows))
    print()
    print(
        f"workbench benchmarks — {results['when']}, load {results['load_average_start']} → "
        f"{results['load_average_end']}, {results['cores']} cores, "
        f"{'quick' if results['quick'] else 'full'} run in {results['seconds']:.0f} s"
    )
    print(f"{'figure':<{width}}  {'value':<{value_width}}  {'goal':<9} verdict")
    print("-" * (width + value_width + 22))
    for figure, value, goal, verdict in rows:
        print(f"{figure:<{width}}  {value:<{value_width}}  {goal:<9} {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only",
        nargs="*",
        choices=PARTS,
        help="run only these parts",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    parts = set(args.only or PARTS)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "quick": quick,
        "cores": common.cores(),
        "python": platform.python_version(),
        "load_average_start": common.load_average(),
    }
    flag = ["--quick"] if quick else []
    if "translate" in parts:
        results["translate"] = script("mt_bench.py", "--json-only", *flag)
    if "limit" in parts:
        lengths: list[str] = []
        compare = _find(results.get("translate", {}).get("compare", []), "fr→en", 4)
        if compare:
            segments = compare["ours"]
            n = results["translate"]["article_segments"]
            lengths = [
                f"--source-tokens={segments['source_tokens'] / n:.1f}",
                f"--target-tokens={segments['target_tokens'] / n:.1f}",
            ]
        results["limit"] = script("limit_bench.py", "--json-only", *flag, *lengths)
    if "startup" in parts:
        results["startup"] = script(
            "startup_bench.py", "--json-only", "--runs", "10" if quick else "30"
        )
    if "tui" in parts:
        if (HERE / "tui_bench.py").is_file():
            presses = ["--presses", "50"] if quick else []
            results["tui"] = script("tui_bench.py", *presses)
        else:
            results["tui"] = {"error": "benchmarks/tui_bench.py not present"}
    if "score" in parts:
        pairs = "20000" if quick else "100000"
        for lang in ("en",) if quick else ("en", "vi"):
            results[f"score_{lang}"] = script(
                "score_bench.py", "--json-only", "--pairs", pairs, "--lang", lang
            )
    if "score_cache" in parts:
        pairs = "20000" if quick else "100000"
        results["score_cache"] = script(
            "score_cache_bench.py", "--skip-no-cache", "--pairs", pairs,
            "--lang", "en" if quick else "en,vi",
        )  # fmt: skip
    if "export" in parts:
        results["export"] = script("export_bench.py", "--json-only", "--segments", "10000")
    if "tm" in parts:
        results["tm"] = script("tm_bench.py", "--queries", "100" if quick else "500")
    if "qa" in parts:
        results["qa"] = script("qa_bench.py", "--json-only", *(["--repeat", "1"] if quick else []))
    if "segment" in parts:
        results["segment"] = script(
            "segment_bench.py", "--json-only", "--repeat", "1" if quick else "3"
        )
    if "detect" in parts:
        results["detect"] = script("detect_bench.py", "--json-only")
    results["load_average_end"] = common.load_average()
    results["seconds"] = round(time.perf_counter() - started, 1)
    rows = table(results)
    results["table"] = [{"figure": f, "value": v, "goal": g, "verdict": d} for f, v, g, d in rows]
    common.write_json(RESULTS, results)
    print_table(rows, results)
    print(f"\nwritten {RESULTS.relative_to(common.ROOT)}")
    print(
        json.dumps({"summary": results["table"], "seconds": results["seconds"]}, ensure_ascii=False)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
