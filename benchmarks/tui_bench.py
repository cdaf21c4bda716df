"""Review TUI latency on a generated article (default 5,000 sentences), driven by Pilot.

Measures, headless at 120x36:
  * open: store rows → session (load), and app start → first screen painted with its rows;
  * keystroke → painted screen for: down in the segment list, ctrl+n with the target
    focused, typing a character in the target (median, p95, max over N presses);
  * the session's QA over every row (what the "flagged" filter costs the first time).

A key press is timed from Pilot's press to the end of the last compositor repaint it caused
(the headless driver renders the update but writes it nowhere: terminal output time is not
included). Pilot's own round trip (press + pause, which sleeps while waiting for idle) and the
process CPU time per key are printed beside it. Prints a table and a JSON line.

    uv run python benchmarks/tui_bench.py [--segments 5000] [--presses 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Before any workbench import: keep Argos / XDG folders out of the user's home.
_TMP = Path(tempfile.mkdtemp(prefix="tui-bench-"))
for _var in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ.setdefault(_var, str(_TMP / _var.lower()))

from workbench.project import import_article  # noqa: E402
from workbench.review import ReviewSession  # noqa: E402
from workbench.store import MTWrite, open_store  # noqa: E402

SLUG = "bench"
SIZE = (120, 36)


def make_article(path: Path, sentences: int) -> Path:
    lines = ["Un très long article de test", ""]
    for p in range(0, sentences, 5):
        lines.append(
            " ".join(
                f"La phrase numéro {i + 1} parle du Haut-Karabakh, de 2 000 soldats et de Moscou."
                for i in range(p, min(p + 5, sentences))
            )
        )
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def build_workspace(sentences: int) -> Path:
    ws = _TMP / "ws"
    import_article(make_article(_TMP / "article.txt", sentences), slug=SLUG, workspace=ws)
    with open_store(ws) as store:
        store.store_mt(
            SLUG,
            "vi",
            [
                MTWrite(
                    r.segment.id,
                    f"Câu số {r.segment.position} nói về Nagorno-Karabakh và Nga.",
                    "bench",
                    f"Sentence {r.segment.position} is about Nagorno-Karabakh and Russia.",
                    (f"Phương án {r.segment.position}",),
                )
                for r in store.rows(SLUG, "vi")
                if r.segment.translatable
            ],
        )
    return ws


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(max(samples) * 1000, 2),
    }


async def run(ws: Path, presses: int) -> dict[str, object]:
    from textual.widgets import DataTable, TextArea

    from workbench.tui.app import ReviewApp

    results: dict[str, object] = {}
    store = open_store(ws)
    started = time.perf_counter()
    session = ReviewSession(store, SLUG, "vi", "bench")
    results["session_load_s"] = round(time.perf_counter() - started, 3)
    app = ReviewApp(session, translate_on_open=False, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.review_screen
        assert screen is not None
        table = screen.query_one(DataTable)
        assert table.row_count == len(session.rows)
        results["first_paint_s"] = round(time.perf_counter() - started, 3)

        # When the compositor finished each repaint (headless: the update is rendered,
        # then not written anywhere, so terminal output time is not included).
        paints: list[float] = []
        refresh = screen._compositor_refresh

        def timed_refresh() -> None:
            refresh()
            paints.append(time.perf_counter())

        screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]

        async def timed(key: str, count: int) -> tuple[list[float], list[float], list[float]]:
            """(key → last repaint it caused, pilot round trip, CPU per key) per press."""
            latency, round_trip, cpu = [], [], []
            for _ in range(count):
                seen = len(paints)
                t0, c0 = time.perf_counter(), time.process_time()
                await pilot.press(key)
                await pilot.pause()
                t1, c1 = time.perf_counter(), time.process_time()
                mine = paints[seen:]
                latency.append((mine[-1] if mine else t1) - t0)
                round_trip.append(t1 - t0)
                cpu.append(c1 - c0)
            return latency, round_trip, cpu

        def record(name: str, samples: tuple[list[float], list[float], list[float]]) -> None:
            latency, round_trip, cpu = samples
            results[name] = {
                **summary(latency),
                "cpu_median_ms": round(statistics.median(cpu) * 1000, 2),
                "pilot_round_trip_median_ms": round(statistics.median(round_trip) * 1000, 2),
            }

        table.focus()
        await pilot.pause()
        before = table.cursor_row
        record("down_in_list", await timed("down", presses))
        assert table.cursor_row == before + presses
        assert session.current_id == session.rows[table.cursor_row].segment.id

        target = screen.query_one("#target", TextArea)
        target.focus()
        await pilot.pause()
        record("ctrl_n_from_target", await timed("ctrl+n", presses))
        await pilot.press("end")
        record("type_in_target", await timed("x", presses))
        assert target.text.endswith("x" * presses)
        await pilot.press("pagedown")  # nothing: the target scrolls, not the list

        t0 = time.perf_counter()
        flagged = len(session.set_filter("flagged"))
        results["qa_all_rows_s"] = round(time.perf_counter() - t0, 3)
        results["flagged_rows"] = flagged
        session.set_filter("all")
        await pilot.press("ctrl+q")
    store.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=5000)
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    ws = build_workspace(args.segments)
    build_s = time.perf_counter() - t0
    results = asyncio.run(run(ws, args.presses))
    import textual

    report = {
        "segments": args.segments + 1,  # + the title
        "terminal": f"{SIZE[0]}x{SIZE[1]} headless",
        "build_workspace_s": round(build_s, 2),
        **results,
        "python": platform.python_version(),
        "textual": textual.__version__,
        "cpu_count": os.cpu_count(),
    }
    print(f"Review TUI, {report['segments']} segments, {report['terminal']}")
    print(f"  session load (store rows)      {report['session_load_s']:8.3f} s")
    print(f"  app start → first paint        {report['first_paint_s']:8.3f} s")
    print(f"  QA over every row (flagged)    {report['qa_all_rows_s']:8.3f} s")
    print(
        f"  {'key press → last repaint (ms)':30} {'median':>8} {'p95':>8} {'max':>8}"
        f" {'cpu med':>8} {'pilot rt':>9}"
    )
    for name in ("down_in_list", "ctrl_n_from_target", "type_in_target"):
        s = report[name]
        assert isinstance(s, dict)
        print(
            f"  {name:30} {s['median_ms']:8.2f} {s['p95_ms']:8.2f} {s['max_ms']:8.2f}"
            f" {s['cpu_median_ms']:8.2f} {s['pilot_round_trip_median_ms']:9.2f}"
        )
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
