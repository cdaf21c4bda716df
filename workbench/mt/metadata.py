"""``metadata.json`` and ``model/config.json`` of Argos packages: bounded reads, full checks.

Every field argostranslate's ``IPackage.load_metadata_from_json`` touches is type-checked, so a
package that passes here can never make argostranslate (or us) fail on a list that is a string
(``"source_languages": "fr"`` → AttributeError there) or a number (``"languages": 5`` →
TypeError). JSON is read through :func:`load_json`: size- and depth-bounded (a 1 GB
``metadata.json`` or ``"[" * 100000`` is refused before ``json.loads`` sees it).

Language codes are checked by the project's one validator, :mod:`workbench.lang.codes`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import PackageError
from workbench.lang.codes import LANGUAGE_CODE_HINT, is_language_code

MAX_METADATA_BYTES = 1024 * 1024  # real metadata.json files are a few hundred bytes
MAX_CONFIG_BYTES = 1024 * 1024  # CTranslate2 model/config.json: a few hundred bytes
MAX_JSON_DEPTH = 32
MAX_NAME_CHARS = 200

_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,39}")
# A target prefix / BOS token is one vocabulary token: no whitespace, no control characters.
_TOKEN = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]{1,64}")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_LIST_FIELDS = (
    "from_codes",
    "to_codes",
    "links",
    "languages",
    "dependencies",
    "source_languages",
    "target_languages",
)
_TEXT_FIELDS = ("from_name", "to_name", "argos_version", "workbench_kind")


@dataclass(frozen=True, slots=True)
class PackageMetadata:
    """The checked fields of a translation package's ``metadata.json``."""

    from_code: str
    to_code: str
    version: str
    target_prefix: str
    generated: bool
    raw: dict[str, Any]

    @property
    def code(self) -> str:
        """``translate-<from>_<to>``: always derived from the checked language codes."""
        return f"translate-{self.from_code}_{self.to_code}"


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (strings skipped), without parsing it."""
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", _STRINGS.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def load_json(raw: bytes, what: str, *, max_bytes: int, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse ``raw`` as UTF-8 JSON, refusing more than ``max_bytes`` or ``max_depth`` levels."""
    if len(raw) > max_bytes:
        raise PackageError(
            f"{what} is {len(raw):,} bytes, above the {max_bytes:,}-byte limit; refusing it"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackageError(f"{what} is not valid JSON (not UTF-8: {error})") from error
    if json_depth(text) > max_depth:
        raise PackageError(f"{what} nests deeper than {max_depth} levels; refusing it")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise PackageError(f"{what} is not valid JSON ({error})") from error


def read_json_file(path: Path, what: str, *, max_bytes: int) -> Any:
    """:func:`load_json` of a file, reading at most ``max_bytes + 1`` bytes of it."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise PackageError(f"{what} cannot be read ({error.strerror or error})") from error
    return load_json(raw, what, max_bytes=max_bytes)


def _check_codes(metadata: dict[str, Any], where: str) -> tuple[str, str]:
    codes = []
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if value is None or value == "":
            raise PackageError(f"{where}: metadata.json has no {key}")
        if not is_language_code(value):
            raise PackageError(
                f"{where}: metadata.json {key} {value!r} is not a language code: "
                + LANGUAGE_CODE_HINT
            )
        codes.append(value)
    return codes[0], codes[1]


def _check_types(metadata: dict[str, Any], where: str) -> None:
    for key in _LIST_FIELDS:
        if key in metadata and not isinstance(metadata[key], list):
            raise PackageError(f"{where}: metadata.json {key} is not a list")
    for key in _TEXT_FIELDS:
        value = metadata.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int | float)
        ):
            raise PackageError(f"{where}: metadata.json {key} is not text")
        if isinstance(value, str) and len(value) > MAX_NAME_CHARS:
            raise PackageError(f"{where}: metadata.json {key} is longer than {MAX_NAME_CHARS}")
    if not all(isinstance(link, str) for link in metadata.get("links") or []):
        raise PackageError(f"{where}: metadata.json links are not all text")
    if not isinstance(metadata.get("workbench_generated", False), bool):
        raise PackageError(f"{where}: metadata.json workbench_generated is not true or false")
    for key in ("code", "type", "target_prefix"):
        if metadata.get(key) is not None and not isinstance(metadata[key], str):
            raise PackageError(f"{where}: metadata.json {key} is not a string")


def _check_version(metadata: dict[str, Any], where: str) -> str:
    version = metadata.get("package_version")
    if version is None or version == "":
        return "0"
    if isinstance(version, bool) or not isinstance(version, str | int | float):
        raise PackageError(f"{where}: metadata.json package_version is not a version")
    text = str(version)
    if not _VERSION.fullmatch(text):
        raise PackageError(
            f"{where}: metadata.json package_version {text[:50]!r} is not a version "
            "(letters, digits and . _ + - only, at most 40)"
        )
    return text


def check_metadata(metadata: Any, where: str) -> PackageMetadata:
    """Check a parsed ``metadata.json``; ``where`` names the package in error messages."""
    if not isinstance(metadata, dict):
        raise PackageError(f"{where}: metadata.json is not a JSON object")
    from_code, to_code = _check_codes(metadata, where)
    _check_types(metadata, where)
    if metadata.get("type", "translate") != "translate":
        raise PackageError(
            f"{where} is a {metadata.get('type')!r} package, not a translation package"
        )
    code = metadata.get("code")
    expected = f"translate-{from_code}_{to_code}"
    if code and not re.fullmatch(r"[A-Za-z0-9_.+-]+", code):
        raise PackageError(f"{where}: metadata.json code {code!r} is not a plain name")
    if code and code != expected:
        raise PackageError(
            f"{where}: metadata.json code {code!r} names another pair than its from_code/to_code "
            f"({from_code}→{to_code}, code {expected}); refusing it"
        )
    prefix = metadata.get("target_prefix") or ""
    if prefix and not _TOKEN.fullmatch(prefix):
        raise PackageError(f"{where}: metadata.json target_prefix {prefix[:70]!r} is not a token")
    return PackageMetadata(
        from_code=from_code,
        to_code=to_code,
        version=_check_version(metadata, where),
        target_prefix=prefix,
        generated=bool(metadata.get("workbench_generated", False)),
        raw=metadata,
    )


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """What decoding needs from a CTranslate2 ``model/config.json``."""

    bos_token: str  # the token CTranslate2 adds before every source ("" when it adds none)
    eos_token: str
    unk_token: str


def check_model_config(config: Any, where: str) -> ModelConfig:
    """Check a parsed ``model/config.json`` (``add_source_bos``, ``bos_token``, ...)."""
    if not isinstance(config, dict):
        raise PackageError(f"{where}: model/config.json is not a JSON object")
    tokens = {}
    for key, default in (("bos_token", "<s>"), ("eos_token", "</s>"), ("unk_token", "<unk>")):
        value = config.get(key, default)
        if value is None:
            value = default
        if not isinstance(value, str) or not _TOKEN.fullmatch(value):
            raise PackageError(f"{where}: model/config.json {key} is not a token")
        tokens[key] = value
    add_bos = config.get("add_source_bos", False)
    if not isinstance(add_bos, bool):
        raise PackageError(f"{where}: model/config.json add_source_bos is not true or false")
    return ModelConfig(
        bos_token=tokens["bos_token"] if add_bos else "",
        eos_token=tokens["eos_token"],
        unk_token=tokens["unk_token"],
    )


def read_model_config(model_dir: Path, where: str) -> ModelConfig:
    """The checked ``config.json`` of an installed model folder (defaults when it has none)."""
    path = model_dir / "config.json"
    if not path.is_file():
        return check_model_config({}, where)
    config = read_json_file(path, f"{where}: model/config.json", max_bytes=MAX_CONFIG_BYTES)
    return check_model_config(config, where)
