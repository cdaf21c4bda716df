"""Crash safety and concurrency, with real processes, on SQLite and on PostgreSQL (the
``engine`` fixture: WORKBENCH_DB points every child at a fresh database of the test cluster).

Crash points: a real ``workbench`` process (or a child Python process on the store API) is
SIGKILLed during ``translate``, during a burst of reviewer edits and during ``export``, at random
moments and at chosen points inside a write (through a hook in the child only). After each kill:
every edit or approval the process reported as committed is in the store, the engine's
integrity check is ok, a PO file at its final path is absent or a complete earlier or newer version
(polib parses it, msgfmt --check accepts it), leftover temporary files are not named ``*.po``,
and the next run resumes without repair.

Concurrency: two processes on one workspace. Edits to different segments both survive; the
second writer of one segment gets a ConflictError and the first text stays; on SQLite a writer
waits for a transaction held ~2 s and then succeeds (readers do not wait at all); a lock held
beyond the store's busy timeout (SQLite's busy timeout, PostgreSQL's lock_timeout) is one
error line, exit 2.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import polib
import pytest

from tests.data.make_bad import long_article
from tests.engines import count, db_url, dump
from tests.support import SEED_ARTICLE, assert_one_line_error, msgfmt_check, run
from workbench.formats.po import po_bytes, po_path
from workbench.project import build_po, import_article
from workbench.store import MTWrite, Store, TargetWrite, open_store

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage

SLUG = "long"
SEED = "karabakh"
CHUNK = 256  # project.TRANSLATE_CHUNK: segments stored per transaction while translating


def _python(code: str, *args: str, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _cli(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGKILL (no cleanup, no atexit, no finally) and collect what it printed."""
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, err)
    return out, err


def _kill_if_running(proc: subprocess.Popen[str]) -> bool:
    """SIGKILL a process that may finish on its own at any moment; True when the kill landed.
    (``poll() is None`` then ``_kill`` races: the process can exit in between, with 0.)"""
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, -signal.SIGKILL), (proc.returncode, err)
    return proc.returncode == -signal.SIGKILL


def _wait_for_line(stream: IO[str], prefix: str, proc: subprocess.Popen[str]) -> str:
    for line in stream:
        if line.startswith(prefix):
            return line
    raise AssertionError(f"no {prefix!r} line; exit {proc.wait()}: {proc.stderr.read()}")


def integrity(ws: Path) -> str:
    """The engine's own check (SQLite's integrity_check; the store's invariants on PostgreSQL)."""
    with open_store(ws) as store:
        return store.integrity_check()


#: Loaded by the hooked children below: stop (print "inside", sleep until killed) at the
#: ``stop_at``-th statement of a write transaction whose SQL starts with ``prefix``.
STOP_HOOK = r"""
import re, time
from sqlalchemy import event

def stop_inside(store, prefix, stop_at):
    seen = [0]
    @event.listens_for(store.conn, "before_cursor_execute")
    def _count(conn, cursor, statement, parameters, context, executemany):
        if conn.info.get("write") and statement.lstrip().upper().startswith(prefix):
            seen[0] += 1
            if seen[0] == stop_at:
                assert conn.in_transaction()
                print("inside", flush=True)
                time.sleep(600)
"""


# == crash: translate ==========================================================================

MT_ROWS = "SELECT COUNT(*) FROM translation WHERE lang = :lang AND mt IS NOT NULL"

#: translate in a child, with a hook that stops inside the store's write transaction: at the
#: ``n``-th MT row of a chunk (its UPDATE or INSERT), print "inside" and sleep until killed.
TRANSLATE_HOOKED = (
    STOP_HOOK
    + r"""
import sys
from workbench.project import translate_article
from workbench.store import open_store
from workbench.mt.options import DecodeOptions

ws, slug, lang, stop_at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open_store(ws) as store:
    stop_inside(store, "INSERT INTO TRANSLATION", stop_at)
    translate_article(store, slug, [lang], options=DecodeOptions(beam_size=1, num_hypotheses=1))
"""
)


@pytest.fixture()
def long_ws(tmp_path: Path, engine: str) -> Path:
    """A workspace holding a generated article of 1,500 sentences (+ title)."""
    ws = tmp_path / "ws"
    import_article(long_article(tmp_path / "long.txt", 1500), slug=SLUG, workspace=ws)
    return ws


def test_translate_killed_at_random_points_resumes_and_keeps_reviewer_work(
    tmp_path: Path, engine: str, tiny_packages: dict[str, InstalledPackage]
) -> None:
    rnd = random.Random(20240417)
    long_ws = tmp_path / "ws"
    import_article(long_article(tmp_path / "long.txt", 2000), slug=SLUG, workspace=long_ws)
    with open_store(long_ws) as store:
        rows = [r for r in store.rows(SLUG, "en") if r.segment.translatable]
        total = len(rows)
        # A reviewer already typed and approved some segments before any MT exists.
        typed = {r.segment.id: f"Typed by hand {i}." for i, r in enumerate(rows[5:900:97])}
        for i, (sid, text) in enumerate(typed.items()):
            if i % 2:
                store.approve(SLUG, sid, "en", expected_version=None, target=text)
            else:
                store.save_target(SLUG, sid, "en", text, expected_version=None)
        reviewer_state = {sid: store.row(SLUG, sid, "en").translation for sid in typed}
    assert total == 2001

    def check_after_crash() -> int:
        assert integrity(long_ws) == "ok"
        done = count(long_ws, MT_ROWS, lang="en")
        with open_store(long_ws) as store:
            for sid, before in reviewer_state.items():
                after = store.row(SLUG, sid, "en").translation
                assert after is not None and before is not None
                assert (after.target, after.status) == (before.target, before.status)
            # one event per MT write, even across kills (no event without its row, or reverse)
            mt_events = count(long_ws, "SELECT COUNT(*) FROM event WHERE action = 'mt'")
            assert mt_events == done
        return done

    args = ("translate", SLUG, "--to", "en", "--beam", "1", "--alternatives", "0")
    args += ("--workspace", str(long_ws))
    # 1. killed inside the write transaction of the first chunk, half-way through its rows
    proc = _python(TRANSLATE_HOOKED, str(long_ws), SLUG, "en", str(CHUNK // 2))
    assert proc.stdout is not None
    _wait_for_line(proc.stdout, "inside", proc)
    _kill(proc)
    assert check_after_crash() == 0  # the half-written chunk rolled back entirely
    kills = 1
    # 2. killed while translating, at a random moment after one or two more stored chunks
    done = 0
    for _ in range(3):
        wanted = done + CHUNK * rnd.randint(1, 2)
        assert wanted + CHUNK < total
        proc = _cli(*args, cwd=tmp_path)
        deadline = time.monotonic() + 120
        while count(long_ws, MT_ROWS, lang="en") < wanted:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(rnd.uniform(0, 0.15))
        _kill(proc)
        kills += 1
        now_done = check_after_crash()
        # whole chunks only: each is one transaction
        assert now_done >= wanted and (now_done - done) % CHUNK == 0, (done, now_done)
        done = now_done
    # 3. the next run resumes from there without repair, and the counts add up
    proc_done = run(*args, cwd=tmp_path)
    assert proc_done.returncode == 0, proc_done.stderr
    line = proc_done.stdout.splitlines()[0]
    assert f"en: {total - done} segments machine-translated" in line, line
    assert f"{done} already done" in line, line
    assert check_after_crash() == total
    assert kills == 4


# == crash: a burst of reviewer edits through the store API ====================================

#: A reviewer process: random edits, approvals, un-approvals, reverts, undos and redos on the
#: article's segments, printing each committed result as one JSON line (flushed) until killed.
BURST = r"""
import json, random, sys
from workbench.store import open_store

ws, slug, lang, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rnd = random.Random(seed)
store = open_store(ws)
ids = [s.id for s in store.segments(slug) if s.translatable]
for step in range(1_000_000):
    sid = rnd.choice(ids)
    t = store.row(slug, sid, lang).translation
    op = rnd.choice(["edit", "edit", "approve", "approve", "unapprove", "revert", "undo", "redo"])
    text = f"r{seed} s{step} " + rnd.choice(["texte", "ligne « citée »", "a\\b\tc", "ệ ✓"])
    version = t.version
    if op == "edit":
        t = store.save_target(slug, sid, lang, text, expected_version=version, reviewer="r")
    elif op == "approve":
        t = store.approve(slug, sid, lang, expected_version=version, reviewer="r", target=text)
    elif op == "unapprove":
        if t.status != "approved":
            continue
        t = store.unapprove(slug, sid, lang, expected_version=version, reviewer="r")
    elif op == "revert":
        t = store.revert_to_mt(slug, sid, lang, expected_version=version, reviewer="r")
    elif op == "undo":
        t = store.undo(slug, sid, lang, reviewer="r")
    else:
        t = store.redo(slug, sid, lang, reviewer="r")
    if t is None:
        continue
    print(json.dumps({"seg": sid, "v": t.version, "target": t.target, "status": t.status}),
          flush=True)
"""


@pytest.fixture()
def seed_ws(tmp_path: Path, engine: str) -> Path:
    """The seed article with (fake) English MT on every translatable segment."""
    ws = tmp_path / "ws"
    import_article(SEED_ARTICLE, slug=SEED, workspace=ws)
    with open_store(ws) as store:
        store.store_mt(
            SEED,
            "en",
            [
                MTWrite(s.id, f"MT {s.position}", "test@1")
                for s in store.segments(SEED)
                if s.translatable
            ],
        )
    return ws


def _reported(out: str) -> list[dict[str, Any]]:
    """Complete JSON lines only: a line cut by the kill was never 'reported'."""
    return [json.loads(line) for line in out.split("\n")[:-1] if line]


def test_edit_burst_killed_at_random_moments_keeps_every_reported_edit(
    tmp_path: Path, seed_ws: Path
) -> None:
    rnd = random.Random(7)
    reported_total = 0
    for round_ in range(5):
        proc = _python(BURST, str(seed_ws), SEED, "en", str(round_))
        assert proc.stdout is not None
        wanted = rnd.randint(20, 250)
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if len(lines) >= wanted:
                break
        assert len(lines) >= wanted, proc.stderr.read() if proc.stderr else ""
        time.sleep(rnd.uniform(0, 0.05))
        rest, _ = _kill(proc)
        reports = _reported("".join(lines) + rest)
        reported_total += len(reports)
        assert integrity(seed_ws) == "ok"
        with open_store(seed_ws) as store:
            last: dict[str, dict[str, Any]] = {}
            for report in reports:
                sid = report["seg"]
                assert report["v"] >= last.get(sid, {"v": 0})["v"]  # versions never go back
                last[sid] = report
                # every reported commit is in the audit log: the v-th event made version v
                events = store.events(SEED, sid, "en")
                assert events[report["v"] - 1].after == {
                    "target": report["target"],
                    "status": report["status"],
                }
            for sid, report in last.items():
                t = store.row(SEED, sid, "en").translation
                assert t is not None
                # at most one more commit happened after the last line printed before the kill
                assert t.version - report["v"] in (0, 1), (t.version, report)
                if t.version == report["v"]:
                    assert (t.target, t.status) == (report["target"], report["status"])
                assert len(store.events(SEED, sid, "en")) == t.version  # one event per write
    assert reported_total >= 100


# == crash: export =============================================================================

#: export in a child with a hook in the temporary file's write: "half" writes half the bytes,
#: flushes and stops; "synced" stops after the complete write and fsync, before the rename.
EXPORT_HOOKED = r"""
import os, sys, time
from pathlib import Path
from workbench.project import export_article
from workbench.store import open_store

ws, slug, out, mode = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
real_fdopen, real_fsync = os.fdopen, os.fsync

class HalfWriter:
    def __init__(self, fh):
        self.fh = fh
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)
    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        print("half", flush=True)
        time.sleep(600)
    def __getattr__(self, name):
        return getattr(self.fh, name)

def fdopen(fd, *args, **kwargs):
    return HalfWriter(real_fdopen(fd, *args, **kwargs))

def fsync(fd):
    real_fsync(fd)
    if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).endswith(".tmp"):
        print("synced", flush=True)
        time.sleep(600)

if mode == "half":
    os.fdopen = fdopen
else:
    os.fsync = fsync
with open_store(ws) as store:
    export_article(store, slug, ["en", "vi"], Path(out))
"""


def _approve_all(store: Store, tag: str) -> None:
    for lang in ("en", "vi"):
        ids = [s.id for s in store.segments(SLUG) if s.translatable]
        writes = [TargetWrite(sid, f"{tag} {lang} « {i} » \\ \t", "approved", None)
                  for i, sid in enumerate(ids)]  # fmt: skip
        store.write_targets(SLUG, lang, writes, reviewer=tag)


def _expected(store: Store, lang: str) -> bytes:
    return po_bytes(build_po(store, SLUG, lang))


def _check_po_folder(out: Path, allowed: dict[str, set[bytes]]) -> dict[str, bytes]:
    """Each final PO is one of the allowed versions (or absent if None is allowed), parses,
    and no leftover temporary file is named *.po."""
    found = {}
    for lang, versions in allowed.items():
        folder = out / lang / "LC_MESSAGES"
        path = po_path(out, lang, SLUG)
        if not path.exists():
            assert b"" in versions, f"{path} vanished"
            found[lang] = b""
            continue
        data = path.read_bytes()
        assert data in versions, f"{path}: a version that was never complete"
        assert len(polib.pofile(str(path))) == 1501
        found[lang] = data
        leftovers = [p.name for p in folder.iterdir() if p.name != path.name]
        assert all(not name.endswith(".po") for name in leftovers), leftovers
    return found


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # files, not the store, at stake
def test_export_killed_mid_write_leaves_a_complete_po(tmp_path: Path, long_ws: Path) -> None:
    rnd = random.Random(11)
    out = tmp_path / "locales"
    args = ("export", SLUG, "--lang", "en,vi", "--force", "--out", str(out))
    args += ("--workspace", str(long_ws))
    with open_store(long_ws) as store:
        _approve_all(store, "v0")
        first = {lang: _expected(store, lang) for lang in ("en", "vi")}
    # 0. killed before any file exists: nothing, or a complete file, at the final path
    proc = _cli(*args, cwd=tmp_path)
    time.sleep(rnd.uniform(0.05, 0.45))
    _kill_if_running(proc)
    current = _check_po_folder(out, {lang: {b"", first[lang]} for lang in first})
    proc_done = run(*args, cwd=tmp_path)
    assert proc_done.returncode == 0, proc_done.stderr
    current = _check_po_folder(out, {lang: {first[lang]} for lang in first})
    for lang in current:
        msgfmt_check(po_path(out, lang, SLUG))
    kills = 1
    # 1. killed at random moments of a later export (a new version each time)
    for round_ in range(1, 4):
        with open_store(long_ws) as store:
            _approve_all(store, f"v{round_}")
            new = {lang: _expected(store, lang) for lang in ("en", "vi")}
        proc = _cli(*args, cwd=tmp_path)
        time.sleep(rnd.uniform(0.05, 0.45))
        kills += _kill_if_running(proc)
        current = _check_po_folder(out, {lang: {current[lang], new[lang]} for lang in current})
    # 2. killed with half of the temporary file written, then after it is complete and synced
    for mode in ("half", "synced"):
        with open_store(long_ws) as store:
            _approve_all(store, mode)
            new = {lang: _expected(store, lang) for lang in ("en", "vi")}
        proc = _python(EXPORT_HOOKED, str(long_ws), SLUG, str(out), mode)
        assert proc.stdout is not None
        _wait_for_line(proc.stdout, mode, proc)
        _kill(proc)
        kills += 1
        assert _check_po_folder(out, {"en": {current["en"]}, "vi": {current["vi"]}}) == current
        temps = sorted((out / "en" / "LC_MESSAGES").glob(".*.tmp"))
        assert temps, "the hook stopped inside atomic_write: its temporary file is there"
        if mode == "synced":
            assert new["en"] in {p.read_bytes() for p in temps}
    # 3. the next export succeeds with no repair and passes msgfmt
    proc_done = run(*args, cwd=tmp_path)
    assert proc_done.returncode == 0, proc_done.stderr
    assert _check_po_folder(out, {lang: {new[lang]} for lang in new}) == new
    for lang in new:
        msgfmt_check(po_path(out, lang, SLUG))
    assert kills >= 3


# == crash: import-po and re-import, inside their single transaction ============================

#: Runs import-po or a re-import in a child that stops inside its write transaction (printing
#: "inside") at a chosen statement, so the parent kills it half-way through the writes.
IMPORT_HOOKED = (
    STOP_HOOK
    + r"""
import sys
from pathlib import Path
from workbench.project import import_po
from workbench.segment import read_article, segment_text
from workbench.store import open_store

ws, slug, what, path, prefix, stop_at = sys.argv[1:7]
store = open_store(ws)
stop_inside(store, prefix, int(stop_at))
if what == "po":
    import_po(store, Path(path), slug, "en", reviewer="po")
else:
    segments = segment_text(read_article(path))
    store.import_article(slug, segments, title="t", source_path=path, source_sha256="new")
"""
)


def test_import_po_and_reimport_killed_inside_their_transaction_change_nothing(
    tmp_path: Path, long_ws: Path
) -> None:
    # a PO approving all 1,501 segments, as a translator sends it back
    with open_store(long_ws) as store:
        ids = [s.id for s in store.segments(SLUG)]
        store.write_targets(SLUG, "en", [TargetWrite(i, "draft", "edited", None) for i in ids])
        po = build_po(store, SLUG, "en", include_machine=True)
    for entry in po:
        entry.msgstr = f"Approved {entry.msgctxt}."
        entry.flags = []
    po.metadata["PO-Revision-Date"] = "2999-01-01 00:00+0000"
    po_file = tmp_path / "back.po"
    po.save(str(po_file))
    # an edited article: every other paragraph rewritten
    text = long_article(tmp_path / "v2.txt", 1500).read_text(encoding="utf-8")
    lines = text.split("\n")
    edited = tmp_path / "edited.txt"
    edited.write_text(
        "\n".join(f"Modifié : {line}" if i % 4 == 2 and line else line
                  for i, line in enumerate(lines)),
        encoding="utf-8",
    )  # fmt: skip
    # killed at the 700th of 1,501 approvals; at the event of a re-import, after all its
    # segment writes (kept, new, removed)
    stops = (
        ("po", po_file, "UPDATE TRANSLATION", "700"),
        ("article", edited, "INSERT INTO EVENT", "1"),
    )
    for what, path, prefix, stop_at in stops:
        before = dump(long_ws)
        proc = _python(IMPORT_HOOKED, str(long_ws), SLUG, what, str(path), prefix, stop_at)
        assert proc.stdout is not None
        _wait_for_line(proc.stdout, "inside", proc)
        _kill(proc)
        assert integrity(long_ws) == "ok"
        assert dump(long_ws) == before  # all or nothing: the writes so far rolled back
    # the next runs complete without repair
    args = ("--workspace", str(long_ws))
    proc = run("import-po", str(po_file), "--slug", SLUG, "--lang", "en", *args, cwd=tmp_path)
    assert proc.returncode == 0 and "1501 approved" in proc.stdout, proc
    proc = run("import", str(edited), "--slug", SLUG, *args, cwd=tmp_path)
    assert proc.returncode == 0 and "re-imported" in proc.stdout, proc
    with open_store(long_ws) as store:
        kept = [r for r in store.rows(SLUG, "en") if r.status == "approved"]
        assert len(kept) > 1000  # approvals of unchanged segments survive the re-import


# == concurrency ===============================================================================

#: A reviewer that obeys commands on stdin, one per line, answering one JSON line each:
#: "read SID" -> the version and target it reads; "save SID TEXT" -> saves with the version
#: it last read for SID (ConflictError reported, not raised); "saves N SID..." -> N edits.
REVIEWER = r"""
import json, sys
from workbench.errors import ConflictError
from workbench.store import open_store

ws, slug, lang, name = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
store = open_store(ws)
seen = {}
for line in sys.stdin:
    cmd, _, rest = line.rstrip("\n").partition(" ")
    if cmd == "read":
        t = store.row(slug, rest, lang).translation
        seen[rest] = t.version
        answer = {"v": t.version, "target": t.target}
    elif cmd == "save":
        sid, _, text = rest.partition(" ")
        try:
            t = store.save_target(slug, sid, lang, text, expected_version=seen[sid], reviewer=name)
            seen[sid] = t.version
            answer = {"saved": t.version}
        except ConflictError as conflict:
            answer = {"conflict": str(conflict), "current": conflict.current_target}
    elif cmd == "saves":
        n, *sids = rest.split()
        for i in range(int(n)):
            for sid in sids:
                t = store.row(slug, sid, lang).translation
                store.save_target(slug, sid, lang, f"{name} {i}", expected_version=t.version,
                                  reviewer=name)
        answer = {"done": int(n) * len(sids)}
    print(json.dumps(answer), flush=True)
"""


@contextmanager
def reviewer(ws: Path, name: str) -> Iterator[Any]:
    proc = subprocess.Popen(
        [sys.executable, "-c", REVIEWER, str(ws), SEED, "en", name],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip

    def ask(command: str) -> dict[str, Any]:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(command + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else ""
        return json.loads(line)

    try:
        yield ask
    finally:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=60)
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""


def _ids(ws: Path) -> list[str]:
    with open_store(ws) as store:
        return [s.id for s in store.segments(SEED) if s.translatable]


def test_two_reviewers_on_different_segments_both_survive(seed_ws: Path) -> None:
    ids = _ids(seed_ws)
    mine, theirs = ids[0:10:2], ids[1:10:2]
    answers: dict[str, dict[str, Any]] = {}
    with reviewer(seed_ws, "anna") as anna, reviewer(seed_ws, "binh") as binh:
        # both processes are up; each makes 8 rounds of edits on its 5 segments, at once
        threads = [
            threading.Thread(target=lambda: answers.update(anna=anna(f"saves 8 {' '.join(mine)}"))),
            threading.Thread(
                target=lambda: answers.update(binh=binh(f"saves 8 {' '.join(theirs)}"))
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert answers == {"anna": {"done": 40}, "binh": {"done": 40}}
    with open_store(seed_ws) as store:
        for sid in mine:
            t = store.row(SEED, sid, "en").translation
            assert (t.target, t.reviewer, t.version) == ("anna 7", "anna", 9)
        for sid in theirs:
            t = store.row(SEED, sid, "en").translation
            assert (t.target, t.reviewer, t.version) == ("binh 7", "binh", 9)
        assert store.integrity_check() == "ok"


def test_same_segment_second_writer_gets_a_conflict_and_the_first_text_stays(
    seed_ws: Path,
) -> None:
    sid = _ids(seed_ws)[2]
    with reviewer(seed_ws, "anna") as anna, reviewer(seed_ws, "binh") as binh:
        assert anna(f"read {sid}") == binh(f"read {sid}") == {"v": 1, "target": "MT 5"}
        assert anna(f"save {sid} Anna's text.") == {"saved": 2}
        answer = binh(f"save {sid} Binh's text.")
        assert "was changed by anna since you read it (version 1, now 2)" in answer["conflict"]
        assert answer["current"] == "Anna's text."
        # after reading again, binh may save over it on purpose: no silent overwrite
        assert binh(f"read {sid}") == {"v": 2, "target": "Anna's text."}
    with open_store(seed_ws) as store:
        t = store.row(SEED, sid, "en").translation
        assert (t.target, t.version, t.reviewer) == ("Anna's text.", 2, "anna")
        assert [e.action for e in store.events(SEED, sid, "en")] == ["mt", "edit"]


#: Holds a write transaction: approves a segment inside it (on PostgreSQL also locks the
#: article rows, as a re-import would), prints "locked", sleeps, commits.
HOLDER = r"""
import sys, time
from sqlalchemy import create_engine, event, text
url, sid, hold = sys.argv[1], sys.argv[2], sys.argv[3]  # seconds, or "stdin": until a line
engine = create_engine(url)
sqlite = url.startswith("sqlite")
if sqlite:
    @event.listens_for(engine, "connect")
    def _autocommit(dbapi_conn, record):
        dbapi_conn.isolation_level = None
    @event.listens_for(engine, "begin")
    def _immediate(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
with engine.connect() as conn, conn.begin():
    conn.execute(text("UPDATE translation SET target = 'Held.', status = 'approved',"
                      " version = version + 1 WHERE segment_id = :sid AND lang = 'en'"),
                 {"sid": sid})
    conn.execute(text("INSERT INTO event (article_id, segment_id, lang, action, before, after, at)"
                      " SELECT article_id, segment_id, 'en', 'holder', NULL, NULL, 'now'"
                      " FROM translation WHERE segment_id = :sid AND lang = 'en'"), {"sid": sid})
    if not sqlite:
        conn.execute(text("SELECT id FROM article FOR UPDATE"))
    print("locked", flush=True)
    if hold == "stdin":
        sys.stdin.readline()
    else:
        time.sleep(float(hold))
print("released", flush=True)
"""


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # SQLite's one-writer lock
def test_a_writer_waits_for_a_held_transaction_and_a_reader_does_not(
    tmp_path: Path, seed_ws: Path
) -> None:
    sid, other = _ids(seed_ws)[:2]
    ws = ("--workspace", str(seed_ws))
    # a PO that approves another segment: written by import-po while the lock is held
    with open_store(seed_ws) as store:
        store.approve(SEED, other, "en", expected_version=None, target="Approved first.")
        po = build_po(store, SEED, "en")
    po[0].msgstr = "Approved through the PO file."
    po_file = tmp_path / "edited.po"
    po.save(str(po_file))

    # the holder keeps its write transaction open until told (a fixed hold raced a slow reader
    # start-up on a loaded machine)
    holder = _python(HOLDER, db_url(seed_ws), sid, "stdin", stdin=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdin is not None
    _wait_for_line(holder.stdout, "locked", holder)
    writer = _cli("import-po", str(po_file), "--slug", SEED, "--lang", "en", *ws, cwd=tmp_path)
    # a reader is not blocked: it sees the state before the held transaction commits
    status = run("status", SEED, "--json", *ws, cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    counts = json.loads(status.stdout)["articles"][0]["langs"]["en"]
    assert counts["approved"] == 1  # 'other' only: the holder's approval is not committed yet
    time.sleep(1.0)  # let the writer reach its write (it cannot pass the lock meanwhile)
    assert writer.poll() is None, writer.communicate()  # still waiting for the lock
    holder.stdin.write("release\n")
    holder.stdin.flush()
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0 and err == "", err
    assert "1 approved" in out
    assert holder.communicate(timeout=60)[0].strip() == "released"
    with open_store(seed_ws) as store:
        assert store.row(SEED, sid, "en").translation.target == "Held."
        assert store.row(SEED, other, "en").translation.target == "Approved through the PO file."
        events = store.events(SEED)
        holder_event = next(e.id for e in events if e.action == "holder")
        po_event = next(e.id for e in events if e.action == "import-po")
        assert po_event > holder_event  # it wrote after the holder committed: it waited
        assert store.integrity_check() == "ok"


LOCKED_CLI = (
    "import sys, workbench.store.backend as backend\n"
    "backend.BUSY_TIMEOUT_S = 1.0  # the real value is 15 s\n"
    "from workbench.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


@pytest.mark.parametrize(
    "command",
    [
        ("import", str(SEED_ARTICLE), "--slug", SEED),
        ("import-po", str(SEED_ARTICLE.parent / "en.po"), "--slug", SEED, "--lang", "en"),
    ],
    ids=["import", "import-po"],
)
def test_a_lock_held_beyond_the_busy_timeout_is_one_line(
    tmp_path: Path, seed_ws: Path, command: tuple[str, ...]
) -> None:
    sid = _ids(seed_ws)[0]
    before = dump(seed_ws)
    holder = _python(HOLDER, db_url(seed_ws), sid, "60")
    assert holder.stdout is not None
    try:
        _wait_for_line(holder.stdout, "locked", holder)
        proc = subprocess.run(
            [sys.executable, "-c", LOCKED_CLI, *command, "--workspace", str(seed_ws)],
            cwd=tmp_path, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert_one_line_error(proc, "is locked by another process for more than 1 s")
    finally:
        _kill(holder)  # killed with its transaction open: rolled back
    assert integrity(seed_ws) == "ok"
    assert dump(seed_ws) == before  # (SQLite's files differ: the holder left its WAL behind)


def test_translate_while_a_reviewer_approves_never_overwrites_the_approvals(
    tmp_path: Path, long_ws: Path, tiny_packages: dict[str, InstalledPackage]
) -> None:
    """MT is stored chunk by chunk while another process approves segments: store_mt reads
    each row inside its own transaction, so an approval made meanwhile is kept."""
    with open_store(long_ws) as store:
        ids = [s.id for s in store.segments(SLUG) if s.translatable]
    translate = _cli(
        "translate", SLUG, "--to", "en", "--beam", "1", "--alternatives", "0",
        "--workspace", str(long_ws), cwd=tmp_path,
    )  # fmt: skip
    approved: dict[str, str] = {}
    with open_store(long_ws) as store:
        for i, sid in enumerate(ids[::7]):
            text = f"Approved while translating {i}."
            t = store.row(SLUG, sid, "en").translation
            store.approve(SLUG, sid, "en", expected_version=t.version if t else None,
                          target=text, reviewer="anna")  # fmt: skip
            approved[sid] = text
            if translate.poll() is not None:
                break
    out, err = translate.communicate(timeout=120)
    assert translate.returncode == 0, err
    with open_store(long_ws) as store:
        for sid, text in approved.items():
            t = store.row(SLUG, sid, "en").translation
            assert (t.target, t.status, t.reviewer) == (text, "approved", "anna")
            assert t.mt is not None  # the MT is stored beside it
    assert len(approved) >= 20, out


def test_undo_with_a_stale_view_is_a_conflict_not_a_silent_overwrite(seed_ws: Path) -> None:
    """Undo and redo wrote without a version check: a reviewer undoing 'her' edit from a
    stale screen silently replaced another reviewer's newer text. With the version she sees,
    it is a ConflictError and the newer text stays."""
    from workbench.errors import ConflictError

    sid = _ids(seed_ws)[0]
    with open_store(seed_ws) as anna, open_store(seed_ws) as binh:
        seen = anna.save_target(SEED, sid, "en", "Anna's text.", expected_version=1,
                                reviewer="anna")  # fmt: skip
        binh.save_target(SEED, sid, "en", "Binh's text.", expected_version=seen.version,
                         reviewer="binh")  # fmt: skip
        with pytest.raises(ConflictError, match="changed by binh"):
            anna.undo(SEED, sid, "en", reviewer="anna", expected_version=seen.version)
        t = anna.row(SEED, sid, "en").translation
        assert (t.target, t.version) == ("Binh's text.", 3)
        # with the current version it is a deliberate undo (of binh's edit), then a redo
        undone = anna.undo(SEED, sid, "en", reviewer="anna", expected_version=3)
        assert (undone.target, undone.version) == ("Anna's text.", 4)
        with pytest.raises(ConflictError):
            binh.redo(SEED, sid, "en", reviewer="binh", expected_version=3)
        redone = binh.redo(SEED, sid, "en", reviewer="binh", expected_version=4)
        assert (redone.target, redone.version) == ("Binh's text.", 5)
