"""Helpers shared by test modules."""

from __future__ import annotations

from workbench.mt.builder.layouts import SWAPS, swap_letters
from workbench.mt.packages import InstalledPackage


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
