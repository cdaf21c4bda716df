"""QA in the review: the findings known for one language, and running the checks on many
segments from a worker thread.

:class:`QAState` caches findings by content (source, target, pivot) and computes the
current segment's on demand. QA of a whole article (what the "flagged" filter needs) is
split into :meth:`QAState.jobs` (copies of the texts to check), the thread-safe
:func:`run_qa` generator a worker loops over, and :meth:`QAState.add` (which drops results
made before a language switch). No Textual; it reads rows, never the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from workbench.errors import InputError
from workbench.glossary import Glossary
from workbench.store import Row

#: Findings are handed to the UI in batches of this many segments.
QA_BATCH = 200


class Finding(Protocol):
    """What :mod:`workbench.qa` reports (duck-typed, so this package does not need qa)."""

    @property
    def check(self) -> str: ...
    @property
    def severity(self) -> str: ...  # error | warning | info
    @property
    def message(self) -> str: ...
    @property
    def span(self) -> tuple[int, int] | None: ...


Checker = Callable[..., Sequence[Finding]]
#: What QA findings are cached by: (source, target, English pivot, the changed English the
#: target was made from: ``Translation.stale_pivot``).
QAKey = tuple[str, str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class QAJob:
    """One segment's text to check, copied out of the session (workers never touch it)."""

    key: QAKey
    source: str
    target: str
    pivot: str | None
    stale_pivot: str | None = None


@dataclass(frozen=True, slots=True)
class QARun:
    """Everything a worker thread needs to check :class:`QAJob` s: immutable values only."""

    checker: Checker
    lang: str
    glossary: Glossary
    generation: int  # the QA generation when the run was made (see QAState.add)

    def check(self, job: QAJob) -> list[Finding]:
        return check_segment(
            self.checker, job.source, job.target, self.lang, job.pivot, self.glossary,
            job.stale_pivot,
        )  # fmt: skip


def check_segment(
    checker: Checker,
    source: str,
    target: str,
    lang: str,
    pivot: str | None,
    glossary: Glossary,
    stale_pivot: str | None = None,
) -> list[Finding]:
    extra = {"stale_pivot": stale_pivot} if stale_pivot is not None else {}
    try:
        return list(checker(source, target, lang, pivot=pivot, glossary=glossary, **extra))
    except InputError:
        return []  # QA has no checks for this language: nothing to report


def run_qa(
    run: QARun, jobs: Sequence[QAJob], *, between: Callable[[], None] | None = None
) -> Iterator[tuple[dict[QAKey, list[Finding]], int]]:
    """Check ``jobs``; yields ``(findings by key, jobs done so far)`` every :data:`QA_BATCH`
    jobs. Thread-safe: it reads only ``run`` and ``jobs``. A worker loops over it and stops
    between batches when cancelled. ``between`` runs after every job (a worker thread passes
    ``time.sleep(0)``: it hands the interpreter back to the UI thread at once instead of
    after Python's 5 ms switch interval)."""
    batch: dict[QAKey, list[Finding]] = {}
    for done, job in enumerate(jobs, start=1):
        batch[job.key] = run.check(job)
        if between is not None:
            between()
        if len(batch) >= QA_BATCH or done == len(jobs):
            yield batch, done
            batch = {}


def default_checker() -> Checker | None:
    """``workbench.qa.run_checks`` when that module exists, else None (no findings)."""
    try:
        from workbench.qa import run_checks
    except ModuleNotFoundError as exc:
        if exc.name != "workbench.qa":
            raise
        return None
    return run_checks


class QAState:
    """The findings known for one target language, cached by content (source, target,
    pivot). ``text_of(segment_id)`` is a segment's target as the editor shows it (the draft
    included). One thread uses it; workers get :class:`QARun` / :class:`QAJob` copies."""

    def __init__(
        self, checker: Checker | None, glossary: Glossary, text_of: Callable[[str], str]
    ) -> None:
        self.checker = checker
        self.glossary = glossary
        self._text_of = text_of
        self._cache: dict[QAKey, list[Finding]] = {}
        #: Bumped whenever the cache is dropped (language switch): older runs are stale.
        self.generation = 0

    @property
    def enabled(self) -> bool:
        return self.checker is not None

    def reset(self) -> None:
        """Forget every finding (the target language changed)."""
        self._cache.clear()
        self.generation += 1

    def key(self, row: Row, text: str | None = None) -> QAKey | None:
        """What a row's findings are cached by; None when there is nothing to check."""
        if self.checker is None or not row.segment.translatable:
            return None
        target = text if text is not None else self._text_of(row.segment.id)
        if not target.strip():
            return None
        t = row.translation
        return (row.segment.source, target, t.pivot if t else None, t.stale_pivot if t else None)

    def findings(self, row: Row, lang: str, text: str | None = None) -> list[Finding]:
        """The findings of a row's target (or ``text``), computed now when not cached."""
        key = self.key(row, text)
        if key is None or self.checker is None:
            return []
        found = self._cache.get(key)
        if found is None:
            found = check_segment(self.checker, key[0], key[1], lang, key[2], self.glossary, key[3])
            self._cache[key] = found
        return found

    def cached(self, row: Row) -> list[Finding] | None:
        """A row's findings when computed already, else None (never computes); nothing to
        check counts as computed."""
        key = self.key(row)
        return [] if key is None else self._cache.get(key)

    def flagged(self, row: Row) -> bool:
        """The row has QA errors or warnings *as far as computed*: a row QA has not reached
        yet is not flagged."""
        found = self.cached(row)
        return found is not None and any(f.severity in ("error", "warning") for f in found)

    def jobs(self, rows: Iterable[Row]) -> list[QAJob]:
        """The rows whose findings are not computed yet, one job per distinct text."""
        jobs: dict[QAKey, QAJob] = {}
        for row in rows:
            key = self.key(row)
            if key is not None and key not in self._cache and key not in jobs:
                jobs[key] = QAJob(key, *key)
        return list(jobs.values())

    def run(self, lang: str) -> QARun | None:
        """What a worker needs to run :func:`run_qa` (None without QA checks)."""
        if self.checker is None:
            return None
        return QARun(self.checker, lang, self.glossary, self.generation)

    def add(self, found: Mapping[QAKey, list[Finding]], generation: int) -> bool:
        """Take findings computed elsewhere; False (and nothing taken) when they are of
        another generation (made before a language switch)."""
        if generation != self.generation:
            return False
        self._cache.update(found)
        return True
