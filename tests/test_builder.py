"""workbench.mt.builder: real-format generated packages (layout, metadata, determinism, lengths)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.support import SEED_ARTICLE
from workbench.mt import builder, routes, translate


def _names(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename for info in archive.infolist() if not info.is_dir()}


@pytest.mark.parametrize("name", ["tiny_fr_en", "copy_en_vi"])
def test_zip_has_one_root_folder_with_an_argos_layout(package_files, name):
    from_code, to_code = name.split("_")[1:]
    root = f"{from_code}_{to_code}"
    names = _names(package_files[name])
    assert {n.split("/")[0] for n in names} == {root}
    assert {
        f"{root}/metadata.json",
        f"{root}/README.md",
        f"{root}/sentencepiece.model",
        f"{root}/model/model.bin",
        f"{root}/model/config.json",
        f"{root}/model/shared_vocabulary.json",
    } <= names


def test_metadata_has_the_real_fields_and_marks_generated(package_files):
    with zipfile.ZipFile(package_files["tiny_fr_en"]) as archive:
        metadata = json.loads(archive.read("fr_en/metadata.json"))
        readme = archive.read("fr_en/README.md").decode()
    assert metadata["from_code"] == "fr" and metadata["to_code"] == "en"
    assert metadata["from_name"] == "French" and metadata["to_name"] == "English"
    assert metadata["type"] == "translate"
    assert metadata["code"] == "translate-fr_en"
    assert metadata["links"] == []
    assert metadata["package_version"] and metadata["argos_version"]
    assert metadata["workbench_generated"] is True
    assert builder.GENERATED_NOTE in readme


def test_argos_package_class_loads_the_installed_folder(tiny_packages):
    from argostranslate.package import Package
    from argostranslate.tokenizer import SentencePieceTokenizer

    package = Package(tiny_packages["fr_en"].path)
    assert (package.from_code, package.to_code) == ("fr", "en")
    assert package.code == "translate-fr_en"
    assert isinstance(package.tokenizer, SentencePieceTokenizer)
    assert package.tokenizer.encode("La Russie")


def test_random_build_is_deterministic_given_the_seed(tmp_path):
    texts = [SEED_ARTICLE.read_text(encoding="utf-8")]
    first = builder.build_random_package(tmp_path / "a.argosmodel", "fr", "en", seed=7, texts=texts)
    again = builder.build_random_package(tmp_path / "b.argosmodel", "fr", "en", seed=7, texts=texts)
    other = builder.build_random_package(tmp_path / "c.argosmodel", "fr", "en", seed=8, texts=texts)
    assert first.read_bytes() == again.read_bytes()
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(other) as c:
        assert a.read("fr_en/model/model.bin") != c.read("fr_en/model/model.bin")
        assert a.read("fr_en/sentencepiece.model") == c.read("fr_en/sentencepiece.model")


def test_train_sentencepiece_is_deterministic(tmp_path):
    texts = [SEED_ARTICLE.read_text(encoding="utf-8")]
    a = builder.train_sentencepiece(texts, tmp_path / "a", 300)
    b = builder.train_sentencepiece(texts, tmp_path / "b", 300)
    assert a.read_bytes() == b.read_bytes()


def test_train_sentencepiece_needs_text(tmp_path):
    with pytest.raises(ValueError):
        builder.train_sentencepiece(["", "  \n"], tmp_path, 100)


def test_padded_vocabulary_keeps_learned_ids_and_is_distinct():
    import numpy as np

    pieces = ["<unk>", "<s>", "</s>", "▁", "▁la", "▁paix", "s", "e"]
    padded = builder.pad_vocabulary(pieces, 40, np.random.default_rng(0))
    assert padded[: len(pieces)] == pieces
    assert len(padded) == len(set(padded)) == 40


def test_random_model_stops_near_the_source_length(tiny_packages):
    # The length head: outputs end near the source length instead of at the decoding limit.
    sentences = [line for line in SEED_ARTICLE.read_text(encoding="utf-8").splitlines() if line]
    outputs = translate.translate_texts(
        sentences, routes.Route("fr", "en", (tiny_packages["fr_en"],))
    )
    source = sum(result.source_tokens for result in outputs)
    target = sum(result.target_tokens for result in outputs)
    assert 0.6 * source < target < 1.4 * source
    assert max(result.target_tokens for result in outputs) < 250
