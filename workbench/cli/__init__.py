"""The command line: ``workbench COMMAND ...`` (the console script calls :func:`main`).

``parser`` builds the grammar, ``main`` runs a command and turns user errors into one line,
``output`` prints (safely), and one small module per command or family of commands parses
nothing more and calls one use case of :mod:`workbench.project`. No rules live here.
Importing this package loads argparse only: each handler imports what it needs.
"""

from __future__ import annotations

from workbench.cli.main import main
from workbench.cli.parser import build_parser

__all__ = ["build_parser", "main"]
