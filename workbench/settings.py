"""Settings: the environment variables, workspace paths and delays, in one object.

Nothing is read at import time and no folder is ever created here: :func:`load` reads the
environment when it is called (a test that changes ``WORKBENCH_HOME`` sees the change), and
the path properties only compute paths.

Environment variables:

* ``WORKBENCH_HOME`` — the workspace folder when ``--workspace`` is not given
  (default ``./.workbench``);
* ``WORKBENCH_DB`` — the store's database URL when ``--db`` is not given
  (``postgresql://USER@HOST/DBNAME`` or ``sqlite:///PATH``; default: the workspace's
  ``workbench.db``);
* ``WORKBENCH_REVIEWER`` — the reviewer's name in the audit log (default: the login name);
* ``ARGOS_PACKAGES_DIR`` — argostranslate's package folder. argostranslate reads it (and the
  ``XDG_*`` variables) itself, once, at its first import, and creates its folders then: set it
  before anything imports argostranslate. ``None`` here means "argostranslate's default".
* ``ARGOS_PACKAGE_INDEX`` — the Argos package index's base address (``index.json`` is added),
  as argostranslate spells it; read here when the index is fetched (argostranslate reads it at
  its import). ``None``: argostranslate's setting (its settings.json, else argospm-index).
* ``WORKBENCH_LOW_CONFIDENCE`` — below this machine-translation confidence (0-1, the model's
  geometric-mean token probability: :mod:`workbench.mt.confidence`) ``workbench qa`` warns
  and the review's ``doubtful`` filter shows the segment (default 0.5: on average each token
  less likely than not, by the model's own account);
* ``WORKBENCH_SPELLING`` — the spelling dictionaries of the ``spelling`` QA check
  (``en=en_GB,vi=vi_VN``; default ``en_US`` and ``vi_VN``), or ``off``
  (:mod:`workbench.lang.dictionaries`);
* ``WORKBENCH_KEYMAP`` — the review UI's key file (:mod:`workbench.tui.keyconfig`; default
  ``$XDG_CONFIG_HOME/workbench/keys.toml``, ``XDG_CONFIG_HOME`` defaulting to ``~/.config``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: The workspace folder under the current directory when neither ``--workspace`` nor
#: ``WORKBENCH_HOME`` names one.
DEFAULT_WORKSPACE = ".workbench"
DB_FILE = "workbench.db"
GLOSSARY_FILE = "glossary.csv"
UI_STATE_FILE = "ui-state.json"
#: See WORKBENCH_LOW_CONFIDENCE in the module docstring.
LOW_CONFIDENCE = 0.5
#: The review UI saves the draft this long after the last keystroke,
AUTOSAVE_DELAY_S = 0.5
#: ... and at least this long after the first unsaved one while the reviewer types on without
#: such a pause: the most typing a crash (or kill -9) can lose.
AUTOSAVE_MAX_UNSAVED_S = 2.0
#: A save the store refused (a full disk, a locked database) is tried again this long after.
SAVE_RETRY_S = 2.0
#: The folder of the review's recovery files (text it could not save), under
#: ``$XDG_STATE_HOME/workbench/`` and, as a fallback, in the workspace.
DRAFTS_DIR = "drafts"


@dataclass(frozen=True, slots=True)
class WorkspacePaths:
    """Where a workspace keeps its files (computed, never created)."""

    folder: Path

    @property
    def database(self) -> Path:
        return self.folder / DB_FILE

    @property
    def glossary(self) -> Path:
        return self.folder / GLOSSARY_FILE

    @property
    def ui_state(self) -> Path:
        return self.folder / UI_STATE_FILE


@dataclass(frozen=True, slots=True)
class Settings:
    """What the environment says, read once by :func:`load`."""

    home: Path | None = None  # WORKBENCH_HOME
    database_url: str | None = None  # WORKBENCH_DB
    reviewer_name: str | None = None  # WORKBENCH_REVIEWER
    argos_packages_dir: Path | None = None  # ARGOS_PACKAGES_DIR
    argos_package_index: str | None = None  # ARGOS_PACKAGE_INDEX
    low_confidence_text: str | None = None  # WORKBENCH_LOW_CONFIDENCE, checked when used
    spelling_text: str | None = None  # WORKBENCH_SPELLING, parsed by workbench.lang.dictionaries
    keymap_file: Path | None = None  # WORKBENCH_KEYMAP
    config_home: Path | None = None  # XDG_CONFIG_HOME
    autosave_delay_s: float = AUTOSAVE_DELAY_S

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        def path(name: str) -> Path | None:
            value = environ.get(name)
            return Path(value) if value else None

        return cls(
            home=path("WORKBENCH_HOME"),
            database_url=environ.get("WORKBENCH_DB") or None,
            reviewer_name=environ.get("WORKBENCH_REVIEWER") or None,
            argos_packages_dir=path("ARGOS_PACKAGES_DIR"),
            argos_package_index=environ.get("ARGOS_PACKAGE_INDEX") or None,
            low_confidence_text=environ.get("WORKBENCH_LOW_CONFIDENCE") or None,
            spelling_text=environ.get("WORKBENCH_SPELLING") or None,
            keymap_file=path("WORKBENCH_KEYMAP"),
            config_home=path("XDG_CONFIG_HOME"),
        )

    def keys_file(self) -> tuple[Path, bool]:
        """The review UI's key file, and whether the user named it (``WORKBENCH_KEYMAP``: then
        it must exist; the default one is optional)."""
        if self.keymap_file is not None:
            return self.keymap_file, True
        base = self.config_home if self.config_home else Path.home() / ".config"
        return base / "workbench" / "keys.toml", False

    def low_confidence(self) -> float:
        """The confidence below which an MT is doubtful (``WORKBENCH_LOW_CONFIDENCE``)."""
        if self.low_confidence_text is None:
            return LOW_CONFIDENCE
        try:
            value = float(self.low_confidence_text)
        except ValueError:
            value = math.nan
        if not 0.0 <= value <= 1.0:
            from workbench.errors import InputError

            raise InputError(
                f"WORKBENCH_LOW_CONFIDENCE={self.low_confidence_text!r} is not a number "
                "between 0 and 1"
            )
        return value

    def workspace_dir(self, explicit: str | os.PathLike[str] | None = None) -> Path:
        """``--workspace DIR``, else ``$WORKBENCH_HOME``, else ``./.workbench``."""
        if explicit:
            return Path(explicit)
        if self.home is not None:
            return self.home
        return Path.cwd() / DEFAULT_WORKSPACE

    def workspace(self, explicit: str | os.PathLike[str] | None = None) -> WorkspacePaths:
        return WorkspacePaths(self.workspace_dir(explicit))

    def reviewer(self) -> str:
        """``$WORKBENCH_REVIEWER``, else the login name."""
        if self.reviewer_name:
            return self.reviewer_name
        import getpass

        return getpass.getuser()


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings of this moment (``os.environ`` unless ``environ`` is given)."""
    return Settings.from_env(os.environ if environ is None else environ)
