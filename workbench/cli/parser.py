"""The command line's grammar: argparse parsers for every command, and argument parsing helpers.

Building only: each command names its handler as ``"module:function"`` inside
``workbench.cli``, imported when the command runs, so ``workbench --version`` loads nothing
but argparse.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, NoReturn

from workbench import __version__
from workbench.errors import InputError


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one safe line on stderr (exit 2), like every other error,
    and an option written ``--slug=--`` has the value ``--``.

    argparse 3.11 drops a ``--`` it finds among an option's values, so ``--slug=--`` reached
    the handlers as an empty *list* where every handler expects a string (TypeError and
    AttributeError tracebacks). Its own error messages quote arguments as typed
    (``unrecognized arguments: ESC]0;...``): they are neutralised like any printed data.
    """

    def error(self, message: str) -> NoReturn:
        from workbench.cli.output import safe

        line = safe(message.replace("\n", " "))
        self.exit(2, f"{self.prog}: error: {line} (see `{self.prog} --help`)\n")

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            value = self._get_value(action, "--")
            self._check_value(action, value)
            return value
        return super()._get_values(action, arg_strings)


def csv_list(value: str) -> list[str]:
    """``"en, vi,"`` → ``["en", "vi"]``."""
    return [item.strip() for item in value.split(",") if item.strip()]


def lang_list(value: str) -> list[str]:
    """A comma list of language codes (``en,vi``); InputError when empty or invalid."""
    from workbench.lang.codes import is_language_code

    langs = csv_list(value)
    bad = [lang for lang in langs if not is_language_code(lang)]
    if not langs or bad:
        raise InputError(f"invalid language list {value!r}: use codes like en,vi")
    return langs


def _int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer from ``low`` to ``high`` (a usage error otherwise)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


def _score(text: str) -> float:
    """An argparse type: a score threshold from 0 to 100 (``nan`` would let every score pass,
    since no comparison with it is true)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 100:  # false for nan
        raise argparse.ArgumentTypeError(f"{text!r} is not a score from 0 to 100")
    return value


def _articles(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add("import", "importing:run", "import (or re-import) a French article as segments")
    p.add_argument("file", help="UTF-8 text file: title on the first line, blank-line paragraphs")
    p.add_argument("--slug", help="short name for the article (default: from the file name)")

    p = add("segments", "listing:segments", "list an article's segments")
    p.add_argument("slug")
    p.add_argument("--json", action="store_true", help="a JSON array of segment objects")
    p.add_argument("--all", action="store_true", help="include segments removed by a re-import")

    p = add("status", "listing:status", "counts per segment kind and per language status")
    p.add_argument("slug", nargs="?")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _translation(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add("translate", "translate:run", "machine-translate an article (Argos models, offline)")
    p.add_argument("slug")
    p.add_argument("--to", default="en,vi", help="comma list of target languages (default en,vi)")
    p.add_argument("--force", action="store_true", help="translate again segments that have MT")
    _decoding(p)
    p.add_argument(
        "--threads",
        type=_int_between(1, 256),
        help="parallel translation workers, one core each (default: all cores, up to 2)",
    )

    p = add("models", "models:run", "list, install, remove, verify or convert Argos packages")
    p.add_argument("action", choices=("list", "install", "remove", "verify", "convert"))
    p.add_argument(
        "target", nargs="*", help="FILE.argosmodel | FROM TO (--online) | code | OPUS_MT_DIR"
    )
    p.add_argument(
        "--online",
        nargs=2,
        metavar=("FROM", "TO"),
        help="install the FROM→TO package from the Argos package index",
    )
    p.add_argument("--json", action="store_true", help="list as JSON")
    p.add_argument("--from", dest="from_code", metavar="LANG", help="convert: source language")
    p.add_argument("--to", dest="to_code", metavar="LANG", help="convert: target language")
    p.add_argument("--out", metavar="FILE", help="convert: the .argosmodel to write")
    p.add_argument("--install", action="store_true", help="convert: install the package")
    p.add_argument(
        "--target-token",
        metavar="'>>xxx<<'",
        help="convert: the language label multi-target OPUS-MT models need (default: --to's)",
    )

    p = add("demo", "demo:run", "import the sample article, translate it to en and vi, review it")
    p.add_argument("--no-review", action="store_true", help="do not open the review UI")


def _batch(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add(
        "batch",
        "batch:run",
        "import a folder of French articles (or take the workspace's) and translate them all, "
        "in this process or on Ray",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("folder", nargs="?", help="folder of UTF-8 .txt articles (sub-folders too)")
    which.add_argument("--all", action="store_true", help="every article of the workspace")
    p.add_argument("--to", default="en,vi", help="comma list of target languages (default en,vi)")
    p.add_argument(
        "--workers",
        type=_int_between(1, 4096),
        help="in-process: translation threads (default: the cores, up to 2); "
        "with --ray: actors (default: one per 2 CPUs of the cluster)",
    )
    p.add_argument(
        "--ray",
        metavar="ADDRESS",
        help="run on Ray: 'auto' starts a local one; ray://HEAD:10001 or HOST:PORT joins a "
        "cluster (pip install 'workbench[ray]')",
    )
    _decoding(p)


def _decoding(p: argparse.ArgumentParser) -> None:
    """The decoding options ``translate`` and ``batch`` share."""
    p.add_argument(
        "--beam", type=_int_between(1, 64), default=4, help="beam size, 1-64 (default 4, Argos's)"
    )
    p.add_argument(
        "--alternatives", type=_int_between(0, 63), default=2, help="n-best alternatives to keep"
    )


def _delivery(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add("export", "export:run", "write approved segments as PO files (or XLIFF for CAT tools)")
    p.add_argument("slug")
    p.add_argument("--lang", help="comma list (default: every translated language)")
    p.add_argument("--out", default="locales", help="output folder (default: locales)")
    p.add_argument(
        "--format",
        choices=("po", "xliff-1.2", "xliff-2.0"),
        default="po",
        help="po (default): LANG/LC_MESSAGES/SLUG.po; xliff-1.2 / xliff-2.0: LANG/SLUG.xlf with "
        "every segment, its status and notes",
    )
    p.add_argument(
        "--include-machine", action="store_true", help="add machine and edited ones as fuzzy"
    )
    p.add_argument("--mo", action="store_true", help="also compile .mo files")
    p.add_argument("--force", action="store_true", help="export even with QA errors")

    p = add("qa", "qa:run", "QA checks on translated segments (exit 1 when errors are found)")
    p.add_argument("slug")
    p.add_argument("--lang", help="comma list (default: every translated language)")
    p.add_argument(
        "--checks",
        help="checks to run: 'numbers,names', or all but some: --checks=-length (default all)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("glossary", "glossary:run", "the workspace glossary (CSV; TBX-Basic import/export)")
    p.add_argument("action", choices=("import", "export", "list"))
    p.add_argument("file", nargs="?", help="FILE.csv or FILE.tbx")

    p = add("tm", "tm:run", "translation memory: approved segments and imported TMX pairs")
    p.add_argument("action", choices=("stats", "search", "export", "import"))
    p.add_argument(
        "text", nargs="?", help="French text to look up (search); FILE.tmx (export, import)"
    )
    p.add_argument("--lang", default="en,vi", help="comma list (default en,vi)")
    p.add_argument("--slug", help="tm export: only this article (default: the whole workspace)")
    p.add_argument("--min", type=int, default=75, help="lowest fuzzy match to show (percent)")

    p = add(
        "import-po", "import_po:run", "bring back a PO or XLIFF file edited in Poedit, OmegaT & co"
    )
    p.add_argument("file", help="FILE.po, or an XLIFF 1.2 / 2.0 file (recognised by its content)")
    p.add_argument("--slug", help="the article (required for PO; XLIFF files name theirs)")
    p.add_argument("--lang", help="the language (required for PO; XLIFF files name theirs)")
    p.add_argument("--reviewer", help="name recorded in the audit log")


def _cache_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--cache",
        metavar="FILE",
        help="per-segment statistics cache (default: score-cache.sqlite in the workspace)",
    )
    p.add_argument("--no-cache", action="store_true", help="compute every segment, store nothing")


def _quality(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add("score", "score:run", "BLEU / chrF / TER with sacreBLEU; exit 1 below a threshold")
    p.add_argument("slug", nargs="?", help="article (for --effort)")
    p.add_argument("--hyp", metavar="FILE", help="hypothesis: PO file or one segment a line")
    p.add_argument("--ref", metavar="FILE", help="reference: PO file or one segment a line")
    p.add_argument("--metrics", default="bleu,chrf,ter", help="comma list (bleu,chrf,ter)")
    p.add_argument("--lang", help="target language (default: the reference PO's Language)")
    p.add_argument("--json", action="store_true", help="JSON for CI")
    p.add_argument("--min-bleu", type=_score, metavar="X", help="fail (exit 1) below this BLEU")
    p.add_argument("--min-chrf", type=_score, metavar="Y", help="fail (exit 1) below this chrF")
    p.add_argument("--per-segment", action="store_true", help="add sentence-level scores")
    p.add_argument("--effort", action="store_true", help="MT vs post-edit effort (HTER, chrF)")
    p.add_argument(
        "--compare", metavar="OTHER", help="paired bootstrap of --hyp (baseline) against OTHER"
    )
    _cache_options(p)

    p = add("report", "report:run", "quality report: one self-contained HTML page or Markdown")
    p.add_argument("slug")
    p.add_argument("--lang", help="comma list (default: every translated language)")
    p.add_argument("--out", metavar="FILE", help="default SLUG-report.html (or .md); - for stdout")
    p.add_argument("--format", choices=("html", "md"), default="html", help="md: a CI summary")
    p.add_argument(
        "--compare-model",
        action="append",
        metavar="FILE.po",
        help="another model version's output (PO) to compare with the stored MT; twice: "
        "compare the two files",
    )
    _cache_options(p)


def _database(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add(
        "db",
        "db:run",
        "the workspace database: `db upgrade` runs its migrations; `db copy --to URL` copies "
        "the workspace into a new database; `db grant LOGIN --role ROLE` and `db roles` "
        "manage who may do what (PostgreSQL)",
    )
    p.add_argument("action", choices=("upgrade", "copy", "grant", "roles"))
    p.add_argument(
        "--to",
        metavar="URL",
        help="db copy: the new, empty database (postgresql://USER@HOST/DB or sqlite:///PATH)",
    )
    p.add_argument("login", nargs="?", help="db grant: the PostgreSQL login")
    p.add_argument(
        "--role",
        choices=("translator", "reviewer", "admin", "none"),
        help="db grant: translator (edits, needs review), reviewer (also approves), admin "
        "(also imports, exports, grants); none takes the workbench roles away",
    )


def _reviewing(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add("review", "review:run", "post-edit and approve an article in the terminal UI")
    p.add_argument("slug")
    p.add_argument("--lang", default="vi", help="target language to review (default: vi)")
    p.add_argument(
        "--reviewer", help="your name in the audit log (default: $WORKBENCH_REVIEWER or login)"
    )

    add(
        "keys",
        "keys:run",
        "the review UI's keys as your keys.toml leaves them ($WORKBENCH_KEYMAP, else "
        "$XDG_CONFIG_HOME/workbench/keys.toml): binding id, keys, what it does",
    )

    p = add("serve", "serve:run", "the review UI in a browser, behind per-reviewer tokens")
    p.add_argument(
        "target",
        nargs="*",
        metavar="SLUG | token {add,list,remove} [NAME]",
        help="serve every article, or only SLUG; `token add NAME` makes a reviewer's token",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_int_between(1, 65535), default=8000, help="default 8000")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address reviewers open when a TLS reverse proxy is in front "
        "(https://review.example.org)",
    )
    p.add_argument(
        "--max-connections",
        type=_int_between(1, 1000),
        default=16,
        help="review apps running at once, one process each (default 16)",
    )
    p.add_argument("--role", default="reviewer", help="token add: reviewer (default) or lead")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--workspace",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="workspace folder (default: $WORKBENCH_HOME, else ./.workbench)",
    )
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database: postgresql://USER@HOST/DB or sqlite:///PATH (default: $WORKBENCH_DB, "
        "else workbench.db in the workspace)",
    )
    parser = _Parser(
        prog="workbench",
        description="Offline translation workbench for French news articles.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("--workspace", metavar="DIR", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--db", metavar="URL", default=None, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, handler: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(handler=handler)
        return p

    for group in (_articles, _translation, _batch, _delivery, _quality, _database, _reviewing):
        group(add)
    return parser
