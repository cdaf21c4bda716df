"""Languages: codes (the one validator), names and plural forms, per-language data, detection.

``workbench.lang`` re-exports the code and name helpers; the per-language data lives in
``workbench.lang.fr`` / ``en`` / ``vi`` and detection in ``workbench.lang.detect``. Standard
library only.
"""

from __future__ import annotations

from workbench.lang.codes import LANGUAGE_CODE_HINT, check_lang, is_language_code
from workbench.lang.names import DEFAULT_PLURAL, LANGUAGES, language_name, plural_forms

__all__ = [
    "DEFAULT_PLURAL",
    "LANGUAGES",
    "LANGUAGE_CODE_HINT",
    "check_lang",
    "is_language_code",
    "language_name",
    "plural_forms",
]
