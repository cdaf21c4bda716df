"""The ``untranslated`` check: a target that is empty, a copy of the source, the English pivot
given as Vietnamese, or text still in French (or English for Vietnamese), by counting function
words of each language."""

from __future__ import annotations

import re

from workbench.lang import en, fr, vi
from workbench.lang.names import language_name
from workbench.qa.core import Finding, QAContext, check
from workbench.qa.text import APOSTROPHES, SIMPLE_WORD, nfc

_NAME = "untranslated"


# One function-word set per language (workbench.lang), less the words another language shares:
# a word of both languages is evidence for neither.
#: French evidence in a target of each language.
_FR_IN = {"en": fr.STOPWORDS - fr.ALSO_ENGLISH, "vi": fr.STOPWORDS - fr.ALSO_VIETNAMESE}
_EN = en.STOPWORDS - en.ALSO_FRENCH
#: English words that are not also Vietnamese syllables ("an ninh", "to lớn", "in ấn").
_EN_STRONG = en.STOPWORDS - en.ALSO_VIETNAMESE
_VI = vi.STOPWORDS - vi.ALSO_FRENCH


def _stopword_counts(text: str, lang: str) -> tuple[int, int, int, int]:
    """Function words of French (elisions included), English, English-only and Vietnamese in
    ``text``, a target in ``lang``."""
    words = [w.lower() for w in SIMPLE_WORD.findall(nfc(fr.ELISION.sub(" ", text)))]
    french = _FR_IN.get(lang, fr.STOPWORDS)
    fr_count = sum(w in french for w in words) + len(fr.ELISION.findall(text))
    en_count = sum(w in _EN for w in words)
    en_strong = sum(w in _EN_STRONG for w in words)
    vi_count = sum(w in _VI for w in words)
    return fr_count, en_count, en_strong, vi_count


def _normalized(text: str) -> str:
    return " ".join(nfc(text).translate(APOSTROPHES).casefold().split())


def _is_name_only(text: str) -> bool:
    """Short segments that are names, acronyms, numbers or codes: the same in every language."""
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return True
    if " " not in text.strip() and re.search(r"[./@:]", text):
        return True  # URL, e-mail, handle
    connectors = {"de", "du", "des", "d", "la", "le", "von", "van", "der", "al", "bin", "et"}
    return len(words) <= 6 and all(w[0].isupper() or w in connectors for w in words)


def _pivot_finding(ctx: QAContext) -> Finding | None:
    """For a language reached through English, the target is the English pivot itself."""
    if (
        ctx.pivot
        and ctx.lang != "en"
        and _normalized(ctx.target) == _normalized(ctx.pivot)
        and not _is_name_only(ctx.pivot)
    ):
        message = f"the translation is the English pivot, not {language_name(ctx.lang)}"
        return Finding(_NAME, "error", message, (0, len(ctx.target)))
    return None


def _language_finding(ctx: QAContext) -> Finding | None:
    """The target reads as French, or (for Vietnamese) as English."""
    whole = (0, len(ctx.target))
    fr_count, en_count, en_strong, vi_count = _stopword_counts(ctx.target, ctx.lang)
    own = en_count if ctx.lang == "en" else vi_count if ctx.lang == "vi" else 0
    if fr_count >= 3 and fr_count > own:
        message = (
            f"the translation still looks French ({fr_count} French function words, "
            f"{own} {language_name(ctx.lang)})"
        )
        return Finding(_NAME, "error", message, whole)
    if ctx.lang == "vi" and en_strong >= 3 and en_strong > vi_count:
        message = (
            f"the translation looks English, not Vietnamese ({en_strong} English function words)"
        )
        return Finding(_NAME, "error", message, whole)
    return None


@check(_NAME, "error", "target copied from the source or still French")
def check_untranslated(ctx: QAContext) -> list[Finding]:
    if not ctx.target.strip():
        return [Finding(_NAME, "error", "the translation is empty", None)]
    if _normalized(ctx.target) == _normalized(ctx.source):
        if _is_name_only(ctx.source):
            return []
        message = "the translation is a copy of the source"
        return [Finding(_NAME, "error", message, (0, len(ctx.target)))]
    finding = _pivot_finding(ctx) or _language_finding(ctx)
    return [] if finding is None else [finding]
