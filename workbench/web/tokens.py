"""Personal tokens for ``workbench serve``: one per reviewer, only its SHA-256 kept on disk.

A token is 32 random bytes (``secrets.token_urlsafe``) behind a ``wbt_`` prefix, shown once
when it is made. Being random and long, a plain SHA-256 is the right hash (a slow password
hash protects guessable secrets; nobody guesses 256 random bits). The hashes live in
``serve-tokens.json`` in the workspace folder, written atomically with mode 0600; a file that
others may read or write is refused (like ssh does with a private key), because whoever can
write it can make themselves a token.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbench.errors import InputError, NotFoundError
from workbench.fsutil import atomic_write

TOKENS_FILE = "serve-tokens.json"
TOKEN_PREFIX = "wbt_"
#: Who a token lets in. The role is recorded with the session (and shown); what a role may
#: do is the store's business (team store roles), never the browser's.
ROLES = ("reviewer", "lead")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_MAX_FILE = 1 << 20


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """Whom a token belongs to (never the token itself)."""

    name: str
    role: str
    sha256: str
    created_at: str


def tokens_path(folder: Path) -> Path:
    return folder / TOKENS_FILE


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise InputError(
            f"invalid reviewer name {name!r}: use 1-64 letters, digits, '.', '_' or '-'"
        )
    return name


def load_holders(folder: Path) -> list[TokenHolder]:
    """Every token holder of the workspace ([] when no token was ever made)."""
    path = tokens_path(folder)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror}): check the file") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
            raise InputError(
                f"{path} may be read or changed by other users: run `chmod 600 {path}`"
            )
        data = fh.read(_MAX_FILE + 1)
    try:
        raw: Any = json.loads(data) if len(data) <= _MAX_FILE else None
        holders = [
            TokenHolder(str(t["name"]), str(t["role"]), str(t["sha256"]), str(t["created_at"]))
            for t in raw["tokens"]
        ]
    except (ValueError, TypeError, KeyError):
        raise InputError(f"{path} is damaged: remove it and add the tokens again") from None
    return holders


def _save(folder: Path, holders: list[TokenHolder]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = tokens_path(folder)
    with contextlib.suppress(FileExistsError):  # born 0600: atomic_write keeps the mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    rows = [
        {"name": h.name, "role": h.role, "sha256": h.sha256, "created_at": h.created_at}
        for h in holders
    ]
    atomic_write(path, json.dumps({"tokens": rows}, indent=1).encode("utf-8"))


def add_token(folder: Path, name: str, role: str = "reviewer") -> str:
    """Make a token for ``name`` and return it (the only time it is ever seen)."""
    check_name(name)
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    holders = load_holders(folder)
    if any(h.name == name for h in holders):
        raise InputError(f"{name} already has a token: `workbench serve token remove {name}` first")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    _save(folder, [*holders, TokenHolder(name, role, digest(token), stamp)])
    return token


def remove_token(folder: Path, name: str) -> None:
    holders = load_holders(folder)
    kept = [h for h in holders if h.name != name]
    if len(kept) == len(holders):
        raise NotFoundError(f"no token for {name!r}: see `workbench serve token list`")
    _save(folder, kept)


def holder_of(folder: Path, token: str) -> TokenHolder | None:
    """The holder of ``token``, or None; every stored hash is compared in constant time."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    wanted = digest(token)
    found = None
    for holder in load_holders(folder):
        if hmac.compare_digest(holder.sha256, wanted):
            found = holder
    return found


def still_valid(folder: Path, holder: TokenHolder) -> bool:
    """The token behind a login session is still there (not removed since)."""
    return any(
        h.name == holder.name and hmac.compare_digest(h.sha256, holder.sha256)
        for h in load_holders(folder)
    )
