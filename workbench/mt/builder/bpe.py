"""BPE tokenizers as OPUS-MT's BPE models use them: Moses + subword-nmt codes (``bpe.model``).

Tokenization is argostranslate's ``BPETokenizer.encode``: sacremoses' punctuation normalizer and
tokenizer for the source language, then subword-nmt's ``apply_bpe`` with ``@@`` joiners. Codes
are learned with subword-nmt's own ``learn_bpe`` (a development dependency: only the test
fixtures learn codes; installed packages only apply them).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable, Sequence


def moses_lines(texts: Iterable[str], lang: str) -> list[str]:
    """Each non-empty line normalized and tokenized as argostranslate's BPETokenizer does."""
    from sacremoses.normalize import MosesPunctNormalizer
    from sacremoses.tokenize import MosesTokenizer

    normalizer = MosesPunctNormalizer(lang)
    tokenizer = MosesTokenizer(lang)
    lines = [line.strip() for text in texts for line in text.splitlines() if line.strip()]
    return [" ".join(tokenizer.tokenize(normalizer.normalize(line))) for line in lines]


def learn_codes(tokenized: Sequence[str], merges: int) -> str:
    """subword-nmt codes (``#version: 0.2`` then one merge a line) learned on ``tokenized``."""
    from subword_nmt.learn_bpe import learn_bpe

    out = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):  # its progress bar and "Stopping" notes
        learn_bpe(io.StringIO("\n".join(tokenized) + "\n"), out, merges, min_frequency=2)
    return out.getvalue()


def bpe_vocabulary(codes: str, tokenized: Sequence[str]) -> list[str]:
    """Every subword of ``tokenized`` under ``codes``, plus each character alone and with
    ``@@`` (so any text of these characters encodes to known tokens), in a stable order."""
    from argostranslate.apply_bpe import BPE

    bpe = BPE(io.StringIO(codes))
    seen: dict[str, None] = {}
    for line in tokenized:
        for token in bpe.segment_tokens(line.split(" ")):
            seen.setdefault(token)
    for char in sorted({char for line in tokenized for char in line if not char.isspace()}):
        seen.setdefault(char)
        seen.setdefault(char + "@@")
    return list(seen)
