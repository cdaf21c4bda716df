"""French sentence rules: where one paragraph's sentences end.

A sentence ends at a run of ``. ! ? …`` (``...`` too), plus any closing quotes or brackets
(``»`` and ``”`` also after a space: ``« Oui. »``), followed by whitespace and then an
upper-case letter, a digit or an opening quote or bracket. French spacing before ``?`` and
``!`` (space, U+00A0, U+202F) is fine: the space stays inside the sentence. No end:

* after a title or non-word abbreviation (``M. MM. Mme Mlle Dr Pr Me Mgr St Ste av. apr. cf.
  env.`` ...), after initials (``D. Peskov``, ``J.-M. Le Pen``, ``J.-C.``), or after a
  reference abbreviation followed by a number (``p. 12``, ``art. 3``, ``n. 5``, ``vol. II``);
  ``etc.`` ends a sentence only before a capital;
* after an abbreviated month (``janv. févr. fév. avr. juil. juill. sept. oct. nov. déc.``)
  before a number or an opening bracket: ``le 5 janv. 2024``, ``PARIS, 5 févr. (AFP)``;
  ``sept.`` (also the number seven: "Ils étaient sept.") only after a day or before a year.
  Before a capital it ends the sentence (French typography: the abbreviation's period is
  then also the full stop, "Il arrive le 5 févr. Le ministre ...");
* after a lone list marker (``1. Le premier point``);
* after ``(…)``, ``[…]`` or ``(...)`` (an elision inside a quotation);
* inside a pair of parentheses at most ``MAX_PAREN_SPAN`` characters long;
* numbers never split: ``2 000``, ``1,5``, ``12,5 %``, ``17/04/2024``, ``3.5`` have no
  whitespace after their punctuation.

A quotation followed by its attribution (``« Il pleut. Tout le riz est perdu », a déclaré
M. X.``: a ``»`` or ``”`` then a comma or a lower-case word) is one segment with it, as a
translator needs it: English may move the attribution ("'It rains,' said Mr X. 'All the rice
is lost.'"), and a split would leave the first sentence with an unclosed quote and the last
with the attribution of the whole (when the quotation is at most ``MAX_QUOTE_SPAN`` characters
long; ``« … »`` and ``“ … ”``, outermost pairs). Other quotations spanning several sentences
are split like any text; no dash starts a sentence.
Linear in the input size (possessive regexes, bounded look-behind windows).
"""

from __future__ import annotations

import bisect
import re

from workbench.lang import fr

MAX_PAREN_SPAN = 400
MAX_QUOTE_SPAN = 600


# A run of terminal punctuation (starting where the run starts: the look-behind keeps a long run
# of dots linear), optional closing quotes/brackets (» and ” may follow a space, French style),
# then whitespace before a non-space character.
_BOUNDARY = re.compile(
    r"(?<![.!?…])(?P<term>[.!?…]++)"
    r"(?P<close>(?:[»”’\"')\]]|[ \t\u00a0\u202f]++[»”])*+)"
    r"\s++(?=\S)"
)
_OPENERS = frozenset("«“„‘‹\"'([{")
_TITLE_ABBREVIATIONS = fr.TITLE_ABBREVIATIONS
_ALWAYS_ABBREVIATIONS = fr.ALWAYS_ABBREVIATIONS
_NUMBER_ABBREVIATIONS = fr.NUMBER_ABBREVIATIONS
_INITIALS = re.compile(r"(?:[A-ZÀ-ÖØ-Þ]\.-?)*[A-ZÀ-ÖØ-Þ]")
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}|[IVXLC]{1,6}|[a-zA-Z])")
_NUMBER_START = re.compile(r"\d|[IVXLCDM]+(?![^\W\d_])")
_TOKEN_WINDOW = 40
_MAX_ENUMERATOR = 8
_PARENS = re.compile(r"[()]")
_MONTH_ABBREVIATIONS = frozenset(fr.MONTH_ABBREVIATIONS)
_AMBIGUOUS_MONTHS = fr.AMBIGUOUS_MONTH_ABBREVIATIONS
_AFTER_MONTH = re.compile(r"\d|[(\[]")
_YEAR = re.compile(r"\d{4}(?!\d)")
_DAY_BEFORE = re.compile(r"(?:^|[\s(])(?:\d{1,2}|1er)[ \u00a0\u202f]\Z")
_QUOTE_MARKS = re.compile(r"[«»“”]")
_QUOTE_PAIRS = {"»": "«", "”": "“"}
#: After a closing quote, what comes before its attribution (", a déclaré", "» dit-il").
_ATTRIBUTION = re.compile(r"[ \t\u00a0\u202f]*+(?P<next>.)")


def starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.istitle() or ch.isdigit() or ch in _OPENERS


def _token_before(text: str, end: int) -> str | None:
    """The word just before ``end`` (opening punctuation and an elided article removed)."""
    lo = max(0, end - _TOKEN_WINDOW)
    window = text[lo:end]
    cut = max(window.rfind(" "), window.rfind("\t"), window.rfind("\u00a0"), window.rfind("\u202f"))
    if cut < 0 and lo > 0:
        return None
    token = window[cut + 1 :].lstrip("«“„‘‹\"'([{")
    for apostrophe in ("’", "'"):
        if apostrophe in token:
            token = token.rsplit(apostrophe, 1)[1]
    return token


def _is_abbreviation(text: str, term_start: int, next_start: int) -> bool:
    token = _token_before(text, term_start)
    if not token:
        return False
    if token in _TITLE_ABBREVIATIONS or _INITIALS.fullmatch(token):
        return True
    lower = token.lower()
    if lower in _ALWAYS_ABBREVIATIONS:
        return True
    if lower in _MONTH_ABBREVIATIONS:
        return _is_month(text, term_start - len(token), lower, next_start)
    return lower in _NUMBER_ABBREVIATIONS and _NUMBER_START.match(text, next_start) is not None


def _is_month(text: str, token_start: int, token: str, next_start: int) -> bool:
    """The abbreviated month at ``token_start`` does not end its sentence (see the docstring)."""
    if not _AFTER_MONTH.match(text, next_start):
        return False
    if token not in _AMBIGUOUS_MONTHS:
        return True
    before = text[max(0, token_start - 8) : token_start]
    return _DAY_BEFORE.search(before) is not None or _YEAR.match(text, next_start) is not None


def _attributed_quotes(text: str) -> tuple[list[int], list[int]]:
    """Outermost matched ``« … »`` / ``“ … ”`` pairs, at most MAX_QUOTE_SPAN characters long,
    whose closing mark is followed by an attribution: (starts, ends)."""
    if "»" not in text and "”" not in text:
        return [], []
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for m in _QUOTE_MARKS.finditer(text):
        mark = m.group()
        if mark in "«“":
            stack.append((mark, m.start()))
            continue
        while stack and stack[-1][0] != _QUOTE_PAIRS[mark]:
            stack.pop()  # an unclosed inner quote
        if not stack:
            continue
        start = stack.pop()[1]
        if m.start() - start <= MAX_QUOTE_SPAN and _attributed(text, m.end()):
            pairs.append((start, m.start()))
    return _outermost(pairs)


def _attributed(text: str, after_quote: int) -> bool:
    """The sentence goes on after the closing quote: a comma or a lower-case word follows."""
    m = _ATTRIBUTION.match(text, after_quote)
    return m is not None and (m.group("next") == "," or m.group("next").islower())


def _outermost(pairs: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    pairs.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start, end in pairs:
        if ends and start < ends[-1]:
            continue  # nested in the previous outermost pair
        starts.append(start)
        ends.append(end)
    return starts, ends


def _paren_spans(text: str) -> tuple[list[int], list[int]]:
    """Outermost matched ``( ... )`` pairs no longer than MAX_PAREN_SPAN: (starts, ends)."""
    if "(" not in text or ")" not in text:
        return [], []
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for m in _PARENS.finditer(text):
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            start = stack.pop()
            if m.start() - start <= MAX_PAREN_SPAN:
                pairs.append((start, m.start()))
    return _outermost(pairs)


def _inside(pos: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and pos <= ends[i]


def _is_boundary(text: str, m: re.Match[str], sentence_start: int) -> bool:
    next_start = m.end()
    if not starts_sentence(text[next_start]):
        return False
    term = m.group("term")
    term_start = m.start("term")
    if set(term) == {"."} and len(term) <= 2:
        if _is_abbreviation(text, term_start, next_start):
            return False
        if term_start - sentence_start <= _MAX_ENUMERATOR and _ENUMERATOR.fullmatch(
            text[sentence_start:term_start].strip()
        ):
            return False
    elif (
        (term[0] == "…" or term.startswith("..."))
        and term_start > 0
        and text[term_start - 1] in "(["
        and m.group("close")[:1] in (")", "]")
    ):
        return False
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, stripped, in order, covering all its text."""
    spans: list[tuple[int, int]] = []
    starts, ends = _paren_spans(text)
    q_starts, q_ends = _attributed_quotes(text)
    start = len(text) - len(text.lstrip())
    for m in _BOUNDARY.finditer(text):
        cut = m.end("close")
        if cut <= start or not _is_boundary(text, m, start):
            continue
        if starts and _inside(cut, starts, ends):
            continue
        if q_starts and _inside(cut, q_starts, q_ends):
            continue
        spans.append((start, cut))
        start = m.end()
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of one paragraph (French rules above)."""
    return [text[a:b] for a, b in sentence_spans(text)]
