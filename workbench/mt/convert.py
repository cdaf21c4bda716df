"""Turn an OPUS-MT release folder into an Argos package (``.argosmodel``), offline.

An OPUS-MT release (Helsinki-NLP's OPUS-MT-train / Tatoeba-Challenge zips) holds a Marian model
(``*.npz``), ``decoder.yml`` naming the model and its vocabularies (``*.vocab.yml``),
``source.spm`` / ``target.spm`` (or ``source.bpe`` / ``target.bpe``), README and LICENSE. The
package is laid out as LibreTranslate/Locomotive's ``opus_mt_convert.py`` lays out the OPUS-MT
ports of the Argos index — ``model/`` converted by CTranslate2's own ``OpusMTConverter`` (numpy
only, no torch; ``add_source_eos``, shared vocabulary), the *source* SentencePiece model as
``sentencepiece.model`` (or the source BPE codes as ``bpe.model``), a README with the CC-BY
credit, the 6-field ``metadata.json``, a ``ZIP_STORED`` zip without directory entries — plus
``target.spm``, which argostranslate ignores and workbench decodes with (exact detokenization
of target pieces the source model does not know), and the release's LICENSE.

Multi-target models (``opus-mt-en-mul``, Tatoeba models whose README says "a sentence initial
language token is required") have language labels (``>>vie<<``) in their vocabulary; the
package then carries Locomotive's ``--bos``: ``add_source_bos`` and ``bos_token`` in
``model/config.json``, so CTranslate2 puts the label before every source. The label is the one
named by ``target_token``, else the one of the target language (``>>vie<<`` or ``>>vi<<``).

Nothing is trusted in the folder: ``decoder.yml`` may only name plain files inside it, every
file is size-bounded, the ``.npz`` is checked as a zip before numpy opens it (never with
pickles), and the finished package is loaded and made to translate a probe before it is
written, atomically, next to where it was asked for.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import InputError, PackageError
from workbench.lang.codes import check_lang
from workbench.lang.names import iso_639_3, language_name
from workbench.mt.artifacts import is_language_tag

LOCOMOTIVE_VERSION = "1.9"  # what opus_mt_convert.py writes
MAX_MODEL_BYTES = 4 * 1024**3  # transformer-big OPUS-MT models are ~900 MB
MAX_SMALL_BYTES = 64 * 1024**2  # vocabularies, SentencePiece and BPE models: a few MB
MAX_TEXT_BYTES = 1024**2  # decoder.yml, README, LICENSE
_PLAIN_NAME = re.compile(r"[^/\\\x00-\x1f]{1,255}")
_RELEASE_DATE = re.compile(r"(?:release-date: *|# *opus[^ ]*-)(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class OpusRelease:
    """What an OPUS-MT release folder holds, checked."""

    folder: Path
    model: Path
    vocabulary: Path  # the (shared or source) vocabulary: language labels are read from it
    tokenizer: tuple[str, Path]  # ("sentencepiece.model" | "bpe.model", source file)
    target_spm: Path | None
    readme: Path | None
    license: Path | None
    labels: tuple[str, ...]  # language labels in the vocabulary (">>vie<<"), sorted
    release_date: str  # "2021-02-18" when the README or release file says, else ""


@dataclass(frozen=True, slots=True)
class Conversion:
    """A written package."""

    path: Path
    from_code: str
    to_code: str
    version: str
    tokenizer: str
    target_token: str  # "" when the model needs no language label
    has_target_spm: bool
    seconds: float


def _file(folder: Path, name: object, what: str, limit: int) -> Path:
    """``folder/name`` when ``name`` is a plain file name of a regular file within ``limit``."""
    if not isinstance(name, str) or not _PLAIN_NAME.fullmatch(name) or name in (".", ".."):
        raise PackageError(f"{folder}: decoder.yml names {what} {name!r}, not a file of the folder")
    path = folder / name
    if path.is_symlink() or not path.is_file():
        raise PackageError(f"{folder}: {what} {name} is missing (decoder.yml names it)")
    size = path.stat().st_size
    if size > limit:
        raise PackageError(f"{path}: {size:,} bytes is more than the {limit:,} a {what} may have")
    return path


def _optional(folder: Path, name: str, limit: int) -> Path | None:
    path = folder / name
    if path.is_symlink() or not path.is_file():
        return None
    return _file(folder, name, name, limit)


def _decoder_config(folder: Path) -> dict[str, Any]:
    import yaml

    path = folder / "decoder.yml"
    if not path.is_file():
        raise PackageError(
            f"{folder} has no decoder.yml: give the folder an OPUS-MT release zip unpacks to "
            "(Marian .npz, decoder.yml, *.vocab.yml, source.spm, target.spm)"
        )
    raw = _file(folder, "decoder.yml", "decoder.yml", MAX_TEXT_BYTES).read_bytes()
    try:
        config = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise PackageError(f"{path} is not valid YAML ({str(error).splitlines()[0]})") from error
    if not isinstance(config, dict):
        raise PackageError(f"{path} is not a Marian decoder configuration")
    for key in ("models", "vocabs"):
        value = config.get(key)
        if not isinstance(value, list) or not value:
            raise PackageError(f"{path} has no {key} list")
    return config


def _check_npz(path: Path) -> None:
    """A Marian ``.npz`` is a zip of ``.npy`` arrays with ``special:model.yml`` among them."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise PackageError(f"{path.name} is not a Marian model (.npz): {error}") from error
    if sum(info.file_size for info in infos) > 2 * MAX_MODEL_BYTES:
        raise PackageError(f"{path.name} unpacks to more than {2 * MAX_MODEL_BYTES:,} bytes")
    if "special:model.yml.npy" not in {info.filename for info in infos}:
        raise PackageError(
            f"{path.name} is not a Marian model: it has no special:model.yml (Marian writes its "
            "options there)"
        )


def _labels(vocabulary: Path) -> tuple[str, ...]:
    from ctranslate2.converters.marian import load_vocab

    try:
        tokens = load_vocab(str(vocabulary))
    except (ValueError, UnicodeDecodeError) as error:
        raise PackageError(f"{vocabulary.name} is not a Marian vocabulary ({error})") from error
    return tuple(sorted({token for token in tokens if is_language_tag(token)}))


def _source_tokenizer(folder: Path) -> tuple[str, Path]:
    spm = _optional(folder, "source.spm", MAX_SMALL_BYTES)
    if spm is not None:
        return "sentencepiece.model", spm
    bpe = _optional(folder, "source.bpe", MAX_SMALL_BYTES)
    if bpe is not None:
        from workbench.mt.decode import check_bpe_codes

        check_bpe_codes(bpe)
        return "bpe.model", bpe
    raise PackageError(f"{folder} has no source.spm or source.bpe (the source tokenizer)")


def _release_date(*texts: Path | None) -> str:
    for path in texts:
        if path is not None:
            found = _RELEASE_DATE.search(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                return found.group(1)
    return ""


def inspect_release(folder: Path | str) -> OpusRelease:
    """Check an OPUS-MT release folder (see the module docstring) without converting it."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{root} is not a folder: unzip the OPUS-MT release first")
    config = _decoder_config(root)
    model = _file(root, config["models"][0], "model", MAX_MODEL_BYTES)
    vocabs = [_file(root, name, "vocabulary", MAX_SMALL_BYTES) for name in config["vocabs"]]
    for vocab in vocabs:
        if not vocab.name.endswith((".yml", ".yaml")):
            raise PackageError(
                f"{vocab.name}: CTranslate2 converts Marian models with YAML vocabularies "
                "(*.vocab.yml) only"
            )
    _check_npz(model)
    readme = _optional(root, "README.md", MAX_TEXT_BYTES)
    release = _optional(root, model.name.removesuffix(".npz") + ".yml", MAX_TEXT_BYTES)
    return OpusRelease(
        folder=root,
        model=model,
        vocabulary=vocabs[0],
        tokenizer=_source_tokenizer(root),
        target_spm=_optional(root, "target.spm", MAX_SMALL_BYTES),
        readme=readme,
        license=_optional(root, "LICENSE", MAX_TEXT_BYTES),
        labels=_labels(vocabs[-1]),
        release_date=_release_date(release, readme),
    )


def _shown(labels: tuple[str, ...]) -> str:
    return " ".join(labels[:12]) + (f" (and {len(labels) - 12} more)" if len(labels) > 12 else "")


def choose_target_token(release: OpusRelease, to_code: str, given: str | None) -> str:
    """The language label to put before every source ("" when the model has none)."""
    if given:
        if not release.labels:
            raise InputError(
                f"{release.model.name} has no language labels: leave out --target-token {given!r}"
            )
        if given not in release.labels:
            raise InputError(
                f"{given!r} is not a language label of {release.model.name}; it has "
                + _shown(release.labels)
            )
        return given
    if not release.labels:
        return ""
    iso = iso_639_3(to_code)
    base = to_code.partition("_")[0]
    for candidate in (f">>{iso}<<", f">>{base}<<", f">>{to_code}<<"):
        if candidate in release.labels:
            return candidate
    scripts = [label for label in release.labels if label.startswith(f">>{iso}_")]
    if len(scripts) == 1:
        return scripts[0]
    raise InputError(
        f"{release.model.name} needs a target language label and none is "
        f"{language_name(to_code)}'s: choose one with --target-token; it has "
        + _shown(release.labels)
    )


def version_of(release: OpusRelease) -> str:
    """``1.9`` (Locomotive's) with the release date when known: ``1.9+opus-2021-02-18``."""
    if release.release_date:
        return f"{LOCOMOTIVE_VERSION}+opus-{release.release_date}"
    return LOCOMOTIVE_VERSION


def _readme(release: OpusRelease, from_code: str, to_code: str, version: str, token: str) -> str:
    lines = [
        f"# {language_name(from_code)} - {language_name(to_code)} version {version}",
        "",
        "Authors: Jörg Tiedemann and Santhosh Thottingal",
        'Title: "OPUS-MT — Building open translation services for the World"',
        "Book Title: Proceedings of the 22nd Annual Conference of the European Association "
        "for Machine Translation (EAMT)",
        "Year: 2020",
        "Location: Lisbon, Portugal",
        "",
        "The original OPUS model from which this packaged model is derived is licensed CC-BY 4.0",
        "",
        f"Converted by workbench from {release.model.name} with CTranslate2's OpusMTConverter"
        + (f"; every source starts with the language label {token}" if token else "")
        + ".",
    ]
    if release.readme is not None:
        original = release.readme.read_text(encoding="utf-8", errors="replace")
        lines += ["", "## The OPUS-MT release's README", "", original.strip()]
    return "\n".join(lines) + "\n"


def _convert_model(release: OpusRelease, model_dir: Path, quantization: str, token: str) -> None:
    from ctranslate2.converters import OpusMTConverter

    try:
        OpusMTConverter(str(release.folder)).convert(
            str(model_dir), quantization=quantization, force=True
        )
    except (ValueError, KeyError, TypeError, OSError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise PackageError(
            f"{release.model.name} cannot be converted by CTranslate2 ({reason})"
        ) from error
    if token:  # Locomotive's --bos
        config_path = model_dir / "config.json"
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["add_source_bos"] = True
        config["bos_token"] = token
        config_path.write_text(json.dumps(config, indent=4), encoding="utf-8")


def _zip_locomotive(root: Path, top: str, destination: Path) -> None:
    """Locomotive's zip: ``ZIP_STORED``, no directory entries, files under ``top/``."""
    first = ("README.md", "metadata.json", "sentencepiece.model", "bpe.model", "target.spm")
    names = sorted(
        (path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()),
        key=lambda name: (first.index(name) if name in first else len(first), name),
    )
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in names:
            archive.write(root / name, arcname=f"{top}/{name}")


def _stage(
    release: OpusRelease, from_code: str, to_code: str, token: str, quantization: str, root: Path
) -> str:
    """Write the package folder under ``root``; return its version."""
    version = version_of(release)
    _convert_model(release, root / "model", quantization, token)
    name, source = release.tokenizer
    shutil.copyfile(source, root / name)
    if release.target_spm is not None:
        shutil.copyfile(release.target_spm, root / "target.spm")
    if release.license is not None:
        shutil.copyfile(release.license, root / "LICENSE")
    metadata = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": language_name(from_code),
        "to_code": to_code,
        "to_name": language_name(to_code),
    }
    (root / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    readme = _readme(release, from_code, to_code, version, token)
    (root / "README.md").write_text(readme, encoding="utf-8")
    return version


def convert_hint(from_code: str, to_code: str) -> str:
    """How to get a ``from_code``→``to_code`` package the Argos index lacks, in one clause."""
    pair = f"{iso_639_3(from_code)}-{iso_639_3(to_code)}"
    return (
        f"convert the OPUS-MT {from_code}→{to_code} model (Tatoeba-MT-models/{pair}, see the "
        f"README) with `workbench models convert OPUS_MT_DIR --from {from_code} --to {to_code} "
        "--install`"
    )


def default_output(from_code: str, to_code: str, version: str) -> Path:
    """Locomotive's file name: ``translate-en_vi-1_9.argosmodel`` (in the current folder)."""
    return Path(f"translate-{from_code}_{to_code}-{version.replace('.', '_')}.argosmodel")


def convert_opus_mt(
    folder: Path | str,
    from_code: str,
    to_code: str,
    out: Path | str | None = None,
    *,
    target_token: str | None = None,
    quantization: str = "int8",
) -> Conversion:
    """Convert the OPUS-MT release in ``folder`` into an ``.argosmodel`` at ``out`` (default:
    :func:`default_output`); refuses to overwrite a file. The package is loaded and translates a
    probe sentence before it is written."""
    from workbench.mt.check import check_package
    from workbench.mt.packages import load_installed

    started = time.perf_counter()
    from_code, to_code = check_lang(from_code), check_lang(to_code)
    if from_code == to_code:
        raise InputError(f"--from and --to are both {from_code}: nothing to translate")
    release = inspect_release(folder)
    token = choose_target_token(release, to_code, target_token)
    destination = (
        Path(out) if out is not None else default_output(from_code, to_code, version_of(release))
    )
    if destination.exists():
        raise InputError(f"{destination} exists: remove it or choose another --out")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".converting-", dir=destination.parent) as work:
        staged = Path(work) / "package"
        staged.mkdir()
        version = _stage(release, from_code, to_code, token, quantization, staged)
        check_package(load_installed(staged), f"the package converted from {release.folder}")
        top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
        partial = Path(work) / "package.argosmodel"
        _zip_locomotive(staged, top, partial)
        if destination.exists():
            raise InputError(f"{destination} appeared meanwhile: nothing was written")
        os.replace(partial, destination)
    with contextlib.suppress(OSError):
        os.chmod(destination, 0o644)
    return Conversion(
        path=destination,
        from_code=from_code,
        to_code=to_code,
        version=version,
        tokenizer="sentencepiece" if release.tokenizer[0] == "sentencepiece.model" else "bpe",
        target_token=token,
        has_target_spm=release.target_spm is not None,
        seconds=time.perf_counter() - started,
    )
