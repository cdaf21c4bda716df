"""Generated article folders for the batch tests: French-like articles made of the seed
article's sentences (reordered, plus one with its words shuffled, so articles differ and some
sentences repeat across them), page chrome lines, and the files a real folder also holds: an
English article, a binary file, an empty file, a file over the size limit."""

from __future__ import annotations

import random
from pathlib import Path

from tests.conftest import SEED_ARTICLE

ENGLISH = (
    "Russia withdraws its peacekeepers from Karabakh\n\n"
    "The Kremlin spokesman said on Wednesday that the troops had started to leave the region, "
    "and that the decision was agreed with the government of Azerbaijan.\n\n"
    "The report was published by the news agency, which said that this was the end of the "
    "mission.\n"
)
CHROME = ("Lien source", "Comment (0)")
#: One sentence of more sentencepiece tokens than the copy model has positions (254).
OVERLONG = " ".join(["la Russie a retiré ses forces de maintien de la paix"] * 40) + "."


def seed_sentences() -> list[str]:
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
    sentences = seed_sentences()
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
