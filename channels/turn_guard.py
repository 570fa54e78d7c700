"""What every channel does around a turn: clean the text that comes in, and never leave the rep
in silence.

Text: control characters and NUL are dropped (they break logs and terminals and mean nothing),
and so are unpaired surrogates (no text at all; UTF-8 cannot hold them), and a message is cut at
MESSAGE_CHARS, so a pasted novel cannot tie up the NLU model.

Overload: the server takes at most TURNS_AT_ONCE turns at once (all channels together). A turn
that finds no free slot within TURN_WAIT_S, or finds TURNS_WAITING turns already waiting, or
whose conversation already has TURNS_QUEUED turns waiting behind the running one, is answered
"busy, send it again" without running: Rasa never sees it, so nothing of it is recorded.
Without the bound, 200 messages at once all started and all slowed down together (the last
answered after 13 s; from one rep, most never in 3 minutes). One conversation's turns run one at
a time anyway (Rasa's lock store), so they wait in their own line here, holding no slot.

Silence: a turn that cleared the conversation (Rasa's restart, or a session start asked for by
payload) may rightly send nothing. When a custom action fails (the action server is down, or an
action raised), Rasa 3.6's processor logs the error and sends nothing, and it has no hook for a
fallback. Every channel of
ours therefore hands Rasa's message handler through `TurnGuard`: it counts what the turn sent, and
when that is nothing (or the handler raised) it answers itself, from data the Rasa process holds
(the tracker and the playbook), never from the account database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import unicodedata
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.shared.core.events import Restarted, SessionStarted, UserUttered
from sanic import Blueprint

from channels.collected import collect
from dunning_coach.common import environment
from dunning_coach.common.rasa_names import Slot
from dunning_coach.common.reply import Reply
from dunning_coach.excuses import replies as excuse_replies
from dunning_coach.language import languages, messages
from dunning_coach.playbook import playbook_languages

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


@dataclass(frozen=True)
class TurnLimits:
    """How much work the server takes on at once; past it a turn is answered "busy"."""

    # Turns running together. Their NLU and policies run on the event loop that also reads new
    # requests: with 8, a burst of 200 took 6 s just to be read; with 4 it takes 1-3 s, and 2
    # cores stay busy between Rasa and the action server.
    at_once: int = 4
    # A turn's wait for a slot: with the burst's reading time, "busy" reaches the rep within 5 s.
    wait_s: float = 3.0
    queued: int = 3  # a conversation's turns waiting behind its running one
    # Turns waiting at all, over every conversation. Past it "busy" comes at once: a burst of 200
    # is still being read when the first waits end, so waiting them out took 5-7 s here.
    waiting: int = 16

    @classmethod
    def from_environment(cls) -> TurnLimits:
        """TURNS_AT_ONCE, TURN_WAIT_S, TURNS_QUEUED and TURNS_WAITING, defaulting to the above."""
        default = cls()
        return cls(
            at_once=int(environment.number("TURNS_AT_ONCE", default.at_once, 1, 1000)),
            wait_s=environment.number("TURN_WAIT_S", default.wait_s, 0.001, 300),
            queued=int(environment.number("TURNS_QUEUED", default.queued, 0, 1000)),
            waiting=int(environment.number("TURNS_WAITING", default.waiting, 0, 100_000)),
        )


class _Gate:
    """The limits at work in one event loop: the slots, and each conversation's line."""

    def __init__(self, limits: TurnLimits) -> None:
        self.limits = limits
        self.slots = asyncio.Semaphore(limits.at_once)
        self.in_line: dict[str, int] = {}  # sender -> its turns here, running or waiting
        self.lines: dict[str, asyncio.Lock] = {}
        self.waiting = 0  # turns here without a slot yet, over every conversation

    @contextlib.asynccontextmanager
    async def turn(self, sender_id: str) -> AsyncIterator[bool]:
        """Yields whether the turn may run; while it runs it holds a slot. Its wait, in its
        conversation's line and then for a slot, ends TURN_WAIT_S after it came in."""
        if (
            self.in_line.get(sender_id, 0) > self.limits.queued
            or self.waiting >= self.limits.waiting
        ):
            yield False
            return
        deadline = time.monotonic() + self.limits.wait_s
        self.in_line[sender_id] = self.in_line.get(sender_id, 0) + 1
        self.waiting += 1
        waits = True
        line = self.lines.setdefault(sender_id, asyncio.Lock())
        try:
            # In line behind the conversation's earlier turns first, holding no slot.
            in_turn = await _within(line, deadline)
            try:
                taken = in_turn and await _within(self.slots, deadline)
                self.waiting, waits = self.waiting - 1, False
                try:
                    yield taken
                finally:
                    if taken:
                        self.slots.release()
            finally:
                if in_turn:
                    line.release()
        finally:
            if waits:  # cancelled while waiting (the caller hung up)
                self.waiting -= 1
            self.in_line[sender_id] -= 1
            if not self.in_line[sender_id]:
                del self.in_line[sender_id], self.lines[sender_id]


def cleared(tracker: Any) -> bool:
    """Whether the conversation's last turn cleared it (a restart, or a session started by
    payload): such a turn may rightly say nothing."""
    for event in reversed(tracker.events if tracker is not None else ()):
        if isinstance(event, (Restarted, SessionStarted)):
            return True
        if isinstance(event, UserUttered):
            return False
    return False


async def _within(lock: asyncio.Lock | asyncio.Semaphore, deadline: float) -> bool:
    """Acquires `lock` if it comes free before `deadline` (time.monotonic); False if not."""
    if not lock.locked():  # free: taken at once (wait_for would pause the turn first)
        return await lock.acquire()
    try:
        return await asyncio.wait_for(lock.acquire(), max(0.0, deadline - time.monotonic()))
    except asyncio.TimeoutError:
        return False


# One gate per event loop for every channel's guard: the server's capacity is shared.
_SHARED: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Gate] = weakref.WeakKeyDictionary()


class _Counted(OutputChannel):
    """Passes every message on to the channel's own output and counts them; a collecting
    output keeps each reply whole, with its lines (channels/collected.py)."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # the inner channel's, for its responses
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        if isinstance(self.inner, CollectingOutputChannel):
            await collect(self.inner, recipient_id, message)
        else:
            await self.inner.send_response(recipient_id, message)


class TurnGuard:
    """Wraps the handler Rasa gives a channel; `attach` it to the channel's blueprint."""

    def __init__(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        limits: TurnLimits | None = None,
    ) -> None:
        """`limits` of its own (for tests), or the environment's, shared by every channel."""
        self.on_new_message = on_new_message
        self.app: Any = None
        self.limits = limits or TurnLimits.from_environment()  # a wrong setting stops start-up
        self._gates = _SHARED if limits is None else weakref.WeakKeyDictionary()

    def _gate(self) -> _Gate:
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = _Gate(self.limits)
        return gate

    def attach(self, blueprint: Blueprint) -> None:
        @blueprint.listener("after_server_start")
        async def remember_app(app: Any, _loop: Any) -> None:
            self.app = app  # the agent is read from it per turn: a model reload replaces it

    async def __call__(self, message: UserMessage) -> None:
        message.text = clean_text(message.text)
        output = _Counted(message.output_channel or OutputChannel())
        async with self._gate().turn(message.sender_id) as taken:
            if taken:
                await self.run(message, output)
            else:
                await self.busy(message, output)

    async def run(self, message: UserMessage, output: _Counted) -> None:
        message.output_channel = output
        began = time.monotonic()
        try:
            await self.on_new_message(message)
        except Exception as error:  # the channel would answer nothing, or a 500
            # The error's type only: its message can hold what the rep wrote.
            logger.warning("Turn for %s failed (%s).", message.sender_id, type(error).__name__)
        if output.sent == 0 and self.app is not None:
            tracker = await self.tracker(message.sender_id)
            if cleared(tracker):
                return
            # A silent turn that lasted the action timeout waited for an action server that did
            # not answer: no need to spend more of the rep's time asking its health.
            stalled = time.monotonic() - began >= environment.action_timeout_s()
            reply = await self.fallback(tracker, message.sender_id, stalled)
            await output.send_response(message.sender_id, reply.as_message())

    async def busy(self, message: UserMessage, output: _Counted) -> None:
        """The turn is not taken: said in the conversation's language, and nothing recorded."""
        logger.warning("Turn for %s not taken: the server is busy.", message.sender_id)
        tracker = await self.tracker(message.sender_id)
        current = languages.known(tracker.get_slot(Slot.LANGUAGE) if tracker else None)
        language = languages.detect(message.text or "", current)
        reply = Reply(messages.text("excuse.busy", language))
        await output.send_response(message.sender_id, reply.as_message())

    async def tracker(self, sender_id: str) -> Any:
        """The conversation's tracker as stored, or None (none yet, or the store failed)."""
        store = getattr(getattr(self.app, "ctx", None), "agent", None)
        store = getattr(store, "tracker_store", None)
        if store is None:
            return None
        try:
            return await store.retrieve(sender_id)
        except Exception as error:
            logger.warning("Tracker of %s not read (%s).", sender_id, type(error).__name__)
            return None

    async def fallback(self, tracker: Any, sender_id: str, stalled: bool) -> Reply:
        agent = self.app.ctx.agent
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
