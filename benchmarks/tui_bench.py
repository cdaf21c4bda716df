"""Review TUI latency on a generated article (default 5,000 sentences), driven by Pilot.

Measures, headless at 120x36:
  * open: store rows → session (load); session start → first paint (the first compositor
    repaint that shows the list's rows and the current segment); → the current segment's
    analysis (QA, glossary, TER) painted; → idle as Pilot sees it (``run_test`` ready plus
    ``pause()``, which waits at most 1 s for the CPU to calm down: the figure older versions
    of this script called "first paint");
  * the QA of every row (what the "flagged" filter needs), which runs in a worker thread
    after the first paint: its duration, and key presses (down in the list) while it runs
    (sent one at a time with a fixed 0.3 s wait, shown as "pilot rt"; their "cpu med"
    includes the worker's CPU time);
  * keystroke → painted screen for: down in the segment list, ctrl+n with the target
    focused, typing a character in the target (median, p95, max over N presses), after
    the QA worker is done.

A key press is timed from Pilot's press to the end of the last compositor repaint it caused
(the headless driver renders the update but writes it nowhere: terminal output time is not
included). Pilot's own round trip (press + pause, which sleeps while waiting for idle) and the
process CPU time per key are printed beside it. Prints a table and a JSON line.

    uv run python benchmarks/tui_bench.py [--segments 5000] [--presses 200]

Works against older versions of the UI too (no QA worker: those figures are then absent).
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
    from textual import events
    from textual.widgets import DataTable, TextArea

    from workbench.tui.app import ReviewApp
    from workbench.tui.screens.review import ReviewScreen

    results: dict[str, object] = {}
    marks: dict[str, float] = {}
    paints: list[float] = []  # when the compositor finished each repaint

    # Instrument the screen class before the app starts, so the very first repaint counts.
    # (Headless: the update is rendered, then written nowhere, so terminal output time is
    # not included.)
    refresh = ReviewScreen._compositor_refresh

    def timed_refresh(screen: ReviewScreen) -> None:
        refresh(screen)
        now = time.perf_counter()
        paints.append(now)
        if "first_paint" not in marks:
            table = screen.query_one(DataTable)
            shown = screen.query_one("#source-label").render()
            if table.row_count and table.virtual_size.height > 1 and str(shown).strip():
                marks["first_paint"] = now
        if "analysed" not in marks and str(screen.query_one("#effort").render()).strip():
            marks["analysed"] = now

    ReviewScreen._compositor_refresh = timed_refresh  # type: ignore[method-assign]
    qa_finished = getattr(ReviewScreen, "on_qa_finished", None)
    if qa_finished is not None:

        def timed_qa_finished(screen: ReviewScreen, event: object) -> None:
            qa_finished(screen, event)
            if screen._qa_progress is None:
                marks.setdefault("qa_done", time.perf_counter())

        ReviewScreen.on_qa_finished = timed_qa_finished  # type: ignore[attr-defined]

    store = open_store(ws)
    started = time.perf_counter()
    session = ReviewSession(store, SLUG, "vi", "bench")
    results["session_load_s"] = round(time.perf_counter() - started, 3)
    app = ReviewApp(session, translate_on_open=False, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.review_screen
        assert screen is not None
        table = screen.query_one(DataTable)

        async def timed(
            key: str, count: int, settle: float | None = None
        ) -> tuple[list[float], list[float], list[float]]:
            """(key → last repaint it caused, pilot round trip, CPU per key) per press.
            ``settle``: send the key as Pilot does but then just wait that long, instead of
            Pilot's waits for an idle CPU (which a busy worker thread never gives: each
            press would take Pilot's 1 s maximum)."""
            latency, round_trip, cpu = [], [], []
            for _ in range(count):
                seen = len(paints)
                t0, c0 = time.perf_counter(), time.process_time()
                if settle is None:
                    await pilot.press(key)
                    await pilot.pause()
                else:
                    event = events.Key(key, None)
                    event.set_sender(app)
                    assert app._driver is not None
                    app._driver.send_message(event)
                    await asyncio.sleep(settle)
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

        # Keys while the QA worker runs (right after the open), one press at a time.
        if qa_finished is not None:
            table.focus()
            await asyncio.sleep(0.5)  # the footer follows the focus: not part of a key press
            during: tuple[list[float], list[float], list[float]] = ([], [], [])
            while "qa_done" not in marks and len(during[0]) < presses:
                one = await timed("down", 1, settle=0.3)
                if "qa_done" not in marks:
                    for mine, new in zip(during, one, strict=True):
                        mine.extend(new)
            if during[0]:
                record("down_while_qa_runs", during)
        await pilot.pause()
        results["idle_s"] = round(time.perf_counter() - started, 3)
        while qa_finished is not None and "qa_done" not in marks:
            await asyncio.sleep(0.05)
        await pilot.pause()
        assert table.row_count == len(session.rows)
        for name in ("first_paint", "analysed", "qa_done"):
            if name in marks:
                results[f"{name}_s"] = round(marks[name] - started, 3)

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
        results["flagged_filter_s"] = round(time.perf_counter() - t0, 3)
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

    def seconds(key: str) -> str:
        value = report.get(key)
        return f"{value:8.3f} s" if isinstance(value, float | int) else "       – (n/a)"

    print(f"Review TUI, {report['segments']} segments, {report['terminal']}")
    print(f"  session load (store rows)          {seconds('session_load_s')}")
    print(f"  start → first paint (rows shown)   {seconds('first_paint_s')}")
    print(f"  start → current segment analysed   {seconds('analysed_s')}")
    print(f"  start → idle (run_test + pause)    {seconds('idle_s')}")
    print(f"  start → QA of every row done       {seconds('qa_done_s')}")
    print(
        f"  flagged filter after QA            {seconds('flagged_filter_s')}"
        f"  ({report['flagged_rows']} rows)"
    )
    print(
        f"  {'key press → last repaint (ms)':34} {'median':>8} {'p95':>8} {'max':>8}"
        f" {'cpu med':>8} {'pilot rt':>9}"
    )
    for name in ("down_while_qa_runs", "down_in_list", "ctrl_n_from_target", "type_in_target"):
        s = report.get(name)
        if not isinstance(s, dict):
            continue
        print(
            f"  {name + ' (n=' + str(s['n']) + ')':34} {s['median_ms']:8.2f} {s['p95_ms']:8.2f}"
            f" {s['max_ms']:8.2f} {s['cpu_median_ms']:8.2f} {s['pilot_round_trip_median_ms']:9.2f}"
        )
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
