"""Login sessions of ``workbench serve``: a random id in an HttpOnly, SameSite=Strict cookie.

The token is typed once into the login form (a POST body: never in a URL, the history or the
access log) and never leaves the server again: the browser keeps only a session id, 32 random
bytes that mean nothing after the server stops or the session expires. Every request checks
that the token behind its session still exists, so ``workbench serve token remove NAME`` ends
that reviewer's sessions at once (new connections; an open review app finishes its work).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from workbench.web.tokens import TokenHolder

COOKIE = "workbench_session"
#: A login lasts a working day; then the login page again.
SESSION_SECONDS = 12 * 3600
_MAX_SESSIONS = 10_000


@dataclass(frozen=True, slots=True)
class LoginSession:
    holder: TokenHolder
    expires: float


class LoginSessions:
    """Session id → who logged in, in memory (a restart logs everyone out)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._sessions: dict[str, LoginSession] = {}

    def open(self, holder: TokenHolder) -> str:
        now = self._clock()
        if len(self._sessions) >= _MAX_SESSIONS:
            self._sessions = {k: s for k, s in self._sessions.items() if s.expires > now}
            while len(self._sessions) >= _MAX_SESSIONS:  # the oldest logins go first
                del self._sessions[next(iter(self._sessions))]
        sid = secrets.token_urlsafe(32)
        self._sessions[sid] = LoginSession(holder, now + SESSION_SECONDS)
        return sid

    def holder(self, sid: str | None) -> TokenHolder | None:
        if not sid:
            return None
        found = self._sessions.get(sid)
        if found is None:
            return None
        if found.expires <= self._clock():
            del self._sessions[sid]
            return None
        return found.holder

    def close(self, sid: str | None) -> None:
        if sid:
            self._sessions.pop(sid, None)
