"""The suggestions panel of the editor: the MT alternatives (F2-F4) whole, each as a word
diff against the MT, then the translation-memory matches (F6-F8) with their score and the
source words that differ. Rich ``Text`` built from spans: the data is never read as markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from workbench.review import word_diff
from workbench.tm import TMMatch

ALTERNATIVE_KEYS = ("F2", "F3", "F4")
MATCH_KEYS = ("F6", "F7", "F8")
ALTERNATIVE_NEW = "bold yellow"  # the words an alternative has and the MT has not
ALTERNATIVE_DROPPED = "strike dim red"  # the words of the MT it leaves out


def alternative_text(alternative: str, mt: str | None) -> Text:
    """An MT alternative whole, as a word diff against the MT: its own words stand out,
    the MT's words it leaves out are struck through (alternatives often differ only near
    the end, past what one line shows). Built from ``Text`` spans, never markup."""
    if not mt:
        return Text(alternative)
    text = Text()
    for i, op in enumerate(word_diff(mt, alternative)):
        if i:
            text.append(" ")
        if op.op == "equal":
            text.append(op.text)
        else:
            new = op.op == "insert"
            text.append(op.text, style=ALTERNATIVE_NEW if new else ALTERNATIVE_DROPPED)
    return text


def suggestions_text(
    alternatives: Sequence[str], matches: Sequence[TMMatch], mt: str | None = None
) -> Text:
    """MT alternatives (F2-F4) whole and wrapped, each as a diff against ``mt``; then TM
    matches (F6-F8) with their score and the source words that differ, before the text."""
    text = Text()
    lines = 0
    for key, option in zip(ALTERNATIVE_KEYS, alternatives, strict=False):
        text.append("\n" if lines else "")
        text.append(f"{key} ", style="bold cyan")
        text.append_text(alternative_text(option, mt))
        lines += 1
    for key, match in zip(MATCH_KEYS, matches, strict=False):
        text.append("\n" if lines else "")
        text.append(f"{key} ", style="bold magenta")
        text.append(f"TM {match.score}% ", style="bold magenta")
        if match.differences:
            text.append(f"≠ {', '.join(match.differences)} ", style="yellow")
        text.append("│ ", style="dim")
        text.append(match.target)
        lines += 1
    if not lines:
        text.append(
            "no MT alternatives (F2-F4) and no TM match (F6-F8) for this segment",
            style="dim italic",
        )
    return text
