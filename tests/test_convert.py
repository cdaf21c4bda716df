"""OPUS-MT release folders → Argos packages (workbench.mt.convert), through CTranslate2's own
OpusMTConverter: the release is built by the test as Helsinki-NLP publishes it (file names, the
npz keys Marian writes, a Marian vocab.yml, source.spm / target.spm), converted, installed with
the full validation users get, and translated — gibberish with random weights, exactly the
expected text with the lexical copy model written as a Marian model."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tests.support import SEED_ARTICLE, lexical_expected
from workbench.errors import InputError, PackageError
from workbench.mt.artifacts import find_artifacts
from workbench.mt.builder.marian import (
    MODEL_FILE,
    VOCAB_FILE,
    build_opus_mt_dir,
    npz_keys,
    vocab_yml,
)
from workbench.mt.builder.texts import ENGLISH_TEXT
from workbench.mt.convert import convert_opus_mt, inspect_release
from workbench.mt.install import install_from_file
from workbench.mt.options import DecodeOptions
from workbench.mt.routes import Route
from workbench.mt.translate import translate_one_step, translate_texts

ENGLISH = ENGLISH_TEXT.splitlines()
EXTRA = ["Russia 漢 Armenia", "The porte_parole said {PLACEHOLDER_1} today."]


@pytest.fixture(scope="module")
def random_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("opus") / "opus-mt-en-vi"
    return build_opus_mt_dir(folder, "en", "vi", texts=[ENGLISH_TEXT], kind="random", seed=3)


@pytest.fixture(scope="module")
def lexical_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("opus") / "opus-mt-en-vi-lexical"
    return build_opus_mt_dir(folder, "en", "vi", texts=[ENGLISH_TEXT, EXTRA[1]], kind="lexical")


@pytest.fixture(scope="module")
def labelled_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("opus") / "opus-mt-en-mul"
    return build_opus_mt_dir(
        folder, "en", "vi", texts=[ENGLISH_TEXT], kind="lexical", labels=[">>fra<<", ">>vie<<"]
    )


def test_the_fixture_is_laid_out_as_opus_mt_publishes_it(random_release: Path) -> None:
    names = {path.name for path in random_release.iterdir()}
    assert {
        MODEL_FILE,
        VOCAB_FILE,
        "decoder.yml",
        "source.spm",
        "target.spm",
        "README.md",
        "LICENSE",
        "preprocess.sh",
        "postprocess.sh",
    } <= names
    keys = npz_keys(random_release / MODEL_FILE)
    layer = [key.removeprefix("encoder_l1_") for key in keys if key.startswith("encoder_l1_")]
    decoder = [key for key in keys if key.startswith("decoder_l1_")]
    # transformers' Marian converter expects exactly these per-layer counts of real OPUS models
    assert (len(layer), len(decoder)) == (16, 26)
    assert {"Wemb", "decoder_ff_logit_out_b", "special:model.yml"} <= set(keys)
    assert "self_Wo_ln_scale" in layer and "ffn_ffn_ln_bias" in layer
    with np.load(random_release / MODEL_FILE) as model:
        assert model["encoder_l1_ffn_W1"].shape == (32, 64)  # Marian matrices are (in, out)
        assert model["decoder_ff_logit_out_b"].shape[0] == 1
        options = model["special:model.yml"].tobytes().decode()
    assert "transformer-postprocess: dan" in options and options.endswith("\x00")


def test_marian_vocab_quoting_reads_back_through_ctranslate2(tmp_path: Path) -> None:
    from ctranslate2.converters.marian import load_vocab

    tokens = ["</s>", "<unk>", "▁the", ",", ":", '"', "\\", "'", ">>vie<<", "- ", "yes", "#1"]
    path = tmp_path / "v.yml"
    path.write_text(vocab_yml(tokens), encoding="utf-8")
    assert load_vocab(str(path)) == tokens


def _members(path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as archive:
        return archive.infolist()


def test_convert_writes_locomotives_layout_and_installs(
    random_release: Path, tmp_path: Path
) -> None:
    conversion = convert_opus_mt(random_release, "en", "vi", tmp_path / "en_vi.argosmodel")
    assert conversion.path == tmp_path / "en_vi.argosmodel"
    assert (conversion.tokenizer, conversion.target_token) == ("sentencepiece", "")
    assert conversion.version == "1.9+opus-2021-02-18"
    infos = _members(conversion.path)
    assert {info.compress_type for info in infos} == {zipfile.ZIP_STORED}
    assert not any(info.is_dir() for info in infos)
    top = "translate-en_vi-1_9+opus-2021-02-18/"
    names = [info.filename.removeprefix(top) for info in infos]
    assert names[:4] == ["README.md", "metadata.json", "sentencepiece.model", "target.spm"]
    assert {"model/model.bin", "model/config.json", "LICENSE"} <= set(names)
    with zipfile.ZipFile(conversion.path) as archive:
        metadata = json.loads(archive.read(top + "metadata.json"))
        source_model = archive.read(top + "sentencepiece.model")
        readme = archive.read(top + "README.md").decode()
    assert sorted(metadata) == sorted(
        ["package_version", "argos_version", "from_code", "from_name", "to_code", "to_name"]
    )
    assert source_model == (random_release / "source.spm").read_bytes()  # the SOURCE model
    assert "CC-BY 4.0" in readme and "opus-2021-02-18.zip" in readme
    package = install_from_file(conversion.path, tmp_path / "packages")
    assert (package.pair, package.generated, package.tokenizer) == ("en→vi", False, "sentencepiece")
    assert (package.path / "target.spm").is_file()
    outputs = translate_one_step(ENGLISH, package, DecodeOptions(num_hypotheses=3))
    assert all(hypotheses[0][0] for hypotheses in outputs)  # a random model writes something
    for hypotheses in outputs:
        for text, _score in hypotheses:
            assert find_artifacts(text) == [], text


def test_converted_lexical_model_translates_exactly(lexical_release: Path, tmp_path: Path) -> None:
    conversion = convert_opus_mt(lexical_release, "en", "vi", tmp_path / "lexical.argosmodel")
    package = install_from_file(conversion.path, tmp_path / "packages")
    texts = [*ENGLISH, *EXTRA]  # 漢 is unknown: replace_unknowns copies it
    results = translate_texts(texts, Route("en", "vi", (package,)), DecodeOptions(beam_size=4))
    assert [result.text for result in results] == [lexical_expected(package, t) for t in texts]
    assert results[0].text.startswith("Russìa wìthđraws")


def test_a_multi_target_model_gets_its_label_as_source_bos(
    labelled_release: Path, tmp_path: Path
) -> None:
    release = inspect_release(labelled_release)
    assert release.labels == (">>fra<<", ">>vie<<")
    conversion = convert_opus_mt(labelled_release, "en", "vi", tmp_path / "mul.argosmodel")
    assert conversion.target_token == ">>vie<<"
    package = install_from_file(conversion.path, tmp_path / "packages")
    config = json.loads((package.path / "model" / "config.json").read_text())
    assert (config["add_source_bos"], config["bos_token"]) == (True, ">>vie<<")
    results = translate_texts(ENGLISH, Route("en", "vi", (package,)))
    # the lexical model skips the first source token: without the label it would drop a word
    assert [result.text for result in results] == [lexical_expected(package, t) for t in ENGLISH]
    chosen = convert_opus_mt(
        labelled_release, "en", "vi", tmp_path / "fra.argosmodel", target_token=">>fra<<"
    )
    assert chosen.target_token == ">>fra<<"


@pytest.mark.parametrize(
    ("release", "to_code", "token", "needle"),
    [
        ("labelled", "vi", ">>deu<<", "'>>deu<<' is not a language label of"),
        ("labelled", "de", None, "needs a target language label and none is German's"),
        ("random", "vi", ">>vie<<", "has no language labels: leave out --target-token"),
    ],
)
def test_target_token_mistakes_are_one_line(
    random_release: Path,
    labelled_release: Path,
    tmp_path: Path,
    release: str,
    to_code: str,
    token: str | None,
    needle: str,
) -> None:
    folder = labelled_release if release == "labelled" else random_release
    with pytest.raises(InputError, match=needle) as error:
        convert_opus_mt(folder, "en", to_code, tmp_path / "x.argosmodel", target_token=token)
    assert "\n" not in str(error.value)
    assert list(tmp_path.iterdir()) == []


def _copy_release(source: Path, target: Path) -> Path:
    target.mkdir()
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        (lambda f: (f / "decoder.yml").unlink(), "has no decoder.yml"),
        (
            lambda f: (f / "decoder.yml").write_text(
                "models:\n  - ../../etc/passwd\nvocabs: [a]\n"
            ),
            "not a file of the folder",
        ),
        (lambda f: (f / "decoder.yml").write_text("models: [\n"), "is not valid YAML"),
        (lambda f: (f / MODEL_FILE).write_bytes(b"PK\x03\x04 not really"), "is not a Marian model"),
        (lambda f: _resave_without(f, "special:model.yml"), "has no special:model.yml"),
        (lambda f: _resave_without(f, "encoder_l1_ffn_W1"), "cannot be converted by CTranslate2"),
        (lambda f: (f / "source.spm").unlink(), "has no source.spm or source.bpe"),
        (lambda f: (f / VOCAB_FILE).unlink(), "vocabulary opus.spm32k-spm32k.vocab.yml is missing"),
    ],
)
def test_a_damaged_release_is_one_error_and_writes_nothing(
    random_release: Path, tmp_path: Path, damage, needle: str
) -> None:
    folder = _copy_release(random_release, tmp_path / "release")
    damage(folder)
    out = tmp_path / "out"
    with pytest.raises(PackageError, match=needle) as error:
        convert_opus_mt(folder, "en", "vi", out / "x.argosmodel")
    assert "\n" not in str(error.value)
    assert not out.exists() or list(out.iterdir()) == []


def _resave_without(folder: Path, key: str) -> None:
    path = folder / MODEL_FILE
    with np.load(path) as model:
        arrays = {name: model[name] for name in model.files if name != key}
    np.savez(path, **arrays)


def test_convert_never_overwrites_and_checks_the_folder(
    random_release: Path, tmp_path: Path
) -> None:
    existing = tmp_path / "mine.argosmodel"
    existing.write_bytes(b"keep me")
    with pytest.raises(InputError, match="exists: remove it or choose another --out"):
        convert_opus_mt(random_release, "en", "vi", existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(InputError, match="is not a folder"):
        convert_opus_mt(tmp_path / "nowhere", "en", "vi", tmp_path / "y.argosmodel")
    with pytest.raises(InputError, match="both en"):
        convert_opus_mt(random_release, "en", "en", tmp_path / "y.argosmodel")
    with pytest.raises(InputError, match="invalid language code"):
        convert_opus_mt(random_release, "en", "vi\n", tmp_path / "y.argosmodel")


def test_a_converted_pivot_leg_translates_the_article_exactly(
    lexical_release: Path, tmp_path: Path
) -> None:
    """fr→en (an OPUS-MT port replica) then en→vi converted here: the Vietnamese of every
    sentence of the seed article is exactly what the two lexical models give."""
    from workbench.mt.builder.layouts import SWAPS, build_layout_package, swap_letters

    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    fr_en_file = build_layout_package(
        tmp_path / "fr_en.argosmodel", "opus-spm", "fr", "en", texts=[seed]
    )
    fr_en = install_from_file(fr_en_file, tmp_path / "packages")
    english_side = swap_letters(seed, SWAPS["fr_en"])
    release = build_opus_mt_dir(
        tmp_path / "opus-en-vi", "en", "vi", texts=[english_side], kind="lexical"
    )
    en_vi = install_from_file(
        convert_opus_mt(release, "en", "vi", tmp_path / "en_vi.argosmodel").path,
        tmp_path / "packages",
    )
    sentences = [line for line in seed.splitlines() if 0 < len(line) < 200][:25]
    results = translate_texts(sentences, Route("fr", "vi", (fr_en, en_vi)))
    for sentence, result in zip(sentences, results, strict=True):
        assert result.pivot == lexical_expected(fr_en, sentence)
        assert result.text == lexical_expected(en_vi, result.pivot)
        assert find_artifacts(result.text) == []


def test_a_bpe_release_becomes_a_bpe_package(tmp_path: Path) -> None:
    """OPUS-MT BPE releases (source.bpe, Moses + subword-nmt) become Locomotive's bpe.model."""
    release = build_opus_mt_dir(
        tmp_path / "opus-bpe", "en", "vi", texts=[ENGLISH_TEXT], tokenizer="bpe", seed=5
    )
    conversion = convert_opus_mt(release, "en", "vi", tmp_path / "bpe.argosmodel")
    assert (conversion.tokenizer, conversion.has_target_spm) == ("bpe", False)
    package = install_from_file(conversion.path, tmp_path / "packages")
    assert package.tokenizer == "bpe"
    assert (package.path / "bpe.model").read_bytes() == (release / "source.bpe").read_bytes()
    for hypotheses in translate_one_step(ENGLISH[:4], package, DecodeOptions(num_hypotheses=2)):
        assert hypotheses[0][0]
        assert [find_artifacts(text) for text, _ in hypotheses] == [[]] * len(hypotheses)


def test_the_use_case_installs_without_keeping_a_file(
    labelled_release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.project import convert_package

    monkeypatch.chdir(tmp_path)
    report = convert_package(
        labelled_release, "en", "vi", install=True, packages_dir=tmp_path / "packages"
    )
    assert report.installed is not None and not report.kept_file
    assert not report.conversion.path.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["packages"]
    kept = convert_package(labelled_release, "en", "vi")  # Locomotive's name, current folder
    assert kept.kept_file and kept.installed is None
    assert kept.conversion.path == Path("translate-en_vi-1_9+opus-2021-02-18.argosmodel")
    assert (tmp_path / kept.conversion.path).is_file()


# --- the command line ----------------------------------------------------------------------


def test_cli_models_convert_install_list_verify(labelled_release: Path, tmp_path: Path) -> None:
    from tests.support import run

    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "argos")}
    proc = run(
        "models", "convert", str(labelled_release), "--from", "en", "--to", "vi", "--install",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "converted en→vi version 1.9+opus-2021-02-18 (every source starts with >>vie<<)" in (
        proc.stdout
    )
    assert "installed en→vi translate-en_vi@1.9+opus-2021-02-18" in proc.stdout
    assert not list(tmp_path.glob("*.argosmodel"))  # --install alone keeps no file
    listed = run("models", "list", cwd=tmp_path, env=env)
    assert "translate-en_vi@1.9+opus-2021-02-18" in listed.stdout
    verified = run("models", "verify", "en_vi", cwd=tmp_path, env=env)
    assert verified.returncode == 0 and "ok →" in verified.stdout
    kept = run(
        "models", "convert", str(labelled_release), "--from", "en", "--to", "vi",
        "--out", "mine.argosmodel", cwd=tmp_path, env=env,
    )  # fmt: skip
    assert kept.returncode == 0, kept.stderr
    assert "wrote mine.argosmodel" in kept.stdout
    assert "`workbench models install mine.argosmodel`" in kept.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("models", "convert", "REL", "--to", "vi"), "convert needs --from and --to"),
        (("models", "convert", "--from", "en", "--to", "vi"), "convert takes one OPUS_MT_DIR"),
        (("models", "list", "--from", "en"), "--from is an option of `workbench models convert`"),
        (("models", "install", "x", "--install"), "--install is an option of"),
        (("models", "convert", "nowhere", "--from", "en", "--to", "vi"), "is not a folder"),
        (
            ("models", "convert", "REL", "--from", "en", "--to", "vi", "--target-token", ">>x<<"),
            "has no language labels",
        ),
    ],
)
def test_cli_models_convert_mistakes_are_one_line(
    random_release: Path, tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    from tests.support import assert_one_line_error, run, tree_digest

    before = tree_digest(tmp_path)
    argv = [str(random_release) if arg == "REL" else arg for arg in args]
    assert_one_line_error(run(*argv, cwd=tmp_path), needle)
    assert tree_digest(tmp_path) == before


def test_argostranslate_itself_reads_the_converted_package(
    labelled_release: Path, tmp_path: Path
) -> None:
    """The converted package is a real Argos package: argostranslate 1.11's own
    apply_packaged_translation (tests/argos_parity.py) translates with it, and agrees with
    workbench except where argostranslate leaks ▁ (it ignores target.spm, so target pieces the
    source model does not know keep their marker, which its decode turns into spaces)."""
    import os
    import subprocess
    import sys

    from tests.support import REPO_ROOT

    conversion = convert_opus_mt(labelled_release, "en", "vi", tmp_path / "mul.argosmodel")
    package = install_from_file(conversion.path, tmp_path / "packages")
    ours = [r.text for r in translate_texts(ENGLISH, Route("en", "vi", (package,)))]
    request = {"packages": {"converted": str(package.path)}, "texts": ENGLISH}
    proc = subprocess.run(
        [sys.executable, str(REPO_ROOT / "tests" / "argos_parity.py")],
        input=json.dumps(request), capture_output=True, text=True, check=True, env=os.environ,
        timeout=300,
    )  # fmt: skip
    theirs = json.loads(proc.stdout)["converted"]
    assert [" ".join(text.split()) for text in theirs] == ours
    assert all(">>vie<<" not in text for text in theirs)  # the label went in as add_source_bos
