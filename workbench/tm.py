"""Translation memory: the approved segments of every article in the workspace.

Store-free: :class:`TMIndex` is built from plain :class:`TMEntry` values (the store reads
them) and answers two questions for a French source sentence:

* an **exact** match (100 %), or **101 %** when the neighbouring sentences match too
  (in-context match, as CAT tools call it): used instead of machine translation;
* **fuzzy** matches (>= 75 % by default): offered to the reviewer with their percentage
  and the source words that differ.

Similarity is the Indel (longest common subsequence) ratio over word tokens,
``2·LCS / (len(a) + len(b))``, computed by ``rapidfuzz``. No match above the threshold is
missed: a sentence ``a`` with ``n`` tokens can reach ``t`` % only with a sentence that shares
at least ``o = ⌈t·n / (200 − t)⌉`` of its tokens and has between ``o`` and ``n·(200 − t)/t``
tokens, so it must contain one of ``a``'s ``n − o + 1`` rarest tokens (prefix filtering). Only
the entries holding one of those are scored, which keeps a lookup fast with 100,000 entries
(see ``benchmarks/tm_bench.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from workbench.errors import WorkbenchError

FUZZY_THRESHOLD = 75
_WORD_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


class TMDataError(WorkbenchError, ValueError):
    """A stored translation-memory match is not what :meth:`TMMatch.to_json` writes."""


def normalize(text: str) -> str:
    """The key of an exact match: NFC, whitespace collapsed, straight apostrophes."""
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    return _WORD_RE.findall(normalize(text).casefold())


@dataclass(frozen=True, slots=True)
class TMEntry:
    source: str
    target: str
    slug: str
    segment_id: str
    prev: str | None = None  # source of the previous segment in its article
    next: str | None = None


@dataclass(frozen=True, slots=True)
class TMMatch:
    score: int  # percent; 101 for an exact match whose neighbours match too
    source: str
    target: str
    slug: str
    segment_id: str
    differences: tuple[str, ...] = ()  # words of the query that the TM source lacks or changes

    def to_json(self) -> dict[str, object]:
        return {
            "score": self.score,
            "source": self.source,
            "target": self.target,
            "slug": self.slug,
            "segment_id": self.segment_id,
            "differences": list(self.differences),
        }

    @classmethod
    def from_json(cls, data: object) -> TMMatch:
        """The match :meth:`to_json` wrote; :class:`TMDataError` for anything else."""
        if not isinstance(data, dict):
            raise TMDataError(f"a TM match is a JSON object, not {type(data).__name__}")
        missing = [k for k in ("score", "source", "target", "slug", "segment_id") if k not in data]
        if missing:
            raise TMDataError(f"a TM match lacks {', '.join(missing)}")
        diffs = data.get("differences") or []
        if not isinstance(diffs, list):
            raise TMDataError(f"a TM match's differences are a list, not {type(diffs).__name__}")
        try:
            score = int(str(data["score"]))
        except ValueError:
            raise TMDataError(f"a TM match's score is a number, not {data['score']!r}") from None
        return cls(
            score=score,
            source=str(data["source"]),
            target=str(data["target"]),
            slug=str(data["slug"]),
            segment_id=str(data["segment_id"]),
            differences=tuple(str(d) for d in diffs),
        )


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and normalize(a) == normalize(b)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


#: Tokens become characters (rapidfuzz compares strings fastest), one per distinct token,
#: skipping the surrogates: at most this many distinct tokens fit; beyond, lists of ids are used.
_MAX_CHARS = 0x110000 - 0x800


def _char(token_id: int) -> str:
    return chr(token_id if token_id < 0xD800 else token_id + 0x800)


class _Alphabet(dict[str, str]):
    """Token -> its character; a token seen for the first time gets the next one."""

    def __missing__(self, token: str) -> str:
        if len(self) >= _MAX_CHARS:
            raise OverflowError("more distinct tokens than characters")
        char = self[token] = _char(len(self))
        return char


def _encode(
    words: list[list[str]],
) -> tuple[Mapping[str, object], list[Sequence[object]], object]:
    """(token -> symbol, each entry's symbols, a symbol no token has): strings of characters,
    or lists of integer ids for a vocabulary too large for characters."""
    alphabet = _Alphabet()
    try:
        return (
            alphabet,
            ["".join(map(alphabet.__getitem__, w)) for w in words],
            _char(len(alphabet)),
        )
    except OverflowError:
        ids: dict[str, int] = {}
        return ids, [[ids.setdefault(t, len(ids)) for t in w] for w in words], len(ids)


def _differences(
    entry: Sequence[object], query: Sequence[object], words: Sequence[str]
) -> tuple[str, ...]:
    """The runs of query words that the entry lacks or has otherwise."""
    from rapidfuzz.distance import Indel

    return tuple(
        " ".join(words[op.dest_start : op.dest_end])
        for op in Indel.opcodes(entry, query)
        if op.tag in ("insert", "replace") and op.dest_end > op.dest_start
    )


class TMIndex:
    """In-memory index over TM entries for one target language."""

    def __init__(self, entries: Iterable[TMEntry]) -> None:
        self.entries: list[TMEntry] = list(entries)
        self._exact: dict[str, list[int]] = defaultdict(list)
        words = []
        for i, entry in enumerate(self.entries):
            norm = normalize(entry.source)
            self._exact[norm].append(i)
            words.append(_WORD_RE.findall(norm.casefold()))  # tokens(entry.source)
        #: token -> symbol; each entry's tokens as symbols (a string, or a list of ids)
        self._vocab, self._seqs, self._unknown = _encode(words)
        self._lengths = [len(seq) for seq in self._seqs]
        self._postings: dict[object, list[int]] = defaultdict(list)  # symbol -> entries
        for i, seq in enumerate(self._seqs):
            for symbol in set(seq):
                self._postings[symbol].append(i)

    def __len__(self) -> int:
        return len(self.entries)

    def _match(self, i: int, score: int, differences: tuple[str, ...] = ()) -> TMMatch:
        e = self.entries[i]
        return TMMatch(score, e.source, e.target, e.slug, e.segment_id, differences)

    def exact(
        self,
        source: str,
        *,
        prev: str | None = None,
        next: str | None = None,
        exclude: tuple[str, str] | None = None,
    ) -> TMMatch | None:
        """The best exact match: 101 % when a hit's neighbours equal ``prev``/``next``.
        ``exclude`` = (slug, segment_id) of the segment being translated."""
        best: TMMatch | None = None
        for i in self._exact.get(normalize(source), ()):
            e = self.entries[i]
            if exclude == (e.slug, e.segment_id):
                continue
            in_context = (prev is None or _same(prev, e.prev)) and (
                next is None or _same(next, e.next)
            )
            score = 101 if in_context and (prev is not None or next is not None) else 100
            if best is None or score > best.score:
                best = self._match(i, score)
        return best

    def _query(self, words: Sequence[str]) -> Sequence[object]:
        """The query as symbols (a string or a list of ids, like the entries)."""
        symbols = [self._vocab.get(w, self._unknown) for w in words]
        if isinstance(self._unknown, str):  # the entries are strings: so is the query
            return "".join(cast("list[str]", symbols))
        return symbols

    def _candidates(self, query: Sequence[object], threshold: int) -> Sequence[int]:
        """Every entry that can reach ``threshold`` % against ``query`` (module docstring)."""
        n = len(query)
        overlap = _ceil_div(threshold * n, 200 - threshold) if threshold < 200 else n + 1
        if overlap <= 0:
            return range(len(self.entries))
        longest = (n * (200 - threshold)) // threshold
        # the query's known symbols, rarest first; the unknown ones (in no entry) come before
        # them and count in the prefix of n - overlap + 1 symbols
        postings = self._postings
        known = sorted((len(postings[s]), i) for i, s in enumerate(query) if s in postings)
        unknown = n - len(known)
        found: set[int] = set()
        for _, at in known[: max(0, n - overlap + 1 - unknown)]:
            found.update(postings[query[at]])
        lengths = self._lengths
        return [i for i in found if overlap <= lengths[i] <= longest]

    def fuzzy(
        self,
        source: str,
        *,
        threshold: int = FUZZY_THRESHOLD,
        limit: int = 3,
        exclude: tuple[str, str] | None = None,
    ) -> list[TMMatch]:
        """Near matches (>= threshold %, below 100), best first, with the differing words."""
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        words = tokens(source)
        if not words:
            return []
        query = self._query(words)
        candidates = self._candidates(query, threshold)
        scored = process.extract(
            query,
            [self._seqs[i] for i in candidates],
            scorer=Indel.normalized_similarity,
            # rapidfuzz compares floats and missed exact boundaries (2 of 5 = 40 % at a 40 %
            # cutoff): a half-point margin here, the exact integer test below
            score_cutoff=max(threshold - 0.5, 0) / 100,
            limit=None,
        )
        norm = normalize(source)
        found: list[tuple[float, int, int]] = []
        for _, ratio, at in scored:
            i = candidates[at]
            total = len(words) + self._lengths[i]
            common = round(ratio * total / 2)  # the LCS, exactly (the float has ~15 digits)
            e = self.entries[i]
            if 200 * common < threshold * total or exclude == (e.slug, e.segment_id):
                continue
            if normalize(e.source) != norm:
                found.append((common / total, i, 200 * common // total))
        found.sort(key=lambda item: (-item[0], item[1]))
        return [
            self._match(i, min(99, percent), _differences(self._seqs[i], query, words))
            for _, i, percent in found[:limit]
        ]

    def search(self, text: str, *, limit: int = 10) -> list[TMMatch]:
        """Concordance-style search: entries whose source or target contains ``text``."""
        needle = text.casefold()
        hits = []
        for i, e in enumerate(self.entries):
            if needle in e.source.casefold() or needle in e.target.casefold():
                hits.append(self._match(i, 100))
                if len(hits) >= limit:
                    break
        return hits
