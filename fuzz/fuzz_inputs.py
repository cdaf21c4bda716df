"""Bounded fuzzing of the input readers: the segmenter and the PO import (plus the article,
glossary and score readers). Not part of the pytest run (pytest only collects tests/).

Run (atheris, coverage-guided, when it installs; ~2 minutes)::

    uv run --with atheris python fuzz/fuzz_inputs.py --seconds 120

Without atheris (or with ``--engine hypothesis``) the same checks run under hypothesis with a
time budget::

    uv run python fuzz/fuzz_inputs.py --seconds 120 --engine hypothesis

``--target`` picks one reader (segment, article, po, glossary, score; default: all, chosen by
the first byte of each input). Seeds are tests/data/bad and samples/; new interesting inputs
and crash files go to a temporary folder (printed), never into the repository.

What counts as a failure, per reader:

* segment: ``segment_text`` loses, adds or reorders non-space text, gives a segment with a
  line break or a bad kind, duplicate ids, or raises anything;
* article / po / glossary / score: anything but a result or a one-line ``WorkbenchError``;
* po: a file read_po accepts must import into a store without error, keep the store's
  invariants (one event per version), and importing it again must change nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = ("segment", "article", "po", "glossary", "score")
SLUG = "fuzz"
SOURCES = (
    "La Russie retire ses forces de maintien de la paix du Haut-Karabakh",
    "Le porte-parole du Kremlin a confirmé le retrait.",
    "Le porte-parole du Kremlin a confirmé le retrait.",
    "« Nous partons », a-t-il dit.",
)


class Harness:
    """The checks, shared by both engines. One scratch folder and one store for the run."""

    def __init__(self, scratch: Path) -> None:
        from workbench.segment import Segment, segment_id
        from workbench.store import open_store

        self.scratch = scratch
        self.store = open_store(scratch / "ws", create=True)
        self.store.conn.execute("PRAGMA synchronous = OFF")
        seen: dict[str, int] = {}
        segments = []
        for position, source in enumerate(SOURCES, start=1):
            occurrence = seen.get(source, 0)
            seen[source] = occurrence + 1
            kind = "title" if position == 1 else "content"
            segments.append(
                Segment(segment_id(source, occurrence), position, position, kind, None, source)
            )
        self.store.import_article(SLUG, segments, title="T", source_path="t", source_sha256="t")
        self.ids = [s.id for s in segments]
        self.runs = dict.fromkeys(TARGETS, 0)
        self.seeds = seeds() + self._exported_po()

    def _exported_po(self) -> list[bytes]:
        """PO files of this very article (so mutations reach the import's matching code)."""
        from workbench.formats.po import po_bytes
        from workbench.project import build_po

        for i, sid in enumerate(self.ids[:3]):
            self.store.approve(SLUG, sid, "en", expected_version=None, target=f"Text {i}.")
        full = po_bytes(build_po(self.store, SLUG, "en"))
        fuzzy = po_bytes(build_po(self.store, SLUG, "en", include_machine=True))
        return [full, fuzzy, full.replace(b'msgstr "Text', b'msgstr "Edited')]

    # -- helpers ---------------------------------------------------------------------------------

    def _file(self, name: str, data: bytes) -> Path:
        path = self.scratch / name
        path.write_bytes(data)
        return path

    @staticmethod
    def _expect_result_or_one_line(call: Callable[[], object]) -> object | None:
        from workbench.errors import WorkbenchError

        try:
            return call()
        except WorkbenchError as error:
            message = str(error)
            assert message and "\n" not in message and "\r" not in message, repr(message)
            return None

    # -- targets ---------------------------------------------------------------------------------

    def segment(self, data: bytes) -> None:
        from workbench.segment import KINDS, segment_text

        text = data.decode("utf-8", "replace")
        segments = segment_text(text)
        joined = "".join("".join(s.source.split()) for s in segments)
        expected = "".join(unicodedata.normalize("NFC", text).split())
        assert joined == expected, "text lost, added or reordered"
        assert [s.position for s in segments] == list(range(1, len(segments) + 1))
        assert len({s.id for s in segments}) == len(segments), "duplicate ids"
        previous = 0
        for s in segments:
            assert s.source and s.source == s.source.strip()
            assert "\n" not in s.source and "\r" not in s.source
            assert s.kind in KINDS and (s.reason is None) == (s.kind != "chrome")
            assert s.paragraph >= previous
            previous = s.paragraph

    def article(self, data: bytes) -> None:
        from workbench.segment import read_article, segment_text

        path = self._file("article.txt", data)
        text = self._expect_result_or_one_line(lambda: read_article(path))
        if text is not None:
            segment_text(str(text))

    def po(self, data: bytes) -> None:
        from workbench.formats.po import read_po
        from workbench.project import import_po

        path = self._file("edited.po", data)
        if self._expect_result_or_one_line(lambda: read_po(path)) is None:
            return
        for lang in ("en",):
            first = self._expect_result_or_one_line(
                lambda lang=lang: import_po(self.store, path, SLUG, lang, reviewer="fuzz")
            )
            if first is None:  # e.g. the file declares another language
                continue
            versions = {sid: self._version(sid, lang) for sid in self.ids}
            again = import_po(self.store, path, SLUG, lang, reviewer="fuzz")
            assert again.approved == again.edited == 0, "a second import wrote again"
            assert versions == {sid: self._version(sid, lang) for sid in self.ids}
            for sid in self.ids:
                events = self.store.events(SLUG, sid, lang)
                assert len(events) == self._version(sid, lang), "events and versions disagree"

    def _version(self, sid: str, lang: str) -> int:
        t = self.store.row(SLUG, sid, lang).translation
        return t.version if t else 0

    def glossary(self, data: bytes) -> None:
        from workbench.glossary import read_csv, read_tbx

        csv_path = self._file("terms.csv", data)
        tbx_path = self._file("terms.tbx", data)
        self._expect_result_or_one_line(lambda: read_csv(csv_path))
        self._expect_result_or_one_line(lambda: read_tbx(tbx_path))

    def score(self, data: bytes) -> None:
        from workbench.score import load_pairs, score_pairs

        hyp = self._file("hyp.po", data)
        text = self._file("hyp.txt", data)
        ref = self._file("ref.txt", b"One.\nTwo.\n")
        for pair in ((hyp, hyp), (text, ref), (ref, text)):
            loaded = self._expect_result_or_one_line(lambda pair=pair: load_pairs(*pair))
            if loaded is not None:
                keys, hyps, refs = loaded  # type: ignore[misc]
                if refs:
                    score_pairs(hyps, refs, ["chrf"], keys=keys)

    def one_input(self, data: bytes, target: str | None) -> None:
        if target is None:
            if not data:
                return
            target, data = TARGETS[data[0] % len(TARGETS)], data[1:]
        self.runs[target] += 1
        getattr(self, target)(data)


def seeds() -> list[bytes]:
    found = []
    for folder in (ROOT / "tests" / "data" / "bad", ROOT / "samples" / "karabakh"):
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.stat().st_size < 64 * 1024:
                found.append(path.read_bytes())
    return found


def run_atheris(harness: Harness, target: str | None, seconds: int, work: Path) -> None:
    import atheris

    corpus = work / "corpus"
    corpus.mkdir()
    for i, data in enumerate(harness.seeds):
        prefix = b"" if target else bytes([i % len(TARGETS)])
        (corpus / f"seed-{i}").write_bytes(prefix + data)
    artifacts = work / "artifacts"
    artifacts.mkdir()
    argv = [
        sys.argv[0],
        f"-max_total_time={seconds}",
        f"-artifact_prefix={artifacts}/",
        "-max_len=4096",
        "-rss_limit_mb=4096",
        "-print_final_stats=1",
        str(corpus),
    ]
    print(f"atheris: corpus {corpus}, crashes go to {artifacts}", flush=True)
    atheris.Setup(argv, lambda data: harness.one_input(data, target))
    atheris.Fuzz()


def run_hypothesis(harness: Harness, target: str | None, seconds: int) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    pool = harness.seeds
    data_strategy = st.one_of(
        st.binary(max_size=2048),
        st.text(max_size=1000).map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.builds(
            lambda seed, cut, junk: seed[:cut] + junk + seed[cut:],
            st.sampled_from(pool),
            st.integers(0, 4096),
            st.binary(max_size=16),
        ),
    )
    executions = 0

    @settings(
        max_examples=500, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(data=data_strategy)
    def check(data: bytes) -> None:
        nonlocal executions
        executions += 1
        harness.one_input(data, target)

    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        check()
    return executions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120, help="time budget (default 120)")
    parser.add_argument("--target", choices=TARGETS, help="fuzz one reader only")
    parser.add_argument("--engine", choices=("atheris", "hypothesis"), help="default: atheris")
    args, _ = parser.parse_known_args()
    work = Path(tempfile.mkdtemp(prefix="workbench-fuzz-"))
    os.environ.setdefault("ARGOS_PACKAGES_DIR", str(work / "argos"))
    engine = args.engine
    if engine is None:
        try:
            import atheris
        except ImportError:
            engine = "hypothesis"
            print("atheris is not installed: using hypothesis", flush=True)
        else:
            engine = "atheris"
    if engine == "atheris":
        import atheris

        with atheris.instrument_imports():
            import workbench.formats.po
            import workbench.glossary
            import workbench.project
            import workbench.score
            import workbench.segment
            import workbench.store  # noqa: F401
        harness = Harness(work)
        run_atheris(harness, args.target, args.seconds, work)  # exits when the time is up
        return 0
    harness = Harness(work)
    started = time.monotonic()
    executions = run_hypothesis(harness, args.target, args.seconds)
    spent = time.monotonic() - started
    print(
        f"hypothesis: {executions} inputs in {spent:.0f} s ({executions / spent:.0f}/s), "
        f"per reader {harness.runs}, no failure",
        flush=True,
    )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
