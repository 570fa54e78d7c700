"""channels/turn_guard.py: a turn whose action failed still gets an answer. Through the real
servers with the action server stopped, and the guard alone with a stand-in agent."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from channels.turn_guard import TurnGuard
from dunning_coach.accounts.store import AccountStore
from tests.conftest import Builder
from tests.harness import free_port, text_of


@pytest.mark.servers
def test_action_server_down_gives_general_advice_at_once_and_normal_answers_when_back(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        # A customer of its own: other tests may log excuses for the demo customers today.
        build = Builder(store)
        build.rep("R61", name="Olive Outage", rest_id="outage-rep")
        build.customer("C61", "R61", name="Outage Olives Wholesale")
        build.invoice("C61", issued=60, due=30, amount=900)
    assert "With Outage Olives Wholesale now" in text_of(
        servers.say("outage-rep", "I'm at Outage Olives")
    )
    servers.stop("actions")
    try:
        began = time.monotonic()
        reply = text_of(servers.say("outage-rep", "they say the cheque is in the post"))
        # The bound on the fallback itself (a refused connection), not a speed benchmark.
        assert time.monotonic() - began < 2
        assert reply.startswith("Account data is unavailable right now")
        assert 'General playbook advice for "Cheque already in the post"' in reply
        assert "Do:\n1. " in reply and "€" not in reply  # advice, no account figures
        other = text_of(servers.say("outage-rep", "what do they owe"))
        assert other.startswith("Account data is unavailable right now") and "Try again" in other
    finally:
        servers.start("actions")
    back = servers.say("outage-rep", "they say the cheque is in the post")
    assert back[0]["text"].startswith("Cheque already in the post:")
    with AccountStore(servers.tmp / "accounts.db") as store:
        # Only the turn after the return was logged; the one during the outage could not be.
        assert [r["intent"] for r in store.excuse_log("C61")] == ["excuse_cheque_mailed"]


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


def guard_for(sends: list[str], *, intent: str, registered) -> TurnGuard:
    async def handler(message: UserMessage) -> None:
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
