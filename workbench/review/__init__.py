"""The headless review core (no Textual): a :class:`ReviewSession` over one article in one
language, and what it is made of.

* :mod:`~workbench.review.session`: the session facade the UI talks to;
* :mod:`~workbench.review.navigator`: rows, filters, search, moving;
* :mod:`~workbench.review.actions`: the reviewer's actions on a segment, kept drafts taken back;
* :mod:`~workbench.review.drafts`: drafts, editing time, autosave, the rebase rule;
* :mod:`~workbench.review.recovery`: recovery files for text that could not be saved;
* :mod:`~workbench.review.qa_runner`: QA findings and the worker-side QA run;
* :mod:`~workbench.review.analysis`: word diff, edit effort, glossary terms, TM matches;
* :mod:`~workbench.review.refresh`: other reviewers' changes applied to an open session;
* :mod:`~workbench.review.state`: the remembered position (kept in the store);
* :mod:`~workbench.review.jobs`: long jobs for worker threads (MT, re-translation, export).
"""

from __future__ import annotations

from workbench.review.analysis import (
    OTHER_LANG,
    DiffOp,
    Progress,
    TermHit,
    edit_effort,
    load_glossary,
    tm_matches,
    tm_origin_score,
    word_diff,
)
from workbench.review.drafts import IDLE_CAP_S, MAX_UNSAVED_S, RETRY_S, SAVE_DELAY_S, DraftKeeper
from workbench.review.navigator import FILTERS, TODO_STATUSES, Navigator, is_todo
from workbench.review.qa_runner import (
    QA_BATCH,
    Checker,
    Finding,
    QAJob,
    QAKey,
    QARun,
    QAState,
    default_checker,
    run_qa,
)
from workbench.review.refresh import LiveRefresh, Refreshed
from workbench.review.session import ReviewSession
from workbench.review.state import UI_STATE_FILE, last_position, remember_position

__all__ = [
    "FILTERS",
    "IDLE_CAP_S",
    "MAX_UNSAVED_S",
    "OTHER_LANG",
    "QA_BATCH",
    "RETRY_S",
    "SAVE_DELAY_S",
    "TODO_STATUSES",
    "UI_STATE_FILE",
    "Checker",
    "DiffOp",
    "DraftKeeper",
    "Finding",
    "LiveRefresh",
    "Navigator",
    "Progress",
    "QAJob",
    "QAKey",
    "QARun",
    "QAState",
    "Refreshed",
    "ReviewSession",
    "TermHit",
    "default_checker",
    "edit_effort",
    "is_todo",
    "last_position",
    "load_glossary",
    "remember_position",
    "run_qa",
    "tm_matches",
    "tm_origin_score",
    "word_diff",
]
