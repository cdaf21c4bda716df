"""The HTML pages ``workbench serve`` writes itself: login, the index of articles, one line.

Every title, slug and name is user data and goes through :func:`html.escape`; the pages have
no script, and the server sends them with a Content-Security-Policy that allows none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; background: #0c181f; color: #e8eef2;
       max-width: 52rem; margin: 3rem auto; padding: 0 1rem; }
a { color: #8cc4ff; } table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #24404f; }
input, button { font: inherit; padding: .4rem .6rem; } .muted { color: #9ab; }
.bar { display: inline-block; width: 8rem; height: .6rem; background: #24404f; }
.bar span { display: block; height: 100%; background: #4caf7a; }
"""


@dataclass(frozen=True, slots=True)
class LanguageProgress:
    lang: str
    approved: int
    total: int


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    slug: str
    title: str
    languages: Sequence[LanguageProgress]


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def login_page(message: str = "", *, no_tokens: bool = False) -> str:
    hint = (
        "<p class=muted>No token exists yet: on the server, run "
        "<code>workbench serve token add NAME</code>.</p>"
        if no_tokens
        else ""
    )
    note = f"<p role=alert>{escape(message)}</p>" if message else ""
    return _page(
        "workbench review: log in",
        "<h1>workbench review</h1>"
        f"{note}<form method=post action=/login>"
        "<label>Your token <input type=password name=token id=token autocomplete=off "
        "autofocus required></label> <button type=submit>Log in</button></form>"
        f"{hint}",
    )


def review_path(slug: str, lang: str) -> str:
    return f"/review/{quote(slug, safe='')}/{quote(lang, safe='')}"


def _progress(slug: str, p: LanguageProgress) -> str:
    share = 100 * p.approved // p.total if p.total else 0
    return (
        f'<a href="{escape(review_path(slug, p.lang))}">{escape(p.lang)}</a> '
        f'<span class=bar title="{share} %"><span style="width:{share}%"></span></span> '
        f"{p.approved}/{p.total} approved"
    )


def index_page(reviewer: str, role: str, articles: Sequence[ArticleEntry]) -> str:
    rows = []
    for article in articles:
        langs = "<br>".join(_progress(article.slug, p) for p in article.languages)
        rows.append(
            f"<tr><td>{escape(article.title)}<br><span class=muted>{escape(article.slug)}"
            f"</span></td><td>{langs or '<span class=muted>not translated yet</span>'}</td></tr>"
        )
    table = (
        "<table><tr><th>Article</th><th>Review (approved / segments)</th></tr>"
        + "".join(rows)
        + "</table>"
        if rows
        else "<p>No article in this workspace yet: <code>workbench import FILE</code>.</p>"
    )
    return _page(
        "workbench review",
        f"<h1>workbench review</h1><p>Logged in as <b>{escape(reviewer)}</b> "
        f"({escape(role)}). <form method=post action=/logout style=display:inline>"
        f"<button type=submit>Log out</button></form></p>{table}",
    )


def line_page(title: str, line: str) -> str:
    """One line, for the errors a browser may meet (full, not found)."""
    return _page(title, f"<p>{escape(line)}</p><p><a href=/>Back to the articles</a></p>")
