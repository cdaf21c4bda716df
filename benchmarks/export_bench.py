"""PO export and import at article scale (prints figures; not a test).

Builds a generated 10,000-segment French article in a temporary workspace (accents, quotes,
numbers, one sentence in 50 repeated so msgctxt has to tell duplicates apart, one long
paragraph-sized segment in 100), machine output for every segment, then times:

* export with ``include_machine`` (every entry fuzzy) and the PO size;
* import_po of that file after unfuzzying every entry with polib: 10,000 approvals, one store
  transaction each (this is also how the store gets its approved segments);
* import_po of the same file again (idempotent: nothing to write);
* export of the approved segments, split into build (store query + polib entries),
  serialise (polib ``str``) and atomic write (temp file, fsync, rename), then ``mo=True``;
* ``msgfmt --check --statistics`` on the exported file.

    uv run python benchmarks/export_bench.py [--segments 10000] [--json-only]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from workbench.formats.po import po_bytes, po_path
from workbench.fsutil import atomic_write
from workbench.project import export_article, import_po
from workbench.project.exporting import _build
from workbench.segment import Segment, segment_id
from workbench.store import MTWrite, open_store

SLUG = "bench"
VOCABULARY = (
    "le la les des une un du de à en dans pour avec sans sur sous entre vers "
    "Kremlin Russie Arménie Azerbaïdjan Haut-Karabakh Moscou Bakou Erevan forces "
    "paix maintien retrait troupes accord cessez-le-feu négocié porte-parole "
    "a confirmé annoncé précisé déclaré selon médias sources régionales militaires "
    "véhicules blindés colonnes positions frontière réfugiés civils humanitaire "
    "été élevé déjà très près après avant pendant depuis été où là ça"
)
WORDS = tuple(VOCABULARY.split())


def sentence(rnd: random.Random, words: int) -> str:
    body = " ".join(rnd.choice(WORDS) for _ in range(words))
    extras = rnd.random()
    if extras < 0.1:
        body += f", « {rnd.choice(WORDS)} » a-t-il dit"
    elif extras < 0.2:
        body += f' ("{rnd.choice(WORDS)}")'
    elif extras < 0.3:
        body += f", soit {rnd.randint(2, 999)} {rnd.randint(100, 999)} personnes"
    return body[0].upper() + body[1:] + "."


def make_article(n: int, seed: int = 17) -> list[Segment]:
    rnd = random.Random(seed)
    sources: list[str] = []
    for i in range(n):
        if i % 50 == 49:
            sources.append(sources[rnd.randrange(len(sources))])  # a repeated sentence
        elif i % 100 == 0:
            sources.append(sentence(rnd, 120))  # a paragraph-long segment (wrapping)
        else:
            sources.append(sentence(rnd, rnd.randint(8, 30)))
    seen: dict[str, int] = {}
    segments = []
    for position, source in enumerate(sources, start=1):
        occurrence = seen.get(source, 0)
        seen[source] = occurrence + 1
        paragraph = 1 + (position - 1) // 4
        segments.append(
            Segment(segment_id(source, occurrence), position, paragraph, "content", None, source)
        )
    return segments


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()

    import polib

    root = Path(tempfile.mkdtemp(prefix="workbench-export-bench-"))
    figures: dict[str, float | int | str] = {"segments": args.segments}
    try:
        store = open_store(root / "ws", create=True)
        segments = make_article(args.segments)
        _, figures["setup_import_s"] = timed(
            store.import_article, SLUG, segments, title="Bench", source_path="b", source_sha256="b"
        )
        writes = [
            MTWrite(s.id, f'EN « {s.source[:60]} » "{s.position}"', "fr_en@bench") for s in segments
        ]
        _, figures["setup_store_mt_s"] = timed(store.store_mt, SLUG, "en", writes)
        out = root / "locales"

        [fuzzy], figures["export_fuzzy_s"] = timed(
            export_article, store, SLUG, ["en"], out, include_machine=True
        )
        figures["po_bytes_fuzzy"] = fuzzy.path.stat().st_size

        po = polib.pofile(str(fuzzy.path))
        for entry in po:
            entry.flags.remove("fuzzy")
        po.save(str(fuzzy.path))
        first, figures["import_approve_all_s"] = timed(import_po, store, fuzzy.path, SLUG, "en")
        assert first.approved == args.segments, first
        again, figures["import_again_s"] = timed(import_po, store, fuzzy.path, SLUG, "en")
        assert (again.approved, again.unchanged) == (0, args.segments), again

        built, figures["build_s"] = timed(_build, store, SLUG, "en", False)
        data, figures["serialise_s"] = timed(po_bytes, built.po)
        path = po_path(root / "split", "en", SLUG)
        path.parent.mkdir(parents=True)
        _, figures["atomic_write_s"] = timed(atomic_write, path, data)

        [result], figures["export_approved_s"] = timed(export_article, store, SLUG, ["en"], out)
        assert result.approved == args.segments and path.read_bytes() == result.path.read_bytes()
        figures["po_bytes"] = result.path.stat().st_size
        figures["po_lines"] = result.path.read_text(encoding="utf-8").count("\n")
        _, figures["export_with_mo_s"] = timed(export_article, store, SLUG, ["en"], out, mo=True)
        _, figures["polib_parse_s"] = timed(polib.pofile, str(result.path))

        if shutil.which("msgfmt"):
            proc, figures["msgfmt_check_s"] = timed(
                subprocess.run,
                ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(result.path)],
                capture_output=True,
                text=True,
                check=False,
            )
            figures["msgfmt_rc"] = proc.returncode
            figures["msgfmt_stderr"] = proc.stderr.strip()
        store.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)

    if not args.json_only:
        print(f"PO export/import, {args.segments:,} segments")
        rows = [
            ("setup: import article", "setup_import_s"),
            ("setup: store MT (1 transaction)", "setup_store_mt_s"),
            ("export --include-machine (fuzzy)", "export_fuzzy_s"),
            ("import_po: approve every entry", "import_approve_all_s"),
            ("import_po again (all unchanged)", "import_again_s"),
            ("export approved: build", "build_s"),
            ("export approved: serialise", "serialise_s"),
            ("export approved: atomic write", "atomic_write_s"),
            ("export approved (total)", "export_approved_s"),
            ("export approved + .mo", "export_with_mo_s"),
            ("polib parse of the export", "polib_parse_s"),
            ("msgfmt --check --statistics", "msgfmt_check_s"),
        ]
        for label, key in rows:
            if key in figures:
                print(f"  {label:<36} {figures[key]:8.3f} s")
        print(f"  {'PO size':<36} {figures['po_bytes'] / 1e6:8.2f} MB, {figures['po_lines']} lines")
        if "msgfmt_stderr" in figures:
            print(f"  msgfmt: rc {figures['msgfmt_rc']}, {figures['msgfmt_stderr']}")
    rounded = {k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}
    print(json.dumps(rounded, ensure_ascii=False))


if __name__ == "__main__":
    main()
