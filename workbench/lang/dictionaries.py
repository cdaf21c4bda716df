"""Spelling dictionaries: one Hunspell dictionary per target language, through Enchant.

The dictionaries are Debian's (``hunspell-en-us``: ``en_US``, ``hunspell-vi``: ``vi_VN``, in
``/usr/share/hunspell``), read through pyenchant, a ctypes binding of the system's libenchant-2
(``libenchant-2-2``), asking for its Hunspell provider first (Debian's Enchant prefers Aspell
for English). ``WORKBENCH_SPELLING`` chooses other dictionaries (``en=en_GB,vi=vi_VN``) or
turns spelling off (``off``).

Nothing here is imported by ``import workbench``: pyenchant loads the C library when it is
first asked for a dictionary (:func:`dictionary`). A missing library or dictionary is not an
error: :func:`dictionary` returns None and :func:`notice` says once, in one line, why the
language's spelling is not checked and which Debian package to install.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from workbench.errors import InputError

ENV = "WORKBENCH_SPELLING"
#: The dictionary of each target language, and the Debian package that installs it.
DEFAULT_TAGS = {"en": "en_US", "vi": "vi_VN"}
DEBIAN_PACKAGES = {"en_US": "hunspell-en-us", "vi_VN": "hunspell-vi"}
_TAG = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")
_ITEM = re.compile(r"(?P<lang>[a-z]{2,3})=(?P<tag>[^,\s]+)")
#: Words checked per dictionary that are remembered (a news article repeats its words).
WORD_CACHE = 65536


@dataclass(frozen=True, slots=True)
class Dictionary:
    """One loaded dictionary: ``check(word)`` is True when the word is spelled right."""

    lang: str
    tag: str
    provider: str
    check: Callable[[str], bool]
    suggest: Callable[[str], list[str]]


def tags(text: str | None = None) -> dict[str, str]:
    """Language -> dictionary tag (``text``, else the settings' ``WORKBENCH_SPELLING``, else
    :data:`DEFAULT_TAGS`); an empty mapping when spelling is off. InputError for a value that
    is not understood."""
    if text is None:
        from workbench import settings

        text = settings.load().spelling_text or ""
    text = text.strip()
    if not text:
        return dict(DEFAULT_TAGS)
    if text.lower() in {"off", "no", "0", "none"}:
        return {}
    chosen = dict(DEFAULT_TAGS)
    for item in (part.strip() for part in text.split(",")):
        m = _ITEM.fullmatch(item)
        if m is None or not _TAG.fullmatch(m["tag"]):
            raise InputError(
                f"{ENV}={text!r}: write dictionaries as en=en_US,vi=vi_VN (or off to turn "
                "spelling off)"
            )
        chosen[m["lang"]] = m["tag"]
    return chosen


@functools.lru_cache(maxsize=8)
def _load(lang: str, tag: str) -> Dictionary | str:
    """The dictionary ``tag`` for ``lang``, or the notice saying why it cannot be had."""
    package = DEBIAN_PACKAGES.get(tag, f"the Hunspell dictionary {tag}")
    try:
        import enchant  # here: only a spelling check pays for libenchant
    except (ImportError, OSError) as exc:
        return (
            f"spelling is not checked: the Enchant library cannot be loaded ({_first_line(exc)});"
            f" on Debian/Ubuntu: apt-get install libenchant-2-2 {package}"
        )
    broker = enchant.Broker()
    broker.set_ordering(tag, "hunspell,nuspell,aspell")
    if not broker.dict_exists(tag):
        return (
            f"spelling is not checked in {lang}: no {tag} dictionary; on Debian/Ubuntu: "
            f"apt-get install {package}"
        )
    found = broker.request_dict(tag)
    lock = threading.Lock()  # one Hunspell handle: the review UI checks from worker threads

    @functools.lru_cache(maxsize=WORD_CACHE)
    def check(word: str) -> bool:
        with lock:
            return bool(found.check(word))

    def suggest(word: str) -> list[str]:
        with lock:
            return list(found.suggest(word))

    return Dictionary(lang, tag, found.provider.name, check, suggest)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def dictionary(lang: str) -> Dictionary | None:
    """The spelling dictionary of ``lang`` (loaded once per process), or None when spelling
    is off or its library or dictionary is missing (:func:`notice` says why)."""
    tag = tags().get(lang)
    if tag is None:
        return None
    loaded = _load(lang, tag)
    return loaded if isinstance(loaded, Dictionary) else None


def notice(lang: str) -> str | None:
    """Why ``lang``'s spelling is not checked (one line), or None when it is checked or when
    the user turned spelling off."""
    tag = tags().get(lang)
    if tag is None:
        return None
    loaded = _load(lang, tag)
    return loaded if isinstance(loaded, str) else None
