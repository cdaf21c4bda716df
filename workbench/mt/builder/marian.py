"""OPUS-MT release folders as Helsinki-NLP publishes them, with synthetic weights (test fixtures).

What an OPUS-MT release zip unpacks to (OPUS-MT-train ``lib/dist.mk``): ``README.md``,
``LICENSE``, the Marian model
``opus.spm32k-spm32k.transformer-align.model1.npz.best-perplexity.npz``, its release
description ``….best-perplexity.yml``, the shared vocabulary
``opus.spm32k-spm32k.vocab.yml``, ``source.spm``, ``target.spm``, ``decoder.yml`` (``models``
and ``vocabs`` relative to the folder), ``preprocess.sh`` and ``postprocess.sh``.

The ``.npz`` arrays are written by :mod:`workbench.mt.builder.marian_weights`. Two kinds of weights:

* ``random`` — the OPUS-MT architecture (post-norm ``dan``, swish, tied embeddings, guided
  alignment on the last layer, sinusoidal positions) with seeded random weights: gibberish that
  never chooses ``</s>`` by itself, like a broken real model;
* ``lexical`` — the lexical copy model of :mod:`workbench.mt.builder.lexical_model` written as a
  pre-norm Marian model with its own output layer and learned positions (both legal Marian
  options): its output is exactly ``swap_letters(source)``, so a conversion that mixed up a
  vocabulary, a transposition or a language label shows.

A BPE release (``tokenizer="bpe"``: ``source.bpe`` / ``target.bpe`` subword-nmt codes, Moses
tokens with ``@@`` joiners in the vocabulary) is built with random weights only.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from workbench.mt.artifacts import is_special_token
from workbench.mt.builder.layouts import SWAPS, swap_letters
from workbench.mt.builder.lexical_model import lexical_spec
from workbench.mt.builder.marian_weights import (
    MarianShape,
    config_array,
    model_yml,
    random_weights,
    weights_from_spec,
)
from workbench.mt.builder.sentencepiece import pad_vocabulary, pieces, train_sentencepiece

if TYPE_CHECKING:
    import numpy as np

MODEL_BASE = "opus.spm32k-spm32k"
MODEL_FILE = f"{MODEL_BASE}.transformer-align.model1.npz.best-perplexity.npz"
RELEASE_YML = f"{MODEL_BASE}.transformer-align.model1.npz.best-perplexity.yml"
VOCAB_FILE = f"{MODEL_BASE}.vocab.yml"
LEXICAL_POSITIONS = 256

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`<=][^\s:#,\[\]{}\"']*")


def vocab_yml(tokens: Sequence[str]) -> str:
    """A Marian vocabulary file: ``token: id`` a line, quoted as yaml-cpp quotes (double
    quotes, ``\\"`` and ``\\\\`` escapes, ``\\xNN`` for control characters)."""
    lines = []
    for index, token in enumerate(tokens):
        if _PLAIN.fullmatch(token) and token.lower() not in ("true", "false", "null", "yes", "no"):
            key = token
        else:
            escaped = token.replace("\\", "\\\\").replace('"', '\\"')
            escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02X}", escaped)
            key = f'"{escaped}"'
        lines.append(f"{key}: {index}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# the release folder


def _vocabulary(source: list[str], target: list[str], labels: Sequence[str]) -> list[str]:
    """Marian's joint vocabulary: ``</s>`` 0, ``<unk>`` 1, then the pieces of both sides and the
    language labels (as ``marian-vocab`` over the encoded training data gives them)."""
    pieces_ = [p for p in [*source, *target] if not is_special_token(p)]
    return list(dict.fromkeys(["</s>", "<unk>", *pieces_, *labels]))


def _readme(from_code: str, to_code: str, labels: Sequence[str]) -> str:
    lines = [
        "# opus-2021-02-18.zip",
        "",
        "* dataset: opus",
        "* model: transformer-align",
        f"* source language(s): {from_code}",
        f"* target language(s): {to_code}",
        "* pre-processing: normalization + SentencePiece (spm32k,spm32k)",
    ]
    if labels:
        lines.append(
            "* a sentence initial language token is required in the form of `>>id<<` "
            "(id = valid target language ID)"
        )
        lines.append("* valid language labels: " + " ".join(labels))
    lines += [
        "* download: [opus-2021-02-18.zip](https://object.pouta.csc.fi/Tatoeba-MT-models/"
        f"{from_code}-{to_code}/opus-2021-02-18.zip)",
        "",
        "workbench test fixture: synthetic weights, not an OPUS-MT model.",
    ]
    return "\n".join(lines) + "\n"


def _decoder_yml() -> str:
    return (
        f"models:\n  - {MODEL_FILE}\nvocabs:\n  - {VOCAB_FILE}\n  - {VOCAB_FILE}\n"
        "beam-size: 4\nnormalize: 1\nword-penalty: 0\nmini-batch: 1\nmaxi-batch: 1\n"
        "maxi-batch-sort: src\nrelative-paths: true\n"
    )


def _release_yml(from_code: str, to_code: str, labels: Sequence[str]) -> str:
    text = (
        f"release: {from_code}-{to_code}/opus-2021-02-18.zip\nrelease-date: 2021-02-18\n"
        "dataset-name: opus\nmodeltype: transformer-align\nvocabulary:\n"
        f"   source: {VOCAB_FILE}\n   target: {VOCAB_FILE}\n"
        "pre-processing: normalization + SentencePiece (spm32k,spm32k)\n"
        "subword-models:\n   source: source.spm\n   target: target.spm\n"
        f"source-languages:\n   - {from_code}\ntarget-languages:\n   - {to_code}\n"
    )
    if labels:
        text += "use-target-labels:\n" + "".join(f'   - "{label}"\n' for label in labels)
    return text


def _write(out_dir: Path, files: dict[str, bytes | str]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = out_dir / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    (out_dir / "preprocess.sh").chmod(0o755)


def _lexical(vocabulary: list[str], swaps: str, shift: int) -> tuple[dict[str, np.ndarray], str]:
    index = {token: i for i, token in enumerate(vocabulary)}

    def target(token: str) -> int:
        if is_special_token(token) or token.startswith(">>"):
            return index[token]
        return index.get(swap_letters(token, swaps), index["<unk>"])

    mapping = [target(token) for token in vocabulary]
    # CTranslate2's Marian converter builds a sinusoid table even when Wpos is given: it needs
    # an even d_model (= vocabulary + positions + 1).
    positions = LEXICAL_POSITIONS + (len(vocabulary) + LEXICAL_POSITIONS + 1) % 2
    spec = lexical_spec(vocabulary, vocabulary, mapping, positions, shift=shift)
    d = len(vocabulary) + positions + 1
    weights = weights_from_spec(spec, d)
    shape = MarianShape(
        layers=1, d_model=d, heads=1, ffn=spec.encoder.layer[0].ffn.linear_0.weight.shape[0]
    )
    config = model_yml(
        vocab=len(vocabulary), shape=shape, pre_norm=True, tied=False, learned_positions=True
    )
    return weights, config


def _sentencepiece_side(
    texts: Sequence[str], pairs: str, work: Path
) -> tuple[dict[str, bytes | str], list[str], list[str]]:
    """``source.spm``, ``target.spm`` (trained on the swapped texts), and the source and target
    pieces the vocabulary holds (the swapped source pieces are what the lexical model writes)."""
    source_spm = train_sentencepiece(texts, work / "source", 400)
    swapped = [swap_letters(text, pairs) for text in texts]
    target_spm = train_sentencepiece(swapped, work / "target", 400)
    source = pieces(source_spm)
    target = [swap_letters(piece, pairs) for piece in source] + pieces(target_spm)
    files: dict[str, bytes | str] = {
        "source.spm": source_spm.read_bytes(),
        "target.spm": target_spm.read_bytes(),
    }
    return files, source, target


def _bpe_side(
    texts: Sequence[str], from_code: str
) -> tuple[dict[str, bytes | str], list[str], list[str]]:
    from workbench.mt.builder.bpe import bpe_vocabulary, learn_codes, moses_lines

    tokenized = moses_lines(texts, from_code)
    codes = learn_codes(tokenized, merges=400)
    files: dict[str, bytes | str] = {"source.bpe": codes, "target.bpe": codes}
    return files, bpe_vocabulary(codes, tokenized), []


def build_opus_mt_dir(
    out_dir: Path,
    from_code: str,
    to_code: str,
    *,
    texts: Sequence[str],
    kind: Literal["random", "lexical"] = "random",
    tokenizer: Literal["sentencepiece", "bpe"] = "sentencepiece",
    labels: Sequence[str] = (),
    shape: MarianShape | None = None,
    seed: int = 0,
    swaps: str | None = None,
    vocab_size: int = 0,
) -> Path:
    """Write an OPUS-MT release folder into ``out_dir`` (see the module docstring).

    ``texts`` train ``source.spm``; ``target.spm`` is trained on them with letters swapped
    (:data:`~workbench.mt.builder.layouts.SWAPS`), which is what the ``lexical`` model writes.
    ``labels`` (e.g. ``[">>vie<<", ">>fra<<"]``) make a multi-target model that needs a
    sentence-initial language label; the ``lexical`` model then skips the first source token.
    ``vocab_size`` pads the vocabulary of a ``random`` model with joined pieces (32,000 for a
    model sized like a real OPUS-MT one).
    """
    import numpy as np

    if kind == "lexical" and tokenizer == "bpe":
        raise ValueError("the lexical Marian fixture is built for SentencePiece releases only")
    pairs = swaps if swaps is not None else SWAPS.get(f"{from_code}_{to_code}", SWAPS["fr_en"])
    with tempfile.TemporaryDirectory(prefix="workbench-marian-") as work:
        work_dir = Path(work)
        if tokenizer == "bpe":
            files, source, target = _bpe_side(texts, from_code)
        else:
            files, source, target = _sentencepiece_side(texts, pairs, work_dir)
        vocabulary = _vocabulary(source, target, labels)
        if vocab_size and kind == "random":
            vocabulary = pad_vocabulary(vocabulary, vocab_size, np.random.default_rng(seed))
        if kind == "lexical":
            weights, config = _lexical(vocabulary, pairs, 1 if labels else 0)
            weights["special:model.yml"] = config_array(config)
        else:
            weights = random_weights(len(vocabulary), shape or MarianShape(), seed)
        model = work_dir / MODEL_FILE
        np.savez(model, **weights)  # type: ignore[arg-type]
        files.update(
            {
                "README.md": _readme(from_code, to_code, labels),
                "LICENSE": "Creative Commons Attribution 4.0 International (CC-BY 4.0)\n",
                MODEL_FILE: model.read_bytes(),
                RELEASE_YML: _release_yml(from_code, to_code, labels),
                VOCAB_FILE: vocab_yml(vocabulary),
                "decoder.yml": _decoder_yml(),
                "preprocess.sh": "#!/bin/bash\n# spm_encode --model $3 (see OPUS-MT-train)\n",
                "postprocess.sh": "#!/bin/bash\nsed 's/ //g;s/▁/ /g;s/^ *//'\n",
            }
        )
        _write(out_dir, files)
    return out_dir


def npz_keys(path: Path) -> list[str]:
    """The array names of a Marian ``.npz`` (for tests and error messages)."""
    import numpy as np

    with np.load(path) as archive:
        return sorted(archive.files)


__all__ = [
    "MODEL_FILE",
    "VOCAB_FILE",
    "MarianShape",
    "build_opus_mt_dir",
    "model_yml",
    "npz_keys",
    "random_weights",
    "vocab_yml",
    "weights_from_spec",
]
