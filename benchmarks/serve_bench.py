"""``workbench serve`` in headless Chromium: first paint, memory per connected reviewer, and
the README's picture (docs/serve.png).

The real CLI serves the seed article (its "MT" the committed post-edits, as in
tests/test_serve.py) on a free port of 127.0.0.1; Debian's Chromium, driven by Playwright,
logs in N reviewers (each their own token, their own browser context) one after the other
and opens the Vietnamese review. Measured per reviewer:

  * first byte: from the click on the article's link to the first terminal output drawn
    (textual.js sets ``body.-first-byte``) — the page, xterm.js, the websocket, a new Python
    process, the store opened and the first screen;
  * first paint: to the first complete screen, i.e. the current segment's analysis drawn
    ("(edit effort)" in what the websocket brought);

then, with all N connected, the resident memory (RSS, and PSS, which shares the pages of the
Python binary and libraries fairly) of the server and of the review processes it started
(read from /proc). Reviewers per 24 GiB = (24 GiB - the server - 2 GiB for the system) / the
mean RSS of one review process (RSS, not PSS: the cautious figure). CPU is the other bound: a
review process is idle between keys, but its start costs about a core-second.

    uv run python benchmarks/serve_bench.py [--reviewers 8] [--screenshot docs/serve.png]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.serving import (
    SLUG,
    Screen,
    add_token,
    log_in,
    serve_workspace,
    serving,
)

GIB = 1 << 30


def _kib(pid: int, file: str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = list(Path(f"/proc/{parent}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            children = [int(c) for c in (task / "children").read_text().split()]
            found.extend(children)
            todo.extend(children)
    return found


def _memory(server_pid: int) -> dict[str, float]:
    children = _descendants(server_pid)
    rss = [_kib(pid, "status", "VmRSS") for pid in children]
    pss = [_kib(pid, "smaps_rollup", "Pss") for pid in children]
    return {
        "server_rss_mib": _kib(server_pid, "status", "VmRSS") / 1024,
        "processes": len(children),
        "children_rss_mib": sum(rss) / 1024,
        "children_pss_mib": sum(pss) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=8)
    parser.add_argument("--screenshot", type=Path, help="write the README picture here")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="workbench-serve-bench-"))
    workspace = folder / "ws"
    serve_workspace(workspace)
    names = [f"reviewer{i}" for i in range(1, args.reviewers + 1)]
    tokens = {name: add_token(workspace, name) for name in names}
    first_byte, first_paint = [], []
    with serving(workspace, "--max-connections", str(args.reviewers)) as server:
        idle = _memory(server.process.pid)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            pages = []
            for name in names:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                log_in(page, server.url, tokens[name])
                screen = Screen(page)
                start = time.perf_counter()
                page.click(f"a[href='/review/{SLUG}/vi']")
                page.wait_for_selector("body.-first-byte", timeout=120_000)
                first_byte.append(time.perf_counter() - start)
                screen.wait_for("(edit effort)", 120)
                first_paint.append(time.perf_counter() - start)
                pages.append((page, screen))
            time.sleep(2)  # let every process settle after its first screen
            loaded = _memory(server.process.pid)
            if args.screenshot:
                page, screen = pages[0]
                page.focus(".xterm-helper-textarea")
                page.keyboard.press("Control+t")
                page.wait_for_timeout(1500)
                _screenshot(page, args.screenshot)
            browser.close()
    per_rss = loaded["children_rss_mib"] / args.reviewers
    per_pss = loaded["children_pss_mib"] / args.reviewers
    capacity = int((24 * GIB / (1 << 20) - loaded["server_rss_mib"] - 2048) // per_rss)
    result = {
        "reviewers": args.reviewers,
        "first_byte_s_median": round(statistics.median(first_byte), 2),
        "first_byte_s_max": round(max(first_byte), 2),
        "first_paint_s_median": round(statistics.median(first_paint), 2),
        "first_paint_s_max": round(max(first_paint), 2),
        "server_rss_mib_idle": round(idle["server_rss_mib"], 1),
        "server_rss_mib_loaded": round(loaded["server_rss_mib"], 1),
        "processes_per_reviewer": loaded["processes"] / args.reviewers,
        "rss_mib_per_reviewer": round(per_rss, 1),
        "pss_mib_per_reviewer": round(per_pss, 1),
        "reviewers_per_24_gib": capacity,
    }
    r = result
    print(f"{args.reviewers} reviewers connected one after the other (Chromium, 1280x800)")
    print(f"  first byte  median {r['first_byte_s_median']} s, max {r['first_byte_s_max']} s")
    print(f"  first paint median {r['first_paint_s_median']} s, max {r['first_paint_s_max']} s")
    print(
        f"  server RSS {r['server_rss_mib_idle']} MiB idle, "
        f"{r['server_rss_mib_loaded']} MiB with all"
    )
    print(
        f"  per reviewer: RSS {per_rss:.1f} MiB, PSS {per_pss:.1f} MiB "
        f"({r['processes_per_reviewer']:.0f} processes)"
    )
    print(f"  -> about {capacity} reviewers per 24 GiB machine (by RSS, 2 GiB for the system)")
    print(json.dumps(result))


def _screenshot(page: object, out: Path) -> None:
    """A PNG reduced to 64 colours (a terminal's few colours lose nothing): small for git."""
    import io

    from PIL import Image

    raw = page.screenshot()  # type: ignore[attr-defined]
    image = Image.open(io.BytesIO(raw)).convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
