"""argostranslate 1.11's own translation path, run in its own process for tests/test_parity.py.

Reads ``{"packages": {name: folder}, "texts": [...]}`` (JSON) on stdin and prints
``{name: [output, ...]}``: each text through ``argostranslate.translate.apply_packaged_translation``
with ``argostranslate.package.Package(folder)``, a ``ctranslate2.Translator`` built exactly as
``PackageTranslation.hypotheses`` builds it (argostranslate's settings), and one hypothesis.

Only the sentence splitter is replaced (every input is one sentence, as workbench's segments
are): ``argostranslate.translate`` imports ``argostranslate.sbd``, which imports stanza and
minisbd at module level — packages workbench's torch-free install drops — so both are stubbed
in ``sys.modules`` before the import. Nothing else of argostranslate is touched. This runs in a
subprocess so that neither the stubs nor ``argostranslate.translate`` ever enter the test
process (workbench never imports it).
"""

from __future__ import annotations

import json
import sys
import types


def _stub_sentence_splitters() -> None:
    stanza = types.ModuleType("stanza")
    minisbd = types.ModuleType("minisbd")
    minisbd.SBDetect = object  # type: ignore[attr-defined]
    minisbd.models = types.SimpleNamespace(cache_dir="")  # type: ignore[attr-defined]
    sys.modules.setdefault("stanza", stanza)
    sys.modules.setdefault("minisbd", minisbd)


def main() -> int:
    request = json.load(sys.stdin)
    _stub_sentence_splitters()
    import ctranslate2
    from argostranslate import settings, translate
    from argostranslate.package import Package

    class OneSentence:
        """Argos's sentencizer interface: every input is one sentence."""

        def split_sentences(self, text: str) -> list[str]:
            return [text]

    out: dict[str, list[str]] = {}
    for name, folder in request["packages"].items():
        package = Package(folder)
        translator = ctranslate2.Translator(
            str(package.package_path / "model"),
            device=settings.device,
            inter_threads=settings.inter_threads,
            intra_threads=settings.intra_threads,
            compute_type=settings.compute_type,
        )
        out[name] = [
            translate.apply_packaged_translation(package, text, translator, OneSentence(), 1)[
                0
            ].value
            for text in request["texts"]
        ]
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
