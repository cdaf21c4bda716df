"""Translation memory: the approved segments of every article in the workspace.

Store-free: :class:`TMIndex` is built from plain :class:`TMEntry` values (the store reads
them) and answers two questions for a French source sentence:

* an **exact** match (100 %), or **101 %** when the neighbouring sentences match too
  (in-context match, as CAT tools call it): used instead of machine translation;
* **fuzzy** matches (>= 75 % by default): offered to the reviewer with their percentage
  and the source words that differ.

Similarity is ``difflib``'s ratio over word tokens (2·matches / total), computed only for
candidates found through an inverted index of the rarer words, so a lookup stays fast with
100,000 entries (see ``benchmarks/tm_bench.py``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

FUZZY_THRESHOLD = 75
#: Words in more than this share of the entries (le, de, la, ...) do not seed candidates.
_COMMON_SHARE = 0.05
_CANDIDATES = 40
_WORD_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


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
    def from_json(cls, data: dict[str, object]) -> TMMatch:
        diffs = data.get("differences") or []
        assert isinstance(diffs, list)
        return cls(
            score=int(str(data["score"])),
            source=str(data["source"]),
            target=str(data["target"]),
            slug=str(data["slug"]),
            segment_id=str(data["segment_id"]),
            differences=tuple(str(d) for d in diffs),
        )


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and normalize(a) == normalize(b)


class TMIndex:
    """In-memory index over TM entries for one target language."""

    def __init__(self, entries: Iterable[TMEntry]) -> None:
        self.entries: list[TMEntry] = list(entries)
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._tokens: list[list[str]] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(self.entries):
            self._exact[normalize(entry.source)].append(i)
            toks = tokens(entry.source)
            self._tokens.append(toks)
            for tok in set(toks):
                postings[tok].append(i)
        limit = max(50, int(len(self.entries) * _COMMON_SHARE))
        self._postings = {t: ids for t, ids in postings.items() if len(ids) <= limit}

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

    def fuzzy(
        self,
        source: str,
        *,
        threshold: int = FUZZY_THRESHOLD,
        limit: int = 3,
        exclude: tuple[str, str] | None = None,
    ) -> list[TMMatch]:
        """Near matches (>= threshold %, below 100), best first, with the differing words."""
        query = tokens(source)
        if not query:
            return []
        votes: Counter[int] = Counter()
        for tok in set(query):
            for i in self._postings.get(tok, ()):
                votes[i] += 1
        norm = normalize(source)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(query)
        found: list[tuple[float, int, tuple[str, ...]]] = []
        for i, _ in votes.most_common(_CANDIDATES):
            e = self.entries[i]
            if exclude == (e.slug, e.segment_id) or normalize(e.source) == norm:
                continue
            matcher.set_seq1(self._tokens[i])
            if (
                matcher.real_quick_ratio() * 100 < threshold
                or matcher.quick_ratio() * 100 < threshold
            ):
                continue
            ratio = matcher.ratio() * 100
            if ratio < threshold:
                continue
            diffs = tuple(
                " ".join(query[j1:j2])
                for tag, _i1, _i2, j1, j2 in matcher.get_opcodes()
                if tag in ("replace", "insert") and j2 > j1
            )
            found.append((ratio, i, diffs))
        found.sort(key=lambda item: (-item[0], item[1]))
        return [self._match(i, min(99, int(ratio)), diffs) for ratio, i, diffs in found[:limit]]

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
