"""Slack, on top of Rasa's SlackInput: refuses unsigned requests with 401, answers each event
once however often Slack retries it, can send replies to another API address (a local mock in
tests), writes replies as mrkdwn (a bold verdict, database text escaped: channels/markup.py) and
lays long replies with buttons out within Slack's block limits.

Answers go only to the rep's direct message with the bot: a reply shows a rep's customers and
figures, and anyone else in a channel would read them. A mention of the bot in any other channel
(public, private, group DM) is answered in the rep's DM, opened with conversations.open, and the
rep alone (an ephemeral message) is told so where they asked; a button clicked outside a DM
likewise. A plain message in another channel is not addressed to the bot and is left alone.

Events are read here, not by the stock handler: every field is checked for its type, so a
malformed or unencodable event is answered 200 and ignored instead of failing with a 500.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import markup, shared_redis
from channels.redaction import safe_error
from channels.seen import SeenDeliveries
from channels.turn_guard import TurnGuard
from dunning_coach.common import identity
from dunning_coach.common.rasa_names import Slot
from dunning_coach.common.reply import message_lines
from dunning_coach.language import languages, messages

logger = logging.getLogger(__name__)

SECTION_CHARS = 3000  # Slack refuses a section block with more text than this
BUTTONS_PER_BLOCK = 5
# Slack's ids are upper-case letters and digits: members U… or W… (Enterprise Grid); channels
# C… or G…, and direct messages D…. Anything else (a lone surrogate, a list) is not from Slack.
MEMBER_ID = re.compile(r"[UW][A-Z0-9]{2,40}")
CHANNEL_ID = re.compile(r"[CDG][A-Z0-9]{2,40}")
DELIVERY_ID = re.compile(r"[A-Za-z0-9._:-]{1,120}")  # event ids, action times: Redis keys


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


@dataclass(frozen=True)
class Said:
    """What a Slack member said to the bot, and where."""

    user: str  # their member id
    text: str
    channel: str  # where they said it
    direct: bool  # in their direct message with the bot, the only place answers go
    delivery: str | None  # Slack's id of the delivery, to drop its retries


def _field(data: Any, *path: str) -> Any:
    """data[path[0]][path[1]]…, or None where a level is missing or not an object."""
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _id(value: Any, pattern: re.Pattern[str]) -> str | None:
    return value if isinstance(value, str) and pattern.fullmatch(value) else None


def read_event(body: Any) -> Said | None:
    """A member's message or mention of the bot from an Events API body; None for anything else
    (the bot's own posts, edits, other event types, a malformed body)."""
    event = _field(body, "event")
    if not isinstance(event, dict) or event.get("bot_id"):
        return None  # our own replies, and any bot's
    kind, text = event.get("type"), event.get("text")
    user, channel = _id(event.get("user"), MEMBER_ID), _id(event.get("channel"), CHANNEL_ID)
    if not (user and channel and isinstance(text, str) and text.strip()):
        return None
    direct = kind == "message" and event.get("channel_type") == "im"
    if not direct and kind != "app_mention":
        return None  # a message in a channel, not addressed to the bot (a mention comes apart)
    grants = _field(body, "authorizations")  # who the bot is, to drop its mention from the text
    bots = [_field(g, "user_id") for g in grants] if isinstance(grants, list) else []
    bot_ids = [b for b in bots if _id(b, MEMBER_ID)]
    return Said(
        user,
        SlackInput._sanitize_user_message(text, bot_ids),
        channel,
        direct,
        _id(_field(body, "event_id"), DELIVERY_ID),
    )


def read_click(payload: Any) -> Said | None:
    """A member's click on one of our buttons, from an interactivity payload; None otherwise."""
    actions = _field(payload, "actions")
    action = actions[0] if isinstance(actions, list) and actions else None
    value = _field(action, "value")
    user = _id(_field(payload, "user", "id"), MEMBER_ID)
    channel = _id(_field(payload, "channel", "id"), CHANNEL_ID)
    if not (user and channel and _field(action, "type") == "button" and isinstance(value, str)):
        return None
    action_ts = _id(_field(action, "action_ts"), DELIVERY_ID)
    delivery = f"{user}:{action_ts}" if action_ts else None
    # A click carries no channel type; direct-message channel ids start with D.
    return Said(user, value, channel, channel.startswith("D"), delivery)


def _json(raw: Any) -> Any:
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return None


class SlackReplies(SlackBot):
    """Posts only to the one channel it was made for (the rep's DM), whatever it is asked."""

    def __init__(self, token: str, channel: str | None, api_url: str | None) -> None:
        super().__init__(token, channel)
        if api_url:
            self.client.base_url = api_url.rstrip("/") + "/"

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        if not self.slack_channel:
            logger.error("A Slack reply had no direct message to go to; it was not sent.")
            return
        post = self.client.chat_postMessage(channel=self.slack_channel, **kwargs)
        await self._call("chat.postMessage", post)

    async def _call(self, method: str, call: Awaitable[Any]) -> dict[str, Any] | None:
        """A Web API call's answer; a failure is logged without the token and answers None."""
        try:
            answer = await call
            return dict(answer.data) if isinstance(answer.data, dict) else None
        except Exception as error:  # slack_sdk and aiohttp raise many kinds; none may escape
            logger.error("Slack %s failed: %s", method, safe_error(error, self.client.token))
            return None

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # One post per reply: the stock channel posts every paragraph on its own.
        drawn = markup.slack_mrkdwn(message_lines({**kwargs, "text": text}))
        await self._post_message(self.slack_channel or "", text=drawn)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        drawn = markup.slack_mrkdwn(message_lines({**kwargs, "text": text}))
        await self._post_message(
            self.slack_channel or "",
            text=markup.slack_literal(text),  # the notification's text
            blocks=button_blocks(drawn, buttons),
        )

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        # A custom message may not name another channel.
        fields = {k: v for k, v in json_message.items() if k != "channel"}
        await self._post_message(self.slack_channel or "", **fields)

    async def open_dm(self, user: str) -> str | None:
        """The id of the bot's direct message with `user` (conversations.open, scope im:write)."""
        answer = await self._call("conversations.open", self.client.conversations_open(users=user))
        return _id(_field(answer, "channel", "id"), CHANNEL_ID)

    async def tell_only(self, channel: str, user: str, text: str) -> None:
        """A message in `channel` that only `user` sees (chat.postEphemeral)."""
        post = self.client.chat_postEphemeral(channel=channel, user=user, text=text)
        await self._call("chat.postEphemeral", post)


class SlackChannel(SlackInput):
    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = cls(
            credentials.get("slack_token") or "",
            slack_signing_secret=credentials.get("slack_signing_secret") or "",
        )
        channel.api_url = credentials.get("api_url") or None
        return channel

    def _validate_credentials(self) -> None:
        # Without a signing secret the channel stays off (every request refused) instead of
        # stopping the whole server: most installs use only some channels.
        self.api_url: str | None = None
        self.seen = SeenDeliveries(self.name())
        self.app: Any = None
        self._tasks: set[asyncio.Task] = set()
        if not self.slack_signing_secret:
            logger.info("Slack is off: SLACK_SIGNING_SECRET is not set.")

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        # No channel, no posts: Rasa's HTTP API asks for one without naming a DM.
        return SlackReplies(self.slack_token, channel, self.api_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        guard = TurnGuard(on_new_message)
        slack = Blueprint("slack_channel", __name__)
        guard.attach(slack)

        @slack.listener("after_server_start")
        async def start(app: Any, _loop: Any) -> None:
            self.app = app
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
            kind = (request.headers.get("content-type") or "").split(";")[0].strip()
            if kind == "application/json":
                body = _json(request.body)
                challenge = _field(body, "challenge")
                if _field(body, "type") == "url_verification" and isinstance(challenge, str):
                    return response.json({"challenge": challenge})
                said = read_event(body)
            elif kind == "application/x-www-form-urlencoded":
                said = read_click(_json(request.form.get("payload")))
            else:
                said = None
            if said is None:
                # 200, so Slack does not send it again; nothing of its content is logged.
                logger.debug("A Slack delivery that is not a member's message was ignored.")
                return response.text("ignored")
            if said.delivery and not self.seen.first_time(said.delivery):
                logger.info("Slack retried %s; it was taken already.", said.delivery)
                return response.text("", headers={"X-Slack-No-Retry": "1"})
            # Answer Slack at once and reply through the Web API, inside Slack's 3 seconds.
            task = asyncio.create_task(self.answer(said, guard))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return response.text("")

        return slack

    async def answer(self, said: Said, guard: TurnGuard) -> None:
        """Run the turn and send its answer to the rep's DM, never to another channel."""
        conversation = identity.conversation_id(self.name(), said.user)
        dm: str | None = said.channel
        if not said.direct:
            dm = await SlackReplies(self.slack_token, None, self.api_url).open_dm(said.user)
            if dm is None:
                # Without the DM there is nowhere safe to answer: the turn is not run, so
                # nothing is recorded that the rep was not told.
                logger.error("Could not open a Slack DM with a member; their message was dropped.")
                return
        replies = SlackReplies(self.slack_token, dm, self.api_url)
        message = UserMessage(
            said.text,
            replies,
            conversation,
            input_channel=self.name(),
            metadata={"channel": self.name()},
        )
        await guard(message)
        if not said.direct:
            text = messages.text("channel.answer_in_dm", await self._language(conversation, said))
            await replies.tell_only(said.channel, said.user, text)

    async def _language(self, conversation: str, said: Said) -> languages.Language:
        """The conversation's language as the turn just left it, else the message's own."""
        current = languages.DEFAULT
        try:
            tracker = await self.app.ctx.agent.tracker_store.retrieve(conversation)
            current = languages.known(tracker.get_slot(Slot.LANGUAGE) if tracker else None)
        except Exception as error:  # the pointer is a courtesy; it must not fail the turn
            logger.warning("No conversation language for a Slack pointer: %s", type(error).__name__)
        return languages.detect(said.text, current)
