"""REST for trusted programs (the benchmark, tests, integrations): the stock channel, but only
for callers with RASA_TOKEN, because its sender id is whatever the caller claims."""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from channels.turn_guard import TurnGuard
from dunning_coach.common.tokens import bearer_matches


class TokenRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls((credentials or {}).get("token") or "")

    def __init__(self, token: str) -> None:
        self.token = token

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return {"channel": self.name()}  # read by action_session_start to find the rep

    def _extract_input_channel(self, request: Request) -> str:
        # The stock channel lets the caller name any channel, i.e. claim a Slack or Telegram id.
        return self.name()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        guard = TurnGuard(on_new_message)
        blueprint = super().blueprint(guard)
        guard.attach(blueprint)

        @blueprint.middleware("request")
        async def require_token(request: Request):
            if request.path.endswith("/webhook") and not bearer_matches(
                request.headers.get("Authorization"), self.token
            ):
                return response.json(
                    {"error": "a valid bearer token (RASA_TOKEN) is required"}, status=401
                )
            if request.path.endswith("/webhook"):
                problem = body_problem(request)
                if problem:
                    return response.json({"error": problem}, status=400)
            return None

        return blueprint


SENDER_CHARS = 200


def body_problem(request: Request) -> str | None:
    """Why a webhook body cannot be a message, or None. The stock channel answers a body that is
    not a JSON object, or has a sender or message of the wrong type, with a 500 or a crash."""
    try:
        body = request.json
    except Exception:  # sanic raises its own error for malformed JSON
        body = None
    if not isinstance(body, dict):
        return 'the body must be a JSON object: {"sender": "...", "message": "..."}'
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > SENDER_CHARS:
        return f'"sender" must be a non-empty string of at most {SENDER_CHARS} characters'
    if not is_plain_id(sender):
        return '"sender" must be text without control characters or unpaired surrogates'
    if not isinstance(message, str):
        return '"message" must be a string'
    return None


def is_plain_id(sender: str) -> bool:
    """A sender id is stored and logged as UTF-8: no unpaired surrogate (which JSON's \\udc80
    can carry and UTF-8 cannot; Rasa 3.6's SQL tracker store then exits the server), and no
    control characters (newlines and NUL have no place in an id or a log line)."""
    return not any(unicodedata.category(c) in ("Cc", "Cs") for c in sender)
