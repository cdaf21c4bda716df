"""French article text → ordered segments: sentences, titles and page chrome, with stable ids.

Reading (:func:`read_article`)
    UTF-8 only (a UTF-8 BOM is dropped); CRLF, CR, U+2028 and U+2029 become LF; NFC. A missing,
    directory, unreadable, binary, UTF-16/32, non-UTF-8, empty, whitespace-only or too large
    (``MAX_ARTICLE_BYTES``) file, or one holding U+0004 (which no PO file can carry), raises
    :class:`~workbench.errors.InputError`, one line long.

Paragraphs
    Every non-blank line is a paragraph of its own (news pages put one paragraph per line;
    blank lines only separate blocks), numbered from 1 in order, chrome included. One exception,
    for hard-wrapped text: a line that does not end with ``. ! ? …`` (closing quotes aside)
    followed, in the same block, by a line starting with a lower-case letter continues on that
    line; the two are one paragraph and the line break becomes one space. Segments never contain
    a line break.

Chrome (kind ``"chrome"``, kept in order but not translated), one reason per paragraph:
    ``no-text`` (no letter or digit: ``***``), ``date`` / ``number`` (a lone date, time or number:
    ``17/04/2024``, ``Publié le 17 avril 2024 à 10h30``, ``2 473``), ``boilerplate`` (a known site
    string: ``Lien source``, ``Comment (0)``, ``No data``, ``Partager``, ``Lire aussi : ...``),
    ``byline`` (a name glued to a date ``Báo Thanh niênBáo Thanh niên17/04/2024`` or up to four
    capitalised words before a date ``Le Monde 17/04/2024``, ``Par Jean Dupont``, an agency
    credit ``(avec AFP)``), ``not-french`` (:mod:`workbench.lang.detect` finds Vietnamese, English
    or a non-Latin script). A not-French paragraph is still split into sentences; the others are
    one segment each.

Titles (kind ``"title"``, one segment for the whole line)
    The first non-chrome paragraph is the title when it is a single line of at most
    ``MAX_TITLE_CHARS`` characters that does not read as prose (several sentences ending with a
    full stop). Later, a crosshead is a title too: a line standing alone in its block (blank line
    or edge before and after), at most ``MAX_HEADING_CHARS`` characters and ``MAX_HEADING_WORDS``
    words, one sentence, starting with a capital, digit or quote, not ending with
    ``. ! ? … : ; ,``, and followed later by some non-chrome paragraph.

Sentences (everything else is content, split into sentences)
    A sentence ends at a run of ``. ! ? …`` (``...`` too), plus any closing quotes or brackets
    (``»`` and ``”`` also after a space: ``« Oui. »``), followed by whitespace and then an
    upper-case letter, a digit or an opening quote or bracket. French spacing before ``?`` and
    ``!`` (space, U+00A0, U+202F) is fine: the space stays inside the sentence. No end:

    * after a title or non-word abbreviation (``M. MM. Mme Mlle Dr Pr Me Mgr St Ste av. apr. cf.
      env.`` ...), after initials (``D. Peskov``, ``J.-M. Le Pen``, ``J.-C.``), or after a
      reference abbreviation followed by a number (``p. 12``, ``art. 3``, ``n. 5``, ``vol. II``);
      ``etc.`` ends a sentence only before a capital;
    * after a lone list marker (``1. Le premier point``);
    * after ``(…)``, ``[…]`` or ``(...)`` (an elision inside a quotation);
    * inside a pair of parentheses at most ``MAX_PAREN_SPAN`` characters long;
    * numbers never split: ``2 000``, ``1,5``, ``12,5 %``, ``17/04/2024``, ``3.5`` have no
      whitespace after their punctuation.

    Quotations spanning several sentences are split like any text; no dash starts a sentence.

Ids
    :func:`segment_id` hashes the normalized source (NFC, whitespace collapsed) with its occurrence
    number among identical sources, so duplicates differ and unchanged sentences keep their id
    when an edited article is imported again.

Nothing is lost or reordered: joining the sources equals the NFC input, whitespace aside.
Everything is linear in the input size (possessive regexes, bounded look-behind windows).
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import shlex
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError
from workbench.lang.detect import detect_language

KINDS = ("content", "title", "chrome")
CHROME_REASONS = ("no-text", "date", "number", "boilerplate", "byline", "not-french")

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
MAX_TITLE_CHARS = 250
MAX_HEADING_CHARS = 160
MAX_HEADING_WORDS = 25
MAX_PAREN_SPAN = 400
MAX_SHORT_LINE = 160  # date, boilerplate and byline rules only look at lines this short


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of an article, in order.

    ``id`` comes from :func:`segment_id`; ``position`` is the 1-based order in the article;
    ``paragraph`` the 1-based paragraph number; ``kind`` one of KINDS; ``reason`` one of
    CHROME_REASONS for chrome, else None; ``source`` the NFC text, stripped, with its inner
    whitespace as in the input (never a line break).
    """

    id: str
    position: int
    paragraph: int
    kind: str
    reason: str | None
    source: str


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------- ids


def normalize_source(source: str) -> str:
    """NFC, whitespace runs collapsed to one space, stripped: the text an id is made from."""
    return " ".join(unicodedata.normalize("NFC", source).split())


def segment_id(source: str, occurrence: int) -> str:
    """Stable id from the normalized source and its 0-based occurrence among identical sources.

    ``"s" + sha1(f"{norm}\\x1f{occurrence}".encode("utf-8")).hexdigest()[:12]`` where ``norm``
    is :func:`normalize_source` of ``source``.
    """
    norm = normalize_source(source)
    return "s" + hashlib.sha1(f"{norm}\x1f{occurrence}".encode()).hexdigest()[:12]


# ---------------------------------------------------------------- reading

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"),
)


def _shown(path: str | os.PathLike[str]) -> str:
    """The path for a one-line message: control characters escaped, quoted for a shell."""
    text = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
        for ch in os.fspath(path)
    )
    return shlex.quote(text)


def normalize_text(text: str) -> str:
    """Line breaks to LF (CRLF, CR, U+2028, U+2029) and NFC; no other change."""
    text = _LINE_BREAKS.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def read_article(path: str | os.PathLike[str]) -> str:
    """Read an article file and return its normalized text (UTF-8, LF line breaks, NFC).

    Raises :class:`InputError` with a one-line message saying what is wrong and what to do.
    """
    p = Path(path)
    shown = _shown(path)
    try:
        is_dir, exists = p.is_dir(), p.exists()
    except (OSError, ValueError) as exc:
        detail = " ".join(str(exc).split())
        raise InputError(f"{shown} is not a usable path ({detail}); check the path.") from None
    if is_dir:
        raise InputError(f"{shown} is a directory; give the path of a UTF-8 text file.")
    if not exists:
        raise InputError(f"article file {shown} does not exist; check the path.")
    try:
        with p.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except PermissionError:
        raise InputError(
            f"article file {shown} cannot be read (permission denied); check its permissions."
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"article file {shown} cannot be read ({reason}).") from None
    if len(data) > MAX_ARTICLE_BYTES:
        limit = f"{MAX_ARTICLE_BYTES / 1024 / 1024:g} MB"
        raise InputError(
            f"article file {shown} is larger than {limit}; split it into several articles."
        )
    if not data:
        raise InputError(f"article file {shown} is empty; give a file with the article text.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                f"{shown} is {what}, not a text article; save the article as UTF-8 plain text."
            )
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(
            f"{shown} is UTF-32 (it starts with a UTF-32 byte order mark); "
            f"convert it with iconv -f utf-32 -t utf-8."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{shown} is UTF-16 (it starts with a UTF-16 byte order mark); "
            f"convert it with iconv -f utf-16 -t utf-8."
        )
    if b"\x00" in data:
        head = data[:4096]
        if head.count(b"\x00") * 3 >= len(head):
            raise InputError(
                f"{shown} contains NUL bytes and looks like UTF-16 without a byte order mark; "
                f"convert it with iconv -f utf-16le -t utf-8."
            )
        offset = data.index(b"\x00")
        raise InputError(
            f"{shown} is binary (NUL byte at offset {offset}), not a text article; "
            f"give a UTF-8 text file."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        target = _shown(p.with_name(p.stem + ".utf8.txt"))
        raise InputError(
            f"{shown} is not UTF-8 (byte 0x{bad:02X} at offset {exc.start}); convert it with "
            f"iconv -f latin1 -t utf-8 {shown} > {target} (or -f windows-1252)."
        ) from None
    if "\x04" in text:  # gettext's msgctxt separator: no PO file could hold this source
        line = text.count("\n", 0, text.index("\x04")) + 1
        raise InputError(
            f"{shown} contains the control character U+0004 (EOT) on line {line}, which PO "
            f"files cannot hold; delete it and import again."
        )
    if not text.strip():
        what = "is empty" if not text else "contains only whitespace"
        raise InputError(f"article file {shown} {what}; give a file with the article text.")
    return normalize_text(text)


# ---------------------------------------------------------------- sentences

# A run of terminal punctuation (starting where the run starts: the look-behind keeps a long run
# of dots linear), optional closing quotes/brackets (» and ” may follow a space, French style),
# then whitespace before a non-space character.
_BOUNDARY = re.compile(
    r"(?<![.!?…])(?P<term>[.!?…]++)"
    r"(?P<close>(?:[»”’\"')\]]|[ \t\u00a0\u202f]++[»”])*+)"
    r"\s++(?=\S)"
)
_OPENERS = frozenset("«“„‘‹\"'([{")
_TITLE_ABBREVIATIONS = _wordset(
    "M MM Mme Mmes Mlle Mlles Dr Drs Pr Me Mgr Mr Mrs Ms St Ste Sts Stes Gén Gal Col Cdt Lt Prof"
    " Cie Sté Vve"
)
_ALWAYS_ABBREVIATIONS = _wordset("av apr cf env c.-à-d c.-à-dire ibid op éd coll")
_NUMBER_ABBREVIATIONS = _wordset("art vol chap ch p pp n no nº fig t tab sq sqq réf ref tél tel al")
_INITIALS = re.compile(r"(?:[A-ZÀ-ÖØ-Þ]\.-?)*[A-ZÀ-ÖØ-Þ]")
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}|[IVXLC]{1,6}|[a-zA-Z])")
_NUMBER_START = re.compile(r"\d|[IVXLCDM]+(?![^\W\d_])")
_TOKEN_WINDOW = 40
_MAX_ENUMERATOR = 8
_PARENS = re.compile(r"[()]")


def _starts_sentence(ch: str) -> bool:
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
    return lower in _NUMBER_ABBREVIATIONS and _NUMBER_START.match(text, next_start) is not None


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
    pairs.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start, end in pairs:
        if ends and start < ends[-1]:
            continue  # nested in the previous outermost pair
        starts.append(start)
        ends.append(end)
    return starts, ends


def _inside_parens(pos: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and pos <= ends[i]


def _is_boundary(text: str, m: re.Match[str], sentence_start: int) -> bool:
    next_start = m.end()
    if not _starts_sentence(text[next_start]):
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
    start = len(text) - len(text.lstrip())
    for m in _BOUNDARY.finditer(text):
        cut = m.end("close")
        if cut <= start or not _is_boundary(text, m, start):
            continue
        if starts and _inside_parens(cut, starts, ends):
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


# ---------------------------------------------------------------- chrome

_ALNUM = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"\d")
_DATE_SEPARATORS = re.compile(r"[\s,|·•–—]+")
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)?")
_DATE_NUMBER_TOKEN = re.compile(r"\d{1,4}(?:[/.:h-]\d{1,4})*(?:h|er|e|ème|re)?")
_TIMEZONE_TOKEN = re.compile(r"(?:gmt|utc|cet|cest)(?:[+-]\d{1,2}(?::?\d{2})?)?")
_DATE_WORDS = _wordset("""
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    janv févr avr juil sept oct nov déc
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep
    lundi mardi mercredi jeudi vendredi samedi dimanche
    monday tuesday wednesday thursday friday saturday sunday
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


# ---------------------------------------------------------------- paragraphs and titles

_TERMINALS = ".!?…"
_HEADING_BAD_END = ".!?…:;,"
_CLOSERS = "»”’\"')] \t\u00a0\u202f"


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    alone: bool  # the only paragraph of its block (blank line or edge before and after)
    joined: bool  # made of several hard-wrapped lines


def _continues(previous: str, line: str) -> bool:
    """True when ``line`` carries on the sentence of ``previous`` (hard-wrapped text)."""
    if not line[0].islower():
        return False
    core = previous.rstrip(_CLOSERS)
    return not core or core[-1] not in _TERMINALS


def _paragraphs(text: str) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    block: list[str] = []

    def flush() -> None:
        groups: list[list[str]] = []
        for line in block:
            if groups and _continues(groups[-1][-1], line):
                groups[-1].append(line)
            else:
                groups.append([line])
        for group in groups:
            paragraphs.append(_Paragraph(" ".join(group), len(groups) == 1, len(group) > 1))
        block.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            block.append(line)
        elif block:
            flush()
    if block:
        flush()
    return paragraphs


def _is_title(paragraph: _Paragraph, sentences: int) -> bool:
    text = paragraph.text
    if paragraph.joined or len(text) > MAX_TITLE_CHARS:
        return False
    return sentences == 1 or not text.endswith(".")


def _is_heading(paragraph: _Paragraph, sentences: int) -> bool:
    text = paragraph.text
    if not paragraph.alone or paragraph.joined or sentences != 1:
        return False
    if len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    core = text.rstrip(_CLOSERS)
    if not core or core[-1] in _HEADING_BAD_END:
        return False
    return _starts_sentence(text[0])


# ---------------------------------------------------------------- segments


def segment_text(text: str) -> list[Segment]:
    """Split normalized article text into ordered segments (see the module docstring)."""
    paragraphs = _paragraphs(normalize_text(text))
    reasons = [chrome_reason(p.text) for p in paragraphs]
    last_text = max((i for i, r in enumerate(reasons) if r is None), default=-1)

    pieces: list[tuple[int, str, str | None, str]] = []  # paragraph, kind, reason, source
    seen_text = False
    for number, (paragraph, reason) in enumerate(zip(paragraphs, reasons, strict=True), start=1):
        spans = sentence_spans(paragraph.text)
        if reason is not None:
            if reason == "not-french":
                pieces.extend((number, "chrome", reason, paragraph.text[a:b]) for a, b in spans)
            else:
                pieces.append((number, "chrome", reason, paragraph.text))
            continue
        if not seen_text:
            seen_text = True
            title = _is_title(paragraph, len(spans))
        else:
            title = number - 1 < last_text and _is_heading(paragraph, len(spans))
        if title:
            pieces.append((number, "title", None, paragraph.text))
        else:
            pieces.extend((number, "content", None, paragraph.text[a:b]) for a, b in spans)

    segments: list[Segment] = []
    occurrences: dict[str, int] = {}
    for position, (number, kind, reason, source) in enumerate(pieces, start=1):
        norm = normalize_source(source)
        occurrence = occurrences.get(norm, 0)
        occurrences[norm] = occurrence + 1
        segments.append(
            Segment(segment_id(norm, occurrence), position, number, kind, reason, source)
        )
    return segments


def segment_file(path: str | os.PathLike[str]) -> list[Segment]:
    """:func:`read_article` then :func:`segment_text`."""
    return segment_text(read_article(path))


def title_of(segments: list[Segment]) -> str:
    """The first title segment's text, else the first content segment's, else ``""``."""
    for kind in ("title", "content"):
        for segment in segments:
            if segment.kind == kind:
                return segment.source
    return ""
