"""Make docs/report.png, the README's picture of the HTML quality report.

The scene is the seed article (samples/karabakh/fr.txt) in a temporary workspace. Its "MT"
is written by hand, not produced by a model (labelled ``example-fr_en``/``example-fr_en>en_vi``,
so the picture is the same on every machine): the committed post-edits in ``locales/`` stand
in for the machine output, and the independent references in ``samples/`` for what the
reviewers approved, with a few seconds of editing time per changed word. The Vietnamese
"2 000 hommes" segment keeps the MT's dropped zero, which the real QA checks report. Two
segments are left unreviewed. A second "model version" for English (a PO file: the MT with
every fifth word of the longer segments dropped) is compared with sacreBLEU's paired
bootstrap. The page is rendered by headless Chromium (Debian ``chromium``) and reduced to 64
colours with Pillow (a dev dependency).

    uv run python docs/make_report_screenshot.py [--out docs/report.png] [--html report.html]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Before any workbench import: keep Argos / XDG folders out of the user's home.
_TMP = Path(tempfile.mkdtemp(prefix="workbench-report-"))
for _var in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ.setdefault(_var, str(_TMP / _var.lower()))

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "karabakh"
SLUG = "karabakh"
WINDOW = (1280, 1500)
#: The Vietnamese segment whose approved text keeps the MT's error (QA finds it).
FOCUS = "2 000 hommes"
FOCUS_TARGET = (
    "Nga đã triển khai lực lượng gìn giữ hòa bình gồm 200 binh sĩ tới khu vực này theo một "
    "thỏa thuận góp phần chấm dứt cuộc xung đột kéo dài 6 tuần vào năm 2020."
)


def _po(path: Path) -> dict[str, str]:
    import polib

    return {e.msgctxt: e.msgstr for e in polib.pofile(str(path)) if e.msgctxt}


def build(workspace: Path) -> Path:
    """The scene; returns the second English "model version" (a PO file) to compare."""
    from workbench.project import import_article
    from workbench.store import MTWrite, open_store

    import_article(SAMPLES / "fr.txt", slug=SLUG, workspace=workspace)
    with open_store(workspace) as store:
        for lang, model in (("en", "example-fr_en"), ("vi", "example-fr_en>en_vi")):
            mt = _po(ROOT / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po")
            refs = _po(SAMPLES / f"{lang}.po")
            rows = [
                r for r in store.rows(SLUG, lang) if r.segment.translatable and r.segment.id in mt
            ]
            store.store_mt(
                SLUG, lang, [MTWrite(r.segment.id, mt[r.segment.id], model) for r in rows]
            )
            for i, row in enumerate(rows):
                if i in (4, 9):  # left for later: one untouched, one half-edited
                    if i == 9:
                        current = store.row(SLUG, row.segment.id, lang).translation
                        assert current is not None
                        store.save_target(
                            SLUG, row.segment.id, lang, refs[row.segment.id],
                            expected_version=current.version, reviewer="anna",
                        )  # fmt: skip
                    continue
                target = refs[row.segment.id]
                if lang == "vi" and FOCUS in row.segment.source:
                    target = FOCUS_TARGET
                changed = len(set(target.split()) ^ set(mt[row.segment.id].split()))
                current = store.row(SLUG, row.segment.id, lang).translation
                assert current is not None
                store.approve(
                    SLUG, row.segment.id, lang, expected_version=current.version,
                    reviewer="anna", target=target, edit_seconds=4.0 + 3.5 * changed,
                )  # fmt: skip
    return _second_model(workspace)


def _second_model(workspace: Path) -> Path:
    import polib

    po = polib.pofile(str(ROOT / "locales" / "en" / "LC_MESSAGES" / f"{SLUG}.po"))
    for entry in po:
        words = entry.msgstr.split()
        if len(words) > 12:
            entry.msgstr = " ".join(w for i, w in enumerate(words) if i % 5 != 4)
    path = workspace / "example-fr_en-v2.po"
    po.save(str(path))
    return path


def render(workspace: Path, other: Path, out: Path) -> Path:
    from workbench.project import quality_report, write_report
    from workbench.store import open_store

    os.chdir(other.parent)  # the page names the file as given: a short relative path
    with open_store(workspace) as store:
        report = quality_report(
            store, SLUG, ["en", "vi"], compare=[other.name], generated_at="2026-11-26T09:00:00Z"
        )
    return write_report(report, out, "html")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(page: Path, png: Path, size: tuple[int, int] = WINDOW) -> None:
    """Headless Chromium, no network services, a throw-away profile."""
    browser = chromium()
    if browser is None:
        raise SystemExit("chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        subprocess.run(
            [
                browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--hide-scrollbars",
                f"--user-data-dir={profile}", f"--screenshot={png}",
                f"--window-size={size[0]},{size[1]}", page.resolve().as_uri(),
            ],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


def shrink(png: Path) -> None:
    """64 colours, no dithering: the page is flat colour, a third of the bytes."""
    from PIL import Image

    with Image.open(png) as image:
        flat = image.convert("RGB").quantize(
            colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    flat.save(png, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--html", type=Path, help="also keep the HTML page here")
    args = parser.parse_args(argv)
    out, html = args.out.resolve(), (args.html or _TMP / "report.html").resolve()
    workspace = _TMP / "ws"
    other = build(workspace)
    page = render(workspace, other, html)
    screenshot(page, out)
    shrink(out)
    print(f"wrote {out} ({out.stat().st_size:,} bytes) from {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
