"""Slack, on top of Rasa's SlackInput: refuses unsigned requests with 401, answers each event
once however often Slack retries it, can send replies to another API address (a local mock in
tests), writes replies as mrkdwn (a bold verdict, database text escaped: channels/markup.py) and
lays long replies with buttons out within Slack's block limits."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import markup, shared_redis
from channels.seen import SeenDeliveries
from channels.turn_guard import TurnGuard
from dunning_coach.common import identity

logger = logging.getLogger(__name__)

SECTION_CHARS = 3000  # Slack refuses a section block with more text than this
BUTTONS_PER_BLOCK = 5


def button_blocks(text: str, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Text as mrkdwn sections of at most SECTION_CHARS, then the buttons, five to a row."""
    sections, rest = [], text.strip()
    while rest:
        cut = rest.rfind("\n", 0, SECTION_CHARS) if len(rest) > SECTION_CHARS else len(rest)
        cut = cut if cut > 0 else SECTION_CHARS
        sections.append({"type": "section", "text": {"type": "mrkdwn", "text": rest[:cut]}})
        rest = rest[cut:].lstrip("\n")
    rows = [buttons[i : i + BUTTONS_PER_BLOCK] for i in range(0, len(buttons), BUTTONS_PER_BLOCK)]
    return sections + [
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": b["title"][:75]},
                    "value": b["payload"],
                }
                for b in row
            ],
        }
        for row in rows
    ]


class SlackReplies(SlackBot):
    def __init__(
        self, token: str, channel: str | None, thread_id: str | None, api_url: str | None
    ) -> None:
        super().__init__(token, channel, thread_id)
        if api_url:
            self.client.base_url = api_url.rstrip("/") + "/"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # One post per reply: the stock channel posts every paragraph on its own.
        await self._post_message(
            channel=self.slack_channel or recipient_id, text=markup.slack_mrkdwn(text)
        )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._post_message(
            channel=self.slack_channel or recipient_id,
            text=markup.slack_literal(text),  # the notification's text
            blocks=button_blocks(markup.slack_mrkdwn(text), buttons),
        )


class SlackChannel(SlackInput):
    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = cls(
            credentials.get("slack_token") or "",
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            slack_signing_secret=credentials.get("slack_signing_secret") or "",
        )
        channel.api_url = credentials.get("api_url") or None
        return channel

    def _validate_credentials(self) -> None:
        # Without a signing secret the channel stays off (every request refused) instead of
        # stopping the whole server: most installs use only some channels.
        self.api_url: str | None = None
        self.seen = SeenDeliveries(self.name())
        # Retries are dropped by event id before the stock handler; it must not also drop the
        # retry of a delivery whose first attempt never reached us.
        self.errors_ignore_retry = ()
        if not self.slack_signing_secret:
            logger.info("Slack is off: SLACK_SIGNING_SECRET is not set.")

    def _get_conversation_id(
        self, sender_id: str | None, channel_id: str | None, thread_id: str | None
    ) -> str | None:
        return identity.conversation_id(self.name(), sender_id) if sender_id else None

    def get_metadata(self, request: Request) -> dict[str, Any]:
        return {**super().get_metadata(request), "channel": self.name()}

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        return SlackReplies(
            self.slack_token, channel or self.slack_channel, thread_id, self.api_url
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # The stock handler parses events and clicks and answers in the background; it is
        # reused behind our checks rather than copied.
        guard = TurnGuard(on_new_message)
        stock = super().blueprint(guard)
        handle = next(route.handler for route in stock._future_routes if route.uri == "/webhook")
        slack = Blueprint("slack_channel", __name__)
        guard.attach(slack)

        @slack.listener("after_server_start")
        async def share_seen(app: Any, _loop: Any) -> None:
            redis = shared_redis.of(app)
            if redis is not None:
                self.seen.share(redis)

        @slack.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.slack_signing_secret else "off"})

        @slack.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.slack_signing_secret:
                return response.text("Slack is not configured here.", status=HTTPStatus.FORBIDDEN)
            if not self.is_request_from_slack_authentic(request):
                return response.text(
                    "Missing or invalid X-Slack-Signature.", status=HTTPStatus.UNAUTHORIZED
                )
            event_id = self._event_id(request)
            if event_id and not self.seen.first_time(event_id):
                logger.info("Slack retried %s; it was taken already.", event_id)
                return response.text("", headers={"X-Slack-No-Retry": "1"})
            return await handle(request)

        return slack

    @staticmethod
    def _event_id(request: Request) -> str | None:
        """Slack's id of a delivery: the event id of an event, the action time of a click."""
        if request.headers.get("content-type") == "application/json":
            body = request.json if isinstance(request.json, dict) else {}
            return body.get("event_id")
        try:
            payload = json.loads(request.form["payload"][0])
            action_ts = (payload.get("actions") or [{}])[0].get("action_ts")
            return f"{payload['user']['id']}:{action_ts}" if action_ts else None
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            return None
