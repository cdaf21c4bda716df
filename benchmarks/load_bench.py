"""Load: N reviewer processes editing and approving overlapping segments at once, and whether
any update was lost.

Each reviewer is its own process with its own store connection (on PostgreSQL its own login
with the reviewer role, made with ``workbench_grant``; on SQLite a ``--reviewer`` name). For
``--seconds`` it loops over a small set of HOT segments that every reviewer shares (so writes
collide), in a random order: read the row, then save an edit (70 %), approve (20 %) or
unapprove an approved one (10 %) with the version it read. Every call's outcome is logged by
the client: saved (with the version the store returned) or a conflict. Then the event log is
checked against the logs:

- every save a client was told succeeded is one event of that reviewer on that segment whose
  ``before`` is the target the client read and whose ``after`` is the target and status the
  client was given back, and every event is one such save (none lost, none invented, none
  written over a change the client never saw);
- per segment, the versions handed out are distinct and run without a gap from the start
  version to the final one (two writers never both won the same version), and the final row
  is the ``after`` of the segment's last event.

Prints saves per second, conflicts, and p50 / p95 / max latency of a save (the store call,
whatever it answered). PostgreSQL runs on a throwaway cluster (tests/engines.py) or on
WORKBENCH_TEST_POSTGRES_URL.

    uv run python benchmarks/load_bench.py [--seconds 60] [--pg-reviewers 20] \
        [--sqlite-reviewers 4] [--no-version-check]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.engines import as_login, start_cluster
from tests.support import SEED_ARTICLE

SLUG = "load"
HOT = 12  # segments every reviewer works on

WORKER = r"""
import json, random, sys, time
from workbench.errors import ConflictError, InputError
from workbench.store import open_store
ws, url, name, seconds, ids, seed, check = sys.argv[1:8]
ids = json.loads(ids)
rng = random.Random(int(seed))
with open_store(ws, db_url=url or None) as store, open(f"{ws}/../{name}.log", "w") as log:
    store.row("load", ids[0], "en")
    print("ready", flush=True)
    start = float(sys.stdin.readline())
    while time.time() < start:
        time.sleep(0.001)
    end = start + float(seconds)
    while time.time() < end:
        sid = rng.choice(ids)
        t = store.row("load", sid, "en").translation
        expected = t.version if check == "1" else None
        roll = rng.random()
        if t.status == "approved" and roll < 0.1:
            action, call = "unapprove", lambda: store.unapprove(
                "load", sid, "en", expected_version=expected, reviewer=name)
        elif roll < 0.3:
            action, call = "approve", lambda: store.approve(
                "load", sid, "en", expected_version=expected, reviewer=name,
                target=f"{name} approves {t.version}")
        else:
            action, call = "edit", lambda: store.save_target(
                "load", sid, "en", f"{name} edit {t.version} {rng.random()}",
                expected_version=expected, reviewer=name)
        began = time.perf_counter()
        try:
            done = call()
            outcome, after = "saved", [done.version, done.target, done.status]
        except ConflictError:
            outcome, after = "conflict", None
        except InputError:  # unapprove of a segment unapproved meanwhile: refused
            outcome, after = "refused", None
        took = time.perf_counter() - began
        log.write(json.dumps([sid, action, t.target, outcome, after, took]) + "\n")
"""


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _setup(ws: Path, url: str | None) -> tuple[list[str], dict[str, int]]:
    from workbench.project import import_article
    from workbench.store import MTWrite, open_store

    if url:
        os.environ["WORKBENCH_DB"] = url
    import_article(SEED_ARTICLE, slug=SLUG, workspace=ws)
    with open_store(ws) as store:
        ids = [s.id for s in store.segments(SLUG) if s.kind == "content"][:HOT]
        store.store_mt(SLUG, "en", [MTWrite(sid, f"MT {sid}", "m@1") for sid in ids])
        rows = {sid: store.row(SLUG, sid, "en").translation for sid in ids}
    start = {sid: t.version for sid, t in rows.items() if t is not None}
    os.environ.pop("WORKBENCH_DB", None)
    return ids, start


def run(
    engine: str, reviewers: int, seconds: float, url: str | None, check: bool = True
) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix=f"load-{engine}-"))
    ws = root / "ws"
    ids, start_versions = _setup(ws, url)
    names = [f"rev{n:02d}" for n in range(1, reviewers + 1)]
    urls = {n: (as_login(n, "reviewer", url) if url else "") for n in names}
    args = [[sys.executable, "-c", WORKER, str(ws), urls[n], n, str(seconds), json.dumps(ids),
             str(i), "1" if check else "0"] for i, n in enumerate(names)]  # fmt: skip
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
    procs = [subprocess.Popen(a, **pipes) for a in args]  # type: ignore[call-overload]
    for p in procs:  # every process has imported, connected and read before the start
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    start = time.time() + 0.5
    for p in procs:
        assert p.stdin is not None
        p.stdin.write(f"{start}\n")
        p.stdin.close()
    failed = [p.args[5] for p in procs if p.wait() != 0]  # type: ignore[index]
    if failed:
        raise SystemExit(f"reviewer processes failed: {', '.join(failed)} (their errors above)")
    logs = {n: [json.loads(x) for x in (root / f"{n}.log").read_text().splitlines()] for n in names}
    return _verify(ws, url, ids, start_versions, logs, seconds) | {
        "engine": engine,
        "reviewers": reviewers,
    }


def _verify(
    ws: Path,
    url: str | None,
    ids: list[str],
    start: dict[str, int],
    logs: dict[str, list[list[Any]]],
    seconds: float,
) -> dict[str, Any]:
    from workbench.store import open_store

    # (reviewer, segment, target read, target and status written)
    saved: Counter[tuple[str, str, str, str, str]] = Counter()
    per_segment: dict[str, list[int]] = defaultdict(list)
    latencies, conflicts, refused = [], 0, 0
    for name, entries in logs.items():
        for sid, _action, read, outcome, after, took in entries:
            latencies.append(took)
            if outcome == "saved":
                saved[(name, sid, read, after[1], after[2])] += 1
                per_segment[sid].append(after[0])
            elif outcome == "conflict":
                conflicts += 1
            else:
                refused += 1
    with open_store(ws, db_url=url) as store:
        events = [e for sid in ids for e in store.events(SLUG, sid, "en") if e.reviewer in logs]
        final = {sid: store.row(SLUG, sid, "en").translation for sid in ids}
    logged: Counter[tuple[str, str, str, str, str]] = Counter(
        (str(e.reviewer), e.segment_id, str((e.before or {}).get("target")),
         str((e.after or {}).get("target")),
         str((e.after or {}).get("status")))
        for e in events
    )  # fmt: skip
    last = {e.segment_id: e for e in sorted(events, key=lambda e: e.id)}
    bad = [
        sid
        for sid, t in final.items()
        if t is None
        or sorted(per_segment[sid]) != list(range(start[sid] + 1, t.version + 1))
        or (sid in last and (last[sid].after or {}).get("target") != t.target)
    ]
    writes = sum(saved.values())
    return {
        "seconds": seconds,
        "attempts": len(latencies),
        "saves": writes,
        "conflicts": conflicts,
        "refused": refused,
        "saves_per_s": writes / seconds,
        "attempts_per_s": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * _pct(latencies, 0.95),
        "max_ms": 1000 * max(latencies),
        "lost_updates": sum((saved - logged).values()),
        "events_without_a_save": sum((logged - saved).values()),
        "segments_with_version_gaps_or_twins": len(bad),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pg-reviewers", type=int, default=20)
    parser.add_argument("--sqlite-reviewers", type=int, default=4)
    parser.add_argument(
        "--no-version-check",
        action="store_true",
        help="save with expected_version=None (last writer wins): shows that the check below "
        "catches lost updates",
    )
    args = parser.parse_args()
    check = not args.no_version_check
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores; {HOT} hot segments")
    results = [run("sqlite", args.sqlite_reviewers, args.seconds, None, check)]
    cluster, why = start_cluster()
    if cluster is None:
        print(f"PostgreSQL skipped: {why}")
    else:
        try:
            results.append(
                run("postgresql", args.pg_reviewers, args.seconds, cluster.create_database(), check)
            )
        finally:
            cluster.stop()
    for r in results:
        print(
            f"{r['engine']:<10} {r['reviewers']:>2} reviewers {r['seconds']:.0f} s: "
            f"{r['saves']} saves ({r['saves_per_s']:.1f}/s), {r['conflicts']} conflicts, "
            f"{r['refused']} refused, "
            f"{r['attempts_per_s']:.1f} attempts/s; latency p50 {r['p50_ms']:.1f} ms, "
            f"p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.0f} ms; lost updates "
            f"{r['lost_updates']}, events without a save {r['events_without_a_save']}, "
            f"segments with version gaps/twins {r['segments_with_version_gaps_or_twins']}"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
