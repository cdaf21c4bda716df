"""Each package's tokenizer: encode a source text, decode hypotheses — argostranslate's way,
better where it is safe.

Encoding goes through argostranslate 1.11's own tokenizer classes (``SentencePieceTokenizer``,
``BPETokenizer``: sacremoses normalization and tokenization, then subword-nmt BPE). CTranslate2
itself adds ``model/config.json``'s ``bos_token`` (e.g. ``>>vie<<``, Locomotive's ``--bos``)
when ``add_source_bos`` is set, and ``</s>`` when ``add_source_eos`` is; the metadata's
``target_prefix`` (e.g. ``__vie_Latn__``) is given to ``translate_batch`` by the caller. A source
text cannot inject such control tokens: encoded tokens that are special tokens or language tags
are dropped.

Decoding, per hypothesis (argostranslate 1.11: ``apply_packaged_translation`` and
``SentencePieceTokenizer.decode`` / ``BPETokenizer.decode``):

* special tokens, language tags, the package's target prefix and BOS token are dropped
  wherever they are (argostranslate only strips a prefix it can still find at the start after
  its ``_`` rewrite — which it never can for ``__vie_Latn__``: it leaks ``vie Latn``);
* SentencePiece: ``decode_pieces`` with the package's *target* model when it has one
  (``target.spm``, kept by an OPUS-MT conversion), else with ``sentencepiece.model`` — which for
  OPUS-MT ports is the *source* model only: it returns every target piece it does not know
  verbatim, ``▁`` included. Byte-fallback pieces the model does not know (``<0xE6><0xBC><0xA2>``)
  are turned into their UTF-8 text first (argostranslate prints them as they are);
* BPE: argostranslate's ``BPETokenizer.decode`` (``@@ `` joins, then the Moses detokenizer);
* then :func:`workbench.mt.artifacts.scrub`: ``▁`` becomes a space (argostranslate's
  ``.replace("▁", " ")``), any leftover joiner, tag or special token goes, the ends are stripped.

Deliberately *not* argostranslate's ``.replace("_", " ")``: it was meant for ``▁`` (its commit
history shows the two being confused) and turns every real underscore into a space
(``porte_parole``, ``{PLACEHOLDER_1}``). The parity test (tests/test_parity.py) lists every
difference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import PackageError
from workbench.mt.artifacts import is_byte_piece, is_special_token, scrub
from workbench.mt.metadata import read_model_config

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage

TARGET_SPM = "target.spm"
MAX_BPE_CODES_BYTES = 64 * 1024**2  # real OPUS-MT BPE codes files are 0.5-2 MB


def check_bpe_codes(path: Path) -> None:
    """Check a subword-nmt codes file before argostranslate's ``apply_bpe.BPE`` reads it: on a
    malformed line that class writes to stderr and calls ``sys.exit(1)``."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_BPE_CODES_BYTES + 1)
    if len(raw) > MAX_BPE_CODES_BYTES:
        raise PackageError(f"{path.name} is larger than {MAX_BPE_CODES_BYTES:,} bytes")
    try:
        lines = raw.decode("utf-8").split("\n")
    except UnicodeDecodeError as error:
        raise PackageError(f"{path.name} is not a BPE codes file (not UTF-8)") from error
    if lines and lines[0].startswith("#version:"):
        if not re.fullmatch(r"#version: *[0-9]+(?:\.[0-9]+)*\s*", lines[0]):
            raise PackageError(f"{path.name} has a malformed #version line")
        lines = lines[1:]
    if lines and lines[-1] == "":
        lines = lines[:-1]
    for number, line in enumerate(lines, start=1):
        if len(line.strip("\r\n ").split(" ")) != 2:
            raise PackageError(
                f"{path.name} is not a BPE codes file (line {number} is not two subword units)"
            )


def _join_unknown_bytes(pieces: Sequence[str], processor: Any) -> list[str]:
    """Runs of byte pieces ``processor`` does not know, replaced by the text they encode."""
    out: list[str] = []
    run = bytearray()
    for piece in pieces:
        if is_byte_piece(piece) and processor.piece_to_id(piece) == processor.unk_id():
            run.append(int(piece[3:5], 16))
            continue
        if run:
            out.append(run.decode("utf-8", errors="replace"))
            run.clear()
        out.append(piece)
    if run:
        out.append(run.decode("utf-8", errors="replace"))
    return out


class Codec:
    """A package's tokenizer: :meth:`encode` a source text, :meth:`decode` a hypothesis."""

    def __init__(self, package: InstalledPackage) -> None:
        from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

        config = read_model_config(package.path / "model", package.label)
        self.prefix = package.target_prefix
        self.bos = config.bos_token
        self._control = frozenset(token for token in (self.prefix, self.bos) if token)
        self._sentencepiece: Any = None
        self._target: Any = None
        self._bpe: Any = None
        if package.tokenizer == "sentencepiece":
            self._sentencepiece = SentencePieceTokenizer(package.path / "sentencepiece.model")
            target = package.path / TARGET_SPM
            if target.is_file():
                import sentencepiece

                self._target = sentencepiece.SentencePieceProcessor(model_file=str(target))
        else:
            self._bpe = BPETokenizer(package.path / "bpe.model", package.from_code, package.to_code)

    def load(self) -> None:
        """Load the tokenizer now (it loads lazily): errors surface here, not mid-article."""
        if self._sentencepiece is not None:
            self._sentencepiece.lazy_processor()
        else:
            check_bpe_codes(self._bpe.model_file)
            self._bpe.lazy_load()

    def encode(self, text: str) -> list[str]:
        tokenizer = self._sentencepiece if self._sentencepiece is not None else self._bpe
        return [token for token in tokenizer.encode(text) if not self._is_control(token)]

    def encode_target(self, text: str) -> list[str]:
        """Tokens of a text in the target language (to score a given translation): with the
        package's ``target.spm`` when it has one, else its one tokenizer."""
        if self._target is not None:
            pieces = self._target.encode(text, out_type=str)
            return [token for token in pieces if not self._is_control(token)]
        return self.encode(text)

    def _is_control(self, token: str) -> bool:
        return is_special_token(token, self._control)

    def decode(self, tokens: Sequence[str]) -> str:
        kept = [token for token in tokens if not self._is_control(token)]
        if not kept:
            return ""
        if self._bpe is not None:
            return scrub(self._bpe.decode(kept))
        processor = self._target or self._sentencepiece.lazy_processor()
        return scrub(processor.decode_pieces(_join_unknown_bytes(kept, processor)))
