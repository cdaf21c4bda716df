"""Replicas of the real Argos package layouts around a lexical copy model (test fixtures).

Layouts (what users install; see DESIGN.md "Real Argos packages"):

* ``opus-spm`` — an OPUS-MT port by Locomotive's ``opus_mt_convert.py``: ``sentencepiece.model``
  is the *source* SentencePiece model only (nmt_nfkc), one shared CTranslate2 vocabulary holding
  the target pieces too, ``add_source_eos``, a ``stanza/`` folder, a README with the CC-BY
  credit, 6-field ``metadata.json``, a ``ZIP_STORED`` zip without directory entries;
* ``opus-bpe`` — the same with ``bpe.model`` (subword-nmt codes, ``@@`` joiners, Moses);
* ``opus-bos`` — ``--bos >>vie<<``: ``add_source_bos`` + ``bos_token`` in ``model/config.json``;
* ``opus-bos-echo`` — the same, but the model copies the BOS tag into its output (as badly
  aligned multilingual models do): argostranslate prints the tag;
* ``opus-target-spm`` — the OPUS-MT port with ``target.spm`` kept (workbench's converter);
* ``prefix`` — a multilingual package: ``target_prefix`` (``__vie_Latn__``) in metadata, zipped
  by argos-train's ``make_archive`` and re-zipped on a Mac (``__MACOSX/``, ``.DS_Store``);
* ``argos-train`` — argos-train: one joint SentencePiece model of both sides, ``make_archive``.

The model maps each source token to a fixed target token: letters swapped pairwise
(:func:`swap_letters`, e.g. a↔ă, e↔ê), so target pieces are strings the source SentencePiece
model does not know (``▁Rưssia``) and the expected output is exactly ``swap_letters(source)``
after the tokenizer's own normalization.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workbench.lang.names import iso_639_3, language_name
from workbench.mt.artifacts import is_byte_piece, is_special_token
from workbench.mt.builder.lexical_model import lexical_spec
from workbench.mt.builder.sentencepiece import pieces, train_sentencepiece
from workbench.mt.builder.specs import save_model
from workbench.mt.builder.zips import add_macosx_junk, zip_argos_train, zip_locomotive

#: Letter pairs swapped by each leg of the fixtures (a bijection: distinct pieces stay distinct).
SWAPS = {"fr_en": "aăeêoơuưAĂEÊOƠUƯ", "en_vi": "dđiìyỳDĐIÌYỲ"}
_ENTITY = re.compile(r"(&#?\w+;)")


@dataclass(frozen=True, slots=True)
class PackageLayout:
    """How a fixture package is laid out (see the module docstring)."""

    name: str
    tokenizer: Literal["sentencepiece", "bpe"] = "sentencepiece"
    joint: bool = False  # one SentencePiece model trained on both sides (argos-train)
    target_spm: bool = False  # keep the target SentencePiece model as target.spm
    bos: bool = False  # model/config.json add_source_bos + bos_token >>xxx<<
    echo_bos: bool = False  # the model copies the BOS tag into its output
    target_prefix: bool = False  # metadata target_prefix __xxx_Latn__
    zip_style: Literal["locomotive", "argos-train"] = "locomotive"
    macosx: bool = False


LAYOUTS: dict[str, PackageLayout] = {
    layout.name: layout
    for layout in (
        PackageLayout("opus-spm"),
        PackageLayout("opus-bpe", tokenizer="bpe"),
        PackageLayout("opus-bos", bos=True),
        PackageLayout("opus-bos-echo", bos=True, echo_bos=True),
        PackageLayout("opus-target-spm", target_spm=True),
        PackageLayout("prefix", target_prefix=True, zip_style="argos-train", macosx=True),
        PackageLayout("argos-train", joint=True, zip_style="argos-train"),
    )
}


def swap_letters(text: str, pairs: str) -> str:
    """``text`` with each letter pair of ``pairs`` (``"aăeê"``: a↔ă, e↔ê) swapped; Moses
    entities (``&apos;``) are kept as they are."""
    table = {}
    for first, second in zip(pairs[::2], pairs[1::2], strict=True):
        table[ord(first)], table[ord(second)] = second, first
    parts = _ENTITY.split(text)
    return "".join(part if i % 2 else part.translate(table) for i, part in enumerate(parts))


def bos_token(to_code: str) -> str:
    return f">>{iso_639_3(to_code)}<<"


def prefix_token(to_code: str) -> str:
    return f"__{iso_639_3(to_code)}_Latn__"


def _target_piece(piece: str, swaps: str) -> str:
    if is_special_token(piece) or is_byte_piece(piece):
        return piece
    return swap_letters(piece, swaps)


def _vocabulary(source: list[str], swaps: str, tags: list[str]) -> tuple[list[str], list[int]]:
    """One shared vocabulary (source pieces, then new target pieces, then tags) and, per
    vocabulary id, the id of the token the model writes for it."""
    vocabulary = list(dict.fromkeys([*source, *(_target_piece(p, swaps) for p in source), *tags]))
    index = {token: i for i, token in enumerate(vocabulary)}
    mapping = [index[_target_piece(token, swaps)] for token in vocabulary]
    return vocabulary, mapping


def _tokenizer_files(
    layout: PackageLayout, texts: list[str], swaps: str, from_code: str, work: Path
) -> tuple[dict[str, bytes], list[str]]:
    """The tokenizer file(s) of the package and the source tokens they produce."""
    if layout.tokenizer == "bpe":
        from workbench.mt.builder.bpe import bpe_vocabulary, learn_codes, moses_lines

        tokenized = moses_lines(texts, from_code)
        codes = learn_codes(tokenized, merges=400)
        return {"bpe.model": codes.encode()}, [
            "<unk>",
            "<s>",
            "</s>",
            *bpe_vocabulary(codes, tokenized),
        ]
    swapped = [swap_letters(text, swaps) for text in texts]
    trained = [*texts, *swapped] if layout.joint else texts
    model = train_sentencepiece(trained, work / "source", 600 if layout.joint else 400)
    files = {"sentencepiece.model": model.read_bytes()}
    if layout.target_spm:
        files["target.spm"] = train_sentencepiece(swapped, work / "target", 400).read_bytes()
    return files, pieces(model)


def _metadata(layout: PackageLayout, from_code: str, to_code: str) -> dict[str, str]:
    metadata = {
        "package_version": "1.0",
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": language_name(from_code),
        "to_code": to_code,
        "to_name": language_name(to_code),
    }
    if layout.target_prefix:
        metadata["target_prefix"] = prefix_token(to_code)
    return metadata


def _readme(layout: PackageLayout, metadata: dict[str, str]) -> str:
    return (
        f"# {metadata['from_name']} - {metadata['to_name']} version {metadata['package_version']}"
        "\n\nCredits as in OPUS-MT ports: the OPUS-MT models (Jörg Tiedemann and Santhosh "
        "Thottingal, EAMT 2020) are licensed CC-BY 4.0.\n\n"
        f"workbench test fixture in the {layout.name!r} layout: a lexical copy model, not an "
        "OPUS-MT model.\n"
    )


def _stanza_files(from_code: str) -> dict[str, bytes]:
    resources = {from_code: {"tokenize": {"combined": {"md5": "0" * 32}}}}
    return {
        "stanza/resources.json": json.dumps(resources).encode(),
        f"stanza/{from_code}/tokenize/combined.pt": bytes(range(256)) * 8,
    }


def _model_files(
    layout: PackageLayout, source: list[str], swaps: str, to_code: str, work: Path
) -> dict[str, bytes]:
    tags = [bos_token(to_code)] if layout.bos else []
    tags += [prefix_token(to_code)] if layout.target_prefix else []
    vocabulary, mapping = _vocabulary(source, swaps, tags)
    shift = (1 if layout.bos and not layout.echo_bos else 0) - (1 if layout.target_prefix else 0)
    model_dir = work / "model"
    save_model(lexical_spec(vocabulary, vocabulary, mapping, 256, shift=shift), model_dir, "int8")
    if layout.bos:  # what Locomotive's --bos does after ct2-marian-converter
        config_path = model_dir / "config.json"
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["add_source_bos"] = True
        config["bos_token"] = bos_token(to_code)
        config_path.write_text(json.dumps(config, indent=4), encoding="utf-8")
    return {f"model/{p.name}": p.read_bytes() for p in sorted(model_dir.iterdir()) if p.is_file()}


def build_layout_package(
    out_path: Path,
    layout: PackageLayout | str,
    from_code: str,
    to_code: str,
    *,
    texts: list[str],
    swaps: str | None = None,
) -> Path:
    """Build a package in ``layout`` whose model writes ``swap_letters(source, swaps)``."""
    chosen = LAYOUTS[layout] if isinstance(layout, str) else layout
    pairs = swaps if swaps is not None else SWAPS.get(f"{from_code}_{to_code}", SWAPS["fr_en"])
    with tempfile.TemporaryDirectory(prefix="workbench-layout-") as work:
        work_dir = Path(work)
        files, source = _tokenizer_files(chosen, texts, pairs, from_code, work_dir)
        files.update(_model_files(chosen, source, pairs, to_code, work_dir))
        metadata = _metadata(chosen, from_code, to_code)
        indent = 4 if chosen.zip_style == "argos-train" else None
        files["metadata.json"] = json.dumps(metadata, indent=indent, ensure_ascii=False).encode()
        files["README.md"] = _readme(chosen, metadata).encode()
        files.update(_stanza_files(from_code))
        root = f"translate-{from_code}_{to_code}-1_0"
        if chosen.zip_style == "locomotive":
            zip_locomotive(out_path, root, files)
        else:
            zip_argos_train(out_path, root, files)
        if chosen.macosx:
            add_macosx_junk(out_path, root, ["metadata.json", "model/model.bin"])
    return out_path
