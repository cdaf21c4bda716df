"""Decoding parity with argostranslate 1.11 on every real package layout, and no leaked artifact.

Each layout of :mod:`workbench.mt.builder.layouts` (OPUS-MT ports: source-only SentencePiece,
BPE, ``--bos >>vie<<``, a model echoing its BOS tag, ``target.spm`` kept; a multilingual
``target_prefix`` package re-zipped on a Mac; argos-train's joint SentencePiece) is installed
through workbench's own install code and translated twice: by workbench (``translate_one_step``,
beam 4, one hypothesis) and by argostranslate 1.11's own ``apply_packaged_translation`` (run in a
subprocess by ``tests/argos_parity.py``, its sentence splitter stubbed out). The texts must be
identical except for the deliberate differences :func:`argos_view` spells out:

1. argostranslate's ``SentencePieceTokenizer.decode`` turns every ``_`` into a space
   (``porte_parole``, ``{PLACEHOLDER_1}``); workbench keeps real underscores.
2. A model that writes its BOS tag (``>>vie<<``): argostranslate prints the tag; workbench drops it.
3. ``target_prefix`` packages: argostranslate's ``_`` rewrite runs before its prefix check, so the
   prefix is never found and ``__vie_Latn__`` leaks as `` vie Latn  ``; workbench drops it.

Everything else — ``▁`` in target pieces the source model does not know, BPE joiners and Moses
detokenization, ``add_source_bos``, unknown characters through ``replace_unknowns`` — is
identical, and workbench's own output is checked against the exact expected text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata

import pytest

from tests.support import REPO_ROOT, lexical_expected
from workbench.mt.artifacts import find_artifacts
from workbench.mt.builder.layouts import (
    LAYOUTS,
    SWAPS,
    PackageLayout,
    bos_token,
    build_layout_package,
    prefix_token,
    swap_letters,
)
from workbench.mt.builder.texts import ENGLISH_TEXT, FRENCH_TEXT
from workbench.mt.install import install_from_file
from workbench.mt.options import DecodeOptions
from workbench.mt.packages import InstalledPackage
from workbench.mt.translate import translate_one_step

ENGLISH = [
    *ENGLISH_TEXT.splitlines()[:6],
    "The porte_parole said {PLACEHOLDER_1} today.",  # underscores: difference 1
    "Russia 漢 Armenia",  # a character no tokenizer knows: replace_unknowns copies it
]
FRENCH = [*FRENCH_TEXT.splitlines(), "Le porte_parole a parlé.", "La Russie 漢 l’Arménie"]
CASES = [(name, "en", "vi") for name in LAYOUTS] + [
    ("opus-spm", "fr", "en"),
    ("opus-bpe", "fr", "en"),
]


def argos_view(ours: str, layout: PackageLayout, to_code: str) -> str:
    """What argostranslate 1.11 prints where workbench prints ``ours`` (see module docstring):
    its string operations in ``apply_packaged_translation`` and ``SentencePieceTokenizer``."""
    text = ours
    if layout.echo_bos:
        text = f"{bos_token(to_code)} {text}"  # the tag is a piece of its own, then "▁..."
    if layout.target_prefix:
        text = f"{prefix_token(to_code)} {text}"
    if layout.tokenizer == "sentencepiece":
        text = text.replace("_", " ")
    if layout.target_prefix and text.startswith(prefix_token(to_code)):
        text = text[len(prefix_token(to_code)) :]  # never true after the "_" rewrite
    return text[1:] if text.startswith(" ") else text


@pytest.fixture(scope="module")
def parity(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Install every case, translate with both sides; {case: (package, texts, ours, argos)}."""
    work = tmp_path_factory.mktemp("parity")
    installed: dict[str, InstalledPackage] = {}
    texts: dict[str, list[str]] = {}
    for name, source, target in CASES:
        case = f"{name}:{source}_{target}"
        # Trained on the texts but the last (its 漢 stays unknown to every tokenizer).
        training = [*(ENGLISH if source == "en" else FRENCH)[:-1], ENGLISH_TEXT, FRENCH_TEXT]
        file = build_layout_package(
            work / f"{name}-{source}_{target}.argosmodel", name, source, target, texts=training
        )
        installed[case] = install_from_file(file, work / "packages" / case.replace(":", "-"))
        texts[case] = ENGLISH if source == "en" else FRENCH
    ours = {
        case: [
            hypotheses[0][0]
            for hypotheses in translate_one_step(
                texts[case], package, DecodeOptions(num_hypotheses=1)
            )
        ]
        for case, package in installed.items()
    }
    argos = {}
    for case, package in installed.items():  # one argos process per text list
        request = {"packages": {case: str(package.path)}, "texts": texts[case]}
        proc = subprocess.run(
            [sys.executable, str(REPO_ROOT / "tests" / "argos_parity.py")],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            check=True,
            env=os.environ,
            timeout=300,
        )
        argos.update(json.loads(proc.stdout))
    return {"installed": installed, "texts": texts, "ours": ours, "argos": argos}


@pytest.mark.parametrize("case", [f"{n}:{s}_{t}" for n, s, t in CASES])
def test_same_text_as_argostranslate_except_documented_differences(
    parity: dict[str, dict[str, object]], case: str
) -> None:
    package = parity["installed"][case]
    layout = LAYOUTS[case.split(":")[0]]
    ours, argos = parity["ours"][case], parity["argos"][case]
    assert len(ours) == len(argos) == len(parity["texts"][case])
    for mine, theirs in zip(ours, argos, strict=True):
        assert theirs == argos_view(mine, layout, package.to_code)


@pytest.mark.parametrize("case", [f"{n}:{s}_{t}" for n, s, t in CASES])
def test_output_is_exact_and_clean(parity: dict[str, dict[str, object]], case: str) -> None:
    package = parity["installed"][case]
    for text, mine in zip(parity["texts"][case], parity["ours"][case], strict=True):
        assert find_artifacts(mine) == []
        assert mine == lexical_expected(package, text)


def test_the_layouts_differ_where_argostranslate_leaks(
    parity: dict[str, dict[str, object]],
) -> None:
    """The documented differences are real: argostranslate's own output carries them."""
    argos = parity["argos"]
    assert all(text.startswith(">>vie<< ") for text in argos["opus-bos-echo:en_vi"])
    assert all(text.startswith(" vie Latn ") for text in argos["prefix:en_vi"])
    assert "porte parole" in argos["opus-spm:en_vi"][6]
    assert parity["ours"]["opus-spm:en_vi"][6].startswith("The porte_parole")


def test_target_pieces_are_unknown_to_the_source_model(
    parity: dict[str, dict[str, object]],
) -> None:
    """The fixture reproduces the OPUS-MT trap: decode_pieces keeps ▁ on unknown pieces."""
    import sentencepiece

    package = parity["installed"]["opus-spm:en_vi"]
    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(package.path / "sentencepiece.model")
    )
    target = [swap_letters(p, SWAPS["en_vi"]) for p in processor.encode(ENGLISH[0], out_type=str)]
    raw = processor.decode_pieces(target)
    assert "\u2581" in raw  # what leaked into every line before
    assert (
        unicodedata.normalize("NFC", raw.replace("\u2581", " ").strip())
        == parity["ours"]["opus-spm:en_vi"][0]
    )
