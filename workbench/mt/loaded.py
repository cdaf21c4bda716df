"""Loaded CTranslate2 translators and codecs, cached per package file (path, mtime, size).

A replaced or removed package must not keep being used: :func:`clear_cache` drops them all
(:mod:`workbench.mt.install` and :func:`workbench.mt.packages.remove` call it).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from workbench.errors import PackageError
from workbench.mt.decode import Codec
from workbench.mt.options import DecodeOptions

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage

_lock = threading.Lock()
_translators: dict[tuple[Any, ...], Any] = {}
_codecs: dict[tuple[Any, ...], Codec] = {}


def first_line(error: BaseException) -> str:
    """The first line of an error's message (CTranslate2 and sentencepiece write several)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def clear_cache() -> None:
    """Forget loaded translators and tokenizers (after removing or replacing packages)."""
    with _lock:
        _translators.clear()
        _codecs.clear()


def stamp(package: InstalledPackage) -> tuple[Any, ...]:
    model = package.path / "model" / "model.bin"
    try:
        stat = model.stat()
    except OSError as error:
        raise PackageError(
            f"package {package.label} has no model at {model}: reinstall it with "
            "`workbench models install FILE.argosmodel`"
        ) from error
    return (str(package.path), stat.st_mtime_ns, stat.st_size)


def translator(package: InstalledPackage, options: DecodeOptions) -> Any:
    """The package's ``ctranslate2.Translator`` for these options (cached)."""
    key = (
        *stamp(package),
        options.device,
        options.compute_type,
        options.inter_threads,
        options.intra_threads,
    )
    with _lock:
        model = _translators.get(key)
        if model is None:
            import ctranslate2

            try:
                model = ctranslate2.Translator(
                    str(package.path / "model"),
                    device=options.device,
                    compute_type=options.compute_type,
                    inter_threads=options.inter_threads,
                    intra_threads=options.intra_threads,
                )
            except (RuntimeError, ValueError, OSError) as error:
                raise PackageError(
                    f"package {package.label} at {package.path} cannot be loaded "
                    f"({first_line(error)}): "
                    "reinstall it with `workbench models install FILE.argosmodel`"
                ) from error
            _translators[key] = model
    return model


def _load_codec(package: InstalledPackage) -> Codec:
    try:
        codec = Codec(package)
        codec.load()
    except (RuntimeError, ValueError, OSError) as error:  # UnicodeDecodeError is a ValueError
        raise PackageError(
            f"package {package.label} at {package.path}: its tokenizer cannot be loaded "
            f"({first_line(error)}): "
            "reinstall it with `workbench models install FILE.argosmodel`"
        ) from error
    return codec


def codec(package: InstalledPackage) -> Codec:
    """The package's loaded :class:`~workbench.mt.decode.Codec` (cached)."""
    key = stamp(package)
    with _lock:
        cached = _codecs.get(key)
    if cached is None:
        cached = _load_codec(package)
        with _lock:
            _codecs[key] = cached
    return cached
