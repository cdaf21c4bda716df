"""The review header: article title, language pair, reviewer, approved/total progress, and
the open-time machine translation progress while it runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from workbench.review import Progress


class ReviewHeader(Horizontal):
    """One line: title │ FR → VI · reviewer │ [████░░] 5/18 approved │ (MT progress).
    The labels take no markup: the title and the reviewer's name are data."""

    def compose(self) -> ComposeResult:
        yield Label("", id="title", markup=False)
        yield Label("", id="meta", markup=False)
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="approved-bar")
        yield Label("", id="approved-count", markup=False)
        yield Label("", id="mt-label", markup=False)
        yield ProgressBar(total=1, show_eta=False, show_percentage=True, id="mt-bar")

    def show(self, title: str, lang: str, reviewer: str | None, progress: Progress) -> None:
        self.query_one("#title", Label).update(title)
        who = f" · {reviewer}" if reviewer else ""
        self.query_one("#meta", Label).update(f"FR → {lang.upper()}{who}")
        self.show_progress(progress)

    def show_progress(self, progress: Progress) -> None:
        bar = self.query_one("#approved-bar", ProgressBar)
        bar.update(total=max(progress.translatable, 1), progress=progress.approved)
        self.query_one("#approved-count", Label).update(
            f"{progress.approved}/{progress.translatable} approved"
        )

    def show_mt(self, lang: str, done: int, total: int) -> None:
        """Machine translation progress; ``total`` 0 hides it."""
        self.set_class(total > 0, "translating")
        self.query_one("#mt-label", Label).update(f"MT {lang}: {done}/{total}" if total else "")
        if total:
            self.query_one("#mt-bar", ProgressBar).update(total=total, progress=done)
