"""Hand-built *lexical copy* Transformers: output token t is a fixed function of source token t.

The copy model of DESIGN.md, generalised: one layer, one head, one-hot source token + position
embeddings (d_model = source vocabulary + positions + 1), a cross-attention that matches target
position t with source position ``t + shift`` and brings that source token, and an output
projection that maps source token i to target token ``mapping[i]`` — so the target vocabulary
can differ from the source one (real OPUS-MT target pieces the source SentencePiece model does
not know) while the output stays exactly computable. ``shift`` skips tokens CTranslate2 adds on
one side: +1 for a source BOS (``add_source_bos``, e.g. ``>>vie<<``), -1 per target prefix token
(``__vie_Latn__``). ``</s>`` (``add_source_eos``) ends every beam. It reproduces its mapping
exactly with int8 and float32, beam 1 and 4. Inputs are limited to ``max_positions - 2`` tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from workbench.mt.builder.specs import layer_norm

if TYPE_CHECKING:
    from ctranslate2.specs import transformer_spec

EOS_BIAS_COPY = -5.0


def _zero_block(layer: Any, d: int, *, cross: bool) -> None:
    import numpy as np

    layer_norm(layer.self_attention.layer_norm, d)
    layer.self_attention.linear[0].weight = np.zeros((3 * d, d), dtype=np.float32)
    layer.self_attention.linear[1].weight = np.zeros((d, d), dtype=np.float32)
    layer_norm(layer.ffn.layer_norm, d)
    layer.ffn.linear_0.weight = np.zeros((4, d), dtype=np.float32)
    layer.ffn.linear_1.weight = np.zeros((d, 4), dtype=np.float32)
    if cross:
        layer_norm(layer.attention.layer_norm, d)


def _cross_attention(layer: Any, source: int, positions: int, eos: int, shift: int) -> None:
    """Target position t attends source position t + shift (else the source ``</s>``)."""
    import numpy as np

    d = source + positions + 1
    const = d - 1
    query = np.zeros((d, d), dtype=np.float32)
    key = np.zeros((d, d), dtype=np.float32)
    for position in range(positions):
        query[source + position, source + position] = 5.0  # target position t ...
        slot = position - shift
        if 0 <= slot < positions:
            key[source + slot, source + position] = 1.0  # ... matches source position t + shift
    # Every target position also matches the source </s> by half as much: past the end of the
    # source (no position match) attention falls on </s>, so every beam copies it and stops.
    query[const, const] = 2.5
    key[const, eos] = 1.0
    value = np.zeros((d, d), dtype=np.float32)
    value[np.arange(source), np.arange(source)] = 1.0  # and brings its token
    layer.attention.linear[0].weight = query
    layer.attention.linear[1].weight = np.concatenate([key, value])
    out = np.zeros((d, d), dtype=np.float32)
    out[np.arange(source), np.arange(source)] = 1.0
    layer.attention.linear[2].weight = out


def lexical_spec(
    source_vocabulary: Sequence[str],
    target_vocabulary: Sequence[str],
    mapping: Sequence[int],
    max_positions: int,
    *,
    shift: int = 0,
) -> transformer_spec.TransformerSpec:
    """The spec: source token i (id in ``source_vocabulary``) → target token ``mapping[i]``."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    source, target, positions = len(source_vocabulary), len(target_vocabulary), max_positions
    if len(mapping) != source:
        raise ValueError("mapping needs one target id per source token")
    d = source + positions + 1
    const = d - 1
    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1, pre_norm=True)
    one_hot_positions = np.zeros((positions, d), dtype=np.float32)
    one_hot_positions[np.arange(positions), source + np.arange(positions)] = 1.0

    encoder = spec.encoder
    encoder.scale_embeddings = False
    source_embeddings = np.zeros((source, d), dtype=np.float32)
    source_embeddings[np.arange(source), np.arange(source)] = 1.0
    source_embeddings[:, const] = 1.0
    encoder.embeddings[0].weight = source_embeddings
    encoder.position_encodings.encodings = one_hot_positions
    _zero_block(encoder.layer[0], d, cross=False)
    layer_norm(encoder.layer_norm, d)

    decoder = spec.decoder
    decoder.scale_embeddings = False
    target_embeddings = np.zeros((target, d), dtype=np.float32)
    target_embeddings[:, const] = 1.0  # the decoder only needs its position
    decoder.embeddings.weight = target_embeddings
    decoder.position_encodings.encodings = one_hot_positions.copy()
    _zero_block(decoder.layer[0], d, cross=True)
    eos = list(source_vocabulary).index("</s>")
    _cross_attention(decoder.layer[0], source, positions, eos, shift)
    layer_norm(decoder.layer_norm, d)

    projection = np.zeros((target, d), dtype=np.float32)
    projection[np.asarray(mapping), np.arange(source)] = 2.0
    bias = np.zeros(target, dtype=np.float32)
    # A copied token wins by ~50 logits. </s> (copied from the source end) must rank below every
    # other token elsewhere: beam search would otherwise collect early finished hypotheses and stop.
    bias[list(target_vocabulary).index("</s>")] = EOS_BIAS_COPY
    decoder.projection.weight = projection
    decoder.projection.bias = bias

    spec.config.add_source_eos = True
    spec.register_source_vocabulary(list(source_vocabulary))
    spec.register_target_vocabulary(list(target_vocabulary))
    return spec


def copy_spec(vocabulary: Sequence[str], max_positions: int) -> transformer_spec.TransformerSpec:
    """The copy model: one vocabulary, every token mapped to itself."""
    return lexical_spec(vocabulary, vocabulary, range(len(vocabulary)), max_positions)
