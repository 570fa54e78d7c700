"""A turn whose action failed still gets an answer (channels/turn_guard.py), through the real
servers with the action server stopped."""

from __future__ import annotations

import time

from dunning_coach.accounts.store import AccountStore
from tests.conftest import Builder
from tests.harness import text_of


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
