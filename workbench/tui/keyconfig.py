"""The user's key file (``keys.toml``): read, checked, turned into ``{binding id: keys}``.

Terminals and multiplexers swallow some keys (ctrl+o, alt+letters, F-keys), so users remap
review keys by the stable ids of :mod:`workbench.tui.keymap`, as posting does::

    [keys]
    next-segment = "ctrl+j,alt+down"
    approve-next = "f10"

Where: ``$WORKBENCH_KEYMAP``, else ``$XDG_CONFIG_HOME/workbench/keys.toml`` (``~/.config``
when unset); the default file is optional, a named one must exist. Every problem is one
:class:`~workbench.errors.KeymapError` line, raised before the UI opens. No Textual here:
``workbench keys`` and the checks stay cheap (:mod:`workbench.tui.keymap` loads Textual only
when bindings are built).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import KeymapError
from workbench.tui.keymap import HELP, KEYMAP, Key, keys_in_use

#: A keys.toml is a few lines; anything larger is not one.
MAX_BYTES = 64 * 1024

_MODIFIERS = r"(?:(?:ctrl|alt|shift|meta|super|hyper)\+)*"
_KEY = re.compile(_MODIFIERS + r"(?P<base>.+)")
_NAMED = frozenset(
    {"escape", "enter", "tab", "backspace", "delete", "insert", "home", "end", "pageup",
     "pagedown", "up", "down", "left", "right", "space"}
    | {f"f{n}" for n in range(1, 25)}
)  # fmt: skip
#: Keys the app itself owns on every screen.
RESERVED = {"f9": "the command palette"}


@dataclass(frozen=True, slots=True)
class KeyConfig:
    """The keymap in force: ``overrides`` maps binding ids to comma-separated key names."""

    source: Path | None = None  # the file read, None when there was none
    overrides: Mapping[str, str] = field(default_factory=dict)

    def table(self) -> list[tuple[Key, str]]:
        """Every binding with the keys it answers to now, in table order."""
        return [(k, keys_in_use(k, self.overrides)) for k in KEYMAP]


def load(path: Path, *, required: bool) -> KeyConfig:
    """Read and check ``path``; a missing file that is not ``required`` is the defaults."""
    data = _read(path, required)
    if data is None:
        return KeyConfig()
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise KeymapError(f"{path}: not UTF-8 text, so not a TOML key file") from None
    except tomllib.TOMLDecodeError as exc:
        raise KeymapError(f"{path}: not valid TOML ({exc})") from None
    return KeyConfig(path, check(doc, str(path)))


def _read(path: Path, required: bool) -> bytes | None:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        if required:
            raise KeymapError(f"{path}: no such key file (WORKBENCH_KEYMAP names it)") from None
        return None
    except OSError as exc:
        raise KeymapError(f"{path}: cannot read the key file ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise KeymapError(f"{path}: over {MAX_BYTES // 1024} KiB, not a key file")
    return data


def check(doc: Mapping[str, object], where: str = "keys.toml") -> dict[str, str]:
    """The ``[keys]`` table of a parsed file as ``{id: "key,key"}``, or a KeymapError."""
    extra = sorted(set(doc) - {"keys"})
    if extra:
        raise KeymapError(f"{where}: unknown table or key {extra[0]!r} (only [keys] is read)")
    table = doc.get("keys", {})
    if not isinstance(table, dict):
        raise KeymapError(f"{where}: 'keys' must be a table ([keys])")
    ids = {k.id for k in KEYMAP}
    overrides: dict[str, str] = {}
    for binding_id, value in table.items():
        if binding_id not in ids:
            raise KeymapError(
                f"{where}: unknown binding id {binding_id!r} (`workbench keys` lists them)"
            )
        if not isinstance(value, str):
            raise KeymapError(
                f'{where}: {binding_id} must be a string of key names, like "ctrl+j,alt+down"'
            )
        keys = [k.strip() for k in value.split(",")]
        if keys == [""]:
            raise KeymapError(f"{where}: {binding_id} has no key")
        for key in keys:
            if not plausible(key):
                raise KeymapError(
                    f"{where}: {binding_id}: {key!r} is not a key name "
                    '(examples: "ctrl+j", "alt+down", "f10", "escape")'
                )
        overrides[binding_id] = ",".join(keys)
    _check_clashes(overrides, where)
    return overrides


def plausible(key: str) -> bool:
    """A Textual key name: modifiers, then one printable character, a named key (f1-f24,
    escape, up...) or a character's Unicode name (``question_mark``)."""
    match = _KEY.fullmatch(key)
    if match is None:
        return False
    base = match["base"]
    if len(base) == 1:
        return base.isprintable() and not base.isspace() and base != "+"
    if base in _NAMED:
        return True
    if not re.fullmatch(r"[a-z][a-z0-9_]*", base):
        return False
    try:
        unicodedata.lookup(base.replace("_", " ").upper())
    except KeyError:
        return False
    return True


def _same_key(key: str) -> str:
    """One spelling per key (Textual names "?" ``question_mark``), to find clashes."""
    *mods, base = key.split("+") if key != "+" else ["+"]
    if len(base) == 1 and not base.isalnum():
        base = unicodedata.name(base, base).lower().replace(" ", "_")
    return "+".join([*mods, base])


def types_text(key: str) -> bool:
    """A key that types a character (``q``, ``?``, ``shift+a``, ``space``): no ctrl, alt,
    meta, super or hyper, and not a named key like f10 or escape."""
    *mods, base = _same_key(key).split("+")
    if set(mods) - {"shift"}:
        return False
    return base == "space" or base not in _NAMED


def _check_clashes(overrides: Mapping[str, str], where: str) -> None:
    seen: dict[tuple[str, str], str] = {}
    for key, keys in KeyConfig(None, overrides).table():
        for name in keys.split(","):
            same = _same_key(name)
            if key.id in overrides and key.screen != HELP and types_text(name):
                raise KeymapError(
                    f"{where}: {key.id}: {name} types a character; the {key.screen} screen "
                    "needs ctrl, alt or a named key (f10, escape)"
                )
            if same in RESERVED:
                raise KeymapError(f"{where}: {key.id}: {name} is {RESERVED[same]}'s key")
            other = seen.setdefault((key.screen, same), key.id)
            if other != key.id:
                raise KeymapError(
                    f"{where}: {name} would do two things on the {key.screen} screen: "
                    f"{other} and {key.id}"
                )


def from_env() -> KeyConfig:
    """The keymap the environment points at (:meth:`workbench.settings.Settings.keys_file`)."""
    from workbench import settings

    path, required = settings.load().keys_file()
    return load(path, required=required)
