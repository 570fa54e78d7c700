"""REST for trusted programs (the benchmark, tests, integrations): the stock channel, but only
for callers with RASA_TOKEN, because its sender id is whatever the caller claims."""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from dunning_coach.tokens import bearer_matches


class TokenRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls((credentials or {}).get("token") or "")

    def __init__(self, token: str) -> None:
        self.token = token

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return {"channel": self.name()}  # read by action_session_start to find the rep

    def _extract_input_channel(self, request: Request) -> Text:
        # The stock channel lets the caller name any channel, i.e. claim a Slack or Telegram id.
        return self.name()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def require_token(request: Request):
            if request.path.endswith("/webhook") and not bearer_matches(
                    request.headers.get("Authorization"), self.token):
                return response.json({"error": "a valid bearer token (RASA_TOKEN) is required"},
                                     status=401)
            return None

        return blueprint
