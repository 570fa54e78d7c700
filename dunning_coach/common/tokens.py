"""Shared-secret checks: bearer tokens between our servers, and signed web chat sign-in codes.

A sign-in code names the rep's web id, when it was issued and when it expires, signed with
WEBCHAT_SECRET (HMAC-SHA256). The chat page keeps it and sends it with every message, so the web
channel can trust the sender id without a password table or a session store. The issue time lets
the ledger revoke every code of a rep issued before a moment (`accounts/signin.py`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import time
from dataclasses import dataclass

# A lost phone keeps a code working until it expires or is revoked: a week, not a month.
DEFAULT_DAYS = 7


def bearer(header: str | None) -> str | None:
    """The token of an "Authorization: Bearer <token>" header, or None."""
    if not header or not header.startswith("Bearer "):
        return None
    return header[len("Bearer ") :].strip()


def bearer_matches(header: str | None, token: str | None) -> bool:
    """True if `header` is "Bearer <token>" for a non-empty token (compared in constant time)."""
    given = bearer(header)
    if not token or given is None:
        return False
    return hmac.compare_digest(given.encode(), token.encode())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, body: str) -> str:
    return _b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())


@dataclass(frozen=True)
class SignIn:
    web_id: str
    # The rep the code was made for: a web id can pass to another rep (a rep removed, their id
    # given to a newcomer), and the code must not follow it.
    rep_id: str
    expires: int  # Unix time
    issued: float  # Unix time, to the millisecond


def issue(
    secret: str, web_id: str, rep_id: str, days: int = DEFAULT_DAYS, now: float | None = None
) -> str:
    """A sign-in code for rep `rep_id`, whose web id is `web_id`, valid for `days` days."""
    if not secret:
        raise ValueError("WEBCHAT_SECRET is not set: no sign-in code can be made")
    now = now if now is not None else time.time()
    # Rounded down: a code issued before a revocation never reads as issued after it.
    issued = math.floor(now * 1000) / 1000
    claims = {"sub": web_id, "rid": rep_id, "iat": issued, "exp": int(now + days * 86400)}
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"{body}.{_signature(secret, body)}"


def verify(secret: str | None, code: str | None, now: float | None = None) -> SignIn | None:
    """The sign-in a code carries if it is signed with `secret` and not expired, else None. A
    code without an issue time or a rep (made before codes could be revoked) is refused."""
    if not secret or not code or code.count(".") != 1:
        return None
    body, signature = code.strip().split(".")
    if not hmac.compare_digest(signature.encode(), _signature(secret, body).encode()):
        return None
    try:
        claims = json.loads(_unb64(body))
        web_id, rep_id = str(claims["sub"]), str(claims["rid"])
        expires, issued = int(claims["exp"]), float(claims["iat"])
    except (ValueError, KeyError, TypeError):
        return None
    if not web_id or not rep_id or expires < (now if now is not None else time.time()):
        return None
    return SignIn(web_id, rep_id, expires, issued)
