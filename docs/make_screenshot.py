"""Make docs/screenshot.svg, the README's picture of the review screen.

The scene is the seed article (samples/karabakh/fr.txt) in a temporary workspace with the
starter glossary, "MT" written by hand from the sample reference translations (labelled
``example-fr_en>en_vi``: never a model's output, so the picture is the same on every
machine), two approved segments, and the "2 000 hommes" segment open: its MT drops a
zero, a translation-memory match is offered beside the MT alternative, the reviewer has
edited the target, and the real QA checks (with the glossary) report what is left.

    uv run python docs/make_screenshot.py [--out docs/screenshot.svg]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

# Before any workbench import: keep Argos / XDG folders out of the user's home.
_TMP = Path(tempfile.mkdtemp(prefix="workbench-screenshot-"))
for _var in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ.setdefault(_var, str(_TMP / _var.lower()))

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "karabakh"
SLUG = "karabakh"
SIZE = (120, 36)

#: The segment on show, its flawed MT, the reviewer's edit and a fuzzy TM match.
FOCUS = "2 000 hommes"
MT = (
    "Nga đã triển khai lực lượng gìn giữ hòa bình gồm 200 người tới khu vực theo một thỏa "
    "thuận góp phần chấm dứt cuộc xung đột kéo dài sáu tuần vào năm 2020."
)
EDITED = (
    "Nga đã triển khai lực lượng gìn giữ hòa bình gồm 200 binh sĩ tới khu vực này theo một "
    "thỏa thuận góp phần chấm dứt cuộc xung đột kéo dài 6 tuần vào năm 2020."
)
ALTERNATIVE = (
    "Nga đã điều 200 quân gìn giữ hòa bình đến khu vực theo một thỏa thuận giúp chấm dứt "
    "cuộc xung đột sáu tuần năm 2020."
)
TM_MATCH = {
    "score": 86,
    "source": "La Russie a déployé une force de maintien de la paix de 1 960 hommes dans la "
    "région dans le cadre d'un accord qui a mis fin à un conflit de six semaines.",
    "target": "Nga đã triển khai lực lượng gìn giữ hòa bình gồm 1.960 binh sĩ tới khu vực theo "
    "một thỏa thuận chấm dứt cuộc xung đột kéo dài sáu tuần.",
    "slug": "karabakh-2023",
    "segment_id": "s5e1f0c2a9b7d",
    "differences": ["2", "000", "contribué", "2020"],
}


def references(lang: str) -> dict[str, str]:
    import polib

    return {e.msgctxt: e.msgstr for e in polib.pofile(str(SAMPLES / f"{lang}.po")) if e.msgctxt}


def build(workspace: Path) -> None:
    from workbench.glossary import glossary_path, seed_glossary, write_csv
    from workbench.project import import_article
    from workbench.store import MTWrite, open_store

    import_article(SAMPLES / "fr.txt", slug=SLUG, workspace=workspace)
    write_csv(seed_glossary(), glossary_path(workspace))
    vi, en = references("vi"), references("en")
    with open_store(workspace) as store:
        rows = [r for r in store.rows(SLUG, "vi") if r.segment.translatable]
        writes = []
        for r in rows:
            sid = r.segment.id
            if FOCUS in r.segment.source:
                writes.append(
                    MTWrite(sid, MT, "example-fr_en>en_vi", en.get(sid), (ALTERNATIVE,),
                            matches=(TM_MATCH,))
                )  # fmt: skip
            else:
                text = vi.get(sid, f"(bản dịch {r.segment.position})")
                writes.append(MTWrite(sid, text, "example-fr_en>en_vi", en.get(sid)))
        store.store_mt(SLUG, "vi", writes)
        for r in rows[:2]:
            t = store.row(SLUG, r.segment.id, "vi").translation
            assert t is not None
            store.approve(SLUG, r.segment.id, "vi", expected_version=t.version, reviewer="anna")


async def shoot(workspace: Path) -> str:
    from workbench.review import ReviewSession
    from workbench.store import open_store
    from workbench.tui.app import ReviewApp

    with open_store(workspace) as store:
        session = ReviewSession(store, SLUG, "vi", "anna")
        app = ReviewApp(session, translate_on_open=False, cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            target = next(r for r in session.rows if FOCUS in r.segment.source)
            while session.current_id != target.segment.id:
                await pilot.press("ctrl+n")
            screen = app.review_screen
            assert screen is not None
            screen.editor.target.load_text(EDITED)
            await pilot.pause(1.0)  # autosave and analysis
            await pilot.pause()
            svg = app.export_screenshot(title="workbench review")
            await pilot.press("ctrl+q")
    return svg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.svg")
    args = parser.parse_args(argv)
    workspace = _TMP / "ws"
    build(workspace)
    svg = asyncio.run(shoot(workspace))
    args.out.write_text(svg, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
