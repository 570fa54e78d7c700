"""channels/turn_guard.py: a turn whose action failed still gets an answer (the guard alone,
with a stand-in agent and an action endpoint nothing listens on)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from channels.turn_guard import TurnGuard, clean_text
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


def guard_for(sends: list[str], *, intent: str, registered, takes_s: float = 0.0) -> TurnGuard:
    async def handler(message: UserMessage) -> None:
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
                }
            }
        }
    )
    tracker = DialogueStateTracker.from_events(
        "s1",
        [SlotSet("registered", registered), UserUttered("x", {"name": intent, "confidence": 1.0})],
        slots=domain.slots,
    )
    guard = TurnGuard(handler)
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


async def _always_up(endpoint) -> bool:
    return True


def test_clean_text_drops_lone_surrogates_and_keeps_every_script():
    # JSON's "\udc80" arrives as a lone surrogate, which cannot be written as UTF-8.
    assert clean_text("cash \udc80is\ud83d tight") == "cash is tight"
    assert clean_text("王芳 김민준 😤 ¿sí?").encode("utf-8")
    assert clean_text("王芳 김민준 😤 ¿sí?") == "王芳 김민준 😤 ¿sí?"
