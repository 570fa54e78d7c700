"""channels/turn_guard.py: a turn whose action failed still gets an answer (the guard alone,
with a stand-in agent and an action endpoint nothing listens on)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Restarted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from channels.turn_guard import TurnGuard, TurnLimits, clean_text
from dunning_coach.common.environment import ConfigError
from dunning_coach.language import messages
from dunning_coach.language.languages import Language
from tests.harness import free_port


class _Agent:
    """What the guard reads of Rasa's agent: the tracker store and the action endpoint."""

    def __init__(self, domain: Domain, tracker: DialogueStateTracker, action_url: str) -> None:
        self.tracker_store = InMemoryTrackerStore(domain)
        asyncio.run(self.tracker_store.save(tracker))
        self.action_endpoint = EndpointConfig(action_url)


def run_turn(guard: TurnGuard, sender: str) -> list[dict]:
    collector = CollectingOutputChannel()
    asyncio.run(guard(UserMessage("x", collector, sender)))
    return collector.messages


def guard_for(
    sends: list[str],
    *,
    intent: str,
    registered,
    takes_s: float = 0.0,
    language: str = "en",
    handler: Callable[[UserMessage], Awaitable[Any]] | None = None,
    limits: TurnLimits | None = None,
    after: tuple = (),
) -> TurnGuard:
    async def sending(message: UserMessage) -> None:
        await asyncio.sleep(takes_s)
        for text in sends:
            await message.output_channel.send_response(message.sender_id, {"text": text})

    domain = Domain.from_dict(
        {
            "slots": {
                "registered": {
                    "type": "bool",
                    "influence_conversation": False,
                    "mappings": [{"type": "custom"}],
                },
                "language": {
                    "type": "text",
                    "influence_conversation": False,
                    "mappings": [{"type": "custom"}],
                },
            }
        }
    )
    tracker = DialogueStateTracker.from_events(
        "s1",
        [
            SlotSet("registered", registered),
            SlotSet("language", language),
            UserUttered("x", {"name": intent, "confidence": 1.0}),
            *after,
        ],
        slots=domain.slots,
    )
    guard = TurnGuard(handler or sending, limits=limits)
    dead_port = free_port()  # nothing listens here: the action server is down
    guard.app = SimpleNamespace(
        ctx=SimpleNamespace(agent=_Agent(domain, tracker, f"http://127.0.0.1:{dead_port}/webhook"))
    )
    return guard


def test_a_turn_that_answered_is_passed_through_untouched():
    messages = run_turn(guard_for(["one", "two"], intent="greet", registered=True), "s1")
    assert [m["text"] for m in messages] == ["one", "two"]


def test_a_silent_excuse_turn_of_a_registered_rep_gets_the_playbook_advice():
    (message,) = run_turn(guard_for([], intent="excuse_money_tight", registered=True), "s1")
    assert message["text"].startswith("Account data is unavailable right now")
    assert "General playbook advice" in message["text"]


@pytest.mark.parametrize("registered", [None, False])
def test_a_sender_nobody_has_checked_gets_no_playbook_advice(registered):
    (message,) = run_turn(guard_for([], intent="excuse_money_tight", registered=registered), "s1")
    assert message["text"].startswith("Account data is unavailable right now")
    assert "playbook" not in message["text"] and "Do:" not in message["text"]


def test_a_silent_turn_with_a_live_action_server_asks_to_send_again(monkeypatch):
    monkeypatch.setattr(TurnGuard, "action_server_up", staticmethod(_always_up))
    (message,) = run_turn(guard_for([], intent="excuse_money_tight", registered=True), "s1")
    assert message["text"].startswith("Something went wrong on my side")


def test_a_silent_turn_that_lasted_the_action_timeout_is_a_stalled_server(monkeypatch):
    # The health check would say "up" (a stalled server can answer it a moment later); the
    # turn's length already says the action server did not answer in time.
    monkeypatch.setattr(TurnGuard, "action_server_up", staticmethod(_always_up))
    monkeypatch.setenv("ACTION_TIMEOUT_S", "0.1")
    guard = guard_for([], intent="excuse_money_tight", registered=True, takes_s=0.15)
    (message,) = run_turn(guard, "s1")
    assert message["text"].startswith("Account data is unavailable right now")
    assert "General playbook advice" in message["text"]


@pytest.mark.parametrize("cleared_by", [Restarted(), SessionStarted()], ids=type)
def test_a_silent_turn_that_cleared_the_conversation_is_no_failure(monkeypatch, cleared_by):
    monkeypatch.setattr(TurnGuard, "action_server_up", staticmethod(_always_up))
    guard = guard_for([], intent="restart", registered=True, after=(cleared_by,))
    assert run_turn(guard, "s1") == []


async def _always_up(endpoint) -> bool:
    return True


def test_clean_text_drops_lone_surrogates_and_keeps_every_script():
    # JSON's "\udc80" arrives as a lone surrogate, which cannot be written as UTF-8.
    assert clean_text("cash \udc80is\ud83d tight") == "cash is tight"
    assert clean_text("王芳 김민준 😤 ¿sí?").encode("utf-8")
    assert clean_text("王芳 김민준 😤 ¿sí?") == "王芳 김민준 😤 ¿sí?"


BUSY = messages.text("excuse.busy")


class _Held:
    """A handler that answers each message once `release` is set; counts the turns it ran."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.ran: list[str] = []

    async def __call__(self, message: UserMessage) -> None:
        self.ran.append(message.text or "")
        await self.release.wait()
        await message.output_channel.send_response(message.sender_id, {"text": "answer"})


async def _turn(guard: TurnGuard, sender: str, text: str = "x") -> str:
    collector = CollectingOutputChannel()
    await guard(UserMessage(text, collector, sender))
    return "\n".join(m["text"] for m in collector.messages)


def test_past_the_turns_at_once_a_turn_that_waits_too_long_is_answered_busy_and_not_run():
    async def scenario() -> tuple[list[str], list[str]]:
        held = _Held()
        guard = TurnGuard(held, limits=TurnLimits(at_once=2, wait_s=0.2, queued=3))
        turns = [asyncio.create_task(_turn(guard, f"s{n}", f"m{n}")) for n in range(3)]
        late = await turns[2]  # the third waited 0.2 s for a slot
        held.release.set()
        return [*(await asyncio.gather(*turns[:2])), late], held.ran

    answers, ran = asyncio.run(scenario())
    assert answers == ["answer", "answer", BUSY]
    assert ran == ["m0", "m1"]  # the busy turn never reached Rasa: nothing of it is recorded


def test_a_slot_freed_in_time_takes_the_waiting_turn():
    async def scenario() -> list[str]:
        held = _Held()
        guard = TurnGuard(held, limits=TurnLimits(at_once=1, wait_s=5, queued=3))
        turns = [asyncio.create_task(_turn(guard, f"s{n}")) for n in range(2)]
        await asyncio.sleep(0.05)
        held.release.set()
        return list(await asyncio.gather(*turns))

    assert asyncio.run(scenario()) == ["answer", "answer"]


def test_past_the_turns_waiting_a_turn_is_answered_busy_at_once():
    async def scenario() -> tuple[list[str], list[str]]:
        held = _Held()
        guard = TurnGuard(held, limits=TurnLimits(at_once=1, wait_s=30, queued=3, waiting=1))
        turns = [asyncio.create_task(_turn(guard, f"s{n}", f"m{n}")) for n in range(3)]
        refused = await asyncio.wait_for(turns[2], 2)  # one runs, one waits: no room to wait
        held.release.set()
        return [*(await asyncio.gather(*turns[:2])), refused], held.ran

    answers, ran = asyncio.run(scenario())
    assert answers == ["answer", "answer", BUSY]
    assert ran == ["m0", "m1"]


def test_a_conversation_with_its_queue_full_is_answered_busy_at_once():
    async def scenario() -> tuple[list[str], list[str]]:
        held = _Held()
        guard = TurnGuard(held, limits=TurnLimits(at_once=8, wait_s=30, queued=2))
        turns = [asyncio.create_task(_turn(guard, "rep", f"m{n}")) for n in range(5)]
        # One running and two waiting: the fourth and fifth are refused without waiting.
        refused = await asyncio.wait_for(asyncio.gather(turns[3], turns[4]), 2)
        held.release.set()
        return [*(await asyncio.gather(*turns[:3])), *refused], held.ran

    answers, ran = asyncio.run(scenario())
    assert answers == ["answer", "answer", "answer", BUSY, BUSY]
    assert ran == ["m0", "m1", "m2"]  # in the order sent


def test_a_turn_waiting_behind_its_own_conversation_is_answered_busy_when_its_wait_ends():
    # One wait in all, in the conversation's line and then for a slot: the rep's second message,
    # behind a first that does not finish, hears "busy" when TURN_WAIT_S is up, not later.
    async def scenario() -> tuple[str, list[str]]:
        held = _Held()
        guard = TurnGuard(held, limits=TurnLimits(at_once=8, wait_s=0.2, queued=3))
        first = asyncio.create_task(_turn(guard, "rep", "m0"))
        second = await asyncio.wait_for(_turn(guard, "rep", "m1"), 5)
        held.release.set()
        await first
        return second, held.ran

    second, ran = asyncio.run(scenario())
    assert second == BUSY and ran == ["m0"]


def test_the_busy_answer_is_in_the_conversations_language():
    held = _Held()
    limits = TurnLimits(at_once=1, wait_s=0.05, queued=3)
    guard = guard_for(
        [], intent="greet", registered=True, language="es", handler=held, limits=limits
    )

    async def scenario() -> str:
        first = asyncio.create_task(_turn(guard, "another rep", "ok"))
        while not held.ran:  # the other rep's turn holds the one slot
            await asyncio.sleep(0.01)
        busy = await _turn(guard, "s1", "ok")  # s1's conversation is in Spanish
        held.release.set()
        await first
        return busy

    assert asyncio.run(scenario()) == messages.text("excuse.busy", Language.ES)


def test_a_turn_whose_handler_raised_still_gets_an_answer():
    async def raising(message: UserMessage) -> None:
        raise RuntimeError("the tracker store failed")

    guard = guard_for([], intent="greet", registered=True, handler=raising)
    (message,) = run_turn(guard, "s1")
    assert message["text"].startswith("Account data is unavailable right now")


@pytest.mark.parametrize(
    "name, value",
    [
        ("TURNS_AT_ONCE", "0"),
        ("TURN_WAIT_S", "soon"),
        ("TURNS_QUEUED", "-1"),
        ("TURNS_WAITING", "x"),
    ],
)
def test_a_wrong_limit_setting_stops_start_up_with_its_name(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        TurnGuard(_Held())


def test_the_limits_default_to_what_two_cores_carry(monkeypatch):
    for name in ("TURNS_AT_ONCE", "TURN_WAIT_S", "TURNS_QUEUED", "TURNS_WAITING"):
        monkeypatch.delenv(name, raising=False)
    assert TurnLimits.from_environment() == TurnLimits(at_once=4, wait_s=3.0, queued=3, waiting=16)
