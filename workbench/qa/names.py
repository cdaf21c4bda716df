"""The ``names`` check: proper names and acronyms of the French source are in the target, as
written or as a known translation (``Haut-Karabakh`` -> ``Nagorno-Karabakh``, ``Moscou`` ->
``Moscow`` / ``Mátxcơva``: the alias table ``name_aliases.toml``, package data read on first use)
or a close spelling (``Dmitri`` / ``Dmitry``).

Full names need their surname, acronyms may reverse (``OTAN`` -> ``NATO`` is in the table,
``BCE`` -> ``ECB`` is accepted as the same letters), and capitalised words that are not names
(sentence starts, titles, institutions, peoples after a plural determiner) are skipped.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.lang import fr
from workbench.qa.core import Finding, QAContext, check
from workbench.qa.text import WS, fold, overlaps

_NAME = "names"
ALIASES_FILE = "name_aliases.toml"


def load_name_aliases() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """French name -> (English forms, Vietnamese forms) from ``name_aliases.toml``, in file
    order; the first form of each language is the one suggested."""
    import tomllib  # here: only the first names check pays for it

    # Next to this module in the wheel and in a checkout (hatchling ships every file of the
    # package); a plain path: importlib.resources and pathlib would import a dozen modules.
    path = os.path.join(os.path.dirname(__file__), ALIASES_FILE)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    table = tomllib.loads(text)
    aliases: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for name, forms in table.items():
        en, vi = forms["en"], forms["vi"]
        if not (en and vi and all(isinstance(f, str) and f for f in [*en, *vi])):
            raise ValueError(f"{ALIASES_FILE}: {name!r} needs non-empty en and vi lists")
        aliases[name] = (tuple(en), tuple(vi))
    return aliases


@dataclass(frozen=True, slots=True)
class _Aliases:
    """The alias table indexed for matching: folded name -> (every form, preferred per lang)."""

    keys: dict[str, tuple[tuple[str, ...], dict[str, str]]]
    pattern: re.Pattern[str]


@functools.cache
def _aliases() -> _Aliases:
    table = load_name_aliases()
    keys = {
        fold(name): (tuple(dict.fromkeys((*en, *vi))), {"en": en[0], "vi": vi[0]})
        for name, (en, vi) in table.items()
    }
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(
            re.escape(name).replace(r"\-", "[-‐‑]").replace(r"\ ", r"\s+").replace("'", "['’]")
            for name in sorted(table, key=len, reverse=True)
        )
        + r")(?!\w)"
    )
    return _Aliases(keys, pattern)


_NOT_NAMES = fr.NOT_NAMES
_NAME_CONNECTORS = frozenset(
    {
        "de",
        "du",
        "des",
        "d",
        "von",
        "van",
        "der",
        "den",
        "al",
        "el",
        "bin",
        "ben",
        "di",
        "da",
        "dos",
        "la",
        "le",
    }
)
# Letters only, not glued to digits ("AF447" and "G7" are codes, not names).
_NAME_TOKEN = re.compile(r"(?<![\w])[^\W\d_]+(?:[-‐‑][^\W\d_]+)*(?![\w])")
_ACRONYM = re.compile(r"(?=[A-Z])\b[A-Z]{2,}\b")
_ROMAN_NUMERAL = re.compile(r"[IVXLCDM]+(?:e|er|ère|ème)?")
_SENTENCE_END = ".!?…:"
_NAME_JOIN = re.compile(r"[ \u00a0]|['’]")
# "M. Peskov", "Mgr. Lustiger", "D. Peskov": a title or an initial, not a sentence end.
_TITLE_ABBREV = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(a) for a in sorted(fr.TITLE_ABBREVIATIONS, key=lambda a: (-len(a), a)))
    + r"|[A-Z])\.\Z"
)
_PLURAL_DETERMINERS = re.compile(
    r"(?<!\w)(?:" + "|".join(fr.PLURAL_DETERMINERS) + r")[ \u00a0]+\Z", re.I
)
_FIRST_NAME_FOLLOWS = re.compile(r"[ \u00a0]+[A-Z][a-zà-ÿ]")
_OPENING = "«“\"‘'([—–-" + WS
_CLOSING = "»”’\"')]" + WS
# "le ministre de l'Intérieur", "ministre de l'Europe et des Affaires étrangères": the words
# between the holder and the capitalised word are connectors, capitalised words or adjectives.
_CONNECTOR = r"(?:de|du|des|la|le|les|aux?|à|et|chargée?|déléguée?|État)"
_ADJECTIVE = r"[a-zà-ÿ]+(?:" + "|".join(fr.ADJECTIVE_ENDINGS) + ")"
_PORTFOLIO = re.compile(
    r"(?<!\w)(?i:" + "|".join(fr.PORTFOLIO_HOLDERS) + r")"
    r"(?:[ ,\u00a0]+(?:[ld]['’])?(?:" + _CONNECTOR + r"|[A-ZÀ-ÖØ-Þ][\w-]*|" + _ADJECTIVE + r")"
    r"(?![\w-]))*?"
    r"[ \u00a0]+(?:(?:de|du|des|la|aux?|et)[ \u00a0]+|(?:de[ \u00a0]+)?l['’])\Z"
)
# "la Garde nationale", "le Trésor américain": an institution's common noun and its adjective.
_DETERMINER_BEFORE = re.compile(
    r"(?:(?<!\w)(?:" + "|".join(fr.DETERMINERS) + r")[ \u00a0]+|(?<!\w)l['’])\Z", re.I
)
_ADJECTIVE_AFTER = re.compile(r"[ \u00a0]+" + _ADJECTIVE + r"(?![\w-])")


def _sentence_start(text: str, start: int) -> bool:
    if start >= 2 and text[start - 1] in "'’" and text[start - 2].isalpha():
        return False  # elision: l'AFP, qu'Erevan
    i = start
    while i and text[i - 1] in _OPENING:
        i -= 1
    if i and text[i - 1] == "." and _TITLE_ABBREV.search(text, 0, i):
        return False  # "M. Peskov", "D. Peskov"
    if i and text[i - 1] in "»”’\"')]":  # "… perdu. » Interrogé", "(… 2023.) Les"
        while i and text[i - 1] in _CLOSING:
            i -= 1
        return i > 0 and text[i - 1] in _SENTENCE_END
    return i == 0 or text[i - 1] in _SENTENCE_END


def _common_noun(source: str, start: int, end: int) -> bool:
    """A capitalised French common noun: a ministry's portfolio ("ministre de l'Économie") or
    an institution with its adjective ("la Garde nationale", "le Trésor américain")."""
    window = source[max(0, start - 80) : start]
    if _PORTFOLIO.search(window):
        return True
    return bool(_DETERMINER_BEFORE.search(window) and _ADJECTIVE_AFTER.match(source, end))


def _name_runs(source: str, skip: list[tuple[int, int]]) -> list[list[tuple[str, int, int]]]:
    """Runs of capitalised tokens ("Dmitri Peskov", "Charles de Gaulle") outside ``skip``."""
    tokens = [(m.group(), m.start(), m.end()) for m in _NAME_TOKEN.finditer(source)]
    runs: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    pending: list[tuple[str, int, int]] = []  # connectors waiting for a capitalised token
    for token in tokens:
        text, start, end = token
        capital = text[0].isupper() and not overlaps((start, end), skip)
        joined = bool(current) and _NAME_JOIN.fullmatch(source, (pending or current)[-1][2], start)
        if capital and current and joined:
            current.extend(pending)
            current.append(token)
            pending = []
        elif current and joined and text in _NAME_CONNECTORS and len(pending) < 2:
            pending.append(token)  # "Charles de Gaulle", "Ursula von der Leyen"
        else:
            if current:
                runs.append(current)
            current = [token] if capital else []
            pending = []
    if current:
        runs.append(current)
    return runs


def _present(forms: Iterable[str], folded_target: str) -> bool:
    return any(
        re.search(r"(?<!\w)" + re.escape(fold(form)) + r"(?!\w)", folded_target) for form in forms
    )


def _similar(name: str, target_words: set[str]) -> bool:
    """A target word close to ``name``: Dmitri/Dmitry, Arméniens/Armenians, Peskov/Peskov's."""
    from difflib import SequenceMatcher

    folded = fold(name)
    if folded in target_words:
        return True
    for word in target_words:
        prefix = 0
        for a, b in zip(folded, word, strict=False):
            if a != b:
                break
            prefix += 1
        if prefix >= min(5, len(folded)) and len(word) >= 3:
            return True
        if len(word) >= 4 and SequenceMatcher(None, folded, word).ratio() >= 0.8:
            return True
    return False


def _found(name: str, folded_target: str, target_words: set[str]) -> bool:
    """``name`` (or a known translation of it, or a close spelling) occurs in the target."""
    forms = (name, *_aliases().keys.get(fold(name), ((), {}))[0])
    return _present(forms, folded_target) or _similar(name, target_words)


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


@dataclass(slots=True)
class _Report:
    """The findings of one check run; each name is reported once."""

    findings: list[Finding] = field(default_factory=list)
    reported: set[str] = field(default_factory=set)

    def missing(self, name: str, span: tuple[int, int], severity: str, expected: str = "") -> None:
        if fold(name) in self.reported:
            return
        self.reported.add(fold(name))
        extra = f" (expected {expected})" if expected else ""
        message = f"name {name} is missing from the translation{extra}"
        self.findings.append(Finding(_NAME, severity, message, None, span))


@dataclass(frozen=True, slots=True)
class _Target:
    folded: str
    words: set[str]
    #: French acronyms often reverse in English: BCE -> ECB, FMI -> IMF, SIDA -> AIDS.
    acronyms: list[list[str]]


def _known_names(
    ctx: QAContext, target: _Target, covered: list[tuple[int, int]], report: _Report
) -> None:
    """Names of the alias table with their translations (Haut-Karabakh -> Nagorno-Karabakh,
    Moscou -> Moscow); their spans join ``covered``."""
    source = ctx.source
    aliases = _aliases()
    for m in aliases.pattern.finditer(source):
        if overlaps(m.span(), covered):
            continue
        if " " not in m.group() and _FIRST_NAME_FOLLOWS.match(source, m.end()):
            continue  # "Dmitri Peskov": checked below as a full name, by its surname
        covered.append(m.span())
        forms, preferred = aliases.keys[fold(m.group())]
        if not (_present(forms, target.folded) or _present([m.group()], target.folded)):
            suggestion = preferred.get(ctx.lang, "")
            expected = "" if suggestion == m.group() else suggestion
            report.missing(m.group(), m.span(), "warning", expected)


def _trimmed(run: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A run without its leading non-names and connectors and its trailing connectors."""
    while run and (run[0][0].lower() in _NOT_NAMES or run[0][0] in _NAME_CONNECTORS):
        run = run[1:]
    while run and run[-1][0] in _NAME_CONNECTORS:
        run = run[:-1]
    return run


def _is_skipped_word(source: str, word: str, start: int) -> bool:
    """A single capitalised word that need not be in the target: too short, a common word, a
    sentence-initial word, a capitalised common noun (a portfolio, an institution), or a
    people ("les Russes" -> "người Nga")."""
    return (
        len(word) < 3
        or word.lower() in _NOT_NAMES
        or _sentence_start(source, start)
        or (word.endswith("s") and _PLURAL_DETERMINERS.search(source, 0, start) is not None)
        or _common_noun(source, start, start + len(word))
    )


def _other_names(
    source: str, target: _Target, covered: list[tuple[int, int]], report: _Report
) -> None:
    """Every other run of capitalised words: full names, acronyms, single names."""
    for run in _name_runs(source, covered):
        run = _trimmed(run)
        if not run:
            continue
        span = (run[0][1], run[-1][2])
        name = source[span[0] : span[1]]
        words = [t for t in run if t[0] not in _NAME_CONNECTORS]
        if len(words) >= 2:  # a full name: its surname must be there (first names vary)
            surname = words[-1][0]
            if not (
                _present([name], target.folded) or _found(surname, target.folded, target.words)
            ):
                report.missing(name, span, "warning")
            continue
        word, start, _ = words[0]
        if _ROMAN_NUMERAL.fullmatch(word):
            continue  # "Louis XIV", "le XXe siècle"
        if len(word) >= 2 and word.isupper():  # acronym
            if not (_present([word], target.folded) or sorted(word) in target.acronyms):
                report.missing(word, span, "warning")
            continue
        if not _is_skipped_word(source, word, start) and not _found(
            word, target.folded, target.words
        ):
            report.missing(word, span, "info")


@check(_NAME, "warning", "proper names and acronyms of the source kept in the target")
def check_names(ctx: QAContext) -> list[Finding]:
    if _shouting(ctx.source):
        return []  # an all-capitals headline: every word looks like a name
    folded = fold(ctx.target)
    target = _Target(
        folded, set(re.findall(r"\w+", folded)), [sorted(a) for a in _ACRONYM.findall(ctx.target)]
    )
    report = _Report()
    covered: list[tuple[int, int]] = []
    if ctx.glossary is not None:  # the glossary check reports those
        covered.extend(span for _, span in ctx.glossary.find(ctx.source))
    _known_names(ctx, target, covered, report)
    _other_names(ctx.source, target, covered, report)
    return report.findings
