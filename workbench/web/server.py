"""The aiohttp application of ``workbench serve``, built around textual-serve's pieces.

textual-serve has no access control and one fixed command for every connection, so its
``Server`` class is not used; what it does well is used as it is: ``AppService`` (one app
process per websocket, the packet protocol to Textual's web driver), its page template and its
static files (xterm.js). Around them this module adds what a newsroom needs: every route but
``/login`` behind a login session (:mod:`workbench.web.sessions`), a per-connection command
that opens the chosen article and language as the logged-in reviewer, an index of articles
with their progress, a bound on connections (one line when full), an Origin check on the
websocket and the login form, and a Content-Security-Policy on every page.
"""

from __future__ import annotations

import asyncio
import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from workbench.web import pages, tokens
from workbench.web.sessions import COOKIE, LoginSessions

_HOLDER = "workbench.holder"  # request key: the TokenHolder of the login session
_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"
_APP_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'"
)


@dataclass(frozen=True, slots=True)
class ServeOptions:
    workspace: Path  # absolute: the review processes are started with it
    slug: str | None  # serve only this article
    host: str
    port: int
    public_url: str | None  # https://review.example.org behind a TLS reverse proxy
    max_connections: int


class _ClosingAppService(AppService):
    """An app process that ends (quit, crash, kill) closes its browser connection, so the
    page shows textual-serve's "Session ended" instead of a frozen screen."""

    async def run(self) -> None:
        await super().run()
        await self.remote_close()


def _size(text: str | None, default: int, high: int) -> int:
    try:
        return max(1, min(high, int(text or default)))
    except ValueError:
        return default


class ReviewServer:
    """The routes and their state: login sessions and the running review connections."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.sessions = LoginSessions()
        self.active = 0
        self.downloads = DownloadManager()
        self.sockets: set[web.WebSocketResponse] = set()
        base = Path(textual_serve.__file__).parent
        self.statics = base / "static"
        self.template = jinja2.Environment(
            loader=jinja2.FileSystemLoader(base / "templates"), autoescape=True
        ).get_template("app_index.html")
        self.secure = (options.public_url or "").startswith("https://")

    # -- the application -------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard], client_max_size=64 * 1024)
        app.add_routes(
            [
                web.get("/login", self.login_form),
                web.post("/login", self.login),
                web.post("/logout", self.logout),
                web.get("/", self.index),
                web.get("/review/{slug}/{lang}", self.review_page),
                web.get("/ws/{slug}/{lang}", self.websocket),
                web.static("/static", self.statics),
            ]
        )
        app.on_shutdown.append(self._close_sockets)
        return app

    @web.middleware
    async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Everything but the login form needs a live login session; every answer gets the
        security headers."""
        if request.path != "/login":
            holder = await asyncio.to_thread(self._holder, request)
            if holder is None:
                if request.method == "GET" and request.headers.get("Upgrade") is None:
                    raise web.HTTPSeeOther("/login")
                raise web.HTTPForbidden(text="log in first\n")
            request[_HOLDER] = holder
        response: web.StreamResponse = await handler(request)
        response.headers.setdefault("Content-Security-Policy", _PAGE_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # "no-referrer" sends Origin: null
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    def _holder(self, request: web.Request) -> tokens.TokenHolder | None:
        holder = self.sessions.holder(request.cookies.get(COOKIE))
        if holder is None or not tokens.still_valid(self.options.workspace, holder):
            return None
        return holder

    def _origin_ok(self, request: web.Request) -> bool:
        """A browser names the page that sent a form or opened a websocket: it must be ours
        (a cookie of ours is then never used from another site's page)."""
        origin = request.headers.get("Origin")
        if origin is None:
            return request.method == "GET" and request.headers.get("Upgrade") is None
        if self.options.public_url:
            return origin == self.options.public_url.rstrip("/")
        return origin in {f"http://{request.host}", f"https://{request.host}"}

    # -- login -----------------------------------------------------------------------------

    async def login_form(self, request: web.Request) -> web.StreamResponse:
        if await asyncio.to_thread(self._holder, request) is not None:
            raise web.HTTPSeeOther("/")
        no_tokens = not await asyncio.to_thread(tokens.load_holders, self.options.workspace)
        return web.Response(text=pages.login_page(no_tokens=no_tokens), content_type="text/html")

    async def login(self, request: web.Request) -> web.StreamResponse:
        if not self._origin_ok(request):
            raise web.HTTPForbidden(text="cross-site login refused\n")
        form = await request.post()
        token = form.get("token")
        holder = None
        if isinstance(token, str):
            holder = await asyncio.to_thread(
                tokens.holder_of, self.options.workspace, token.strip()
            )
        if holder is None:
            page = pages.login_page("That token is not valid.")
            return web.Response(status=403, text=page, content_type="text/html")
        self.sessions.close(request.cookies.get(COOKIE))
        response = web.HTTPSeeOther("/")
        response.set_cookie(
            COOKIE,
            self.sessions.open(holder),
            httponly=True,
            samesite="Strict",
            secure=self.secure,
            path="/",
        )
        raise response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        if not self._origin_ok(request):
            raise web.HTTPForbidden(text="cross-site logout refused\n")
        self.sessions.close(request.cookies.get(COOKIE))
        response = web.HTTPSeeOther("/login")
        response.del_cookie(COOKIE, path="/")
        raise response

    # -- pages -----------------------------------------------------------------------------

    def _articles(self) -> list[pages.ArticleEntry]:
        from workbench.project import workspace_status

        found = workspace_status(self.options.workspace, self.options.slug)
        return [
            pages.ArticleEntry(
                status.article.slug,
                status.article.title,
                [
                    pages.LanguageProgress(lang, counts.get("approved", 0), sum(counts.values()))
                    for lang, counts in sorted(status.langs.items())
                ],
            )
            for status in found.articles
        ]

    async def index(self, request: web.Request) -> web.StreamResponse:
        holder = request[_HOLDER]
        articles = await asyncio.to_thread(self._articles)
        page = pages.index_page(holder.name, holder.role, articles)
        return web.Response(text=page, content_type="text/html")

    async def _check_target(self, request: web.Request) -> tuple[str, str]:
        """The slug and language of a review route, when the article has that language."""
        slug, lang = request.match_info["slug"], request.match_info["lang"]
        if self.options.slug is None or slug == self.options.slug:
            for article in await asyncio.to_thread(self._articles):
                if article.slug == slug and any(p.lang == lang for p in article.languages):
                    return slug, lang
        line = f"No {lang} translation of an article {slug!r} is served here."
        raise web.HTTPNotFound(text=pages.line_page("not found", line), content_type="text/html")

    def _full(self) -> web.HTTPServiceUnavailable:
        line = (
            f"All {self.options.max_connections} review sessions of this server are in use: "
            "try again when a reviewer closes theirs."
        )
        return web.HTTPServiceUnavailable(
            text=pages.line_page("server full", line), content_type="text/html"
        )

    def _base_urls(self, request: web.Request) -> tuple[str, str]:
        """(http base, websocket base) as the browser reaches this server."""
        if self.options.public_url:
            http = self.options.public_url.rstrip("/")
        else:
            http = f"{request.scheme}://{request.host}"
        scheme, rest = http.split(":", 1)
        return http, ("wss:" if scheme == "https" else "ws:") + rest

    async def review_page(self, request: web.Request) -> web.StreamResponse:
        slug, lang = await self._check_target(request)
        if self.active >= self.options.max_connections:
            raise self._full()
        http, ws = self._base_urls(request)
        page = self.template.render(
            font_size=_size(request.query.get("fontsize"), 16, 48),
            app_websocket_url=ws + request.path.replace("/review/", "/ws/", 1),
            config={"static": {"url": f"{http}/static/"}},
            application={"name": f"{slug} · {lang}"},
        )
        response = web.Response(text=page, content_type="text/html")
        response.headers["Content-Security-Policy"] = _APP_CSP
        return response

    # -- the review connection -------------------------------------------------------------

    def command(self, slug: str, lang: str, reviewer: str) -> str:
        words = [sys.executable, "-m", "workbench.web.child", "--workspace"]
        words += [str(self.options.workspace), "--slug", slug, "--lang", lang]
        return shlex.join([*words, "--reviewer", reviewer])

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        if not self._origin_ok(request):
            raise web.HTTPForbidden(text="cross-site connection refused\n")
        slug, lang = await self._check_target(request)
        if self.active >= self.options.max_connections:
            raise self._full()
        self.active += 1
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
        service: AppService | None = None
        try:
            await socket.prepare(request)
            self.sockets.add(socket)
            service = _ClosingAppService(
                self.command(slug, lang, request[_HOLDER].name),
                write_bytes=socket.send_bytes,
                write_str=socket.send_str,
                close=lambda: _close(socket),
                download_manager=self.downloads,
            )
            await service.start(
                _size(request.query.get("width"), 80, 500),
                _size(request.query.get("height"), 24, 200),
            )
            await _relay(socket, service)
        finally:
            self.active -= 1
            self.sockets.discard(socket)
            if service is not None:
                await service.stop()  # the app's quit: the draft is saved, the process ends
        return socket

    async def _close_sockets(self, _app: web.Application) -> None:
        for socket in list(self.sockets):
            await socket.close()


async def _close(socket: web.WebSocketResponse) -> None:
    await socket.close()


async def _relay(socket: web.WebSocketResponse, service: AppService) -> None:
    """The browser's messages to the app process (textual.js's envelopes); anything else
    is dropped."""
    async for message in socket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width, height = data.get("width"), data.get("height")
            if isinstance(width, int) and isinstance(height, int):
                await service.set_terminal_size(min(max(width, 1), 500), min(max(height, 1), 200))
        elif kind == "ping" and isinstance(data, str):
            await socket.send_json(["pong", data[:32]])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def run(options: ServeOptions, announce: Any) -> None:
    """Serve until ctrl+c (SIGINT) or SIGTERM; ``announce(url)`` once the port is open."""
    server = ReviewServer(options)

    async def started(_app: web.Application) -> None:
        announce(options.public_url or f"http://{options.host}:{options.port}/")

    app = server.make_app()
    app.on_startup.append(started)
    web.run_app(app, host=options.host, port=options.port, print=None)
