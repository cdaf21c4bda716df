"""Untrusted XML files (XLIFF, TMX) read safely: bounded, no entities, no network.

:func:`read_xml_file` reads at most ``limit`` bytes and looks at the document up to its root
element with expat before anything else parses it: a DOCTYPE with an internal subset (where
entity bombs and external entities live), any ENTITY declaration or external entity
reference is refused in one line. A bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, which TMX
writers put in every file, is accepted and never loaded. The parsers that come after
(translate-toolkit's, lxml with ``resolve_entities=False, no_network=True``) never see an
entity definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: Characters XML 1.0 cannot hold, even escaped (C0 controls but tab/LF/CR, U+FFFE/U+FFFF,
#: lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Root:
    """The document's root element, as expat saw it."""

    namespace: str
    name: str
    attrs: dict[str, str] = field(default_factory=dict)


class _Stop(Exception):
    pass


def xml_problem(text: str) -> str | None:
    """Why ``text`` cannot go into an XML 1.0 document, or None."""
    m = _NOT_XML.search(text)
    if m is None:
        return None
    return f"it holds the control character U+{ord(m.group()):04X}, which XML 1.0 cannot carry"


def xml_safe(text: str) -> str:
    """Notes and titles: characters XML cannot carry become U+FFFD instead of failing."""
    return _NOT_XML.sub("\ufffd", text)


def read_xml_file(path: Path, what: str, limit: int) -> bytes:
    """The bytes of ``path``; InputError (one line) when missing, a folder, unreadable or
    larger than ``limit``."""
    from workbench.errors import InputError

    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path} does not exist: check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not path.is_file():
        raise InputError(f"{path} is not a file: give the path of {what}")
    if size > limit:
        raise InputError(
            f"{path} is {size / 2**20:.1f} MiB, over the {limit / 2**20:g} MiB limit of "
            f"{what} here: split it into smaller files"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def inspect_root(data: bytes, path: Path, what: str) -> Root:
    """Scan the prolog with expat up to the root element: refuse entity definitions and
    internal DTD subsets, report the root's namespace, name and attributes."""
    from xml.parsers import expat

    from workbench.errors import InputError

    found: list[Root] = []
    refused: list[str] = []

    def doctype(_name: str, _sys: str | None, _pub: str | None, internal: int) -> None:
        if internal:
            refused.append("a DOCTYPE with an internal subset")
            raise _Stop

    def entity(*_args: object) -> None:
        refused.append("an ENTITY declaration")
        raise _Stop

    def external(*_args: object) -> int:
        refused.append("an external entity")
        raise _Stop

    def start(name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        found.append(Root(namespace, local, dict(attrs)))
        raise _Stop

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        raise InputError(
            f"{path} is not well-formed XML: line {exc.lineno}: {expat.errors.messages[exc.code]}"
        ) from None
    if refused:
        raise InputError(
            f"{path}: line {parser.CurrentLineNumber}: {refused[0]} is not accepted in "
            f"{what} (entity definitions can expand without bound): remove the "
            "<!DOCTYPE ...> block"
        )
    if not found:
        raise InputError(f"{path} holds no XML element: give {what}")
    return found[0]


def syntax_error(exc: Exception, path: Path, what: str) -> Exception:
    """An lxml parse error as an InputError naming the file and line."""
    from workbench.errors import InputError

    line = getattr(exc, "lineno", None)
    where = f"line {line}: " if line else ""
    detail = " ".join(str(getattr(exc, "msg", "") or exc).split())[:200]
    return InputError(f"{path} is not well-formed XML: {where}{detail}")
