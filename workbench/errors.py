"""The one exception root for errors a user can cause.

The CLI prints ``str(error)`` on one stderr line and exits with ``error.exit_code``.
Bugs are not WorkbenchErrors: they still raise with a traceback.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """An error the user can fix; the message says what to do."""

    exit_code = 2

    def __init__(self, message: str, title: str = "workbench") -> None:
        super().__init__(message)
        self.message = message
        self.title = title

    def __str__(self) -> str:
        return self.message


class InputError(WorkbenchError):
    """An input file (article, PO, text) is missing, unreadable or malformed."""


class KeymapError(InputError):
    """The review UI's key file (keys.toml) is unreadable or names keys that cannot work."""


class NotFoundError(WorkbenchError):
    """A slug, segment or language that the workspace does not hold."""


class PackageError(WorkbenchError):
    """An Argos package that is missing, malformed or unsafe to install."""


class ConflictError(WorkbenchError):
    """Another writer changed the row since it was read (version check)."""

    def __init__(self, message: str, *, current_version: int = 0, current_target: str = "") -> None:
        super().__init__(message, title="conflict")
        self.current_version = current_version
        self.current_target = current_target


class StoreError(WorkbenchError):
    """The database cannot do what was asked (read-only, full, locked, unreachable, damaged).
    Nothing was written: the transaction that met it was rolled back."""


class StoreReadOnlyError(StoreError):
    """The database file, its folder or the server refuses writes."""


class StoreFullError(StoreError):
    """The disk holding the database (or the server's) is full."""


class StoreLockedError(StoreError):
    """Another process held the database (or the row) longer than the store waits."""


class StoreUnavailableError(StoreError):
    """The database cannot be opened or reached (missing folder, server down, login refused)."""


class StoreDamagedError(StoreError):
    """The database file is not a workbench database, or its pages are damaged."""


class PermissionDeniedError(StoreError):
    """The database refused the login this action: it needs a workbench role (translator,
    reviewer, admin) the login does not have. Only a PostgreSQL store refuses: on SQLite
    roles are advisory."""


class StoreReplacedError(StoreError):
    """The database's files were deleted or replaced by another program while the store had
    them open (a SQLite ``-wal`` or ``-shm`` file removed by hand or by a sync tool): the store
    writes nothing more, since what it wrote would not reach the file others read."""


class NotSavedError(WorkbenchError):
    """A reviewer's text could not be written to the store (a full disk, a read-only or
    locked database): it is kept in memory, and in the recovery file ``kept`` when one
    could be written (None when no place could take it). The save is tried again."""

    def __init__(self, message: str, *, kept: str | None = None) -> None:
        super().__init__(message, title="not saved")
        self.kept = kept


class SegmentGoneError(WorkbenchError):
    """The segment under the editor was removed, or re-marked as page chrome, by someone
    else meanwhile (a re-import of the article): the reviewer's text, if any, is kept in
    the recovery file ``kept``."""

    def __init__(self, message: str, *, kept: str | None = None) -> None:
        super().__init__(message, title="segment gone")
        self.kept = kept
