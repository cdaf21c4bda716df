"""Start-up hygiene: importing workbench's headless modules pulls in no heavy library.

One test, parametrised over every module that must stay light (and ``workbench --version``):
each is imported alone, in a fresh interpreter, so a heavy import hidden in any one of them is
named. Heavy: CTranslate2, Textual, sacreBLEU, argostranslate (its settings create folders at
import), polib, numpy, sentencepiece, translate-toolkit, lxml, SQLAlchemy, Alembic, psycopg,
Ray, rapidfuzz — each module imports them inside the functions that need them (the store
loads SQLAlchemy in open_store). The stage packages in STDLIB_ONLY need nothing outside the
standard library at all. No timing is asserted (benchmarks/startup_bench.py measures it).
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
    "aiohttp",  # workbench serve (the web extra)
    "textual_serve",
    "jinja2",
    "ray",
    "rapidfuzz",  # the TM's fuzzy matcher, loaded by the first search
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
    "workbench.web",
    "workbench.web.tokens",
    "workbench.web.sessions",
    "workbench.web.pages",
    "workbench.web.launch",
    "workbench.cli.serve",
    "workbench.review",  # the headless review session: no Textual
    "workbench.batch",
    "workbench.cli.batch",
    "workbench.batch.run",
    "workbench.batch.cluster",
    "workbench.batch.ship",
)


#: Stage packages that need nothing outside the standard library (and workbench itself).
STDLIB_ONLY = ("workbench.lang", "workbench.lang.detect", "workbench.qa", "workbench.segment")
#: Standard-library modules a light module must not load either (the QA checks run per
#: keystroke in the review UI: no XML parser, difflib, csv or sqlite3 at import).
STDLIB_FORBIDDEN = {"workbench.qa": ("xml.etree", "difflib", "csv", "sqlite3")}
#: ``workbench --version``: argparse exits inside main.
VERSION = "--version"

_REPORT = (
    "import json, sys\n"
    "if {module!r} == {version!r}:\n"
    "    from workbench.cli import main\n"
    "    try:\n"
    "        main([{version!r}])\n"
    "    except SystemExit:\n"
    "        pass\n"
    "else:\n"
    "    __import__({module!r})\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def _modules_after(module: str) -> tuple[list[str], set[str]]:
    """(what the child printed before its report, every module loaded) after importing
    ``module`` alone in a fresh interpreter."""
    code = _REPORT.format(module=module, version=VERSION)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    *printed, report = proc.stdout.strip().splitlines()
    return printed, set(json.loads(report))


@pytest.mark.parametrize("module", [*LIGHT_MODULES, VERSION])
def test_module_imports_no_heavy_library(module: str) -> None:
    printed, loaded = _modules_after(module)
    assert module in loaded or module == VERSION
    tops = {name.partition(".")[0] for name in loaded}
    assert sorted(tops & set(HEAVY)) == []
    if module in STDLIB_ONLY:
        assert sorted(tops - set(sys.stdlib_module_names) - {"workbench", "__main__"}) == []
    assert sorted(loaded & set(STDLIB_FORBIDDEN.get(module, ()))) == []
    if module == VERSION:
        assert printed and printed[0].startswith("workbench ")
