"""Install costs: full validation of a package, and a hostile 1 GB ``metadata.json``.

    uv run python benchmarks/install_bench.py [--base] [--hostile] [--before DIR]

* For the tiny (and with ``--base`` the Transformer-base) generated fr→en package: seconds to
  install (zip checks, extraction, then loading tokenizer + CTranslate2 model and translating
  a probe) and, separately, seconds spent in that load-and-probe step
  (``workbench.mt.check.check_package``), medians of 3.
* ``--hostile``: a package whose ``metadata.json`` is 1 GB (compressing ~40x, like the 24 MB
  package of issue 15 #12), installed in a child process; prints its exit, seconds and peak RSS.
  ``--before DIR`` runs the same against another checkout's code (e.g. ``git archive`` of main
  before this change, extracted into DIR), importing ``workbench.models`` from there.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_common as common  # noqa: E402

common.isolate_argos()

from workbench.mt import builder  # noqa: E402
from workbench.mt.check import check_package  # noqa: E402
from workbench.mt.install import install_from_file  # noqa: E402

CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
start = time.perf_counter()
try:
    try:
        from workbench.mt.install import install_from_file
    except ImportError:
        from workbench.models import install_from_file
    install_from_file(sys.argv[2], __import__("pathlib").Path(sys.argv[3]))
    outcome = "installed"
except BaseException as error:
    outcome = f"{type(error).__name__}: {str(error)[:120]}"
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across fork + exec (the parent's size).
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1]
print(json.dumps({"outcome": outcome, "seconds": round(time.perf_counter() - start, 2),
                  "peak_rss_mb": round(int(hwm) / 1024)}))
"""


def install_cost(file: Path, work: Path) -> str:
    totals, checks = [], []
    for round_ in range(3):
        start = time.perf_counter()
        package = install_from_file(file, work / f"round{round_}")
        totals.append(time.perf_counter() - start)
        start = time.perf_counter()
        check_package(package, file.name)
        checks.append(time.perf_counter() - start)
    size = file.stat().st_size / 1024**2
    return (
        f"{file.name} ({size:.1f} MB): install {statistics.median(totals):.2f} s, of which "
        f"load + probe {statistics.median(checks):.2f} s (medians of 3)"
    )


def hostile_package(source: Path, target: Path) -> Path:
    """``source`` with its metadata.json replaced by a valid 1 GB JSON object (~40x deflate)."""
    rng = random.Random(0)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.is_dir():
                continue
            if not info.filename.endswith("metadata.json"):
                new.writestr(info.filename, old.read(info))
                continue
            metadata = json.loads(old.read(info))
            head = json.dumps(metadata)[:-1] + ', "padding": "'
            with new.open(info.filename, "w", force_zip64=True) as sink:
                sink.write(head.encode())
                written = len(head)
                while written < 1024**3:
                    block = "".join(rng.choices("0123456789", k=1024)) + " " * 15360
                    sink.write(block.encode())
                    written += len(block)
                sink.write(b'"}')
    return target


def run_child(code_root: Path, file: Path, folder: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(code_root), str(file), str(folder)],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    return proc.stdout.strip() or proc.stderr.strip()[-300:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", action="store_true", help="also the Transformer-base package")
    parser.add_argument("--hostile", action="store_true", help="the 1 GB metadata.json package")
    parser.add_argument("--before", type=Path, help="another checkout to run --hostile against")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="install-bench-") as tmp:
        work = Path(tmp)
        texts = [common.SEED_ARTICLE.read_text(encoding="utf-8"), builder.ENGLISH_TEXT]
        tiny = builder.build_random_package(work / "tiny.argosmodel", "fr", "en", texts=texts)
        print(install_cost(tiny, work / "tiny"))
        if args.base:
            base = builder.build_random_package(
                work / "base.argosmodel", "fr", "en", size="base", texts=texts
            )
            print(install_cost(base, work / "base"))
        if args.hostile:
            hostile = hostile_package(tiny, work / "hostile.argosmodel")
            print(f"hostile package: {hostile.stat().st_size / 1024**2:.1f} MB")
            print("after: ", run_child(HERE.parent, hostile, work / "after"))
            if args.before:
                print("before:", run_child(args.before, hostile, work / "before"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
