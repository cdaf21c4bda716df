"""The editor pane: the French source (glossary terms underlined), the MT (or the
translation-memory text it came from), the English pivot (editable, for languages reached
through English), numbered MT alternatives and TM matches, the target being post-edited
with QA spans highlighted and misspelled words underlined in it, the glossary terms it must
use, the QA findings, a word diff MT → target and the edit effort.

It renders what the screen hands it and reports typing (:class:`TargetEdited`,
:class:`PivotEdited`); it decides nothing."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static, TextArea

from workbench.review import DiffOp, Finding, TermHit, tm_origin_score
from workbench.store import Row
from workbench.tm import TMMatch
from workbench.tui.messages import PivotEdited, TargetEdited
from workbench.tui.widgets.inorder import InOrderKeys
from workbench.tui.widgets.spans import SPELLING_CHECK, location_of, offset_of, stylize_line
from workbench.tui.widgets.suggestions import suggestions_text

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_ICON = {"error": "✖", "warning": "▲", "info": "ℹ"}
MAX_ALTERNATIVES = 3  # F2 F3 F4
MAX_MATCHES = 3  # F6 F7 F8
TERM_STYLE = "underline"


#: TextArea actions whose keys (F5-F7) the review uses: F6 / F7 take a TM match.
SHADOWED_ACTIONS = frozenset({"select_word", "select_line", "select_all"})


class ReviewTextArea(InOrderKeys, TextArea):
    """An editor of the review: its keys run in the order they were typed, and the F-keys
    the review binds are the review's."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id, classes=classes, soft_wrap=True, tab_behavior="focus", show_line_numbers=False
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in SHADOWED_ACTIONS:
            return False  # the key goes on to the screen's binding
        return super().check_action(action, parameters)

    # -- home / end on the logical line, select and clear the whole text ---------------------

    def action_cursor_line_start(self, select: bool = False) -> None:
        """Home (ctrl+a): the start of the logical line, not of the wrapped row the cursor is
        on (as Poedit; Textual's goes to the row's start, and never further). Pressed again
        at the start of a line: the start of the text."""
        if not self._has_cursor:
            return super().action_cursor_line_start(select)
        row, column = self.cursor_location
        self.move_cursor((row, 0) if column else (0, 0), select=select)

    def action_cursor_line_end(self, select: bool = False) -> None:
        """End (ctrl+e): the end of the logical line (Textual's stops one character before
        each wrap, so in a wrapped line End never reached the end). Pressed again at the end
        of a line: the end of the text."""
        if not self._has_cursor:
            return super().action_cursor_line_end(select)
        row, column = self.cursor_location
        end = len(self.document[row])
        self.move_cursor((row, end) if column < end else self.document.end, select=select)

    def select_whole(self) -> None:
        """Select the whole text: what is typed next replaces it."""
        self.select_all()

    def clear_text(self) -> bool:
        """Delete the whole text as one edit (ctrl+z in the editor takes it back, and it is
        reported like any typing); False when there is nothing to clear or it is read-only."""
        if self.read_only or not self.text:
            return False
        self.delete((0, 0), self.document.end)
        return True


class TargetArea(ReviewTextArea):
    """The target editor: highlights QA finding spans and underlines misspelled words
    (character offsets in the text)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []
        self._misspelled: list[tuple[int, int]] = []

    def set_spans(self, spans: Sequence[tuple[int, int, str]]) -> None:
        if list(spans) == self._spans:
            return
        self._spans = list(spans)
        self.notify_style_update()  # drops the cached lines
        self.refresh()

    def set_misspelled(self, spans: Sequence[tuple[int, int]]) -> None:
        """The misspelled words to underline (none: the check is off or found nothing)."""
        if list(spans) == self._misspelled:
            return
        self._misspelled = list(spans)
        self.notify_style_update()
        self.refresh()

    @property
    def misspelled(self) -> list[tuple[int, int]]:
        return list(self._misspelled)

    def cursor_offset(self) -> int:
        """The cursor's place as a character offset in the text (what spans count in)."""
        return offset_of(self.document.lines, self.cursor_location)

    def replace_span(self, start: int, end: int, text: str) -> None:
        """Replace characters ``start``-``end`` with ``text``: an edit like typing (reported,
        saved, ctrl+z takes it back)."""
        lines = self.document.lines
        self.replace(text, location_of(lines, start), location_of(lines, end))

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if self._spans or self._misspelled:
            lines = self.document.lines
            offset = offset_of(lines, (line_index, 0))
            stylize_line(line, lines[line_index], offset, self._spans, self._misspelled)
        return line


DIFF_CONTEXT = 3  # words of unchanged text kept on each side of a change


def _context(words: list[str], first: bool, last: bool) -> str:
    """Long unchanged runs shrink to a few words next to the changes around them."""
    keep = DIFF_CONTEXT
    if len(words) <= 2 * keep + 1:
        return " ".join(words)
    head = [] if first else words[:keep]
    tail = [] if last else words[-keep:]
    return " ".join([*head, "…", *tail])


def diff_text(ops: Sequence[DiffOp]) -> Text:
    text = Text().append("MT→target ", style="dim")
    if all(op.op == "equal" for op in ops):
        return text.append("no edits", style="dim italic")
    for i, op in enumerate(ops):
        if i:
            text.append(" ")
        if op.op == "equal":
            text.append(_context(op.text.split(), i == 0, i == len(ops) - 1), style="dim")
        else:
            text.append(op.text, style="strike red" if op.op == "delete" else "bold green")
    return text


def glossary_text(terms: Sequence[TermHit], note: str | None = None) -> Text:
    """The glossary terms of the source: ✓ the target has the required form, ✗ it lacks it."""
    text = Text()
    text.append("Glossary ", style="bold")
    if not terms:
        return text.append(note or "no term in this segment", style="dim italic")
    for i, term in enumerate(terms):
        if i:
            text.append(" · ", style="dim")
        if term.missing is not None:
            text.append(
                "✗ " if term.missing else "✓ ", style="bold red" if term.missing else "green"
            )
        text.append(term.fr, style=TERM_STYLE)
        if term.do_not_translate:
            text.append(" (do not translate)", style="yellow")
        elif term.required:
            text.append(" → ")
            text.append(term.required, style="bold")
        else:
            text.append(" (no form required)", style="dim")
    return text


def source_text(source: str, terms: Sequence[TermHit] = ()) -> Text:
    text = Text(source)
    for term in terms:
        text.stylize(TERM_STYLE, *term.span)
    return text


def mt_heading(row: Row, confidence: str = "") -> Text:
    """What the machine text is: MT (its confidence line, and model), demo output, or a
    translation-memory match: one line (``#mt-heading``)."""
    t = row.translation
    score = tm_origin_score(t)
    if score is not None and t is not None:
        heading = Text().append(f"TM {score}%", style="bold magenta")
        where = (t.mt_model or "").removeprefix("tm:")
        heading.append(f" · translation memory{': ' + where if where else ''}", style="dim")
        return heading
    heading = Text().append("MT", style="bold")
    # The confidence first: on a narrow terminal the line ends in an ellipsis, and the
    # model's name (the same on every segment) is what it may hide.
    if confidence:
        heading.append(f" · {confidence}", style="dim")
    if t and t.origin == "mt-demo":
        heading.append(" (demo model: placeholder text)", style="dim italic")
    if t and t.mt_model:
        heading.append(f" · {t.mt_model}", style="dim")
    return heading


def findings_text(findings: Sequence[Finding]) -> Text:
    text = Text()
    for i, f in enumerate(findings):
        if i:
            text.append("\n")
        style = SEVERITY_STYLE.get(f.severity, "")
        text.append(f"{SEVERITY_ICON.get(f.severity, '•')} {f.check}: ", style=style)
        text.append(f.message.removeprefix(f"{f.check}: "))
    return text


class EditorPane(Vertical):
    """Everything about the current segment; the target TextArea has the focus.

    ``known_target`` and ``known_pivot`` are the texts the screen's session knows the
    editors hold (loaded into them, or taken from them as drafts): when an editor's text
    differs, the reviewer typed something whose messages have not reached the screen yet
    (:meth:`~workbench.tui.screens.review_view.ReviewView.capture`)."""

    segment_id = ""
    """The segment on show: edits are reported with it, so a late one is recognised."""
    _source = ""
    known_target: str | None = None
    known_pivot: str | None = None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Kept as attributes, not queried: the last save after the app has closed (an
        # exception, a signal) still reads them.
        self._target = TargetArea(id="target")
        self._pivot = ReviewTextArea(id="pivot", classes="pivot")

    def compose(self) -> ComposeResult:
        # Every region has a fixed size (set in workbench.tcss), so showing another segment
        # repaints the pane without a layout pass of the whole screen.
        # No region reads markup: what they show (sources, targets, model names) is data.
        with Horizontal():
            with Vertical(id="left"):
                yield Label("", id="source-label", classes="section", markup=False)
                yield Static("", id="source", markup=False)
                # The heading on one line of its own: a long model name and confidence never
                # push the machine text out of a small terminal's view.
                yield Label("", id="mt-heading", classes="section", markup=False)
                yield Static("", id="mt", markup=False)
                yield Label(
                    "English pivot · edit it, alt+p re-translates from it",
                    id="pivot-label",
                    classes="section pivot",
                )
                yield self._pivot
                # MT alternatives whole: the box scrolls (mouse wheel) when they need more room
                with VerticalScroll(id="suggestions-box", can_focus=False):
                    yield Static("", id="suggestions", markup=False)
            with Vertical(id="right"):
                yield Label("", id="target-label", classes="section", markup=False)
                yield self._target
                yield Static("", id="glossary", markup=False)
                yield Static("", id="qa", markup=False)
                yield Static("", id="diff", markup=False)
                yield Static("", id="effort", markup=False)

    @property
    def target(self) -> TargetArea:
        return self._target

    @property
    def pivot(self) -> TextArea:
        return self._pivot

    def _set(self, selector: str, content: Text | str) -> None:
        self.query_one(selector, Static).update(content, layout=False)

    def show_segment(
        self,
        row: Row,
        lang: str,
        *,
        text: str,
        pivot: str | None,
        place: str,
        matches: Sequence[TMMatch] = (),
        confidence: str = "",
    ) -> None:
        """Load a segment. ``text`` is the target to edit (the draft when there is one).
        Glossary marks and QA come with :meth:`show_analysis`."""
        seg, t = row.segment, row.translation
        self.segment_id = seg.id
        self._source = seg.source
        chrome = seg.kind == "chrome"
        kind = f"page chrome ({seg.reason or 'marked'})" if chrome else seg.kind
        self._set("#source-label", f"Source (FR) · {place} · ¶{seg.paragraph} · {kind}")
        self._set("#source", source_text(seg.source))
        self._set("#mt-heading", mt_heading(row, confidence))
        if t and t.mt:
            self._set("#mt", Text(t.mt))
        else:
            self._set("#mt", Text("(no machine translation yet)", style="dim italic"))
        self.set_class(pivot is not None, "has-pivot")
        if pivot is not None and self.pivot.text != pivot:
            self.pivot.load_text(pivot)
        self.known_pivot = pivot
        alternatives = (t.alternatives if t else ())[:MAX_ALTERNATIVES]
        machine = t.mt if t else None
        self._show_suggestions(suggestions_text(alternatives, matches[:MAX_MATCHES], machine))
        self.show_status(row, lang)
        target = self.target
        target.read_only = chrome
        if target.text != text:
            target.load_text(text)
            target.set_spans(())
            target.set_misspelled(())
        self.known_target = text

    def _show_suggestions(self, text: Text) -> None:
        """The one region whose height follows its text (in its own scrolling box)."""
        self.query_one("#suggestions", Static).update(text, layout=True)
        self.query_one("#suggestions-box", VerticalScroll).scroll_home(animate=False)

    def show_status(self, row: Row, lang: str) -> None:
        status = (
            "page chrome: not translated (alt+c un-marks it)"
            if row.segment.kind == "chrome"
            else row.status
        )
        score = tm_origin_score(row.translation)
        if score is not None and row.status == "machine":
            status += f" · from TM {score}%"
        self._set("#target-label", f"Target ({lang.upper()}) · {status}")

    def show_analysis(
        self,
        findings: Sequence[Finding],
        diff: Sequence[DiffOp],
        effort: float | None,
        terms: Sequence[TermHit] = (),
        glossary_note: str | None = None,
    ) -> None:
        self._set("#source", source_text(self._source, terms))
        self._set("#glossary", glossary_text(terms, glossary_note))
        self._set(
            "#qa", findings_text(findings) if findings else Text("QA: no findings", style="dim")
        )
        self.target.set_spans(
            [
                (f.span[0], f.span[1], f.severity)
                for f in findings
                if f.span is not None and f.check != SPELLING_CHECK
            ]
        )
        self.show_misspelled(findings)
        self._set(
            "#diff", diff_text(diff) if diff else Text("(no MT to compare)", style="dim italic")
        )
        self._set(
            "#effort",
            f"TER {effort:.1f} (edit effort)" if effort is not None else "TER – (edit effort)",
        )

    def show_misspelled(self, findings: Sequence[Finding]) -> None:
        """Underline the words the ``spelling`` check found (its findings carry their span;
        with the check off or its dictionary missing there are none, and nothing is)."""
        self.target.set_misspelled(
            [f.span for f in findings if f.check == SPELLING_CHECK and f.span is not None]
        )

    def clear_spans(self) -> None:
        self.target.set_spans(())
        self.target.set_misspelled(())

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.id == "target":
            self.post_message(TargetEdited(self.segment_id, event.text_area.text))
        elif event.text_area.id == "pivot":
            self.post_message(PivotEdited(self.segment_id, event.text_area.text))
