"""A turn whose action failed still gets an answer (channels/turn_guard.py), through the real
servers with the action server stopped, or stalled and then catching up."""

from __future__ import annotations

import os
import signal
import time

from dunning_coach.accounts.store import AccountStore
from tests.conftest import Builder
from tests.harness import text_of


def test_action_server_down_gives_general_advice_at_once_and_normal_answers_when_back(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        # A customer of its own: other tests may log excuses for the demo customers today.
        build = Builder(store)
        build.rep_with_customer("R61", "C61", "Outage Olives Wholesale", 900, rest_id="outage-rep")
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


def test_a_stalled_action_server_is_answered_within_3_s_and_catching_up_changes_nothing(servers):
    with AccountStore(servers.tmp / "accounts.db") as store:
        build = Builder(store)
        build.rep_with_customer("R63", "C63", "Stalled Stationers", 900, rest_id="stall-rep")
    servers.say("stall-rep", "I'm at Stalled Stationers")
    ask = text_of(servers.say("stall-rep", "they promised to pay everything on friday"))
    assert "Save this promise? Stalled Stationers pays €900.00 by Fri 27 Nov." in ask
    actions = servers.processes["actions"].pid
    os.kill(actions, signal.SIGSTOP)  # stopped, not dead: connections open, nothing answers
    try:
        answers = {}
        for text in ("they say the cheque is in the post", "yes"):
            began = time.monotonic()
            answers[text] = text_of(servers.say("stall-rep", text))
            took = time.monotonic() - began
            assert took < 3.0, f"{text!r} was answered after {took:.1f} s"
    finally:
        os.kill(actions, signal.SIGCONT)
    excuse = answers["they say the cheque is in the post"]
    assert "Account data is unavailable" in excuse
    assert "nothing from this message was saved" in excuse
    assert 'General playbook advice for "Cheque already in the post"' in excuse
    assert "€" not in excuse
    assert "nothing from this message was saved" in answers["yes"]
    # The stalled calls reach the action server now; it must leave them alone.
    time.sleep(2)
    with AccountStore(servers.tmp / "accounts.db") as store:
        assert store.excuse_log("C63") == [] and store.promises("C63") == []
    # Normal answers are back, the form where it was, and each event is recorded once.
    assert "Saved: Stalled Stationers pays €900.00" in text_of(servers.say("stall-rep", "yes"))
    back = text_of(servers.say("stall-rep", "they say the cheque is in the post"))
    assert back.startswith("Cheque already in the post:")
    text_of(servers.say("stall-rep", "they say the cheque is in the post"))
    with AccountStore(servers.tmp / "accounts.db") as store:
        assert [r["intent"] for r in store.excuse_log("C63")] == ["excuse_cheque_mailed"]
        assert [p.amount_cents for p in store.promises("C63")] == [90000]
