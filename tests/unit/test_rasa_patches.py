"""rasa_patches: the same answers as unpatched Rasa, for good and bad action server responses,
and a bounded wait for an action server that does not answer."""

from __future__ import annotations

import asyncio
import socket

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


@pytest.fixture
def patched(monkeypatch):
    # monkeypatch puts Rasa's own method back after the test.
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    assert rasa_patches.apply()
    return RemoteAction("action_x", None)


def stock_error(result: dict) -> str:
    with pytest.raises(ValidationError) as raised:
        RemoteAction("action_x", None)._validate_action_result(result)
    return raised.value.message


def test_a_good_response_passes(patched):
    assert patched._validate_action_result(GOOD) is True


def test_a_bad_response_fails_with_the_message_stock_rasa_gives():
    expected = stock_error(BAD)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
        assert rasa_patches.apply()
        with pytest.raises(ValidationError) as raised:
            RemoteAction("action_x", None)._validate_action_result(BAD)
    assert raised.value.message == expected and "Failed to validate Action server" in expected


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
