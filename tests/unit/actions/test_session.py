"""actions/session.py: who is writing is looked up once per session, by the channel that opened
it, and a sender added to the reps table mid-session is let in from the next message."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.session import ActionExplainRegistration, ActionSessionStart
from dunning_coach.common.rasa_names import Slot
from tests.unit.actions.run import run, slot_events, tracker


def session_start(sender: str, channel: str | None) -> Tracker:
    metadata = {"channel": channel} if channel else None
    return Tracker(
        sender, {Slot.SESSION_STARTED_METADATA: metadata}, {}, [], False, None, None, None
    )


def test_a_known_sender_of_the_opening_channel_is_registered(build):
    build.rep("R1", slack_id="U0SAM")
    _, events = run(ActionSessionStart(), session_start("r1", "rest"))
    known = {Slot.REGISTERED: True, Slot.LANGUAGE: "en"}
    assert events[0]["event"] == "session_started" and slot_events(events) == known
    _, events = run(ActionSessionStart(), session_start("slack:U0SAM", "slack"))
    assert slot_events(events) == known
    # No channel in the metadata: the terminal, which shares the web id.
    _, events = run(ActionSessionStart(), session_start("r1", None))
    assert slot_events(events) == known


def test_a_session_opens_in_the_reps_own_language(build):
    build.rep("R1", language="ko")
    _, events = run(ActionSessionStart(), session_start("r1", "rest"))
    assert slot_events(events) == {Slot.REGISTERED: True, Slot.LANGUAGE: "ko"}


def test_an_id_claimed_on_another_channel_is_not_registered(build):
    build.rep("R1", slack_id="U0SAM")
    claims = (("U0SAM", "slack"), ("slack:U0SAM", "rest"), ("slack:r1", "slack"), ("who", "rest"))
    for sender, channel in claims:
        _, events = run(ActionSessionStart(), session_start(sender, channel))
        assert slot_events(events) == {Slot.REGISTERED: False}, (sender, channel)


def test_an_unknown_sender_is_told_how_to_register_and_nothing_else(build):
    build.customer("C1", name="Acme")
    messages, events = run(ActionExplainRegistration(), tracker("hi", "greet", sender="who"))
    assert len(messages) == 1 and "not registered" in messages[0]["text"]
    assert "Acme" not in messages[0]["text"] and events == []


def test_a_sender_registered_since_the_session_began_is_let_in(build):
    build.rep("R1")
    messages, events = run(ActionExplainRegistration(), tracker("hi", "greet", sender="r1"))
    assert "You're registered now, Rep R1" in messages[0]["text"]
    assert slot_events(events) == {Slot.REGISTERED: True}
