"""The argostranslate side of the translation benchmark; runs in the argostranslate venv.

Started by ``benchmarks/mt_bench.py`` with ``benchmarks/out/argos-venv/bin/python`` (the full
argostranslate 1.11.0 with stanza, spaCy and a CPU torch), never in workbench's own venv. It
installs the given ``.argosmodel`` files into its own ``ARGOS_PACKAGES_DIR`` with
``argostranslate.package.install_from_path`` and then serves commands, one JSON object per line
on stdin, one JSON answer per line on stdout, so the caller can alternate runs of both sides
without paying argostranslate's import again:

    {"cmd": "run", "from": "fr", "to": "en", "texts": [...], "beam": 4, "mode": "per_segment"}

``mode``: ``per_segment`` calls ``get_translation_from_codes(from, to).translate(text)`` once per
segment (a library user translating an article segment by segment); ``one_call`` joins the
segments with newlines and calls ``argostranslate.translate.translate(text, from, to)`` once
(a library user translating a whole article: Argos splits it into paragraphs and still runs one
``translate_batch`` per paragraph).

Sentence splitting is neutralised so that every input is one sentence, as on our side: Argos's
``PackageTranslation.__init__`` picks its sentencizer class by the global names
``MiniSBDSentencizer`` / ``StanzaSentencizer`` / ``SpacySentencizerSmall`` of
``argostranslate.translate`` (a package without a ``stanza``/``minisbd`` folder gets MiniSBD, which
downloads an ONNX model at first use; stanza needs a downloaded model too). Those three names are
rebound to :class:`OneSentence`, whose ``split_sentences(text)`` returns ``[text]``, before the
first ``get_installed_languages()`` call builds the translations. ``apply_packaged_translation``
then tokenizes that one sentence and calls ``translate_batch`` on it exactly as released.

Target tokens are counted by wrapping ``argostranslate.translate.ctranslate2.Translator`` (the
module attribute Argos calls): each ``translate_batch`` result's best hypothesis is counted, less
the target prefix. Settings are Argos's defaults (``ARGOS_*`` environment variables untouched:
inter_threads 1, intra_threads 0, batch_size 32 tokens, compute_type auto) except ``beam_size``,
set per command in ``argostranslate.settings`` (Argos reads it at every call).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import types
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="folder for ARGOS_* / XDG_*")
    parser.add_argument("--package", type=Path, action="append", default=[])
    parser.add_argument("--packages-dir", type=Path, help="use this package folder as it is")
    args = parser.parse_args()

    packages_dir = args.packages_dir or args.home / "packages"
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages_dir)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(args.home / var.lower())

    started = time.perf_counter()
    import argostranslate.translate as argos_translate

    import_seconds = time.perf_counter() - started
    rss_after_import_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    import argostranslate
    from argostranslate import package as argos_package
    from argostranslate import sbd, settings

    class OneSentence(sbd.ISentenceBoundaryDetectionModel):
        """Every input is one sentence (see the module docstring)."""

        def __init__(self, pkg: object) -> None:
            self.pkg = pkg

        def split_sentences(self, text: str) -> list[str]:
            return [text]

    argos_translate.MiniSBDSentencizer = OneSentence
    argos_translate.StanzaSentencizer = OneSentence
    argos_translate.SpacySentencizerSmall = OneSentence

    counts: dict[str, dict[str, int]] = {}
    real_ct2 = argos_translate.ctranslate2

    class CountingTranslator:
        def __init__(self, model_path: str, **kwargs: object) -> None:
            self._translator = real_ct2.Translator(model_path, **kwargs)
            self._name = Path(model_path).parent.name
            self.kwargs = {k: str(v) for k, v in kwargs.items()}

        def translate_batch(self, source: list[list[str]], **kwargs: object) -> list[object]:
            results = self._translator.translate_batch(source, **kwargs)
            prefix = kwargs.get("target_prefix")
            count = counts.setdefault(
                self._name, {"calls": 0, "source_tokens": 0, "target_tokens": 0}
            )
            count["calls"] += 1
            count["source_tokens"] += sum(len(tokens) for tokens in source)
            for result in results:
                best = result.hypotheses[0] if result.hypotheses else []
                count["target_tokens"] += len(best) - (1 if prefix and best else 0)
            return results

    argos_translate.ctranslate2 = types.SimpleNamespace(Translator=CountingTranslator)

    installed = []
    if args.packages_dir is None:
        packages_dir.mkdir(parents=True, exist_ok=True)
        for file in args.package:
            marker = packages_dir / f".installed-{file.name}"
            stamp = str(file.stat().st_mtime_ns)
            if not (marker.is_file() and marker.read_text() == stamp):
                argos_package.install_from_path(file)
                marker.write_text(stamp)
            installed.append(file.name)
    languages = argos_translate.get_installed_languages()

    def reply(data: dict[str, object]) -> None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    reply(
        {
            "ready": True,
            "argostranslate": getattr(argostranslate, "__version__", None) or _version(),
            "import_seconds": round(import_seconds, 3),
            "rss_after_import_mb": round(rss_after_import_mb, 1),
            "languages": [language.code for language in languages],
            "installed": installed,
            "settings": {
                "inter_threads": settings.inter_threads,
                "intra_threads": settings.intra_threads,
                "batch_size": settings.batch_size,
                "compute_type": settings.compute_type,
                "beam_size": settings.beam_size,
                "chunk_type": str(settings.chunk_type),
            },
        }
    )
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        if command["cmd"] == "quit":
            break
        settings.beam_size = int(command.get("beam", 4))
        translation = argos_translate.get_translation_from_codes(command["from"], command["to"])
        texts = command["texts"]
        counts.clear()
        start = time.perf_counter()
        if command.get("mode", "per_segment") == "per_segment":
            outputs = [translation.translate(text) for text in texts]
        else:
            outputs = argos_translate.translate("\n".join(texts), command["from"], command["to"])
            outputs = outputs.split("\n")
        seconds = time.perf_counter() - start
        translators = _translators(translation)
        reply(
            {
                "seconds": seconds,
                "segments": len(texts),
                "outputs": len(outputs),
                "steps": dict(counts),
                "translator_kwargs": translators,
                "sample": outputs[:2],
                "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    return 0


def _translators(translation: object) -> list[dict[str, str]]:
    """The keyword arguments Argos gave ctranslate2.Translator (to show its thread settings)."""
    out = []
    stack = [translation]
    while stack:
        item = stack.pop()
        for name in ("underlying", "t1", "t2"):
            if hasattr(item, name):
                stack.append(getattr(item, name))
        translator = getattr(item, "translator", None)
        if translator is not None and hasattr(translator, "kwargs"):
            out.append(translator.kwargs)
    return out


def _version() -> str:
    from importlib.metadata import version

    return version("argostranslate")


if __name__ == "__main__":
    sys.exit(main())
