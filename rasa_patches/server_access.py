"""Who may use the Rasa server's own HTTP API, and how a start-up script knows the model is loaded.

Stock Rasa 3.6 opens its whole HTTP API (trackers, events, model replacement) with `--enable-api`
and one `--auth-token`, which must then sit on the command line, where `ps` shows it to every local
user. It accepts that token only in the URL (`?token=`), where proxies and logs keep it, and
compares it with `==`. Without a token, `--enable-api` opens the API to anyone. Here:

- The API is off unless RASA_ADMIN_TOKEN is set in the environment; then it is on with that token,
  whatever the command line says. It is not RASA_TOKEN, which opens only the REST channel.
- The token is accepted only as an `Authorization: Bearer` header, compared in constant time.
- The API answers only callers on this machine (loopback, and not relayed by a proxy that says
  whom it relays with X-Forwarded-For or Forwarded).
- `GET /ready` answers 200 once the model is loaded and 503 before, with nothing else, so
  `make serve` says "up" only when the server can answer a rep.
"""

from __future__ import annotations

import inspect
import ipaddress
import logging
import os
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

from dunning_coach.common.tokens import bearer_matches

logger = logging.getLogger(__name__)

ADMIN_TOKEN_VARIABLE = "RASA_ADMIN_TOKEN"
# Paths every server serves whatever the API's state: the channels and their pages (the web
# chat, the team page), the greeting, readiness.
PUBLIC_PREFIXES = ("/webhooks/", "/chat", "/team")
PUBLIC_PATHS = {"/", "/ready"}
RELAY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def admin_token() -> str:
    return os.environ.get(ADMIN_TOKEN_VARIABLE, "").strip()


def is_admin_path(path: str) -> bool:
    return path not in PUBLIC_PATHS and not path.startswith(PUBLIC_PREFIXES)


def from_this_machine(ip: str, headers: Any) -> bool:
    """True for a direct caller on a loopback address: a proxy in front of the server also calls
    from loopback, but says so with one of RELAY_HEADERS."""
    try:
        loopback = ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False
    return loopback and not any(headers.get(h) for h in RELAY_HEADERS)


def apply() -> None:
    import rasa.core.run
    import rasa.server

    stock_configure_app = rasa.core.run.configure_app
    if getattr(stock_configure_app, "wrapped_by_server_access", False):
        return  # applied already
    rasa.server.requires_auth = _requires_bearer

    signature = inspect.signature(stock_configure_app)

    @wraps(stock_configure_app)
    def configure_app(*args: Any, **kwargs: Any) -> Any:
        call = signature.bind(*args, **kwargs)
        call.apply_defaults()
        token = admin_token()
        if call.arguments["enable_api"] and not token:
            logger.warning(
                "The HTTP API stays off: set %s to turn it on (not --enable-api).",
                ADMIN_TOKEN_VARIABLE,
            )
        call.arguments.update(enable_api=bool(token), auth_token=token or None)
        app = stock_configure_app(*call.args, **call.kwargs)
        _serve_readiness(app)
        _admin_api_on_this_machine_only(app)
        return app

    configure_app.wrapped_by_server_access = True  # type: ignore[attr-defined]
    rasa.core.run.configure_app = configure_app


def _requires_bearer(app: Any, token: str | None = None) -> Callable[[Any], Any]:
    """Stands in for `rasa.server.requires_auth`: the route answers only `Authorization: Bearer`
    with the API's token. Without a token it answers nobody (stock Rasa would answer everybody)."""
    from rasa.server import ErrorResponse

    def decorator(handler: Any) -> Any:
        @wraps(handler)
        async def decorated(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not bearer_matches(request.headers.get("Authorization"), token):
                raise ErrorResponse(
                    HTTPStatus.UNAUTHORIZED,
                    "NotAuthenticated",
                    f"Send {ADMIN_TOKEN_VARIABLE} as 'Authorization: Bearer <token>'.",
                )
            result = handler(request, *args, **kwargs)
            return await result if inspect.isawaitable(result) else result

        return decorated

    return decorator


def _serve_readiness(app: Any) -> None:
    from sanic import response

    @app.get("/ready")
    async def ready(request: Any) -> Any:
        agent = getattr(request.app.ctx, "agent", None)
        loaded = agent is not None and agent.is_ready()
        return response.json(
            {"ready": loaded}, status=HTTPStatus.OK if loaded else HTTPStatus.SERVICE_UNAVAILABLE
        )


def _admin_api_on_this_machine_only(app: Any) -> None:
    from sanic import response

    @app.middleware("request")
    async def only_from_this_machine(request: Any) -> Any:
        if is_admin_path(request.path) and not from_this_machine(request.ip, request.headers):
            return response.json(
                {"error": "the HTTP API answers only on this machine"}, status=HTTPStatus.FORBIDDEN
            )
        return None
