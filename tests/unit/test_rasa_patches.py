"""rasa_patches: the same answers as unpatched Rasa, for good and bad action server responses,
and a bounded wait for an action server that does not answer."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import socket
from collections.abc import Iterator

import pytest
import rasa.core.actions.action as remote_actions
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import rasa_patches

GOOD = {
    "events": [{"event": "slot", "name": "customer_id", "value": "C1"}],
    "responses": [{"text": "hello"}],
}
BAD = {"events": [{"event": "slot", "name": 5}], "responses": "hello"}


@pytest.fixture(autouse=True)
def stock_rasa_afterwards(monkeypatch):
    # apply() sets the module's wait and wraps the app's making; monkeypatch puts Rasa's own
    # back after each test.
    import rasa.core.run
    import rasa.server
    from rasa.shared.core.trackers import DialogueStateTracker

    monkeypatch.setattr(DialogueStateTracker, "applied_events", DialogueStateTracker.applied_events)
    monkeypatch.setattr(
        remote_actions, "DEFAULT_REQUEST_TIMEOUT", remote_actions.DEFAULT_REQUEST_TIMEOUT
    )
    monkeypatch.setattr(rasa.core.run, "configure_app", rasa.core.run.configure_app)
    monkeypatch.setattr(rasa.server, "requires_auth", rasa.server.requires_auth)


@contextlib.contextmanager
def patched_rasa() -> Iterator[None]:
    """Rasa with the patches applied, and its own check of responses back afterwards."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
        assert rasa_patches.apply()
        yield


@pytest.fixture
def patched():
    with patched_rasa():
        yield RemoteAction("action_x", None)


def outcome(result: object) -> str | None:
    """What RemoteAction's check of responses, as it is now, makes of `result`: its error's
    message, or None when it passes."""
    try:
        assert RemoteAction("action_x", None)._validate_action_result(result) is True
    except ValidationError as error:
        return error.message
    return None


def test_a_good_response_passes(patched):
    assert patched._validate_action_result(GOOD) is True


def test_a_bad_response_fails_with_the_message_stock_rasa_gives():
    expected = outcome(BAD)
    assert expected is not None and "Failed to validate Action server" in expected
    with patched_rasa():
        assert outcome(BAD) == expected


def _every_kind_of_event() -> list[dict]:
    """One event of every kind Rasa defines, as an action server sends it."""
    from rasa.shared.core import events

    made = [
        events.UserUttered("hi", {"name": "greet", "confidence": 0.9}, [], message_id="m1"),
        events.ActionExecuted("action_x", policy="p", confidence=1.0),
        events.SlotSet("roleplay", {"turns": 2, "quotes": {"a": ["b"]}}),
        events.EntitiesAdded([{"entity": "amount", "value": "300"}]),
        events.ReminderScheduled("intent_x", datetime.datetime(2026, 1, 1)),
        events.ReminderCancelled(name="r"),
        events.ActionExecutionRejected("action_x"),
        events.LoopInterrupted(True),
        events.ActiveLoop("roleplay_form"),
        events.AllSlotsReset(),
        events.ConversationResumed(),
        events.ConversationPaused(),
        events.FollowupAction("action_x"),
        events.StoryExported(),
        events.Restarted(),
        events.UserUtteranceReverted(),
        events.ActionReverted(),
        events.BotUttered("hello", {"buttons": [{"title": "Yes", "payload": "/affirm"}]}),
        events.SessionStarted(),
        events.AgentUttered("hello"),
        events.DefinePrevUserUtteredFeaturization(False),
    ]
    # Rasa 1's form events, which the schema still lists; Rasa 3 has no class for them.
    legacy = [{"event": "form", "name": "roleplay_form"}, {"event": "form_validation"}]
    return [event.as_dict() for event in made] + legacy


# Responses the schema refuses, each for a different reason, the kind of event included.
REFUSED = [
    {"events": [{"event": "slot", "name": "customer_id"}]},  # no value
    {"events": [{"event": "slot", "name": 5, "value": 1}]},
    {"events": [{"event": "no_such_kind"}]},
    {"events": [{"name": "customer_id", "value": "C1"}]},  # no kind
    {"events": [{"event": 7}]},
    {"events": ["slot"]},
    {"events": {"event": "slot"}},
    {"events": [{"event": "user", "text": 5}]},
    {"events": [{"event": "user", "parse_data": {"intent": {"name": 3}}}]},
    {"events": [{"event": "action", "name": "x", "confidence": "high"}]},
    {"events": [{"event": "entities"}]},
    {"events": [{"event": "bot", "timestamp": "now"}]},
    {"events": [{"event": "slot", "name": "a", "value": 1}, {"event": "slot"}]},
    {"events": [], "responses": "hello"},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("response", [*REFUSED, GOOD, {}, {"events": []}])
def test_any_response_gets_stock_rasas_answer(response):
    expected = outcome(response)
    assert (expected is None) == (response not in REFUSED)
    with patched_rasa():
        assert outcome(response) == expected


def test_every_kind_of_event_passes_as_it_does_in_stock_rasa():
    every = {"events": _every_kind_of_event(), "responses": []}
    kinds = RemoteAction.action_response_format_spec()["properties"]["events"]["items"]["oneOf"]
    assert {event["event"] for event in every["events"]} == {
        kind["properties"]["event"]["const"] for kind in kinds
    }
    assert outcome(every) is None
    with patched_rasa():
        assert outcome(every) is None


def test_another_rasa_version_is_left_unpatched(monkeypatch):
    import rasa

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    original = RemoteAction._validate_action_result
    assert rasa_patches.apply() is False
    assert RemoteAction._validate_action_result is original


def test_an_action_server_that_never_answers_fails_the_call_after_action_timeout_s(monkeypatch):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setenv("ACTION_TIMEOUT_S", "0.3")
    assert rasa_patches.apply() and remote_actions.DEFAULT_REQUEST_TIMEOUT == 0.3
    with socket.socket() as stalled:  # accepts connections, never answers: a stopped process
        stalled.bind(("127.0.0.1", 0))
        stalled.listen()
        endpoint = EndpointConfig(f"http://127.0.0.1:{stalled.getsockname()[1]}/webhook")
        action = RemoteAction("action_x", endpoint)

        async def call() -> BaseException | None:
            task = asyncio.ensure_future(
                action.run(None, None, DialogueStateTracker("s", []), Domain.empty())
            )
            # Unpatched, Rasa waits 300 s: the task is still running when these 30 s are up.
            await asyncio.wait({task}, timeout=30)
            assert task.done(), "the call is still waiting for the stalled server"
            return task.exception()

        assert isinstance(asyncio.run(call()), asyncio.TimeoutError)
        assert stalled.accept()  # the call did reach the server
