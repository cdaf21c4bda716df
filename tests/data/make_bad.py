"""Generate the large hostile inputs at test time (never committed: they are megabytes).

The small samples live next to this file in ``tests/data/bad/``; these are too big for git:

* :func:`long_article` — a real-looking French article of N distinct sentences, for the crash
  tests (a translate run of a few seconds with the tiny packages, a big PO export);
* :func:`huge_article` — a 50 MB article (above ``segment.MAX_ARTICLE_BYTES``);
* :func:`long_line` — one 1 MB line of French prose, no line break;
* :func:`long_word_line` — one 1 MB line with no sentence end at all (one giant segment).

Run it directly to write them into a folder: ``python tests/data/make_bad.py OUT_DIR``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

#: French sentence parts: combined with a counter they give distinct sentences, so no two
#: segments share an id and no translation-memory match shortcuts the machine translation.
_SUBJECTS = (
    "Le porte-parole du Kremlin",
    "La ministre des Affaires étrangères",
    "Le conseil municipal de Lyon",
    "Une délégation arménienne",
    "Le président azerbaïdjanais",
    "L'Organisation du traité de sécurité collective",
    "Un collectif d'habitants",
    "La Banque centrale européenne",
)
_VERBS = (
    "a confirmé",
    "a annoncé",
    "a démenti",
    "a rappelé",
    "a estimé",
    "a indiqué mardi",
)
_OBJECTS = (
    "le retrait de {n} soldats de la région",
    "une hausse de {n} % du budget de la défense",
    "la signature d'un accord de cessez-le-feu le {d} avril",
    "l'ouverture de {n} nouveaux postes frontières",
    "le report de la réunion prévue à Erevan",
    "que les négociations reprendraient dans {n} jours",
)
_TAILS = (
    "",
    ", selon l'AFP",
    ", d'après les médias locaux",
    " lors d'une conférence de presse à Moscou",
    " après une longue séance de discussions",
)


def sentence(i: int, rnd: random.Random) -> str:
    obj = rnd.choice(_OBJECTS).format(n=i + 2, d=1 + i % 28)
    return f"{rnd.choice(_SUBJECTS)} {rnd.choice(_VERBS)} {obj}{rnd.choice(_TAILS)} (n° {i})."


def long_article_text(sentences: int, *, seed: int = 7, per_paragraph: int = 4) -> str:
    """A title, then ``sentences`` distinct French sentences in paragraphs of ``per_paragraph``."""
    rnd = random.Random(seed)
    lines = ["Retrait des forces russes du Haut-Karabakh : le point complet", ""]
    paragraph: list[str] = []
    for i in range(sentences):
        paragraph.append(sentence(i, rnd))
        if len(paragraph) == per_paragraph:
            lines += [" ".join(paragraph), ""]
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    return "\n".join(lines) + "\n"


def long_article(path: Path, sentences: int = 2000, *, seed: int = 7) -> Path:
    path.write_text(long_article_text(sentences, seed=seed), encoding="utf-8")
    return path


def _write_repeated(path: Path, unit: bytes, size: int, *, head: bytes = b"") -> Path:
    """``head`` then ``unit`` repeated up to ``size`` bytes, written in 1 MB blocks."""
    block = unit * max(1, (1024 * 1024) // len(unit))
    with path.open("wb") as out:
        out.write(head)
        written = len(head)
        while written < size:
            chunk = block[: size - written]
            out.write(chunk)
            written += len(chunk)
    return path


def huge_article(path: Path, megabytes: int = 50) -> Path:
    """A 50 MB article: a title, then paragraphs of French prose."""
    rnd = random.Random(3)
    unit = ("\n".join(sentence(i, rnd) for i in range(40)) + "\n\n").encode("utf-8")
    return _write_repeated(
        path, unit, megabytes * 1024 * 1024, head="Un très long article\n\n".encode()
    )


def long_line(path: Path, megabytes: int = 1) -> Path:
    """One line of 1 MB: French sentences glued by spaces, no line break at all."""
    rnd = random.Random(5)
    unit = (" ".join(sentence(i, rnd) for i in range(40)) + " ").encode("utf-8")
    return _write_repeated(path, unit, megabytes * 1024 * 1024)


def long_word_line(path: Path, megabytes: int = 1) -> Path:
    """One line of 1 MB with no sentence end: the segmenter cannot split it."""
    return _write_repeated(path, "mot très long ".encode(), megabytes * 1024 * 1024)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("bad-large")
    out.mkdir(parents=True, exist_ok=True)
    long_article(out / "long-article.txt")
    huge_article(out / "huge-50mb.txt")
    long_line(out / "long-line-1mb.txt")
    long_word_line(out / "long-word-line-1mb.txt")
    for path in sorted(out.iterdir()):
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
