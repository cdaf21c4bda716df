"""SentencePiece models for generated packages: training, piece lists, vocabulary padding."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np


def _sentences(texts: Iterable[str]) -> list[str]:
    return [line.strip() for text in texts for line in text.splitlines() if line.strip()]


def train_sentencepiece(
    texts: Sequence[str],
    out_dir: Path,
    vocab_size: int,
    *,
    model_type: Literal["unigram", "bpe"] = "unigram",
    byte_fallback: bool = False,
    normalization: str = "nmt_nfkc",
) -> Path:
    """Train a sentencepiece model on ``texts`` (one sentence per line) into ``out_dir``.

    ``hard_vocab_limit=False``: on small text sentencepiece learns what it can (fewer pieces than
    asked). Trained with one thread, which makes the model bytes deterministic (sentencepiece
    0.2.3's trainer has no seed option). Ids: ``<unk>`` 0, ``<s>`` 1, ``</s>`` 2, no pad.
    Returns the path of ``sentencepiece.model``.
    """
    import sentencepiece as spm

    sentences = _sentences(texts)
    if not sentences:
        raise ValueError("train_sentencepiece needs at least one non-empty line of text")
    chars = {ch for sentence in sentences for ch in sentence if not ch.isspace()}
    # sentencepiece refuses a vocabulary smaller than the character set plus the meta pieces.
    size = max(vocab_size, len(chars) + 4 + (256 if byte_fallback else 0))
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=buffer,
        vocab_size=size,
        hard_vocab_limit=False,
        model_type=model_type,
        character_coverage=1.0,
        byte_fallback=byte_fallback,
        normalization_rule_name=normalization,
        num_threads=1,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "sentencepiece.model"
    path.write_bytes(buffer.getvalue())
    return path


def pieces(sp_model: Path) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def pad_vocabulary(pieces: list[str], size: int, rng: np.random.Generator) -> list[str]:
    """``pieces`` followed by distinct extra pieces (joins of 2-3 learned ones) up to ``size``."""
    vocabulary = list(pieces)
    if size <= len(vocabulary):
        return vocabulary
    seen = set(vocabulary)
    parts = [p for p in pieces if not (p.startswith("<") and p.endswith(">")) and p != "▁"]
    attempts = 0
    while len(vocabulary) < size:
        attempts += 1
        if attempts > 50 * size:
            raise ValueError(f"cannot pad a {len(pieces)}-piece vocabulary to {size} pieces")
        count = 2 + int(rng.integers(0, 2))
        chosen = [parts[int(i)] for i in rng.integers(0, len(parts), size=count)]
        piece = chosen[0] + "".join(p.removeprefix("▁") for p in chosen[1:])
        if piece not in seen:
            seen.add(piece)
            vocabulary.append(piece)
    return vocabulary
