"""Checking that a package works: load its tokenizer and CTranslate2 model, translate a probe.

:func:`check_package` runs at install time on the extracted package, before it is moved into
place, so a garbage ``sentencepiece.model``, ``bpe.model``, ``model/config.json`` or
``model/model.bin`` is refused in one line instead of installing and then failing every
``translate`` with a multi-line RuntimeError. :func:`verify` is ``workbench models verify``.
"""

from __future__ import annotations

from workbench.errors import PackageError
from workbench.mt.loaded import first_line
from workbench.mt.options import DecodeOptions
from workbench.mt.packages import InstalledPackage

# One sentence per source language for verify(); others get the English one.
VERIFY_SENTENCES: dict[str, str] = {
    "fr": "La Russie retire ses forces de maintien de la paix.",
    "en": "Russia is withdrawing its peacekeeping forces.",
    "vi": "Nga rút lực lượng gìn giữ hòa bình.",
}
_ERRORS = (PackageError, RuntimeError, ValueError, OSError, IndexError)


def _reason(error: BaseException) -> str:
    return str(error) if isinstance(error, PackageError) else first_line(error)


def _translate(package: InstalledPackage, options: DecodeOptions | None) -> str:
    from workbench.mt.translate import translate_one_step

    sentence = VERIFY_SENTENCES.get(package.from_code, VERIFY_SENTENCES["en"])
    hypotheses = translate_one_step([sentence], package, options)
    return hypotheses[0][0][0] if hypotheses and hypotheses[0] else ""


def check_package(package: InstalledPackage, where: str) -> None:
    """Load ``package``'s tokenizer (and model/config.json) and CTranslate2 model, and translate
    one probe sentence greedily for a few steps; any failure is one :class:`PackageError`."""
    import ctranslate2

    from workbench.mt.decode import Codec

    def refuse(what: str, error: BaseException) -> PackageError:
        return PackageError(f"{where}: {what} ({_reason(error)}); nothing was installed")

    try:
        codec = Codec(package)
        codec.load()
        tokens = codec.encode(VERIFY_SENTENCES.get(package.from_code, VERIFY_SENTENCES["en"]))
    except _ERRORS as error:
        raise refuse("its tokenizer does not load", error) from error
    try:
        model = ctranslate2.Translator(
            str(package.path / "model"), device="cpu", inter_threads=1, intra_threads=1
        )
    except _ERRORS as error:
        raise refuse("its CTranslate2 model does not load", error) from error
    prefix = [[package.target_prefix]] if package.target_prefix else None
    try:
        result = model.translate_batch(
            [tokens],
            target_prefix=prefix,
            beam_size=1,
            max_decoding_length=16,
            replace_unknowns=True,
        )
        codec.decode(result[0].hypotheses[0])
    except _ERRORS as error:
        raise refuse("its model does not translate", error) from error


def verify(package: InstalledPackage) -> str:
    """Load the package and translate one sentence; return the output or raise PackageError."""
    try:
        return _translate(package, None)
    except _ERRORS as error:
        raise PackageError(
            f"package {package.label} at {package.path} is broken ({_reason(error)}): "
            "reinstall it with "
            "`workbench models install FILE.argosmodel`"
        ) from error
