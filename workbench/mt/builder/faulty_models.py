"""Copy models that fail in controlled ways, to measure decoding safety and confidence
(``benchmarks/decoding_bench.py``): their failures are known, so what a setting does to them is
exactly countable.

* :func:`looping_copy_spec` — the copy model plus a *loop bias*: a decoder self-attention head
  brings back the token written ``period`` steps earlier with ``pull`` times the weight of the
  copied one. Inside the source the copy wins; past its end the loop beats ``</s>`` (which the
  model still ranks second), so without help the output is the source followed by its last
  ``period`` tokens over and over, up to the decoding limit — a decoder loop as bad real models
  write them. Blocking the loop (``no_repeat_ngram_size``, ``repetition_penalty``) lets
  ``</s>`` through.
* :func:`noisy_copy_spec` — the copy model where a share of the vocabulary also maps to a decoy
  with a random relative weight near 1: those tokens are written with low probability and,
  when the decoy outweighs them, wrongly — so the model's confidence and the edits its output
  needs are related the way a real model's are, with noise.

Layout of the looping model (one layer, one head, pre-norm): ``d = 2V + positions + 1`` — the
token channel read by the output layer ``[0, V)``, the decoder input's own identity
``[V, 2V)``, one-hot positions, a constant. The noisy model is the copy model's layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from workbench.mt.builder.lexical_model import copy_spec
from workbench.mt.builder.specs import layer_norm

if TYPE_CHECKING:
    import numpy as np
    from ctranslate2.specs import transformer_spec


def _zero_ffn(layer: Any, d: int) -> None:
    import numpy as np

    layer_norm(layer.ffn.layer_norm, d)
    layer.ffn.linear_0.weight = np.zeros((4, d), dtype=np.float32)
    layer.ffn.linear_1.weight = np.zeros((d, 4), dtype=np.float32)


def _loop_attention(layer: Any, vocab: int, positions: int, period: int, pull: float) -> None:
    """Self-attention: target position t reads decoder input t - period + 1 (the token written
    ``period`` steps before) and adds ``pull`` x its identity to the token channel."""
    import numpy as np

    d = 2 * vocab + positions + 1
    base = 2 * vocab
    query = np.zeros((d, d), dtype=np.float32)
    key = np.zeros((d, d), dtype=np.float32)
    for t in range(positions):
        query[base + t, base + t] = 5.0
        source = t - period + 1
        if 0 <= source < positions:
            key[base + t, base + source] = 1.0
    value = np.zeros((d, d), dtype=np.float32)
    value[np.arange(vocab), vocab + np.arange(vocab)] = 1.0
    layer_norm(layer.self_attention.layer_norm, d)
    layer.self_attention.linear[0].weight = np.concatenate([query, key, value])
    out = np.zeros((d, d), dtype=np.float32)
    out[np.arange(vocab), np.arange(vocab)] = pull
    layer.self_attention.linear[1].weight = out


def _copy_attention(layer: Any, vocab: int, positions: int, eos: int) -> None:
    """Cross-attention: target position t reads source position t (else the source </s>)."""
    import numpy as np

    d = 2 * vocab + positions + 1
    base, const = 2 * vocab, d - 1
    query = np.zeros((d, d), dtype=np.float32)
    key = np.zeros((d, d), dtype=np.float32)
    for t in range(positions):
        query[base + t, base + t] = 5.0
        key[base + t, base + t] = 1.0
    query[const, const] = 2.5
    key[const, eos] = 1.0
    value = np.zeros((d, d), dtype=np.float32)
    value[np.arange(vocab), np.arange(vocab)] = 1.0
    layer_norm(layer.attention.layer_norm, d)
    layer.attention.linear[0].weight = query
    layer.attention.linear[1].weight = np.concatenate([key, value])
    out = np.zeros((d, d), dtype=np.float32)
    out[np.arange(vocab), np.arange(vocab)] = 1.0
    layer.attention.linear[2].weight = out


def looping_copy_spec(
    vocabulary: Sequence[str],
    max_positions: int,
    *,
    period: int = 3,
    pull: float = 0.65,
    eos_bias: float = -25.0,
) -> transformer_spec.TransformerSpec:
    """The copy model with a loop bias (see the module docstring)."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    vocab, positions = len(vocabulary), max_positions
    d = 2 * vocab + positions + 1
    const = d - 1
    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1, pre_norm=True)
    one_hot = np.zeros((positions, d), dtype=np.float32)
    one_hot[np.arange(positions), 2 * vocab + np.arange(positions)] = 1.0

    encoder = spec.encoder
    encoder.scale_embeddings = False
    embeddings = np.zeros((vocab, d), dtype=np.float32)
    embeddings[np.arange(vocab), np.arange(vocab)] = 1.0
    embeddings[:, const] = 1.0
    encoder.embeddings[0].weight = embeddings
    encoder.position_encodings.encodings = one_hot
    layer = encoder.layer[0]
    layer_norm(layer.self_attention.layer_norm, d)
    layer.self_attention.linear[0].weight = np.zeros((3 * d, d), dtype=np.float32)
    layer.self_attention.linear[1].weight = np.zeros((d, d), dtype=np.float32)
    _zero_ffn(layer, d)
    layer_norm(encoder.layer_norm, d)

    decoder = spec.decoder
    decoder.scale_embeddings = False
    identities = np.zeros((vocab, d), dtype=np.float32)
    identities[np.arange(vocab), vocab + np.arange(vocab)] = 1.0
    identities[:, const] = 1.0
    decoder.embeddings.weight = identities
    decoder.position_encodings.encodings = one_hot.copy()
    _loop_attention(decoder.layer[0], vocab, positions, period, pull)
    _copy_attention(decoder.layer[0], vocab, positions, list(vocabulary).index("</s>"))
    _zero_ffn(decoder.layer[0], d)
    layer_norm(decoder.layer_norm, d)

    projection = np.zeros((vocab, d), dtype=np.float32)
    projection[np.arange(vocab), np.arange(vocab)] = 2.0
    bias = np.zeros(vocab, dtype=np.float32)
    bias[list(vocabulary).index("</s>")] = eos_bias
    decoder.projection.weight = projection
    decoder.projection.bias = bias
    spec.config.add_source_eos = True
    spec.register_source_vocabulary(list(vocabulary))
    spec.register_target_vocabulary(list(vocabulary))
    return spec


def noisy_copy_spec(
    vocabulary: Sequence[str],
    max_positions: int,
    rng: np.random.Generator,
    *,
    share: float = 0.2,
    spread: float = 0.08,
) -> transformer_spec.TransformerSpec:
    """The copy model where ``share`` of the tokens also map to a decoy with a relative weight
    drawn from ``1 ± spread`` (above 1: the decoy is written instead)."""
    spec = copy_spec(vocabulary, max_positions)
    projection = spec.decoder.projection.weight
    plain = [i for i, token in enumerate(vocabulary) if not token.startswith("<")]
    chosen = rng.choice(plain, size=int(share * len(plain)), replace=False)
    for token in chosen:
        decoy = int(rng.choice(plain))
        while decoy == token:
            decoy = int(rng.choice(plain))
        projection[decoy, token] = 2.0 * float(rng.uniform(1 - spread, 1 + spread))
    spec.decoder.projection.weight = projection
    return spec
