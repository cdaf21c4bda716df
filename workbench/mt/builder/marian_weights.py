"""Marian ``.npz`` model arrays, as Marian names and shapes them (test fixtures).

* :func:`random_weights` — the OPUS-MT architecture (post-norm ``dan``, swish, tied embeddings
  ``Wemb``, guided alignment on the last layer, sinusoidal positions) with seeded random weights;
* :func:`weights_from_spec` — a filled CTranslate2 pre-norm ``TransformerSpec`` (the lexical copy
  model) written the way Marian stores a pre-norm model with its own embeddings and output layer
  (``encoder_Wemb``, ``decoder_Wemb``, ``decoder_ff_logit_out_W``) and learned positions
  (``Wpos``);
* :func:`model_yml` / :func:`config_array` — the model options Marian keeps in
  ``special:model.yml`` (a NUL-ended int8 string).

Marian's matrices are ``(in, out)`` (CTranslate2's converter transposes them), its biases and
layer-norm parameters ``(1, n)``; per layer ``{encoder,decoder}_l<N>_self_{Wq,bq,Wk,bk,Wv,bv,Wo,
bo}``, ``…_self_Wo_ln_{scale,bias}[_pre]``, ``…_ffn_{W1,b1,W2,b2}``,
``…_ffn_ffn_ln_{scale,bias}[_pre]`` and the decoder's ``…_context_*``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, slots=True)
class MarianShape:
    """Shape of a random Marian Transformer."""

    layers: int = 2
    d_model: int = 32
    heads: int = 4
    ffn: int = 64


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


def config_array(text: str) -> np.ndarray:
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
    weights["special:model.yml"] = config_array(config)
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
