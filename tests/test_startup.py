"""Start-up hygiene: importing workbench's headless modules pulls in no heavy library.

``tests/test_cli.py::test_import_hygiene`` checks ``workbench`` + ``workbench.cli`` (+ store,
segment) together; here every module that must stay light is imported alone, in a fresh
interpreter, so a heavy import hidden in any one of them is named. Heavy: CTranslate2,
Textual, sacreBLEU, argostranslate (its settings create folders at import), polib, numpy,
sentencepiece, translate-toolkit, lxml, SQLAlchemy, Alembic, psycopg — each module imports
them inside the functions that need them (the store loads SQLAlchemy in open_store). No
timing is asserted (benchmarks/startup_bench.py measures it).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "ctranslate2",
    "textual",
    "sacrebleu",
    "argostranslate",
    "polib",
    "numpy",
    "sentencepiece",
    "translate",  # translate-toolkit (XLIFF, TMX)
    "lxml",
    "sqlalchemy",
    "alembic",
    "psycopg",
)

LIGHT_MODULES = (
    "workbench",
    "workbench.cli",
    "workbench.errors",
    "workbench.store",
    "workbench.store.location",
    "workbench.store.model",
    "workbench.store.backend",
    "workbench.segment",
    "workbench.mt",
    "workbench.mt.packages",
    "workbench.mt.install",
    "workbench.mt.index",
    "workbench.mt.routes",
    "workbench.mt.check",
    "workbench.mt.decode",
    "workbench.mt.translate",
    "workbench.mt.builder",
    "workbench.qa",
    "workbench.tm",
    "workbench.formats",
    "workbench.formats.po",
    "workbench.settings",
    "workbench.userfiles",
    "workbench.score",
    "workbench.report",
    "workbench.project",
    "workbench.glossary",
    "workbench.lang",
    "workbench.lang.codes",
    "workbench.lang.detect",
    "workbench.interchange",
    "workbench.tm_imported",
    "workbench.formats.merge",
    "workbench.formats.xliff",
    "workbench.formats.tmx",
)


def _heavy_after_import(module: str) -> list[str]:
    code = (
        "import importlib, json, sys;"
        f"importlib.import_module({module!r});"
        f"print(json.dumps(sorted(set({list(HEAVY)!r}) & set(sys.modules))))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", LIGHT_MODULES)
def test_module_imports_no_heavy_library(module: str) -> None:
    assert _heavy_after_import(module) == []


#: Stage packages that need nothing outside the standard library (and workbench itself).
STDLIB_ONLY = ("workbench.lang", "workbench.lang.detect", "workbench.qa", "workbench.segment")


@pytest.mark.parametrize("module", STDLIB_ONLY)
def test_module_imports_only_the_standard_library(module: str) -> None:
    code = (
        "import importlib, json, sys;"
        "before = set(sys.modules);"
        f"importlib.import_module({module!r});"
        "tops = {name.partition('.')[0] for name in set(sys.modules) - before};"
        "print(json.dumps(sorted(tops - set(sys.stdlib_module_names) - {'workbench'})))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_version_runs_without_heavy_libraries() -> None:
    """``workbench --version`` (argparse exits inside main) loads none of them either."""
    code = (
        "import json, sys\n"
        "from workbench.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps(sorted(set({list(HEAVY)!r}) & set(sys.modules))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[0].startswith("workbench ")
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
