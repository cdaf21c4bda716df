"""The review screen kept live: what the store watch (:func:`workbench.tui.workers.
watch_store`) reports is applied to the session (:class:`workbench.review.LiveRefresh`) on
the UI thread and drawn: the changed list lines (or the whole list when the visible rows
changed), the progress, and the editor when the open segment changed and holds no draft.
A draft is never replaced: the reviewer is told once that saving it will ask which text
to keep."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.review import LiveRefresh, Refreshed

if TYPE_CHECKING:
    from workbench.tui.messages import StoreChanged
    from workbench.tui.screens.review import ReviewScreen

HELD_NOTICE = (
    "Another reviewer changed this segment: your text is kept. Saving it asks which to keep."
)


def show_changes(screen: ReviewScreen, live: LiveRefresh, event: StoreChanged) -> Refreshed:
    """Apply what the watch reported and redraw what it changed."""
    if event.error:
        screen.banner(event.error)
        return Refreshed()
    # Typing the editor holds but whose message is still queued becomes the draft first,
    # so that the refresh sees it and never loads the stored text over it. Only what differs
    # from the text the editor was loaded with is typing: a store write the editor has not
    # drawn yet (a recovered draft saved at start) is not.
    screen.capture()
    held_before = live.held_id
    done = live.apply(event.changes)
    if not done:
        return done
    s = screen.session
    if done.relisted:
        screen.show_list()
    else:
        for sid in done.rows:
            screen.table.update_row(s.row(sid), s.text(sid))
    screen.show_filter()
    screen.header.show_progress(s.progress())
    if done.current:
        screen.show_current()
    if done.held and held_before != live.held_id:
        screen.notify(HELD_NOTICE, title="changed elsewhere", severity="warning", timeout=10)
    if done.rows:
        screen.start_qa()
    return done
