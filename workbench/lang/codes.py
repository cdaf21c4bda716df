"""The one language-code validator: what every command, package and PO path accepts.

A code is an ISO 639 language (2 or 3 lowercase ASCII letters: ``fr``, ``en``, ``vi``, and the
Argos index's own ``zt`` and ``pb``), optionally followed by ``_`` and a region or a script,
as gettext and the ``locales/<lang>/LC_MESSAGES`` folders spell them:

* ``pt_BR`` — an ISO 3166 region, two uppercase letters (gettext's ``ll_CC``);
* ``es_419`` — a UN M.49 region, three ASCII digits;
* ``zh_Hant`` — an ISO 15924 script, one uppercase and three lowercase letters (Django's and
  Weblate's locale folders).

Nothing else: no BCP 47 hyphen (``pt-BR``), no lowercase region (``en_us``), no ``@variant``, no
non-ASCII digit or letter, no trailing newline (``fullmatch``, never ``$``). A valid code is
therefore always safe as one folder name.
"""

from __future__ import annotations

import re
from typing import TypeGuard

from workbench.errors import InputError

#: Explicit ASCII classes: ``\d`` and ``\w`` would accept other scripts' digits and letters.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:_(?:[A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}))?")

#: What to tell a user who gave something else.
LANGUAGE_CODE_HINT = (
    "use a lowercase ISO 639 code like en or vi, optionally with a region or script "
    "(pt_BR, es_419, zh_Hant)"
)


def is_language_code(code: object) -> TypeGuard[str]:
    """True when ``code`` is a string in the form described in the module docstring."""
    return isinstance(code, str) and LANGUAGE_CODE.fullmatch(code) is not None


def check_lang(code: object) -> str:
    """``code`` when it is valid, else :class:`InputError` with a one-line message."""
    if not is_language_code(code):
        raise InputError(f"invalid language code {code!r}: {LANGUAGE_CODE_HINT}")
    return code
