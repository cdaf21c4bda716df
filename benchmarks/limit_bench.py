"""The arithmetic ceiling of the base model on this CPU (prints figures; not a test).

1. **int8 GEMM rate of the machine**, measured through CTranslate2 itself: encoder-only
   CTranslate2 models (``TransformerEncoderModelSpec``, numpy weights, int8) whose matrices
   dwarf everything else (:data:`SHAPES`: the base model's 6 x d 512 / FFN 2048, 2 x d 1024 /
   FFN 4096, 1 x d 2048 / FFN 8192), run with ``ctranslate2.Encoder.forward_batch`` on a
   batch of 16 x 64 tokens; the best shape counts. Multiply-adds counted:
   per token 4·d² (Q, K, V, output) + 2·d·ffn (FFN) + 2·L·d (attention scores and weighted sum).
   Everything else (layer norms, softmax, int8 quantization of activations, ReLU) is counted as
   zero, so the rate is a slight under-estimate of the pure GEMM rate. Measured at
   intra_threads 2 (both cores on one batch) and 1 (one core; x cores for the machine); the
   best of N runs is the machine's rate (other work on a shared machine only slows runs down),
   so the ceiling is not lowered by noise, and the percentage of it is conservative.
2. **Multiply-adds per target token** of the base model (6+6 layers, d_model 512, FFN 2048,
   32k vocabulary) for a segment of S source and T target tokens, at beam B:
   encoder 6·(4d² + 2·d·ffn + 2·S·d) per source token; decoder per hypothesis per step
   6·(2d² self-attention Q/K/V/out = 4d², cross-attention Q + out = 2d², FFN 2·d·ffn, scores
   2·(t + S)·d) + d·V output projection; cross-attention K/V 6·2d² per source token per beam
   (CTranslate2 tiles the encoder output over the beam). Per target token:
   (S·enc + B·S·kv + B·T·dec) / T.

    uv run python benchmarks/limit_bench.py [--quick] [--json-only]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import cores, load_average, median, timed

BASE = {"layers": 6, "d": 512, "ffn": 2048, "vocab": 32000}
#: (d_model, FFN, layers) of the GEMM probes: the base model's own shapes, and larger matrices
#: (on this machine 1024 tokens of d 1024-2048 gave the best rates: bigger batches spill caches).
SHAPES = ((512, 2048, 6), (1024, 4096, 2), (2048, 8192, 1))


def encoder_model(folder: Path, d: int, ffn: int, layers: int, heads: int = 8) -> Path:
    import numpy as np
    from ctranslate2.specs import transformer_spec

    from workbench.mt.builder.specs import converter_class as _converter_class

    rng = np.random.default_rng(0)
    vocabulary = ["<unk>", "<s>", "</s>"] + [f"t{i}" for i in range(253)]

    def matrix(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols), dtype=np.float32) / math.sqrt(cols)).astype(
            np.float32
        )

    def norm(spec: object, dim: int) -> None:
        spec.gamma = np.ones(dim, dtype=np.float32)
        spec.beta = np.zeros(dim, dtype=np.float32)

    encoder = transformer_spec.TransformerEncoderSpec(layers, heads, pre_norm=True)
    encoder.embeddings[0].weight = matrix(len(vocabulary), d)
    encoder.position_encodings.encodings = matrix(1024, d)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm, d)
        layer.self_attention.linear[0].weight = matrix(3 * d, d)
        layer.self_attention.linear[0].bias = np.zeros(3 * d, dtype=np.float32)
        layer.self_attention.linear[1].weight = matrix(d, d)
        layer.self_attention.linear[1].bias = np.zeros(d, dtype=np.float32)
        norm(layer.ffn.layer_norm, d)
        layer.ffn.linear_0.weight = matrix(ffn, d)
        layer.ffn.linear_0.bias = np.zeros(ffn, dtype=np.float32)
        layer.ffn.linear_1.weight = matrix(d, ffn)
        layer.ffn.linear_1.bias = np.zeros(d, dtype=np.float32)
    norm(encoder.layer_norm, d)
    spec = transformer_spec.TransformerEncoderModelSpec(encoder)
    spec.register_vocabulary(vocabulary)
    out = folder / f"encoder-d{d}-ffn{ffn}-l{layers}"
    _converter_class()(spec).convert(str(out), quantization="int8", force=True)
    return out


def encoder_rate(
    model: Path, d: int, ffn: int, layers: int, intra: int, batch: int, length: int, runs: int
) -> dict[str, float]:
    import ctranslate2

    encoder = ctranslate2.Encoder(
        str(model), device="cpu", compute_type="int8", inter_threads=1, intra_threads=intra
    )
    tokens = [[f"t{(i * 7 + j) % 253}" for j in range(length)] for i in range(batch)]
    encoder.forward_batch(tokens[:2])  # warm up
    times = [timed(encoder.forward_batch, tokens)[1] for _ in range(runs)]
    macs = batch * length * layers * (4 * d * d + 2 * d * ffn + 2 * length * d)
    return {
        "intra_threads": intra,
        "tokens": batch * length,
        "seconds": round(min(times), 4),
        "gmacs": round(macs / 1e9, 2),
        "gmac_per_s": round(macs / min(times) / 1e9, 1),  # best run: what the machine can do
        "gmac_per_s_median": round(macs / median(times) / 1e9, 1),
    }


def macs_per_target_token(source: float, target: float, beam: int) -> dict[str, float]:
    """Multiply-adds of the base model per target token (see the module docstring)."""
    layers, d, ffn, vocab = BASE["layers"], BASE["d"], BASE["ffn"], BASE["vocab"]
    encoder_per_source = layers * (4 * d * d + 2 * d * ffn + 2 * source * d)
    cross_kv_per_source = layers * 2 * d * d
    mean_t = (target + 1) / 2
    decoder_per_step = layers * (4 * d * d + 2 * d * d + 2 * d * ffn + 2 * (mean_t + source) * d)
    projection = d * vocab
    total = (
        source * encoder_per_source
        + beam * source * cross_kv_per_source
        + beam * target * (decoder_per_step + projection)
    )
    return {
        "beam": beam,
        "encoder_per_source_token_M": round(encoder_per_source / 1e6, 2),
        "decoder_per_hypothesis_step_M": round(decoder_per_step / 1e6, 2),
        "output_projection_per_hypothesis_step_M": round(projection / 1e6, 2),
        "macs_per_target_token_M": round(total / target / 1e6, 1),
        "mflop_per_target_token": round(2 * total / target / 1e6, 1),
    }


def run(quick: bool, source: float = 28.0, target: float = 28.0) -> dict[str, object]:
    runs = 5 if quick else 11
    rates: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="workbench-limit-") as tmp:
        for d, ffn, layers in SHAPES:
            model = encoder_model(Path(tmp), d, ffn, layers)
            for intra in (2, 1):
                rates[f"d{d}_ffn{ffn}_x{layers}_intra{intra}"] = encoder_rate(
                    model, d, ffn, layers, intra, 16, 64, runs
                )
    best2 = max(r["gmac_per_s"] for r in rates.values() if r["intra_threads"] == 2)
    best1 = max(r["gmac_per_s"] for r in rates.values() if r["intra_threads"] == 1)
    machine = round(max(best2, cores() * best1), 1)
    per_token = {beam: macs_per_target_token(source, target, beam) for beam in (1, 2, 4)}
    ceiling = {
        beam: round(machine * 1e9 / (p["macs_per_target_token_M"] * 1e6), 0)
        for beam, p in per_token.items()
    }
    return {
        "load_average": load_average(),
        "cores": cores(),
        "gemm": rates,
        "machine_int8_gmac_per_s": machine,
        "machine_int8_tops": round(2 * machine / 1000, 3),
        "segment_tokens": {"source": source, "target": target},
        "per_target_token": {str(b): p for b, p in per_token.items()},
        "ceiling_tokens_per_s": {str(b): c for b, c in ceiling.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--source-tokens", type=float, default=28.0)
    parser.add_argument("--target-tokens", type=float, default=28.0)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.quick, args.source_tokens, args.target_tokens)
    if not args.json_only:
        print(f"int8 GEMM rate (CTranslate2 encoder-only models), load {result['load_average']}")
        for name, r in result["gemm"].items():
            print(
                f"  {name:<18} {r['tokens']} tokens, {r['gmacs']:8.1f} GMAC in "
                f"{r['seconds']:.3f} s: {r['gmac_per_s']:7.1f} GMAC/s best, "
                f"{r['gmac_per_s_median']:.1f} median"
            )
        print(
            f"  machine: {result['machine_int8_gmac_per_s']} GMAC/s "
            f"= {result['machine_int8_tops']} int8 TOPS"
        )
        for beam, p in result["per_target_token"].items():
            print(
                f"  beam {beam}: {p['macs_per_target_token_M']:6.1f} M MAC "
                f"({p['mflop_per_target_token']} MFLOP) per target token -> ceiling "
                f"{result['ceiling_tokens_per_s'][beam]:.0f} tokens/s"
            )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
