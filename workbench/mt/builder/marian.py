"""OPUS-MT release folders as Helsinki-NLP publishes them, with synthetic weights (test fixtures).

What an OPUS-MT release zip unpacks to (OPUS-MT-train ``lib/dist.mk``): ``README.md``,
``LICENSE``, the Marian model
``opus.spm32k-spm32k.transformer-align.model1.npz.best-perplexity.npz``, its release
description ``….best-perplexity.yml``, the shared vocabulary
``opus.spm32k-spm32k.vocab.yml``, ``source.spm``, ``target.spm``, ``decoder.yml`` (``models``
and ``vocabs`` relative to the folder), ``preprocess.sh`` and ``postprocess.sh``.

The ``.npz`` holds what Marian writes: ``special:model.yml`` (the model options as a NUL-ended
int8 string), ``Wemb`` (tied embeddings) or ``encoder_Wemb`` / ``decoder_Wemb``, per layer
``{encoder,decoder}_l<N>_self_{Wq,bq,Wk,bk,Wv,bv,Wo,bo}``, ``…_self_Wo_ln_{scale,bias}[_pre]``,
``…_ffn_{W1,b1,W2,b2}``, ``…_ffn_ffn_ln_{scale,bias}[_pre]``, the decoder's
``…_context_*``, ``decoder_ff_logit_out_b`` (and ``_W`` when the output layer is not tied),
``{encoder,decoder}_top_ln_*`` for pre-norm models, ``Wpos`` for learned positions. Marian's
matrices are ``(in, out)``: CTranslate2's converter transposes them.

Two kinds of weights:

* ``random`` — the OPUS-MT architecture (post-norm ``dan``, swish, tied embeddings, guided
  alignment on the last layer, sinusoidal positions) with seeded random weights: gibberish that
  never chooses ``</s>`` by itself, like a broken real model;
* ``lexical`` — the lexical copy model of :mod:`workbench.mt.builder.lexical_model` written as a
  pre-norm Marian model with its own output layer and learned positions (both legal Marian
  options): its output is exactly ``swap_letters(source)``, so a conversion that mixed up a
  vocabulary, a transposition or a language label shows.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from workbench.mt.artifacts import is_special_token
from workbench.mt.builder.layouts import SWAPS, swap_letters
from workbench.mt.builder.lexical_model import lexical_spec
from workbench.mt.builder.sentencepiece import pieces, train_sentencepiece

if TYPE_CHECKING:
    import numpy as np

MODEL_BASE = "opus.spm32k-spm32k"
MODEL_FILE = f"{MODEL_BASE}.transformer-align.model1.npz.best-perplexity.npz"
RELEASE_YML = f"{MODEL_BASE}.transformer-align.model1.npz.best-perplexity.yml"
VOCAB_FILE = f"{MODEL_BASE}.vocab.yml"
LEXICAL_POSITIONS = 256

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`<=][^\s:#,\[\]{}\"']*")


@dataclass(frozen=True, slots=True)
class MarianShape:
    """Shape of a random Marian Transformer."""

    layers: int = 2
    d_model: int = 32
    heads: int = 4
    ffn: int = 64


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


def model_yml(
    *,
    vocab: int,
    shape: MarianShape,
    pre_norm: bool,
    tied: bool,
    learned_positions: bool,
) -> str:
    """The ``special:model.yml`` Marian stores in the ``.npz`` (its model options)."""
    options: list[tuple[str, Any]] = [
        ("type", "transformer"),
        ("dim-vocabs", [vocab, vocab]),
        ("dim-emb", shape.d_model),
        ("enc-depth", shape.layers),
        ("dec-depth", shape.layers),
        ("tied-embeddings", tied),
        ("tied-embeddings-src", False),
        ("tied-embeddings-all", tied),
        ("transformer-heads", shape.heads),
        ("transformer-no-projection", False),
        ("transformer-dim-ffn", shape.ffn),
        ("transformer-ffn-depth", 2),
        ("transformer-ffn-activation", "swish"),
        ("transformer-dim-aan", 2048),
        ("transformer-aan-depth", 2),
        ("transformer-aan-activation", "swish"),
        ("transformer-aan-nogate", False),
        ("transformer-decoder-autoreg", "self-attention"),
        ("transformer-tied-layers", []),
        ("transformer-guided-alignment-layer", "last"),
        ("transformer-preprocess", "n" if pre_norm else ""),
        ("transformer-postprocess-emb", "d"),
        ("transformer-postprocess", "da" if pre_norm else "dan"),
        ("transformer-postprocess-top", "n" if pre_norm else ""),
        ("transformer-train-position-embeddings", learned_positions),
        ("layer-normalization", False),
        ("right-left", False),
        ("ulr", False),
        ("ulr-dim-emb", 0),
        ("version", "v1.9.56 0c4ab7f 2020-11-29 12:00:00 +0000"),
    ]
    lines = []
    for key, value in options:
        if isinstance(value, list):
            lines.append(f"{key}:" + (" []" if not value else ""))
            lines.extend(f"  - {item}" for item in value)
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif value == "":
            lines.append(f'{key}: ""')
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def _config_array(text: str) -> np.ndarray:
    import numpy as np

    return np.frombuffer(text.encode("utf-8") + b"\x00", dtype=np.int8).copy()


# --------------------------------------------------------------------------------------------
# random weights, OPUS-MT architecture


def _random_layer(
    rng: np.random.Generator, prefix: str, shape: MarianShape, *, cross: bool
) -> dict[str, np.ndarray]:
    import numpy as np

    d, ffn = shape.d_model, shape.ffn

    def matrix(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) / math.sqrt(rows)).astype(np.float32)

    def row(size: int, value: float | None = None) -> np.ndarray:
        if value is not None:
            return np.full((1, size), value, dtype=np.float32)
        return (rng.standard_normal((1, size)) * 0.02).astype(np.float32)

    weights: dict[str, np.ndarray] = {}
    for block in ("self", "context") if cross else ("self",):
        for name in "qkvo":
            weights[f"{prefix}_{block}_W{name}"] = matrix(d, d)
            weights[f"{prefix}_{block}_b{name}"] = row(d)
        weights[f"{prefix}_{block}_Wo_ln_scale"] = row(d, 1.0)
        weights[f"{prefix}_{block}_Wo_ln_bias"] = row(d, 0.0)
    weights[f"{prefix}_ffn_W1"] = matrix(d, ffn)
    weights[f"{prefix}_ffn_b1"] = row(ffn)
    weights[f"{prefix}_ffn_W2"] = matrix(ffn, d)
    weights[f"{prefix}_ffn_b2"] = row(d)
    weights[f"{prefix}_ffn_ffn_ln_scale"] = row(d, 1.0)
    weights[f"{prefix}_ffn_ffn_ln_bias"] = row(d, 0.0)
    return weights


def random_weights(vocab: int, shape: MarianShape, seed: int) -> dict[str, np.ndarray]:
    """A post-norm OPUS-MT Transformer with tied embeddings and seeded random weights."""
    import numpy as np

    rng = np.random.default_rng(seed)
    weights: dict[str, np.ndarray] = {
        "Wemb": (rng.standard_normal((vocab, shape.d_model)) / math.sqrt(shape.d_model)).astype(
            np.float32
        ),
        "decoder_ff_logit_out_b": np.zeros((1, vocab), dtype=np.float32),
    }
    for layer in range(1, shape.layers + 1):
        weights.update(_random_layer(rng, f"encoder_l{layer}", shape, cross=False))
        weights.update(_random_layer(rng, f"decoder_l{layer}", shape, cross=True))
    config = model_yml(vocab=vocab, shape=shape, pre_norm=False, tied=True, learned_positions=False)
    weights["special:model.yml"] = _config_array(config)
    return weights


# --------------------------------------------------------------------------------------------
# a filled CTranslate2 pre-norm spec written the way Marian stores it


def _linear(prefix: str, suffix: str, spec: Any, d: int) -> dict[str, np.ndarray]:
    import numpy as np

    bias = spec.bias if isinstance(getattr(spec, "bias", None), np.ndarray) else None
    rows = spec.weight.shape[0]
    return {
        f"{prefix}_W{suffix}": np.ascontiguousarray(spec.weight.T, dtype=np.float32),
        f"{prefix}_b{suffix}": (bias if bias is not None else np.zeros(rows, np.float32))
        .reshape(1, rows)
        .astype(np.float32),
    }


def _norm(name: str, spec: Any) -> dict[str, np.ndarray]:
    return {
        f"{name}_ln_scale_pre" if not name.endswith("_top") else f"{name}_ln_scale": (
            spec.gamma.reshape(1, -1)
        ),
        f"{name}_ln_bias_pre" if not name.endswith("_top") else f"{name}_ln_bias": (
            spec.beta.reshape(1, -1)
        ),
    }


def _attention(prefix: str, spec: Any, d: int, *, fused: bool) -> dict[str, np.ndarray]:
    from ctranslate2.specs import common_spec

    parts = []
    if fused:
        weight = spec.linear[0].weight
        for index in range(3):
            part = common_spec.LinearSpec()
            part.weight = weight[index * d : (index + 1) * d]
            parts.append(part)
    else:
        key_value = spec.linear[1].weight
        parts.append(spec.linear[0])
        for index in range(2):
            part = common_spec.LinearSpec()
            part.weight = key_value[index * d : (index + 1) * d]
            parts.append(part)
    weights: dict[str, np.ndarray] = {}
    for suffix, part in zip("qkv", parts, strict=True):
        weights.update(_linear(prefix, suffix, part, d))
    weights.update(_linear(prefix, "o", spec.linear[-1], d))
    weights.update(_norm(f"{prefix}_Wo", spec.layer_norm))
    return weights


def _ffn(prefix: str, spec: Any, d: int) -> dict[str, np.ndarray]:
    weights = _linear(f"{prefix}_ffn", "1", spec.linear_0, d)
    weights.update(_linear(f"{prefix}_ffn", "2", spec.linear_1, d))
    weights.update(_norm(f"{prefix}_ffn_ffn", spec.layer_norm))
    return weights


def weights_from_spec(spec: Any, d: int) -> dict[str, np.ndarray]:
    """A filled pre-norm ``TransformerSpec`` (one head, no scaled embeddings, learned positions,
    its own output layer) as Marian's ``.npz`` arrays."""
    import numpy as np

    scale = math.sqrt(d)  # Marian scales embeddings by sqrt(d); the spec did not
    encoder, decoder = spec.encoder, spec.decoder
    weights: dict[str, np.ndarray] = {
        "encoder_Wemb": encoder.embeddings[0].weight / scale,
        "decoder_Wemb": decoder.embeddings.weight / scale,
        "Wpos": encoder.position_encodings.encodings,
        "decoder_ff_logit_out_W": np.ascontiguousarray(decoder.projection.weight.T),
        "decoder_ff_logit_out_b": decoder.projection.bias.reshape(1, -1),
    }
    for number, layer in enumerate(encoder.layer, start=1):
        weights.update(_attention(f"encoder_l{number}_self", layer.self_attention, d, fused=True))
        weights.update(_ffn(f"encoder_l{number}", layer.ffn, d))
    for number, layer in enumerate(decoder.layer, start=1):
        weights.update(_attention(f"decoder_l{number}_self", layer.self_attention, d, fused=True))
        weights.update(_attention(f"decoder_l{number}_context", layer.attention, d, fused=False))
        weights.update(_ffn(f"decoder_l{number}", layer.ffn, d))
    weights.update(_norm("encoder_top", encoder.layer_norm))
    weights.update(_norm("decoder_top", decoder.layer_norm))
    return {name: np.asarray(array, dtype=np.float32) for name, array in weights.items()}


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


def build_opus_mt_dir(
    out_dir: Path,
    from_code: str,
    to_code: str,
    *,
    texts: Sequence[str],
    kind: Literal["random", "lexical"] = "random",
    labels: Sequence[str] = (),
    shape: MarianShape | None = None,
    seed: int = 0,
    swaps: str | None = None,
) -> Path:
    """Write an OPUS-MT release folder into ``out_dir`` (see the module docstring).

    ``texts`` train ``source.spm``; ``target.spm`` is trained on them with letters swapped
    (:data:`~workbench.mt.builder.layouts.SWAPS`), which is what the ``lexical`` model writes.
    ``labels`` (e.g. ``[">>vie<<", ">>fra<<"]``) make a multi-target model that needs a
    sentence-initial language label; the ``lexical`` model then skips the first source token.
    """
    import numpy as np

    pairs = swaps if swaps is not None else SWAPS.get(f"{from_code}_{to_code}", SWAPS["fr_en"])
    with tempfile.TemporaryDirectory(prefix="workbench-marian-") as work:
        work_dir = Path(work)
        source_spm = train_sentencepiece(texts, work_dir / "source", 400)
        swapped = [swap_letters(text, pairs) for text in texts]
        target_spm = train_sentencepiece(swapped, work_dir / "target", 400)
        source_pieces = pieces(source_spm)
        target_pieces = [swap_letters(p, pairs) for p in source_pieces] + pieces(target_spm)
        vocabulary = _vocabulary(source_pieces, target_pieces, labels)
        if kind == "lexical":
            weights, _config = _lexical(vocabulary, pairs, 1 if labels else 0)
            weights["special:model.yml"] = _config_array(_config)
        else:
            weights = random_weights(len(vocabulary), shape or MarianShape(), seed)
        model = work_dir / MODEL_FILE
        np.savez(model, **weights)  # type: ignore[arg-type]
        files: dict[str, bytes | str] = {
            "README.md": _readme(from_code, to_code, labels),
            "LICENSE": "Creative Commons Attribution 4.0 International (CC-BY 4.0)\n",
            MODEL_FILE: model.read_bytes(),
            RELEASE_YML: _release_yml(from_code, to_code, labels),
            VOCAB_FILE: vocab_yml(vocabulary),
            "source.spm": source_spm.read_bytes(),
            "target.spm": target_spm.read_bytes(),
            "decoder.yml": _decoder_yml(),
            "preprocess.sh": "#!/bin/bash\n# spm_encode --model $3 (see OPUS-MT-train)\n",
            "postprocess.sh": "#!/bin/bash\nsed 's/ //g;s/▁/ /g;s/^ *//'\n",
        }
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
