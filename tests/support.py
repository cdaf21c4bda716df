"""Helpers shared by test modules: plain functions and constants (fixtures live in conftest.py).

A test module never imports another test module (``from tests.test_x import ...``): what two
modules share lives here, so each test module can be read, run and changed on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.mt.builder.layouts import SWAPS, swap_letters
from workbench.mt.packages import InstalledPackage
from workbench.segment import Segment, segment_id

if TYPE_CHECKING:
    import pytest
    from textual.pilot import Pilot
    from textual.widgets import TextArea

    from workbench.store import Store, Translation
    from workbench.tui.app import ReviewApp
    from workbench.tui.screens.review import ReviewScreen

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO_ROOT / "samples" / "karabakh" / "fr.txt"
#: The slug `workbench import` gives the seed article.
SLUG = "karabakh"

#: Debian's php-symfony-translation ships the OASIS schemas unmodified (.ci/run installs it).
SCHEMA_DIR = Path(
    os.environ.get(
        "WORKBENCH_XLIFF_SCHEMAS", "/usr/share/php/Symfony/Component/Translation/Resources/schemas"
    )
)
SCHEMAS = {"1.2": "xliff-core-1.2-strict.xsd", "2.0": "xliff-core-2.0.xsd"}
#: The TMX 1.4 DTD, extracted from Debian's omegat package by .ci/run.
TMX_DTD = Path(os.environ.get("WORKBENCH_TMX_DTD", "/usr/local/share/xml/tmx/tmx14.dtd"))


# -- the command line ------------------------------------------------------------------------


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_in_process(
    capture: pytest.CaptureFixture[str],
    *args: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``workbench ARGS`` through :func:`workbench.cli.main` in this process, with what a child
    process would have: ``cwd`` as the current directory, ``env`` added to the environment
    (both restored after), the exit code ``python -m workbench`` would exit with, and the
    text written to stdout and stderr (``capture`` is pytest's ``capfd``: file-descriptor
    writes are caught too). An exception ``main`` lets out (a traceback, in a child) is raised
    here. The ``cli`` fixture (conftest.py) binds ``capture``."""
    from workbench.cli import main

    capture.readouterr()  # what the test printed before is not the command's
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        with contextlib.chdir(cwd):
            try:
                code: int | str | None = main(list(args))
            except SystemExit as exc:  # argparse: usage errors, --help, --version
                code = exc.code
    finally:
        os.environ.clear()
        os.environ.update(saved)
    out, err = capture.readouterr()
    if isinstance(code, str):  # sys.exit("message"): the message on stderr, exit 1
        err, code = err + code + "\n", 1
    return subprocess.CompletedProcess(["workbench", *args], code or 0, out, err)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], needle: str) -> None:
    """The CLI's promise for a user error: exit 2, one line on stderr, no traceback."""
    assert proc.returncode == 2, proc
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert re.match(r"workbench( [a-z-]+)?: error: ", lines[0]), lines[0]
    assert needle in lines[0]


def tree_digest(folder: Path) -> str:
    """Hash of every file below ``folder`` (names and bytes): 'nothing written' checks."""
    h = hashlib.sha256()
    if folder.exists():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def wait_past(stamp: str) -> None:
    """Return once this machine's clock, in the store's millisecond timestamp format, is past
    ``stamp`` (a stored ``updated_at`` or ``imported_at``): a write from now on is stamped
    later. The store stamps rows with the database server's clock, which here is this
    machine's; instead of a fixed sleep, this waits for exactly the condition a test needs."""
    import time

    from workbench.store import now

    while now() <= stamp:
        time.sleep(0.0002)


# -- validators of written files (real tools, required: .ci/run installs them) ----------------


def msgfmt_check(path: Path) -> str:
    """GNU msgfmt --check must accept the file without a warning; returns its statistics.
    msgfmt is required (Debian package gettext; .ci/run installs it), never skipped."""
    proc = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr.lower(), proc.stderr
    assert "error" not in proc.stderr.lower(), proc.stderr
    return proc.stderr.strip()


def xmllint(path: Path, version: str, tmp_path: Path) -> None:
    """``xmllint --schema`` with the OASIS schema must say the file validates. Offline: an XML
    catalog maps the schemas' imports of xml.xsd to the copy installed beside them.
    xmllint (libxml2-utils) and the schemas are required, never skipped."""
    catalog = tmp_path / "catalog.xml"
    xml_xsd = (SCHEMA_DIR / "xml.xsd").as_uri()
    informative = SCHEMA_DIR / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"
    catalog.write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        f'<uri name="http://www.w3.org/2001/xml.xsd" uri="{xml_xsd}"/>'
        f'<uri name="{informative}" uri="{xml_xsd}"/>'
        "</catalog>",
        encoding="utf-8",
    )
    proc = subprocess.run(
        ["xmllint", "--nonet", "--noout", "--schema", SCHEMA_DIR / SCHEMAS[version], path],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "XML_CATALOG_FILES": str(catalog)},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == f"{path} validates", proc.stderr


def dtd_valid(path: Path) -> None:
    """``xmllint --dtdvalid`` with the TMX 1.4 DTD must accept the file (required)."""
    proc = subprocess.run(
        ["xmllint", "--nonet", "--noout", "--dtdvalid", TMX_DTD, path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "validity error" not in proc.stderr, proc.stderr


# -- content ------------------------------------------------------------------------------------


def make_segments(*items: tuple[str, str]) -> list[Segment]:
    """(kind, source) pairs -> Segments with real stable ids, one paragraph each."""
    seen: dict[str, int] = {}
    out = []
    for position, (kind, source) in enumerate(items, start=1):
        occurrence = seen.get(source, 0)
        seen[source] = occurrence + 1
        reason = "boilerplate" if kind == "chrome" else None
        out.append(
            Segment(segment_id(source, occurrence), position, position, kind, reason, source)
        )
    return out


#: The store tests' article "art" (tests/test_store.py, test_changes.py, the change-feed bench).
STORE_ARTICLE = make_segments(
    ("title", "La Russie retire ses forces."),
    ("content", "Le Kremlin a confirmé le retrait."),
    ("content", "Des images montrent des véhicules."),
    ("chrome", "Lien source"),
)


def write_machine_mt(store: Store, lang: str = "en") -> None:
    """MT for every segment of the article "art": ``MT <position>`` by model fr_en@1.0."""
    from workbench.store import MTWrite

    store.store_mt(
        "art",
        lang,
        [MTWrite(s.id, f"MT {s.position}", "fr_en@1.0") for s in store.segments("art")],
    )


def sample_refs(lang: str) -> list[str]:
    """The independent reference translations of the seed article (samples/karabakh/LANG.po)."""
    import polib

    return [e.msgstr for e in polib.pofile(str(SEED_ARTICLE.parent / f"{lang}.po"))]


def damage(text: str) -> str:
    """Drops every third word and swaps the first two: a plausibly worse translation."""
    words = [w for i, w in enumerate(text.split()) if i % 3 != 2]
    if len(words) > 1:
        words[0], words[1] = words[1], words[0]
    return " ".join(words)


# -- the review session (tests/test_review.py, tests/test_tui*.py) ----------------------------


def hand_mt(store: Store, lang: str, *, skip: set[str] | frozenset[str] = frozenset()) -> None:
    """Hand-written, deterministic 'MT' (never a model: its output differs between CPUs)."""
    from workbench.store import MTWrite

    writes = []
    for row in store.rows(SLUG, lang):
        seg = row.segment
        if not seg.translatable or seg.id in skip:
            continue
        english = f"EN {seg.position}: {seg.source[:40]}"
        if lang == "en":
            writes.append(MTWrite(seg.id, english, "test-fr_en", None, (f"{english} (b)",)))
        else:
            writes.append(
                MTWrite(
                    seg.id,
                    f"VI {seg.position} bản dịch máy",
                    "test-fr_en>en_vi",
                    english,
                    (f"VI {seg.position} phương án một", f"VI {seg.position} phương án hai"),
                )
            )
    store.store_mt(SLUG, lang, writes)


class Clock:
    """A hand-driven clock for the review session: tests move ``now`` instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class FakeFinding:
    check: str
    severity: str
    message: str
    span: tuple[int, int] | None
    source_span: tuple[int, int] | None = None


def no_digits(source: str, target: str, lang: str, **_: object) -> list[FakeFinding]:
    """A stand-in QA check: an error when the target has no digit."""
    if any(c.isdigit() for c in target):
        return []
    return [FakeFinding("digits", "error", "no number in the target", (0, 1))]


def write_glossary(workspace: Path) -> None:
    """The workspace glossary, imported into the store as `workbench glossary import` does."""
    from workbench.project import import_glossary

    csv = workspace.parent / "terms.csv"
    csv.write_text(
        "fr,en,vi,note,do_not_translate\n"
        "Haut-Karabakh,Nagorno-Karabakh,Nagorno-Karabakh,region,no\n"
        "Kremlin,Kremlin,Điện Kremlin,,no\n"
        "RT,RT,RT,broadcaster,yes\n"
        "force de maintien de la paix,peacekeeping force,lực lượng gìn giữ hòa bình,,no\n"
        "forces de maintien de la paix,peacekeeping forces,lực lượng gìn giữ hòa bình,,no\n",
        encoding="utf-8",
    )
    import_glossary(workspace, csv)


def tm_match(score: int, target: str, differences: Sequence[str] = ()) -> dict[str, object]:
    return {"score": score, "source": "Une phrase voisine.", "target": target, "slug": "old",
            "segment_id": "s-old", "differences": list(differences)}  # fmt: skip


# -- machine translation --------------------------------------------------------------------

if TYPE_CHECKING:
    from workbench.store import Store


def lexical_expected(package: InstalledPackage, text: str) -> str:
    """Exactly what the lexical model must give: the source as its tokenizer normalizes it,
    letters swapped (characters the tokenizer does not know come back as they are, through
    ``replace_unknowns``)."""
    pairs = SWAPS[f"{package.from_code}_{package.to_code}"]
    if package.tokenizer == "bpe":
        from sacremoses.normalize import MosesPunctNormalizer
        from sacremoses.tokenize import MosesDetokenizer, MosesTokenizer

        normalized = MosesPunctNormalizer(package.from_code).normalize(text)
        tokens = MosesTokenizer(package.from_code).tokenize(normalized)
        detokenized = MosesDetokenizer(package.to_code).detokenize(tokens)
        return swap_letters(detokenized, pairs)
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(package.path / "sentencepiece.model")
    )
    pieces = processor.encode(text, out_type=str)  # unknown characters stay as their surface
    normalized = processor.decode_pieces(pieces).replace("\u2581", " ").strip()
    return swap_letters(normalized, pairs)


class SmallDisk:
    """A real filesystem that fills up: a 4 MB tmpfs mounted for the test (as root), else
    SQLite's own limit on the database size (PRAGMA max_page_count on the session's
    connection), which raises the same SQLITE_FULL."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.folder = folder
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
            capture_output=True,
        )
        self.mounted = mounted.returncode == 0
        self._filler = folder / "filler"
        self._store: Store | None = None

    def fill(self, store: Store) -> None:
        if not self.mounted:
            limit_pages(store, None)
            self._store = store
            return
        chunk = b"\0" * 65536
        with self._filler.open("ab", buffering=0) as fh:
            for size in (65536, 4096, 512, 1):
                with contextlib.suppress(OSError):
                    while True:
                        fh.write(chunk[:size])

    def free(self) -> None:
        if self._store is not None:
            limit_pages(self._store, 1073741823)
        self._filler.unlink(missing_ok=True)

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.folder)], capture_output=True)


def limit_pages(store: Store, pages: int | None) -> None:
    """SQLite's limit on the size of the database (in pages) for the store's connection:
    ``None`` is the size it has now, so that a write that needs a new page is refused."""
    conn = store.conn
    if pages is None:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
    conn.commit()  # SQLAlchemy began a transaction for the PRAGMA


def seed_sentences() -> list[str]:
    """The seed article's sentences, split on sentence ends (no workbench code involved)."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    sentences: list[str] = []
    for line in text.splitlines():
        sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z«])", line.strip()) if s]
    return sentences


def need_dictionaries() -> None:
    """Debian's Hunspell dictionaries (``hunspell-en-us``, ``hunspell-vi``) through Enchant:
    a skip with the reason when one is missing, a failure when the run requires every
    service (.ci/run installs them and sets WORKBENCH_REQUIRE_SERVICES=1)."""
    import pytest

    from workbench.lang import dictionaries

    missing = [
        dictionaries.notice(lang) for lang in ("en", "vi") if dictionaries.dictionary(lang) is None
    ]
    if missing:
        message = f"spelling dictionaries missing ({'; '.join(filter(None, missing))})"
        if os.environ.get("WORKBENCH_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)


# -- the review UI in a test's event loop (Textual's pilot) ------------------------------------

#: The terminal size of the review UI tests.
SIZE = (120, 36)


def sync(test: Callable[..., Coroutine[object, object, None]]) -> Callable[..., None]:
    """Run an async test in its own event loop (no pytest asyncio plugin is needed)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


class Opened:
    """Apps opened by a test (the conftest ``make_app`` fixture), with their store connections
    closed at the end."""

    def __init__(self, export_dir: Path) -> None:
        self.stores: list[Store] = []
        self.export_dir = export_dir

    def __call__(
        self, ws: Path, lang: str = "vi", *, checker: object = True, translate: bool = False
    ) -> ReviewApp:
        from workbench.review import ReviewSession
        from workbench.store import open_store
        from workbench.tui.app import ReviewApp

        store = open_store(ws)
        self.stores.append(store)
        session = ReviewSession(store, SLUG, lang, "anna", checker=checker, clock=Clock())  # type: ignore[arg-type]
        notice = session.restore_position()  # as run_review: a damaged state file's line
        return ReviewApp(
            session,
            translate_on_open=translate,
            cursor_blink=False,
            export_dir=self.export_dir,
            notices=[notice] if notice else [],
        )


def screen_of(app: ReviewApp) -> ReviewScreen:
    screen = app.review_screen
    assert screen is not None
    return screen


# -- PO files and the export gate ----------------------------------------------------


def edit_po(path: Path, changes: dict[str, tuple[str | None, bool | None]]) -> None:
    """msgctxt -> (new msgstr or None to keep, fuzzy True/False or None to keep)."""
    import polib

    po = polib.pofile(str(path))
    for e in po:
        if e.msgctxt in changes:
            text, fuzzy = changes[e.msgctxt]
            if text is not None:
                e.msgstr = text
            if fuzzy is True and not e.fuzzy:
                e.flags.append("fuzzy")
            if fuzzy is False and e.fuzzy:
                e.flags.remove("fuzzy")
    po.save(str(path))


PESKOV = "Le porte-parole du Kremlin, Dmitri Peskov, a confirmé le 17 avril"


def seeded_with_mt(tmp_path: Path) -> dict[str, str]:
    """The seed with hand-written English MT: one good, one with a changed number."""
    from workbench.project import import_article
    from workbench.store import MTWrite, open_store

    import_article(SEED_ARTICLE, slug="karabakh", workspace=tmp_path / ".workbench")
    with open_store(tmp_path / ".workbench") as store:
        rows = [r for r in store.rows("karabakh", "en") if r.segment.translatable]
        peskov = next(r for r in rows if r.segment.source.startswith(PESKOV))
        force = next(r for r in rows if "2 000 hommes" in r.segment.source)
        store.store_mt(
            "karabakh",
            "en",
            [
                MTWrite(
                    peskov.segment.id,
                    "Kremlin spokesman Dmitry Peskov confirmed on April 17 that Russia had begun "
                    "withdrawing its peacekeeping forces from the Nagorno-Karabakh region of "
                    "Azerbaijan, according to RT.",
                    "m@1",
                ),
                MTWrite(
                    force.segment.id,
                    "Russia deployed a peacekeeping force of 200 troops in the region under a deal "
                    "that helped end a six-week conflict in 2020.",
                    "m@1",
                ),
            ],
        )
        return {"good": peskov.segment.id, "bad": force.segment.id}


#: A little more than the autosave delay (seconds of the session's test clock).
SAVE_WAIT = 0.8
#: A recovery file's text longer than a database page (a full disk refuses it).
LONG = "Lực lượng gìn giữ hòa bình Nga đã rút khỏi Karabakh. " * 80


def seed_workspace(ws: Path) -> Path:
    """The seed article imported into ``ws``, with hand-written MT in Vietnamese and English."""
    from workbench.project import import_article
    from workbench.store import open_store

    import_article(SEED_ARTICLE, workspace=ws)
    with open_store(ws) as store:
        hand_mt(store, "vi")
        hand_mt(store, "en")
    return ws


def reimport_without(ws: Path, tmp: Path, sentence: str) -> None:
    """Re-import the seed article with ``sentence`` removed (its segment goes)."""
    from workbench.project import import_article

    text = SEED_ARTICLE.read_text(encoding="utf-8")
    assert sentence in text
    edited = tmp / "fr.txt"
    edited.write_text(text.replace(sentence, ""), encoding="utf-8")
    import_article(edited, slug=SLUG, workspace=ws)


def target_area(app: ReviewApp) -> TextArea:
    from textual.widgets import TextArea

    return screen_of(app).query_one("#target", TextArea)


def save_line(app: ReviewApp) -> str:
    """The review's line about text not in the store ("" when it is hidden)."""
    from textual.widgets import Static

    line = screen_of(app).query_one("#save-status", Static)
    return str(line.render()) if line.has_class("shown") else ""


def stored(ws: Path, segment_id: str, lang: str = "vi") -> Translation:
    from workbench.store import open_store

    with open_store(ws) as store:
        t = store.row(SLUG, segment_id, lang).translation
    assert t is not None
    return t


async def settle(app: ReviewApp, pilot: Pilot) -> None:
    """Wait until every worker but the store watch (it runs as long as the screen) has
    finished. (``app.workers.wait_for_complete()`` raises when one was cancelled, and a
    newer QA run cancels the older one by design.)"""
    from textual.worker import WorkerState

    from workbench.tui.workers import WATCH_GROUP

    while any(
        w.state in (WorkerState.PENDING, WorkerState.RUNNING) and w.group != WATCH_GROUP
        for w in app.workers
    ):
        await pilot.pause(0.02)
    await pilot.pause()


async def wait(app: ReviewApp, pilot: Pilot, seconds: float) -> None:
    """Let ``seconds`` pass on the session's hand-driven clock: the autosave, analysis and
    search delays see them (no sleeping), and what is due runs."""
    clock = app.session.clock
    assert isinstance(clock, Clock)
    clock.now += seconds
    screen_of(app).run_due()
    await pilot.pause()


def watching(app: ReviewApp) -> bool:
    """The review screen's store watch (the live refresh) is running."""
    from workbench.tui.workers import WATCH_GROUP

    return any(w.group == WATCH_GROUP and w.is_running for w in app.workers)


async def stop_live_refresh(app: ReviewApp, pilot: Pilot) -> None:
    """Stop the screen's store watch once it has started (as when the database's change
    notices are slow): what others commit then reaches the screen only when the reviewer
    acts, so a test can make the reviewer's view stale on purpose."""
    from workbench.tui.workers import WATCH_GROUP

    while not watching(app):
        await pilot.pause(0.02)
    app.workers.cancel_group(screen_of(app), WATCH_GROUP)
    while watching(app):
        await pilot.pause(0.02)
    await pilot.pause()


async def past_grace(app: ReviewApp, pilot: Pilot) -> None:
    """A dialog absorbs keys for a moment after it opens (on the session's clock)."""
    from workbench.tui.screens.dialog import GRACE_S

    await wait(app, pilot, GRACE_S + 0.05)


def burst(app: ReviewApp, *keys: str) -> None:
    """Keys as a terminal delivers a fast typist's burst: in one read, all queued before
    the app handles the first (Pilot's press waits after each key)."""
    from textual import events

    assert app._driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
