"""``workbench serve``: tokens, the refusals before listening, what a browser without a login
gets, and the review UI post-edited and approved in headless Chromium (Playwright driving
Debian's ``chromium``; keys typed as real key events, which xterm.js needs)."""

from __future__ import annotations

import http.client
import os
import stat
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serving import (
    SLUG,
    Screen,
    Served,
    add_token,
    chromium_path,
    log_in,
    serve_workspace,
    serving,
    wait_for,
)
from tests.support import assert_one_line_error, run
from workbench.errors import InputError, NotFoundError
from workbench.web import tokens
from workbench.web.sessions import LoginSessions

# --------------------------------------------------------------------------- tokens


def test_a_token_is_shown_once_and_only_its_hash_is_kept(tmp_path: Path) -> None:
    token = tokens.add_token(tmp_path, "anna", "lead")
    assert token.startswith("wbt_") and len(token) > 40
    path = tmp_path / tokens.TOKENS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert token not in text and token[4:] not in text
    assert tokens.digest(token) in text
    holder = tokens.holder_of(tmp_path, token)
    assert holder is not None and (holder.name, holder.role) == ("anna", "lead")
    assert tokens.holder_of(tmp_path, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert tokens.holder_of(tmp_path, tokens.digest(token)) is None  # the hash is no token
    other = tokens.add_token(tmp_path, "binh")
    assert other != token and stat.S_IMODE(path.stat().st_mode) == 0o600
    tokens.remove_token(tmp_path, "anna")
    assert tokens.holder_of(tmp_path, token) is None
    assert not tokens.still_valid(tmp_path, holder)
    assert [h.name for h in tokens.load_holders(tmp_path)] == ["binh"]


@pytest.mark.parametrize("name", ["", "a b", "x\n", "../etc", "é", "-lead", "a" * 65])
def test_bad_reviewer_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="invalid reviewer name"):
        tokens.add_token(tmp_path, name)
    assert not (tmp_path / tokens.TOKENS_FILE).exists()


def test_token_rules(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown role"):
        tokens.add_token(tmp_path, "anna", "admin")
    tokens.add_token(tmp_path, "anna")
    with pytest.raises(InputError, match="already has a token"):
        tokens.add_token(tmp_path, "anna")
    with pytest.raises(NotFoundError):
        tokens.remove_token(tmp_path, "nobody")


def test_a_tokens_file_others_may_read_is_refused(tmp_path: Path) -> None:
    token = tokens.add_token(tmp_path, "anna")
    path = tmp_path / tokens.TOKENS_FILE
    path.chmod(0o644)
    with pytest.raises(InputError, match="chmod 600"):
        tokens.holder_of(tmp_path, token)
    path.chmod(0o600)
    path.write_text('{"tokens": [{"name": 1}]}')
    with pytest.raises(InputError, match="damaged"):
        tokens.load_holders(tmp_path)


def test_only_loopback_addresses_are_localhost() -> None:
    from workbench.web.launch import is_loopback

    assert all(map(is_loopback, ("127.0.0.1", "127.8.9.1", "::1", "localhost")))
    assert not any(map(is_loopback, ("0.0.0.0", "::", "192.168.1.20", "example.org", "")))


def test_login_sessions_expire_and_close() -> None:
    now = [0.0]
    sessions = LoginSessions(clock=lambda: now[0])
    holder = tokens.TokenHolder("anna", "reviewer", "0" * 64, "2026-01-01")
    sid = sessions.open(holder)
    assert sessions.holder(sid) == holder and sessions.holder("forged") is None
    now[0] += 11 * 3600
    assert sessions.holder(sid) == holder
    now[0] += 2 * 3600
    assert sessions.holder(sid) is None
    sid = sessions.open(holder)
    sessions.close(sid)
    assert sessions.holder(sid) is None


# --------------------------------------------------------------------------- the CLI


def test_cli_token_add_list_remove(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    env = {"WORKBENCH_HOME": str(ws)}
    added = run("serve", "token", "add", "anna", "--role", "lead", cwd=tmp_path, env=env)
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip()
    assert token.startswith("wbt_") and "shown once" in added.stderr and token not in added.stderr
    listed = run("serve", "token", "list", cwd=tmp_path, env=env)
    assert listed.stdout.startswith("anna\tlead\tmade ") and token not in listed.stdout
    assert_one_line_error(run("serve", "token", "add", "a b", cwd=tmp_path, env=env), "a b")
    assert_one_line_error(run("serve", "token", "frob", cwd=tmp_path, env=env), "token frob")
    assert_one_line_error(run("serve", "a", "b", cwd=tmp_path, env=env), "too many")
    removed = run("serve", "token", "remove", "anna", cwd=tmp_path, env=env)
    assert removed.returncode == 0
    assert run("serve", "token", "list", cwd=tmp_path, env=env).stdout == ""


def test_serve_refuses_to_listen_beyond_localhost_without_tokens(tmp_path: Path) -> None:
    env = {"WORKBENCH_HOME": str(tmp_path / "ws")}
    assert_one_line_error(run("serve", cwd=tmp_path, env=env), "no workspace")
    serve_workspace(tmp_path / "ws")
    for host in ("0.0.0.0", "review.example.org"):
        proc = run("serve", "--host", host, "--port", "1", cwd=tmp_path, env=env)
        assert_one_line_error(proc, f"refusing to listen on {host} without tokens")
    bad_url = run("serve", "--public-url", "https://x.org/path?q", cwd=tmp_path, env=env)
    assert_one_line_error(bad_url, "invalid public URL")
    assert_one_line_error(run("serve", "nope", cwd=tmp_path, env=env), "nope")


# --------------------------------------------------------------------------- HTTP, no browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, dict[str, str]]]:
    ws = tmp_path_factory.mktemp("serve") / "ws"
    serve_workspace(ws)
    names = {"anna": add_token(ws, "anna"), "binh": add_token(ws, "binh")}
    with serving(ws, "--max-connections", "2") as server:
        yield server, names


def _request(
    served: Served, method: str, path: str, body: str | None = None, **headers: str
) -> http.client.HTTPResponse:
    host = served.url.removeprefix("http://")
    conn = http.client.HTTPConnection(host, timeout=30)
    if body is not None:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _login_cookie(served: Served, token: str) -> str:
    origin = served.url
    body = urllib.parse.urlencode({"token": token})
    response = _request(served, "POST", "/login", body, Origin=origin)
    assert response.status == 303 and response.getheader("Location") == "/"
    cookie = response.getheader("Set-Cookie") or ""
    return cookie


def test_without_a_login_only_the_login_page(served: tuple[Served, dict[str, str]]) -> None:
    server, _ = served
    for path in ("/", f"/review/{SLUG}/vi", "/static/js/textual.js", "/static/", "/nothing"):
        response = _request(server, "GET", path)
        assert response.status == 303 and response.getheader("Location") == "/login", path
    websocket = _request(server, "GET", f"/ws/{SLUG}/vi", Upgrade="websocket",
                         Connection="Upgrade", Origin=server.url)  # fmt: skip
    assert websocket.status == 403
    forged = _request(server, "GET", "/", Cookie="workbench_session=forged")
    assert forged.status == 303
    page = _request(server, "GET", "/login")
    assert page.status == 200 and "default-src 'none'" in page.getheader("Content-Security-Policy")


def test_a_wrong_token_gets_the_login_page_and_no_cookie(
    served: tuple[Served, dict[str, str]],
) -> None:
    server, names = served
    for token in ("wbt_" + "x" * 43, names["anna"] + "x", "", tokens.digest(names["anna"])):
        body = urllib.parse.urlencode({"token": token})
        response = _request(server, "POST", "/login", body, Origin=server.url)
        assert response.status == 403 and response.getheader("Set-Cookie") is None
    # a right token posted from another site's page is refused too (no login CSRF)
    body = urllib.parse.urlencode({"token": names["anna"]})
    other = _request(server, "POST", "/login", body, Origin="http://evil.example")
    assert other.status == 403 and other.getheader("Set-Cookie") is None


def test_login_sets_a_strict_httponly_cookie_and_the_index_lists_progress(
    served: tuple[Served, dict[str, str]],
) -> None:
    server, names = served
    cookie = _login_cookie(server, names["anna"])
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and names["anna"] not in cookie
    session = cookie.split(";", 1)[0]
    host = server.url.removeprefix("http://")
    conn = http.client.HTTPConnection(host, timeout=30)
    conn.request("GET", "/", headers={"Cookie": session})
    page = conn.getresponse().read().decode()
    assert "Logged in as <b>anna</b>" in page and f'href="/review/{SLUG}/vi"' in page
    assert "0/" in page and " approved" in page
    assert _request(server, "GET", f"/review/{SLUG}/xx", Cookie=session).status == 404
    assert _request(server, "GET", "/review/nope/vi", Cookie=session).status == 404
    cross = _request(server, "GET", f"/ws/{SLUG}/vi", Upgrade="websocket", Connection="Upgrade",
                     Origin="http://evil.example", Cookie=session)  # fmt: skip
    assert cross.status == 403
    output = "".join(server.output)
    assert names["anna"] not in output


def test_hostile_websocket_messages_are_dropped(served: tuple[Served, dict[str, str]]) -> None:
    """Whatever a client sends over the review connection, only textual.js's well-formed
    envelopes reach the app (sizes clamped); the app keeps running and answering."""
    import asyncio

    import aiohttp

    server, names = served
    session_cookie = _login_cookie(server, names["anna"]).split(";", 1)[0]

    async def talk() -> bytes:
        url = server.url.replace("http:", "ws:") + f"/ws/{SLUG}/vi?width=99999&height=x"
        headers = {"Cookie": session_cookie, "Origin": server.url}
        async with aiohttp.ClientSession() as client, client.ws_connect(url, headers=headers) as ws:
            for junk in ("not json", "[]", "{}", '["stdin", 5]', '["resize", "big"]',
                         '["resize", {"width": 1e300, "height": []}]', '["nope", 1]', "[" * 500,
                         '["resize", {"width": 100000000, "height": -7}]'):  # fmt: skip
                await ws.send_str(junk)
            await ws.send_bytes(b"\x00" * 1000)
            await ws.send_str('["resize", {"width": 120, "height": 40}]')  # a usable screen
            await ws.send_str('["ping", "12345"]')
            seen = b""
            async with asyncio.timeout(120):
                while b"Source (FR)" not in seen:
                    message = await ws.receive()
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen += message.data
                    elif message.type == aiohttp.WSMsgType.TEXT:
                        assert message.data == '["pong", "12345"]'
                    else:
                        raise AssertionError(f"connection ended: {message.type}")
            await ws.send_str('["stdin", "\\u0011"]')  # ctrl+q: save and quit
            async with asyncio.timeout(120):
                while (await ws.receive()).type not in (aiohttp.WSMsgType.CLOSE,
                                                        aiohttp.WSMsgType.CLOSED):  # fmt: skip
                    pass
            return seen

    assert b"Source (FR)" in asyncio.run(talk())


def test_behind_a_tls_proxy_the_pages_name_its_public_url_and_tokens_are_never_printed(
    tmp_path: Path,
) -> None:
    ws = tmp_path / "ws"
    serve_workspace(ws)
    token = add_token(ws, "anna")
    public = "https://review.example.org"
    with serving(ws, "--public-url", public + "/") as server:
        body = urllib.parse.urlencode({"token": token})
        assert _request(server, "POST", "/login", body, Origin=server.url).status == 403
        response = _request(server, "POST", "/login", body, Origin=public)
        cookie = response.getheader("Set-Cookie") or ""
        assert response.status == 303 and "Secure" in cookie and "SameSite=Strict" in cookie
        host = server.url.removeprefix("http://")
        conn = http.client.HTTPConnection(host, timeout=30)
        conn.request("GET", f"/review/{SLUG}/vi", headers={"Cookie": cookie.split(";")[0]})
        page = conn.getresponse().read().decode()
        conn.close()
        assert f'data-session-websocket-url="wss://review.example.org/ws/{SLUG}/vi"' in page
        assert 'href="https://review.example.org/static/css/xterm.css"' in page
        output = server.stop()
    assert "serving the review UI on https://review.example.org" in output
    assert token not in output and token[4:20] not in output  # logged in twice: never printed


# --------------------------------------------------------------------------- Chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable)
        yield chromium
        chromium.close()


def _translation(workspace: Path, segment_id: str) -> Any:
    from workbench.store import open_store

    with open_store(workspace) as store:
        return store.row(SLUG, segment_id, "vi").translation


def _rows(workspace: Path) -> list[Any]:
    from workbench.store import open_store

    with open_store(workspace) as store:
        return list(store.rows(SLUG, "vi"))


def _translatable(workspace: Path) -> int:
    from workbench.store import open_store

    with open_store(workspace) as store:
        return sum(1 for r in store.rows(SLUG, "vi") if r.segment.translatable)


def _first_segment(workspace: Path) -> Any:
    from workbench.store import open_store

    with open_store(workspace) as store:
        return next(r for r in store.rows(SLUG, "vi") if r.segment.translatable)


def _open_review(page: Any, server: Served) -> Screen:
    screen = Screen(page)
    page.click(f"a[href='/review/{SLUG}/vi']")
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    screen.wait_for("Source (FR)")
    screen.wait_for("(edit effort)")  # the analysis, drawn after the first paint: ready
    page.focus(".xterm-helper-textarea")  # xterm's own input: key events, as a user types
    return screen


def test_post_edit_and_approve_in_the_browser(
    served: tuple[Served, dict[str, str]], browser: Any
) -> None:
    server, names = served
    first = _first_segment(server.workspace)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, server.url, names["anna"])
    assert page.url == server.url + "/"
    cookie = next(c for c in context.cookies() if c["name"] == "workbench_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert names["anna"] not in page.url and names["anna"] not in cookie["value"]
    screen = _open_review(page, server)
    screen.wait_for(first.segment.source[:30])  # the segment list, with the article's text
    screen.wait_for("anna")  # the header names the logged-in reviewer
    for _ in range(4):
        page.keyboard.press("Control+k")  # the editor's "delete to the end of the line"
    typed = "Nga rút lực lượng gìn giữ hòa bình khỏi Karabakh"
    page.keyboard.type(typed, delay=15)
    screen.wait_for(typed)
    page.keyboard.press("Control+o")  # approve ▸ next
    done = wait_for(
        lambda: (t := _translation(server.workspace, first.segment.id)) and
        t.status == "approved" and t,
        60, "the approval in the store",
    )  # fmt: skip
    assert done.target == typed and done.reviewer == "anna"
    screen.clear()
    page.reload()
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    screen.wait_for("Source (FR)")
    total = _translatable(server.workspace)
    screen.wait_for(f"1/{total} approved")  # the header's count, read from the store again
    rows = _rows(server.workspace)
    start = next(i for i, r in enumerate(rows) if r.segment.id == first.segment.id)
    todo = next(i for i, r in enumerate(rows) if i > start and r.segment.translatable)
    screen.wait_for(f"· {todo + 1} of {len(rows)} ·")  # reopened where approve ▸ next went
    context.close()
    assert _translation(server.workspace, first.segment.id).status == "approved"


def test_a_wrong_token_in_the_browser_gets_only_the_login_page(
    served: tuple[Served, dict[str, str]], browser: Any
) -> None:
    server, _ = served
    context = browser.new_context()
    page = context.new_page()
    log_in(page, server.url, "wbt_not-a-token")
    assert page.url == server.url + "/login" and page.locator("#token").count() == 1
    assert context.cookies() == []
    page.goto(server.url + f"/review/{SLUG}/vi")
    assert page.url == server.url + "/login"
    state = page.evaluate(
        """url => new Promise(done => { const ws = new WebSocket(url);
             ws.onopen = () => done('open'); ws.onerror = () => done('refused'); })""",
        server.url.replace("http:", "ws:") + f"/ws/{SLUG}/vi",
    )
    assert state == "refused"
    context.close()


def test_closing_the_tab_keeps_what_was_typed(
    served: tuple[Served, dict[str, str]], browser: Any
) -> None:
    server, names = served
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, server.url, names["binh"])
    screen = _open_review(page, server)
    screen.clear()
    page.keyboard.press("Control+t")  # the next to-do: not the approved one, not chrome
    screen.wait_for("(edit effort)")  # its analysis: the segment is on screen
    page.keyboard.type("[binh] ", delay=10)  # at the cursor: the start of the target
    screen.wait_for("[binh]")
    page.close()  # no ctrl+q: the tab is gone
    edited = wait_for(lambda: _edited_by(server.workspace, "binh"), 60, "binh's draft")
    assert edited.target.startswith("[binh] ") and edited.status == "edited"
    context.close()


def test_two_reviewers_on_one_segment_get_the_conflict_dialog(
    served: tuple[Served, dict[str, str]], browser: Any
) -> None:
    """Both open the article at the same (remembered) segment and type on, key by key in
    turn, each on the version they opened: whoever's autosave lands second has a conflict
    (the screens follow the store live, so only text typed before the other's save can
    conflict): a line while typing, the dialog on ctrl+s, never a silent overwrite."""
    server, names = served
    screens = {}
    contexts = []
    try:
        for name in ("anna", "binh"):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            contexts.append(context)
            page = context.new_page()
            log_in(page, server.url, names[name])
            screens[name] = (page, _open_review(page, server))
        anna, binh = screens["anna"][0], screens["binh"][0]
        anna.keyboard.type("[anna] ")
        binh.keyboard.type("[binh] ")
        for _ in range(40):  # both keep typing: neither pauses long enough to autosave
            anna.keyboard.type("a")
            binh.keyboard.type("b")
            anna.wait_for_timeout(40)
        saved = wait_for(
            lambda: (
                _edited_by(server.workspace, "anna", "[anna] ")
                or _edited_by(server.workspace, "binh", "[binh] ")
            ),
            60,
            "the first save",
        )
        second = "binh" if saved.reviewer == "anna" else "anna"
        page, screen = screens[second]
        # The autosave meets the conflict: one line, no dialog (a dialog that opens under
        # typing would take letters as answers); ctrl+s asks.
        screen.wait_for("changed this segment")
        page.keyboard.press("Control+s")
        screen.wait_for("Conflict: this segment changed since you opened it")
        screen.wait_for("Theirs (in the store now)")
        after = _translation(server.workspace, saved.segment_id)
        assert after.reviewer == saved.reviewer  # the first save stands: nothing overwritten
        assert after.target.startswith(f"[{saved.reviewer}] ")
    finally:
        for context in contexts:
            context.close()


def _review_processes(pid: int) -> list[int]:
    """The review app processes the server started (its descendants running the child)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").iterdir():
            children = (task / "children").read_text().split()
            todo.extend(int(c) for c in children)
            for child in children:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
                if b"workbench.web.child" in cmdline and b"-m" in cmdline.split(b"\0"):
                    found.append(int(child))
    return found


def test_a_killed_review_process_ends_the_page_and_keeps_the_store_whole(
    served: tuple[Served, dict[str, str]], browser: Any
) -> None:
    import signal
    import sqlite3

    server, names = served
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, server.url, names["anna"])
    _open_review(page, server)
    page.keyboard.type("[kill] ", delay=10)
    saved = wait_for(lambda: _edited_by(server.workspace, "anna", "[kill] "), 60, "the save")
    page.keyboard.type("never saved", delay=10)
    (victim,) = _review_processes(server.process.pid)
    os.kill(victim, signal.SIGKILL)
    page.wait_for_selector("body.-closed", timeout=60_000)  # "Session ended", not a frozen page
    with sqlite3.connect(server.workspace / "workbench.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # the row is whole: the last save, or (had the autosave beaten the kill) the next one
    whole = (saved.target, saved.target.replace("[kill] ", "[kill] never saved", 1))
    assert _translation(server.workspace, saved.segment_id).target in whole
    context.close()


def _edited_by(workspace: Path, reviewer: str, prefix: str = "") -> Any:
    from workbench.store import open_store

    with open_store(workspace) as store:
        found = [r.translation for r in store.rows(SLUG, "vi")
                 if r.translation is not None and r.translation.reviewer == reviewer
                 and r.translation.target.startswith(prefix)]  # fmt: skip
    return found[0] if found else None


def test_a_full_server_says_so_in_one_line(
    served: tuple[Served, dict[str, str]], browser: Any
) -> None:
    server, names = served  # --max-connections 2
    context = browser.new_context(viewport={"width": 1000, "height": 600})
    pages = [context.new_page(), context.new_page()]
    log_in(pages[0], server.url, names["anna"])
    for page in pages:
        page.goto(server.url + "/")
        _open_review(page, server)
    third = context.new_page()
    response = third.goto(server.url + f"/review/{SLUG}/vi")
    assert response is not None and response.status == 503
    assert "All 2 review sessions of this server are in use" in third.inner_text("body")
    pages[0].close()
    wait_for(lambda: third.goto(server.url + f"/review/{SLUG}/vi").status == 200, 60,
             "a free place once a tab closed")  # fmt: skip
    context.close()
