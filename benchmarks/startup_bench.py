"""Start-up time: ``workbench --version``, ``workbench status``, ``import workbench``.

``workbench status`` runs on a temporary workspace with the seed article imported (through
``WORKBENCH_HOME``). With hyperfine installed (``apt-get install -y hyperfine``), each command is
timed by ``hyperfine --shell=none --warmup 3`` (median of its runs); without it, by repeated
``subprocess.run`` here (median). ``python -c pass`` is the interpreter's own start-up, for
reference. Prints a table and JSON.

    uv run python benchmarks/startup_bench.py [--runs 30] [--json-only]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common as common


def commands() -> dict[str, list[str]]:
    python = sys.executable
    workbench = str(Path(python).parent / "workbench")
    return {
        "python -c pass": [python, "-c", "pass"],
        "import workbench": [python, "-c", "import workbench"],
        "import workbench.cli": [python, "-c", "import workbench.cli"],
        "workbench --version": [workbench, "--version"],
        "workbench status": [workbench, "status"],
    }


def with_hyperfine(cmds: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "h.json"
        argv = [
            "hyperfine",
            "--shell=none",
            "--warmup",
            "3",
            "--runs",
            str(runs),
            "--style",
            "none",
        ]
        argv += ["--export-json", str(export)]
        for name, cmd in cmds.items():
            argv += ["--command-name", name, subprocess.list2cmdline(cmd)]
        subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
        data = json.loads(export.read_text())
    return {
        r["command"]: {
            "median_ms": round(r["median"] * 1000, 1),
            "min_ms": round(r["min"] * 1000, 1),
            "runs": len(r["times"]),
        }
        for r in data["results"]
    }


def with_subprocess(cmds: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, Any]:
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(3):
        for cmd in cmds.values():
            subprocess.run(cmd, env=env, check=True, capture_output=True)
    for _ in range(runs):  # alternating commands, so noise spreads evenly
        for name, cmd in cmds.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    return {
        name: {
            "median_ms": round(common.median(t) * 1000, 1),
            "min_ms": round(min(t) * 1000, 1),
            "runs": len(t),
        }
        for name, t in times.items()
    }


def run(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="workbench-startup-") as tmp:
        env = dict(os.environ)
        env["WORKBENCH_HOME"] = str(Path(tmp) / "ws")
        for var in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[var] = str(Path(tmp) / var.lower())
        cmd = [str(Path(sys.executable).parent / "workbench"), "import", str(common.SEED_ARTICLE)]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        cmds = commands()
        tool = "hyperfine" if shutil.which("hyperfine") else "subprocess"
        load = common.load_average()
        if tool == "hyperfine":
            results = with_hyperfine(cmds, runs, env)
        else:
            results = with_subprocess(cmds, runs, env)
    return {"tool": tool, "load_average": load, "commands": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.runs)
    if not args.json_only:
        print(f"Start-up ({result['tool']}, load {result['load_average']})")
        for name, r in result["commands"].items():
            print(f"  {name:<22} {r['median_ms']:8.1f} ms median  (min {r['min_ms']:.1f})")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
