"""What the batch tests share: generated article folders (French-like articles made of the seed
article's sentences, reordered, plus one with its words shuffled, so articles differ and some
sentences repeat across them; page chrome lines; the files a real folder also holds: an English
article, a binary file, an empty file, a file over the size limit), what a finished batch leaves
in a workspace, and a batch driver to kill."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.support import SEED_ARTICLE
from workbench.store import open_store

ENGLISH = (
    "Russia withdraws its peacekeepers from Karabakh\n\n"
    "The Kremlin spokesman said on Wednesday that the troops had started to leave the region, "
    "and that the decision was agreed with the government of Azerbaijan.\n\n"
    "The report was published by the news agency, which said that this was the end of the "
    "mission.\n"
)
CHROME = ("Lien source", "Comment (0)")
DRIVER = Path(__file__).with_name("batch_driver.py")
LANGS = ("en", "vi")
#: One sentence the copy model cannot take: a "word" (no space, so workbench.mt.pieces cannot
#: split it; a long compound or pasted identifier) of more sentencepiece tokens than the model
#: has positions (254). A long sentence with spaces is split and translated.
OVERLONG = "Le " + "-".join(["la-Russie-a-retiré-ses-forces-de-maintien-de-la-paix"] * 40) + "."


def content_sentences() -> list[str]:
    from workbench.segment import segment_text

    segments = segment_text(SEED_ARTICLE.read_text(encoding="utf-8"))
    return [s.source for s in segments if s.kind == "content"]


def _shuffled(sentence: str, rng: random.Random) -> str:
    words = sentence.rstrip(".").split()
    head, middle = words[0], words[1:]
    rng.shuffle(middle)
    return " ".join([head, *middle]) + "."


def article_text(number: int, sentences: list[str]) -> str:
    rng = random.Random(number)
    picked = rng.sample(sentences, k=min(len(sentences), 6))
    picked.insert(rng.randrange(len(picked) + 1), _shuffled(rng.choice(sentences), rng))
    title = f"Dépêche {number} : la Russie retire ses forces du Haut-Karabakh"
    paragraphs = [" ".join(picked[i : i + 2]) for i in range(0, len(picked), 2)]
    return "\n\n".join([title, *paragraphs, *CHROME]) + "\n"


def write_articles(folder: Path, count: int) -> list[Path]:
    """``count`` French articles ``NNN.txt`` in ``folder`` (some in a sub-folder)."""
    sentences = content_sentences()
    paths = []
    for number in range(count):
        where = folder / "wire" if number % 3 == 2 else folder
        where.mkdir(parents=True, exist_ok=True)
        path = where / f"{number:03d}.txt"
        path.write_text(article_text(number, sentences), encoding="utf-8")
        paths.append(path)
    return paths


def write_bad_files(folder: Path) -> dict[str, Path]:
    """Files a batch must report and skip, by what is wrong with them."""
    from workbench.segment import MAX_ARTICLE_BYTES

    folder.mkdir(parents=True, exist_ok=True)
    english = folder / "english.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    binary = folder / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    return {"english": english, "binary": binary, "empty": empty, "too long": huge}


# -- what the batch tests check -------------------------------------------------------------


def translatable_rows(workspace: Path, lang: str) -> dict[tuple[str, str], object]:
    with open_store(workspace) as store:
        return {
            (a.slug, r.segment.id): r
            for a in store.articles()
            for r in store.rows(a.slug, lang)
            if r.segment.translatable
        }


def mt_events_per_segment(workspace: Path) -> Counter[tuple[str, str, str]]:
    with open_store(workspace) as store:
        return Counter(
            (a.slug, e.segment_id, e.lang)
            for a in store.articles()
            for e in store.events(a.slug)
            if e.action == "mt"
        )


def assert_copied_once(workspace: Path) -> None:
    """Every translatable segment holds its source as MT and target in both languages (the
    copy model; vi through the en pivot), written by exactly one MT event."""
    events = mt_events_per_segment(workspace)
    for lang in LANGS:
        rows = translatable_rows(workspace, lang)
        assert rows
        for (slug, segment_id), row in rows.items():
            t = row.translation  # type: ignore[attr-defined]
            source = row.segment.source  # type: ignore[attr-defined]
            assert t is not None and (t.mt, t.target, t.status) == (source, source, "machine")
            assert t.pivot == (source if lang == "vi" else None)
            assert t.mt_confidence is not None  # stored as `workbench translate` stores it
            assert events[(slug, segment_id, lang)] == 1, (slug, segment_id, lang)
    assert set(events.values()) == {1}


def run_and_kill(args: list[str]) -> int:
    """Start the driver, SIGKILL it once a wave is stored; the segments done by then."""
    proc = subprocess.Popen([sys.executable, str(DRIVER), *args], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    done = 0
    for line in proc.stdout:
        phase, *counts = line.split()
        if phase == "translate" and int(counts[0]) > 0:
            done = int(counts[0])
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the batch ended before it could be killed"
    return done
