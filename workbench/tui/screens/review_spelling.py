"""The review screen's spelling corrections: alt+w on a misspelled word of the target asks
the dictionary for corrections in a worker (Hunspell takes 0.05-0.2 s a word), shows them
(:class:`~workbench.tui.screens.spelling.SpellingScreen`) and puts the chosen one in place
of the word, as an edit. Nothing happens to a text that changed meanwhile."""

from __future__ import annotations

from workbench.tui import workers
from workbench.tui.messages import SpellingSuggested
from workbench.tui.screens.review_actions import ReviewActions
from workbench.tui.screens.spelling import SpellingScreen
from workbench.tui.widgets.spans import SPELLING_CHECK


class ReviewSpelling(ReviewActions):
    """alt+w and what its worker answers."""

    def action_spelling_suggestions(self) -> None:
        self.capture()  # the findings of the text as typed
        s, area = self.session, self.editor.target
        if s.current is None or area.read_only:
            return
        at = area.cursor_offset()
        spans = [f.span for f in s.findings() if f.check == SPELLING_CHECK and f.span]
        span = next(((a, b) for a, b in spans if a <= at <= b), None)
        if span is None:
            self.notify("No misspelled word at the cursor (they are underlined)")
            return
        word = area.text[span[0] : span[1]]
        workers.spelling_suggestions(self, s.current_id or "", s.lang, span, word)

    def _still_there(self, event: SpellingSuggested) -> bool:
        """The word is where it was, in the segment and language on show."""
        s, area = self.session, self.editor.target
        return (
            event.segment_id == s.current_id
            and event.lang == s.lang
            and self.editor.segment_id == event.segment_id
            and area.text[event.start : event.end] == event.word
        )

    def on_spelling_suggested(self, event: SpellingSuggested) -> None:
        if event.error:
            self.notify(event.error, title="spelling", severity="warning", markup=False)
            return
        if not self._still_there(event):
            return  # the reviewer moved on or typed over it
        if not event.options:
            self.notify(f"No correction for {event.word}", markup=False)
            return

        def chosen(choice: str | None) -> None:
            if choice is not None and self._still_there(event):
                self.editor.target.replace_span(event.start, event.end, choice)
            self.editor.target.focus()

        screen = SpellingScreen(event.word, event.options, clock=self.session.clock)
        self.app.push_screen(screen, chosen)
