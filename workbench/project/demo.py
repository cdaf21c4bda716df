"""Use case: the demo — import the sample article, make sure models exist, translate it.

The sample article ships inside the package (``workbench/samples/karabakh/fr.txt`` in the
wheel, from the repository's ``samples/``), so the demo runs from an installed wheel as well
as from a clone. Without a real Argos package for a language, generated demo packages
(random weights: gibberish output, said plainly) are built and installed through the same
install code as a user's ``.argosmodel`` file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import NotFoundError
from workbench.project.importing import import_article
from workbench.project.translating import ProgressFn, TranslateReport, translate_article
from workbench.store import ImportReport, open_store

if TYPE_CHECKING:
    from workbench.mt.packages import InstalledPackage

DEMO_SLUG = "karabakh"
DEMO_LANGS = ("en", "vi")
#: Generated packages the demo installs when no real model covers a language:
#: French → English, and English → Vietnamese for the pivot.
DEMO_PAIRS = (("fr", "en"), ("en", "vi"))
_SAMPLE = Path("samples") / DEMO_SLUG / "fr.txt"


def sample_article() -> Path:
    """The seed article: package data in an installed wheel, ``samples/`` in a clone."""
    package = Path(__file__).resolve().parent.parent  # .../workbench
    for path in (package / _SAMPLE, package.parent / _SAMPLE):
        if path.is_file():
            return path
    raise NotFoundError(
        f"the sample article {_SAMPLE} is missing from this installation of workbench: "
        "reinstall it (the wheel ships the sample) or run the demo from a clone"
    )


def ensure_models(langs: Sequence[str], note: Callable[[str], None]) -> list[InstalledPackage]:
    """Make sure French → each language can be routed. Where no package (real or generated)
    covers it, build and install the generated demo packages, through the same install code
    as a user's .argosmodel file. Returns what was installed (empty when nothing was)."""
    import tempfile

    from workbench.errors import PackageError
    from workbench.mt.builder import build_random_package
    from workbench.mt.install import install_from_file
    from workbench.mt.packages import list_installed
    from workbench.mt.routes import find_route

    missing = []
    for lang in langs:
        try:
            find_route("fr", lang)
        except PackageError:
            missing.append(lang)
    if not missing:
        return []
    have = {(p.from_code, p.to_code) for p in list_installed()}
    installed = []
    with tempfile.TemporaryDirectory(prefix="workbench-demo-") as tmp:
        for from_code, to_code in DEMO_PAIRS:
            if (from_code, to_code) in have:
                continue
            note(f"building a generated demo package {from_code}→{to_code} (random weights)…")
            archive = build_random_package(
                Path(tmp) / f"{from_code}_{to_code}.argosmodel", from_code, to_code, seed=1
            )
            installed.append(install_from_file(archive))
    return installed


@dataclass(frozen=True, slots=True)
class DemoReport:
    imported: ImportReport
    installed: list[InstalledPackage]
    translated: list[TranslateReport]


def demo(
    workspace: str | os.PathLike[str] | None,
    *,
    note: Callable[[str], None],
    progress: ProgressFn | None = None,
) -> DemoReport:
    """Import the sample article, make sure models exist, translate into English and
    Vietnamese. The caller then opens the review UI (terminal) or prints the status."""
    from workbench.glossary import glossary_path, seed_glossary, write_csv

    imported = import_article(sample_article(), slug=DEMO_SLUG, workspace=workspace)
    installed = ensure_models(DEMO_LANGS, note)
    with open_store(workspace) as store:
        terms = glossary_path(store.workspace)
        if not terms.exists():
            write_csv(seed_glossary(), terms)
            note(f"wrote a starter glossary for the article: {terms}")
        translated = translate_article(store, DEMO_SLUG, DEMO_LANGS, progress=progress)
    return DemoReport(imported, installed, translated)
