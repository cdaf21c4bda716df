"""CTranslate2 model files from a filled ``ModelSpec`` (numpy only, no torch) and the small
weight helpers every generated model uses."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


def converter_class() -> type:
    from ctranslate2.converters import Converter

    class SpecConverter(Converter):
        """A Converter whose "source model" is an already filled ``ModelSpec``."""

        def __init__(self, spec: Any) -> None:
            self._spec = spec

        def _load(self) -> Any:
            return self._spec

    return SpecConverter


def save_model(spec: Any, model_dir: Path, quantization: str) -> None:
    converter = converter_class()(spec)
    converter.convert(str(model_dir), quantization=quantization, force=True)


def layer_norm(spec: Any, dim: int) -> None:
    import numpy as np

    spec.gamma = np.ones(dim, dtype=np.float32)
    spec.beta = np.zeros(dim, dtype=np.float32)


def sinusoids(positions: int, dim: int) -> np.ndarray:
    import numpy as np

    half = (dim + 1) // 2
    rates = np.exp(-math.log(10000.0) * np.arange(half, dtype=np.float64) / max(half - 1, 1))
    angles = np.arange(positions, dtype=np.float64)[:, None] * rates[None, :]
    table = np.concatenate([np.sin(angles), np.cos(angles)], axis=1)[:, :dim]
    return table.astype(np.float32)
