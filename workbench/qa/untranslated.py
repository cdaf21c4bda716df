"""The ``untranslated`` check: a target that is empty, a copy of the source, the English pivot
given as Vietnamese, or text still in French (or English for Vietnamese), by counting function
words of each language."""

from __future__ import annotations

import re

from workbench.lang.names import language_name
from workbench.qa.core import Finding, QAContext, check
from workbench.qa.text import APOSTROPHES, SIMPLE_WORD, nfc

_NAME = "untranslated"


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FR_STOPWORDS = _wordset(
    "le la les des du de est que qui une un dans pour avec et au aux sur par ne pas sont ont "
    "été cette ces ce il elle ils elles nous vous leur leurs mais ou où sa ses avait "
    "selon entre après depuis dont sous très"
)
EN_STOPWORDS = _wordset(
    "the of and to in is that for with on was as by at from has have it an are be which this "
    "were had its their not but or after been will would he she they his her who said"
)
#: English words that are not also Vietnamese syllables ("an ninh", "to lớn", "in ấn").
_EN_STRONG = EN_STOPWORDS - {"an", "to", "in", "on", "be", "as", "at", "he", "it", "or", "by"}
VI_STOPWORDS = _wordset(
    "và của là các những được có trong cho với đã này không một người khi từ để theo về ở "
    "tại đến sẽ cũng như thì nhưng vì nên đó ông bà họ"
)
_FR_ELISION = re.compile(r"(?=[a-zA-Z])(?<!\w)(?:[ldnsjc]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.I)


def _stopword_counts(text: str) -> tuple[int, int, int, int]:
    words = [w.lower() for w in SIMPLE_WORD.findall(nfc(_FR_ELISION.sub(" ", text)))]
    fr = sum(w in _FR_STOPWORDS for w in words) + len(_FR_ELISION.findall(text))
    en = sum(w in EN_STOPWORDS for w in words)
    en_strong = sum(w in _EN_STRONG for w in words)
    vi = sum(w in VI_STOPWORDS for w in words)
    return fr, en, en_strong, vi


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
    fr, en, en_strong, vi = _stopword_counts(ctx.target)
    own = en if ctx.lang == "en" else vi if ctx.lang == "vi" else 0
    if fr >= 3 and fr > own:
        message = (
            f"the translation still looks French ({fr} French function words, "
            f"{own} {language_name(ctx.lang)})"
        )
        return Finding(_NAME, "error", message, whole)
    if ctx.lang == "vi" and en_strong >= 3 and en_strong > vi:
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
