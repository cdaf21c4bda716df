"""Page chrome: lines of a news page that are not the article (kind ``"chrome"``, kept in order
but not translated), one reason per paragraph.

``no-text`` (no letter or digit: ``***``), ``date`` / ``number`` (a lone date, time or number:
``17/04/2024``, ``Publié le 17 avril 2024 à 10h30``, ``2 473``), ``boilerplate`` (a known site
string: ``Lien source``, ``Comment (0)``, ``No data``, ``Partager``, ``Lire aussi : ...``),
``byline`` (a name glued to a date ``Báo Thanh niênBáo Thanh niên17/04/2024`` or up to four
capitalised words before a date ``Le Monde 17/04/2024``, ``Par Jean Dupont``, an agency
credit ``(avec AFP)``), ``not-french`` (:mod:`workbench.lang.detect` finds Vietnamese, English
or a non-Latin script).
"""

from __future__ import annotations

import re

from workbench.lang import en, fr
from workbench.lang.detect import detect_language

CHROME_REASONS = ("no-text", "date", "number", "boilerplate", "byline", "not-french")
MAX_SHORT_LINE = 160  # date, boilerplate and byline rules only look at lines this short


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ALNUM = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"\d")
_DATE_SEPARATORS = re.compile(r"[\s,|·•–—]+")
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)?")
_DATE_NUMBER_TOKEN = re.compile(r"\d{1,4}(?:[/.:h-]\d{1,4})*(?:h|er|e|ème|re)?")
_TIMEZONE_TOKEN = re.compile(r"(?:gmt|utc|cet|cest)(?:[+-]\d{1,2}(?::?\d{2})?)?")
#: Words of a dateline ("Publié le 17 avril 2024 à 10h30", "Updated on Monday, 12 Dec"), lower
#: case: French and English months, their abbreviations and weekdays, and these.
_DATE_WORDS = frozenset(
    word.lower()
    for lang in (fr, en)
    for words in (lang.MONTHS, lang.MONTH_ABBREVIATIONS, lang.WEEKDAYS)
    for word in words
) | _wordset("""
    le à publié publiée mis mise jour modifié modifiée actualisé actualisée updated published
    on at am pm heure heures h
    """)
_BOILERPLATE = frozenset(
    entry.strip()
    for entry in """
    lien source|source|sources|comment (#)|comments (#)|commentaire (#)|commentaires (#)
    commentaires|comments|commenter|no data|event calendar|no videos available|happy vietnam
    partager|partager cet article|partagez|share|share this|print|imprimer|envoyer|e-mail|email
    lire aussi|à lire aussi|voir aussi|lire également|lire la suite|lire plus|voir plus
    en savoir plus
    read more|see more|load more|related|related articles|related news|tags|mots-clés|mots clés
    sur le même sujet|dans la même rubrique|articles similaires|articles liés|même sujet
    publicité|advertisement|sponsored|contenu sponsorisé|abonnez-vous|s'abonner|s’abonner
    newsletter|suivez-nous|follow us|facebook|twitter|linkedin|whatsapp|telegram|zalo
    retour en haut|haut de page|accueil|home|menu|fermer|close|copier le lien|copy link
    """.replace("\n", "|").split("|")
    if entry.strip()
)
_BOILERPLATE_PREFIX = re.compile(
    r"(?:à\s+)?(?:lire|voir)\s+(?:aussi|également)\s*[:›>»-]"
    r"|sur\s+le\s+même\s+sujet\s*:"
    r"|(?:crédits?\s+)?photos?\s*:"
    r"|(?:tags|mots-clés)\s*:",
    re.IGNORECASE,
)
_COUNT_IN_PARENS = re.compile(r"\(\s*\d+\s*\)")
_NAME_DATE = re.compile(
    r"(?P<name>[^.!?:;\d]{0,79}[^\W\d_])(?P<space>\s*)"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s*[,|-]?\s*\d{1,2}[:h]\d{2})?"
    r"(?:\s*(?:GMT|UTC|gmt|utc)(?:[+-]\d{1,2})?)?"
)
_BY_PREFIX = re.compile(r"(?:par|by)\s+(?P<rest>\S.*)", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|\(|\s[-–—|]\s)")
_NAME_PARTICLES = _wordset("de du des d’ d' le la van von der den da di dos et and")
_AGENCY = r"(?:AFP|Reuters|AP|RT|TASS|Belga|ATS|Xinhua|VNA|TTXVN|DPA|ANSA|EFE)"
_CREDIT = re.compile(
    rf"\(?(?:(?:avec|with|sources?\s*:)\s*)?{_AGENCY}(?:\s*(?:,|/|et|and|&)\s*{_AGENCY})*\)?"
)


def _date_or_number(text: str) -> str | None:
    if _DIGIT.search(text) is None:
        return None
    tokens = [t.strip("()[].") for t in _DATE_SEPARATORS.split(text)]
    tokens = [t for t in tokens if t and t not in ("-", ":", "/")]
    if not tokens:
        return None
    if all(_NUMBER_TOKEN.fullmatch(t) for t in tokens):
        return "number"
    for token in tokens:
        lower = token.lower()
        if not (
            lower in _DATE_WORDS
            or _DATE_NUMBER_TOKEN.fullmatch(lower)
            or _TIMEZONE_TOKEN.fullmatch(lower)
        ):
            return None
    return "date"


def _is_boilerplate(text: str) -> bool:
    key = " ".join(_COUNT_IN_PARENS.sub("(#)", text).casefold().split()).rstrip(" :›>»")
    return key in _BOILERPLATE or _BOILERPLATE_PREFIX.match(text) is not None


def _is_byline(text: str) -> bool:
    if _CREDIT.fullmatch(text):
        return True
    dated = _NAME_DATE.fullmatch(text)
    if dated:
        if not dated.group("space"):
            return True  # glued: "Báo Thanh niênBáo Thanh niên17/04/2024"
        words = dated.group("name").split()
        return len(words) <= 4 and all(w[:1].isupper() for w in words)
    by = _BY_PREFIX.fullmatch(text)
    if by is None or text.endswith("."):
        return False
    parts = _BYLINE_SPLIT.split(by.group("rest"), maxsplit=1)
    words = parts[0].split()
    if not 1 <= len(words) <= 5 or not words[0][:1].isupper():
        return False
    if len(parts) > 1 and len(parts[1]) > 60:
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words)


def chrome_reason(paragraph: str) -> str | None:
    """Why ``paragraph`` is page chrome (one of CHROME_REASONS), or None for article text."""
    text = paragraph.strip()
    if not _ALNUM.search(text):
        return "no-text"
    if len(text) <= MAX_SHORT_LINE:
        reason = _date_or_number(text)
        if reason:
            return reason
        if _is_boilerplate(text):
            return "boilerplate"
        if _is_byline(text):
            return "byline"
    if detect_language(text) not in ("fr", "unknown"):
        return "not-french"
    return None
