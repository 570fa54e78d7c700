"""What every channel does around a turn: clean the text that comes in, and never leave the rep
in silence.

Text: control characters and NUL are dropped (they break logs and terminals and mean nothing),
and a message is cut at MESSAGE_CHARS, so a pasted novel cannot tie up the NLU model.

Silence: when a custom action fails (the action server is down, or an action raised), Rasa 3.6's
processor logs the error and sends nothing, and it has no hook for a fallback. Every channel of
ours therefore hands Rasa's message handler through `TurnGuard`: it counts what the turn sent, and
when that is nothing it answers itself, from data the Rasa process holds (the tracker and the
playbook), never from the account database.
"""

from __future__ import annotations

import asyncio
import logging
import time
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint

from dunning_coach.common import environment, languages, playbook_languages
from dunning_coach.common.rasa_names import Slot
from dunning_coach.common.reply import Reply
from dunning_coach.excuses import replies as excuse_replies

logger = logging.getLogger(__name__)

MESSAGE_CHARS = 2000  # a long paragraph; nobody types more to a debtor's face
# A live action server on the same network answers its health check in milliseconds; a stalled
# one not at all. Short, because it comes on top of the action's own timeout (ACTION_TIMEOUT_S)
# and the rep must have the answer within 3 s.
HEALTH_TIMEOUT_S = 0.5


def clean_text(text: str | None) -> str:
    """The message without control characters (newlines and tabs stay) and without unpaired
    surrogates (JSON's "\\udc80" carries one; it is no character and cannot be written as
    UTF-8, so it would fail the tracker store or the reply), cut to MESSAGE_CHARS."""
    if not text:
        return ""
    kept = "".join(
        c
        for c in text[: MESSAGE_CHARS * 2]
        if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs")
    )
    return kept[:MESSAGE_CHARS]


class _Counted(OutputChannel):
    """Passes every message on to the channel's own output and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # the inner channel's, for its responses
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


class TurnGuard:
    """Wraps the handler Rasa gives a channel; `attach` it to the channel's blueprint."""

    def __init__(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        self.on_new_message = on_new_message
        self.app: Any = None

    def attach(self, blueprint: Blueprint) -> None:
        @blueprint.listener("after_server_start")
        async def remember_app(app: Any, _loop: Any) -> None:
            self.app = app  # the agent is read from it per turn: a model reload replaces it

    async def __call__(self, message: UserMessage) -> None:
        message.text = clean_text(message.text)
        counted = _Counted(message.output_channel or OutputChannel())
        message.output_channel = counted
        began = time.monotonic()
        await self.on_new_message(message)
        if counted.sent == 0 and self.app is not None:
            # A silent turn that lasted the action timeout waited for an action server that did
            # not answer: no need to spend more of the rep's time asking its health.
            stalled = time.monotonic() - began >= environment.action_timeout_s()
            reply = await self.fallback(message.sender_id, stalled)
            await counted.inner.send_response(message.sender_id, reply.as_message())

    async def fallback(self, sender_id: str, stalled: bool) -> Reply:
        agent = self.app.ctx.agent
        tracker = await agent.tracker_store.retrieve(sender_id)
        intent = tracker.latest_message.intent.get("name") if tracker else None
        # Playbook advice only for a sender the action server has already let in this session:
        # without it nobody has checked who is asking.
        registered = bool(tracker and tracker.get_slot(Slot.REGISTERED) is True)
        down = stalled or not await self.action_server_up(agent.action_endpoint)
        logger.warning(
            "Turn for %s sent nothing (intent %s, action server %s); answered with the fallback.",
            sender_id,
            intent,
            "stalled" if stalled else ("down" if down else "up"),
        )
        # The conversation's language as the action server last kept it, or the message's own.
        current = languages.known(tracker.get_slot(Slot.LANGUAGE) if tracker else None)
        said = (tracker.latest_message.text or "") if tracker else ""
        language = languages.detect(said, current)
        book = playbook_languages.load(language)
        entry = book.excuse(intent) if registered and intent and book.is_excuse(intent) else None
        return excuse_replies.unavailable_reply(entry, action_server_down=down, language=language)

    @staticmethod
    async def action_server_up(endpoint: Any | None) -> bool:
        if endpoint is None or not endpoint.url:
            return False
        health = endpoint.url.rsplit("/", 1)[0] + "/health"
        try:
            async with (
                aiohttp.ClientSession(
                    timeout=aiohttp.ClientTimeout(total=HEALTH_TIMEOUT_S)
                ) as session,
                session.get(health) as response,
            ):
                return response.status == 200
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
            return False
