"""Build real-format Argos ``.argosmodel`` packages with synthetic weights (numpy only, no torch).

* :mod:`~workbench.mt.builder.packages` — the demo/test packages: seeded random Transformers
  (``tiny``, ``base``) and the copy model.
* :mod:`~workbench.mt.builder.layouts` — replicas of the real package layouts (OPUS-MT ports by
  Locomotive: source-only SentencePiece, BPE, ``--bos``; multilingual ``target_prefix``;
  argos-train's joint SentencePiece; both zip styles, ``stanza/``, ``__MACOSX/``) around a
  lexical copy model whose output is exactly computable.
* :mod:`~workbench.mt.builder.lexical_model`, :mod:`~workbench.mt.builder.random_model` — the
  CTranslate2 specs; :mod:`~workbench.mt.builder.sentencepiece`, :mod:`~workbench.mt.builder.bpe`
  — tokenizer models; :mod:`~workbench.mt.builder.specs` — model files from a spec.

Importing this package stays light: numpy, ctranslate2 and sentencepiece are imported inside the
functions that build.
"""

from __future__ import annotations

from workbench.mt.builder.lexical_model import EOS_BIAS_COPY
from workbench.mt.builder.packages import (
    ARGOS_VERSION,
    COPY_NOTE,
    GENERATED_NOTE,
    build_copy_package,
    build_random_package,
)
from workbench.mt.builder.random_model import SIZES, ModelSize
from workbench.mt.builder.sentencepiece import pad_vocabulary, train_sentencepiece
from workbench.mt.builder.texts import ENGLISH_TEXT, FRENCH_TEXT, VIETNAMESE_TEXT

__all__ = [
    "ARGOS_VERSION",
    "COPY_NOTE",
    "ENGLISH_TEXT",
    "EOS_BIAS_COPY",
    "FRENCH_TEXT",
    "GENERATED_NOTE",
    "SIZES",
    "VIETNAMESE_TEXT",
    "ModelSize",
    "build_copy_package",
    "build_random_package",
    "pad_vocabulary",
    "train_sentencepiece",
]
