"""Machine translation: Argos packages and batched CTranslate2 translation.

One module per job; every module imports its heavy libraries (ctranslate2, sentencepiece,
argostranslate, numpy) inside the functions that need them, so ``import workbench.mt`` and any
of its modules stay light.

* :mod:`workbench.mt.metadata` — ``metadata.json`` and ``model/config.json``: bounded reads,
  full type validation, language codes.
* :mod:`workbench.mt.archive` — ``.argosmodel`` zips: member names, bounds, layout, extraction.
* :mod:`workbench.mt.packages` — installed packages: listing, lookup, removal.
* :mod:`workbench.mt.install` — validate and install a package file, atomically.
* :mod:`workbench.mt.check` — load a package's tokenizer and model and translate a probe
  (install-time validation, ``models verify``).
* :mod:`workbench.mt.index` — the Argos online index: download, entries, install from it.
* :mod:`workbench.mt.routes` — direct or English-pivot routes between languages.
* :mod:`workbench.mt.artifacts` — tokenizer artifacts (``▁``, ``@@``, ``<unk>``, ``</s>``,
  language tags): find them, scrub them.
* :mod:`workbench.mt.decode` — each package's tokenizer: encode, decode like argostranslate.
* :mod:`workbench.mt.options` — :class:`~workbench.mt.options.DecodeOptions` and threads.
* :mod:`workbench.mt.loaded` — cached CTranslate2 translators and codecs.
* :mod:`workbench.mt.translate` — batched translation, pivot, n-best, progress.
* :mod:`workbench.mt.builder` — generated packages in the real layouts (tests, demo, benchmarks).
"""
