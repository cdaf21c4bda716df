"""Every key binding of the review UI in one table: a stable id, the key(s), the action,
the footer label and the help text. The screens build their ``BINDINGS`` from it, the help
screen and the command palette list it.

The ids are Textual binding ids (``Binding.id``): they stay stable, because users remap keys
by id in ``keys.toml`` (:mod:`workbench.tui.keyconfig`), applied with ``App.set_keymap({id:
keys})`` as posting does. Keys: only ctrl-letters the TextArea leaves alone, alt+letters and
F-keys, which reach the app in every terminal and through tmux (checked with tmux
send-keys). Not alt+digits: Textual reads ESC 1 as "¡" (macOS option keys); not alt+f /
alt+b: they arrive as ctrl+right / ctrl+left; not alt+enter: it arrives as enter. No binding
has priority: a priority binding runs as soon as the app reads the key, before the letters
typed just before it reach the editor. The editors and the search field run every bound key
themselves, in the order the keys came (:mod:`workbench.tui.widgets.inorder`), so the
review's keys work while they have the focus, and F5-F7 are the review's there (not the
TextArea's select word / line / all). The footer shows six keys, so that all of them fit in
80 columns; every key is in the help (F1) and the command palette (F9).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Textual is loaded when the bindings are built: workbench.tui.keyconfig
    from textual.binding import Binding  # reads this table without it

REVIEW = "review"
SPELLING = "spelling"
HELP = "help"
CONFIRM = "confirm"
CONFLICT = "conflict"
GO_TO = "go-to"
FILTER_PICKER = "filters"
REPLACE_ENGLISH = "replace-english"


@dataclass(frozen=True, slots=True)
class Key:
    """One binding: ``id`` is what a user's keymap would name."""

    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    label: str  # the footer's description
    help: str = ""  # the help screen's and command palette's text (the footer tooltip)
    show: bool = False  # in the footer
    priority: bool = False  # see the module docstring: keys run in the order they came
    screen: str = REVIEW
    listed: bool = True  # in the help screen and the command palette

    def binding(self) -> Binding:
        from textual.binding import Binding

        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
        )


KEYMAP: tuple[Key, ...] = (
    Key("next-segment", "ctrl+n,alt+down", "next", "Next", "Next segment in the list", show=True),
    Key("previous-segment", "ctrl+p,alt+up", "previous", "Prev", "Previous segment in the list"),
    Key("approve-next", "ctrl+o", "approve_next", "Approve▸next",
        "Approve this segment, go to the next to-do (QA errors: asks once per segment)",
        show=True),
    Key("next-todo", "ctrl+t", "next_todo", "To-do",
        "Next segment still to review (not approved)", show=True),
    Key("unapprove", "alt+u", "unapprove", "Unapprove", "Take the approval back (the text stays)"),
    Key("revert", "ctrl+r", "revert", "Revert", "Replace the target with the machine translation"),
    Key("undo-saved", "alt+z", "undo", "Undo",
        "Undo the segment's last saved change (store, survives restarts)"),
    Key("redo-saved", "alt+y", "redo", "Redo", "Redo the segment's last undone change"),
    Key("switch-language", "ctrl+l", "switch_lang", "EN⇄VI",
        "Switch the target language (en ↔ vi)"),
    Key("toggle-chrome", "alt+c", "toggle_chrome", "Chrome",
        "Mark this segment as page chrome, or un-mark it"),
    Key("retranslate", "alt+r", "retranslate", "Re-MT", "Machine-translate this segment again"),
    Key("retranslate-pivot", "alt+p", "retranslate_pivot", "From pivot",
        "Re-translate the target from the edited English pivot"),
    Key("pivot-to-english", "alt+n", "pivot_to_english", "Pivot→English",
        "Make the English pivot (as edited) this segment's English target: an edit, not "
        "approved; asks before replacing an English a reviewer wrote or approved"),
    Key("take-alternative-1", "f2", "take_alternative(1)", "Alternative 1",
        "Take MT alternative 1 as the target"),
    Key("take-alternative-2", "f3", "take_alternative(2)", "Alternative 2",
        "Take MT alternative 2 as the target"),
    Key("take-alternative-3", "f4", "take_alternative(3)", "Alternative 3",
        "Take MT alternative 3 as the target"),
    Key("take-match-1", "f6", "take_match(1)", "TM match 1",
        "Take translation-memory match 1 as the target"),
    Key("take-match-2", "f7", "take_match(2)", "TM match 2",
        "Take translation-memory match 2 as the target"),
    Key("take-match-3", "f8", "take_match(3)", "TM match 3",
        "Take translation-memory match 3 as the target"),
    # ctrl+b as in Poedit; alt+s too, since ctrl+b is tmux's prefix and never reaches the app
    Key("copy-source", "ctrl+b,alt+s", "copy_source", "Copy source",
        "Copy the French source into the target, to edit from"),
    # alt+x / alt+a: ctrl+a and ctrl+k are the TextArea's own (line start, delete to end)
    Key("clear-target", "alt+x", "clear_target", "Clear",
        "Clear the target (an edit like any other: saved as you type, alt+z undoes it)"),
    Key("select-target", "alt+a", "select_target", "Select all",
        "Select the whole target: what you type next replaces it"),
    Key("go-to-segment", "ctrl+g,alt+g", "go_to_segment", "Go to",
        "Go to segment N (the number in the list): type it, enter jumps, escape cancels"),
    Key("pick-filter", "alt+v", "pick_filter", "Filter…",
        "Choose the filter from a list with their counts (enter picks, escape cancels)",
        show=True),
    Key("cycle-filter", "f5", "cycle_filter", "Filter",
        "Cycle the filter: all, todo, edited, approved, chrome, flagged (QA warnings and "
        "errors), doubtful (machine translations of low confidence)"),
    Key("cycle-order", "alt+o", "cycle_order", "Order",
        "Order the list: the article's, or the least confident machine translation first"),
    Key("search", "ctrl+f", "search", "Search",
        "Search source and target (enter returns to the target)"),
    Key("spelling-suggestions", "alt+w", "spelling_suggestions", "Spelling",
        "Corrections for the misspelled (underlined) word at the cursor: enter replaces it"),
    Key("export", "alt+e", "export", "Export",
        "Export approved segments to locales/<lang>/LC_MESSAGES/"),
    Key("save", "ctrl+s", "save", "Save", "Save now (edits are also saved as you type)"),
    Key("help", "f1", "help", "Help", "Show every key", show=True),
    # Priority like Textual's own ctrl+q (which would hide this one in the footer): the quit
    # waits for the keys before it itself (screens/review_saving.py, after_keys).
    Key("quit", "ctrl+q", "quit", "Quit", "Save and quit (never asks, never loses a character)",
        show=True, priority=True),
    Key("focus-target", "escape", "focus_target", "Back to the target",
        listed=False),
    # dialogs
    Key("go-to-cancel", "escape", "cancel", "Cancel", show=True, screen=GO_TO),
    Key("filters-cancel", "escape", "cancel", "Cancel", show=True, screen=FILTER_PICKER),
    Key("help-close", "escape,f1,q", "close", "Close help", show=True, priority=False,
        screen=HELP),
    # the spelling corrections (screens/spelling.py): enter takes the highlighted one
    Key("spelling-keep", "escape", "cancel", "Keep the word", show=True, screen=SPELLING),
    # Dialogs: no bare letter answers one (a reviewer may be typing when it opens), and a
    # dialog absorbs keys while it is new (screens/dialog.py). Tab and enter work the
    # buttons; the safe one has the focus.
    Key("confirm-approve", "ctrl+o", "answer(True)", "Approve anyway", show=True,
        screen=CONFIRM),
    Key("confirm-go-back", "escape", "answer(False)", "Go back", show=True, screen=CONFIRM),
    Key("replace-english-yes", "alt+n", "answer(True)", "Replace", show=True,
        screen=REPLACE_ENGLISH),
    Key("replace-english-no", "escape", "answer(False)", "Keep it", show=True,
        screen=REPLACE_ENGLISH),
    Key("conflict-keep-mine", "alt+m", "choose('mine')", "Keep mine",
        "Save your text over theirs", show=True, screen=CONFLICT),
    Key("conflict-take-theirs", "alt+t", "choose('theirs')", "Take theirs",
        "Drop your text, keep theirs", show=True, screen=CONFLICT),
    Key("conflict-cancel", "escape", "choose('cancel')", "Cancel", "Decide later: nothing saved",
        show=True, screen=CONFLICT),
)  # fmt: skip


def keys_of(screen: str) -> list[Key]:
    return [k for k in KEYMAP if k.screen == screen]


def bindings(screen: str) -> list[Binding]:
    """The ``BINDINGS`` of ``screen`` (review, help, confirm, conflict, spelling)."""
    return [k.binding() for k in keys_of(screen)]


def listed(screen: str = REVIEW) -> list[Key]:
    """The keys the help screen and the command palette show, in table order."""
    return [k for k in keys_of(screen) if k.listed]


def keys_in_use(key: Key, overrides: Mapping[str, str] | None = None) -> str:
    """``key``'s keys once the user's keymap (``{id: "keys"}``, :mod:`keyconfig`) applies."""
    return (overrides or {}).get(key.id, key.keys)


def help_bindings(
    screen: str = REVIEW, overrides: Mapping[str, str] | None = None
) -> list[Binding]:
    """:func:`listed` as bindings for the help screen (keys shown as "ctrl+n, alt+down"),
    with the user's keymap applied."""
    from textual.binding import Binding

    return [
        Binding(
            keys_in_use(k, overrides).replace(",", ", "),
            k.action,
            k.label,
            tooltip=k.help,
            id=k.id,
        )
        for k in listed(screen)
    ]
