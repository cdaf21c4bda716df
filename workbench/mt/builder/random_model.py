"""The seeded random Transformer of generated packages (``tiny`` and ``base`` sizes).

A random decoder never prefers ``</s>`` and would decode to the length limit, so the last decoder
layer carries a hand-wired *length head* (three reserved model dimensions that every random
matrix leaves alone): one uniform self-attention head averages a position ramp over the target
prefix, one uniform cross-attention head averages it over the source, and the ``</s>`` row of the
output projection reads their difference, so ``</s>`` wins once the output is about as long as
the source, like a trained model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from workbench.mt.builder.specs import layer_norm as _layer_norm
from workbench.mt.builder.specs import sinusoids as _sinusoids

if TYPE_CHECKING:
    import numpy as np
    from ctranslate2.specs import transformer_spec


@dataclass(frozen=True, slots=True)
class ModelSize:
    """Shape of a generated Transformer."""

    encoder_layers: int
    decoder_layers: int
    d_model: int
    heads: int
    ffn: int
    sp_vocab_size: int  # what sentencepiece is asked for (it may learn fewer on small text)
    sp_model_type: Literal["unigram", "bpe"]
    vocab_size: int  # CTranslate2 vocabulary size after padding (0: the sentencepiece size)
    max_positions: int


SIZES: dict[str, ModelSize] = {
    "tiny": ModelSize(2, 2, 64, 4, 128, 600, "unigram", vocab_size=0, max_positions=1024),
    # BPE learns whole words on one article: ~1.2 tokens per word, close to a real Argos model.
    "base": ModelSize(6, 6, 512, 8, 2048, 8000, "bpe", vocab_size=32000, max_positions=1024),
}


# Length head constants (see module docstring): ramp step per position, logit slope per token of
# length difference, and how far ``</s>`` sits above the random logits when lengths are equal.
_RAMP = 0.04


_EOS_SLOPE = 4.0


_EOS_MARGIN = 2.0


_LOGIT_STD = 2.5


class _RandomWeights:
    """Seeded random matrices that leave the reserved length-head dimensions at zero."""

    def __init__(self, rng: np.random.Generator, d_model: int, reserved: int) -> None:
        self.rng = rng
        self.d_model = d_model
        self.active = d_model - reserved

    def matrix(self, rows: int, cols: int, gain: float, *, reads: bool, writes: int) -> np.ndarray:
        """``rows x cols`` with std ``gain / sqrt(fan_in)``.

        ``reads``: the columns are d_model (reserved ones stay zero); ``writes``: how many stacked
        d_model blocks the rows are (reserved rows of each stay zero).
        """
        import numpy as np

        fan_in = self.active if reads else cols
        weight = self.rng.standard_normal((rows, cols), dtype=np.float32)
        weight *= np.float32(gain / math.sqrt(fan_in))
        if reads:
            weight[:, self.active :] = 0.0
        self._clear(weight, writes)
        return weight

    def bias(self, size: int, *, writes: int, scale: float = 0.02) -> np.ndarray:
        import numpy as np

        bias = self.rng.standard_normal(size, dtype=np.float32) * np.float32(scale)
        self._clear(bias, writes)
        return bias

    def _clear(self, array: np.ndarray, blocks: int) -> None:
        for block in range(blocks):
            start = block * self.d_model
            array[start + self.active : start + self.d_model] = 0.0


def _attention(w: _RandomWeights, attn: Any, *, self_attention: bool) -> None:
    import numpy as np

    d = w.d_model
    _layer_norm(attn.layer_norm, d)
    query = w.matrix(d, d, gain=1.0, reads=True, writes=1)
    key = w.matrix(d, d, gain=1.0, reads=True, writes=1)
    value = w.matrix(d, d, gain=0.5, reads=True, writes=1)
    if self_attention:
        attn.linear[0].weight = np.concatenate([query, key, value])
        attn.linear[0].bias = w.bias(3 * d, writes=3)
    else:
        attn.linear[0].weight = query
        attn.linear[0].bias = w.bias(d, writes=1)
        attn.linear[1].weight = np.concatenate([key, value])
        attn.linear[1].bias = w.bias(2 * d, writes=2)
    attn.linear[-1].weight = w.matrix(d, d, gain=0.5, reads=True, writes=1)
    attn.linear[-1].bias = w.bias(d, writes=1)


def _feed_forward(w: _RandomWeights, spec_ffn: Any, ffn: int) -> None:
    d = w.d_model
    _layer_norm(spec_ffn.layer_norm, d)
    spec_ffn.linear_0.weight = w.matrix(ffn, d, gain=1.0, reads=True, writes=0)
    spec_ffn.linear_0.bias = w.bias(ffn, writes=0)
    spec_ffn.linear_1.weight = w.matrix(d, ffn, gain=0.5, reads=False, writes=1)
    spec_ffn.linear_1.bias = w.bias(d, writes=1)


def _embeddings(w: _RandomWeights, vocab: int) -> np.ndarray:
    # scale_embeddings multiplies by sqrt(d): entries end up ~N(0, 1), like the sinusoids.
    return w.matrix(vocab, w.d_model, gain=math.sqrt(w.active / w.d_model), reads=True, writes=0)


def _length_head(last: Any, d: int, head_dim: int) -> None:
    """Last decoder layer, head 0 of both attentions: a zero query makes the head attend
    uniformly, its value reads the position ramp, its output lands in a reserved dim."""
    pos_dim, src_dim, tgt_dim = d - 1, d - 2, d - 3
    self_qkv = last.self_attention.linear[0]
    self_qkv.weight[0:head_dim, :] = 0.0
    self_qkv.bias[0:head_dim] = 0.0
    self_qkv.weight[2 * d : 2 * d + head_dim, :] = 0.0
    self_qkv.bias[2 * d : 2 * d + head_dim] = 0.0
    self_qkv.weight[2 * d, pos_dim] = 1.0
    self_out = last.self_attention.linear[1]
    self_out.weight[:, 0:head_dim] = 0.0
    self_out.weight[tgt_dim, 0] = 2.0  # mean over 0..t of the ramp, doubled: ~ t

    cross_q = last.attention.linear[0]
    cross_q.weight[0:head_dim, :] = 0.0
    cross_q.bias[0:head_dim] = 0.0
    cross_kv = last.attention.linear[1]
    cross_kv.weight[d : d + head_dim, :] = 0.0
    cross_kv.bias[d : d + head_dim] = 0.0
    cross_kv.weight[d, pos_dim] = 1.0
    cross_out = last.attention.linear[2]
    cross_out.weight[:, 0:head_dim] = 0.0
    cross_out.weight[src_dim, 0] = 2.0  # mean over the n source positions, doubled: ~ n - 1


def _projection(decoder: Any, w: _RandomWeights, vocabulary: list[str]) -> None:
    """Random output projection; the ``</s>`` row reads the length difference."""
    import numpy as np

    d, vocab = w.d_model, len(vocabulary)
    src_dim, tgt_dim = d - 2, d - 3
    projection = w.matrix(vocab, d, gain=_LOGIT_STD, reads=True, writes=0)
    bias = np.zeros(vocab, dtype=np.float32)
    # After the final layer norm the reserved dims hold ~ ramp * length / std**2, std ~ 1.3.
    slope = _EOS_SLOPE * 1.3 * 1.3 / _RAMP
    eos = vocabulary.index("</s>")
    projection[eos, :] = 0.0
    projection[eos, tgt_dim] = slope
    projection[eos, src_dim] = -slope
    # Expected maximum of the random logits, so </s> wins when lengths are equal.
    bias[eos] = _LOGIT_STD * math.sqrt(2.0 * math.log(vocab)) + _EOS_MARGIN - 2 * _EOS_SLOPE
    for special in ("<unk>", "<s>"):
        if special in vocabulary:
            bias[vocabulary.index(special)] = -10.0
    decoder.projection.weight = projection
    decoder.projection.bias = bias


def random_spec(
    size: ModelSize, vocabulary: list[str], rng: np.random.Generator
) -> transformer_spec.TransformerSpec:
    """The seeded random Transformer with its length head (see the module docstring)."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    d, heads = size.d_model, size.heads
    w = _RandomWeights(rng, d, reserved=3)
    spec = transformer_spec.TransformerSpec.from_config(
        (size.encoder_layers, size.decoder_layers), heads, pre_norm=True
    )
    positions = np.zeros((size.max_positions, d), dtype=np.float32)
    positions[:, : w.active] = _sinusoids(size.max_positions, w.active)
    positions[:, d - 1] = _RAMP * np.arange(size.max_positions, dtype=np.float32)

    encoder = spec.encoder
    encoder.embeddings[0].weight = _embeddings(w, len(vocabulary))
    encoder.position_encodings.encodings = positions
    for layer in encoder.layer:
        _attention(w, layer.self_attention, self_attention=True)
        _feed_forward(w, layer.ffn, size.ffn)
    _layer_norm(encoder.layer_norm, d)

    decoder = spec.decoder
    decoder.embeddings.weight = _embeddings(w, len(vocabulary))
    decoder.position_encodings.encodings = positions.copy()
    for layer in decoder.layer:
        _attention(w, layer.self_attention, self_attention=True)
        _attention(w, layer.attention, self_attention=False)
        _feed_forward(w, layer.ffn, size.ffn)
    _layer_norm(decoder.layer_norm, d)
    _length_head(decoder.layer[-1], d, d // heads)
    _projection(decoder, w, vocabulary)

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec
