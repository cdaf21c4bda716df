"""French article text -> ordered segments: sentences, titles and page chrome, with stable ids.

One module per job: :mod:`~workbench.segment.reading` (a user's article file, or one line
saying what is wrong), :mod:`~workbench.segment.sentences` (French sentence rules),
:mod:`~workbench.segment.chrome` (page chrome and its reasons), :mod:`~workbench.segment.model`
(:class:`Segment` and stable ids) and :mod:`~workbench.segment.article` (paragraphs, titles and
the whole article). Standard library only.

Nothing is lost or reordered: joining the sources equals the NFC input, whitespace aside.
Everything is linear in the input size (possessive regexes, bounded look-behind windows).
"""

from __future__ import annotations

from workbench.segment.article import (
    MAX_HEADING_CHARS,
    MAX_HEADING_WORDS,
    MAX_TITLE_CHARS,
    segment_file,
    segment_text,
    title_of,
)
from workbench.segment.chrome import CHROME_REASONS, MAX_SHORT_LINE, chrome_reason
from workbench.segment.model import KINDS, Segment, normalize_source, segment_id
from workbench.segment.reading import MAX_ARTICLE_BYTES, normalize_text, read_article
from workbench.segment.sentences import MAX_PAREN_SPAN, sentence_spans, split_sentences

__all__ = [
    "CHROME_REASONS",
    "KINDS",
    "MAX_ARTICLE_BYTES",
    "MAX_HEADING_CHARS",
    "MAX_HEADING_WORDS",
    "MAX_PAREN_SPAN",
    "MAX_SHORT_LINE",
    "MAX_TITLE_CHARS",
    "Segment",
    "chrome_reason",
    "normalize_source",
    "normalize_text",
    "read_article",
    "segment_file",
    "segment_id",
    "segment_text",
    "sentence_spans",
    "split_sentences",
    "title_of",
]
